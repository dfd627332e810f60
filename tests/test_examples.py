"""The worked examples written from other published reviews give what their panels' facts support, and nothing the
facts contradict. The answers are those written in each example's PANEL.md before graphdhr was run on it."""

from __future__ import annotations

from conftest import ROOT

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.render.report import render
from graphdhr.report import build_report

# Findings that say something never happened; on a partial record each must say so.
ABSENCE = ("silo.", "blind_spot", "two_records", "risk.no_assessment", "marac.", "perpetrator.", "children.",
           "cross_boundary", "referral.", "stalking.")


def report_of(name: str):
    case = load_case(ROOT / "examples" / name)
    engine = EmbeddedEngine([case])
    return engine, build_report(engine, case.case_id)


def assert_absence_findings_say_the_record_is_incomplete(report) -> None:
    for f in report.findings:
        if f.rule_id.startswith(ABSENCE):
            assert any("absence of a row" in c for c in f.caveats), (f.rule_id, f.caveats)


def test_south_lakeland_family_homicide():
    """A son's homicide of his mother (paras 1-2, 67-75 of the review; PANEL.md)."""
    engine, report = report_of("south-lakeland-sarah")
    found = {(f.rule_id, tuple(sorted(f.agencies))) for f in report.findings}
    # Should find: John's alcohol dependence known only to his GP and the substance misuse service (69, 72).
    assert ("perpetrator.health_unshared", ("cadas", "gp-john")) in found
    # Must not find: anything about abuse between Sarah and John, which no agency knew of (71); no MARAC finding
    # (73); no "no assessment" against police, whose 2009 row is itself an assessment (68).
    assert not [r for r in found if r[0].startswith(("silo.", "blind_spot", "two_records", "marac.", "risk."))], found
    assert engine.run("agency_knowledge", "south-lakeland-sarah") == []
    # The pair analysed is mother and son; Debbie, a third person at risk, is not made a victim.
    assert [(p["victim_id"], p["perpetrator_id"]) for p in engine.run("pairs", "south-lakeland-sarah")] == [
        ("sarah", "john")]
    text = render(report, "text")
    assert "Sarah was killed on 21 Aug 2012; John, her child, is named as the perpetrator." in text
    assert "states no terms of reference" in text
    # The fatal incident is never a contact or evidence.
    assert "sl-police-2012-08-21" not in {e.event_id for f in report.findings for e in f.evidence}
    assert_absence_findings_say_the_record_is_incomplete(report)


def test_islington_abuse_by_someone_else_is_not_about_the_couple():
    """LF reported abuse by someone other than RC (1.2); the couple never came to notice for abuse (1.3)."""
    engine, report = report_of("islington-lf")
    assert engine.run("agency_knowledge", "islington-lf") == []
    found = {f.rule_id for f in report.findings}
    assert not {r for r in found if r.startswith(("silo.", "blind_spot", "marac.", "role_inconsistency"))}, found
    assert_absence_findings_say_the_record_is_incomplete(report)
    # Every date is unknown: no finding may claim an order or a gap without saying the date is uncertain.
    for f in report.findings:
        assert any("date is uncertain" in c for c in f.caveats), f.caveats


def test_lottie_knew_and_never_passed_on():
    """Lottie's silos are the agencies whose knowledge of the couple or the abuse never moved (PANEL.md): Thames
    Valley Police (1.5.15-1.5.16), housing (1.5.32), the mental health trust (1.5.21) and the hospital's outpatient
    clinic (1.5.29). Not the school nurse's service: Betty's disclosure of 11 Feb 2014 reached children's social care
    from the school that day (1.5.24, 1.5.43); not probation, told of that incident by children's social care and
    recalling Bert (1.5.19, 1.5.51); not Victim Support, whose July 2014 referrals were of incidents police also sent
    to the IDVA service, who told children's social care (1.5.40, 1.5.53). Each of those still knew."""
    engine, report = report_of("lottie")
    silos = {(f.rule_id, f.agencies[0]): {e.event_id for e in f.evidence}
             for f in report.findings if f.rule_id.startswith("silo.")}
    assert silos == {
        ("silo.relationship", "tvp"): {"tvp-2014-11-08"},
        ("silo.relationship", "lbh-housing"): {"housing-2014-07-07"},
        ("silo.abuse_by_perpetrator", "lbh-housing"): {"housing-2014-07-07"},
        ("silo.abuse_unattributed", "cnwl-mh"): {"cnwlmh-2014-03-27"},
        ("silo.abuse_unattributed", "hillingdon-hospital"): {"hosp-2014-10-10"},
    }
    # Only "never passed on" is withdrawn: what each agency knew is unchanged.
    knew = {(r["agency_id"], r["topic"]) for r in engine.run("agency_knowledge", "lottie")}
    for agency in ("cnwl-community", "probation", "victim-support"):
        assert (agency, "abuse_by_perpetrator") in knew
        assert agency in {a for aw in report.awareness for a, _first in aw.knew}
