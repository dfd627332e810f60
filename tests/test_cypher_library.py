"""The Cypher library: each shared clause written once (fragments), files that paste into Neo4j Browser as they are,
rule defaults taken from the rules file, and every file run on a real Neo4j exactly as Browser runs it."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ROOT

from graphdhr.engines.embedded import ANALYSES
from graphdhr.queries import (
    LibraryError,
    catalogue,
    collapse,
    expand,
    expected_file_texts,
    fragments,
    include_blocks,
    parse_query_file,
    split_statements,
)
from graphdhr.rules import load_rules, rule_query_params

CYPHER = ROOT / "cypher"
QUERY_FILES = sorted(CYPHER.glob("*.cypher"))
FRAGMENT_FILES = sorted((CYPHER / "fragments").glob("*.cypher"))
_NOT_CODE = re.compile(r"^[\s(){}\[\],;]*$")  # blank, or lone brackets
# A line is copied when it and the code line next to it appear together, word for word, in another file: a copied
# clause, not one shared idiom such as `WITH x` or `CALL (c) {`.
RUN = 2
MAX_COPIED = 0.10


def _code_lines(text: str) -> list[str]:
    return [s for line in text.splitlines()
            if (s := line.strip()) and not s.startswith(("//", ":")) and not _NOT_CODE.match(s)]


def copied_share(texts: dict[str, list[str]], run: int) -> tuple[int, int]:
    """(copied code lines, all code lines) over the files: lines in a run of `run` consecutive code lines that
    appear in the same order in another file."""
    where: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for name, lines in texts.items():
        for i in range(len(lines) - run + 1):
            where[tuple(lines[i : i + run])].add(name)
    copied = total = 0
    for name, lines in texts.items():
        marked = [False] * len(lines)
        for i in range(len(lines) - run + 1):
            if len(where[tuple(lines[i : i + run])]) > 1:
                marked[i : i + run] = [True] * run
        copied += sum(marked)
        total += len(lines)
    return copied, total


def test_cypher_is_written_once():
    """Query files count as they are written (each include block as its include line), each fragment once."""
    texts = {p.name: _code_lines(collapse(p.read_text(encoding="utf-8"))) for p in QUERY_FILES}
    texts.update({f"fragments/{p.name}": _code_lines(p.read_text(encoding="utf-8")) for p in FRAGMENT_FILES})
    copied, total = copied_share(texts, RUN)
    single, _ = copied_share(texts, 1)
    print(f"\ncopied Cypher code lines: {copied} of {total} ({copied / total:.1%}) in runs of {RUN}; "
          f"{single} ({single / total:.1%}) counting single lines found elsewhere")
    assert copied / total <= MAX_COPIED, f"{copied / total:.1%} of the Cypher code lines are copied between files"


def test_copied_share_counts_a_pasted_clause():
    """The measure sees a clause pasted into a second file, and not one idiom alone."""
    clause = ["MATCH (v:Person {role: 'victim'})", "MATCH (p:Person {role: 'perpetrator'})", "RETURN v, p"]
    assert copied_share({"a": clause, "b": ["WITH x", *clause]}, RUN) == (6, 7)
    assert copied_share({"a": ["WITH x", "RETURN 1"], "b": ["WITH x", "RETURN 2"]}, RUN) == (0, 4)


def test_every_include_block_holds_its_fragment():
    for path in QUERY_FILES:
        text = path.read_text(encoding="utf-8")
        for name, block in include_blocks(text):
            expected = expand(block.splitlines()[0] + "\n").rstrip("\n")
            assert block == expected, (
                f"{path.name}: the '{name}' block differs from cypher/fragments/{name}.cypher; "
                "run python scripts/cypher_sync.py"
            )


def test_files_are_in_sync_with_fragments_and_rule_defaults():
    stale = [p.name for p, text in expected_file_texts(CYPHER, rule_query_params()).items() if p.read_text(encoding="utf-8") != text]
    assert not stale, f"run python scripts/cypher_sync.py: {stale}"


def test_rule_param_lines_are_the_rules_file_defaults():
    rules = load_rules()
    for rule in rules.rules:
        declared = catalogue()[rule.cypher].params
        values = rules.params_for(rule)
        for key, value in rule.params.items():
            assert declared[key] == value, (rule.cypher, key)
        for key in set(declared) - {"case_id"}:
            assert declared[key] == values[key], (rule.cypher, key)


def test_a_changed_default_changes_the_rule_file(monkeypatch):
    """The sync step reads the rules file: a different default there gives a different `:param` line."""
    import graphdhr.rules as rules_module

    real = rules_module.load_rules

    def changed(override=None):
        rule_set = real(override)
        rule = rule_set.get("marac.visible_high_risk")
        object.__setattr__(rule, "params", {**rule.params, "score_threshold": 99})
        return rule_set

    monkeypatch.setattr(rules_module, "load_rules", changed)
    path = CYPHER / "rule_marac_visible_high_risk.cypher"
    text = expected_file_texts(CYPHER, rule_query_params())[path]
    assert ":param score_threshold => 99;" in text
    assert ":param score_threshold => 99;" not in path.read_text(encoding="utf-8")


def test_the_catalogue_expands_blocks_from_the_fragment_not_the_file():
    text = (CYPHER / "silos.cypher").read_text(encoding="utf-8")
    tampered = text.replace("MATCH (c:Case {case_id: case_key})", "MATCH (c:Case {case_id: 'tampered'})")
    assert tampered != text
    assert parse_query_file("silos", tampered).text == catalogue()["silos"].text
    assert "tampered" not in parse_query_file("silos", tampered).text


def test_library_errors_name_the_fragment():
    with pytest.raises(LibraryError, match="no_such_fragment"):
        expand("// include: no_such_fragment\nRETURN 1\n")
    with pytest.raises(LibraryError, match="a -> b -> a"):
        expand("// include: a\n", {"a": "// include: b\n", "b": "// include: a\n"})


def test_every_fragment_is_used():
    used = {name for p in QUERY_FILES for name, _ in include_blocks(p.read_text(encoding="utf-8"))}
    used |= {m for text in fragments().values() for m in re.findall(r"// include: (\w+)", text)}
    assert set(fragments()) <= used, set(fragments()) - used


def test_the_driver_receives_complete_cypher_without_browser_commands():
    for name, q in catalogue().items():
        assert "// include:" not in q.text or "// end include:" in q.text, name
        assert not any(line.startswith(":") for line in q.text.splitlines()), name
        if q.kind != "schema":
            assert len(split_statements(q.text)) == 1, name


def test_every_file_states_its_neo4j_version_and_sets_its_parameters_in_browser_syntax():
    for path in QUERY_FILES:
        text = path.read_text(encoding="utf-8")
        assert "// requires: Neo4j 5.26" in text, path.name
        assert "// :param" not in text, path.name
        q = catalogue()[path.stem]
        if "$" in q.text:
            assert q.params, path.name
        for name in set(re.findall(r"\$(\w+)", q.text)):
            assert name in q.params, f"{path.name}: ${name} has no :param line"


def test_graph_queries_have_no_python_twin_and_analyses_do():
    kinds = {name: q.kind for name, q in catalogue().items()}
    graph = {name for name, kind in kinds.items() if kind == "graph"}
    assert {"case_graph", "finding_evidence", "knowledge_flow", "known_on_date", "search_events"} <= graph
    assert not graph & set(ANALYSES)
    assert "pairs" in ANALYSES and kinds["pairs"] == "analysis"


def test_browser_split():
    text = ":param a => 'x; y';\n:param b => [1, 2];\n\n// a comment; with a semicolon\nMATCH (n {s: 'a;b'})\nRETURN n\n"
    assert split_statements(text) == [":param a => 'x; y'", ":param b => [1, 2]", "MATCH (n {s: 'a;b'})\nRETURN n"]


# -- on a real Neo4j ------------------------------------------------------------------------------------------------

def run_as_browser(engine, path: Path) -> list[tuple[list[str], list]]:
    """Run a file as Neo4j Browser runs a multi-statement paste: each `:param name => expression` evaluated on the
    server and kept, then each statement with the parameters set so far. (keys, records) per statement."""
    params: dict = {}
    results = []
    with engine.driver.session(database=engine.settings.database) as session:
        for statement in split_statements(path.read_text(encoding="utf-8")):
            if statement.startswith(":param"):
                m = re.match(r":param\s+(\w+)\s*=>\s*(.+)$", statement, re.S)
                assert m, statement
                params[m[1]] = session.run(f"RETURN {m[2]} AS value").single()["value"]
                continue
            assert not statement.startswith(":"), statement
            result = session.run(statement, params)
            results.append((list(result.keys()), list(result)))
    return results


def _graph_items(value) -> int:
    from neo4j.graph import Node, Path as GraphPath, Relationship

    if isinstance(value, (Node, Relationship)):
        return 1
    if isinstance(value, GraphPath):
        return len(value.nodes) + len(value.relationships)
    if isinstance(value, list):
        return sum(_graph_items(v) for v in value)
    if isinstance(value, dict):
        return sum(_graph_items(v) for v in value.values())
    return 0


@pytest.mark.neo4j
def test_every_file_runs_as_pasted_into_browser(neo4j, lottie):
    from graphdhr.corpus import build_corpus_report
    from graphdhr.findings import stored_findings

    neo4j.load(lottie)
    build_corpus_report(neo4j, None, on_findings=lambda case_id, found: neo4j.store_findings(case_id, stored_findings(case_id, found)))
    for path in QUERY_FILES:
        q = catalogue()[path.stem]
        results = run_as_browser(neo4j, path)
        if q.kind == "schema":
            assert len(results) == len(q.statements()) > 0
            continue
        [(keys, records)] = results
        assert keys == list(q.columns), path.name
        if q.kind == "graph":
            assert records and sum(_graph_items(list(r.values())) for r in records) > 0, path.name
        else:  # what the library sends the driver with the same parameters gives the same rows
            assert len(records) == len(neo4j.run_query(path.stem, dict(q.params))[1]), path.name


@pytest.mark.neo4j
def test_full_text_search_finds_a_word_of_the_details(neo4j, lottie):
    neo4j.load(lottie)
    word = "overdose"
    expected = sorted(e.event_id for e in lottie.events if word in (e.details or "").lower())
    assert expected
    _, rows = neo4j.run_query("search_events", {"case_id": "lottie", "search": word})
    found = sorted(r["found"].end_node["event_id"] for r in rows)
    assert found == expected
    _, none = neo4j.run_query("search_events", {"case_id": "another-case", "search": word})
    assert none == []


@pytest.mark.neo4j
def test_pairs_agree_with_the_embedded_twin(neo4j, lottie, tmp_path):
    from casekit import row, write_case

    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case

    neo4j.load(lottie)
    undeclared = load_case(write_case(tmp_path / "c", [row("2013-01-05", "police", "vic;per", "incident")]))
    neo4j.load(undeclared)
    embedded = EmbeddedEngine([lottie, undeclared])
    assert neo4j.run("pairs") == embedded.run("pairs")
    [lottie_pair] = neo4j.run("pairs", "lottie")
    assert lottie_pair["relationship_type"] == "intimate_partner" and lottie_pair["from_start"] is not None


def test_the_cookbook_has_every_query_and_a_picture_of_every_graph_query():
    cookbook = (ROOT / "docs" / "cookbook.md").read_text(encoding="utf-8")
    for name, q in catalogue().items():
        assert f"\n### {name}\n" in cookbook, f"docs/cookbook.md has no section for {name}"
        if q.kind == "graph":
            picture = ROOT / "docs" / "cookbook" / f"{name}.svg"
            assert f"(cookbook/{name}.svg)" in cookbook and picture.exists(), name
            assert "<svg" in picture.read_text(encoding="utf-8")


def test_vocabulary_fragments_hold_the_python_vocabulary():
    """The word lists Cypher cannot import are written once as fragments and held equal to graphdhr/vocab.py."""
    import ast

    from graphdhr import vocab

    def listed(name: str) -> tuple[str, ...]:
        text = (CYPHER / "fragments" / f"{name}.cypher").read_text(encoding="utf-8")
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        return tuple(ast.literal_eval(code.strip()))

    assert listed("reached_outcomes") == vocab.REACHED_OUTCOMES
    assert listed("perpetrator_roles") == vocab.PERPETRATOR_ROLES
    assert listed("abuse_facts") == vocab.ABUSE_FACTS
    assert listed("not_made_outcomes") == vocab.NOT_MADE_OUTCOMES
    assert listed("not_reached_outcomes") == vocab.NOT_REACHED_OUTCOMES
    assert listed("health_facts") == vocab.HEALTH_FACTS
    assert listed("new_information_types") == vocab.NEW_INFORMATION_TYPES
    assert listed("told_topics") == vocab.TOLD_TOPICS
    assert listed("household_facts") == vocab.HOUSEHOLD_FACTS
