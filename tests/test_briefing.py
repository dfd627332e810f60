"""The chair's briefing: conclusions first, similar findings collapsed, evidence told as what happened, questions
for each agency's IMR, and a plain statement when there is nothing to report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from casekit import row, write_case
from conftest import ROOT

from graphdhr.briefing import Briefing, build_briefing, date_label, join_names, weigh
from graphdhr.dates import ChronoDate
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.findings import Evidence, Finding
from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.report import build_report
from graphdhr.rules.guidance import GUIDANCE, KNOWLEDGE_KINDS, THEME_TITLES
from graphdhr.rules.registry import ENTRIES

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def briefing_of(case: Case) -> Briefing:
    return build_briefing(build_report(EmbeddedEngine([case]), case.case_id))


@pytest.fixture(scope="module")
def lottie_briefing(lottie: Case) -> Briefing:
    return briefing_of(lottie)


def test_every_kind_of_finding_has_guidance_once() -> None:
    assert set(GUIDANCE) == set(ENTRIES) | set(KNOWLEDGE_KINDS)
    for kind, g in GUIDANCE.items():
        assert g.theme in THEME_TITLES and g.severity in (1, 2, 3), kind
        assert g.standard and g.questions, kind


def test_lottie_headlines_are_the_panels_conclusions(lottie_briefing: Briefing) -> None:
    """The review's own conclusions (issue 13 counts them among the 28 findings sorted by rule id): Thames Valley
    Police's knowledge of the relationship never moved (1.7.6), the two police forces never shared (1.8.17 b), no
    MARAC referral as the abuse escalated, and Bert's release with no notice to Lottie's agencies (1.7.9)."""
    top = lottie_briefing.headlines
    kinds = {rule for item in top for rule in item.rule_ids}
    assert {"marac.potential_escalation", "perpetrator.release_without_notice", "cross_boundary",
            "silo.relationship"} <= kinds
    [silo] = [i for i in top if "silo.relationship" in i.rule_ids]
    assert silo.table is not None and silo.table.agency_ids[0] == "tvp"
    # The six near-identical "in contact, never told" findings read as one, below the conclusions.
    [never_told] = [i for i in lottie_briefing.items if i.rule_ids == ("blind_spot",)]
    assert never_told not in top[:4]


def test_ranked_by_weight_and_grouped_by_theme(lottie_briefing: Briefing) -> None:
    totals = [i.weight.total for i in lottie_briefing.items]
    assert totals == sorted(totals, reverse=True)
    for theme in lottie_briefing.themes:
        assert all(i.theme == theme.id for i in theme.items)
        assert [i.weight.total for i in theme.items] == sorted((i.weight.total for i in theme.items), reverse=True)
    assert sorted(i.key for t in lottie_briefing.themes for i in t.items) == sorted(i.key for i in lottie_briefing.items)
    # Every finding of the report is in the briefing once.
    report = build_report(EmbeddedEngine([load_case(ROOT / "examples" / "lottie")]), "lottie")
    assert sorted(lottie_briefing.findings_in_order, key=Finding.sort_key) == list(report.findings)


def test_similar_findings_collapse_into_one_with_a_table(lottie_briefing: Briefing) -> None:
    [item] = [i for i in lottie_briefing.items if i.rule_ids == ("blind_spot",)]
    assert item.table is not None
    assert len(item.table.rows) == len(item.findings) == 6
    assert set(item.table.agency_ids) == {f.agencies[0] for f in item.findings}
    assert item.sentence.startswith("Six agencies kept seeing Lottie or Bert after Metropolitan Police knew")
    for f, (agency, contacts, _) in zip(sorted(item.findings, key=lambda f: item.table.agency_ids.index(f.agencies[0])),
                                        item.table.rows):
        assert contacts == str(len(f.evidence) - 1)


def test_sentences_are_plain(lottie_briefing: Briefing) -> None:
    for item in lottie_briefing.items:
        for text in (item.sentence, *(q.text for q in item.questions), *(e.text for e in item.evidence)):
            assert not SNAKE.search(text), text
            assert "(s)" not in text, text
            for rule in item.rule_ids:
                assert rule not in text


def test_evidence_reads_as_what_happened(lottie_briefing: Briefing) -> None:
    lines = {e.event_id: e for i in lottie_briefing.items for e in i.evidence}
    met = lines["met-2014-02-10"]
    assert met.text == ("10 Feb 2014, Metropolitan Police: Lottie rang police because Bert had threatened her; "
                        "DASH (skeleton) standard (ref 1.5.8)")
    # A date is never more precise than its row.
    assert {e.date_label for e in lines.values() if e.date.precision == "month"} <= {
        e.date.start.strftime("%b %Y") for e in lines.values()}
    assert all(not e.uncertain for e in lines.values() if e.date.precision == "day")


def test_questions_name_the_agency_and_its_own_dates(lottie_briefing: Briefing) -> None:
    [silo] = [i for i in lottie_briefing.items if "silo.relationship" in i.rule_ids]
    tvp = silo.questions_for("tvp")
    assert tvp and all("Thames Valley Police" in q.text for q in tvp)
    assert any("8 Nov 2014" in q.text for q in tvp)
    # The agency that knew elsewhere is evidence in a "never told" finding, not asked about it.
    [never_told] = [i for i in lottie_briefing.items if i.rule_ids == ("blind_spot",)]
    assert not never_told.questions_for("met-police")


def test_summary_is_two_sentences_of_the_case(lottie_briefing: Briefing) -> None:
    first, second = lottie_briefing.summary
    # The review writes of Lottie as "she" (case.yaml pronouns): her partner, once she is named.
    assert first == "Lottie was killed in Mar 2015; Bert, her partner, is named as the perpetrator."
    assert second == ("This Domestic Homicide Review in Hillingdon covers 1 Jun 2009 to Mar 2015 and reads the "
                      "chronologies of 22 agencies.")
    assert lottie_briefing.provenance.files and lottie_briefing.provenance.rules


def test_other_examples() -> None:
    sarah = briefing_of(load_case(ROOT / "examples" / "south-lakeland-sarah"))
    assert sarah.summary[0] == "Sarah was killed on 21 Aug 2012; John, her child, is named as the perpetrator."
    assert "statement" not in sarah.summary[1] and "terms of reference" in sarah.summary[1]
    [health] = [i for i in sarah.items if i.rule_ids == ("perpetrator.health_unshared",)]
    assert any("absence of a row" in c for c in health.caveats)
    assert health.weight.doubt >= 0.5
    lf = briefing_of(load_case(ROOT / "examples" / "islington-lf"))
    # Every date is unknown: every item carries the doubt, and says so.
    assert lf.items and all(i.weight.doubt >= 0.5 for i in lf.items)
    assert all(e.date_label == "date not known" for i in lf.items for e in i.evidence)


def test_a_case_with_no_findings_says_so(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "case", [row("2013-01-05", "gp", "vic", "appointment")]))
    b = briefing_of(case)
    assert b.items == () and b.themes == ()
    assert b.no_findings and "no gap" in b.no_findings
    assert b.summary[0] == "Vera was killed on 1 Mar 2015; Percy, Vera's partner, is named as the perpetrator."


def _finding(rule_id: str, date: dt.date, precision: str = "day", agencies: tuple[str, ...] = ("a",)) -> Finding:
    d = ChronoDate(date, date if precision == "day" else date.replace(day=28), precision)
    evs = tuple(Evidence(f"e-{a}", a, d, "1.1", "knew") for a in agencies)
    return Finding(rule_id, "t", "s", "c", ("v", "p"), agencies, d, d, evs)


def test_weight_is_one_general_definition(tmp_path: Path) -> None:
    directory = load_case(write_case(tmp_path / "case", [row("2013-01-05", "gp", "vic", "appointment")]))
    d = EmbeddedEngine([directory]).directory("t1")
    near, far = dt.date(2015, 1, 1), dt.date(2012, 1, 1)
    # A route not taken outweighs a condition, all else equal.
    assert weigh([_finding("marac.repeat", near)], d).total > weigh([_finding("blind_spot", near)], d).total
    # Closer to the death weighs more; an uncertain date weighs less; more agencies weigh more.
    assert weigh([_finding("silo.relationship", near)], d).total > weigh([_finding("silo.relationship", far)], d).total
    assert (weigh([_finding("silo.relationship", near, "month")], d).total
            < weigh([_finding("silo.relationship", near)], d).total)
    assert (weigh([_finding("cross_boundary", near, agencies=("a", "b"))], d).total
            > weigh([_finding("cross_boundary", near)], d).total)
    assert weigh([_finding("silo.relationship", far)], d).proximity == 0


def test_date_labels_and_names() -> None:
    assert date_label(ChronoDate(dt.date(2014, 2, 10), dt.date(2014, 2, 10), "day")) == "10 Feb 2014"
    assert date_label(ChronoDate(dt.date(2014, 2, 1), dt.date(2014, 2, 28), "month")) == "Feb 2014"
    assert date_label(ChronoDate(dt.date(2014, 1, 1), dt.date(2014, 12, 31), "year")) == "2014"
    assert date_label(ChronoDate(dt.date(2014, 6, 1), dt.date(2014, 8, 31), "approximate")) == "about Jul 2014"
    assert date_label(ChronoDate(dt.date(2013, 12, 1), dt.date(2015, 1, 31), "approximate")) == "about 2014"
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names(["Borough, Housing", "B", "C"]) == "Borough, Housing; B; and C"


@pytest.mark.neo4j
def test_the_same_briefing_from_neo4j(neo4j: Any, lottie: Case) -> None:
    neo4j.load(lottie)
    served = build_briefing(build_report(neo4j, "lottie"))
    local = build_briefing(build_report(EmbeddedEngine([lottie]), "lottie"))
    assert [(i.key, i.sentence, i.weight, i.evidence, i.questions) for i in served.items] == [
        (i.key, i.sentence, i.weight, i.evidence, i.questions) for i in local.items]
    assert served.summary == local.summary
    # The whole gap report, briefing included, is the same text from either engine.
    from graphdhr.render.report import render

    served_text = render(build_report(neo4j, "lottie"), "markdown").replace("on the neo4j engine", "")
    local_text = render(build_report(EmbeddedEngine([lottie]), "lottie"), "markdown").replace(
        "on the embedded engine", "")
    assert served_text == local_text
