"""Findings: what an analysis concludes, in one shape for every engine and every output.

A finding names its rule, states itself in plain English, and cites the chronology rows it rests on (agency,
date, source reference), so that a panel can check it. Findings are built here from the rows an engine returns,
so the embedded and Neo4j engines cannot word the same finding differently.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from graphdhr import vocab
from graphdhr.dates import ChronoDate, date_label, on_date
from graphdhr.directory import CaseDirectory
from graphdhr.engines.contract import StoredFinding


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


@dataclass(frozen=True)
class FirstKnown:
    """When an agency first knew something, defined once for every output that says it (the letters, the who-knew
    lists and tables, the combined chronology's tags, the HTML view): its earliest dated row, and the undated rows
    by which it also knew, which may be earlier.

    An undated row says nothing of when: with a row of 2 Apr 2014 beside it, the agency knew by 2 Apr 2014, perhaps
    earlier, not "from date not known". A row dated to a month or a year still says when ("from Feb 2014"). Not the
    analyses' `first_known` (the earliest day it may have known), which decides generously what counts as passing
    it on."""

    row: Evidence
    earlier: tuple[Evidence, ...] = ()  # undated rows by which it also knew, which may be earlier than `row`

    @property
    def doubt(self) -> str:
        """Why it may have known earlier: "an earlier row is undated"; empty when no row may be earlier."""
        n = len(self.earlier)
        if n == 0:
            return ""
        return "an earlier row is undated" if n == 1 else f"{number_words(n)} earlier rows are undated"

    @property
    def when(self) -> str:
        """ "10 Feb 2014", "Mar 2014"; "by 2 Apr 2014 (an earlier row is undated)" when a row may be earlier."""
        said = date_label(self.row.date)
        return f"by {said} ({self.doubt})" if self.earlier else said

    @property
    def since(self) -> str:
        """ "from 10 Feb 2014", or "by 2 Apr 2014 (an earlier row is undated)"."""
        return self.when if self.earlier else f"from {self.when}"


def first_known(knowledge: Iterable[Evidence]) -> FirstKnown:
    """The earliest row by which an agency knew that has a date (to a day, month, year or range), and the undated
    rows, which may be earlier; with every row undated, the first of them, "date not known"."""
    rows = sorted(knowledge, key=lambda e: (e.date.start, e.event_id))
    dated = [e for e in rows if e.date.precision != "unknown"]
    if not dated:
        return FirstKnown(rows[0])
    row = dated[0]
    return FirstKnown(row, tuple(e for e in rows if e.date.precision == "unknown" and e.date.start < row.date.start))


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
    # What a reader must know before relying on the finding: it rests on uncertain dates, or on the absence of a
    # row from a chronology declared incomplete.
    caveats: tuple[str, ...] = ()
    # The point of the finding in one plain sentence, for the briefing; `statement` keeps the detail (the dates,
    # thresholds and every agency named) for the appendix and the letters. Empty: the statement is already plain.
    brief: str = ""
    # Agencies the finding says were never told (of a release): not its subject, and asked nothing, but what a
    # reader looks for with it.
    not_told: tuple[str, ...] = ()
    # Other agencies whose records the absence it rests on lies in (every agency that knew and could have told an
    # agency "never told"): a row missing from an incomplete record of theirs could answer it too.
    absent_from: tuple[str, ...] = ()

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
            "caveats": list(self.caveats),
        }

    def sort_key(self) -> tuple[Any, ...]:
        start = self.window_start.start if self.window_start else dt.date.min
        return (self.case_id, self.rule_id, start, self.agencies, self.people, self.statement)


def evidence_from(row: Mapping[str, Any], note: str) -> Evidence:
    """An Evidence from an analysis row's evidence map (see engines.embedded.evidence)."""
    return Evidence(
        event_id=row["event_id"],
        agency_id=row["agency_id"],
        date=ChronoDate(row["date_start"], row["date_end"], row["date_precision"], row.get("date_label")),
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


# How `other` stands to the person, for each relationship type (docs/case-format.md: a type says how `person`
# stands to `other`); the reverse of parent is child.
_KIN = {"intimate_partner": "partner", "ex_partner": "former partner", "parent": "parent", "child": "child",
        "sibling": "sibling", "household_member": "household member", "other_family": "relative", "other": "associate"}
_REVERSE = {"parent": "child", "child": "parent"}


def relation_text(of: str, to: str, d: CaseDirectory, beside: Iterable[str] | None = None) -> str | None:
    """How person `of` stands to person `to` in the case's declared relationships ("Vera's son" is not said: the
    case records no sex), e.g. "Vera's partner", "Vera's child"; None when no relationship is declared. In a
    sentence that has already named `to`, and names the people `beside` too, `to` may be a pronoun ("her partner",
    CaseDirectory.their)."""
    whose = f"{d.person(to)}'s" if beside is None else d.their(to, beside)
    for r in d.relationships:
        if (r.person_id, r.other_id) == (of, to):
            return f"{whose} {_KIN.get(r.relationship_type, 'associate')}"
        if (r.person_id, r.other_id) == (to, of):
            kind = _REVERSE.get(r.relationship_type, r.relationship_type)
            return f"{whose} {_KIN.get(kind, 'associate')}"
    return None


def case_sentences(d: CaseDirectory) -> list[str]:
    """The case in the words a panel uses: the kind of review, who died and how, who is named as (alleged)
    perpetrator and how they were related, and the terms of reference (never a placeholder printed as fact)."""
    kind = ("Domestic Abuse Related Death Review (DARDR)" if d.review_type == "dardr"
            else "Domestic Homicide Review (DHR)")
    out = [f"A {kind}."]
    when = f" ({date_label(d.death)})" if d.death else ""
    for victim, (name, role) in sorted(d.people.items()):
        if role != "victim":
            continue
        died = {"homicide": f"{name} was killed{when}.", "suicide": f"{name} died by suicide{when}.",
                "other": f"{name} died{when}."}.get(d.death_cause, f"{name} died{when}; the cause is not stated.")
        out.append(died)
        for person, (other, other_role) in sorted(d.people.items()):
            if other_role in vocab.PERPETRATOR_ROLES:
                related = relation_text(person, victim, d)
                out.append(f"{vocab.role_words(other_role).capitalize()}: {other}" + (f", {related}." if related else "."))
    if d.tor_start and d.tor_end:
        out.append(f"Terms of reference: {date_label(d.tor_start)} to {date_label(d.tor_end)}.")
    else:
        out.append("Terms of reference: not stated.")
    return out


def held_fact_text(fact: str, person_id: str, by_id: str | None, d: CaseDirectory) -> str:
    """A held fact in words that say who did what to whom: "strangulation of Vera by Percy", "threats to kill by
    Percy", "mental ill-health (Percy)"."""
    words = fact.replace("_", " ")
    if fact not in vocab.ABUSE_FACTS:
        return f"{words} ({d.person(person_id)})"
    if d.people.get(person_id, ("", ""))[1] != "victim":
        return f"{words} by {d.person(person_id)}"
    return f"{words} of {d.person(person_id)}" + (f" by {d.person(by_id)}" if by_id else " (perpetrator not recorded)")


def learned_words(learned: Iterable[str], health_of: str | None, d: CaseDirectory) -> list[str]:
    """A row's learned column as a panel reads it: each fact in words, and each health fact (vocab.HEALTH_FACTS)
    with whose it is where the row's `health_of` column says, as the held facts are told ("mental ill health
    (Percy)"), so that a row about both people does not leave the panel to guess whose health it records."""
    return [held_fact_text(fact, health_of, None, d) if health_of and fact in vocab.HEALTH_FACTS
            else fact.replace("_", " ") for fact in learned]


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
                    f"{d.agency(r['agency_id'])} knew of {what} from {date_label(evs[0].date)} "
                    f"({_rows(len(evs))}) and its chronology records no referral or "
                    f"share that passed it on."
                ),
                brief=f"{d.agency(r['agency_id'])} knew of {what} from {date_label(evs[0].date)} and never passed it on.",
                case_id=r["case_id"],
                people=(r["victim_id"], r["perpetrator_id"]),
                agencies=(r["agency_id"],),
                window_start=start,
                window_end=end,
                evidence=tuple(evs),
            )
        )
    return out


def blind_spot_findings(rows: list[dict[str, Any]], d: CaseDirectory,
                        knowledge: Sequence[Mapping[str, Any]] = ()) -> list[Finding]:
    """Findings of agencies in contact and never told. `knowledge` (the agency_knowledge rows) lets the wording say
    so when the agency's own records held abuse of the victim with the perpetrator not recorded: it knew of abuse,
    though not of the relationship or who the perpetrator was."""
    unattributed = {(k["agency_id"], k["victim_id"], k["perpetrator_id"]): k for k in knowledge
                    if k["topic"] == "abuse_unattributed"}
    # "Never told" rests on the absence of a share in the record of every agency that knew of the pair before a
    # contact and so could have told it, not only the first to know.
    knew: dict[tuple[str, str], list[tuple[dt.date, str]]] = defaultdict(list)
    for k in knowledge:
        if k["topic"] in vocab.PAIR_TOPICS:
            knew[(k["victim_id"], k["perpetrator_id"])].append((k["first_known"], k["agency_id"]))
    out = []
    for r in rows:
        known = evidence_from(r["known_elsewhere"], "known elsewhere")
        contacts = [evidence_from(c, "contact") for c in r["contacts"]]
        _, end = _span(contacts)
        v, p = d.person(r["victim_id"]), d.person(r["perpetrator_id"])
        pair = (r["victim_id"], r["perpetrator_id"])
        held = unattributed.get((r["agency_id"], r["victim_id"], r["perpetrator_id"]))
        if held is None:
            # What the rows show: no share reached it, and its own records hold neither; not "never knew", which
            # the who-knew lines ("no record of knowing") and the letters would contradict.
            tail = "and was never told of the relationship or the abuse, nor recorded either itself."
        else:
            # Both are named earlier in the sentence: here they may be pronouns.
            tail = (f"and was never told of the relationship or of abuse by {d.them(pair[1], pair)} (its own records "
                    f"held abuse of {d.them(pair[0], pair)} with the perpetrator not recorded, from "
                    f"{date_label(evidence_from(held['knowledge'][0], 'knew').date)}).")
        out.append(
            Finding(
                rule_id="blind_spot",
                title="In contact, never told",
                statement=(
                    f"{d.agency(r['agency_id'])} had {len(contacts)} contact{'s' if len(contacts) != 1 else ''} "
                    f"with {v} or {p} after {d.agency(known.agency_id)} knew of domestic abuse of {v} by {p} "
                    f"({date_label(known.date)}), {tail}"
                ),
                # "Kept seeing" says more than one contact; one (a release from custody) is "was in contact with".
                brief=(f"{d.agency(r['agency_id'])} {'kept seeing' if len(contacts) > 1 else 'was in contact with'} "
                       f"{v} or {p} after {d.agency(known.agency_id)} knew of abuse of {v} by {p}, and was never told "
                       "of it."),
                case_id=r["case_id"],
                people=(r["victim_id"], r["perpetrator_id"]),
                agencies=(r["agency_id"], known.agency_id),
                window_start=known.date,
                window_end=end,
                evidence=(known, *contacts),
                absent_from=tuple(sorted({a for first, a in knew[(r["victim_id"], r["perpetrator_id"])]
                                          if first <= max(c["date_end"] for c in r["contacts"])}
                                         - {r["agency_id"], known.agency_id})),
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
                brief=(f"{d.agency(r['agency_id'])} held records of both {d.person(r['victim_id'])} and "
                       f"{d.person(r['perpetrator_id'])} during their relationship and never linked them."),
                case_id=r["case_id"],
                people=(r["victim_id"], r["perpetrator_id"]),
                agencies=(r["agency_id"],),
                window_start=start,
                window_end=end,
                evidence=tuple(both),
            )
        )
    return out


def with_caveats(finding: Finding, d: CaseDirectory, rests_on_absence: bool, answered_by_any: bool = False) -> Finding:
    """The finding with its caveats: the rows it cites whose dates are not a single known day, and, when it rests
    on the absence of a row, every incomplete record among the chronologies it searched (its agencies', those it
    says were never told, those that could have told: `absent_from`; every agency's when any agency's row would
    answer it, `answered_by_any`; or the case's)."""
    caveats = []
    uncertain = [e for e in finding.evidence if not e.date.exact]
    if uncertain:
        listed = "; ".join(f"{date_label(e.date)}, {d.agency(e.agency_id)} (ref {e.source_ref})" for e in uncertain[:3])
        more = f" and {len(uncertain) - 3} more" if len(uncertain) > 3 else ""
        caveats.append(f"Rests on rows whose date is uncertain: {listed}{more}.")
    if rests_on_absence:
        searched = dict.fromkeys((*finding.agencies, *finding.not_told, *finding.absent_from,
                                  *(d.agencies if answered_by_any else ())))
        gaps = [g for g in dict.fromkeys(d.incomplete_record(a) for a in searched) if g]
        if gaps:
            caveats.append("Rests on the absence of a row, and " + "; ".join(gaps)
                           + ": the row may exist and not have reached the review.")
    return replace(finding, caveats=tuple(caveats))


def stored_findings(case_id: str, findings: list[Finding]) -> list[StoredFinding]:
    """The findings of one case as the Neo4j engine stores them, numbered within each rule in report order."""
    rows: list[StoredFinding] = []
    for n, f in enumerate(sorted(findings, key=Finding.sort_key), start=1):
        rows.append({
            "case_id": case_id,
            "finding_id": f"{f.rule_id}#{n}",
            "rule_id": f.rule_id,
            "title": f.title,
            "statement": f.statement,
            "agency_ids": list(f.agencies),
            "person_ids": list(f.people),
            "window_start": f.window_start.start if f.window_start else None,
            "window_end": f.window_end.end if f.window_end else None,
            "event_ids": sorted({e.event_id for e in f.evidence}),
        })
    return rows


# -- rules --------------------------------------------------------------------------------------------------

def join_names(names: Sequence[str]) -> str:
    """Names joined for a sentence so that a name holding a comma stays readable: "A and B", "A, B and C", or,
    when any name has a comma of its own, "A; B; and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    if any("," in n for n in names):
        return "; ".join(names[:-1]) + "; and " + names[-1]
    return ", ".join(names[:-1]) + " and " + names[-1]


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve")


def number_words(n: int) -> str:
    """ "one", "six", "14": a number in words up to twelve, as a sentence writes it."""
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def count_words(n: int, noun: str, plural: str | None = None) -> str:
    """ "one agency", "six agencies", "14 rows": a count in words up to twelve, with the noun agreeing."""
    return f"{number_words(n)} {noun if n == 1 else (plural or noun + 's')}"


def names(ids: Sequence[str], d: CaseDirectory) -> str:
    """Agency or forum names joined for a sentence (`join_names`)."""
    return join_names([d.agency(i) for i in ids])


class _Blank(dict[str, Any]):
    """A statement placeholder that an area's reworded statement names but the rule does not fill shows as-is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class RuleWording:
    """What a rule's wording function reads to fill its statement: the names, parameters, facts and evidence of
    one rule row. Each rule registers one such function (graphdhr.rules.registry)."""

    directory: CaseDirectory
    params: dict[str, Any]
    facts: dict[str, Any]
    evidence: dict[str, Evidence]  # by event id
    victim: str
    perpetrator: str
    agency_ids: tuple[str, ...] = ()  # the row's agencies, its subject first
    # The victim and perpetrator named again in a sentence that has named both: a pronoun where the case gives one
    # and it cannot be read as the other (CaseDirectory.them), else the name.
    victim_them: str = ""
    perpetrator_them: str = ""

    def when(self, event_id: str | None) -> str:
        """The date of one of the row's evidence rows, as a reader sees it ("10 Feb 2014", "Feb 2014")."""
        return date_label(self.evidence[event_id].date) if event_id in self.evidence else "?"

    def on(self, event_id: str | None) -> str:
        """The date of one of the row's evidence rows after its preposition ("on 10 Feb 2014", "in Feb 2014")."""
        return on_date(self.evidence[event_id].date) if event_id in self.evidence else "on a date not known"

    def agency(self, agency_id: str) -> str:
        return self.directory.agency(agency_id)

    def person(self, person_id: str) -> str:
        return self.directory.person(person_id)


class WordedRule(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def statement(self) -> str: ...

    @property
    def wording(self) -> Callable[[RuleWording], dict[str, str]]: ...

    @property
    def brief(self) -> str: ...


def rule_findings(rule: WordedRule, params: dict[str, Any], rows: list[dict[str, Any]], d: CaseDirectory) -> list[Finding]:
    """Findings of one rule from its rows, worded by its statement and its wording function."""
    out = []
    for r in rows:
        evs = [evidence_from(e, e.get("note") or "evidence") for e in r["evidence"]]
        pair = tuple(p for p in (r["victim_id"], r["perpetrator_id"]) if p)
        words = RuleWording(
            directory=d, params=params, facts=r["facts"] or {}, evidence={e.event_id: e for e in evs},
            victim=d.person(r["victim_id"]) if r["victim_id"] else "the victim",
            perpetrator=d.person(r["perpetrator_id"]) if r["perpetrator_id"] else "the perpetrator",
            agency_ids=tuple(r["agency_ids"]),
            victim_them=d.them(r["victim_id"], pair) if r["victim_id"] else "the victim",
            perpetrator_them=d.them(r["perpetrator_id"], pair) if r["perpetrator_id"] else "the perpetrator",
        )
        ctx: dict[str, Any] = {
            **params, **words.facts, "victim": words.victim, "perpetrator": words.perpetrator,
            "victim_them": words.victim_them, "perpetrator_them": words.perpetrator_them,
            "victim_their": d.their(r["victim_id"], pair) if r["victim_id"] else "the victim's",
            "perpetrator_their": d.their(r["perpetrator_id"], pair) if r["perpetrator_id"] else "the perpetrator's",
            "agency": d.agency(r["agency_ids"][0]) if r["agency_ids"] else "an agency",
            "agencies": names(r["agency_ids"], d),
        }
        ctx.update(rule.wording(words))
        people = tuple(p for p in (r["victim_id"], r["perpetrator_id"]) if p)
        out.append(
            Finding(
                rule_id=rule.id,
                title=rule.title,
                statement=rule.statement.format_map(_Blank(ctx)),
                brief=rule.brief.format_map(_Blank(ctx)),
                case_id=r["case_id"],
                people=people,
                agencies=tuple(r["agency_ids"]),
                window_start=next((e.date for e in evs if e.date.start == r["window_start"]),
                                  ChronoDate(r["window_start"], r["window_start"], "day")),
                window_end=next((e.date for e in evs if e.date.end == r["window_end"]),
                                ChronoDate(r["window_end"], r["window_end"], "day")),
                evidence=tuple(evs),
                not_told=tuple(words.facts.get("not_told") or ()),
            )
        )
    return out
