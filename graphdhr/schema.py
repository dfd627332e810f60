"""The one graph schema: node labels, relationship types, keys and properties.

Both engines build from `graph_records(case)`, so the networkx graph and the Neo4j database hold the same nodes,
relationships and properties. Query files and renderers use these names; Cypher cannot parameterise a label, so
labels and types in generated Cypher come only from here, never from input. Described for people in
docs/graph-model.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphdhr.dates import ChronoDate
from graphdhr import vocab
from graphdhr.model import Case, Event
from graphdhr.recorded_twice import same_events

# Node labels.
CASE = "Case"
PERSON = "Person"
ALIAS = "Alias"
AGENCY = "Agency"
FORUM = "Forum"
EVENT = "Event"
# Findings are not case data: graphdhr writes them into Neo4j (`graphdhr corpus --neo4j`) so that analysts can
# query them across cases. They are deleted and rewritten with the case.
FINDING = "Finding"
NODE_LABELS = (CASE, PERSON, ALIAS, AGENCY, FORUM, EVENT, FINDING)

# Relationship types, each with the labels it joins.
ALIAS_OF = "ALIAS_OF"  # (Alias)->(Person)
RELATED_TO = "RELATED_TO"  # (Person)->(Person): intimate partner, parent, ...
RECORDED = "RECORDED"  # (Agency)->(Event): the agency whose chronology holds the row
CONCERNS = "CONCERNS"  # (Event)->(Person): the row's subjects
REFERRED_TO = "REFERRED_TO"  # (Event)->(Agency|Forum)
SHARED_WITH = "SHARED_WITH"  # (Event)->(Agency|Forum)
CITES = "CITES"  # (Finding)->(Event): the chronology rows a finding rests on
# (Event)->(Event): two agencies' rows that describe one event (graphdhr.recorded_twice), from the earlier row.
SAME_EVENT_AS = "SAME_EVENT_AS"
REL_TYPES = (ALIAS_OF, RELATED_TO, RECORDED, CONCERNS, REFERRED_TO, SHARED_WITH, CITES, SAME_EVENT_AS)

# The property that, with case_id, identifies a node of each label (Case is keyed by case_id alone).
KEYS = {
    CASE: "case_id", PERSON: "person_id", ALIAS: "name", AGENCY: "agency_id", FORUM: "forum_id", EVENT: "event_id",
    FINDING: "finding_id",
}


@dataclass(frozen=True, slots=True)
class NodeRecord:
    label: str
    key: str  # the value of KEYS[label]
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RelRecord:
    type: str
    start_label: str
    start_key: str
    end_label: str
    end_key: str
    props: dict[str, Any]


def _date_props(prefix: str, value: ChronoDate | None) -> dict[str, Any]:
    """A date as four properties: its earliest and latest day, its precision, and, for a range or a date with an
    open side, the words it was written in (`*_label`: "spring 2014", "before 2014-03", "date not known")."""
    if value is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_precision": None, f"{prefix}_label": None}
    return {f"{prefix}_start": value.start, f"{prefix}_end": value.end, f"{prefix}_precision": value.precision,
            f"{prefix}_label": value.label}


def graph_records(case: Case) -> tuple[list[NodeRecord], list[RelRecord]]:
    """Every node and relationship of one case, with its properties and provenance.

    Every node carries `case_id`; events and relationships from a chronology carry `source_ref`,
    `source_file` and `source_row`, so any finding can be traced back to the row a panel can check.
    """
    nodes = list(_nodes(case))
    rels = list(_rels(case))
    return nodes, rels


def _nodes(case: Case) -> Iterator[NodeRecord]:
    c = case.case_id
    yield NodeRecord(
        CASE,
        c,
        {
            "case_id": c,
            "title": case.title,
            "area": case.area,
            "source": case.source,
            **_date_props("death", case.date_of_death),
            "death_cause": case.death_cause,
            "review_type": case.review_type,
            **_date_props("tor_from", case.tor_start),
            **_date_props("tor_to", case.tor_end),
            "chronology_complete": case.chronology_complete,
            "chronology_note": case.chronology_note,
            "files": [f"{f.path} sha256:{f.sha256}" for f in case.files],
            "content_hash": case.content_hash,
        },
    )
    for p in case.people:
        yield NodeRecord(
            PERSON,
            p.id,
            {
                "case_id": c,
                "person_id": p.id,
                "pseudonym": p.pseudonym,
                "role": p.role,
                "pronouns": p.pronouns,
                "age": p.age,
                **_date_props("dob", p.date_of_birth),
                "source_file": p.where.file,
                "source_row": p.where.row,
            },
        )
        for alias in p.aliases:
            yield NodeRecord(ALIAS, alias, {"case_id": c, "name": alias, "source_file": p.where.file})
    for a in case.agencies:
        yield NodeRecord(
            AGENCY,
            a.id,
            {
                "case_id": c,
                "agency_id": a.id,
                "name": a.name,
                "short_name": a.short_name,
                "sector": a.sector,
                "contribution": a.contribution,
                "contributions": list(a.contributions),
                "records": a.records,
                "records_note": a.records_note,
                "area": a.area,
                "source_file": a.where.file,
                "source_row": a.where.row,
            },
        )
    for f in case.forums:
        yield NodeRecord(
            FORUM,
            f.id,
            {"case_id": c, "forum_id": f.id, "type": f.type, "name": f.name, "source_file": f.where.file},
        )
    for e in case.events:
        risk = e.risk
        yield NodeRecord(
            EVENT,
            e.event_id,
            {
                "case_id": c,
                "event_id": e.event_id,
                "agency_id": e.agency,
                **_date_props("date", e.date),
                "time": e.time,
                "event_type": e.event_type,
                # Whether the analyses read the row (docs/graph-model.md, "What the analyses read"): written once
                # here, so that both engines and every query file leave out the same rows.
                "analysed": analysed(e, case),
                "contact_type": e.contact_type,
                "details": e.details,
                "action": e.action,
                "comment": e.comment,
                "learned": list(e.learned),
                "risk_tool": risk.tool if risk else None,
                "risk_score": risk.score if risk else None,
                "risk_level": risk.level if risk else None,
                "recorded_victim": e.recorded_victim,
                "recorded_perpetrator": e.recorded_perpetrator,
                "health_of": e.health_of,
                "incident": e.incident,
                "sentence_months": e.sentence_months,
                "stalking_screen": e.stalking_screen,
                "source_ref": e.source_ref,
                "source_file": e.where.file,
                "source_row": e.where.row,
            },
        )


def _rels(case: Case) -> Iterator[RelRecord]:
    c = case.case_id
    forums = {f.id for f in case.forums}
    for p in case.people:
        for alias in p.aliases:
            yield RelRecord(ALIAS_OF, ALIAS, alias, PERSON, p.id, {"case_id": c})
    for r in case.relationships:
        yield RelRecord(
            RELATED_TO,
            PERSON,
            r.person,
            PERSON,
            r.other,
            {"case_id": c, "relationship_type": r.type, **_date_props("from", r.start), **_date_props("to", r.end),
             "source_file": r.where.file, "source_row": r.where.row},
        )
    for e in case.events:
        prov = {"case_id": c, "source_ref": e.source_ref}
        yield RelRecord(RECORDED, AGENCY, e.agency, EVENT, e.event_id, dict(prov))
        aliases = dict(e.recorded_as)
        for person in e.subjects:
            yield RelRecord(CONCERNS, EVENT, e.event_id, PERSON, person, {**prov, "recorded_as": aliases.get(person)})
        for ref in e.referrals:
            target = FORUM if ref.to in forums else AGENCY
            yield RelRecord(REFERRED_TO, EVENT, e.event_id, target, ref.to, {**prov, "outcome": ref.outcome})
        for share in e.shares:
            target = FORUM if share.to in forums else AGENCY
            yield RelRecord(SHARED_WITH, EVENT, e.event_id, target, share.to, dict(prov))
    # Found by matching, not written in any file: the provenance is the two rows' own.
    for match in same_events(case):
        yield RelRecord(SAME_EVENT_AS, EVENT, match.first, EVENT, match.second,
                        {"case_id": c, "score": match.score, "days_apart": match.days_apart})


# The event properties a chronology row carries as its `record` (graphdhr.engines.contract.ChronologyRow): what the
# chronology itself said beyond the columns the analyses read, for the graph export and the panel's chronology.
EVENT_RECORD = ("time", "contact_type", "action", "comment", "risk_tool", "risk_score", "recorded_victim",
                "recorded_perpetrator", "health_of", "incident", "sentence_months", "stalking_screen", "source_file",
                "source_row")


def analysed(event: Event, case: Case) -> bool:
    """The analyses stop at the death: they leave out the fatal incident and every row certainly after the death
    (its earliest day after the death's latest day), whether or not the case has a fatal-incident row."""
    if event.event_type == vocab.FATAL_INCIDENT:
        return False
    return case.date_of_death is None or event.date.start <= case.date_of_death.end


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
