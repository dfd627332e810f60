"""Both engines give the same rows for every analysis, and so the same report, on the same cases."""

from __future__ import annotations

import pytest
from casekit import row, write_case
from chair_cases import CASES, ChairCase

from graphdhr.analyses import DERIVED, run_analysis
from graphdhr.engines.embedded import ANALYSES, EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.queries import catalogue
from graphdhr.render.report import render_json
from graphdhr.report import build_report
from graphdhr.rules import load_rules

pytestmark = pytest.mark.neo4j


def assert_agree(neo4j, case) -> None:
    embedded = EmbeddedEngine([case])
    neo4j.load(case)
    for name in ANALYSES:
        assert neo4j.run(name, case.case_id) == embedded.run(name, case.case_id), name
    for name in DERIVED:  # the analysts' Cypher file gives the rows the report derives, from either engine
        derived = run_analysis(embedded, name, case.case_id)
        assert neo4j.run(name, case.case_id) == derived == run_analysis(neo4j, name, case.case_id), name
    rules = load_rules()
    for rule in rules.rules:
        params = rules.params_for(rule)
        assert neo4j.run_rule(rule, params, case.case_id) == embedded.run_rule(rule, params, case.case_id), rule.id
    a = render_json(build_report(embedded, case.case_id)).replace('"engine": "embedded"', "")
    b = render_json(build_report(neo4j, case.case_id)).replace('"engine": "neo4j"', "")
    assert a == b


def test_every_analysis_has_a_cypher_file_and_columns():
    queries = catalogue()
    for name, function in ANALYSES.items():
        assert name in queries, f"cypher/{name}.cypher is missing"
        assert queries[name].columns, f"cypher/{name}.cypher declares no columns"


def test_every_rule_has_a_cypher_file_with_its_parameters():
    rules = load_rules()
    for rule in rules.rules:
        assert rule.cypher in catalogue(), f"cypher/{rule.cypher}.cypher is missing"
        declared = set(catalogue()[rule.cypher].params)
        assert "case_id" in declared
        assert set(rule.params) <= declared, f"{rule.cypher}: declare every parameter as a :param line"


def test_lottie(neo4j, lottie):
    assert_agree(neo4j, lottie)


def test_lottie_rows_have_declared_columns(neo4j, lottie):
    neo4j.load(lottie)
    embedded = EmbeddedEngine([lottie])
    for name in ANALYSES:
        declared = list(catalogue()[name].columns)
        columns, rows = neo4j.run_query(name, {"case_id": "lottie"})
        assert columns == declared, name
        for r in embedded.run(name, "lottie"):
            assert list(r) == declared, name


def test_small_hand_made_cases(neo4j, tmp_path):
    cases = {
        "silent": [row("2013-01-05", "gp", "vic", "appointment")],
        "shared": [
            row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse;relationship"),
            row("2013-01-06", "police", "vic;per", "information_share", shared_with="idva;marac"),
            row("2013-02", "idva", "vic", "contact"),
            row("2013-03-01", "gp", "per", "appointment", learned="mental_ill_health"),
            row("2013-04-01", "gp", "V. Smith", "appointment"),
        ],
        "told_then_silent": [
            row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                shared_with="csc"),
            row("2013-06", "csc", "vic;kid", "contact", date_precision="approximate"),
            row("2014", "mh", "vic", "disclosure", learned="domestic_abuse"),
            row("2014-05-01", "mh", "per", "admission", learned="mental_ill_health;suicidality"),
        ],
    }
    for name, rows in cases.items():
        neo4j.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j.settings.database)
        case = load_case(write_case(tmp_path / name, rows))
        assert_agree(neo4j, case)


def test_edge_cases_hand_made(neo4j, tmp_path):
    """The boundaries the analyses turn on: the first abuse row by latest possible day (blind_spots), blank-learned
    shares on the same day as / before the sender's own knowing row, shares to itself and to forums only, abuse with
    the perpetrator not recorded at the relationship's start, the fatal incident, two victims with no pair declared."""
    import copy

    from casekit import BASE_MANIFEST

    two_victims = copy.deepcopy(BASE_MANIFEST)
    two_victims["people"] = BASE_MANIFEST["people"] + [{"id": "vic2", "pseudonym": "Vicky", "role": "victim"}]
    two_victims["relationships"] = [{"person": "vic", "other": "kid", "type": "parent"}]
    cases = {
        "blind_first_by_latest_day": ([
            row("2013", "police", "vic;per", "incident", learned="domestic_abuse"),
            row("2013-06-01", "gp", "vic;per", "disclosure", learned="domestic_abuse"),
            row("2014-02-01", "csc", "vic", "contact"),
            row("2014-02-01", "mh", "per", "contact", event_id="a-first"),
        ], None),
        "blank_share_boundaries": ([
            row("2013-03-01", "police", "vic;per", "incident", learned="relationship"),
            row("2013-03-01", "police", "vic", "information_share", shared_with="idva", event_id="p-same-day"),
            row("2013-02", "police", "per", "information_share", shared_with="gp", event_id="p-month-before"),
            row("2013-04-01", "police", "kid", "information_share", shared_with="csc", event_id="p-not-about-pair"),
            row("2013-04-02", "police", "vic", "information_share", shared_with="police;marac", event_id="p-self-forum"),
            row("2013-04-03", "police", "vic;per", "referral", learned="mental_ill_health", referral_to="mh"),
            row("2013-05-01", "idva", "vic", "information_share", shared_with="probation"),
            row("2013-05-02", "gp", "vic;per", "contact", learned="domestic_abuse"),
            row("2015-03-01", "police", "vic;per", "fatal_incident", learned="domestic_abuse", shared_with="csc"),
        ], None),
        "unattributed_at_relationship_start": ([
            row("2011-12", "gp", "vic", "disclosure", learned="domestic_abuse"),
            row("2011-12-31", "mh", "vic", "disclosure", learned="domestic_abuse"),
            row("2012-01-01", "csc", "vic", "disclosure", learned="domestic_abuse", shared_with="idva"),
            row("2012", "probation", "vic", "disclosure", learned="domestic_abuse", date_precision="approximate"),
        ], None),
        "two_victims_none_declared": ([
            row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse;relationship", shared_with="gp"),
            row("2013-01-06", "police", "vic2;per", "incident", learned="domestic_abuse"),
            row("2013-02", "gp", "vic2", "appointment", risk_level="high", risk_score="17"),
            row("2013-03", "gp", "per", "appointment", learned="self_harm"),
            row("2013", "gp", "per", "information_share", shared_with="mh;mappa"),
        ], two_victims),
    }
    for name, (rows, manifest) in cases.items():
        neo4j.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j.settings.database)
        case = load_case(write_case(tmp_path / name, rows, manifest))
        assert_agree(neo4j, case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_chair_cases(neo4j, tmp_path, case: ChairCase):
    """Every chair's case (tests/chair_cases.py), the answers of which test_chair_cases.py holds on the embedded
    engine, gives the same rows and the same report from Neo4j."""
    assert_agree(neo4j, load_case(case.write(tmp_path)))
