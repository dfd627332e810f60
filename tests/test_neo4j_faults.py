"""Faults around the Neo4j server, each a promise of docs/guarantees.md ("Faults"): what the model refuses before
anything is written, credentials that are never shown, a server that dies or refuses, loaders that run at once.

The tests marked neo4j run against a real Neo4j 5.26 (scripts/test): the session's server, and, for the kill test
only, a private server of this module's own (scripts/neo4j-local) that is killed with SIGKILL and restarted.
"""

from __future__ import annotations

import copy
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from casekit import BASE_MANIFEST, row, write_case
from conftest import EXAMPLE, ROOT, _missing
from typer.testing import CliRunner

from graphdhr import schema as S
from graphdhr.cli import app
from graphdhr.engines import neo4j as N
from graphdhr.errors import CaseInputError, EngineUnavailableError, UsageError
from graphdhr.loaders import load_case
from graphdhr.model import Case, Where
from graphdhr.queries import query

runner = CliRunner()
PASSWORD_IN_URI = "Uri-Secret-pw-93"


# --- the model refuses what a key constraint would refuse ------------------------------------------------------


def _with(key: str, index: int, **changes: Any) -> dict[str, Any]:
    """The test manifest with one entry of a list (people, agencies, forums) changed."""
    manifest = copy.deepcopy(BASE_MANIFEST)
    manifest[key][index].update(changes)
    return manifest


def _flow_style(folder: Path) -> Path:
    """The same case with `people` written on one line, so that every person is at the same line of case.yaml."""
    path = folder / "case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    people = data.pop("people")
    path.write_text(yaml.safe_dump(data, sort_keys=False)
                    + "people: " + yaml.safe_dump(people, default_flow_style=True, width=10**6), encoding="utf-8")
    return folder


ROWS = [row("2013-01-05", "police", "vic;per", "incident")]
ALIAS_MISTAKES = {
    "an alias listed twice for one person": (_with("people", 0, aliases=["Jo", "Jo"]), False, "listed twice"),
    "an alias listed twice in other letter case": (_with("people", 0, aliases=["Jo", "JO"]), False, "listed twice"),
    "two people sharing an alias": (_with("people", 1, aliases=["V. Smith"]), False, "used for two people"),
    "two people sharing an alias on one line": (_with("people", 1, aliases=["V. Smith"]), True, "used for two people"),
    "an alias that is another person's name, on one line": (_with("people", 1, aliases=["Vera"]), True,
                                                            "used for two people"),
}


@pytest.mark.parametrize("mistake", sorted(ALIAS_MISTAKES))
def test_a_repeated_or_shared_alias_fails_validate_naming_file_line_and_field(mistake: str, tmp_path: Path) -> None:
    manifest, one_line, words = ALIAS_MISTAKES[mistake]
    folder = write_case(tmp_path / "case", ROWS, manifest=manifest)
    if one_line:
        _flow_style(folder)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert re.match(rf"error: {re.escape(str(folder / 'case.yaml'))}, line \d+, field 'people.aliases': ", line), line
    assert words in line


def test_a_case_built_in_code_with_a_shared_alias_fails_its_check(lottie: Any) -> None:
    """People built in code all carry the default place (case.yaml, no line): the check still tells them apart."""
    people = [replace(p, where=Where("case.yaml")) for p in lottie.people]
    people[0] = replace(people[0], aliases=("Shared Name",))
    people[1] = replace(people[1], aliases=("Shared Name",))
    given = {f.name: getattr(lottie, f.name) for f in fields(lottie) if f.init and not f.name.startswith("_")}
    with pytest.raises(CaseInputError, match="used for two people"):
        Case(**{**given, "people": tuple(people)}).check()


def _constrained_labels() -> set[str]:
    """The labels the schema keeps unique, read from cypher/schema.cypher."""
    labels = set()
    for statement in query("schema").statements():
        found = re.match(r"CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(n:(\w+)\) REQUIRE .* IS UNIQUE$", statement)
        if found:
            labels.add(found[1])
    return labels


def _two_cases_one_id(tmp_path: Path) -> list[str]:
    write_case(tmp_path / "a", ROWS)
    write_case(tmp_path / "b", ROWS)
    return ["load", str(tmp_path / "a"), str(tmp_path / "b"), "--dry-run"]


def _validate(manifest: dict[str, Any], rows: list[dict[str, str]] = ROWS) -> Any:
    def args(tmp_path: Path) -> list[str]:
        return ["validate", str(write_case(tmp_path / "case", rows, manifest=manifest))]
    return args


# For each label the schema keeps unique, a case that would break the constraint, and the field that says why.
DUPLICATE_KEYS: dict[str, tuple[Any, str]] = {
    S.CASE: (_two_cases_one_id, "case_id"),
    S.PERSON: (_validate(_with("people", 2, id="vic")), "people.id"),
    S.ALIAS: (_validate(_with("people", 0, aliases=["V. Smith", "V. Smith"])), "people.aliases"),
    S.AGENCY: (_validate(_with("agencies", 1, id="police")), "agencies.id"),
    S.FORUM: (_validate(_with("forums", 1, id="marac")), "forums.id"),
    S.EVENT: (_validate(BASE_MANIFEST, [row("2013-01-05", "police", "vic", event_id="e1"),
                                        row("2013-01-06", "gp", "vic", event_id="e1")]), "event_id"),
}


def test_every_key_the_neo4j_schema_keeps_unique_is_checked_before_anything_is_written(tmp_path: Path,
                                                                                         lottie: Any) -> None:
    """A new constraint in cypher/schema.cypher fails this test until the model (or the writer) checks it."""
    from graphdhr.corpus import tally_case
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.findings import stored_findings
    from graphdhr.rules import load_rules

    assert _constrained_labels() == {*DUPLICATE_KEYS, S.FINDING}
    for label, (make_args, field_name) in DUPLICATE_KEYS.items():
        result = runner.invoke(app, make_args(tmp_path / label))
        assert result.exit_code == 2, (label, result.output)
        [line] = result.stderr.splitlines()
        assert f"field '{field_name}'" in line, (label, line)
    # Findings are not read from a case: the writer numbers them, one id each.
    found: list[Any] = []
    tally_case(EmbeddedEngine([lottie]), "lottie", load_rules(), on_findings=lambda _, f: found.extend(f))
    ids = [f["finding_id"] for f in stored_findings("lottie", found)]
    assert len(ids) > 5 and len(set(ids)) == len(ids)


# --- credentials in the URI are never shown ---------------------------------------------------------------------


@pytest.mark.parametrize(("given", "shown"), [
    ("bolt://neo4j:pw@127.0.0.1:7687", "bolt://***@127.0.0.1:7687"),
    ("neo4j+s://neo4j:p@ss/w#rd@db.example.org:7687?policy=eu", "neo4j+s://***@db.example.org:7687?policy=eu"),
    ("bolt://just-a-user@127.0.0.1", "bolt://***@127.0.0.1"),
    ("neo4j:pw@127.0.0.1:7687", "***@127.0.0.1:7687"),
    ("bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687"),
])
def test_a_uri_is_shown_without_its_user_and_password(given: str, shown: str) -> None:
    assert N.redact_uri(given) == shown


def test_settings_refuse_a_uri_carrying_credentials_without_showing_them() -> None:
    with pytest.raises(UsageError) as refused:
        N.Neo4jSettings(f"bolt://neo4j:{PASSWORD_IN_URI}@127.0.0.1:7687", "neo4j", "pw", "neo4j")
    assert PASSWORD_IN_URI not in str(refused.value) and "bolt://***@127.0.0.1:7687" in str(refused.value)
    assert refused.value.exit_code == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _assert_credentials_refused_unseen(result: Any, host_port: str) -> None:
    assert result.exit_code == 2, result.output
    assert PASSWORD_IN_URI not in result.output and "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --neo4j-uri: ") and f"bolt://***@{host_port}" in line, line


def test_a_password_in_the_uri_is_never_printed_closed_port(monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port()
    monkeypatch.setenv("NEO4J_PASSWORD", "env-password-1")
    monkeypatch.setenv("NEO4J_URI", f"bolt://neo4j:{PASSWORD_IN_URI}@127.0.0.1:{port}")
    _assert_credentials_refused_unseen(runner.invoke(app, ["load", str(EXAMPLE), "--neo4j"]), f"127.0.0.1:{port}")
    monkeypatch.delenv("NEO4J_URI")
    flag = ["--neo4j-uri", f"bolt://neo4j:{PASSWORD_IN_URI}@127.0.0.1:{port}"]
    _assert_credentials_refused_unseen(runner.invoke(app, ["report", "--case", "x", "--neo4j", *flag]),
                                       f"127.0.0.1:{port}")


def test_nothing_answering_is_exit_3_in_words_within_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port()
    monkeypatch.setenv("NEO4J_PASSWORD", "env-password-1")
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    started = time.monotonic()
    result = runner.invoke(app, ["load", str(EXAMPLE), "--neo4j"])
    assert time.monotonic() - started < 10
    assert result.exit_code == 3, result.output
    [line] = result.stderr.splitlines()
    assert f"bolt://127.0.0.1:{port}" in line and "nothing answers" in line and "ServiceUnavailable" not in line


# --- what the server's refusals mean, in words ------------------------------------------------------------------


def test_every_refusal_the_server_may_give_is_said_in_words_with_its_exit_code() -> None:
    settings = N.Neo4jSettings("bolt://127.0.0.1:7687", "neo4j", "pw", "reviews")
    assert {"Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationRateLimit",
            "Neo.ClientError.Database.DatabaseNotFound"} <= set(N.REFUSALS)
    for code in [*N.REFUSALS, "Neo.ClientError.Made.Up", None]:
        error = N.refusal(code, settings)
        text = str(error)
        assert text.startswith("Neo4j at bolt://127.0.0.1:7687 (database 'reviews', user 'neo4j') "), text
        assert "\n" not in text
        if code in N.REFUSALS or code is None:
            assert "ClientError" not in text and "TransientError" not in text and "Error" not in text, text
        assert isinstance(error, EngineUnavailableError)
        assert error.exit_code == (2 if code == "Neo.ClientError.Database.DatabaseNotFound" else 3)
    assert "too many failed logins" in str(N.refusal("Neo.ClientError.Security.AuthenticationRateLimit", settings))
    assert "has no database 'reviews'" in str(N.refusal("Neo.ClientError.Database.DatabaseNotFound", settings))
    # A code the table does not know is named whole: more than the driver's class name says.
    assert "refused the request (status Neo.ClientError.Made.Up)" in str(N.refusal("Neo.ClientError.Made.Up", settings))


@pytest.mark.neo4j
def test_an_unknown_database_is_exit_2_naming_it(neo4j_server: Any) -> None:
    result = runner.invoke(app, ["report", "--case", "lottie", "--neo4j", "--neo4j-database", "no-such-db"])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert "has no database 'no-such-db'" in line and "--neo4j-database" in line and "ClientError" not in line


@pytest.mark.neo4j
def test_a_rate_limited_login_is_exit_3_in_words(neo4j_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server locks a user out for a few seconds after three wrong passwords (a throw-away user, so that the
    other tests' logins go on)."""
    user = f"locked_{secrets.token_hex(4)}"
    system = {"database_": "system"}
    neo4j_server.driver.execute_query(
        f"CREATE USER {user} SET PASSWORD $pw CHANGE NOT REQUIRED", pw=secrets.token_hex(12), **system)
    try:
        monkeypatch.setenv("NEO4J_USERNAME", user)
        monkeypatch.setenv("NEO4J_PASSWORD", "wrong-password-1")
        outputs = [runner.invoke(app, ["report", "--case", "lottie", "--neo4j"]) for _ in range(4)]
        assert all(o.exit_code == 3 for o in outputs), [o.output for o in outputs]
        assert "refused the credentials" in outputs[0].stderr
        [line] = outputs[-1].stderr.splitlines()
        assert "too many failed logins" in line and "ClientError" not in line and "wrong-password-1" not in line
    finally:
        neo4j_server.driver.execute_query(f"DROP USER {user}", **system)


@pytest.mark.neo4j
def test_a_password_in_the_uri_is_never_printed_real_server(neo4j_server: Any, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    host_port = neo4j_server.settings.uri.split("://", 1)[1]
    monkeypatch.setenv("NEO4J_URI", f"bolt://neo4j:{PASSWORD_IN_URI}@{host_port}")
    _assert_credentials_refused_unseen(runner.invoke(app, ["load", str(EXAMPLE), "--neo4j"]), host_port)
    # Without the credentials in it, the same URI works.
    monkeypatch.setenv("NEO4J_URI", f"bolt://{host_port}")
    result = runner.invoke(app, ["load", str(EXAMPLE), "--neo4j"])
    assert result.exit_code == 0 and result.stdout.startswith("lottie: "), result.output


# --- loaders at once, and a server killed mid-load --------------------------------------------------------------


def _graphdhr(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "graphdhr", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})}, cwd=ROOT)


def _generate(out: Path, cases: int, rows: tuple[int, int], seed: int) -> list[Path]:
    result = runner.invoke(app, ["generate", str(out), "--cases", str(cases), "--seed", str(seed),
                                 "--rows-min", str(rows[0]), "--rows-max", str(rows[1])])
    assert result.exit_code == 0, result.output
    return sorted(p for p in out.iterdir() if (p / "case.yaml").is_file())


def _drop_schema(engine: Any) -> None:
    db = {"database_": engine.settings.database}
    for r in engine.driver.execute_query("SHOW CONSTRAINTS YIELD name", **db).records:
        engine.driver.execute_query(f"DROP CONSTRAINT `{r['name']}`", **db)
    for r in engine.driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'", **db).records:
        engine.driver.execute_query(f"DROP INDEX `{r['name']}`", **db)


def _canonical(driver: Any, database: str) -> dict[str, Any]:
    """Every case in the database as sorted text: its nodes by label and key, its relationships by their ends, each
    with its properties but the load stamp (loaded_at)."""
    db = {"database_": database}

    def key(labels: list[str], props: dict[str, Any]) -> str:
        return f"{labels[0]}:{props[S.KEYS[labels[0]]]}"

    def plain(props: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in props.items() if k != "loaded_at"}, sort_keys=True, default=str)

    out: dict[str, Any] = {}
    for r in driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", **db).records:
        case = out.setdefault(r["props"]["case_id"], {"nodes": [], "relationships": []})
        case["nodes"].append(f"{key(r['labels'], r['props'])} {plain(r['props'])}")
    keys = ", ".join(f".{k}" for k in sorted(set(S.KEYS.values())))  # the ends by their keys alone
    for r in driver.execute_query(
            f"MATCH (a)-[r]->(b) RETURN labels(a) AS la, a {{{keys}}} AS pa, type(r) AS type, labels(b) AS lb, "
            f"b {{{keys}}} AS pb, properties(r) AS props", **db).records:
        out[r["props"]["case_id"]]["relationships"].append(
            f"{key(r['la'], r['pa'])} -{r['type']}-> {key(r['lb'], r['pb'])} {plain(r['props'])}")
    for case in out.values():
        case["nodes"].sort()
        case["relationships"].sort()
    return out


def _no_duplicate_keys(driver: Any, database: str) -> None:
    for label, key in S.KEYS.items():
        record = driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS n, count(DISTINCT [n.case_id, n.{key}]) AS keys",
            database_=database).records[0]
        assert record["n"] == record["keys"], label


@pytest.mark.neo4j
def test_four_loaders_of_overlapping_new_cases_all_succeed_with_no_duplicate(neo4j: Any, tmp_path: Path) -> None:
    """On an empty database with no schema yet: all four create the schema and race for the same new cases."""
    folders = _generate(tmp_path / "corpus", 6, (50, 120), seed=14)
    _drop_schema(neo4j)
    try:
        # Each loader has four of the six cases, starting at a different one; every case is in at least two.
        shares = [[str(folders[(start + i) % 6]) for i in range(4)] for start in (0, 1, 3, 4)]
        loaders = [_graphdhr("load", *share, "--neo4j") for share in shares]
        outputs = [loader.communicate(timeout=120) for loader in loaders]
        for loader, (stdout, stderr) in zip(loaders, outputs):
            assert loader.returncode == 0 and stderr == "", stderr
        statuses: dict[str, list[str]] = {}
        for stdout, _ in outputs:
            for line in stdout.splitlines():
                case_id, status = line.split(": ", 1)
                statuses.setdefault(case_id, []).append(status.split(" ", 1)[0])
        # Each case loaded by exactly one loader; the others found it loaded, unchanged.
        assert len(statuses) == 6
        for case_id, seen in statuses.items():
            assert sorted(seen) == ["loaded"] + ["unchanged"] * (len(seen) - 1), (case_id, seen)
        _no_duplicate_keys(neo4j.driver, neo4j.settings.database)
        for folder in folders:
            case = load_case(folder)
            nodes, rels = S.graph_records(case)
            got = neo4j.cypher("MATCH (n {case_id: $c}) OPTIONAL MATCH (n)-[r]->() "
                               "RETURN count(DISTINCT n) AS n, count(r) AS r", {"c": case.case_id})[1][0]
            assert (got["n"], got["r"]) == (len(nodes), len(rels)), case.case_id
        assert {r["name"] for r in neo4j.cypher("SHOW CONSTRAINTS YIELD name", {})[1]} >= {"case_key", "alias_key"}
    finally:
        neo4j._schema_ready = False
        neo4j.ensure_schema()


@dataclass
class PrivateServer:
    """A Neo4j of this module's own, started with scripts/neo4j-local in a folder of its own."""

    home: Path
    password: str
    uri: str = ""

    @property
    def env(self) -> dict[str, str]:
        return {"GRAPHDHR_NEO4J_HOME": str(self.home), "NEO4J_PASSWORD": self.password, "NEO4J_USERNAME": "neo4j",
                "NEO4J_DATABASE": "neo4j", "NEO4J_URI": self.uri}

    def script(self, command: str) -> subprocess.CompletedProcess[str]:
        # A small heap and the quick compiler only: this server lives for one test, on a machine that may be busy.
        env = {**os.environ, **self.env, "NEO4J_PORT": str(_free_port()),
               "NEO4J_JAVA_OPTS": "-Xms256m -Xmx768m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
        return subprocess.run([str(ROOT / "scripts" / "neo4j-local"), command], capture_output=True, text=True,
                              env=env, timeout=180)

    def start(self) -> None:
        started = self.script("start")
        assert started.returncode == 0, started.stderr
        self.uri = started.stdout.strip().splitlines()[-1]

    def pid(self) -> int:
        return int((self.home / "neo4j.pid").read_text())

    def driver(self) -> Any:
        from neo4j import GraphDatabase

        return GraphDatabase.driver(self.uri, auth=("neo4j", self.password), max_transaction_retry_time=1.0)


@pytest.fixture
def private_server(tmp_path: Path) -> Iterator[PrivateServer]:
    if shutil.which("java") is None:
        _missing("Java 17 for a private Neo4j (scripts/neo4j-local)")
    server = PrivateServer(tmp_path / "neo4j-home", secrets.token_hex(12))
    server.start()
    try:
        yield server
    finally:
        server.script("stop")


STATUS_LINE = re.compile(r"^([\w.-]+): (loaded|unchanged|replaced)")


@pytest.mark.neo4j
def test_a_server_killed_mid_load_is_exit_3_in_seconds_and_a_rerun_completes_the_load(
        private_server: PrivateServer, neo4j: Any, tmp_path: Path) -> None:
    """The private server is killed; the session's server (`neo4j`) holds the clean load to compare with."""
    folders = _generate(tmp_path / "corpus", 10, (200, 300), seed=9)
    all_ids = [load_case(f).case_id for f in folders]
    watcher = private_server.driver()
    loader = _graphdhr("load", *map(str, folders), "--neo4j", env=private_server.env)
    # Kill the server (SIGKILL: no shutdown, no flush) once the load has committed some cases and not all. With two
    # cases loading at a time, a third committed means the loader has heard of the first's commit.
    while True:
        committed = watcher.execute_query("MATCH (c:Case) RETURN count(c) AS n").records[0]["n"]
        assert loader.poll() is None, "the load ended before the server could be killed: make the corpus larger"
        if committed >= 3:
            break
        time.sleep(0.02)
    os.kill(private_server.pid(), signal.SIGKILL)
    killed = time.monotonic()
    watcher.close()
    stdout, stderr = loader.communicate(timeout=60)
    took = time.monotonic() - killed

    assert loader.returncode == 3, stderr
    assert took < 10, f"exit took {took:.1f} s after the kill"
    [line] = stderr.splitlines()  # one line: no traceback, no driver log
    assert line.startswith(f"error: Neo4j at {private_server.uri} (database 'neo4j', user 'neo4j') stopped answering "
                           "during the load; "), line
    said = re.search(rf"; committed (\d+) of {len(folders)} cases: ([^;]*); ", line)
    assert said, line
    named = [] if said[2] == "none" else said[2].split(", ")
    assert int(said[1]) == len(named) >= 1, line
    assert "run the same load again" in line
    unsure_said = re.search(r"; unknown \(the server went away during its commit\): ([^;]*); ", line)
    unsure = unsure_said[1].split(", ") if unsure_said else []
    assert [STATUS_LINE.match(s)[1] for s in stdout.splitlines()] == named, line  # type: ignore[index]

    # Restarted on the same store after kill -9: every committed case is there whole, nothing else but the unsure.
    private_server.start()
    driver = private_server.driver()
    try:
        clean = _graphdhr("load", *map(str, folders), "--neo4j")  # the session's server, meanwhile
        assert clean.wait(timeout=120) == 0
        reference = _canonical(neo4j.driver, neo4j.settings.database)
        present = _canonical(driver, "neo4j")
        assert set(named) <= set(present) <= set(named) | set(unsure), (line, sorted(present))
        assert all(present[c] == reference[c] for c in present)

        rerun = _graphdhr("load", *map(str, folders), "--neo4j", env=private_server.env)
        stdout, stderr = rerun.communicate(timeout=120)
        assert rerun.returncode == 0 and stderr == "", stderr
        statuses = dict(STATUS_LINE.match(s).groups() for s in stdout.splitlines())  # type: ignore[union-attr]
        assert statuses == {c: "unchanged" if c in present else "loaded" for c in all_ids}
        assert _canonical(driver, "neo4j") == reference
        assert sorted(reference) == sorted(all_ids)
        _no_duplicate_keys(driver, "neo4j")
    finally:
        driver.close()


def test_the_faults_promises_name_tests_that_exist() -> None:
    """docs/guarantees.md, section Faults: every test it cites is a test of the file it names."""
    text = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")
    section = text.split("\n## Faults\n", 1)[1].split("\n## ", 1)[0]
    cited = re.findall(r"`(tests/test_\w+\.py)::(test_\w+)`", section)
    assert len(cited) >= 10
    for path, name in cited:
        assert re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), (path, name)
