"""The MARAC and risk rules (marac.*, risk.*) on small hand-made cases, on the worked example, with an area's
override file, and in both engines."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from casekit import BASE_MANIFEST, COLUMNS, row, write_case

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.errors import CaseInputError
from graphdhr.loaders import load_case
from graphdhr.report import build_findings
from graphdhr.rules import load_rules

MY_RULES = (
    "marac.visible_high_risk", "marac.potential_escalation", "marac.repeat",
    "risk.no_assessment", "risk.grade_below_band", "risk.inconsistent",
)
COLS = COLUMNS + ["incident"]
D = dt.date.fromisoformat

DA = "domestic_abuse"
VP = "vic;per"

# name -> rows. Each case is built with BASE_MANIFEST (victim vic, perpetrator per, their relationship from 2012,
# forums marac and mappa) under its own case id.
CASES: dict[str, list[dict[str, str]]] = {
    # A DASH of 15 graded medium and a MARAC referral 45 days later: visible high risk, not referred in time.
    # IDVA's "high" grade was referred to MARAC on the same row.
    "vhr_fires": [
        row("2013-03-01", "police", VP, "incident", learned=DA, risk_tool="DASH", risk_score="15", risk_level="medium",
            event_id="hr-1"),
        row("2013-04-15", "police", "vic", "referral", learned=DA, referral_to="marac", event_id="marac-late"),
        row("2013-06-01", "idva", "vic", "risk_assessment", risk_level="high", referral_to="marac", event_id="hr-2"),
    ],
    # A high grade referred to MARAC the next day, and the referral declined: nothing reached MARAC.
    "vhr_declined": [
        row("2013-03-01", "police", VP, "incident", learned=DA, risk_tool="DASH", risk_score="16", risk_level="high",
            event_id="hr-1"),
        row("2013-03-02", "police", "vic", "referral", learned=DA, referral_to="marac", referral_outcome="declined",
            event_id="marac-declined"),
    ],
    # Near misses: a score of 13; a score of 14 referred to MARAC 20 days later.
    "vhr_quiet": [
        row("2013-03-01", "police", VP, "incident", learned=DA, risk_tool="DASH", risk_score="13",
            risk_level="medium", event_id="s13"),
        row("2013-07-01", "police", VP, "incident", learned=DA, risk_tool="DASH", risk_score="14", risk_level="high",
            event_id="s14"),
        row("2013-07-21", "idva", "vic", "referral", referral_to="marac", event_id="marac-in-time"),
    ],
    # Three incidents in eight months held by three agencies (the police and GP rows about incident A count once);
    # no MARAC referral since 2012; two later police incidents, the first of which gives police three of its own.
    "esc_fires": [
        row("2012-06-01", "police", "vic", "referral", learned=DA, referral_to="marac", event_id="marac-2012"),
        row("2013-01-10", "police", VP, "incident", learned=DA, incident="A", event_id="pol-a"),
        row("2013-01-12", "gp", VP, "disclosure", learned=DA, incident="A", event_id="gp-a"),
        row("2013-05", "idva", VP, "contact", learned=DA, event_id="idva-may"),
        row("2013-09-20", "police", VP, "incident", learned=DA, incident="B", event_id="pol-b"),
        row("2013-09-21", "police", VP, "information_share", learned=DA, incident="B", shared_with="idva",
            event_id="pol-b-share"),
        row("2013-10-30", "police", VP, "incident", learned=DA, incident="C", event_id="pol-c"),
        row("2013-12-05", "police", VP, "incident", learned=DA, incident="D", event_id="pol-d"),
    ],
    # Exactly three incidents within 12 months, never referred.
    "esc_three": [
        row("2013-01-10", "police", VP, "incident", learned=DA, event_id="pol-1"),
        row("2013-04", "gp", VP, "disclosure", learned=DA, event_id="gp-2"),
        row("2013-11-30", "idva", VP, "contact", learned=DA, event_id="idva-3"),
    ],
    # Two incidents only (three rows, but the GP's row is about the police incident A).
    "esc_two": [
        row("2013-01-10", "police", VP, "incident", learned=DA, incident="A", event_id="pol-a"),
        row("2013-01-12", "gp", VP, "disclosure", learned=DA, incident="A", event_id="gp-a"),
        row("2013-05-02", "idva", VP, "contact", learned=DA, event_id="idva-may"),
    ],
    # Three incidents spread over more than 12 months: the first, known only as January 2013, is not certainly
    # within 12 months of 15 January 2014.
    "esc_spread": [
        row("2013-01", "idva", VP, "contact", learned=DA, event_id="idva-jan"),
        row("2013-07-01", "gp", VP, "disclosure", learned=DA, event_id="gp-jul"),
        row("2014-01-15", "police", VP, "incident", learned=DA, event_id="pol-jan14"),
    ],
    # Three incidents within 12 months and a MARAC referral ten days after the third.
    "esc_referred": [
        row("2013-01-10", "police", VP, "incident", learned=DA, event_id="pol-1"),
        row("2013-03-02", "gp", VP, "disclosure", learned=DA, event_id="gp-2"),
        row("2013-06-15", "police", VP, "incident", learned=DA, event_id="pol-3"),
        row("2013-06-25", "idva", "vic", "referral", referral_to="marac", event_id="marac-ok"),
    ],
    # An escalation referred to MARAC in 2012, and a new one in 2014, more than 12 months on, that was not.
    "esc_second": [
        row("2012-02-01", "police", VP, "incident", learned=DA, event_id="p12-1"),
        row("2012-03-01", "police", VP, "incident", learned=DA, event_id="p12-2"),
        row("2012-04-01", "police", VP, "incident", learned=DA, referral_to="marac", event_id="p12-3"),
        row("2014-02-01", "gp", VP, "disclosure", learned=DA, event_id="g14-1"),
        row("2014-03-01", "police", VP, "incident", learned=DA, event_id="p14-2"),
        row("2014-04-01", "mh", VP, "disclosure", learned=DA, event_id="m14-3"),
    ],
    # After the MARAC referral of 1 Feb 2013: a GP disclosure in May not referred back; an August incident referred
    # back within 28 days; an incident in March 2014, more than 12 months on.
    "repeat_fires": [
        row("2013-02-01", "police", VP, "incident", learned=DA, referral_to="marac", event_id="ref-1"),
        row("2013-05-10", "gp", VP, "disclosure", learned=DA, event_id="gp-may"),
        row("2013-08-01", "police", VP, "incident", learned=DA, event_id="pol-aug"),
        row("2013-08-15", "idva", "vic", "referral", referral_to="marac", event_id="idva-ref"),
        row("2014-03-01", "police", VP, "incident", learned=DA, event_id="pol-2014"),
    ],
    # Two MARAC referrals about the pair: each incident is a repeat of the last referral before it, reported once.
    "repeat_last": [
        row("2013-01-05", "police", VP, "incident", learned=DA, referral_to="marac", event_id="ref-1"),
        row("2013-01-20", "gp", VP, "disclosure", learned=DA, event_id="gp-jan"),
        row("2013-03-01", "idva", VP, "referral", learned=DA, referral_to="marac", event_id="ref-2"),
        row("2013-06-01", "police", VP, "incident", learned=DA, event_id="pol-jun"),
    ],
    # Near misses: an incident referred back within 28 days; a month-only row in the referral's own month (not
    # certainly after it); an incident more than 12 months on.
    "repeat_quiet": [
        row("2013-02-01", "police", VP, "incident", learned=DA, referral_to="marac", event_id="ref-1"),
        row("2013-02", "gp", VP, "disclosure", learned=DA, event_id="gp-feb"),
        row("2013-05-10", "idva", VP, "contact", learned=DA, event_id="idva-may"),
        row("2013-05-20", "idva", "vic", "referral", referral_to="marac", event_id="ref-back"),
        row("2014-03-01", "police", VP, "incident", learned=DA, event_id="pol-2014"),
    ],
    # Police recorded an incident and assessed 61 days later; IDVA's assessment is not the police's.
    "noass_fires": [
        row("2013-03-01", "police", VP, "incident", learned=DA, event_id="pol-inc"),
        row("2013-03-10", "idva", "vic", "risk_assessment", risk_tool="DASH", risk_level="standard",
            event_id="idva-ra"),
        row("2013-05-01", "police", "vic", "risk_assessment", risk_tool="DASH", risk_level="standard",
            event_id="pol-ra"),
    ],
    # Near misses: the incident row is itself graded; a disclosure assessed 25 days later by the same agency; a GP
    # row with no domestic abuse recorded.
    "noass_quiet": [
        row("2013-03-01", "police", VP, "incident", learned=DA, risk_level="standard", event_id="pol-inc"),
        row("2013-03-05", "idva", "vic", "disclosure", learned=DA, event_id="idva-disc"),
        row("2013-03-30", "idva", "vic", "risk_assessment", event_id="idva-ra"),
        row("2013-04-01", "gp", "vic", "appointment", event_id="gp-appt"),
    ],
    # A score of 12 graded standard (medium band) and a score of 15 graded medium (high band).
    "band_fires": [
        row("2013-03-01", "police", VP, "incident", learned=DA, risk_tool="DASH", risk_score="12",
            risk_level="standard", event_id="s12"),
        row("2013-09-01", "idva", "vic", "risk_assessment", risk_tool="DASH", risk_score="15", risk_level="medium",
            referral_to="marac", event_id="s15"),
    ],
    # Grades that match their band, or are above it; and a score with no grade.
    "band_quiet": [
        row("2013-01-01", "police", VP, "incident", learned=DA, risk_score="13", risk_level="medium", event_id="s13"),
        row("2013-02-01", "police", VP, "incident", learned=DA, risk_score="9", risk_level="standard", event_id="s9"),
        row("2013-03-01", "idva", "vic", "risk_assessment", risk_score="14", risk_level="high", referral_to="marac",
            event_id="s14"),
        row("2013-04-01", "gp", "vic", "risk_assessment", risk_score="5", risk_level="medium", event_id="s5"),
        row("2013-05-01", "mh", "vic", "risk_assessment", risk_score="11", event_id="s11"),
    ],
    # Police graded standard, IDVA graded medium 45 days later.
    "incons_fires": [
        row("2013-03-01", "police", VP, "incident", learned=DA, risk_tool="DASH", risk_level="standard",
            event_id="pol-ra"),
        row("2013-04-15", "idva", "vic", "risk_assessment", risk_tool="DASH", risk_level="medium", event_id="idva-ra"),
    ],
    # Near misses: different grades 151 days apart; the same grade and tool (named in another case) 9 days apart.
    "incons_quiet": [
        row("2013-01-01", "police", VP, "incident", learned=DA, risk_tool="DASH", risk_level="standard",
            event_id="pol-ra"),
        row("2013-06-01", "idva", "vic", "risk_assessment", risk_tool="DASH", risk_level="medium", event_id="idva-ra"),
        row("2013-06-10", "mh", "vic", "risk_assessment", risk_tool="dash", risk_level="medium", event_id="mh-ra"),
    ],
}


def build(tmp_path, name: str):
    manifest = copy.deepcopy(BASE_MANIFEST)
    manifest["case_id"] = name.replace("_", "-")
    return load_case(write_case(tmp_path / name, CASES[name], manifest, columns=COLS))


def rows_of(case, rule_id: str, rules=None) -> list[dict]:
    rules = rules or load_rules()
    engine = EmbeddedEngine([case])
    return engine.run_rule(rules.get(rule_id), rules.params_for(rules.get(rule_id)), case.case_id)


def ids(finding_row: dict) -> list[tuple[str, str]]:
    return [(e["event_id"], e["note"]) for e in finding_row["evidence"]]


def override(tmp_path, text: str):
    path = tmp_path / "area-rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


# -- marac.visible_high_risk ----------------------------------------------------------------------------------

def test_visible_high_risk_fires_when_no_referral_follows_in_time(tmp_path):
    [r] = rows_of(build(tmp_path, "vhr_fires"), "marac.visible_high_risk")
    assert (r["victim_id"], r["perpetrator_id"], r["agency_ids"]) == ("vic", None, ["police"])
    assert (r["window_start"], r["window_end"]) == (D("2013-03-01"), D("2013-03-01"))
    assert ids(r) == [("hr-1", "assessment")]
    assert r["facts"] == {"score": 15, "level": "medium", "tool": "DASH", "unreached_event": None,
                          "unreached_outcome": None}


def test_visible_high_risk_cites_a_referral_that_did_not_reach_and_says_so(tmp_path):
    """A referral made and declined answers nothing (nothing reached MARAC), but "no MARAC referral followed" would
    be false: the finding cites the declined referral and names it."""
    from graphdhr.report import build_findings

    case = build(tmp_path, "vhr_declined")
    [r] = rows_of(case, "marac.visible_high_risk")
    assert ids(r) == [("hr-1", "assessment"), ("marac-declined", "referral not reached")]
    engine = EmbeddedEngine([case])
    [f] = [f for f in build_findings(engine, case.case_id, engine.directory(case.case_id))
           if f.rule_id == "marac.visible_high_risk"]
    assert f.statement == ("Test Police assessed Vera as high risk (DASH, 1 Mar 2013, score 16) and no MARAC referral "
                           "about Vera that reached MARAC followed within 28 days (the referral to MARAC by Test "
                           "Police on 2 Mar 2013 was declined).")


def test_visible_high_risk_quiet_below_threshold_or_referred(tmp_path):
    assert rows_of(build(tmp_path, "vhr_quiet"), "marac.visible_high_risk") == []


# -- marac.potential_escalation -------------------------------------------------------------------------------

def test_potential_escalation_fires_across_agencies(tmp_path):
    case = build(tmp_path, "esc_fires")
    [r] = rows_of(case, "marac.potential_escalation")
    assert (r["victim_id"], r["perpetrator_id"]) == ("vic", "per")
    assert r["agency_ids"] == ["gp", "idva", "police"]
    assert (r["window_start"], r["window_end"]) == (D("2013-01-10"), D("2013-09-20"))
    assert ids(r) == [
        ("pol-a", "incident or disclosure"),
        ("gp-a", "incident or disclosure"),
        ("idva-may", "incident or disclosure"),
        ("pol-b", "incident or disclosure"),
        ("pol-c", "later incident, not referred to MARAC"),
        ("pol-d", "later incident, not referred to MARAC"),
        ("marac-2012", "last MARAC referral before"),
    ]
    assert r["facts"] == {
        "incidents": 3, "met_event": "pol-b", "single_agency_id": "police", "single_agency_event": "pol-c",
        "later": 2, "last_referral_event": "marac-2012", "unreached_event": None, "unreached_outcome": None,
    }

    engine = EmbeddedEngine([case])
    [f] = [f for f in build_findings(engine, case.case_id, engine.directory(case.case_id))
           if f.rule_id == "marac.potential_escalation"]
    assert f.statement == (
        "3 domestic abuse incidents or disclosures involving Vera and Percy within 12 months by 20 Sep 2013, held by "
        "Test GP, Test IDVA and Test Police (no single agency held 3 until 30 Oct 2013, Test Police); no MARAC "
        "referral about Vera followed within 28 days; 2 further incidents followed within 12 months, still not "
        "referred; the last MARAC referral about Vera before then was on 1 Jun 2012 (Test Police)."
    )
    assert f.agencies == ("gp", "idva", "police") and f.people == ("vic", "per")
    assert [e.event_id for e in f.evidence][:4] == ["pol-a", "gp-a", "idva-may", "pol-b"]
    assert f.window_start.text == "2013-01-10" and f.window_end.text == "2013-09-20"


@pytest.mark.parametrize("name", ["esc_two", "esc_spread", "esc_referred"])
def test_potential_escalation_near_misses(tmp_path, name):
    assert rows_of(build(tmp_path, name), "marac.potential_escalation") == []


def test_potential_escalation_after_an_answered_one_more_than_a_year_on(tmp_path):
    [r] = rows_of(build(tmp_path, "esc_second"), "marac.potential_escalation")
    assert r["agency_ids"] == ["gp", "mh", "police"]
    assert (r["window_start"], r["window_end"]) == (D("2014-02-01"), D("2014-04-01"))
    assert ids(r) == [
        ("g14-1", "incident or disclosure"), ("p14-2", "incident or disclosure"), ("m14-3", "incident or disclosure"),
        ("p12-3", "last MARAC referral before"),
    ]
    assert r["facts"]["single_agency_id"] is None and r["facts"]["single_agency_event"] is None
    assert r["facts"]["last_referral_event"] == "p12-3" and r["facts"]["later"] == 0


def test_potential_escalation_finding_without_a_single_agency_or_earlier_referral(tmp_path):
    case = build(tmp_path, "esc_second")
    engine = EmbeddedEngine([case])
    [f] = [f for f in build_findings(engine, case.case_id, engine.directory(case.case_id))
           if f.rule_id == "marac.potential_escalation"]
    assert "(no single agency ever held 3)" in f.statement
    assert "further incident" not in f.statement
    assert f.statement.endswith("the last MARAC referral about Vera before then was on 1 Apr 2012 (Test Police).")


def test_potential_escalation_threshold_from_an_override_file(tmp_path):
    three = build(tmp_path, "esc_three")
    two = build(tmp_path, "esc_two")
    [r] = rows_of(three, "marac.potential_escalation")
    assert r["facts"]["incidents"] == 3 and r["facts"]["met_event"] == "idva-3"
    assert rows_of(two, "marac.potential_escalation") == []

    four = override(tmp_path, "rules: {marac.potential_escalation: {params: {incidents: 4}}}\n")
    assert four.get("marac.potential_escalation").params["incidents"] == 4
    assert rows_of(three, "marac.potential_escalation", four) == []

    lowered = override(tmp_path, "rules: {marac.potential_escalation: {params: {incidents: 2}}}\n")
    [r] = rows_of(two, "marac.potential_escalation", lowered)
    assert r["facts"]["incidents"] == 2 and r["facts"]["met_event"] == "idva-may"
    assert ids(r) == [("pol-a", "incident or disclosure"), ("gp-a", "incident or disclosure"),
                      ("idva-may", "incident or disclosure")]
    engine = EmbeddedEngine([two])
    [f] = [f for f in build_findings(engine, two.case_id, engine.directory(two.case_id), lowered)
           if f.rule_id == "marac.potential_escalation"]
    assert f.statement.startswith("2 domestic abuse incidents or disclosures involving Vera and Percy within 12 "
                                  "months by 2 May 2013")
    assert "(no single agency ever held 2)" in f.statement


def test_window_from_an_override_file(tmp_path):
    spread = build(tmp_path, "esc_spread")
    assert rows_of(spread, "marac.potential_escalation") == []
    longer = override(tmp_path, "rules:\n  marac.potential_escalation:\n    params: {window_months: 13}\n")
    [r] = rows_of(spread, "marac.potential_escalation", longer)
    assert r["facts"]["met_event"] == "pol-jan14" and r["window_start"] == D("2013-01-01")


@pytest.mark.parametrize("text", [
    "rules: {marac.nonesuch: {params: {incidents: 4}}}\n",
    "rules: {marac.potential_escalation: {params: {incident: 4}}}\n",
    "rules: {marac.potential_escalation: {params: {incidents: three}}}\n",
    "settings: {counted_event_type: [incident]}\n",
])
def test_override_naming_unknown_rule_or_parameter_is_refused(tmp_path, text):
    with pytest.raises(CaseInputError):
        override(tmp_path, text)


# -- marac.repeat ---------------------------------------------------------------------------------------------

def test_repeat_fires_for_an_incident_not_referred_back(tmp_path):
    [r] = rows_of(build(tmp_path, "repeat_fires"), "marac.repeat")
    assert (r["victim_id"], r["perpetrator_id"], r["agency_ids"]) == ("vic", "per", ["gp"])
    assert (r["window_start"], r["window_end"]) == (D("2013-02-01"), D("2013-05-10"))
    assert ids(r) == [("ref-1", "MARAC referral"), ("gp-may", "incident not referred back")]
    assert r["facts"] == {"incidents": 1, "referral_event": "ref-1", "unreached_event": None,
                          "unreached_outcome": None}


def test_repeat_reports_each_incident_with_the_last_referral_before_it(tmp_path):
    rows = rows_of(build(tmp_path, "repeat_last"), "marac.repeat")
    assert [ids(r) for r in rows] == [
        [("ref-1", "MARAC referral"), ("gp-jan", "incident not referred back")],
        [("ref-2", "MARAC referral"), ("pol-jun", "incident not referred back")],
    ]


def test_repeat_quiet_when_referred_back_or_outside_the_window(tmp_path):
    assert rows_of(build(tmp_path, "repeat_quiet"), "marac.repeat") == []


# -- risk.no_assessment ---------------------------------------------------------------------------------------

def test_no_assessment_fires_when_the_agency_never_assessed_in_time(tmp_path):
    [r] = rows_of(build(tmp_path, "noass_fires"), "risk.no_assessment")
    assert (r["victim_id"], r["perpetrator_id"], r["agency_ids"]) == ("vic", None, ["police"])
    assert ids(r) == [("pol-inc", "no risk assessment")]
    assert r["facts"] == {"rows": 1}


def test_no_assessment_quiet_when_assessed(tmp_path):
    assert rows_of(build(tmp_path, "noass_quiet"), "risk.no_assessment") == []


# -- risk.grade_below_band ------------------------------------------------------------------------------------

def test_grade_below_band_fires(tmp_path):
    case = build(tmp_path, "band_fires")
    rows = rows_of(case, "risk.grade_below_band")
    assert [(r["agency_ids"], ids(r), r["facts"]) for r in rows] == [
        (["police"], [("s12", "assessment")],
         {"score": 12, "level": "standard", "grade": "standard", "band": "medium"}),
        (["idva"], [("s15", "assessment")], {"score": 15, "level": "medium", "grade": "medium", "band": "high"}),
    ]
    engine = EmbeddedEngine([case])
    statements = [f.statement for f in build_findings(engine, case.case_id, engine.directory(case.case_id))
                  if f.rule_id == "risk.grade_below_band"]
    assert "Test Police graded Vera standard although the score of 12 falls in the medium band." in statements


def test_grade_below_band_quiet_when_the_grade_matches(tmp_path):
    assert rows_of(build(tmp_path, "band_quiet"), "risk.grade_below_band") == []


# -- risk.inconsistent ----------------------------------------------------------------------------------------

def test_inconsistent_fires_for_different_grades_close_together(tmp_path):
    [r] = rows_of(build(tmp_path, "incons_fires"), "risk.inconsistent")
    assert (r["victim_id"], r["agency_ids"]) == ("vic", ["idva", "police"])
    assert ids(r) == [("pol-ra", "assessment"), ("idva-ra", "assessment")]
    assert r["facts"] == {
        "days_apart": 45, "first_event": "pol-ra", "first_level": "standard", "first_tool": "DASH",
        "second_event": "idva-ra", "second_level": "medium", "second_tool": "DASH",
    }


def test_inconsistent_quiet_when_far_apart_or_the_same(tmp_path):
    assert rows_of(build(tmp_path, "incons_quiet"), "risk.inconsistent") == []


# -- the worked example ---------------------------------------------------------------------------------------

def test_lottie_potential_escalation(lottie):
    rows = rows_of(lottie, "marac.potential_escalation")
    [r] = [r for r in rows if (r["victim_id"], r["perpetrator_id"]) == ("lottie", "bert")]
    cited = {e["event_id"]: e for e in r["evidence"]}
    for event_id in ("met-2014-02-10", "met-2014-07-04", "met-2014-07-13"):
        assert cited[event_id]["agency_id"] == "met-police"
    assert r["facts"]["single_agency_id"] == "met-police"
    assert r["facts"]["single_agency_event"] == "met-2014-07-13"
    # No MARAC referral after 2010 (the review's 1.7.7).
    assert r["facts"]["last_referral_event"] == "met-2010-02-11"
    assert cited["met-2010-02-11"]["note"] == "last MARAC referral before"


def test_lottie_visible_high_risk_does_not_fire(lottie):
    assert rows_of(lottie, "marac.visible_high_risk") == []


def test_lottie_july_2014_grades_follow_a_new_incident(lottie):
    """Standard on 4 July, medium on 13 July 2014: the 13 July grade was of a new incident (four 999 calls, 1.5.9),
    so the grade rose with the risk; the panel's 1.7.7 speaks of few assessments and different tools, not of
    grades that disagree."""
    rows = rows_of(lottie, "risk.inconsistent")
    pairs = [(r["facts"]["first_event"], r["facts"]["second_event"]) for r in rows]
    assert ("met-2014-07-04", "met-2014-07-13") not in pairs


# -- both engines ---------------------------------------------------------------------------------------------

def assert_engines_agree(neo4j, case, rules=None) -> None:
    rules = rules or load_rules()
    embedded = EmbeddedEngine([case])
    neo4j.load(case)
    for rule_id in MY_RULES:
        params = rules.params_for(rules.get(rule_id))
        expected = embedded.run_rule(rules.get(rule_id), params, case.case_id)
        assert neo4j.run_rule(rules.get(rule_id), params, case.case_id) == expected, rule_id
    assert neo4j.run("risk_assessments", case.case_id) == embedded.run("risk_assessments", case.case_id)


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(CASES))
def test_engines_agree_on_hand_made_cases(neo4j, tmp_path, name):
    assert_engines_agree(neo4j, build(tmp_path, name))


@pytest.mark.neo4j
def test_engines_agree_with_overridden_thresholds(neo4j, tmp_path):
    rules = override(tmp_path, (
        "rules:\n"
        "  marac.potential_escalation: {params: {incidents: 2, window_months: 13, referral_days: 7}}\n"
        "  marac.repeat: {params: {window_months: 6, referral_days: 100}}\n"
        "  risk.inconsistent: {params: {window_days: 200}}\n"
        "settings: {counted_event_types: [incident, disclosure]}\n"
    ))
    for name in ("esc_fires", "esc_two", "esc_spread", "repeat_fires", "incons_quiet"):
        assert_engines_agree(neo4j, build(tmp_path, name), rules)


@pytest.mark.neo4j
def test_engines_agree_on_lottie(neo4j, lottie):
    assert_engines_agree(neo4j, lottie)


def test_a_marac_referral_counts_as_the_agency_assessing_risk(tmp_path):
    """SafeLives criteria refer to MARAC only on an assessment of high risk, so the referral is one."""
    from casekit import row, write_case

    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case
    from graphdhr.rules import load_rules

    rules = load_rules()
    rule = rules.get("risk.no_assessment")
    disclosure = row("2013-03-01", "idva", "vic", "disclosure", learned="domestic_abuse")
    referred = load_case(write_case(tmp_path / "a", [disclosure, row("2013-03-10", "idva", "vic", "referral",
                                                                      referral_to="marac")]))
    shared = load_case(write_case(tmp_path / "b", [disclosure, row("2013-03-10", "idva", "vic", "referral",
                                                                    referral_to="csc")]))
    assert EmbeddedEngine([referred]).run_rule(rule, rules.params_for(rule), "t1") == []
    [missed] = EmbeddedEngine([shared]).run_rule(rule, rules.params_for(rule), "t1")
    assert [e["event_id"] for e in missed["evidence"]] == ["combined-2"]


def test_an_assessment_tied_by_incident_label_counts_whatever_its_date(tmp_path):
    from casekit import row, write_case

    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case
    from graphdhr.rules import load_rules

    rules = load_rules()
    rule = rules.get("risk.no_assessment")
    columns = ["date", "agency", "subjects", "event_type", "details", "learned", "referral_to", "incident",
               "source_ref"]
    rows = [row("2012", "police", "vic", "incident", learned="domestic_abuse", incident="inc-1"),
            row("2013-02-11", "police", "vic", "referral", referral_to="marac", incident="inc-1")]
    tied = load_case(write_case(tmp_path / "a", rows, columns=columns))
    assert EmbeddedEngine([tied]).run_rule(rule, rules.params_for(rule), "t1") == []
    rows[1]["incident"] = "inc-2"
    untied = load_case(write_case(tmp_path / "b", rows, columns=columns))
    assert len(EmbeddedEngine([untied]).run_rule(rule, rules.params_for(rule), "t1")) == 1
