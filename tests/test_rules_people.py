"""The rules about children, the perpetrator, co-occurrence, boundaries, roles and the Homicide Timeline: each on a
small hand-made case where it must fire and on a near miss where it must not, on the worked example, and the same
rows from Neo4j (cypher/rule_*.cypher) as from the embedded engine."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from casekit import BASE_MANIFEST, COLUMNS, findings_of, row, rule_rows, write_case

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.report import build_findings
from graphdhr.rules import load_rules

COLS = [*COLUMNS, "recorded_victim", "recorded_perpetrator", "incident", "sentence_months"]
RULES = load_rules()
MINE = (
    "children.no_csc_referral", "perpetrator.mappa_no_link", "perpetrator.release_without_notice",
    "perpetrator.health_unshared", "cooccurrence.abuse_mental_health_substance", "cross_boundary",
    "role_inconsistency", "timeline.separation_escalation",
)
D = dt.date


def params(rule_id: str) -> dict:
    return RULES.params_for(RULES.get(rule_id))


def ids(rule_row: dict) -> list[tuple[str, str]]:
    return [(e["event_id"], e["note"]) for e in rule_row["evidence"]]


WITH_SON = copy.deepcopy(BASE_MANIFEST)
WITH_SON["people"].append({"id": "sid", "pseudonym": "Sid", "role": "family"})

# Each hand-made case: its rows (and a manifest when the base one is not enough).
CASES: dict[str, dict] = {
    # children.no_csc_referral
    "csc_fires": {"rows": [
        row("2013-03-01", "police", "vic;per;kid", "incident", learned="domestic_abuse", incident="i1", event_id="p1"),
        # A share to children's social care about the incident, but 45 days later.
        row("2013-04-15", "police", "vic;kid", "information_share", shared_with="csc", incident="i1", event_id="p2"),
        row("2013-05-01", "gp", "vic", "disclosure", learned="domestic_abuse;child_in_household", event_id="g1"),
        # Children's social care's own record needs no referral to itself.
        row("2013-06-01", "csc", "vic;kid", "contact", learned="domestic_abuse", event_id="c1"),
    ]},
    "csc_near_miss": {"rows": [
        row("2013-03-01", "police", "vic;per;kid", "incident", learned="domestic_abuse", incident="i1", event_id="p1"),
        # Another agency's referral about the same incident, within 28 days.
        row("2013-03-20", "idva", "vic;kid", "referral", referral_to="csc", incident="i1", event_id="i1-ref"),
    ]},
    "csc_not_progressed": {"rows": [
        row("2013-03-01", "police", "vic;per;kid", "incident", learned="domestic_abuse", incident="i1", event_id="p1"),
        row("2013-03-02", "police", "vic;kid", "referral", referral_to="csc", referral_outcome="not_progressed",
            incident="i1", event_id="p2"),
    ]},
    # An adult son's assault of the victim, with the perpetrator and a child there: the children's finding stands,
    # and names no perpetrator (the son is not one of the review's pair).
    "csc_abuse_by_another": {"rows": [
        row("2013-03-01", "police", "vic;per;kid;sid", "incident", learned="domestic_abuse", recorded_victim="vic",
            recorded_perpetrator="sid", event_id="p1"),
    ], "manifest": WITH_SON},
    # perpetrator.mappa_no_link
    "mappa_fires": {"rows": [
        row("2012-06-01", "probation", "per", "conviction", learned="violence_to_others", sentence_months="12",
            event_id="conv"),
        row("2013-01-10", "idva", "vic", "contact", event_id="idva1"),
        row("2013-02-01", "probation", "per", "information_share", shared_with="police", event_id="share"),
    ]},
    "mappa_near_miss": {"rows": [
        row("2012-06-01", "probation", "per", "conviction", learned="violence_to_others", sentence_months="11",
            event_id="conv"),
        row("2013-01-10", "idva", "vic", "contact", event_id="idva1"),
    ]},
    "mappa_nobody_supports_the_victim": {"rows": [
        row("2012-06-01", "probation", "per", "conviction", learned="violence_to_others", sentence_months="24",
            event_id="conv"),
        row("2013-01-10", "gp", "vic", "appointment", event_id="gp1"),
    ]},
    # perpetrator.release_without_notice
    "release_fires": {"rows": [
        row("2011-06-01", "probation", "per", "release", event_id="rel0"),  # before the relationship (2012-01-01)
        row("2013-03-01", "idva", "vic", "contact", event_id="idva1"),
        row("2013-05-01", "probation", "per;vic", "recall", learned="domestic_abuse", event_id="recall"),
        row("2013-08-20", "probation", "per", "information_share", shared_with="gp", event_id="to-gp"),
        row("2013-09-01", "probation", "per", "release", event_id="rel1"),
        # Released again after a new sentence: the recall of 2013 is not this release's.
        row("2014-06-01", "probation", "per", "release", event_id="rel2"),
    ]},
    "release_near_miss": {"rows": [
        row("2013-03-01", "idva", "vic", "contact", event_id="idva1"),
        row("2013-05-01", "probation", "per;vic", "recall", learned="domestic_abuse", event_id="recall"),
        row("2013-09-01", "probation", "per", "release", event_id="rel1"),
        row("2013-09-05", "probation", "per", "information_share", shared_with="idva", event_id="notice"),
    ]},
    # perpetrator.health_unshared
    "health_fires": {"rows": [
        row("2013-02-01", "gp", "per", "appointment", learned="mental_ill_health", event_id="h1"),
        row("2013-04-01", "mh", "per", "admission", learned="mental_ill_health;suicidality", event_id="h2"),
        row("2013-05-01", "mh", "vic", "contact", event_id="h3"),
    ]},
    "health_near_miss": {"rows": [
        row("2013-02-01", "gp", "per", "appointment", learned="mental_ill_health", event_id="h1"),
        row("2013-05-01", "police", "per", "arrest", learned="mental_ill_health", event_id="p1"),
    ]},
    # cooccurrence.abuse_mental_health_substance
    "trio_fires": {"rows": [
        row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse", event_id="da1"),
        row("2013-01-20", "police", "vic;per", "incident", learned="domestic_abuse", event_id="da2"),
        row("2013-02-01", "gp", "vic", "appointment", learned="self_harm", event_id="mh1"),
        row("2013-03-01", "mh", "vic", "contact", learned="substance_misuse;mental_ill_health", event_id="sub1"),
    ]},
    "trio_near_miss": {"rows": [
        row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse", event_id="da1"),
        row("2013-02-01", "gp", "vic", "appointment", learned="self_harm", event_id="mh1"),
        row("2013-03-01", "mh", "per", "contact", learned="substance_misuse", event_id="sub1"),  # not the victim
    ]},
    # cross_boundary
    "boundary_fires": {"rows": [
        row("2013-01-05", "police", "vic", "incident", event_id="north1"),
        row("2013-03-05", "police2", "per", "arrest", event_id="south1"),
        row("2013-04-05", "police", "vic;per", "contact", shared_with="idva", event_id="north2"),
    ]},
    "boundary_near_miss": {"rows": [
        row("2013-01-05", "police", "vic", "incident", event_id="north1"),
        row("2013-03-05", "police2", "per", "arrest", event_id="south1"),
        row("2013-03-06", "police2", "per", "information_share", shared_with="police", event_id="south2"),
    ]},
    # role_inconsistency
    "roles_fire": {"rows": [
        row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse", incident="i1",
            recorded_victim="vic", recorded_perpetrator="per", event_id="a1"),
        row("2013-01-07", "police2", "vic;per", "incident", learned="domestic_abuse", incident="i1",
            recorded_victim="per", recorded_perpetrator="vic", event_id="b1"),
    ]},
    "roles_one_row": {"rows": [
        row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse", recorded_victim="per",
            recorded_perpetrator="vic", event_id="a1"),
        # Vera alone recorded as the victim: the review's own roles, nothing reversed.
        row("2013-02-05", "police", "vic;per", "incident", recorded_victim="vic", event_id="a2"),
    ]},
    "roles_near_miss": {"rows": [
        row("2013-01-05", "police", "vic;per", "incident", incident="i1", recorded_victim="vic",
            recorded_perpetrator="per", event_id="a1"),
        row("2013-01-07", "police2", "vic;per", "incident", incident="i1", recorded_victim="vic", event_id="b1"),
        # The child recorded as a victim of the same incident is a second victim, not a reversal.
        row("2013-01-08", "csc", "kid;per", "contact", incident="i1", recorded_victim="kid",
            recorded_perpetrator="per", event_id="c1"),
    ]},
    # timeline.separation_escalation
    "separation_fires": {"rows": [
        row("2013-03-01", "idva", "vic", "contact", learned="separation", event_id="sep"),
        row("2013-06-01", "police", "vic;per", "incident", learned="threats_to_kill;stalking;domestic_abuse",
            event_id="esc1"),
        row("2013-08", "gp", "per", "appointment", learned="suicidality", event_id="esc2"),
    ]},
    "separation_near_miss": {"rows": [
        row("2013-03-01", "idva", "vic", "contact", learned="separation", event_id="sep"),
        row("2013-06-01", "idva", "vic", "contact", learned="stalking", event_id="same-agency"),
        row("2014-03-02", "police", "vic;per", "incident", learned="threats_to_kill", event_id="too-late"),
    ]},
}


def case_of(tmp_path, name: str):
    spec = CASES[name]
    return load_case(write_case(tmp_path / name, spec["rows"], spec.get("manifest"), columns=COLS))


def run(tmp_path, name: str, rule_id: str) -> list[dict]:
    return rule_rows(case_of(tmp_path, name), rule_id)


def findings(tmp_path, name: str, rule_id: str):
    return findings_of(case_of(tmp_path, name), rule_id)


# -- children.no_csc_referral ----------------------------------------------------------------------------------

def test_no_csc_referral_fires_for_each_incident_with_a_child_not_referred_in_time(tmp_path):
    rows = run(tmp_path, "csc_fires", "children.no_csc_referral")
    # The police incident named the child; the GP's disclosure only recorded a child in the household.
    assert [(r["agency_ids"], r["victim_id"], r["perpetrator_id"], ids(r), r["facts"]) for r in rows] == [
        (["gp"], "vic", None, [("g1", "incident or disclosure")], {"children": [], **NOTHING_UNREACHED}),
        (["police"], "vic", "per", [("p1", "incident or disclosure")], {"children": ["kid"], **NOTHING_UNREACHED}),
    ]
    assert (rows[1]["window_start"], rows[1]["window_end"]) == (D(2013, 3, 1), D(2013, 3, 1))
    statements = [f.statement for f in findings(tmp_path, "csc_fires", "children.no_csc_referral")]
    assert ("Test Police recorded domestic abuse with a child in the household (Kit) and no referral or share to "
            "children's social care about that incident followed within 28 days.") in statements


NOTHING_UNREACHED = {"unreached_event": None, "unreached_outcome": None}


def test_no_csc_referral_says_so_when_the_referral_did_not_reach(tmp_path):
    """Police referred the incident to children's social care and the referral was not progressed: the finding stands
    (nothing reached it) but cites the referral and says so, never that no referral followed."""
    [r] = run(tmp_path, "csc_not_progressed", "children.no_csc_referral")
    assert ids(r) == [("p1", "incident or disclosure"), ("p2", "referral not reached")]
    assert (r["facts"]["unreached_event"], r["facts"]["unreached_outcome"]) == ("p2", "not_progressed")
    [f] = findings(tmp_path, "csc_not_progressed", "children.no_csc_referral")
    assert f.statement.endswith("about that incident that reached it followed within 28 days (the referral to "
                                "children's social care by Test Police on 2 Mar 2013 was not progressed).")


def test_no_csc_referral_names_no_perpetrator_for_another_persons_abuse(tmp_path):
    [r] = run(tmp_path, "csc_abuse_by_another", "children.no_csc_referral")
    assert (r["agency_ids"], r["victim_id"], r["perpetrator_id"]) == (["police"], "vic", None)


def test_no_csc_referral_quiet_when_the_incident_was_referred_within_the_window(tmp_path):
    assert run(tmp_path, "csc_near_miss", "children.no_csc_referral") == []


# -- perpetrator.mappa_no_link ---------------------------------------------------------------------------------

def test_mappa_no_link_fires_for_a_sentence_of_twelve_months(tmp_path):
    [r] = run(tmp_path, "mappa_fires", "perpetrator.mappa_no_link")
    assert (r["agency_ids"], r["victim_id"], r["perpetrator_id"]) == (["probation"], "vic", "per")
    assert ids(r) == [("conv", "MAPPA eligibility")]
    assert r["facts"] == {"sentence_months": 12, "mappa_referral": False}
    [f] = findings(tmp_path, "mappa_fires", "perpetrator.mappa_no_link")
    assert f.statement == (
        "Percy was eligible for MAPPA (a custodial sentence of 12 months for violence) and neither Test Probation "
        "nor any other agency holding Percy's eligibility shared with an agency supporting Vera from then on."
    )


def test_mappa_no_link_quiet_for_a_sentence_of_eleven_months(tmp_path):
    assert run(tmp_path, "mappa_near_miss", "perpetrator.mappa_no_link") == []


def test_mappa_no_link_quiet_when_no_agency_supported_the_victim(tmp_path):
    # No domestic abuse service, victim support, social care or housing had the victim: no one to link with.
    assert run(tmp_path, "mappa_nobody_supports_the_victim", "perpetrator.mappa_no_link") == []


# -- perpetrator.release_without_notice ------------------------------------------------------------------------

def test_release_without_notice_fires_with_the_recall_that_preceded_it(tmp_path):
    rows = run(tmp_path, "release_fires", "perpetrator.release_without_notice")
    assert [r["facts"]["released_event"] for r in rows] == ["rel1", "rel2"]  # not rel0, before the relationship
    first, second = rows
    assert (first["agency_ids"], first["victim_id"], first["perpetrator_id"]) == (["probation"], "vic", "per")
    assert ids(first) == [("recall", "recall"), ("rel1", "release")]
    assert first["facts"] == {"released_event": "rel1", "recall_event": "recall", "recall_for_abuse": True,
                              "not_told": ["idva"]}
    # Released again after a new sentence, not after that recall.
    assert ids(second) == [("rel2", "release")]
    assert second["facts"]["recall_event"] is None and second["facts"]["recall_for_abuse"] is False

    statements = [f.statement for f in findings(tmp_path, "release_fires", "perpetrator.release_without_notice")]
    assert statements == [
        "Percy was released from custody on 1 Sep 2013 after recall on 1 May 2013 for abuse of Vera; no agency "
        "supporting Vera (Test IDVA) was told between 28 days before and 7 days after.",
        "Percy was released from custody on 1 Jun 2014; no agency supporting Vera (Test IDVA) was told between "
        "28 days before and 7 days after.",
    ]


def test_release_without_notice_quiet_when_a_victim_facing_agency_was_told_in_the_window(tmp_path):
    assert run(tmp_path, "release_near_miss", "perpetrator.release_without_notice") == []


# -- perpetrator.health_unshared -------------------------------------------------------------------------------

def test_health_unshared_fires_per_fact_held_only_by_health_services(tmp_path):
    rows = run(tmp_path, "health_fires", "perpetrator.health_unshared")
    assert [(r["facts"], r["agency_ids"], ids(r)) for r in rows] == [
        ({"fact": "mental_ill_health"}, ["gp", "mh"], [("h1", "mental_ill_health"), ("h2", "mental_ill_health")]),
        ({"fact": "suicidality"}, ["mh"], [("h2", "suicidality")]),
    ]
    assert (rows[0]["victim_id"], rows[0]["perpetrator_id"]) == ("vic", "per")
    assert (rows[0]["window_start"], rows[0]["window_end"]) == (D(2013, 2, 1), D(2013, 4, 1))


def test_health_unshared_quiet_when_a_non_health_agency_also_held_the_fact(tmp_path):
    assert run(tmp_path, "health_near_miss", "perpetrator.health_unshared") == []


# -- cooccurrence.abuse_mental_health_substance ----------------------------------------------------------------

def test_cooccurrence_fires_with_who_held_which_part(tmp_path):
    [r] = run(tmp_path, "trio_fires", "cooccurrence.abuse_mental_health_substance")
    assert (r["victim_id"], r["perpetrator_id"], r["agency_ids"]) == ("vic", "per", ["gp", "mh", "police"])
    # Each agency's first row per part.
    assert ids(r) == [("da1", "domestic abuse"), ("mh1", "mental ill-health"), ("sub1", "mental ill-health"),
                      ("sub1", "substance misuse")]
    assert r["facts"] == {"person": "vic", "abuse": ["police"], "mental_health": ["gp", "mh"], "substance": ["mh"]}
    assert (r["window_start"], r["window_end"]) == (D(2013, 1, 5), D(2013, 3, 1))


def test_cooccurrence_quiet_when_one_part_is_missing_for_the_person(tmp_path):
    assert run(tmp_path, "trio_near_miss", "cooccurrence.abuse_mental_health_substance") == []


# -- cross_boundary --------------------------------------------------------------------------------------------

def test_cross_boundary_fires_for_two_forces_that_never_shared(tmp_path):
    [r] = run(tmp_path, "boundary_fires", "cross_boundary")
    assert (r["agency_ids"], r["victim_id"], r["perpetrator_id"]) == (["police", "police2"], "vic", "per")
    assert ids(r) == [("north1", "North"), ("south1", "South"), ("north2", "North")]
    assert r["facts"] == {"agency_a": "police", "area_a": "North", "agency_b": "police2", "area_b": "South"}
    [f] = findings(tmp_path, "boundary_fires", "cross_boundary")
    assert f.statement == ("Test Police (North) and Other Police (South) both dealt with Vera or Percy and never "
                           "shared with each other.")
    assert f.agencies == ("police", "police2") and f.people == ("vic", "per")
    assert [e.source_ref for e in f.evidence] == ["police/2013-01-05", "police2/2013-03-05", "police/2013-04-05"]


def test_cross_boundary_quiet_when_the_forces_shared(tmp_path):
    assert run(tmp_path, "boundary_near_miss", "cross_boundary") == []


# -- role_inconsistency ----------------------------------------------------------------------------------------

def test_role_inconsistency_fires_when_the_roles_are_reversed(tmp_path):
    [r] = run(tmp_path, "roles_fire", "role_inconsistency")
    assert (r["agency_ids"], r["victim_id"], r["perpetrator_id"]) == (["police", "police2"], "vic", "per")
    assert ids(r) == [("a1", "recorded roles"), ("b1", "recorded roles")]
    assert r["facts"] == {"single": False, "incident": "i1", "agency_a": "police", "victim_a": "vic",
                          "perpetrator_a": "per", "agency_b": "police2", "victim_b": "per"}
    [f] = findings(tmp_path, "roles_fire", "role_inconsistency")
    assert f.statement == ("In incident i1, Test Police recorded Vera as the victim and Other Police recorded Percy "
                           "as the victim: the roles are the other way round.")


def test_role_inconsistency_fires_for_one_row_the_other_way_round(tmp_path):
    [r] = run(tmp_path, "roles_one_row", "role_inconsistency")
    assert (r["agency_ids"], r["victim_id"], r["perpetrator_id"]) == (["police"], "vic", "per")
    assert ids(r) == [("a1", "recorded roles")]
    assert r["facts"] == {"single": True, "incident": None, "agency_a": "police", "victim_a": "per",
                          "perpetrator_a": "vic", "agency_b": None, "victim_b": None}
    [f] = findings(tmp_path, "roles_one_row", "role_inconsistency")
    assert f.statement == ("Test Police recorded Percy as the victim and Vera as the perpetrator on 5 Jan 2013: "
                           "the other way round from the review's roles (Vera the victim, Percy the perpetrator).")


def test_role_inconsistency_quiet_for_the_same_roles_and_for_a_second_victim(tmp_path):
    assert run(tmp_path, "roles_near_miss", "role_inconsistency") == []


# -- timeline.separation_escalation ----------------------------------------------------------------------------

def test_separation_escalation_fires_for_markers_other_agencies_recorded(tmp_path):
    [r] = run(tmp_path, "separation_fires", "timeline.separation_escalation")
    assert (r["agency_ids"], r["victim_id"], r["perpetrator_id"]) == (["gp", "police"], "vic", "per")
    assert ids(r) == [("sep", "separation"), ("esc1", "escalation"), ("esc2", "escalation")]
    assert r["facts"] == {"separated_event": "sep", "markers": ["stalking", "suicidality", "threats_to_kill"]}
    assert (r["window_start"], r["window_end"]) == (D(2013, 3, 1), D(2013, 8, 31))


def test_separation_escalation_quiet_for_the_same_agency_or_after_the_window(tmp_path):
    assert run(tmp_path, "separation_near_miss", "timeline.separation_escalation") == []


# -- the worked example ----------------------------------------------------------------------------------------

def test_lottie_release_after_recall_without_notice(lottie):
    engine = EmbeddedEngine([lottie])
    rows = engine.run_rule(RULES.get("perpetrator.release_without_notice"), params("perpetrator.release_without_notice"),
                           "lottie")
    # The release of 17 Dec 2012 came before the relationship (about Sep 2013): only that of 21 June 2014 (1.7.9).
    [r] = rows
    assert (r["victim_id"], r["perpetrator_id"], r["agency_ids"]) == ("lottie", "bert", ["probation"])
    assert r["facts"]["released_event"] == "prob-2014-06-21"
    assert r["facts"]["recall_event"] == "prob-2014-02-18"
    assert r["facts"]["recall_for_abuse"] is True
    assert "hidva" in r["facts"]["not_told"]
    assert ids(r) == [("prob-2014-02-18", "recall"), ("prob-2014-06-21", "release")]
    [f] = [f for f in build_findings(engine, "lottie", engine.directory("lottie"))
           if f.rule_id == "perpetrator.release_without_notice"]
    assert f.statement.startswith("Bert was released from custody on 21 Jun 2014 after recall on 18 Feb 2014 for "
                                  "abuse of Lottie; no agency supporting her (")


def test_lottie_cross_boundary_and_roles(lottie):
    engine = EmbeddedEngine([lottie])
    [r] = engine.run_rule(RULES.get("cross_boundary"), params("cross_boundary"), "lottie")
    assert r["agency_ids"] == ["met-police", "tvp"]
    assert r["facts"] == {"agency_a": "met-police", "area_a": "London", "agency_b": "tvp", "area_b": "Thames Valley"}
    assert engine.run_rule(RULES.get("role_inconsistency"), params("role_inconsistency"), "lottie") == []


# -- both engines ----------------------------------------------------------------------------------------------

@pytest.mark.neo4j
def test_neo4j_gives_the_same_rows(neo4j, tmp_path, lottie):
    cases = {name: case_of(tmp_path, name) for name in CASES}
    for name, case in [*cases.items(), ("lottie", lottie)]:
        neo4j.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j.settings.database)
        neo4j.load(case)
        embedded = EmbeddedEngine([case])
        for rule_id in MINE:
            rule = RULES.get(rule_id)
            expected = embedded.run_rule(rule, params(rule_id), case.case_id)
            assert neo4j.run_rule(rule, params(rule_id), case.case_id) == expected, (name, rule_id)

