"""Neo4j load: a generated corpus of 100,000 chronology rows into an empty database, end to end (reading the
case files, validating, and committing one transaction per case), against a naive loader that writes one row
per transaction, both against the same server in the same run.

Targets (docs/performance.md): at least 25,000 rows per second, and at least 100 times the naive loader.

    scripts/with-neo4j .venv/bin/python bench/neo4j_load.py [ROWS]
"""

from __future__ import annotations

import sys
import time

from _common import corpus, machine

from graphdhr import schema as S
from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings
from graphdhr.loaders import load_case

WORKERS = 2  # cases loaded at once, each in its own transaction


def empty(engine: Neo4jEngine) -> None:
    for label in S.NODE_LABELS:
        while True:
            records, _, _ = engine.driver.execute_query(
                f"MATCH (n:{label}) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n",
                database_=engine.settings.database)
            if records[0]["n"] == 0:
                break


def naive_load(engine: Neo4jEngine, case, limit: int) -> int:
    """One transaction per chronology row: the row's event node, then its relationships, each row committed alone."""
    nodes, rels = S.graph_records(case)
    with engine.driver.session(database=engine.settings.database) as session:
        for n in nodes:
            if n.label != S.EVENT:
                key = S.KEYS[n.label]
                session.execute_write(lambda tx, n=n, key=key: tx.run(
                    f"MERGE (x:{n.label} {{case_id: $c, {key}: $k}}) SET x = $p", c=case.case_id, k=n.key, p=n.props))
        by_event: dict[str, list] = {}
        for r in rels:
            if r.start_label == S.EVENT:
                by_event.setdefault(r.start_key, []).append(r)
            elif r.end_label == S.EVENT:
                by_event.setdefault(r.end_key, []).append(r)
        written = 0
        for n in nodes:
            if n.label != S.EVENT or written >= limit:
                continue

            def work(tx, n=n):
                tx.run("MERGE (e:Event {case_id: $c, event_id: $k}) SET e = $p", c=case.case_id, k=n.key, p=n.props)
                for r in by_event.get(n.key, []):
                    tx.run(
                        f"MATCH (a:{r.start_label} {{case_id: $c, {S.KEYS[r.start_label]}: $s}}) "
                        f"MATCH (b:{r.end_label} {{case_id: $c, {S.KEYS[r.end_label]}: $e}}) "
                        f"MERGE (a)-[x:{r.type}]->(b) SET x = $p", c=case.case_id, s=r.start_key, e=r.end_key, p=r.props)

            session.execute_write(work)
            written += 1
    return written


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"machine: {machine()}")
    engine = Neo4jEngine(Neo4jSettings.from_env())
    print(f"server: {engine.settings.uri}")
    _folder, folders = corpus(rows)
    empty(engine)
    engine.ensure_schema()

    started = time.perf_counter()
    counted: list[int] = []

    def cases():
        for folder in folders:
            case = load_case(folder)
            counted.append(len(case.events))
            yield case

    engine.load_many(cases(), workers=WORKERS)
    fast = time.perf_counter() - started
    total = sum(counted)
    fast_rate = total / fast

    empty(engine)
    sample = load_case(folders[0])
    limit = 500
    started = time.perf_counter()
    written = naive_load(engine, sample, limit)
    naive = time.perf_counter() - started
    naive_rate = written / naive
    print(f"graphdhr load: {total} rows in {fast:.1f} s = {fast_rate:,.0f} rows/s (target 25,000)")
    print(f"naive loader (one row per transaction, {written} rows): {naive_rate:,.0f} rows/s")
    print(f"ratio: {fast_rate / naive_rate:.0f} times the naive loader (target 100)")
    engine.close()


if __name__ == "__main__":
    main()
