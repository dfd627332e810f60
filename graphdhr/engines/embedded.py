"""The embedded engine: the graph schema held in networkx, in-process, with no server.

Every analysis in the query catalogue (`graphdhr.queries`) has a Python implementation here that returns the
same rows, with the same columns and order, as its Cypher file returns from Neo4j; the tests hold the two to
that. The definitions the analyses share (what counts as knowing, passing on, being in contact) are written
once in `_CaseView` and in the Cypher files' comments.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from graphdhr import schema as S
from graphdhr import vocab
from graphdhr.dates import ChronoDate
from graphdhr.directory import CaseDirectory
from graphdhr.model import Case

if TYPE_CHECKING:
    import networkx as nx

NodeKey = tuple[str, str, str]  # (label, case_id, key)

# Referral outcomes that mean the referral did not reach its forum (docs/case-format.md).
FAILED_REFERRAL = ("declined", "not_progressed", "withdrawn")
TOPICS = ("relationship", "abuse_by_perpetrator", "abuse_unattributed")
# The topics that mean an agency knew of the pair: the relationship itself, or abuse of the victim by them.
PAIR_TOPICS = ("relationship", "abuse_by_perpetrator")


def node_key(label: str, case_id: str, key: str) -> NodeKey:
    return (label, case_id, key)


def build_graph(cases: Iterable[Case], index: dict[str, list[NodeKey]] | None = None) -> nx.MultiDiGraph:
    """One networkx graph holding every case, keyed as the schema says, each edge keyed by its type.

    With `index`, each case's node keys are recorded there, so that a case can be read without a pass over the
    whole graph (a corpus holds a thousand cases).
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for case in cases:
        nodes, rels = S.graph_records(case)
        c = case.case_id
        keys = [node_key(n.label, c, n.key) for n in nodes]
        if index is not None:
            index[c] = keys
        for key, n in zip(keys, nodes):
            graph.add_node(key, label=n.label, **n.props)
        for r in rels:
            graph.add_edge(
                node_key(r.start_label, c, r.start_key), node_key(r.end_label, c, r.end_key), key=r.type, **r.props
            )
    return graph


def evidence(event: dict[str, Any], to: Iterable[str] = ()) -> dict[str, Any]:
    """The evidence map of one chronology row, as every analysis returns it."""
    return {
        "event_id": event["event_id"],
        "agency_id": event["agency_id"],
        "date_start": event["date_start"],
        "date_end": event["date_end"],
        "date_precision": event["date_precision"],
        "source_ref": event["source_ref"],
        "to": sorted(to),
    }


def _order(ev: dict[str, Any]) -> tuple[dt.date, str]:
    return (ev["date_start"], ev["event_id"])


class _CaseView:
    """One case's graph, indexed once so that every analysis is a single pass over its events."""

    def __init__(self, graph: nx.MultiDiGraph, case_id: str, keys: list[NodeKey]) -> None:
        self.case_id = case_id
        self.case = graph.nodes[node_key(S.CASE, case_id, case_id)]
        self.memo: dict[str, Any] = {}  # analyses that others build on are computed once per case
        self.agencies: dict[str, dict[str, Any]] = {}
        self.people: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []  # what the analyses read: the fatal incident left out
        self.all_events: list[dict[str, Any]] = []
        self.subjects: dict[str, set[str]] = defaultdict(set)
        self.recipients: dict[str, set[str]] = defaultdict(set)  # event -> agencies and forums told
        self.agency_recipients: dict[str, set[str]] = defaultdict(set)  # event -> agencies told
        self.referred_to: dict[str, set[str]] = defaultdict(set)  # event -> agencies and forums referred to
        self.shared_with: dict[str, set[str]] = defaultdict(set)  # event -> agencies and forums shared with
        # event -> referrals the chronology does not say failed (docs/case-format.md: declined, not progressed
        # or withdrawn referrals did not reach their forum)
        self.referral_reached: dict[str, set[str]] = defaultdict(set)
        self.forums: dict[str, dict[str, Any]] = {}
        declared_pairs: set[frozenset[str]] = set()
        # Per pair of people: the earliest declared relationship's (earliest, latest) possible start.
        self._rel_start: dict[frozenset[str], tuple[dt.date | None, dt.date | None]] = {}
        # Per pair of people: each declared relationship's (earliest possible start, type), for the pairs analysis.
        self.relationships: dict[frozenset[str], list[tuple[dt.date | None, str | None]]] = defaultdict(list)
        for key in keys:
            data = graph.nodes[key]
            label = key[0]
            if label == S.AGENCY:
                self.agencies[data["agency_id"]] = data
            elif label == S.PERSON:
                self.people[data["person_id"]] = data
            elif label == S.FORUM:
                self.forums[data["forum_id"]] = data
            elif label == S.EVENT:
                self.all_events.append(data)
                if data["event_type"] != vocab.FATAL_INCIDENT:
                    self.events.append(data)
        for u, v, rel_type, data in graph.out_edges(keys, keys=True, data=True):
            if rel_type == S.CONCERNS:
                self.subjects[u[2]].add(v[2])
            elif rel_type in (S.SHARED_WITH, S.REFERRED_TO):
                self.recipients[u[2]].add(v[2])
                if rel_type == S.SHARED_WITH:
                    self.shared_with[u[2]].add(v[2])
                if rel_type == S.REFERRED_TO:
                    self.referred_to[u[2]].add(v[2])
                    if data.get("outcome") not in FAILED_REFERRAL:
                        self.referral_reached[u[2]].add(v[2])
                if v[0] == S.AGENCY:
                    self.agency_recipients[u[2]].add(v[2])
            elif rel_type == S.RELATED_TO:
                pair = frozenset((u[2], v[2]))
                declared_pairs.add(pair)
                self.relationships[pair].append((data.get("from_start"), data.get("relationship_type")))
                if data.get("from_start") is not None:
                    current = self._rel_start.get(pair)
                    if current is None or data["from_start"] < current[0]:  # type: ignore[operator]
                        self._rel_start[pair] = (data["from_start"], data["from_end"])
        self.events.sort(key=lambda e: (e["date_start"], e["event_id"]))
        self.pairs = self._pairs(declared_pairs)

    def _pairs(self, declared_pairs: set[frozenset[str]]) -> list[tuple[str, str, dt.date | None, dt.date | None]]:
        """(victim, perpetrator, relationship earliest start, latest start) as in model.victim_perpetrator_pairs."""
        victims = sorted(p for p, d in self.people.items() if d["role"] == "victim")
        perpetrators = sorted(p for p, d in self.people.items() if d["role"] == "perpetrator")
        declared = [(v, p) for v in victims for p in perpetrators if frozenset((v, p)) in declared_pairs]
        chosen = declared or [(v, p) for v in victims for p in perpetrators]
        out = []
        for v, p in chosen:
            start = self._relationship_start(v, p)
            out.append((v, p, *start))
        return out

    def _relationship_start(self, victim: str, perpetrator: str) -> tuple[dt.date | None, dt.date | None]:
        return self._rel_start.get(frozenset((victim, perpetrator)), (None, None))

    def topics_of(self, event: dict[str, Any], victim: str, perpetrator: str, rel_from: dt.date | None) -> set[str]:
        """The knowledge topics one row's own `learned` column gives about a pair (docs/graph-model.md)."""
        learned = event["learned"]
        subjects = self.subjects[event["event_id"]]
        topics = set()
        both = victim in subjects and perpetrator in subjects
        if both and "relationship" in learned:
            topics.add("relationship")
        if "domestic_abuse" in learned and victim in subjects:
            if perpetrator in subjects:
                topics.add("abuse_by_perpetrator")
            elif rel_from is None or event["date_end"] >= rel_from:
                topics.add("abuse_unattributed")
        return topics


def agency_knowledge(view: _CaseView) -> list[dict[str, Any]]:
    if "agency_knowledge" not in view.memo:
        view.memo["agency_knowledge"] = _agency_knowledge(view)
    return view.memo["agency_knowledge"]


def _agency_knowledge(view: _CaseView) -> list[dict[str, Any]]:
    """Per agency, topic and pair: every row by which it knew, and every row by which it passed that on.

    An agency knows a topic from its own row whose `learned` column gives it, or from another agency's referral
    or share to it that carries the topic (in its `learned` column, or, when that is blank, because the sender's
    own earlier rows gave it). It passed the topic on by a referral or share of its own, dated on or after it
    first knew, that carries the topic in the same way.
    """
    rows = []
    for victim, perpetrator, rel_from, _rel_to in view.pairs:
        own_topics: dict[str, set[str]] = {}
        own_first: dict[tuple[str, str], dt.date] = {}  # (agency, topic) -> first own row date
        for e in view.events:
            topics = view.topics_of(e, victim, perpetrator, rel_from)
            own_topics[e["event_id"]] = topics
            for t in topics:
                k = (e["agency_id"], t)
                if k not in own_first:
                    own_first[k] = e["date_start"]
        knowledge: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        carried: dict[str, set[str]] = {}
        for e in view.events:
            eid = e["event_id"]
            topics = own_topics[eid]
            for t in topics:
                knowledge[(e["agency_id"], t)].append(evidence(e, view.recipients[eid]))
            if not view.recipients[eid]:
                continue
            carries = set(topics)
            subjects = view.subjects[eid]
            if not e["learned"] and (victim in subjects or perpetrator in subjects):
                carries = {t for t in TOPICS if own_first.get((e["agency_id"], t), dt.date.max) <= e["date_start"]}
            carried[eid] = carries
            for to in view.agency_recipients[eid]:
                if to == e["agency_id"]:
                    continue
                for t in carries:
                    knowledge[(to, t)].append(evidence(e, view.recipients[eid]))
        for (agency, topic), known in sorted(knowledge.items()):
            known.sort(key=_order)
            first = known[0]["date_start"]
            passed = [
                evidence(e, view.recipients[e["event_id"]])
                for e in view.events
                if e["agency_id"] == agency
                and topic in carried.get(e["event_id"], ())
                and e["date_start"] >= first
                and view.recipients[e["event_id"]] - {agency}
            ]
            rows.append(
                {
                    "case_id": view.case_id,
                    "agency_id": agency,
                    "topic": topic,
                    "victim_id": victim,
                    "perpetrator_id": perpetrator,
                    "first_known": first,
                    "knowledge": known,
                    "passed_on": passed,
                }
            )
    rows.sort(key=lambda r: (r["case_id"], r["victim_id"], r["perpetrator_id"], r["agency_id"], r["topic"]))
    return rows


def silos(view: _CaseView) -> list[dict[str, Any]]:
    """Agencies that knew a topic and never passed it on: agency_knowledge rows with nothing passed on."""
    return [
        {k: r[k] for k in ("case_id", "agency_id", "topic", "victim_id", "perpetrator_id", "first_known", "knowledge")}
        for r in agency_knowledge(view)
        if not r["passed_on"]
    ]


def relationship_awareness(view: _CaseView) -> list[dict[str, Any]]:
    """Every agency in contact with the victim or perpetrator during their relationship, and whether it knew of it.

    "During" is generous here (the row's latest possible day is on or after the relationship's earliest possible
    start; with no start recorded, the whole chronology), since this describes who was in contact.
    """
    knowledge = agency_knowledge(view)
    rows = []
    for victim, perpetrator, rel_from, _rel_to in view.pairs:
        knew: dict[str, dict[str, Any]] = {}
        for r in knowledge:
            if (r["victim_id"], r["perpetrator_id"]) == (victim, perpetrator) and r["topic"] == "relationship":
                knew[r["agency_id"]] = r["knowledge"][0]
        contacts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in view.events:
            subjects = view.subjects[e["event_id"]]
            if (victim in subjects or perpetrator in subjects) and (rel_from is None or e["date_end"] >= rel_from):
                contacts[e["agency_id"]].append(evidence(e, view.recipients[e["event_id"]]))
        for agency in sorted(set(contacts) | set(knew)):
            rows.append(
                {
                    "case_id": view.case_id,
                    "agency_id": agency,
                    "victim_id": victim,
                    "perpetrator_id": perpetrator,
                    "knew": agency in knew,
                    "first_known": knew.get(agency),
                    "contacts": contacts.get(agency, []),
                }
            )
    rows.sort(key=lambda r: (r["case_id"], r["victim_id"], r["perpetrator_id"], r["agency_id"]))
    return rows


def blind_spots(view: _CaseView) -> list[dict[str, Any]]:
    """Agencies in contact with the victim or perpetrator after another agency knew of abuse between them, that
    never knew of the relationship or that abuse (not from their own records, nor told).

    "After" is certain: the contact's earliest possible day falls after the latest possible day of the first
    row (by that measure) in which an agency's own record gave abuse of the victim by the perpetrator.
    """
    knowledge = agency_knowledge(view)
    rows = []
    for victim, perpetrator, _rel_from, _rel_to in view.pairs:
        mine = [r for r in knowledge if (r["victim_id"], r["perpetrator_id"]) == (victim, perpetrator)]
        abuse = [
            k for r in mine if r["topic"] == "abuse_by_perpetrator" for k in r["knowledge"]
            if k["agency_id"] == r["agency_id"]
        ]
        if not abuse:
            continue
        # The row by which some agency had certainly learned of the abuse: the earliest latest-possible day.
        first = min(abuse, key=lambda k: (k["date_end"], k["date_start"], k["event_id"]))
        knowing = {r["agency_id"] for r in mine if r["topic"] in PAIR_TOPICS}
        contacts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in view.events:
            subjects = view.subjects[e["event_id"]]
            if (
                e["agency_id"] not in knowing
                and (victim in subjects or perpetrator in subjects)
                and e["date_start"] > first["date_end"]
            ):
                contacts[e["agency_id"]].append(evidence(e, view.recipients[e["event_id"]]))
        for agency, evs in sorted(contacts.items()):
            rows.append(
                {
                    "case_id": view.case_id,
                    "agency_id": agency,
                    "victim_id": victim,
                    "perpetrator_id": perpetrator,
                    "known_elsewhere": first,
                    "contacts": evs,
                }
            )
    return rows


def two_records(view: _CaseView) -> list[dict[str, Any]]:
    """Agencies that held both the victim and the perpetrator on their books during the relationship (certainly:
    the row's earliest day on or after the relationship's latest possible start) and never linked them in their
    own records (no own row giving the relationship or abuse between them)."""
    rows = []
    for victim, perpetrator, rel_from, rel_latest in view.pairs:
        linked: set[str] = set()
        held: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {"v": [], "p": []})
        for e in view.events:
            if view.topics_of(e, victim, perpetrator, rel_from) & set(PAIR_TOPICS):
                linked.add(e["agency_id"])
            if rel_latest is not None and e["date_start"] < rel_latest:
                continue
            subjects = view.subjects[e["event_id"]]
            ev = evidence(e, view.recipients[e["event_id"]])
            if victim in subjects:
                held[e["agency_id"]]["v"].append(ev)
            if perpetrator in subjects:
                held[e["agency_id"]]["p"].append(ev)
        for agency, both in sorted(held.items()):
            if agency in linked or not both["v"] or not both["p"]:
                continue
            rows.append(
                {
                    "case_id": view.case_id,
                    "agency_id": agency,
                    "victim_id": victim,
                    "perpetrator_id": perpetrator,
                    "victim_events": both["v"],
                    "perpetrator_events": both["p"],
                }
            )
    return rows


# Facts about one person, as opposed to the pair topics above.
PERSON_FACTS = tuple(f for f in vocab.LEARNED if f not in ("relationship", "domestic_abuse"))


def held_knowledge(view: _CaseView) -> list[dict[str, Any]]:
    """Per agency, victim or perpetrator, and fact other than the pair topics (mental ill-health, self-harm,
    violence to others, ...): the agency's own rows that gave it, and its referrals or shares, dated on or after
    it first knew, that carried it (the fact in the share's `learned` column, or a blank `learned` column on a
    share about that person)."""
    tracked = sorted(p for p, d in view.people.items() if d["role"] in ("victim", "perpetrator"))
    known: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in view.events:
        subjects = view.subjects[e["event_id"]]
        for person in tracked:
            if person in subjects:
                for fact in e["learned"]:
                    if fact in PERSON_FACTS:
                        known[(e["agency_id"], person, fact)].append(evidence(e, view.recipients[e["event_id"]]))
    rows = []
    for (agency, person, fact), evs in sorted(known.items()):
        first = evs[0]["date_start"]
        passed = [
            evidence(e, view.recipients[e["event_id"]])
            for e in view.events
            if e["agency_id"] == agency
            and e["date_start"] >= first
            and view.recipients[e["event_id"]] - {agency}
            and person in view.subjects[e["event_id"]]
            and (fact in e["learned"] or not e["learned"])
        ]
        rows.append(
            {
                "case_id": view.case_id,
                "agency_id": agency,
                "person_id": person,
                "fact": fact,
                "first_known": first,
                "knowledge": evs,
                "passed_on": passed,
            }
        )
    return rows


def risk_assessments(view: _CaseView) -> list[dict[str, Any]]:
    """Every risk assessment about a victim: a row with a risk level or score, or of event type risk_assessment,
    with the tool, score and level it recorded (any of them may be missing)."""
    victims = sorted(p for p, d in view.people.items() if d["role"] == "victim")
    rows = []
    for victim in victims:
        for e in view.events:
            assessed = e["risk_level"] is not None or e["risk_score"] is not None or e["event_type"] == "risk_assessment"
            if assessed and victim in view.subjects[e["event_id"]]:
                rows.append(
                    {
                        "case_id": view.case_id,
                        "victim_id": victim,
                        "agency_id": e["agency_id"],
                        "assessment": evidence(e, view.recipients[e["event_id"]]),
                        "tool": e["risk_tool"],
                        "score": e["risk_score"],
                        "level": e["risk_level"],
                    }
                )
    return rows


def chronology(view: _CaseView) -> list[dict[str, Any]]:
    """Every chronology row of the case (the fatal incident included), in date order: the timeline's data."""
    rows = []
    for e in sorted(view.all_events, key=lambda e: (e["date_start"], e["event_id"])):
        rows.append(
            {
                "case_id": view.case_id,
                "event": evidence(e, view.recipients[e["event_id"]]),
                "event_type": e["event_type"],
                "subjects": sorted(view.subjects[e["event_id"]]),
                "learned": list(e["learned"]),
                "risk_level": e["risk_level"],
                "details": e["details"],
                "referred_to": sorted(view.referred_to[e["event_id"]]),
                "shared_with": sorted(view.shared_with[e["event_id"]]),
            }
        )
    return rows


# Homicide Timeline (Monckton Smith 2020): the stages a chronology's event types and facts can show. Stages 2
# (fast commitment), 6 (change in thinking) and 7 (planning) are not in what chronologies record, so none is tagged.
TIMELINE_MARKERS = (
    (3, ("coercive_control",)),
    (4, ("separation",)),
    (5, ("stalking", "threats_to_kill", "strangulation", "weapon")),
)


def timeline_tags(view: _CaseView) -> list[dict[str, Any]]:
    """Rows tagged with a Homicide Timeline stage, per victim-perpetrator pair, with the marker that placed them:
    1, the perpetrator's violence or abuse certainly before the relationship began; 3-5, a row about either of
    the pair, possibly within the relationship, whose `learned` column records coercive control (3), separation (4), or stalking, threats to kill,
    strangulation or a weapon (5), or the perpetrator's suicidality (5); 8, the fatal incident."""
    rows = []
    for victim, perpetrator, rel_from, rel_latest in view.pairs:
        for e in view.all_events:
            subjects = view.subjects[e["event_id"]]
            if not subjects & {victim, perpetrator}:
                continue
            tags: list[tuple[int, str]] = []
            if e["event_type"] == vocab.FATAL_INCIDENT:
                tags.append((8, "fatal_incident"))
            if (perpetrator in subjects and rel_from is not None and e["date_end"] < rel_from
                    and {"domestic_abuse", "violence_to_others"} & set(e["learned"])):
                tags.append((1, "domestic_abuse" if "domestic_abuse" in e["learned"] else "violence_to_others"))
            if rel_from is None or e["date_end"] >= rel_from:  # stages 3-5 happen within the relationship
                for stage, markers in TIMELINE_MARKERS:
                    tags += [(stage, m) for m in markers if m in e["learned"]]
                if perpetrator in subjects and "suicidality" in e["learned"]:
                    tags.append((5, "suicidality"))
            for stage, marker in sorted(set(tags)):
                rows.append({
                    "case_id": view.case_id,
                    "victim_id": victim,
                    "perpetrator_id": perpetrator,
                    "stage": stage,
                    "marker": marker,
                    "event": evidence(e, view.recipients[e["event_id"]]),
                })
    rows.sort(key=lambda r: (r["case_id"], r["victim_id"], r["perpetrator_id"], r["event"]["date_start"],
                             r["event"]["event_id"], r["stage"], r["marker"]))
    return rows


def contact_counts(view: _CaseView) -> list[dict[str, Any]]:
    """How many chronology rows each agency holds about each person."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for e in view.events:
        for person in view.subjects[e["event_id"]]:
            counts[(e["agency_id"], person)] += 1
    return [
        {"case_id": view.case_id, "agency_id": a, "person_id": p, "rows": n} for (a, p), n in sorted(counts.items())
    ]


def sharing_flows(view: _CaseView) -> list[dict[str, Any]]:
    """How many referral or share rows went from each agency to each other agency or forum."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for e in view.events:
        for to in view.recipients[e["event_id"]]:
            if to != e["agency_id"]:
                counts[(e["agency_id"], to)] += 1
    return [
        {"case_id": view.case_id, "from_agency_id": a, "to_id": t, "rows": n} for (a, t), n in sorted(counts.items())
    ]


def pairs(view: _CaseView) -> list[dict[str, Any]]:
    """The victim-perpetrator pairs, with the type of their earliest-starting declared relationship (null when none
    is declared) and its earliest possible start."""
    rows = []
    for victim, perpetrator, from_start, from_end in view.pairs:
        declared = sorted(
            view.relationships.get(frozenset((victim, perpetrator)), []),
            key=lambda r: (r[0] is None, r[0] or dt.date.min, r[1] is None, r[1] or ""),
        )
        rows.append({
            "case_id": view.case_id, "victim_id": victim, "perpetrator_id": perpetrator,
            "relationship_type": declared[0][1] if declared else None, "from_start": from_start, "from_end": from_end,
        })
    return rows


ANALYSES: dict[str, Callable[[_CaseView], list[dict[str, Any]]]] = {
    "agency_knowledge": agency_knowledge,
    "relationship_awareness": relationship_awareness,
    "silos": silos,
    "blind_spots": blind_spots,
    "two_records": two_records,
    "held_knowledge": held_knowledge,
    "risk_assessments": risk_assessments,
    "chronology": chronology,
    "timeline_tags": timeline_tags,
    "contact_counts": contact_counts,
    "sharing_flows": sharing_flows,
    "pairs": pairs,
}


class EmbeddedEngine:
    """The default engine: cases loaded into one in-process networkx graph."""

    name = "embedded"

    def __init__(self, cases: Iterable[Case]) -> None:
        self.cases = list(cases)
        self._keys: dict[str, list[NodeKey]] = {}
        self.graph = build_graph(self.cases, self._keys)
        self._views: dict[str, _CaseView] = {}

    def case_ids(self) -> list[str]:
        return sorted(c.case_id for c in self.cases)

    def _view(self, case_id: str) -> _CaseView:
        if case_id not in self._views:
            self._views[case_id] = _CaseView(self.graph, case_id, self._keys[case_id])
        return self._views[case_id]

    def directory(self, case_id: str) -> CaseDirectory:
        return directory_from_nodes(
            case_id, ((k[0], self.graph.nodes[k]) for k in self._keys[case_id] if k[0] != S.EVENT)
        )

    def run_rule(self, rule_id: str, params: dict[str, Any], case_id: str | None = None) -> list[dict[str, Any]]:
        """The rows of one rule (graphdhr.rules) with its parameters, in the canonical order."""
        from graphdhr.engines.embedded_rules import run_rule
        from graphdhr.rules import sort_rule_rows

        ids = [case_id] if case_id is not None else self.case_ids()
        return sort_rule_rows([row for cid in ids for row in run_rule(self._view(cid), rule_id, params)])

    def run(self, name: str, case_id: str | None = None) -> list[dict[str, Any]]:
        """The rows of catalogue analysis `name`, for one case or (case_id None) every case."""
        analysis = ANALYSES[name]
        ids = [case_id] if case_id is not None else self.case_ids()
        rows: list[dict[str, Any]] = []
        for cid in ids:
            rows.extend(analysis(self._view(cid)))
        return rows


def directory_from_nodes(case_id: str, nodes: Iterable[tuple[str, dict[str, Any]]]) -> CaseDirectory:
    """A CaseDirectory from (label, properties) pairs of one case; both engines read nodes this way."""
    case: dict[str, Any] = {}
    people, agencies, forums = {}, {}, {}
    for label, data in nodes:
        if label == S.CASE:
            case = data
        elif label == S.PERSON:
            people[data["person_id"]] = (data["pseudonym"], data["role"])
        elif label == S.AGENCY:
            agencies[data["agency_id"]] = (data["name"], data["sector"], data["contribution"], data.get("area"))
        elif label == S.FORUM:
            forums[data["forum_id"]] = (data["name"], data["type"])

    def date(prefix: str) -> ChronoDate | None:
        if case.get(f"{prefix}_start") is None:
            return None
        return ChronoDate(case[f"{prefix}_start"], case[f"{prefix}_end"], case[f"{prefix}_precision"])

    return CaseDirectory(
        case_id=case_id,
        title=case.get("title", ""),
        area=case.get("area"),
        tor_start=date("tor_from"),
        tor_end=date("tor_to"),
        files=tuple(case.get("files") or ()),
        people=people,
        agencies=agencies,
        forums=forums,
    )
