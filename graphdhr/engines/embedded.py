"""The embedded engine: the graph schema held in networkx, in-process, with no server.

Every primitive analysis (graphdhr.engines.contract.PRIMITIVE_ANALYSES) has a Python implementation here that
returns the same rows, with the same columns and order, as its Cypher file returns from Neo4j; the tests hold the
two to that. The definitions the analyses share (what counts as knowing, passing on, being in contact) are
written once in `graph.CaseView` and, for Cypher, in `cypher/fragments/`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from graphdhr import schema as S
from graphdhr import vocab
from graphdhr.directory import CaseDirectory, directory_from_nodes
from graphdhr.engines.contract import RuleImplementation, sort_rule_rows
from graphdhr.engines.graph import CaseView, NodeKey, build_graph, evidence, order, roles_within_pair
from graphdhr.model import Case


def agency_knowledge(view: CaseView) -> list[dict[str, Any]]:
    """Per agency, topic and pair: every row by which it knew, and every row by which it passed that on.

    An agency knows a topic from its own row whose `learned` column gives it (abuse between the two gives their
    relationship too), or from another agency's share or reached referral to it that carries the topic: what its
    `learned` column gives, the relationship when the row is about both people, or, when `learned` is blank,
    everything the sender's own rows gave it on or before the row's latest possible day. It passed the topic on by a
    share or reached referral of its own, possibly dated on or after it first knew (its latest possible day), that
    carries the topic in the same way.

    "Possibly" because the claim these rows answer is "never passed it on": a share whose date cannot be placed
    before or after the row by which the agency knew (a referral in "May 2014" and a disclosure on 10 May) may have
    carried it, and a silo must not rest on an order the chronology cannot give (docs/graph-model.md, "Passing on").
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
                carries = {t for t in vocab.KNOWLEDGE_TOPICS if own_first.get((e["agency_id"], t), dt.date.max) <= e["date_end"]}
            elif victim in subjects and perpetrator in subjects:
                carries.add("relationship")  # a referral or share about both of them tells that they are linked
            carried[eid] = carries
            for to in view.agency_recipients[eid]:
                if to == e["agency_id"]:
                    continue
                for t in carries:
                    knowledge[(to, t)].append(evidence(e, view.recipients[eid]))
        for (agency, topic), known in sorted(knowledge.items()):
            known.sort(key=order)
            first = known[0]["date_start"]
            passed = [
                evidence(e, view.recipients[e["event_id"]])
                for e in view.events
                if e["agency_id"] == agency
                and topic in carried.get(e["event_id"], ())
                and e["date_end"] >= first
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


def pairs(view: CaseView) -> list[dict[str, Any]]:
    """The victim-perpetrator pairs the analyses follow, with the relationship's type and possible start."""
    return [
        {"case_id": view.case_id, "victim_id": v, "perpetrator_id": p, "relationship_type": view.relationship_type(v, p),
         "from_start": start, "from_end": end}
        for v, p, start, end in view.pairs
    ]


def two_records(view: CaseView) -> list[dict[str, Any]]:
    """Agencies that held both the victim and the perpetrator on their books during the relationship (certainly:
    the row's earliest day on or after the relationship's latest possible start), recorded something of concern
    about either of them there (a row with anything in `learned` beyond who lives in the household,
    vocab.HOUSEHOLD_FACTS), and never linked them in their own records (no own row, at any date, about both of
    them: a row naming both records the link, whatever it learned). Two unrelated, unremarkable contacts are no
    gap."""
    rows = []
    for victim, perpetrator, _rel_from, rel_latest in view.pairs:
        linked: set[str] = set()
        concern: set[str] = set()
        held: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {"v": [], "p": []})
        for e in view.events:
            # A row naming the two of them links them in the agency's records, whatever it learned: one record about
            # both is not two records kept apart (a row giving the relationship or abuse between them names both).
            subjects = view.subjects[e["event_id"]]
            if {victim, perpetrator} <= subjects:
                linked.add(e["agency_id"])
            if rel_latest is not None and e["date_start"] < rel_latest:
                continue
            ev = evidence(e, view.recipients[e["event_id"]])
            if victim in subjects:
                held[e["agency_id"]]["v"].append(ev)
            if perpetrator in subjects:
                held[e["agency_id"]]["p"].append(ev)
            if set(e["learned"]) - set(vocab.HOUSEHOLD_FACTS) and subjects & {victim, perpetrator}:
                concern.add(e["agency_id"])
        for agency, both in sorted(held.items()):
            if agency in linked or agency not in concern or not both["v"] or not both["p"]:
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


def _done_by(view: CaseView, e: dict[str, Any], victim: str) -> str | None:
    """Who did what a row records was done to `victim`: the person it records as perpetrator when that is someone
    outside the pair (an adult son's threats are his); else the perpetrator paired with her among its subjects,
    unless it records someone outside the pair as the victim (graphdhr.engines.graph.roles_within_pair); else
    nobody recorded."""
    recorded = e["recorded_perpetrator"]
    paired = [p for v, p, _f, _l in view.pairs if v == victim]
    if recorded is not None and recorded != victim and recorded not in paired:
        return str(recorded)
    subjects = view.subjects[e["event_id"]]
    return next((p for p in paired if p in subjects and roles_within_pair(e, victim, p)), None)


def held_knowledge(view: CaseView) -> list[dict[str, Any]]:
    """Per agency, victim or perpetrator, and fact other than the pair topics (mental ill-health, self-harm,
    strangulation, ...): the agency's own rows that gave it, and its referrals or shares, dated on or after it first
    knew, that carried it (the fact in the share's `learned` column, or a blank `learned` column on a share about
    that person). A fact about what was done (vocab.ABUSE_FACTS) belongs to the victim it was done to, with the
    perpetrator paired with that victim among the row's subjects as `by_id`, or the third person the row records as
    perpetrator (`_done_by`; null when none is); it belongs to the perpetrator only on a row about no victim. A fact
    about one person's health (vocab.HEALTH_FACTS) belongs to the row's one victim or perpetrator
    (CaseView.health_of), and to no one on a row naming both."""
    victims = sorted(p for p, d in view.people.items() if d["role"] == "victim")
    perpetrators = sorted(p for p, d in view.people.items() if d["role"] in vocab.PERPETRATOR_ROLES)
    known: dict[tuple[str, str, str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for e in view.events:
        subjects = view.subjects[e["event_id"]]
        for fact in e["learned"]:
            if fact not in PERSON_FACTS:
                continue
            harmed = [v for v in victims if v in subjects] if fact in vocab.ABUSE_FACTS else []
            if harmed:
                holders = [(v, _done_by(view, e, v)) for v in harmed]
            elif fact in vocab.HEALTH_FACTS:
                owner = view.health_of(e)  # a row about the two of them does not say whose health it is
                holders = [(owner, None)] if owner is not None else []
            else:
                holders = [(s, None) for s in victims + perpetrators if s in subjects]
            for person, by in holders:
                known[(e["agency_id"], person, fact, by)].append(evidence(e, view.recipients[e["event_id"]]))
    rows = []
    for (agency, person, fact, by), evs in sorted(known.items(), key=lambda kv: (*kv[0][:3], kv[0][3] is None,
                                                                                  kv[0][3] or "")):
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
                "by_id": by,
                "first_known": first,
                "knowledge": evs,
                "passed_on": passed,
            }
        )
    return rows


def risk_assessments(view: CaseView) -> list[dict[str, Any]]:
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


def chronology(view: CaseView) -> list[dict[str, Any]]:
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
                "analysed": e["analysed"],
                "record": {**{k: e.get(k) for k in S.EVENT_RECORD},
                           "referral_outcomes": sorted([to, outcome] for to, outcome
                                                       in view.referral_outcomes[e["event_id"]].items())},
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


def timeline_tags(view: CaseView) -> list[dict[str, Any]]:
    """Rows tagged with a Homicide Timeline stage, per victim-perpetrator pair, with the marker that placed them:
    1, the perpetrator's violence or abuse certainly before the relationship began; 3-5, a row about either of
    the pair, possibly within the relationship, whose `learned` column records coercive control (3), separation (4), or stalking, threats to kill,
    strangulation or a weapon (5), or the perpetrator's suicidality (5: CaseView.health_of, so never on a row naming
    the victim too); 8, the fatal incident."""
    rows: list[dict[str, Any]] = []
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
                if view.health_of(e) == perpetrator and "suicidality" in e["learned"]:
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


def contact_counts(view: CaseView) -> list[dict[str, Any]]:
    """How many chronology rows each agency holds about each person."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for e in view.events:
        for person in view.subjects[e["event_id"]]:
            counts[(e["agency_id"], person)] += 1
    return [
        {"case_id": view.case_id, "agency_id": a, "person_id": p, "rows": n} for (a, p), n in sorted(counts.items())
    ]


def sharing_flows(view: CaseView) -> list[dict[str, Any]]:
    """How many referral or share rows went from each agency to each other agency or forum."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for e in view.events:
        for to in view.recipients[e["event_id"]]:
            if to != e["agency_id"]:
                counts[(e["agency_id"], to)] += 1
    return [
        {"case_id": view.case_id, "from_agency_id": a, "to_id": t, "rows": n} for (a, t), n in sorted(counts.items())
    ]


def recorded_twice(view: CaseView) -> list[dict[str, Any]]:
    """Each pair of rows of different agencies that describe one event (graphdhr.recorded_twice), the earlier row
    first, with the texts' similarity and the days between them, ordered by the first row then the second."""
    events = {e["event_id"]: e for e in view.all_events}
    rows = [
        {
            "case_id": view.case_id,
            "first": evidence(events[first], view.recipients[first]),
            "second": evidence(events[second], view.recipients[second]),
            "score": data["score"],
            "days_apart": data["days_apart"],
        }
        for first, second, data in view.same_events
    ]
    rows.sort(key=lambda r: (r["first"]["date_start"], r["first"]["event_id"], r["second"]["event_id"]))
    return rows


ANALYSES: dict[str, Callable[[CaseView], list[dict[str, Any]]]] = {
    "pairs": pairs,
    "agency_knowledge": agency_knowledge,
    "two_records": two_records,
    "held_knowledge": held_knowledge,
    "risk_assessments": risk_assessments,
    "chronology": chronology,
    "timeline_tags": timeline_tags,
    "contact_counts": contact_counts,
    "sharing_flows": sharing_flows,
    "recorded_twice": recorded_twice,
}


class EmbeddedEngine:
    """The default engine: cases loaded into one in-process networkx graph."""

    name = "embedded"
    parallel_queries = 1

    def __init__(self, cases: Iterable[Case]) -> None:
        self.cases = list(cases)
        self._keys: dict[str, list[NodeKey]] = {}
        self.graph = build_graph(self.cases, self._keys)
        self._views: dict[str, CaseView] = {}

    def case_ids(self) -> list[str]:
        return sorted(c.case_id for c in self.cases)

    def _view(self, case_id: str) -> CaseView:
        if case_id not in self._views:
            self._views[case_id] = CaseView(self.graph, case_id, self._keys[case_id])
        return self._views[case_id]

    def directory(self, case_id: str) -> CaseDirectory:
        keys = self._keys[case_id]
        people = [k for k in keys if k[0] in (S.ALIAS, S.PERSON)]
        return directory_from_nodes(
            case_id,
            ((k[0], self.graph.nodes[k]) for k in keys if k[0] != S.EVENT),
            ((t, u[2], v[2], data) for u, v, t, data in self.graph.out_edges(people, keys=True, data=True)),
        )

    def run_rule(
        self, rule: RuleImplementation, params: dict[str, Any], case_id: str | None = None
    ) -> list[dict[str, Any]]:
        """The rows of one rule (its Python twin) with its parameters, in the canonical order."""
        from graphdhr.engines.embedded_rules import RuleInputs

        ids = [case_id] if case_id is not None else self.case_ids()
        return sort_rule_rows([row for cid in ids for row in rule.embedded(RuleInputs(self._view(cid), params))])

    def run(self, name: str, case_id: str | None = None) -> list[dict[str, Any]]:
        """The rows of catalogue analysis `name`, for one case or (case_id None) every case."""
        analysis = ANALYSES[name]
        ids = [case_id] if case_id is not None else self.case_ids()
        rows: list[dict[str, Any]] = []
        for cid in ids:
            rows.extend(analysis(self._view(cid)))
        return rows
