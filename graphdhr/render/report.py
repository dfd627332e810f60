"""The gap report as text, Markdown, JSON or CSV: for pasting into a review, or for other tools.

Every line that says an agency knew, did not know or did not share cites its chronology rows as
`agency date ref source-ref`.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable

from graphdhr.printable import escape_controls, map_text, markdown_text
from graphdhr.vocab import contribution_words
from graphdhr.findings import Evidence, case_sentences, held_fact_text, topic_text
from graphdhr.report import Report

FORMATS = ("text", "markdown", "json", "csv")


def _cites(evs: Iterable[Evidence], limit: int = 6) -> str:
    evs = list(evs)
    shown = "; ".join(e.cite() for e in evs[:limit])
    if len(evs) > limit:
        shown += f"; and {len(evs) - limit} more"
    return f"[{shown}]"


def _header(report: Report, md: bool) -> list[str]:
    d = report.directory
    title = f"graphdhr gap report: {d.case_id}, {d.title}" + (f" ({d.area})" if d.area else "")
    lines = [f"# {title}" if md else title, ""]
    if not md:
        lines[1:1] = ["=" * len(title)]
    lines.append(" ".join(case_sentences(d)))
    lines.append(f"Engine: {report.engine}. graphdhr {report.version}.")
    if report.agency:
        lines.append(f"Only what concerns {d.agency(report.agency)} ({report.agency}).")
    # Each input file with the start of its sha256 (the JSON output carries the whole hash): enough for a panel to
    # check it has the same files, short enough to read.
    files = [f"{path} (sha256 {digest.removeprefix('sha256:')[:16]}...)" for path, _, digest in
             (f.partition(" ") for f in d.files)]
    lines.append("Input files: " + "; ".join(files) + ".")
    if report.rule_sources:
        lines.append("Rules: " + ", ".join(report.rule_sources))
    lines.append(
        "Each citation is [agency date ref source-reference] and points at a chronology row the panel can check."
    )
    return lines


def _section(title: str, md: bool) -> list[str]:
    return ["", f"## {title}" if md else title.upper(), ""]


def render_text(report: Report, markdown: bool = False) -> str:
    md = markdown
    d = report.directory
    bullet = "- " if md else "  - "
    out = _header(report, md)

    for aw in report.awareness:
        v, p = d.person(aw.victim_id), d.person(aw.perpetrator_id)
        out += _section(f"Who knew of the relationship between {v} and {p}", md)
        total = len(aw.knew) + len(aw.never_knew)
        out.append(
            f"{len(aw.knew)} of {total} agencies in contact with {v} or {p} during their relationship knew of it."
        )
        out.append("")
        out.append("Knew:" if aw.knew else "Knew: none.")
        for agency, first in sorted(aw.knew, key=lambda x: (x[1].date.start, x[0])):
            how = "" if first.agency_id == agency else f", told by {d.agency(first.agency_id)}"
            out.append(f"{bullet}{d.agency(agency)}: from {first.date.text}{how} {_cites([first])}")
        out.append("")
        out.append("In contact, never knew:" if aw.never_knew else "In contact, never knew: none.")
        for agency, contacts in aw.never_knew:
            out.append(
                f"{bullet}{d.agency(agency)}: {len(contacts)} contact{'s' if len(contacts) != 1 else ''}, "
                f"{contacts[0].date.text} to {contacts[-1].date.text} {_cites(contacts, 3)}"
            )

    if report.agency is None:
        out += _section("Agencies and what they gave the review", md)
        rows = Counter(c.evidence.agency_id for c in report.chronology)
        for agency_id in sorted(d.agencies, key=d.agency):
            gave = ", ".join(contribution_words(c) for c in d.contributions.get(agency_id, ()))
            said = f"{bullet}{d.agency(agency_id)}: {gave or 'contribution not recorded'}; "
            said += f"{rows[agency_id]} chronology row{'s' if rows[agency_id] != 1 else ''}"
            records = d.records_text(agency_id)
            out.append(said + (f"; {records}." if records else "."))
        if not d.chronology_complete:
            out.append("The case's chronology is declared incomplete"
                       + (f": {d.chronology_note}." if d.chronology_note else "."))

    out += _section("What each agency knew, and whether it passed it on", md)
    if not report.knowledge:
        out.append("No agency's chronology records knowledge of the relationship or of abuse between them.")
    for line in sorted(report.knowledge, key=lambda k: (k.knowledge[0].date.start, k.agency_id, k.topic)):
        first = line.knowledge[0]
        what = topic_text(line.topic, d, line.victim_id, line.perpetrator_id)
        how = "" if first.agency_id == line.agency_id else f" (told by {d.agency(first.agency_id)})"
        out.append(f"{bullet}{d.agency(line.agency_id)} knew of {what} from {first.date.text}{how} {_cites([first])}")
        if line.passed_on:
            for share in line.passed_on:
                to = ", ".join(d.agency(t) for t in share.to)
                out.append(f"{'  ' if md else '      '}- passed on to {to} on {share.date.text} {_cites([share])}")
        else:
            out.append(f"{'  ' if md else '      '}- never passed on")

    out += _section("What else agencies held about the victim or perpetrator", md)
    if not report.held:
        out.append("Nothing else recorded.")
    for held in sorted(report.held, key=lambda h: (h.agency_id, h.person_id, h.fact)):
        first = held.knowledge[0]
        moved = (
            "passed on " + "; ".join(
                f"to {', '.join(d.agency(t) for t in s.to)} on {s.date.text} {_cites([s])}" for s in held.passed_on
            )
            if held.passed_on
            else "never passed on"
        )
        out.append(
            f"{bullet}{d.agency(held.agency_id)}: {held_fact_text(held.fact, held.person_id, held.by_id, d)} "
            f"from {first.date.text} {_cites(held.knowledge, 3)}; {moved}"
        )

    victims = sorted({k.victim_id for k in report.knowledge} | {r.victim_id for r in report.risk})
    for victim in victims:
        name = d.person(victim)
        out += _section(f"Risk assessments of {name}", md)
        knew = sorted({k.agency_id for k in report.knowledge if k.victim_id == victim and k.topic != "relationship"})
        lines = [r for r in report.risk if r.victim_id == victim]
        assessing = sorted({r.agency_id for r in lines})
        if report.agency:
            out.append(f"{d.agency(report.agency)} recorded {len(lines)} risk assessment{'s' if len(lines) != 1 else ''}"
                       f" of {name}.")
        else:
            out.append(
                f"{len(lines)} risk assessment{'s' if len(lines) != 1 else ''} recorded, by {len(assessing)} "
                f"agenc{'ies' if len(assessing) != 1 else 'y'}; {len(knew)} agenc{'ies' if len(knew) != 1 else 'y'} "
                f"knew of domestic abuse of {name}."
            )
        tools: dict[str, int] = {}
        for r in lines:
            tools[r.tool or "tool not named"] = tools.get(r.tool or "tool not named", 0) + 1
        if tools:
            out.append("Tools: " + "; ".join(f"{t} ({n})" for t, n in sorted(tools.items())) + ".")
        for r in lines:
            grade = ", ".join(x for x in (
                r.level and f"graded {r.level}", r.score is not None and f"score {r.score}") if x) or "no grade recorded"
            out.append(f"{bullet}{d.agency(r.agency_id)} {r.assessment.date.text}: {r.tool or 'tool not named'}, "
                       f"{grade} {_cites([r.assessment])}")

    if report.timeline:
        out += _section("Homicide Timeline tags (Monckton Smith 2020)", md)
        out.append("Stages the chronology's own facts show (1 history, 3 coercive control, 4 separation, "
                   "5 escalation, 8 homicide); a tag marks a row, it predicts nothing.")
        for tag in report.timeline:
            out.append(f"{bullet}stage {tag.stage} ({tag.marker.replace('_', ' ')}): {d.agency(tag.event.agency_id)} "
                       f"{tag.event.date.text} {_cites([tag.event])}")

    out += _section("Findings", md)
    if not report.findings:
        out.append("No silo, blind spot or unlinked records found.")
    for n, f in enumerate(report.findings, start=1):
        out.append(f"{n}. [{f.rule_id}] {f.statement}")
        for caveat in f.caveats:
            out.append(f"{'   ' if md else '     '}Caveat: {caveat}")
        for e in f.evidence:
            out.append(f"{'   ' if md else '     '}- {e.note}: {e.cite()} (row {e.event_id})")
    return "\n".join(out) + "\n"


def render_json(report: Report) -> str:
    d = report.directory
    data = {
        "case": {
            "case_id": d.case_id,
            "title": d.title,
            "area": d.area,
            "terms_of_reference": {
                "start": d.tor_start.text if d.tor_start else None,
                "end": d.tor_end.text if d.tor_end else None,
            },
            "files": list(d.files),
        },
        "engine": report.engine,
        "graphdhr_version": report.version,
        "agency": report.agency,
        "awareness": [
            {
                "victim_id": a.victim_id,
                "perpetrator_id": a.perpetrator_id,
                "knew": [{"agency_id": ag, "first": e.as_dict()} for ag, e in a.knew],
                "never_knew": [{"agency_id": ag, "contacts": [e.as_dict() for e in evs]} for ag, evs in a.never_knew],
            }
            for a in report.awareness
        ],
        "knowledge": [
            {
                "agency_id": k.agency_id,
                "topic": k.topic,
                "victim_id": k.victim_id,
                "perpetrator_id": k.perpetrator_id,
                "knowledge": [e.as_dict() for e in k.knowledge],
                "passed_on": [e.as_dict() for e in k.passed_on],
            }
            for k in report.knowledge
        ],
        "held": [
            {
                "agency_id": h.agency_id,
                "person_id": h.person_id,
                "fact": h.fact,
                "by_id": h.by_id,
                "knowledge": [e.as_dict() for e in h.knowledge],
                "passed_on": [e.as_dict() for e in h.passed_on],
            }
            for h in report.held
        ],
        "risk_assessments": [
            {"victim_id": r.victim_id, "agency_id": r.agency_id, "tool": r.tool, "score": r.score, "level": r.level,
             "assessment": r.assessment.as_dict()}
            for r in report.risk
        ],
        "timeline_tags": [
            {"victim_id": t.victim_id, "perpetrator_id": t.perpetrator_id, "stage": t.stage, "marker": t.marker,
             "event": t.event.as_dict()}
            for t in report.timeline
        ],
        "rules": list(report.rule_sources),
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "case_id", "finding", "rule_id", "agencies", "people", "statement", "caveats",
    "evidence_agency", "evidence_date", "source_ref", "event_id", "note",
)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will show as text: a leading = + - @ would otherwise run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: Report) -> str:
    """One line per finding and evidence row, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for n, f in enumerate(report.findings, start=1):
        for e in f.evidence:
            writer.writerow(
                _cell(v)
                for v in (f.case_id, n, f.rule_id, ";".join(f.agencies), ";".join(f.people), f.statement,
                          " ".join(f.caveats), e.agency_id, e.date.text, e.source_ref, e.event_id, e.note)
            )
    return buffer.getvalue()


def render(report: Report, fmt: str) -> str:
    """The report in `fmt`. Case text is escaped where it is emitted: in text and Markdown no control character
    reaches the reader (escape_controls), and in Markdown every string the report carries from the case is made
    plain text (markdown_text), so a panel can paste it into a wiki without case text becoming HTML or a link."""
    if fmt == "text":
        return escape_controls(render_text(report), keep="\n\t")
    if fmt == "markdown":
        return escape_controls(render_text(map_text(report, markdown_text), markdown=True), keep="\n\t")
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    raise ValueError(f"unknown format {fmt!r}")
