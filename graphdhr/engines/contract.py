"""What every engine promises: the protocol, the primitive analyses it runs, their row shapes and row order.

An engine holds cases and answers the *primitive* analyses (one Cypher file in `cypher/` and one Python twin each)
and the rules. Everything built from those rows — silos, blind spots, who knew of the relationship, findings,
reports — is computed once, after the engines (`graphdhr.analyses`, `graphdhr.report`), so the two engines cannot
disagree on it. The row shapes below are the columns of the Cypher files, in their order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypedDict, TypeVar

from graphdhr.directory import CaseDirectory


T = TypeVar("T")


class EvidenceRow(TypedDict):
    """One chronology row as every analysis cites it."""

    event_id: str
    agency_id: str
    date_start: dt.date
    date_end: dt.date
    date_precision: str
    date_label: str | None  # the words a range or open date was written in ("spring 2014"), else None
    source_ref: str
    to: list[str]  # the agencies and forums the row told: its shares and its referrals that reached them, sorted


class PairRow(TypedDict):
    """A victim-perpetrator pair whose relationship the analyses follow."""

    case_id: str
    victim_id: str
    perpetrator_id: str
    relationship_type: str | None
    from_start: dt.date | None  # the relationship's earliest possible start, when the case gives one
    from_end: dt.date | None  # ... and its latest possible start


class KnowledgeRow(TypedDict):
    """What one agency knew of one topic about one pair: the rows by which it knew, and by which it passed it on."""

    case_id: str
    agency_id: str
    topic: str
    victim_id: str
    perpetrator_id: str
    first_known: dt.date
    knowledge: list[EvidenceRow]
    passed_on: list[EvidenceRow]


class ChronologyRow(TypedDict):
    """Every chronology row of a case, the fatal incident included, in date order."""

    case_id: str
    event: EvidenceRow
    event_type: str
    subjects: list[str]
    learned: list[str]
    risk_level: str | None
    details: str
    analysed: bool  # whether the analyses read the row (graphdhr.schema.analysed)
    # What else the row said (graphdhr.schema.EVENT_RECORD), and referral_outcomes: [recipient, outcome] pairs.
    record: dict[str, Any]
    referred_to: list[str]
    shared_with: list[str]


class RecordedTwiceRow(TypedDict):
    """Two rows of different agencies that describe one event (a SAME_EVENT_AS link), the earlier row first."""

    case_id: str
    first: EvidenceRow
    second: EvidenceRow
    score: int  # the texts' similarity, 0-100 (graphdhr.recorded_twice.MIN_SCORE)
    days_apart: int


class StoredFinding(TypedDict):
    """A finding as the Neo4j engine stores it: a (:Finding) node citing the (:Event) rows it rests on."""

    case_id: str
    finding_id: str
    rule_id: str
    title: str
    statement: str
    agency_ids: list[str]
    person_ids: list[str]
    window_start: dt.date | None
    window_end: dt.date | None
    event_ids: list[str]


# The primitive analyses, each a Cypher file of the same name and a Python twin in the embedded engine. Rows come
# back in the order the Cypher file's ORDER BY gives; the embedded twin returns the same order.
PRIMITIVE_ANALYSES = (
    "pairs",
    "agency_knowledge",
    "held_knowledge",
    "two_records",
    "risk_assessments",
    "chronology",
    "timeline_tags",
    "contact_counts",
    "sharing_flows",
    "recorded_twice",
)

RULE_COLUMNS = (
    "case_id", "rule_id", "victim_id", "perpetrator_id", "agency_ids", "window_start", "window_end", "evidence", "facts",
)


class RuleImplementation(Protocol):
    """What an engine needs of a rule: its Cypher file and its Python twin (graphdhr.rules registers both)."""

    @property
    def id(self) -> str: ...

    @property
    def cypher(self) -> str: ...

    @property
    def embedded(self) -> Callable[..., list[dict[str, Any]]]: ...


class Engine(Protocol):
    """A graph engine holding cases: the embedded networkx engine or the Neo4j server engine."""

    name: str
    # How many queries the engine answers at once to good effect: a server works while the client waits on the
    # network; an in-process engine gains nothing from threads.
    parallel_queries: int

    def case_ids(self) -> list[str]: ...

    def directory(self, case_id: str) -> CaseDirectory: ...

    def run(self, name: str, case_id: str | None = None) -> list[dict[str, Any]]:
        """The rows of primitive analysis `name` (PRIMITIVE_ANALYSES), for one case or every case."""
        ...

    def run_rule(
        self, rule: RuleImplementation, params: dict[str, Any], case_id: str | None = None
    ) -> list[dict[str, Any]]:
        """The rows of one rule with its parameters (RULE_COLUMNS), in the order of `sort_rule_rows`."""
        ...


def run_all(engine: Engine, calls: Sequence[Callable[[], T]]) -> list[T]:
    """The results of `calls` (queries to `engine`), in order, `engine.parallel_queries` at a time."""
    if engine.parallel_queries <= 1 or len(calls) <= 1:
        return [call() for call in calls]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=engine.parallel_queries) as pool:
        return list(pool.map(lambda call: call(), calls))


def sort_rule_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The canonical order of rule rows, whichever engine produced them (row order carries no meaning)."""

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        first = r["evidence"][0]["event_id"] if r["evidence"] else ""
        return (r["case_id"], r["rule_id"], r["victim_id"] or "", r["perpetrator_id"] or "", r["window_start"],
                r["agency_ids"], first)

    return sorted(rows, key=key)
