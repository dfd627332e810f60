"""The embedded engine's graph: the graph schema held in networkx, and one case's view of it, indexed once.

`build_graph` writes `graphdhr.schema.graph_records` into a networkx MultiDiGraph; `CaseView` reads one case back
into the indexes the analyses and rules share (subjects, recipients, referrals that reached their forum, the
victim-perpetrator pairs), so that each analysis is one pass over the case's events.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from graphdhr import schema as S
from graphdhr import vocab
from graphdhr.model import Case
from graphdhr.recorded_twice import RowFacts, linked_sets, told_rows

if TYPE_CHECKING:
    import networkx as nx

NodeKey = tuple[str, str, str]  # (label, case_id, key)


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
        "date_label": event.get("date_label"),
        "source_ref": event["source_ref"],
        "to": sorted(to),
    }


def order(ev: dict[str, Any]) -> tuple[dt.date, str]:
    return (ev["date_start"], ev["event_id"])


def roles_within_pair(event: dict[str, Any], victim: str, perpetrator: str) -> bool:
    """Whether the abuse a row records can be abuse between the pair: it records no one outside the pair as the
    victim or the perpetrator. Percy calling police because Vera's adult son pushed her over (the son recorded as
    the perpetrator) is a row about Vera and Percy, but not abuse of Vera by Percy; nor is his assault of her new
    partner (the partner recorded as the victim). A row with the pair's roles the other way round is still abuse
    between them (role_inconsistency reports the reversal)."""
    return all(p is None or p in (victim, perpetrator)
               for p in (event.get("recorded_victim"), event.get("recorded_perpetrator")))


class CaseView:
    """One case's graph, indexed once so that every analysis is a single pass over its events."""

    def __init__(self, graph: nx.MultiDiGraph, case_id: str, keys: list[NodeKey]) -> None:
        self.case_id = case_id
        self.case = graph.nodes[node_key(S.CASE, case_id, case_id)]
        self.agencies: dict[str, dict[str, Any]] = {}
        self.people: dict[str, dict[str, Any]] = {}
        # What the analyses read: every row but the fatal incident and those certainly after the death.
        self.events: list[dict[str, Any]] = []
        self.all_events: list[dict[str, Any]] = []
        self.subjects: dict[str, set[str]] = defaultdict(set)
        # event -> agencies and forums the row told: its shares and its referrals that reached them
        self.recipients: dict[str, set[str]] = defaultdict(set)
        self.agency_recipients: dict[str, set[str]] = defaultdict(set)  # the same, agencies only
        self.referred_to: dict[str, set[str]] = defaultdict(set)  # event -> referred to, reached or not
        # event -> {recipient: outcome} of its referrals, for rules that read the decision itself (vocab's classes)
        self.referral_outcomes: dict[str, dict[str, str]] = defaultdict(dict)
        self.shared_with: dict[str, set[str]] = defaultdict(set)  # event -> agencies and forums shared with
        # event -> referrals the chronology does not say failed (docs/case-format.md: declined, not progressed
        # or withdrawn referrals did not reach their forum)
        self.referral_reached: dict[str, set[str]] = defaultdict(set)
        self.forums: dict[str, dict[str, Any]] = {}
        # (first event, second event, properties) of each SAME_EVENT_AS link: one event recorded by two agencies.
        self.same_events: list[tuple[str, str, dict[str, Any]]] = []
        declared_pairs: set[frozenset[str]] = set()
        # Per pair of people: the earliest declared relationship's (earliest, latest) possible start.
        self._rel_start: dict[frozenset[str], tuple[dt.date | None, dt.date | None]] = {}
        self._rel_type: dict[frozenset[str], str | None] = {}
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
                if self.analysed(data):
                    self.events.append(data)
        for u, v, rel_type, data in graph.out_edges(keys, keys=True, data=True):
            if rel_type == S.CONCERNS:
                self.subjects[u[2]].add(v[2])
            elif rel_type in (S.SHARED_WITH, S.REFERRED_TO):
                if rel_type == S.SHARED_WITH:
                    self.shared_with[u[2]].add(v[2])
                else:
                    self.referred_to[u[2]].add(v[2])
                    self.referral_outcomes[u[2]][v[2]] = data["outcome"]
                # A referral declined, not progressed or withdrawn, or only considered or offered, told no one.
                if rel_type == S.SHARED_WITH or data.get("outcome") in vocab.REACHED_OUTCOMES:
                    self.recipients[u[2]].add(v[2])
                    if rel_type == S.REFERRED_TO:
                        self.referral_reached[u[2]].add(v[2])
                    if v[0] == S.AGENCY:
                        self.agency_recipients[u[2]].add(v[2])
            elif rel_type == S.SAME_EVENT_AS:
                self.same_events.append((u[2], v[2], data))
            elif rel_type == S.RELATED_TO:
                pair = frozenset((u[2], v[2]))
                declared_pairs.add(pair)
                self._rel_type[pair] = data.get("relationship_type")
                if data.get("from_start") is not None:
                    current = self._rel_start.get(pair)
                    if current is None or current[0] is None or data["from_start"] < current[0]:
                        self._rel_start[pair] = (data["from_start"], data["from_end"])
        self.events.sort(key=lambda e: (e["date_start"], e["event_id"]))
        self.pairs = self._pairs(declared_pairs)

    def _pairs(self, declared_pairs: set[frozenset[str]]) -> list[tuple[str, str, dt.date | None, dt.date | None]]:
        """(victim, perpetrator, relationship earliest start, latest start) as in model.victim_perpetrator_pairs."""
        victims = sorted(p for p, d in self.people.items() if d["role"] == "victim")
        perpetrators = sorted(p for p, d in self.people.items() if d["role"] in vocab.PERPETRATOR_ROLES)
        declared = [(v, p) for v in victims for p in perpetrators if frozenset((v, p)) in declared_pairs]
        chosen = declared or [(v, p) for v in victims for p in perpetrators]
        out = []
        for v, p in chosen:
            start = self._relationship_start(v, p)
            out.append((v, p, *start))
        return out

    # Found once per case view, not once per rule: every counting rule and the silos read them.
    @cached_property
    def linked_keys(self) -> dict[str, str]:
        """Each linked row's incident key from the SAME_EVENT_AS links (graphdhr.recorded_twice.linked_sets)."""
        return linked_sets((first, second) for first, second, _props in self.same_events)

    @cached_property
    def told_rows(self) -> set[str]:
        """The case's told rows (graphdhr.recorded_twice.told_rows)."""
        return told_rows(RowFacts(
            e["event_id"], e["agency_id"], e["event_type"], e["date_start"], e["date_end"],
            frozenset(self.subjects[e["event_id"]]), frozenset(e["learned"]),
            frozenset(self.agency_recipients[e["event_id"]])) for e in self.all_events)

    def analysed(self, event: dict[str, Any]) -> bool:
        """Whether the analyses read a row (graphdhr.schema.analysed: not the fatal incident, nor after the death)."""
        return bool(event["analysed"])

    def relationship_type(self, victim: str, perpetrator: str) -> str | None:
        return self._rel_type.get(frozenset((victim, perpetrator)))

    def _relationship_start(self, victim: str, perpetrator: str) -> tuple[dt.date | None, dt.date | None]:
        return self._rel_start.get(frozenset((victim, perpetrator)), (None, None))

    def health_of(self, event: dict[str, Any]) -> str | None:
        """Whose the row's health facts (vocab.HEALTH_FACTS) are: the person its `health_of` column names, else its
        one victim or perpetrator, or None when it names none of them or more than one, since a row about the two
        of them does not say whose they are."""
        if event.get("health_of"):
            return str(event["health_of"])
        parties = [p for p in sorted(self.subjects[event["event_id"]])
                   if self.people.get(p, {}).get("role") == "victim"
                   or self.people.get(p, {}).get("role") in vocab.PERPETRATOR_ROLES]
        return parties[0] if len(parties) == 1 else None

    def topics_of(self, event: dict[str, Any], victim: str, perpetrator: str, rel_from: dt.date | None) -> set[str]:
        """The knowledge topics one row's own `learned` column gives about a pair (docs/graph-model.md)."""
        learned = event["learned"]
        subjects = self.subjects[event["event_id"]]
        topics = set()
        both = victim in subjects and perpetrator in subjects
        abuse = any(w in learned for w in vocab.ABUSE_WORDS) and roles_within_pair(event, victim, perpetrator)
        # Knowing of abuse of the victim by the perpetrator is knowing that they are in a relationship.
        if both and ("relationship" in learned or abuse):
            topics.add("relationship")
        if abuse and victim in subjects:
            if perpetrator in subjects:
                topics.add("abuse_by_perpetrator")
            # Unattributed: no perpetrator recorded on the row. Abuse the row records as someone else's is not
            # knowledge about this pair at all; nor, without `domestic_abuse`, is a fact of what was done with no
            # one named (a neighbour's harassment of Vera is not domestic abuse).
            elif (event["recorded_perpetrator"] is None and "domestic_abuse" in learned
                  and (rel_from is None or event["date_end"] >= rel_from)):
                topics.add("abuse_unattributed")
        return topics


