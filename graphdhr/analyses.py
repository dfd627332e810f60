"""Analyses derived from the primitive rows, written once for both engines.

Silos, blind spots and who knew of the relationship are statements about what agencies knew; they are built here
from the rows every engine returns (`pairs`, `agency_knowledge`, `chronology`), so the embedded and Neo4j engines
cannot disagree on them, and a report asks the engine for the knowledge pipeline once. The Cypher files of the same
names (`cypher/silos.cypher`, ...) give analysts the same rows in Neo4j Browser; the tests hold them equal to these.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphdhr import vocab
from graphdhr.recorded_twice import RowFacts, incident_key, linked_sets, told_rows
from graphdhr.engines.contract import (
    PRIMITIVE_ANALYSES,
    ChronologyRow,
    Engine,
    EvidenceRow,
    KnowledgeRow,
    PairRow,
    run_all,
)

@dataclass(frozen=True)
class CaseRows:
    """The rows of one case's primitive analyses, each fetched from the engine once, by analysis name."""

    rows: Mapping[str, list[dict[str, Any]]]

    @classmethod
    def fetch(cls, engine: Engine, case_id: str, names: Sequence[str] = PRIMITIVE_ANALYSES) -> CaseRows:
        """Every analysis in `names` (all the primitives unless given), as many at a time as the engine likes."""
        results = run_all(engine, [partial(engine.run, name, case_id) for name in names])
        return cls(dict(zip(names, results)))

    def of(self, name: str) -> list[dict[str, Any]]:
        return self.rows[name]

    @property
    def pairs(self) -> list[PairRow]:
        return self.rows["pairs"]  # type: ignore[return-value]

    @property
    def knowledge(self) -> list[KnowledgeRow]:
        return self.rows["agency_knowledge"]  # type: ignore[return-value]

    @property
    def chronology(self) -> list[ChronologyRow]:
        return self.rows["chronology"]  # type: ignore[return-value]

    def analysed(self) -> list[ChronologyRow]:
        """The rows the analyses read: not the fatal incident, nor after the death (graphdhr.schema.analysed)."""
        return [r for r in self.chronology if r["analysed"]]


def _of_pair(rows: Sequence[KnowledgeRow], pair: PairRow) -> list[KnowledgeRow]:
    return [r for r in rows if (r["case_id"], r["victim_id"], r["perpetrator_id"])
            == (pair["case_id"], pair["victim_id"], pair["perpetrator_id"])]


def _about_pair(row: ChronologyRow, pair: PairRow) -> bool:
    return pair["victim_id"] in row["subjects"] or pair["perpetrator_id"] in row["subjects"]


def incident_keys(rows: CaseRows) -> dict[str, str]:
    """Each chronology row's event id -> its incident key (graphdhr.recorded_twice.incident_key)."""
    linked = linked_sets((r["first"]["event_id"], r["second"]["event_id"]) for r in rows.of("recorded_twice"))
    return {r["event"]["event_id"]: incident_key(r["event"]["event_id"], r["record"]["incident"], linked)
            for r in rows.chronology}


def told(rows: CaseRows) -> set[str]:
    """The case's told rows (graphdhr.recorded_twice.told_rows): rows recording what another agency had told."""
    agencies = {r["event"]["agency_id"] for r in rows.chronology}
    return told_rows(RowFacts(
        r["event"]["event_id"], r["event"]["agency_id"], r["event_type"], r["event"]["date_start"],
        r["event"]["date_end"], frozenset(r["subjects"]), frozenset(r["learned"]),
        frozenset(r["event"]["to"]) & agencies) for r in rows.chronology)


def abuse_recorded(knowledge: Sequence[KnowledgeRow]) -> set[tuple[str, str, str]]:
    """The (case, victim, perpetrator) pairs for which some agency's own row recorded abuse of the victim: by the
    perpetrator, or with the perpetrator not recorded."""
    return {(r["case_id"], r["victim_id"], r["perpetrator_id"]) for r in knowledge
            if r["topic"] in ("abuse_by_perpetrator", "abuse_unattributed")
            and any(k["agency_id"] == r["agency_id"] for k in r["knowledge"])}


def silos(rows: CaseRows) -> list[dict[str, Any]]:
    """Agencies whose own records gave them a topic and that never passed it on: the agency_knowledge rows with
    nothing passed on and an own row among the knowledge that no other agency's passing on answers. An agency that
    was only told is no silo: the knowledge had already moved (whether it should have gone further is a question
    about the agencies never told).

    A row of the knowledge is answered when its incident key is that of a row by which another agency passed the
    same topic on (one of that agency's `passed_on` rows) to a third agency or forum: that incident's information
    moved, through the other agency (docs/rules.md, "Silos"). The silo cites only the rows not answered, and is
    no silo when every own row is answered; `first_known` is the first cited row's day.

    A told row (`told`) is not the agency's own knowledge: it records what another agency told it, so it is
    neither cited nor makes a silo.

    The relationship is a silo only when some agency's own records held abuse of the victim (by the perpetrator,
    or with the perpetrator not recorded; `abuse_recorded`): knowing that two parents are a couple, with nothing of
    concern known anywhere, is nothing to pass on. With abuse recorded somewhere, the relationship is what would
    have tied it to the perpetrator (the worked example's 1.7.6)."""
    key = incident_keys(rows)
    abuse = abuse_recorded(rows.knowledge)
    told_ids = told(rows)
    passing = [(r["agency_id"], r["victim_id"], r["perpetrator_id"], r["topic"], key[p["event_id"]], set(p["to"]))
               for r in rows.knowledge for p in r["passed_on"]]

    def answered(r: KnowledgeRow, k: EvidenceRow) -> bool:
        return any((v, pe, topic, incident) == (r["victim_id"], r["perpetrator_id"], r["topic"], key[k["event_id"]])
                   and by != r["agency_id"] and to - {by, r["agency_id"]}
                   for by, v, pe, topic, incident, to in passing)

    out: list[dict[str, Any]] = []
    for r in rows.knowledge:
        cited = [k for k in r["knowledge"] if not answered(r, k)
                 and not (k["agency_id"] == r["agency_id"] and k["event_id"] in told_ids)]
        if r["passed_on"] or not any(k["agency_id"] == r["agency_id"] for k in cited):
            continue
        if r["topic"] == "relationship" and (r["case_id"], r["victim_id"], r["perpetrator_id"]) not in abuse:
            continue
        out.append({"case_id": r["case_id"], "agency_id": r["agency_id"], "topic": r["topic"],
                    "victim_id": r["victim_id"], "perpetrator_id": r["perpetrator_id"],
                    "first_known": cited[0]["date_start"], "knowledge": cited})
    return out


def relationship_awareness(rows: CaseRows) -> list[dict[str, Any]]:
    """Every agency in contact with the victim or perpetrator during their relationship, and whether it knew of it.

    "During" is generous here (the row's latest possible day is on or after the relationship's earliest possible
    start; with no start recorded, the whole chronology), since this describes who was in contact.
    """
    out: list[dict[str, Any]] = []
    analysed = rows.analysed()
    for pair in rows.pairs:
        knew = {r["agency_id"]: r["knowledge"][0] for r in _of_pair(rows.knowledge, pair) if r["topic"] == "relationship"}
        rel_from = pair["from_start"]
        contacts: dict[str, list[EvidenceRow]] = defaultdict(list)
        for r in analysed:
            if _about_pair(r, pair) and (rel_from is None or r["event"]["date_end"] >= rel_from):
                contacts[r["event"]["agency_id"]].append(r["event"])
        for agency in sorted(set(contacts) | set(knew)):
            out.append({
                "case_id": pair["case_id"],
                "agency_id": agency,
                "victim_id": pair["victim_id"],
                "perpetrator_id": pair["perpetrator_id"],
                "knew": agency in knew,
                "first_known": knew.get(agency),
                "contacts": contacts.get(agency, []),
            })
    out.sort(key=lambda r: (r["case_id"], r["victim_id"], r["perpetrator_id"], r["agency_id"]))
    return out


def blind_spots(rows: CaseRows) -> list[dict[str, Any]]:
    """Agencies in contact with the victim or perpetrator after another agency knew of abuse between them, that
    never knew of the relationship or that abuse (not from their own records, nor told).

    "After" is certain: the contact's earliest possible day falls after the latest possible day of the first
    row (by that measure) in which an agency's own record gave abuse of the victim by the perpetrator.
    """
    out: list[dict[str, Any]] = []
    analysed = rows.analysed()
    for pair in rows.pairs:
        mine = _of_pair(rows.knowledge, pair)
        abuse = [k for r in mine if r["topic"] == "abuse_by_perpetrator" for k in r["knowledge"]
                 if k["agency_id"] == r["agency_id"]]
        if not abuse:
            continue
        # The row by which some agency had certainly learned of the abuse: the earliest latest-possible day.
        first = min(abuse, key=lambda k: (k["date_end"], k["date_start"], k["event_id"]))
        knowing = {r["agency_id"] for r in mine if r["topic"] in vocab.PAIR_TOPICS}
        contacts: dict[str, list[EvidenceRow]] = defaultdict(list)
        for r in analysed:
            e = r["event"]
            if e["agency_id"] not in knowing and _about_pair(r, pair) and e["date_start"] > first["date_end"]:
                contacts[e["agency_id"]].append(e)
        for agency, evs in sorted(contacts.items()):
            out.append({
                "case_id": pair["case_id"],
                "agency_id": agency,
                "victim_id": pair["victim_id"],
                "perpetrator_id": pair["perpetrator_id"],
                "known_elsewhere": first,
                "contacts": evs,
            })
    return out


# The derived analyses by the name of the Cypher file that gives analysts the same rows.
DERIVED: Mapping[str, Callable[[CaseRows], list[dict[str, Any]]]] = {
    "silos": silos,
    "relationship_awareness": relationship_awareness,
    "blind_spots": blind_spots,
}


def run_analysis(engine: Engine, name: str, case_id: str | None = None) -> list[dict[str, Any]]:
    """The rows of analysis `name`, primitive (asked of the engine) or derived (built here), for one case or all."""
    if name not in DERIVED:
        return engine.run(name, case_id)
    ids = [case_id] if case_id is not None else engine.case_ids()
    needs = ("pairs", "agency_knowledge", "chronology", "recorded_twice")
    return [row for cid in ids for row in DERIVED[name](CaseRows.fetch(engine, cid, needs))]
