"""The rules about decisions an agency recorded: a referral considered and not made, and harassment or stalking
after a separation with no stalking screen. Each on a small hand-made case where it must fire and on near misses
where it must not, and the same rows from Neo4j (cypher/rule_*.cypher) as from the embedded engine."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from casekit import BASE_MANIFEST, COLUMNS, findings_of, row, rule_rows, write_case
from chair_cases import CASES as CHAIR_CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from randomcases import AGENCIES, cases

from graphdhr import vocab
from graphdhr.dates import parse_date
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.model import Case, Event, RiskAssessment, Where
from graphdhr.rules import load_rules
from graphdhr.rules.registry import ENTRIES

COLS = [*COLUMNS, "incident", "stalking_screen"]
RULES = load_rules()
MINE = ("referral.considered_not_made", "stalking.no_screen")
D = dt.date

POLICE_PARTIAL = copy.deepcopy(BASE_MANIFEST)
POLICE_PARTIAL["agencies"][0]["records"] = "partial"


def params(rule_id: str) -> dict:
    return RULES.params_for(RULES.get(rule_id))


def ids(rule_row: dict) -> list[tuple[str, str]]:
    return [(e["event_id"], e["note"]) for e in rule_row["evidence"]]


CASES: dict[str, dict] = {
    # referral.considered_not_made
    "considered_fires": {"rows": [
        # Police consider a MARAC referral and do not make it; their referral to the IDVA the next day is to
        # someone else and does not answer it.
        row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse;threats_to_kill",
            referral_to="marac", referral_outcome="considered_not_made", event_id="p1"),
        row("2013-03-02", "police", "vic;per", "referral", referral_to="idva", event_id="p2"),
        # A referral of the perpetrator considered: the row is about him alone.
        row("2013-04-01", "gp", "per", "appointment", learned="mental_ill_health", referral_to="mh",
            referral_outcome="considered_not_made", event_id="g1"),
        # A referral to children's social care considered; the one made 44 days later is too late.
        row("2013-06-01", "police", "vic;kid", "contact", learned="child_in_household", referral_to="csc",
            referral_outcome="considered_not_made", event_id="p3"),
        row("2013-07-15", "police", "vic;kid", "referral", referral_to="csc", event_id="p4"),
    ]},
    "considered_near_miss": {"rows": [
        # Offered to Vera, who did not take it up: her choice, not the agency's decision.
        row("2013-03-01", "idva", "vic", "contact", referral_to="marac", referral_outcome="offered_not_taken_up",
            event_id="i1"),
        # Considered, then made 19 days later (declined by MARAC, but made).
        row("2013-04-01", "police", "vic;per", "incident", learned="domestic_abuse", referral_to="marac",
            referral_outcome="considered_not_made", event_id="p1"),
        row("2013-04-20", "police", "vic;per", "referral", referral_to="marac", referral_outcome="declined",
            event_id="p2"),
        # Made nine days before, then considered again and not repeated.
        row("2013-05-01", "gp", "vic", "referral", referral_to="idva", referral_outcome="accepted", event_id="g1"),
        row("2013-05-10", "gp", "vic", "appointment", referral_to="idva", referral_outcome="considered_not_made",
            event_id="g2"),
        # About the child alone: neither the victim nor the perpetrator.
        row("2013-06-01", "police", "kid", "contact", referral_to="csc", referral_outcome="considered_not_made",
            event_id="p3"),
    ]},
    "considered_partial_record": {"manifest": POLICE_PARTIAL, "rows": [
        row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse", referral_to="marac",
            referral_outcome="considered_not_made", event_id="p1"),
    ]},
    # stalking.no_screen
    "stalking_fires": {"rows": [
        row("2013-03-01", "idva", "vic", "contact", learned="separation", event_id="sep"),
        row("2013-04-01", "police", "vic;per", "incident", learned="harassment;domestic_abuse", event_id="h1"),
        # A risk assessment that records that the stalking questions were not asked is no screen.
        row("2013-05-10", "police", "vic", "risk_assessment", learned="stalking", risk_tool="DASH",
            risk_level="standard", stalking_screen="not_asked", event_id="h2"),
        row("2013-06-01", "gp", "vic", "appointment", learned="stalking", event_id="g1"),
        # The IDVA asked the screening questions 15 days after its row.
        row("2013-06-05", "idva", "vic", "contact", learned="harassment", event_id="i1"),
        row("2013-06-20", "idva", "vic", "contact", stalking_screen="asked", event_id="i2"),
        # A second separation, recorded about him; the GP's later row follows both.
        row("2013-09-01", "gp", "per", "appointment", learned="separation", event_id="sep2"),
        row("2013-10-01", "gp", "vic", "appointment", learned="harassment", event_id="g2"),
    ]},
    "stalking_near_miss": {"rows": [
        row("2013-02-01", "police", "vic", "incident", learned="harassment", event_id="before"),
        row("2013-03-01", "police", "vic;per", "contact", learned="separation", event_id="sep"),
        # Screened the next week by a DASH that does not say the stalking questions were left out.
        row("2013-04-01", "police", "vic", "incident", learned="harassment", event_id="h1"),
        row("2013-04-08", "police", "vic", "risk_assessment", risk_tool="DASH", risk_level="medium", event_id="dash"),
        # A month-only date that may be the day of the separation: not certainly after it.
        row("2013-03", "idva", "vic", "contact", learned="stalking", event_id="uncertain"),
        # More than 12 months after the separation.
        row("2014-03-15", "gp", "vic", "appointment", learned="stalking", event_id="late"),
        # About the perpetrator alone.
        row("2013-06-01", "police", "per", "incident", learned="stalking", event_id="about-him"),
        # A DASH tied to the same incident, recorded before the row of harassment.
        row("2013-06-20", "police2", "vic", "risk_assessment", risk_level="standard", incident="i9", event_id="dash2"),
        row("2013-07-01", "police2", "vic", "incident", learned="harassment", incident="i9", event_id="h2"),
        # The row itself asked the questions.
        row("2013-08-01", "mh", "vic", "appointment", learned="harassment", stalking_screen="asked", event_id="h3"),
    ]},
}


def case_of(tmp_path, name: str):
    spec = CASES[name]
    return load_case(write_case(tmp_path / name, spec["rows"], spec.get("manifest"), columns=COLS))


def run(tmp_path, name: str, rule_id: str) -> list[dict]:
    return rule_rows(case_of(tmp_path, name), rule_id)


def findings(tmp_path, name: str, rule_id: str):
    return findings_of(case_of(tmp_path, name), rule_id)


def test_both_rules_rest_on_absence():
    assert all(ENTRIES[rule_id].rests_on_absence for rule_id in MINE)


# -- referral.considered_not_made ------------------------------------------------------------------------------

def test_considered_not_made_fires_per_row_and_recipient_with_no_referral_in_the_window(tmp_path):
    rows = run(tmp_path, "considered_fires", "referral.considered_not_made")
    assert [(r["agency_ids"], r["victim_id"], r["perpetrator_id"], ids(r), r["facts"]) for r in rows] == [
        (["police"], "vic", None, [("p3", "referral considered, not made")],
         {"person": "vic", "recipient": "csc", "considered_event": "p3"}),
        (["police"], "vic", "per", [("p1", "referral considered, not made")],
         {"person": "vic", "recipient": "marac", "considered_event": "p1"}),
        # The row about the perpetrator alone: the finding is the pair's, the referral considered was his.
        (["gp"], "vic", "per", [("g1", "referral considered, not made")],
         {"person": "per", "recipient": "mh", "considered_event": "g1"}),
    ]
    assert (rows[1]["window_start"], rows[1]["window_end"]) == (D(2013, 3, 1), D(2013, 3, 1))
    statements = [f.statement for f in findings(tmp_path, "considered_fires", "referral.considered_not_made")]
    assert ("Test Police considered a referral of Vera to Test MARAC on 1 Mar 2013 and did not make it; no agency "
            "referred Vera to Test MARAC within 28 days before or after.") in statements
    assert ("Test GP considered a referral of Percy to Test Mental Health on 1 Apr 2013 and did not make it; no agency "
            "referred Percy to Test Mental Health within 28 days before or after.") in statements


def test_considered_not_made_quiet_when_offered_or_referred_near_it_or_about_neither_person(tmp_path):
    assert run(tmp_path, "considered_near_miss", "referral.considered_not_made") == []


def test_considered_not_made_says_when_it_rests_on_an_incomplete_record(tmp_path):
    [f] = findings(tmp_path, "considered_partial_record", "referral.considered_not_made")
    assert any(c.startswith("Rests on the absence of a row, and Test Police's records are partial") for c in f.caveats)


def test_the_referral_considered_is_not_cited_as_passed_on(tmp_path):
    # A referral considered and not made told no one: the evidence names no recipient.
    [r] = run(tmp_path, "considered_partial_record", "referral.considered_not_made")
    assert r["evidence"][0]["to"] == []


# -- stalking.no_screen ----------------------------------------------------------------------------------------

def test_no_screen_fires_per_pair_and_agency_citing_the_separations(tmp_path):
    rows = run(tmp_path, "stalking_fires", "stalking.no_screen")
    assert [(r["agency_ids"], r["victim_id"], r["perpetrator_id"], ids(r), r["facts"]) for r in rows] == [
        (["gp"], "vic", "per",
         [("sep", "separation"), ("sep2", "separation"), ("g1", "harassment or stalking, not screened"),
          ("g2", "harassment or stalking, not screened")],
         {"separated_event": "sep", "separations": 2, "rows": 2, "markers": ["harassment", "stalking"]}),
        (["police"], "vic", "per",
         [("sep", "separation"), ("h1", "harassment or stalking, not screened"),
          ("h2", "harassment or stalking, not screened")],
         {"separated_event": "sep", "separations": 1, "rows": 2, "markers": ["harassment", "stalking"]}),
    ]
    assert (rows[1]["window_start"], rows[1]["window_end"]) == (D(2013, 3, 1), D(2013, 5, 10))
    statements = [f.statement for f in findings(tmp_path, "stalking_fires", "stalking.no_screen")]
    assert statements == [
        "After the separation recorded by Test IDVA on 1 Mar 2013 (and 1 later separation), "
        "Test GP recorded harassment and stalking of Vera (2 rows) within 12 months and asked no stalking screening "
        "questions (DASH's, or S-DASH) within 28 days.",
        "After the separation recorded by Test IDVA on 1 Mar 2013, Test Police recorded "
        "harassment and stalking of Vera (2 rows) within 12 months and asked no stalking screening questions "
        "(DASH's, or S-DASH) within 28 days.",
    ]


def test_no_screen_quiet_before_the_separation_after_the_window_and_when_screened(tmp_path):
    assert run(tmp_path, "stalking_near_miss", "stalking.no_screen") == []


def test_no_screen_follows_its_parameters(tmp_path):
    case = case_of(tmp_path, "stalking_near_miss")
    rule = RULES.get("stalking.no_screen")
    engine = EmbeddedEngine([case])
    # With a window of 13 months the GP's row of March 2014 is within it; with 5 days the DASH of a week later
    # is too late.
    wider = engine.run_rule(rule, {**params("stalking.no_screen"), "window_months": 13}, case.case_id)
    assert [(r["agency_ids"], ids(r)[1:]) for r in wider] == [
        (["gp"], [("late", "harassment or stalking, not screened")])]
    shorter = engine.run_rule(rule, {**params("stalking.no_screen"), "days": 5}, case.case_id)
    assert [(r["agency_ids"], ids(r)[1:]) for r in shorter] == [
        (["police"], [("h1", "harassment or stalking, not screened")])]


# -- both engines ----------------------------------------------------------------------------------------------

@pytest.mark.neo4j
def test_neo4j_gives_the_same_rows(neo4j, tmp_path, lottie):
    cases = [case_of(tmp_path, name) for name in CASES]
    for chair in CHAIR_CASES:
        cases.append(load_case(write_case(tmp_path / f"chair-{chair.name}", chair.rows, chair.manifest,
                                          columns=chair.columns)))
    for case in [*cases, lottie]:
        neo4j.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j.settings.database)
        neo4j.load(case)
        embedded = EmbeddedEngine([case])
        for rule_id in MINE:
            rule = RULES.get(rule_id)
            for variant in (params(rule_id), {**params(rule_id), "days": 5}):
                expected = embedded.run_rule(rule, variant, case.case_id)
                assert neo4j.run_rule(rule, variant, case.case_id) == expected, (case.case_id, rule_id)


@st.composite
def separated_cases(draw) -> Case:
    """A random case (tests/randomcases.py) with a separation added and, around it, rows of harassment or stalking
    about the victim and rows that may screen for stalking: random cases alone seldom put a row certainly after a
    separation and within the year."""
    case = draw(cases())
    day = draw(st.dates(dt.date(2012, 1, 1), dt.date(2014, 6, 30)))

    def when(offset: int):
        at = day + dt.timedelta(days=offset)
        return parse_date(at.strftime("%Y-%m") if draw(st.integers(0, 4)) == 0 else at.isoformat())

    extra = [Event("x-sep", draw(st.sampled_from(AGENCIES)).id, when(0), "contact",
                   draw(st.sampled_from([("v1",), ("p1",), ("v1", "p1")])), "separation", "x-sep",
                   Where("random.csv", 100), learned=("separation",))]
    for n in range(draw(st.integers(1, 4))):
        harassment = draw(st.booleans())
        risk = draw(st.sampled_from([None, None, RiskAssessment("DASH", None, "standard")]))
        extra.append(Event(
            f"x{n}", draw(st.sampled_from(AGENCIES)).id, when(draw(st.integers(-30, 420))),
            draw(st.sampled_from(["incident", "contact", "risk_assessment"])),
            draw(st.sampled_from([("v1",), ("v1", "p1"), ("p1",)])), f"row x{n}", f"x{n}", Where("random.csv", 101 + n),
            learned=(("harassment",) if harassment else ()) + (("stalking",) if draw(st.booleans()) else ()),
            risk=risk, incident=draw(st.sampled_from([None, "inc-a"])),
            stalking_screen=draw(st.sampled_from([None, *vocab.STALKING_SCREEN])),
        ))
    return Case(
        case_id=case.case_id, title=case.title, area=case.area, date_of_death=case.date_of_death,
        tor_start=case.tor_start, tor_end=case.tor_end, people=case.people, relationships=case.relationships,
        agencies=case.agencies, forums=case.forums, events=case.events + tuple(extra),
    ).check()


@pytest.mark.neo4j
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=separated_cases())
def test_engines_agree_on_random_separations(neo4j_server, case):
    neo4j_server.delete_case("rnd")
    neo4j_server.load(case, loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    embedded = EmbeddedEngine([case])
    for rule_id in MINE:
        rule = RULES.get(rule_id)
        assert neo4j_server.run_rule(rule, params(rule_id), "rnd") == embedded.run_rule(rule, params(rule_id), "rnd")
