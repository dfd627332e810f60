"""The gap report of one case: who knew what and when, whether it moved, and the findings, with evidence.

`build_report(engine, case_id)` works the same on either engine: it asks the engine once for each primitive
analysis and each rule, derives the rest (graphdhr.analyses) and builds the findings and sections here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from graphdhr import __version__, analyses
from graphdhr.analyses import CaseRows
from graphdhr.directory import CaseDirectory
from graphdhr.engines.contract import PRIMITIVE_ANALYSES, Engine, run_all
from graphdhr.findings import (
    Evidence,
    Finding,
    FirstKnown,
    blind_spot_findings,
    evidence_from,
    first_known,
    rule_findings,
    silo_findings,
    two_records_findings,
    with_caveats,
)
from graphdhr.rules import RuleSet, load_rules



@dataclass(frozen=True)
class KnowledgeLine:
    """What one agency knew of one topic about one pair, from when, and where it went."""

    agency_id: str
    topic: str
    victim_id: str
    perpetrator_id: str
    knowledge: tuple[Evidence, ...]
    passed_on: tuple[Evidence, ...]

    @property
    def first(self) -> FirstKnown:
        """When it first knew (graphdhr.findings.first_known)."""
        return first_known(self.knowledge)


@dataclass(frozen=True)
class HeldLine:
    """A fact about the victim or perpetrator (mental ill-health, self-harm, ...) that one agency held."""

    agency_id: str
    person_id: str
    fact: str
    knowledge: tuple[Evidence, ...]
    passed_on: tuple[Evidence, ...]
    by_id: str | None = None  # for a fact about what was done to a victim: who did it, when the row names them

    @property
    def first(self) -> FirstKnown:
        """When it first held the fact (graphdhr.findings.first_known)."""
        return first_known(self.knowledge)


@dataclass(frozen=True)
class RiskLine:
    """One risk assessment of a victim, as its row recorded it."""

    victim_id: str
    agency_id: str
    assessment: Evidence
    tool: str | None
    score: int | None
    level: str | None


@dataclass(frozen=True)
class TimelineTag:
    """A chronology row placed on a stage of the Homicide Timeline by one of its facts (the marker)."""

    victim_id: str
    perpetrator_id: str
    stage: int
    marker: str
    event: Evidence


@dataclass(frozen=True)
class Awareness:
    """Agencies in contact with a pair during the relationship, split by whether they knew of it."""

    victim_id: str
    perpetrator_id: str
    knew: tuple[tuple[str, FirstKnown], ...]  # each agency that knew, and when it first knew
    never_knew: tuple[tuple[str, tuple[Evidence, ...]], ...]


@dataclass(frozen=True)
class ChronologyLine:
    """One chronology row of the case (the fatal incident included), as the timeline and the graph export show it."""

    evidence: Evidence
    event_type: str
    subjects: tuple[str, ...]
    learned: tuple[str, ...]
    risk_level: str | None
    details: str | None
    referred_to: tuple[str, ...]
    shared_with: tuple[str, ...]
    # What else the row said (graphdhr.schema.EVENT_RECORD: time, action, comment, risk tool and score, ...).
    record: tuple[tuple[str, Any], ...] = ()
    referral_outcomes: tuple[tuple[str, str], ...] = ()  # (recipient, outcome) of each referral on the row


@dataclass(frozen=True)
class ContactCount:
    """How many chronology rows (before the fatal incident) one agency holds about one person."""

    agency_id: str
    person_id: str
    rows: int


@dataclass(frozen=True)
class SharingFlow:
    """How many referral or share rows (before the fatal incident) went from one agency to another or a forum."""

    from_agency_id: str
    to_id: str
    rows: int


@dataclass(frozen=True)
class RecordedTwice:
    """Two rows of different agencies that describe one event (graphdhr.recorded_twice), the earlier row first:
    evidence that both agencies knew of it, never a share between them (docs/rules.md, "Events recorded twice")."""

    first: Evidence
    second: Evidence
    score: int
    days_apart: int


@dataclass(frozen=True)
class Report:
    directory: CaseDirectory
    engine: str
    awareness: tuple[Awareness, ...]
    knowledge: tuple[KnowledgeLine, ...]
    findings: tuple[Finding, ...]
    held: tuple[HeldLine, ...] = ()
    risk: tuple[RiskLine, ...] = ()
    timeline: tuple[TimelineTag, ...] = ()
    agency: str | None = None
    rule_sources: tuple[str, ...] = ()
    version: str = field(default=__version__)
    # The whole case's records, whatever `agency` is: the network, the timeline and the graph export draw them.
    chronology: tuple[ChronologyLine, ...] = ()
    contacts: tuple[ContactCount, ...] = ()
    flows: tuple[SharingFlow, ...] = ()
    recorded_twice: tuple[RecordedTwice, ...] = ()  # the whole case's, like the chronology


# The primitive analyses the findings rest on (build_findings); a report reads them all.
FINDING_ANALYSES = ("pairs", "agency_knowledge", "chronology", "two_records", "recorded_twice")


MAY_HAVE_PASSED_ON = "may have passed on"
# Why a share only "may have passed on" what an agency knew, said wherever the share is (the report, the combined
# chronology, the chair's view and its pictures).
ORDER_NOT_KNOWN = "the order of this share and what the agency knew cannot be known"


def passing_note(line: Mapping[str, Any], share: Mapping[str, Any]) -> str:
    """How a share of an agency_knowledge row passed the topic on: "passed on" when the share itself records it,
    or the agency's own row that gave it certainly came no later; "may have passed on" when the order of the two
    cannot be known (a referral written "Sep 2014" with a blank learned column, the disclosure on 10 Sep), which is
    why it answers the claim "never passed on" (docs/graph-model.md, "Passing on") but is not said as a fact."""
    own = [k for k in line["knowledge"] if k["agency_id"] == line["agency_id"]]
    certain = any(k["event_id"] == share["event_id"] or k["date_end"] <= share["date_start"] for k in own)
    return "passed on" if certain else MAY_HAVE_PASSED_ON


def fetch_case(
    engine: Engine, case_id: str, rules: RuleSet, names: Sequence[str] = PRIMITIVE_ANALYSES
) -> tuple[CaseRows, dict[str, list[dict[str, Any]]]]:
    """What a report reads from the engine, each query once and as many at a time as the engine likes: the rows of
    the primitive analyses `names` (all of them unless given), and of every enabled rule by rule id."""
    enabled = rules.enabled()
    calls = [partial(engine.run, name, case_id) for name in names]
    calls += [partial(engine.run_rule, rule, rules.params_for(rule), case_id) for rule in enabled]
    results = run_all(engine, calls)
    primitive = CaseRows(dict(zip(names, results)))
    return primitive, {rule.id: rows for rule, rows in zip(enabled, results[len(names):])}


def build_findings(
    engine: Engine, case_id: str, directory: CaseDirectory, rules: RuleSet | None = None,
    fetched: tuple[CaseRows, dict[str, list[dict[str, Any]]]] | None = None,
) -> list[Finding]:
    """The findings of the knowledge analyses and of every enabled rule (the national defaults unless given).
    `fetched` is what `fetch_case` returned, when the caller already has it."""
    rules = rules if rules is not None else load_rules()
    rows, rule_rows = fetched if fetched is not None else fetch_case(engine, case_id, rules, FINDING_ANALYSES)
    # Every knowledge finding says something never happened (never passed on, never told, never linked).
    findings = [with_caveats(f, directory, rests_on_absence=True) for f in (
        silo_findings(analyses.silos(rows), directory)
        + blind_spot_findings(analyses.blind_spots(rows), directory, rows.knowledge)
        + two_records_findings(rows.of("two_records"), directory)
    )]
    for rule in rules.enabled():
        found = rule_findings(rule, rules.params_for(rule), rule_rows[rule.id], directory)
        findings += [with_caveats(f, directory, rule.entry.rests_on_absence, rule.entry.answered_by_any)
                     for f in found]
    return sorted(findings, key=Finding.sort_key)


def build_report(
    engine: Engine, case_id: str, agency: str | None = None, rules: RuleSet | None = None,
) -> Report:
    """The report of one case; with `agency`, only what concerns that agency; `rules` default to the national."""
    rules = rules if rules is not None else load_rules()
    directory = engine.directory(case_id)
    if agency is not None and agency not in directory.agencies:
        raise KeyError(agency)
    fetched = fetch_case(engine, case_id, rules)
    rows = fetched[0]

    knowledge = []
    for r in rows.knowledge:
        if agency is None or r["agency_id"] == agency:
            knowledge.append(
                KnowledgeLine(
                    agency_id=r["agency_id"],
                    topic=r["topic"],
                    victim_id=r["victim_id"],
                    perpetrator_id=r["perpetrator_id"],
                    knowledge=tuple(
                        evidence_from(k, "knew" if k["agency_id"] == r["agency_id"] else "told") for k in r["knowledge"]
                    ),
                    passed_on=tuple(evidence_from(k, passing_note(r, k)) for k in r["passed_on"]),
                )
            )

    pairs: dict[tuple[str, str], tuple[list[Any], list[Any]]] = {}
    for seen in analyses.relationship_awareness(rows):
        knew, never = pairs.setdefault((seen["victim_id"], seen["perpetrator_id"]), ([], []))
        if agency is not None and seen["agency_id"] != agency:
            continue
        if seen["knew"]:
            # When it first knew, as every other output says it: from all the rows by which it knew.
            rows_known = next((line.knowledge for line in knowledge if (line.agency_id, line.topic, line.victim_id,
                               line.perpetrator_id) == (seen["agency_id"], "relationship", seen["victim_id"],
                                                        seen["perpetrator_id"])),
                              (evidence_from(seen["first_known"], "knew"),))
            knew.append((seen["agency_id"], first_known(rows_known)))
        elif seen["contacts"]:
            never.append((seen["agency_id"], tuple(evidence_from(c, "contact") for c in seen["contacts"])))
    awareness = tuple(
        Awareness(v, p, tuple(knew), tuple(never)) for (v, p), (knew, never) in sorted(pairs.items())
    )

    held = tuple(
        HeldLine(
            agency_id=r["agency_id"],
            person_id=r["person_id"],
            fact=r["fact"],
            knowledge=tuple(evidence_from(k, "knew") for k in r["knowledge"]),
            passed_on=tuple(evidence_from(k, "passed on") for k in r["passed_on"]),
            by_id=r["by_id"],
        )
        for r in rows.of("held_knowledge")
        if agency is None or r["agency_id"] == agency
    )

    findings = build_findings(engine, case_id, directory, rules, fetched)
    if agency is not None:
        findings = [f for f in findings if agency in f.agencies]
    risk = tuple(
        RiskLine(r["victim_id"], r["agency_id"], evidence_from(r["assessment"], "risk assessment"), r["tool"],
                 r["score"], r["level"])
        for r in rows.of("risk_assessments")
        if agency is None or r["agency_id"] == agency
    )
    timeline = tuple(
        TimelineTag(r["victim_id"], r["perpetrator_id"], r["stage"], r["marker"], evidence_from(r["event"], r["marker"]))
        for r in rows.of("timeline_tags")
        if agency is None or r["event"]["agency_id"] == agency
    )
    chronology = tuple(
        ChronologyLine(evidence_from(r["event"], "chronology row"), r["event_type"], tuple(r["subjects"]),
                       tuple(r["learned"]), r["risk_level"], r["details"], tuple(r["referred_to"]),
                       tuple(r["shared_with"]),
                       tuple((k, v) for k, v in r["record"].items() if k != "referral_outcomes"),
                       tuple((to, outcome) for to, outcome in r["record"]["referral_outcomes"]))
        for r in rows.chronology
    )
    contacts = tuple(ContactCount(r["agency_id"], r["person_id"], r["rows"])
                     for r in rows.of("contact_counts"))
    flows = tuple(SharingFlow(r["from_agency_id"], r["to_id"], r["rows"]) for r in rows.of("sharing_flows"))
    twice = tuple(RecordedTwice(evidence_from(r["first"], "recorded twice"),
                                evidence_from(r["second"], "recorded twice"), r["score"], r["days_apart"])
                  for r in rows.of("recorded_twice"))
    return Report(directory, engine.name, awareness, tuple(knowledge), tuple(findings), held, risk, timeline, agency,
                  rules.sources, chronology=chronology, contacts=contacts, flows=flows, recorded_twice=twice)
