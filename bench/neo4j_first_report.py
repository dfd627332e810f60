"""The first report after a Neo4j server starts, against the embedded report of the same case in the same run.

Each run starts its own server with scripts/neo4j-local (a private home in a temporary folder, a random password
passed through the environment only), loads examples/lottie, then restarts the server, so that the load's
warm-up does not count: "freshly started" means the report is the first thing the server does after a start.
After each restart it times:

- the first `build_report` on Neo4j (library call; connecting is timed apart), then a second one;
- after another restart, the first `graphdhr report --case lottie --neo4j` (a fresh process, end to end), then a
  second one;
- the embedded report of the same case, both ways: in this process, reading the case folder, building its graph
  and `build_report` (the work the embedded report does; the Neo4j report finds the graph already built), and
  `graphdhr report examples/lottie` as a fresh process.

Servers start as docs/performance.md says a server for graphdhr starts, `scripts/neo4j-local start --warm-up`
(graphdhr warm-up plans the query library); `--cold` starts them without it, to measure what the warm-up saves.

Targets (docs/performance.md): the first `graphdhr report --case lottie --neo4j` at most 3 s and at most 3 times
`graphdhr report examples/lottie`; the first library `build_report` at most 3 s. Exit code 1 when a median misses
one.

    .venv/bin/python bench/neo4j_first_report.py [--runs N] [--queries] [--cold]

`--queries` also prints, for the first report of each run, every query's first execution and, after one more
restart, each query's planning alone (`EXPLAIN` on a fresh server) and its first and second execution.
The server's settings come from scripts/neo4j-local, so NEO4J_JAVA_OPTS, NEO4J_CONF_FILE, NEO4J_PAGECACHE etc.
set for this script reach it: that is how a remedy is compared with the defaults.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import GRAPHDHR, ROOT, machine

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings
from graphdhr.loaders import load_case
from graphdhr.report import build_report

CASE_DIR = ROOT / "examples" / "lottie"
CASE_ID = "lottie"
NEO4J_LOCAL = str(ROOT / "scripts" / "neo4j-local")
TARGET_SECONDS = 3.0
TARGET_RATIO = 3.0


class Server:
    """A private Neo4j from scripts/neo4j-local; its password lives in this object's environment only."""

    def __init__(self, home: Path) -> None:
        self.env = {
            **os.environ,
            "GRAPHDHR_NEO4J_HOME": str(home),
            "NEO4J_PASSWORD": secrets.token_urlsafe(18),
            "NEO4J_USERNAME": "neo4j",
            "NEO4J_DATABASE": "neo4j",
        }
        self.env.pop("NEO4J_URI", None)

    warm_up = True  # start as docs/performance.md says a server for graphdhr starts: `start --warm-up`

    def _local(self, *command: str) -> str:
        done = subprocess.run([NEO4J_LOCAL, *command], env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"scripts/neo4j-local {' '.join(command)} failed:\n{done.stderr[-2000:]}")
        return done.stdout.strip()

    def start(self) -> float:
        """Start the server (and plan graphdhr's queries, unless --cold); seconds until it is ready."""
        started = time.perf_counter()
        self.env["NEO4J_URI"] = self._local("start", *(["--warm-up"] if self.warm_up else []))
        return time.perf_counter() - started

    def stop(self) -> None:
        self._local("stop")
        self.env.pop("NEO4J_URI", None)

    def restart(self) -> float:
        self.stop()
        return self.start()

    def settings(self) -> Neo4jSettings:
        return Neo4jSettings(self.env["NEO4J_URI"], "neo4j", self.env["NEO4J_PASSWORD"], "neo4j")


class TimedNeo4jEngine(Neo4jEngine):
    """The Neo4j engine, recording each statement it runs and how long it took (nothing else changes)."""

    def __init__(self, settings: Neo4jSettings) -> None:
        super().__init__(settings)
        self.log: list[tuple[str, dict[str, Any], float]] = []

    def cypher(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
        started = time.perf_counter()
        result = super().cypher(text, params)
        self.log.append((text, params, time.perf_counter() - started))
        return result


def query_name(text: str, names: dict[str, str]) -> str:
    return names.get(text, text.split("\n", 1)[0][:40])


def catalogue_names() -> dict[str, str]:
    from graphdhr.queries import catalogue

    return {q.text: name for name, q in catalogue().items()}


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def command(args: list[str], env: dict[str, str]) -> float:
    """Wall time of a fresh graphdhr process; its output is discarded, a failure stops the bench."""
    started = time.perf_counter()
    done = subprocess.run([GRAPHDHR, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"graphdhr {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return elapsed


def embedded_report() -> float:
    """Reading the case folder, building its graph and its report, in this process."""
    started = time.perf_counter()
    build_report(EmbeddedEngine([load_case(CASE_DIR)]), CASE_ID)
    return time.perf_counter() - started


@dataclass
class Run:
    start: float = 0.0
    restart: float = 0.0
    connect: float = 0.0
    first: float = 0.0
    second: float = 0.0
    cli_first: float = 0.0
    cli_second: float = 0.0
    embedded: float = 0.0
    embedded_cli: float = 0.0
    queries: list[tuple[str, float]] = field(default_factory=list)


@contextmanager
def private_server() -> Iterator[Server]:
    home = Path(tempfile.mkdtemp(prefix="graphdhr-first-report-"))
    server = Server(home)
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(home, ignore_errors=True)


def one_run(names: dict[str, str], per_query: bool) -> Run:
    run = Run()
    with private_server() as server:
        run.start = server.start()
        with Neo4jEngine(server.settings()) as engine:
            engine.load(load_case(CASE_DIR))

        run.restart = server.restart()
        started = time.perf_counter()
        engine = TimedNeo4jEngine(server.settings())
        run.connect = time.perf_counter() - started
        with engine:
            run.first = seconds(lambda: build_report(engine, CASE_ID))
            run.queries = [(query_name(text, names), t) for text, _, t in engine.log]
            statements = [(text, params) for text, params, _ in engine.log]
            run.second = seconds(lambda: build_report(engine, CASE_ID))
        run.embedded = statistics.median(embedded_report() for _ in range(3))

        server.restart()
        cli = ["report", "--case", CASE_ID, "--neo4j"]
        run.cli_first = command(cli, server.env)
        run.cli_second = command(cli, server.env)
        command(["report", str(CASE_DIR)], server.env)  # byte-code and page caches, as for the commands above
        run.embedded_cli = command(["report", str(CASE_DIR)], server.env)

        if per_query:
            server.restart()
            planning_and_execution(server, statements, names)
    return run


def planning_and_execution(server: Server, statements: list[tuple[str, dict[str, Any]]], names: dict[str, str]) -> None:
    """On a fresh server: each statement's EXPLAIN (planning alone), then its first and second execution."""
    print(f"  {'statement':<48} {'EXPLAIN':>8} {'1st run':>8} {'2nd run':>8}")
    totals = [0.0, 0.0, 0.0]
    with Neo4jEngine(server.settings()) as engine:
        for text, params in statements:
            row = [
                seconds(lambda: engine.cypher("EXPLAIN " + text, params)),
                seconds(lambda: engine.cypher(text, params)),
                seconds(lambda: engine.cypher(text, params)),
            ]
            totals = [a + b for a, b in zip(totals, row)]
            print(f"  {query_name(text, names):<48} " + " ".join(f"{t:>8.3f}" for t in row))
    print(f"  {'total':<48} " + " ".join(f"{t:>8.3f}" for t in totals))


def median(runs: list[Run], attribute: str) -> float:
    return statistics.median(getattr(r, attribute) for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh servers to measure (default 3)")
    parser.add_argument("--queries", action="store_true", help="print the time of every query of the first report")
    parser.add_argument("--cold", action="store_true",
                        help="start servers without `--warm-up`: the first report then plans every query itself")
    options = parser.parse_args()
    Server.warm_up = not options.cold
    print("server start: " + ("scripts/neo4j-local start (cold, no warm-up)" if options.cold
                              else "scripts/neo4j-local start --warm-up"))
    print(f"machine: {machine()}")
    settings = {k: os.environ[k] for k in ("NEO4J_JAVA_OPTS", "NEO4J_CONF_FILE", "NEO4J_PAGECACHE", "NEO4J_WARMUP") if k in os.environ}
    print(f"server settings from the environment: {settings or 'none (the defaults of scripts/neo4j-local)'}")
    names = catalogue_names()
    runs: list[Run] = []
    for i in range(options.runs):
        run = one_run(names, options.queries)
        runs.append(run)
        print(
            f"run {i + 1}: server start {run.start:.1f} s, restart {run.restart:.1f} s, connect {run.connect:.2f} s | "
            f"build_report first {run.first:.2f} s, second {run.second:.2f} s, embedded {run.embedded:.3f} s | "
            f"command first {run.cli_first:.2f} s, second {run.cli_second:.2f} s, embedded {run.embedded_cli:.2f} s"
        )
        if options.queries:
            for name, t in sorted(run.queries, key=lambda q: -q[1]):
                print(f"    {name:<48} {t:>7.3f} s")
            print(f"    {len(run.queries)} statements, {sum(t for _, t in run.queries):.2f} s")

    first, embedded = median(runs, "first"), median(runs, "embedded")
    cli_first, embedded_cli = median(runs, "cli_first"), median(runs, "embedded_cli")
    print(f"\nmedians of {len(runs)} runs")
    print(f"  build_report on Neo4j, first after a start:   {first:6.2f} s   second: {median(runs, 'second'):.2f} s")
    print(f"  embedded (read, build, build_report):         {embedded:6.3f} s")
    print(f"  ratio first Neo4j / embedded:                 {first / embedded:6.1f}   (target {TARGET_RATIO:g})")
    print(f"  graphdhr report --case lottie --neo4j, first: {cli_first:6.2f} s   second: {median(runs, 'cli_second'):.2f} s")
    print(f"  graphdhr report examples/lottie:              {embedded_cli:6.2f} s")
    print(f"  ratio first Neo4j command / embedded command: {cli_first / embedded_cli:6.1f}   (target {TARGET_RATIO:g})")
    # The targets are the command's, as the issue states them (`report --case ID --neo4j` against the embedded
    # report); the library ratio is printed for information: the in-process embedded report takes tens of
    # milliseconds, less than two dozen round trips to any server.
    missed = [
        label
        for label, ok in (
            (f"first build_report {first:.2f} s > {TARGET_SECONDS:g} s", first <= TARGET_SECONDS),
            (f"first command {cli_first:.2f} s > {TARGET_SECONDS:g} s", cli_first <= TARGET_SECONDS),
            (f"first command {cli_first / embedded_cli:.1f} x embedded > {TARGET_RATIO:g}",
             cli_first / embedded_cli <= TARGET_RATIO),
        )
        if not ok
    ]
    for label in missed:
        print(f"target missed: {label}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
