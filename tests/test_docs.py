"""The documentation tells the truth: the CLI reference is the live --help, and the README's two commands are the
ones CI runs."""

from __future__ import annotations

import importlib.util
import re

from conftest import ROOT


def test_cli_reference_is_current():
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Compared word for word: typer's patch releases re-wrap help text, which is not drift.
    def words(text: str) -> list[str]:
        return [w for w in text.split() if w.strip("─│╭╮╰╯")]

    assert words(module.TARGET.read_text(encoding="utf-8")) == words(module.render()), (
        "docs/cli.md is stale: run .venv/bin/python scripts/cli_docs.py"
    )


def test_readme_gives_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```\n(.+?)\n```", section)
    assert commands == ["./scripts/demo", "./scripts/test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./scripts/test" in ci


def test_docker_compose_pins_the_neo4j_version_the_tests_run():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    local = (ROOT / "scripts" / "neo4j-local").read_text(encoding="utf-8")
    [tag] = re.findall(r"image:\s*neo4j:(\S+)-community", compose)
    [version] = re.findall(r'NEO4J_VERSION="\$\{NEO4J_VERSION:-([0-9.]+)\}"', local)
    assert tag == version
    assert "NEO4J_AUTH: \"neo4j/${NEO4J_PASSWORD:?" in compose  # never a literal password


def test_every_test_the_guarantees_cite_exists():
    """docs/guarantees.md names, for each promise, the test that holds it: each named test must be there."""
    text = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", text))
    assert cited
    for path, name in sorted(cited):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {name}\(", source, re.MULTILINE), f"{path}::{name} is cited but missing"
    hostile = (ROOT / "tests" / "hostile.py").read_text(encoding="utf-8")
    named = [case for group in re.findall(r"Cases (.+?) in `tests/hostile.py`", text, re.DOTALL)
             for case in re.findall(r'"([^"]+)"', " ".join(group.split()))]
    assert named
    for case in named:
        assert f'Hostile("{case}"' in hostile, f"hostile case {case!r} is cited but missing"
