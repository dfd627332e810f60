"""Findings written into Neo4j, so analysts can query them across every loaded case (cypher/corpus_*.cypher).

An output like the others: the findings of one case replace whatever findings that case had before, in one
transaction. Each (:Finding) cites the (:Event) rows it rests on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graphdhr import schema as S
from graphdhr.findings import Finding


def finding_rows(case_id: str, findings: list[Finding]) -> list[dict[str, Any]]:
    rows = []
    for n, f in enumerate(sorted(findings, key=Finding.sort_key), start=1):
        rows.append({
            "key": f"{f.rule_id}#{n}",
            "props": {
                "case_id": case_id,
                "finding_id": f"{f.rule_id}#{n}",
                "rule_id": f.rule_id,
                "title": f.title,
                "statement": f.statement,
                "agency_ids": list(f.agencies),
                "person_ids": list(f.people),
                "window_start": f.window_start.start if f.window_start else None,
                "window_end": f.window_end.end if f.window_end else None,
            },
            "events": sorted({e.event_id for e in f.evidence}),
        })
    return rows


def store_findings(engine: Any, case_id: str, findings: list[Finding], written_at: dt.datetime | None = None) -> int:
    """Replace the stored findings of one case; returns how many were written."""
    rows = finding_rows(case_id, findings)
    stamp = written_at or dt.datetime.now(dt.timezone.utc)

    def work(tx: Any) -> None:
        tx.run(f"MATCH (f:{S.FINDING} {{case_id: $case_id}}) DETACH DELETE f", case_id=case_id)
        tx.run(
            f"UNWIND $rows AS row "
            f"CREATE (f:{S.FINDING}) SET f = row.props, f.loaded_at = $stamp "
            f"WITH f, row UNWIND row.events AS event_id "
            f"MATCH (e:{S.EVENT} {{case_id: $case_id, event_id: event_id}}) "
            f"CREATE (f)-[:{S.CITES} {{case_id: $case_id, loaded_at: $stamp}}]->(e)",
            rows=rows,
            case_id=case_id,
            stamp=stamp,
        )

    with engine.driver.session(database=engine.settings.database) as session:
        session.execute_write(work)
    return len(rows)
