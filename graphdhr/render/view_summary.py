"""The summary at the top of the chair's view, as the page draws it: the case in two sentences, then the key
findings grouped by theme, each a plain sentence with its evidence as text and the agencies and people it
concerns (so that a click can light them up in the network).

MINIMAL ADAPTER. The themes, their ranking, the collapsing of similar findings and the evidence text belong to
`graphdhr.briefing` (issue 13), which was not yet on this branch when the view was built. Until it is, this module
derives a plain summary from the report with the smallest rules that read well on the worked example; once
`graphdhr.briefing` exists, `view_summary` must take its `Briefing` and only reshape it, and everything under
"adapter" below goes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TypedDict

from graphdhr.dates import ChronoDate
from graphdhr.findings import Evidence, Finding
from graphdhr.report import ChronologyLine, Report


class SummaryTable(TypedDict):
    head: list[str]
    rows: list[list[str]]


class SummaryLine(TypedDict):
    id: str
    text: str
    agencies: list[str]
    people: list[str]
    evidence: list[str]
    table: SummaryTable | None
    rules: list[str]  # shown only in a tooltip, for whoever wants to look a finding up in docs/rules.md


class SummaryTheme(TypedDict):
    title: str
    lines: list[SummaryLine]


class Summary(TypedDict):
    case: list[str]
    themes: list[SummaryTheme]


# -- adapter (see the module docstring) -------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# (theme title, the rule ids or rule-id prefixes it takes), in the order a panel reads them.
_THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Knowledge that never moved", ("silo.",)),
    ("Agencies in contact and never told", ("blind_spot", "two_records")),
    ("Risk and MARAC", ("marac.", "risk.")),
    ("The perpetrator's management", ("perpetrator.", "cross_boundary")),
    ("Children", ("children.",)),
    ("Other patterns", ("",)),
)


def _date_words(d: ChronoDate) -> str:
    if d.label is not None:
        return d.label
    if d.precision == "day":
        return f"{d.start.day} {_MONTHS[d.start.month - 1]} {d.start.year}"
    if d.precision == "month":
        return f"{_MONTHS[d.start.month - 1]} {d.start.year}"
    return d.text


def evidence_text(e: Evidence, row: ChronologyLine | None, report: Report) -> str:
    """"10 Feb 2014, Metropolitan Police: Lottie reported an assault by Bert; DASH standard (ref 1.5.8)"."""
    agency = report.directory.agency(e.agency_id)
    what = (row.details if row is not None and row.details else e.note).rstrip(".")
    if row is not None and row.risk_level:
        tool = dict(row.record).get("risk_tool")
        what += f"; {tool + ' ' if tool else 'risk '}{row.risk_level}"
    return f"{_date_words(e.date)}, {agency}: {what} (ref {e.source_ref})"


def _theme_of(rule_id: str) -> int:
    for i, (_title, prefixes) in enumerate(_THEMES):
        if any(rule_id == p or (p.endswith(".") and rule_id.startswith(p)) or p == "" for p in prefixes):
            return i
    return len(_THEMES) - 1  # pragma: no cover - the last theme takes every rule


def _line(key: str, text: str, findings: list[Finding], rows: dict[str, ChronologyLine], report: Report,
          table: SummaryTable | None = None, limit: int = 8) -> SummaryLine:
    seen: dict[str, Evidence] = {}
    for f in findings:
        for e in f.evidence:
            seen.setdefault(e.event_id, e)
    ordered = sorted(seen.values(), key=lambda e: (e.date.start, e.agency_id, e.event_id))
    evidence = [evidence_text(e, rows.get(e.event_id), report) for e in ordered[:limit]]
    if len(ordered) > limit:
        evidence.append(f"and {len(ordered) - limit} more rows (see the findings below)")
    return SummaryLine(
        id=key, text=text, table=table, evidence=evidence,
        agencies=sorted({a for f in findings for a in f.agencies}),
        people=sorted({p for f in findings for p in f.people}),
        rules=sorted({f.rule_id for f in findings}),
    )


def view_summary(report: Report) -> Summary:
    """The summary the view shows first (see the module docstring: a minimal adapter until graphdhr.briefing)."""
    from graphdhr.findings import case_sentences

    d = report.directory
    rows = {r.evidence.event_id: r for r in report.chronology}
    sentences = case_sentences(d)
    case = [" ".join(sentences[:-1]), sentences[-1]] if len(sentences) > 1 else sentences

    grouped: dict[int, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        family = f.rule_id.split(".")[0] if f.rule_id.startswith("silo.") else f.rule_id
        grouped[_theme_of(f.rule_id)][family].append(f)

    themes: list[SummaryTheme] = []
    for t, (title, _prefixes) in enumerate(_THEMES):
        lines: list[SummaryLine] = []
        if t == 1:
            for aw in report.awareness:
                in_contact = len(aw.knew) + len(aw.never_knew)
                text = (f"Only {len(aw.knew)} of the {in_contact} agencies in contact with {d.person(aw.victim_id)} "
                        f"or {d.person(aw.perpetrator_id)} during their relationship knew of it.")
                table = SummaryTable(head=["Agency", "Knew of the relationship"], rows=(
                    [[d.agency(a), f"from {_date_words(e.date)}"] for a, e in aw.knew]
                    + [[d.agency(a), f"never ({len(c)} contact{'s' if len(c) != 1 else ''})"] for a, c in aw.never_knew]))
                line = _line(f"pair-{aw.victim_id}-{aw.perpetrator_id}", text, [], rows, report, table)
                line["agencies"] = sorted([a for a, _e in aw.knew] + [a for a, _c in aw.never_knew])
                line["people"] = [aw.victim_id, aw.perpetrator_id]
                line["evidence"] = [evidence_text(e, rows.get(e.event_id), report) for _a, e in aw.knew]
                lines.append(line)
        for family, fs in sorted(grouped[t].items(), key=lambda kv: (-len({a for f in kv[1] for a in f.agencies}), kv[0])):
            if family == "silo":
                agencies = sorted({f.agencies[0] for f in fs}, key=d.agency)
                first: dict[str, Finding] = {}
                for f in sorted(fs, key=lambda f: f.window_start.start if f.window_start else dt.date.max):
                    first.setdefault(f.agencies[0], f)
                text = (f"{len(agencies)} agencies knew of the relationship or the abuse and their records show they "
                        "never passed it on.")
                table = SummaryTable(head=["Agency", "Knew from"], rows=[
                    [d.agency(a), _date_words(first[a].window_start) if first[a].window_start else ""] for a in agencies])
                lines.append(_line("silo", text, fs, rows, report, table))
            elif family == "blind_spot" and len(fs) > 2:
                agencies = [f.agencies[0] for f in fs]
                text = (f"{len(fs)} agencies kept seeing {' or '.join(d.person(p) for p in sorted(fs[0].people))} after "
                        "the abuse was known elsewhere, and were never told of it.")
                table = SummaryTable(head=["Agency", "Contacts after it was known elsewhere"], rows=[
                    [d.agency(f.agencies[0]), str(sum(1 for e in f.evidence if e.note == "contact"))] for f in fs])
                line = _line("blind_spot", text, fs, rows, report, table)
                line["agencies"] = sorted(set(agencies))
                lines.append(line)
            else:
                for i, f in enumerate(fs):
                    lines.append(_line(f"{family}-{i}", f.statement, [f], rows, report))
        if lines:
            themes.append(SummaryTheme(title=title, lines=lines))
    return Summary(case=case, themes=themes)

