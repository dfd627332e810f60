"""Both engines give the same rows for every analysis, and so the same report, on the same cases."""

from __future__ import annotations

import pytest
from casekit import row, write_case

from graphdhr.engines.embedded import ANALYSES, EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.queries import catalogue
from graphdhr.render.report import render_json
from graphdhr.report import build_report

pytestmark = pytest.mark.neo4j


def assert_agree(neo4j, case) -> None:
    embedded = EmbeddedEngine([case])
    neo4j.load(case)
    for name in ANALYSES:
        assert neo4j.run(name, case.case_id) == embedded.run(name, case.case_id), name
    a = render_json(build_report(embedded, case.case_id)).replace('"engine": "embedded"', "")
    b = render_json(build_report(neo4j, case.case_id)).replace('"engine": "neo4j"', "")
    assert a == b


def test_every_analysis_has_a_cypher_file_and_columns():
    queries = catalogue()
    for name, function in ANALYSES.items():
        assert name in queries, f"cypher/{name}.cypher is missing"
        assert queries[name].columns, f"cypher/{name}.cypher declares no columns"


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
