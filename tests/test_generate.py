"""Generated corpora: deterministic, valid, varied, and both engines find exactly the planted patterns."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from graphdhr.cli import app
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.generate import generate_corpus
from graphdhr.loaders import load_case
from graphdhr.report import build_findings


def tree_hash(root) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    made = generate_corpus(root, 24, seed=5, rows_min=50, rows_max=600)
    return root, made


def found(case):
    engine = EmbeddedEngine([case])
    return sorted((f.rule_id, f.agencies) for f in build_findings(engine, case.case_id, engine.directory(case.case_id)))


def planted(g):
    return sorted((p["rule_id"], tuple(p["agencies"])) for p in g.planted)


def test_same_seed_same_corpus(tmp_path):
    generate_corpus(tmp_path / "a", 4, seed=9, rows_max=300)
    generate_corpus(tmp_path / "b", 4, seed=9, rows_max=300)
    generate_corpus(tmp_path / "c", 4, seed=10, rows_max=300)
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")
    assert tree_hash(tmp_path / "a") != tree_hash(tmp_path / "c")


def test_cases_are_valid_and_varied(corpus):
    root, made = corpus
    cases = [load_case(g.folder) for g in made]
    assert all(5 <= len(c.agencies) <= 20 for c in cases)
    assert all(50 <= len(c.events) <= 600 for c in cases)
    precisions = {e.date.precision for c in cases for e in c.events}
    assert {"day", "month", "approximate"} <= precisions
    assert any(e.recorded_as for c in cases for e in c.events), "no row written under an alias"
    assert any(len(c.files) == 2 for c in cases) and any(len(c.files) > 2 for c in cases)  # combined and per agency
    patterns = {p["pattern"] for g in made for p in g.planted}
    assert patterns == {"silo", "blind_spot", "missed_escalation", "release_without_notice"}
    assert any(not g.planted for g in made)
    answers = json.loads((root / "planted.json").read_text())
    assert set(answers["cases"]) == {g.case_id for g in made}


def test_embedded_engine_finds_exactly_what_was_planted(corpus):
    _root, made = corpus
    for g in made:
        assert found(load_case(g.folder)) == planted(g), g.case_id


@pytest.mark.neo4j
def test_neo4j_finds_exactly_what_was_planted(corpus, neo4j):
    _root, made = corpus
    for g in made[:10]:
        case = load_case(g.folder)
        neo4j.load(case)
        got = sorted((f.rule_id, f.agencies) for f in build_findings(neo4j, case.case_id, neo4j.directory(case.case_id)))
        assert got == planted(g), g.case_id


def test_generate_command(tmp_path):
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "out"), "--cases", "3", "--seed", "2",
                                      "--rows-max", "200"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "planted.json").is_file()
    validated = CliRunner().invoke(app, ["validate", *[str(p) for p in sorted((tmp_path / "out").glob("gen-*"))]])
    assert validated.exit_code == 0 and validated.output.count("is valid") == 3
