"""The Neo4j engine against a real server: loading, idempotence, atomicity, many cases, provenance, safety."""

from __future__ import annotations

import dataclasses
import json
import os
import re

import pytest
from casekit import BASE_MANIFEST, row, write_case
from conftest import EXAMPLE
from typer.testing import CliRunner

from graphdhr import schema as S
from graphdhr.cli import app
from graphdhr.analyses import run_analysis
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.queries import catalogue
from graphdhr.rules import rule_query_params

pytestmark = pytest.mark.neo4j


def counts(neo4j, case_id=None):
    rows = neo4j.cypher(
        "MATCH (n) WHERE $case_id IS NULL OR n.case_id = $case_id "
        "OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels",
        {"case_id": case_id},
    )[1][0]
    return rows["nodes"], rows["rels"]


def test_load_matches_the_schema_records(neo4j, lottie):
    result = neo4j.load(lottie)
    nodes, rels = S.graph_records(lottie)
    assert result.status == "loaded"
    assert counts(neo4j, "lottie") == (len(nodes), len(rels))
    labels = neo4j.cypher("MATCH (n {case_id: 'lottie'}) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY l", {})[1]
    expected = {}
    for n in nodes:
        expected[n.label] = expected.get(n.label, 0) + 1
    assert {r["l"]: r["c"] for r in labels} == expected


def test_loading_twice_changes_nothing(neo4j, lottie):
    neo4j.load(lottie)
    before = neo4j.cypher("MATCH (n {case_id: 'lottie'}) RETURN collect(DISTINCT toString(n.loaded_at)) AS t", {})[1]
    snapshot = counts(neo4j)
    again = neo4j.load(lottie)
    assert again.status == "unchanged"
    assert counts(neo4j) == snapshot
    after = neo4j.cypher("MATCH (n {case_id: 'lottie'}) RETURN collect(DISTINCT toString(n.loaded_at)) AS t", {})[1]
    assert before == after


def test_a_changed_case_is_replaced_whole(neo4j, tmp_path):
    first = load_case(write_case(tmp_path / "a", [row("2013-01-05", "police", "vic;per", "incident"),
                                                   row("2013-02-05", "gp", "vic", "appointment")]))
    neo4j.load(first)
    second = load_case(write_case(tmp_path / "b", [row("2013-01-05", "police", "vic;per", "incident")]))
    assert neo4j.load(second).status == "replaced"
    events = neo4j.cypher("MATCH (e:Event {case_id: 't1'}) RETURN e.event_id AS id ORDER BY id", {})[1]
    assert [e["id"] for e in events] == ["combined-2"]
    assert counts(neo4j, "t1") == tuple(len(x) for x in S.graph_records(second))


def test_a_failed_load_leaves_nothing(neo4j, lottie, monkeypatch):
    original = S.graph_records

    def broken(case):
        nodes, rels = original(case)
        # A property value Neo4j cannot store (a map): the load fails after the nodes are written.
        bad = dataclasses.replace(rels[-1], props={**rels[-1].props, "bad": {"nested": "maps are not properties"}})
        return nodes, rels[:-1] + [bad]

    monkeypatch.setattr(S, "graph_records", broken)
    with pytest.raises(Exception):
        neo4j.load(lottie)
    assert counts(neo4j, "lottie") == (0, 0)


def test_several_cases_in_one_database_scoped_or_across(neo4j, lottie, tmp_path):
    # Police record abuse and pass it to no one: a silo in t1 (a relationship alone, with no abuse recorded
    # anywhere, is no silo: docs/rules.md, "Silos").
    other = load_case(write_case(tmp_path / "c", [row("2013-01-05", "police", "vic;per", "incident",
                                                      learned="domestic_abuse;relationship")]))
    neo4j.load(lottie)
    neo4j.load(other)
    assert neo4j.case_ids() == ["lottie", "t1"]
    silos_all = neo4j.run("silos", None)
    assert {r["case_id"] for r in silos_all} == {"lottie", "t1"}
    assert neo4j.run("silos", "t1") == run_analysis(EmbeddedEngine([other]), "silos", "t1")
    assert neo4j.run("silos", "lottie") == [r for r in silos_all if r["case_id"] == "lottie"]


def test_provenance_on_every_node_and_relationship(neo4j, lottie):
    neo4j.load(lottie)
    missing = neo4j.cypher(
        "MATCH (n) WHERE n.case_id IS NULL OR n.loaded_at IS NULL RETURN count(n) AS c", {})[1][0]["c"]
    assert missing == 0
    rels = neo4j.cypher(
        "MATCH ()-[r]->() WHERE r.case_id IS NULL OR r.loaded_at IS NULL RETURN count(r) AS c", {})[1][0]["c"]
    assert rels == 0
    unsourced = neo4j.cypher(
        "MATCH (e:Event) WHERE e.source_ref IS NULL OR e.agency_id IS NULL OR e.source_file IS NULL "
        "RETURN count(e) AS c", {})[1][0]["c"]
    assert unsourced == 0
    chronology_rels = neo4j.cypher(
        "MATCH ()-[r:RECORDED|CONCERNS|REFERRED_TO|SHARED_WITH]->() WHERE r.source_ref IS NULL RETURN count(r) AS c",
        {})[1][0]["c"]
    assert chronology_rels == 0


INJECTION = "'}) DETACH DELETE n //"
INJECTION_2 = '"}) MATCH (x) DETACH DELETE x RETURN 1 //'


def test_cypher_in_any_field_is_stored_as_text(neo4j, tmp_path, lottie):
    neo4j.load(lottie)
    before = counts(neo4j, "lottie")
    manifest = {**BASE_MANIFEST, "title": INJECTION, "area": INJECTION_2,
                "people": [{**BASE_MANIFEST["people"][0], "pseudonym": INJECTION, "aliases": [INJECTION_2]},
                           *BASE_MANIFEST["people"][1:]],
                "agencies": [{**BASE_MANIFEST["agencies"][0], "name": INJECTION_2, "area": INJECTION},
                             *BASE_MANIFEST["agencies"][1:]]}
    case = load_case(write_case(tmp_path / "x", [
        row("2013-01-05", "police", "vic;per", "incident", details=INJECTION, source_ref=INJECTION_2,
            learned="relationship", risk_tool=INJECTION),
        row("2013-01-06", "gp", INJECTION_2, "contact", details=INJECTION_2, source_ref=INJECTION),
    ], manifest=manifest))
    neo4j.load(case)
    assert counts(neo4j, "lottie") == before
    stored = neo4j.cypher("MATCH (e:Event {case_id: 't1'}) RETURN e.details AS d, e.source_ref AS s ORDER BY d", {})[1]
    assert {r["d"] for r in stored} == {INJECTION, INJECTION_2}
    title = neo4j.cypher("MATCH (c:Case {case_id: 't1'}) RETURN c.title AS t, c.area AS a", {})[1][0]
    assert (title["t"], title["a"]) == (INJECTION, INJECTION_2)
    alias = neo4j.cypher("MATCH (a:Alias {case_id: 't1'})-[:ALIAS_OF]->(p:Person) RETURN a.name AS n, p.pseudonym AS p",
                         {})[1]
    assert alias == [{"n": INJECTION_2, "p": INJECTION}]
    assert run_analysis(EmbeddedEngine([case]), "silos", "t1") == neo4j.run("silos", "t1")


def test_every_query_file_runs_with_its_declared_parameters_and_columns(neo4j, lottie):
    neo4j.load(lottie)
    for name, q in catalogue().items():
        if q.kind == "schema":
            continue
        params = dict(q.params)
        columns, rows = neo4j.run_query(name, params)
        assert columns == list(q.columns), name
        assert all(list(r) == list(q.columns) for r in rows), name


def test_schema_creates_a_constraint_for_every_key(neo4j):
    names = {r["labels"][0]: r["properties"] for r in neo4j.cypher(
        "SHOW CONSTRAINTS YIELD labelsOrTypes AS labels, properties RETURN labels, properties", {})[1]}
    for label, key in S.KEYS.items():
        expected = ["case_id"] if label == S.CASE else ["case_id", key]
        assert names[label] == expected, label


def _operators(plan) -> set[str]:
    ops = {plan["operatorType"].split("@")[0]}
    for child in plan.get("children", []):
        ops |= _operators(child)
    return ops


def test_case_scoped_queries_use_index_seeks(neo4j, lottie, tmp_path):
    neo4j.load(lottie)
    neo4j.load(load_case(write_case(tmp_path / "c", [row("2013-01-05", "police", "vic;per", "incident")])))
    with neo4j.driver.session(database=neo4j.settings.database) as session:
        # Every rule is held to the same seeks as the analyses: on a database of many cases, one label scan in
        # one subquery makes a case's report read every case.
        rules = {name: params for name, (params, _own) in rule_query_params().items()}
        for name in ("silos", "agency_knowledge", "blind_spots", *rules):
            params = {**rules.get(name, {}), "case_id": "lottie"}
            summary = session.run("PROFILE " + catalogue()[name].text, params).consume()
            ops = _operators(summary.profile)
            assert any("NodeIndexSeek" in op or "NodeUniqueIndexSeek" in op for op in ops), (name, ops)
            assert not any(op in ("AllNodesScan", "NodeByLabelScan") for op in ops), (name, ops)


runner = CliRunner()


def test_cli_load_then_report_from_neo4j_matches_the_embedded_report(neo4j):
    dry = runner.invoke(app, ["load", str(EXAMPLE), "--dry-run"])
    assert neo4j.case_ids() == []  # a dry run stores nothing
    loaded = runner.invoke(app, ["load", str(EXAMPLE), "--neo4j"])
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.startswith("lottie: loaded")
    # The dry run counted what the load stored.
    counts = re.fullmatch(r"lottie: loaded \((\d+) nodes, (\d+) relationships\)", loaded.output.strip())
    assert counts and dry.stdout.splitlines()[1] == f"lottie: would load {counts[1]} nodes, {counts[2]} relationships"
    again = runner.invoke(app, ["load", str(EXAMPLE), "--neo4j"])
    assert again.output.strip() == "lottie: unchanged"
    server = runner.invoke(app, ["report", "--case", "lottie", "--neo4j"])
    local = runner.invoke(app, ["report", str(EXAMPLE)])
    assert server.exit_code == 0 and local.exit_code == 0, server.output
    assert server.output.replace("on the neo4j engine", "on the embedded engine") == local.output
    assert server.stderr == ""  # no status line when stderr is not a terminal


def test_cli_report_with_a_folder_and_neo4j_loads_it_first(neo4j):
    server = runner.invoke(app, ["report", str(EXAMPLE), "--neo4j", "--format", "json"])
    assert server.exit_code == 0, server.output
    assert neo4j.case_ids() == ["lottie"]
    local = runner.invoke(app, ["report", str(EXAMPLE), "--format", "json"])
    assert server.stdout.replace('"engine": "neo4j"', '"engine": "embedded"') == local.stdout


def test_cli_case_not_loaded_is_a_usage_error(neo4j):
    result = runner.invoke(app, ["report", "--case", "lottie", "--neo4j"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --case: no case 'lottie' is loaded into Neo4j")


def test_cli_query_on_the_server(neo4j):
    neo4j.load(load_case(EXAMPLE))
    result = runner.invoke(app, ["query", "silos", "--neo4j", "--param", "case_id=lottie", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "tvp" in result.output and result.output.startswith("case_id,agency_id,topic")
    # The same rows as the embedded twin on the case folder (a map's keys come back from Neo4j in any order).
    server = runner.invoke(app, ["query", "silos", "--neo4j", "--param", "case_id=lottie", "--format", "json"])
    embedded = runner.invoke(app, ["query", "silos", str(EXAMPLE), "--format", "json"])
    assert embedded.exit_code == 0 and json.loads(embedded.stdout) == json.loads(server.stdout)


def test_cli_query_with_a_folder_and_neo4j_loads_it_and_runs_on_it(neo4j):
    name = "rule_marac_potential_escalation"
    result = runner.invoke(app, ["query", name, str(EXAMPLE), "--neo4j", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert neo4j.case_ids() == ["lottie"]
    embedded = runner.invoke(app, ["query", name, str(EXAMPLE), "--format", "json"])
    server_rows, embedded_rows = json.loads(result.stdout), json.loads(embedded.stdout)
    assert server_rows  # the rule fires on the worked example (its summary's 1.7.7)
    # The same rows; a rule's rows carry no order.
    assert sorted(json.dumps(r, sort_keys=True) for r in server_rows) == sorted(
        json.dumps(r, sort_keys=True) for r in embedded_rows)


def test_wrong_password_is_exit_3_naming_the_uri_never_the_password(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "definitely-Wrong-9")
    result = runner.invoke(app, ["report", "--case", "lottie", "--neo4j"])
    assert result.exit_code == 3
    assert os.environ["NEO4J_URI"] in result.output
    assert "definitely-Wrong-9" not in result.output
    assert re.search(r"refused the credentials", result.output)


def test_routing_uri_scheme_works_as_for_a_cluster_or_aura(neo4j, lottie):
    """neo4j:// (routing, as a cluster or Aura uses) reaches the same server as bolt://."""
    from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings

    routed = Neo4jSettings(neo4j.settings.uri.replace("bolt://", "neo4j://"), neo4j.settings.username,
                           neo4j.settings.password, neo4j.settings.database)
    neo4j.load(lottie)
    with Neo4jEngine(routed) as engine:
        assert engine.case_ids() == ["lottie"]
        assert engine.run("silos", "lottie") == neo4j.run("silos", "lottie")
