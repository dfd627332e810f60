"""The chair's briefing: the case in two sentences, then the findings ranked by weight and grouped by theme, each in
one plain sentence with its evidence told as what happened, and the questions for each agency's IMR.

`build_briefing(report)` is a pure function of a Report, so every output (text, Markdown, JSON, Word, the HTML
view, the agency letters) says the same thing in the same order.

Weight, defined once (`weigh`): a finding's weight is
    severity + proximity + reach - doubt
- severity: how serious a gap its kind is (graphdhr.rules.guidance: 3 a protective route not taken, 2 knowledge
  held and not acted on, 1 a condition that made a gap possible);
- proximity: how close to the death its latest cited row is, from 1 (at the death) falling to 0 at two years
  before it or more (0 when the case gives no date of death);
- reach: 0.1 for each agency it cites beyond the first, at most 0.5;
- doubt: 0.5 when a row it cites has an uncertain date, and 0.5 more when it rests on the absence of a row from a
  record declared incomplete.
Similar findings (one family, same victim and perpetrator) collapse into one item weighed as its weightiest member,
with the reach of them all.

Citation format, defined once (`EvidenceLine.text`): "10 Feb 2014, Metropolitan Police: what the row records
(ref 1.5.8)"; the date is never more precise than the row ("Feb 2014", "about Jul 2014", "date not known"), in
the one format of every date a person reads (graphdhr.dates.date_label).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from graphdhr import vocab
from graphdhr.dates import ChronoDate
from graphdhr.dates import date_label as date_label  # part of this module's interface too
from graphdhr.dates import on_date as on_date
from graphdhr.directory import CaseDirectory
from graphdhr.findings import Evidence, Finding, first_known, number_words, relation_text
from graphdhr.findings import count_words as count_words  # part of this module's interface too
from graphdhr.findings import join_names as join_names
from graphdhr.report import ChronologyLine, Report
from graphdhr.rules.guidance import THEME_TITLES, THEMES, asked, guidance_for, rests_on_absence

CITATION_FORMAT = "date, agency: what the row records (ref source reference)"
WEIGHT_DEFINITION = (
    "Findings are ranked by weight: how serious a gap their kind is (a protective route not taken, knowledge held "
    "and not acted on, or a condition that made a gap possible), plus how close to the death the latest row they "
    "cite is, plus how many agencies they involve, less when they rest on uncertain dates or on an incomplete record."
)
# How many of the weightiest findings a reader sees first, before the themes.
HEADLINES = 6
_ACCOUNT_LIMIT = 160  # characters of a row's own description an evidence line quotes


@dataclass(frozen=True)
class EvidenceLine:
    """One chronology row a finding rests on, told as what happened."""

    event_id: str
    agency_id: str
    agency: str  # the agency's name
    date: ChronoDate
    date_label: str
    account: str  # what the row records, in the case's own words, shortened
    source_ref: str
    note: str  # why the finding cites it: "knew", "contact", "known elsewhere", ...

    @property
    def uncertain(self) -> bool:
        return not self.date.exact

    @property
    def text(self) -> str:
        """The one citation format: "10 Feb 2014, Metropolitan Police: what the row records (ref 1.5.8)"."""
        return f"{self.date_label}, {self.agency}: {self.account} (ref {self.source_ref})"


@dataclass(frozen=True)
class Question:
    """A question for one agency's IMR author, drawn from a finding and the standard behind it."""

    agency_id: str
    text: str


@dataclass(frozen=True)
class Table:
    """The rows of a collapsed finding: one per agency."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    agency_ids: tuple[str, ...]  # the agency of each row, in order


@dataclass(frozen=True)
class Weight:
    """A finding's weight and its parts (see the module's docstring)."""

    severity: int
    proximity: float
    reach: float
    doubt: float

    @property
    def total(self) -> float:
        return round(self.severity + self.proximity + self.reach - self.doubt, 3)


@dataclass(frozen=True)
class BriefingItem:
    """One key finding of the briefing: a single finding, or several similar ones collapsed with a table."""

    key: str  # stable within a case: the kind and the agencies ("silo:tvp+victim-support")
    theme: str  # a key of graphdhr.rules.guidance.THEMES
    theme_title: str
    sentence: str  # one plain sentence: no rule id, no field names
    weight: Weight
    rule_ids: tuple[str, ...]  # for an appendix or a tooltip, never the chair's sentence
    agencies: tuple[str, ...]  # ids of every agency the item concerns, the subject first
    people: tuple[str, ...]
    evidence: tuple[EvidenceLine, ...]  # in date order, each row once
    caveats: tuple[str, ...]
    standard: str
    questions: tuple[Question, ...]
    findings: tuple[Finding, ...]  # what it rests on, in report order
    table: Table | None = None
    title: str = ""  # a short heading: the title of its kind ("High risk, not heard at MARAC")

    def questions_for(self, agency_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.agency_id == agency_id)


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    items: tuple[BriefingItem, ...]  # by weight, weightiest first


@dataclass(frozen=True)
class SourceFile:
    path: str
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """Where the briefing came from: shown last, never first."""

    files: tuple[SourceFile, ...]
    engine: str
    version: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Briefing:
    case_id: str
    title: str
    area: str | None
    summary: tuple[str, str]  # the case in two sentences
    items: tuple[BriefingItem, ...]  # every key finding, weightiest first
    themes: tuple[Theme, ...]  # the same items by theme; themes in the order of their weightiest item
    provenance: Provenance
    agency: str | None = None  # the report's agency, when it was built for one
    no_findings: str | None = None  # said plainly when there is nothing to report
    # For each victim and perpetrator, how many of the agencies in contact with them knew of their relationship
    # (`who_knew`); none in a report built for one agency, where the count means nothing.
    who_knew: tuple[str, ...] = ()

    @property
    def headlines(self) -> tuple[BriefingItem, ...]:
        """What a chair reads first: the weightiest items."""
        return self.items[:HEADLINES]

    @property
    def findings_in_order(self) -> tuple[Finding, ...]:
        """Every finding, in weight order (the order of `items`)."""
        return tuple(f for item in self.items for f in item.findings)

    @property
    def in_theme_order(self) -> tuple[BriefingItem, ...]:
        """Every item as a document lists them: theme by theme, weightiest first within each."""
        return tuple(i for theme in self.themes for i in theme.items)


def finding_numbers(briefing: Briefing) -> list[tuple[int, Finding]]:
    """Each finding with the number every document gives it: the number of its briefing item, the items counted
    theme by theme as the briefing lists them (`Briefing.in_theme_order`), findings in the appendix's order. Similar
    findings collapsed into one item share its number, so "finding 2" in the combined chronology is finding 2 of the
    briefing."""
    return [(n, f) for n, item in enumerate(briefing.in_theme_order, start=1) for f in item.findings]


# -- the case --------------------------------------------------------------------------------------------------

def summary_sentences(report: Report) -> tuple[str, str]:
    """The case in two sentences: who died, when and how, and who is named as responsible; then the review's type,
    area and period and how many agencies' chronologies it reads. Only facts the case gives."""
    d = report.directory
    victims = [pid for pid, (_, role) in sorted(d.people.items()) if role == "victim"]
    perpetrators = [pid for pid, (_, role) in sorted(d.people.items()) if role in vocab.PERPETRATOR_ROLES]
    when = ""
    if d.death is not None:
        label = date_label(d.death)
        when = f" on {label}" if d.death.precision == "day" else f" in {label}" if d.death.precision in (
            "month", "year") else f" ({label})"
    died = {"homicide": "was killed", "suicide": "died by suicide", "other": "died"}.get(d.death_cause, "died")
    who = join_names([d.person(v) for v in victims]) or "The person who died"
    first = f"{who} {died}{when}"
    if d.death_cause not in ("homicide", "suicide", "other"):
        first += ", the cause not stated"
    named = []
    for p in perpetrators:
        role = vocab.role_words(d.people[p][1])
        # The victims are named first in the sentence: "Bert, her partner," where that cannot mean anyone else.
        related = [r for r in (relation_text(p, v, d, beside=[*victims, *perpetrators]) for v in victims) if r]
        named.append(f"{d.person(p)}" + (f", {related[0]}," if related else "") + f" is named as the {role}")
    first += ("; " + "; ".join(named) if named else "") + "."

    kind = "Domestic Abuse Related Death Review" if d.review_type == "dardr" else "Domestic Homicide Review"
    where = f" in {d.area}" if d.area else ""
    if d.tor_start and d.tor_end:
        period = f"covers {date_label(d.tor_start)} to {date_label(d.tor_end)}"
    else:
        period = "states no terms of reference"
    agencies = {c.evidence.agency_id for c in report.chronology}
    second = (f"This {kind}{where} {period} and reads the chronologies of "
              f"{count_words(len(agencies), 'agency', 'agencies')}.")
    return first, second


def who_knew(report: Report) -> tuple[str, ...]:
    """ "Nine of the 17 agencies in contact with Lottie or Bert during their relationship knew of it.": one
    sentence for each victim and perpetrator; none when the report is one agency's."""
    if report.agency is not None:
        return ()
    d = report.directory
    out = []
    for aw in report.awareness:
        v, p = d.person(aw.victim_id), d.person(aw.perpetrator_id)
        total = len(aw.knew) + len(aw.never_knew)
        if total == 0:
            out.append(f"No agency's chronology records contact with {v} or {p} during their relationship.")
        elif total == 1:
            # "no record of knowing", not "never knew": the awareness rests on the rows the review holds.
            out.append(f"The one agency in contact with {v} or {p} during their relationship "
                       + ("knew of it." if aw.knew else "has no record of knowing of it."))
        elif not aw.knew:
            out.append(f"None of the {total} agencies in contact with {v} or {p} during their relationship has a "
                       "record of knowing of it.")
        elif len(aw.knew) == total:  # "All three agencies ...", not "Three of the 3 agencies ..."
            out.append(f"All {number_words(total)} agencies in contact with {v} or {p} during their relationship "
                       "knew of it.")
        else:
            out.append(f"{number_words(len(aw.knew)).capitalize()} of the {total} agencies in contact with {v} or "
                       f"{p} during their relationship knew of it.")
    return tuple(out)


# -- evidence --------------------------------------------------------------------------------------------------

def _shorten(text: str, limit: int = _ACCOUNT_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " ..."


def _account(line: ChronologyLine | None, evidence: Evidence, d: CaseDirectory) -> str:
    """What a row records: its own description, with the risk grade it gave, or else its kind and whom it is about."""
    if line is None:
        return evidence.note
    record = dict(line.record)
    said = line.details or (
        f"{line.event_type.replace('_', ' ')} about {join_names([d.person(s) for s in line.subjects])}")
    grade = " ".join(str(x) for x in (record.get("risk_tool"), line.risk_level) if x)
    if grade:
        said = f"{said.rstrip('.')}; {grade}"
    return _shorten(said.rstrip("."))


class Citer:
    """Cites rows of one report in the one citation format, reading the report's chronology once."""

    def __init__(self, report: Report) -> None:
        self._rows = {c.evidence.event_id: c for c in report.chronology}
        self._directory = report.directory

    def line(self, e: Evidence) -> EvidenceLine:
        d = self._directory
        return EvidenceLine(
            event_id=e.event_id, agency_id=e.agency_id, agency=d.agency(e.agency_id), date=e.date,
            date_label=date_label(e.date), account=_account(self._rows.get(e.event_id), e, d), source_ref=e.source_ref,
            note=e.note,
        )

    def lines(self, evidence: Iterable[Evidence]) -> tuple[EvidenceLine, ...]:
        """The rows, each once, in date order, as what happened."""
        seen: dict[str, EvidenceLine] = {}
        for e in evidence:
            if e.event_id not in seen:
                seen[e.event_id] = self.line(e)
        return tuple(sorted(seen.values(), key=lambda x: (x.date.start, x.date.end, x.event_id)))

    def text(self, evidence: Iterable[Evidence], limit: int | None = None) -> str:
        """The rows' citations joined; past `limit` rows, how many more there are."""
        lines = self.lines(evidence)
        shown = "; ".join(x.text for x in lines[:limit])
        if limit is not None and len(lines) > limit:
            shown += f"; and {len(lines) - limit} more"
        return shown


def evidence_lines(evidence: Iterable[Evidence], report: Report) -> tuple[EvidenceLine, ...]:
    """The rows, each once, in date order, as what happened."""
    return Citer(report).lines(evidence)


# -- weight ----------------------------------------------------------------------------------------------------

def _proximity(evidence: Sequence[Evidence], death: ChronoDate | None) -> float:
    if death is None or not evidence:
        return 0.0
    latest = max(e.date.end for e in evidence)
    days = max((death.start - latest).days, 0)
    return round(max(0.0, 1.0 - days / 730.0), 3)


def _doubt(findings: Sequence[Finding], d: CaseDirectory) -> float:
    doubt = 0.0
    if any(not e.date.exact for f in findings for e in f.evidence):
        doubt += 0.5
    if any(rests_on_absence(f.rule_id) and any(d.incomplete_record(a) for a in f.agencies) for f in findings):
        doubt += 0.5
    return doubt


def _agencies(findings: Sequence[Finding]) -> tuple[str, ...]:
    """The agencies the findings cite: their subjects first, then those whose rows they rest on."""
    return tuple(dict.fromkeys([a for f in findings for a in f.agencies]
                               + [e.agency_id for f in findings for e in f.evidence]))


def weigh(findings: Sequence[Finding], d: CaseDirectory) -> Weight:
    """The weight of a finding, or of similar findings read as one (the weightiest member's severity, proximity
    and doubt; the reach of them all)."""
    own = [(guidance_for(f.rule_id).severity + _proximity(f.evidence, d.death) - _doubt([f], d), f)
           for f in findings]
    _, top = max(own, key=lambda x: x[0])
    reach = min(0.5, 0.1 * (len(_agencies(findings)) - 1))
    return Weight(guidance_for(top.rule_id).severity, _proximity(top.evidence, d.death), round(reach, 3),
                  _doubt([top], d))


# -- items -----------------------------------------------------------------------------------------------------

def _questions(findings: Sequence[Finding], report: Report) -> tuple[Question, ...]:
    d = report.directory
    out: dict[tuple[str, str], Question] = {}
    for f in findings:
        g = guidance_for(f.rule_id)
        victim = next((d.person(p) for p in f.people if d.people.get(p, ("", ""))[1] == "victim"), "the victim")
        perpetrator = next((d.person(p) for p in f.people
                            if d.people.get(p, ("", ""))[1] in vocab.PERPETRATOR_ROLES), "the perpetrator")
        for agency_id in asked(f):
            if agency_id not in d.agencies:
                continue  # a forum (MARAC, MAPPA) writes no IMR
            own = ([e for e in f.evidence if e.agency_id == agency_id and e.note not in g.context]
                   or [e for e in f.evidence if e.agency_id == agency_id] or list(f.evidence))
            own.sort(key=lambda e: (e.date.start, e.event_id))
            words = {"agency": d.agency(agency_id), "victim": victim, "perpetrator": perpetrator,
                     "first": date_label(own[0].date), "last": date_label(own[-1].date),
                     "on_first": on_date(own[0].date), "on_last": on_date(own[-1].date),
                     "span": (on_date(own[0].date) if own[0].date == own[-1].date
                              else f"between {date_label(own[0].date)} and {date_label(own[-1].date)}")}
            for template in g.questions:
                text = template.format(**words)
                out.setdefault((agency_id, text), Question(agency_id, text))
    return tuple(out.values())


def _caveats(findings: Sequence[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for f in findings for c in f.caveats))


def _item(findings: Sequence[Finding], report: Report, sentence: str, table: Table | None) -> BriefingItem:
    d = report.directory
    first = findings[0]
    g = guidance_for(first.rule_id)
    agencies = _agencies(findings)
    family = g.family or first.rule_id
    key = f"{family}:{'+'.join(sorted(agencies))}:{'+'.join(first.people)}"
    # The agencies a finding says were never told belong with it too, so a reader sees who was left out.
    agencies = tuple(dict.fromkeys(agencies + tuple(a for f in findings for a in f.not_told)))
    return BriefingItem(
        key=key, theme=g.theme, theme_title=THEME_TITLES[g.theme], sentence=sentence, weight=weigh(findings, d),
        rule_ids=tuple(dict.fromkeys(f.rule_id for f in findings)), agencies=agencies, people=first.people,
        evidence=evidence_lines((e for f in findings for e in f.evidence), report), caveats=_caveats(findings),
        standard=g.standard, questions=_questions(findings, report), findings=tuple(findings), table=table,
        title=first.title,
    )


_TOPIC_SHORT = {"silo.relationship": "the relationship", "silo.abuse_by_perpetrator": "abuse by {p}",
                "silo.abuse_unattributed": "abuse, perpetrator not recorded"}


def _silo_group(findings: Sequence[Finding], report: Report) -> BriefingItem:
    d = report.directory
    pair = findings[0].people
    v, p = (d.person(x) for x in pair)
    by_agency: dict[str, list[Finding]] = {}
    for f in findings:
        by_agency.setdefault(f.agencies[0], []).append(f)
    order = sorted(by_agency, key=lambda a: (-weigh(by_agency[a], d).total, a))
    rows = []
    for a in order:
        fs = by_agency[a]
        # When it first knew, as every output says it (an undated row beside a dated one: "by 2 Apr 2014 (...)").
        first = first_known(e for f in fs for e in f.evidence)
        knew = "; ".join(_TOPIC_SHORT[f.rule_id].format(p=p) for f in fs)
        rows.append((d.agency(a), knew, first.when))
    sentence = (f"{count_words(len(order), 'agency', 'agencies').capitalize()} knew of the relationship between "
                f"{v} and {p} or of abuse of {d.them(pair[0], pair)}, and their chronologies record no referral or "
                "share that passed it on.")
    table = Table(("Agency", "Knew of", "From"), tuple(rows), tuple(order))
    return _item(findings, report, sentence, table)


def _blind_spot_group(findings: Sequence[Finding], report: Report) -> BriefingItem:
    d = report.directory
    v, p = (d.person(x) for x in findings[0].people)
    order = sorted(findings, key=lambda f: (-weigh([f], d).total, f.agencies))
    rows = []
    for f in order:
        contacts = [e for e in f.evidence[1:]]
        last = max(contacts, key=lambda e: (e.date.start, e.event_id)) if contacts else f.evidence[0]
        rows.append((d.agency(f.agencies[0]), str(len(contacts)), date_label(last.date)))
    knowers = list(dict.fromkeys(f.evidence[0].agency_id for f in findings))
    earliest = min((f.evidence[0] for f in findings), key=lambda e: (e.date.start, e.event_id))
    after = (f"after {d.agency(knowers[0])} knew of abuse of {v} by {p} ({date_label(earliest.date)})"
             if len(knowers) == 1 else f"after abuse of {v} by {p} was known to another agency")
    sentence = (f"{count_words(len(order), 'agency', 'agencies').capitalize()} kept seeing {v} or {p} {after} "
                "and were never told of it.")
    table = Table(("Agency", "Contacts", "Last contact"), tuple(rows), tuple(f.agencies[0] for f in order))
    return _item(findings, report, sentence, table)


def _no_assessment_group(findings: Sequence[Finding], report: Report) -> BriefingItem:
    d = report.directory
    v = d.person(findings[0].people[0]) if findings[0].people else "the victim"
    order = sorted(findings, key=lambda f: (-weigh([f], d).total, f.agencies))
    rows = []
    for f in order:
        first = min(f.evidence, key=lambda e: (e.date.start, e.event_id))
        rows.append((d.agency(f.agencies[0]), str(len(f.evidence)), date_label(first.date)))
    sentence = (f"{count_words(len(order), 'agency', 'agencies').capitalize()} recorded domestic abuse of {v} and "
                "made no risk assessment of their own soon after.")
    table = Table(("Agency", "Rows", "First"), tuple(rows), tuple(f.agencies[0] for f in order))
    return _item(findings, report, sentence, table)


_GROUPS = {"silo": _silo_group, "blind_spot": _blind_spot_group, "no_assessment": _no_assessment_group}
# A finding about this many agencies or more names them in a table, so its sentence need not.
_TABLE_FROM = 3


def _single(f: Finding, report: Report) -> BriefingItem:
    """One finding as an item: its plain sentence, and, when it concerns several agencies, a table of them: what
    each one's cited rows record and from when, then those it says were never told."""
    d = report.directory
    table = None
    cited = tuple(dict.fromkeys(e.agency_id for e in f.evidence))
    if len(cited) + len(f.not_told) >= _TABLE_FROM:
        rows, ids = [], []
        for a in sorted(cited, key=lambda a: min((e.date.start, e.event_id) for e in f.evidence if e.agency_id == a)):
            own = sorted((e for e in f.evidence if e.agency_id == a), key=lambda e: (e.date.start, e.event_id))
            what = "; ".join(dict.fromkeys(e.note.replace("_", " ") for e in own))
            rows.append((d.agency(a), what, date_label(own[0].date)))
            ids.append(a)
        for a in f.not_told:
            rows.append((d.agency(a), "not told", ""))
            ids.append(a)
        table = Table(("Agency", "In this finding", "From"), tuple(rows), tuple(ids))
    return _item([f], report, f.brief or f.statement, table)


def _items(report: Report) -> list[BriefingItem]:
    families: dict[tuple[str, tuple[str, ...]], list[Finding]] = {}
    items = []
    for f in report.findings:
        family = guidance_for(f.rule_id).family
        if family is None:
            items.append(_single(f, report))
        else:
            families.setdefault((family, f.people), []).append(f)
    for (family, _), members in families.items():
        if len({f.agencies[0] for f in members}) > 1:
            items.append(_GROUPS[family](members, report))
        else:
            items += [_single(f, report) for f in members]
    return _unique_keys(sorted(items, key=lambda i: (-i.weight.total, i.rule_ids, i.agencies)))


def _unique_keys(items: list[BriefingItem]) -> list[BriefingItem]:
    """The items with a key each of their own: every document numbers its findings by key, so two items under one
    key (one agency's silo on the relationship and on the abuse, or the GP's two disclosures with a child present)
    would share a number and a heading. A repeated key takes the rule id, then the first cited row's id."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.key
        if key in seen:
            first = min((e for f in item.findings for e in f.evidence), key=lambda e: (e.date.start, e.event_id))
            candidates = [f"{key}:{item.rule_ids[0]}", f"{key}:{item.rule_ids[0]}:{first.event_id}"]
            n = 2
            while all(c in seen for c in candidates):
                candidates.append(f"{candidates[1]}:{n}")
                n += 1
            key = next(c for c in candidates if c not in seen)
        seen.add(key)
        out.append(item if key == item.key else replace(item, key=key))
    return out


def build_briefing(report: Report) -> Briefing:
    """The briefing of a report: pure, and the same for either engine."""
    d = report.directory
    items = _items(report)
    themes = []
    for theme_id, title in THEMES:
        members = tuple(i for i in items if i.theme == theme_id)
        if members:
            themes.append(Theme(theme_id, title, members))
    themes.sort(key=lambda t: -t.items[0].weight.total)
    files = []
    for entry in d.files:
        path, _, digest = entry.partition(" ")
        files.append(SourceFile(path, digest.removeprefix("sha256:")))
    no_findings = None
    if not items:
        # Not "every agency that knew passed it on": an agency may have known only that two parents are a couple,
        # with no abuse recorded anywhere, or its record of an incident may have reached others through another
        # agency; the knowledge section beside this says so, and must not be contradicted here.
        no_findings = ("graphdhr found no gap in these chronologies: no knowledge of abuse stayed with one agency, "
                       "and no rule on risk, referral, the perpetrator's management or children was met. That "
                       "rests only on the rows the review holds.")
    return Briefing(
        case_id=d.case_id, title=d.title, area=d.area, summary=summary_sentences(report), items=tuple(items),
        themes=tuple(themes), provenance=Provenance(tuple(files), report.engine, report.version, report.rule_sources),
        agency=report.agency, no_findings=no_findings, who_knew=who_knew(report),
    )
