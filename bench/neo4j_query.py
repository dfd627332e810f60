"""Neo4j queries on a database holding about 1,000,000 chronology rows: the median time of case-scoped queries,
against the median round trip of `RETURN 1` on the same connection (the baseline, measured in the same run).

Target (docs/performance.md): a case-scoped query well under 100 ms median, its PROFILE showing index seeks (the
index use itself is checked by tests/test_neo4j.py on a small database).

    scripts/with-neo4j .venv/bin/python bench/neo4j_query.py [ROWS]

Loading a million rows takes a few minutes; the database is reused when it already holds the corpus.
"""

from __future__ import annotations

import statistics
import sys
import time

from _common import corpus, machine

from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings
from graphdhr.loaders import load_case
from graphdhr.queries import catalogue
from graphdhr.rules import load_rules

QUERIES = ("silos", "agency_knowledge", "blind_spots", "contact_counts")


def timed(engine: Neo4jEngine, text: str, params: dict, runs: int = 25) -> float:
    times = []
    with engine.driver.session(database=engine.settings.database) as session:
        for _ in range(runs):
            started = time.perf_counter()
            session.run(text, params).consume()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"machine: {machine()}")
    engine = Neo4jEngine(Neo4jSettings.from_env())
    _folder, folders = corpus(rows)
    loaded = set(engine.case_ids())
    wanted = [f for f in folders if f.name not in loaded]
    if wanted:
        started = time.perf_counter()
        engine.load_many((load_case(f) for f in wanted), workers=1)
        print(f"  (loaded {len(wanted)} cases in {time.perf_counter() - started:.0f} s)")
    total = engine.cypher("MATCH (e:Event) RETURN count(e) AS n", {})[1][0]["n"]
    print(f"database: {total:,} chronology rows in {len(engine.case_ids())} cases")
    case_id = folders[len(folders) // 2].name
    base = timed(engine, "RETURN 1", {})
    print(f"baseline RETURN 1: {base * 1000:.1f} ms median")
    print(f"{'query':<40} {'median ms':>10} {'x baseline':>11}")
    for name in QUERIES:
        t = timed(engine, catalogue()[name].text, {"case_id": case_id})
        print(f"{name:<40} {t * 1000:>10.1f} {t / base:>11.1f}")
    rules = load_rules()
    for rule_id in ("marac.potential_escalation", "perpetrator.release_without_notice"):
        rule = rules.get(rule_id)
        params = {**rules.params_for(rule), "case_id": case_id}
        t = timed(engine, catalogue()[rule.cypher].text, params)
        print(f"{rule.cypher:<40} {t * 1000:>10.1f} {t / base:>11.1f}")
    engine.close()


if __name__ == "__main__":
    main()
