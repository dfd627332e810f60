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


# -- rules --------------------------------------------------------------------------------------------------

def _names(ids: list[str], d: CaseDirectory) -> str:
    names = [d.agency(i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class _Blank(dict):  # type: ignore[type-arg]
    """A statement placeholder that an area's reworded statement names but the rule does not fill shows as-is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def rule_context(rule_id: str, row: dict[str, Any], d: CaseDirectory, params: dict[str, Any],
                 evs: list[Evidence]) -> dict[str, Any]:
    """The values a rule's statement may quote: names, parameters, facts, and wording per rule."""
    facts = row["facts"] or {}
    by_id = {e.event_id: e for e in evs}

    def when(event_id: str | None) -> str:
        return by_id[event_id].date.text if event_id in by_id else "?"

    ctx: dict[str, Any] = {**params, **facts}
    ctx.update(
        victim=d.person(row["victim_id"]) if row["victim_id"] else "the victim",
        perpetrator=d.person(row["perpetrator_id"]) if row["perpetrator_id"] else "the perpetrator",
        agency=d.agency(row["agency_ids"][0]) if row["agency_ids"] else "an agency",
        agencies=_names(row["agency_ids"], d),
    )
    if rule_id == "marac.visible_high_risk":
        ctx["grade"] = "high risk" if facts.get("level") == "high" else f"a score of {facts.get('score')}"
        tool = facts.get("tool") or "tool not named"
        ctx["assessment"] = f"{tool}, {evs[0].date.text}" + (f", score {facts['score']}" if facts.get("score") is not None else "")
    elif rule_id == "marac.potential_escalation":
        ctx["met_on"] = when(facts.get("met_event"))
        if facts.get("single_agency_id"):
            ctx["single_agency_text"] = (
                f" (no single agency held {params['incidents']} until {when(facts.get('single_agency_event'))}, "
                f"{d.agency(facts['single_agency_id'])})"
            )
        else:
            ctx["single_agency_text"] = f" (no single agency ever held {params['incidents']})"
        later = facts.get("later") or 0
        ctx["later_text"] = (
            f"; {later} further incident(s) followed within {params['window_months']} months, still not referred"
            if later else ""
        )
        last = facts.get("last_referral_event")
        ctx["last_referral_text"] = (
            f"; the last MARAC referral about {ctx['victim']} before then was {when(last)} "
            f"({d.agency(by_id[last].agency_id)})" if last in by_id
            else f"; no earlier MARAC referral about {ctx['victim']} is recorded"
        )
    elif rule_id == "marac.repeat":
        ctx["referral_on"] = when(facts.get("referral_event"))
    elif rule_id == "risk.inconsistent":
        for which in ("first", "second"):
            e = by_id.get(facts.get(f"{which}_event"))
            grade = facts.get(f"{which}_level") or "no grade"
            tool = facts.get(f"{which}_tool") or "tool not named"
            ctx[which] = f"{grade} ({tool}) by {d.agency(e.agency_id)} on {e.date.text}" if e else "?"
    elif rule_id == "children.no_csc_referral":
        kids = [d.person(k) for k in facts.get("children") or []]
        ctx["children"] = ", ".join(kids) if kids else "recorded as a child in the household"
    elif rule_id == "perpetrator.mappa_no_link":
        reasons = []
        if facts.get("sentence_months", 0) >= params["sentence_months"]:
            reasons.append(f"a custodial sentence of {facts['sentence_months']} months for violence")
        if facts.get("mappa_referral"):
            reasons.append("a MAPPA referral")
        ctx["reason"] = " and ".join(reasons)
    elif rule_id == "perpetrator.release_without_notice":
        ctx["released_on"] = when(facts.get("released_event"))
        recall = facts.get("recall_event")
        ctx["recall_text"] = (
            (f" after recall on {when(recall)}" + (f" for abuse of {ctx['victim']}" if facts.get("recall_for_abuse") else ""))
            if recall else ""
        )
        ctx["not_told"] = _names(facts.get("not_told") or [], d)
    elif rule_id == "perpetrator.health_unshared":
        ctx["fact"] = str(facts.get("fact", "")).replace("_", " ").capitalize()
    elif rule_id == "cooccurrence.abuse_mental_health_substance":
        ctx["person"] = d.person(facts["person"])
        ctx["holders"] = "; ".join(
            f"{label} by {_names(facts[part], d)}"
            for part, label in (("abuse", "domestic abuse"), ("mental_health", "mental ill-health"),
                                ("substance", "substance misuse"))
        )
    elif rule_id == "cross_boundary":
        ctx["agency_a"], ctx["agency_b"] = d.agency(facts["agency_a"]), d.agency(facts["agency_b"])
    elif rule_id == "role_inconsistency":
        ctx["agency_a"], ctx["agency_b"] = d.agency(facts["agency_a"]), d.agency(facts["agency_b"])
        ctx["victim_a"], ctx["victim_b"] = d.person(facts["victim_a"]), d.person(facts["victim_b"])
    elif rule_id == "timeline.separation_escalation":
        ctx["separated_on"] = when(facts.get("separated_event"))
        if facts.get("separated_event") in by_id:
            ctx["agency"] = d.agency(by_id[facts["separated_event"]].agency_id)
        ctx["markers"] = ", ".join(m.replace("_", " ") for m in facts.get("markers") or [])
    return ctx


def rule_findings(rule: Any, params: dict[str, Any], rows: list[dict[str, Any]], d: CaseDirectory) -> list[Finding]:
    """Findings of one rule (a graphdhr.rules.Rule) from its rows, worded by its statement."""
    out = []
    for r in rows:
        evs = [evidence_from(e, e.get("note") or "evidence") for e in r["evidence"]]
        statement = rule.statement.format_map(_Blank(rule_context(rule.id, r, d, params, evs)))
        people = tuple(p for p in (r["victim_id"], r["perpetrator_id"]) if p)
        out.append(
            Finding(
                rule_id=rule.id,
                title=rule.title,
                statement=statement,
                case_id=r["case_id"],
                people=people,
                agencies=tuple(r["agency_ids"]),
                window_start=next((e.date for e in evs if e.date.start == r["window_start"]),
                                  ChronoDate(r["window_start"], r["window_start"], "day")),
                window_end=next((e.date for e in evs if e.date.end == r["window_end"]),
                                ChronoDate(r["window_end"], r["window_end"], "day")),
                evidence=tuple(evs),
            )
        )
    return out
