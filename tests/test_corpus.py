"""Cross-case reports: the counts match what the generator planted, both engines give the same figures, the corpus
queries in cypher/ agree with them, and reloading an unchanged corpus writes nothing."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict

import pytest
from typer.testing import CliRunner

from graphdhr.cli import app
from graphdhr.corpus import build_corpus_report
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.generate import generate_corpus
from graphdhr.loaders import load_case
from graphdhr.render.corpus import render_corpus
from graphdhr.findings import stored_findings


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    made = generate_corpus(root, 12, seed=21, rows_min=50, rows_max=300)
    cases = [load_case(g.folder) for g in made]
    return root, made, cases


def expected(made, cases):
    sectors = {c.case_id: {a.id: a.sector for a in c.agencies} for c in cases}
    rules: dict[str, set[str]] = defaultdict(set)
    moved: dict[str, set[str]] = defaultdict(set)
    told: dict[str, set[str]] = defaultdict(set)
    for g in made:
        for p in g.planted:
            rules[p["rule_id"]].add(g.case_id)
            if p["rule_id"].startswith("silo."):
                moved[sectors[g.case_id][p["agencies"][0]]].add(g.case_id)
            if p["rule_id"] == "blind_spot":
                told[sectors[g.case_id][p["agencies"][0]]].add(g.case_id)
    return rules, moved, told


def test_corpus_counts_match_the_planted_answers(corpus):
    _root, made, cases = corpus
    report = build_corpus_report(EmbeddedEngine(cases))
    rules, moved, told = expected(made, cases)
    assert {r.rule_id: set(r.cases) for r in report.rules} == rules
    assert {s.sector: set(s.cases) for s in report.silo_sectors} == moved
    assert {s.sector: set(s.cases) for s in report.blind_spot_sectors} == told
    assert report.case_ids == tuple(sorted(c.case_id for c in cases))


def test_corpus_command_formats(corpus):
    root, made, _cases = corpus
    folders = [str(g.folder) for g in made]
    result = CliRunner().invoke(app, ["corpus", *folders, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["cases"]) == len(made)
    text = CliRunner().invoke(app, ["corpus", *folders])
    assert "HOW OFTEN EACH RULE FIRED" in text.output
    csv_out = CliRunner().invoke(app, ["corpus", *folders, "--format", "csv"])
    assert csv_out.output.startswith("measure,key,cases,of_cases,findings,case_ids")


@pytest.mark.neo4j
def test_both_engines_and_the_corpus_queries_agree(corpus, neo4j):
    _root, made, cases = corpus
    for case in cases:
        assert neo4j.load(case).status == "loaded"
    stored = {}
    server = build_corpus_report(neo4j, None, on_findings=lambda cid, fs: stored.setdefault(cid, neo4j.store_findings(cid, stored_findings(cid, fs))))
    local = build_corpus_report(EmbeddedEngine(cases))
    assert dataclasses.replace(server, engine="x") == dataclasses.replace(local, engine="x")
    assert render_corpus(server, "json").replace('"neo4j"', '"embedded"') == render_corpus(local, "json")

    rule_rows = neo4j.run_query("corpus_rule_counts")[1]
    assert {r["rule_id"]: r["case_ids"] for r in rule_rows} == {r.rule_id: list(r.cases) for r in local.rules}
    assert {r["rule_id"]: r["findings"] for r in rule_rows} == {r.rule_id: r.findings for r in local.rules}
    moved = neo4j.run_query("corpus_never_moved")[1]
    assert {r["sector"]: r["case_ids"] for r in moved} == {s.sector: list(s.cases) for s in local.silo_sectors}
    told = neo4j.run_query("corpus_never_told")[1]
    assert {r["sector"]: r["case_ids"] for r in told} == {s.sector: list(s.cases) for s in local.blind_spot_sectors}

    # Reloading the unchanged corpus writes nothing.
    before = neo4j.cypher("MATCH (n) WHERE NOT n:Finding RETURN count(n) AS n, "
                          "collect(DISTINCT toString(n.loaded_at)) AS stamps", {})[1]
    assert [neo4j.load(case).status for case in cases] == ["unchanged"] * len(cases)
    after = neo4j.cypher("MATCH (n) WHERE NOT n:Finding RETURN count(n) AS n, "
                         "collect(DISTINCT toString(n.loaded_at)) AS stamps", {})[1]
    assert before == after
