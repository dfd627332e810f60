"""Shared fixtures: a real Neo4j server when one is given, small case folders, the example case."""

from __future__ import annotations

import fcntl
import os
import re
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lottie"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/casekit.py


def _missing(what: str) -> None:
    """Outside CI a missing server or browser skips its tests; in CI it fails them (they must never skip there)."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI", pytrace=False)
    pytest.skip(f"{what} not available (run the tests through scripts/test, which provides it)")


@pytest.fixture(scope="session")
def neo4j_server():
    """An engine on the Neo4j server named by NEO4J_URI (scripts/test starts one)."""
    if not os.environ.get("NEO4J_URI"):
        _missing("a Neo4j server (NEO4J_URI)")
    from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings

    # Every Neo4j test empties the database first, so two test runs against one server (a developer's second
    # terminal, a second checkout) would delete each other's data mid-test. Each run holds a lock named after the
    # server for as long as it uses it; a second run waits for the first.
    settings = Neo4jSettings.from_env()
    server = re.sub(r"[^A-Za-z0-9]+", "-", settings.uri)
    with open(Path(tempfile.gettempdir()) / f"graphdhr-tests-{server}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        engine = Neo4jEngine(settings)
        try:
            engine.ensure_schema()
            yield engine
        finally:
            engine.close()


@pytest.fixture
def neo4j(neo4j_server):
    """The Neo4j engine on an emptied database."""
    neo4j_server.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_server.settings.database)
    return neo4j_server


@pytest.fixture(scope="session")
def lottie():
    from graphdhr.loaders import load_case

    return load_case(EXAMPLE)
