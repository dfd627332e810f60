"""Findings: what an analysis concludes, in one shape for every engine and every output.

A finding names its rule, states itself in plain English, and cites the chronology rows it rests on (agency,
date, source reference), so that a panel can check it. Findings are built here from the rows an engine returns,
so the embedded and Neo4j engines cannot word the same finding differently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graphdhr.dates import ChronoDate
from graphdhr.directory import CaseDirectory


@dataclass(frozen=True, slots=True)
class Evidence:
    """One chronology row a finding rests on."""

    event_id: str
    agency_id: str
    date: ChronoDate
    source_ref: str
    note: str  # why this row is cited: "knew", "contact", "passed on", ...
    to: tuple[str, ...] = ()

    def cite(self) -> str:
        return f"{self.agency_id} {self.date.text} ref {self.source_ref}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "agency_id": self.agency_id,
            "date": self.date.text,
            "date_start": self.date.start.isoformat(),
            "date_end": self.date.end.isoformat(),
            "date_precision": self.date.precision,
            "source_ref": self.source_ref,
            "note": self.note,
            "to": list(self.to),
        }


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    title: str
    statement: str
    case_id: str
    people: tuple[str, ...]
    agencies: tuple[str, ...]
    window_start: ChronoDate | None
    window_end: ChronoDate | None
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "statement": self.statement,
            "case_id": self.case_id,
            "people": list(self.people),
            "agencies": list(self.agencies),
            "window": {
                "start": self.window_start.text if self.window_start else None,
                "end": self.window_end.text if self.window_end else None,
            },
            "evidence": [e.as_dict() for e in self.evidence],
        }

    def sort_key(self) -> tuple[Any, ...]:
        start = self.window_start.start if self.window_start else dt.date.min
        return (self.case_id, self.rule_id, start, self.agencies, self.people, self.statement)


def evidence_from(row: dict[str, Any], note: str) -> Evidence:
    """An Evidence from an analysis row's evidence map (see engines.embedded.evidence)."""
    return Evidence(
        event_id=row["event_id"],
        agency_id=row["agency_id"],
        date=ChronoDate(row["date_start"], row["date_end"], row["date_precision"]),
        source_ref=row["source_ref"],
        note=note,
        to=tuple(row.get("to") or ()),
    )


TOPIC_WORDS = {
    "relationship": "the relationship between {v} and {p}",
    "abuse_by_perpetrator": "domestic abuse of {v} by {p}",
    "abuse_unattributed": "domestic abuse of {v} (perpetrator not recorded)",
}


def topic_text(topic: str, d: CaseDirectory, victim: str, perpetrator: str) -> str:
    return TOPIC_WORDS[topic].format(v=d.person(victim), p=d.person(perpetrator))


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _span(evs: list[Evidence]) -> tuple[ChronoDate | None, ChronoDate | None]:
    if not evs:
        return None, None
    first = min(evs, key=lambda e: (e.date.start, e.event_id))
    last = max(evs, key=lambda e: (e.date.start, e.event_id))
    return first.date, last.date


def silo_findings(rows: list[dict[str, Any]], d: CaseDirectory) -> list[Finding]:
    out = []
    for r in rows:
        evs = [evidence_from(k, "knew" if k["agency_id"] == r["agency_id"] else "told") for k in r["knowledge"]]
        start, end = _span(evs)
        what = topic_text(r["topic"], d, r["victim_id"], r["perpetrator_id"])
        out.append(
            Finding(
                rule_id=f"silo.{r['topic']}",
                title="Knew and never passed it on",
                statement=(
                    f"{d.agency(r['agency_id'])} knew of {what} from {evs[0].date.text} "
                    f"({_rows(len(evs))}) and its chronology records no referral or "
                    f"share that passed it on."
                ),
                case_id=r["case_id"],
                people=(r["victim_id"], r["perpetrator_id"]),
                agencies=(r["agency_id"],),
                window_start=start,
                window_end=end,
                evidence=tuple(evs),
            )
        )
    return out


def blind_spot_findings(rows: list[dict[str, Any]], d: CaseDirectory) -> list[Finding]:
    out = []
    for r in rows:
        known = evidence_from(r["known_elsewhere"], "known elsewhere")
        contacts = [evidence_from(c, "contact") for c in r["contacts"]]
        _, end = _span(contacts)
        v, p = d.person(r["victim_id"]), d.person(r["perpetrator_id"])
        out.append(
            Finding(
                rule_id="blind_spot",
                title="In contact, never told",
                statement=(
                    f"{d.agency(r['agency_id'])} had {len(contacts)} contact{'s' if len(contacts) != 1 else ''} "
                    f"with {v} or {p} after {d.agency(known.agency_id)} knew of domestic abuse of {v} by {p} "
                    f"({known.date.text}), and never knew of the relationship or the abuse."
                ),
                case_id=r["case_id"],
                people=(r["victim_id"], r["perpetrator_id"]),
                agencies=(r["agency_id"], known.agency_id),
                window_start=known.date,
                window_end=end,
                evidence=(known, *contacts),
            )
        )
    return out


def two_records_findings(rows: list[dict[str, Any]], d: CaseDirectory) -> list[Finding]:
    out = []
    for r in rows:
        v_evs = [evidence_from(e, f"record of {d.person(r['victim_id'])}") for e in r["victim_events"]]
        p_evs = [evidence_from(e, f"record of {d.person(r['perpetrator_id'])}") for e in r["perpetrator_events"]]
        both = sorted({e.event_id: e for e in v_evs + p_evs}.values(), key=lambda e: (e.date.start, e.event_id))
        start, end = _span(both)
        out.append(
            Finding(
                rule_id="two_records",
                title="Same agency, two records",
                statement=(
                    f"{d.agency(r['agency_id'])} held records of both {d.person(r['victim_id'])} "
                    f"({_rows(len(v_evs))}) and {d.person(r['perpetrator_id'])} ({_rows(len(p_evs))}) during their "
                    f"relationship and never recorded the link between them."
                ),
                case_id=r["case_id"],
                people=(r["victim_id"], r["perpetrator_id"]),
                agencies=(r["agency_id"],),
                window_start=start,
                window_end=end,
                evidence=tuple(both),
            )
        )
    return out


# Analysis name -> the builder of its findings. Analyses not listed here feed report sections only.
FINDING_BUILDERS = {
    "silos": silo_findings,
    "blind_spots": blind_spot_findings,
    "two_records": two_records_findings,
}
