"""The gap report as text, Markdown, JSON or CSV: for pasting into a review, or for other tools.

Text and Markdown open with the chair's briefing (graphdhr.briefing) and end with provenance; every line that says
an agency knew, did not know or did not share cites its chronology rows in the one citation format
("10 Feb 2014, Metropolitan Police: what the row records (ref 1.5.8)").
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from graphdhr.briefing import CITATION_FORMAT, WEIGHT_DEFINITION, Briefing, Citer, build_briefing, date_label
from graphdhr.printable import escape_controls
from graphdhr.findings import held_fact_text, join_names, topic_text
from graphdhr.render import document
from graphdhr.render.document import Block, Bullets, Heading, Paragraph
from graphdhr.render.panel import briefing_body, provenance_blocks
from graphdhr.report import MAY_HAVE_PASSED_ON, ORDER_NOT_KNOWN, KnowledgeLine, Report
from graphdhr.vocab import contribution_words

FORMATS = ("text", "markdown", "json", "csv")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def detail_blocks(report: Report, cite: Citer) -> list[Block]:
    """Who knew what and when, whether it moved, what else agencies held, and the risk assessments; every row
    cited in the one citation format."""
    d = report.directory
    out: list[Block] = []
    for aw in report.awareness:
        v, p = d.person(aw.victim_id), d.person(aw.perpetrator_id)
        # How many knew is the briefing's (Briefing.who_knew), said once at the top.
        out.append(Heading(f"Who knew of the relationship between {v} and {p}", 2))
        knew = []
        for agency, known in sorted(aw.knew, key=lambda x: (x[1].row.date.start, x[0])):
            # The cited row names the agency and the date; when another agency's row told it, say whom it told;
            # when a row by which it knew may be earlier, say so.
            first = known.row
            told = "" if first.agency_id == agency else f"{d.agency(agency)}, told: "
            knew.append(told + cite.text([first]) + (f" (knew by then; {known.doubt})" if known.earlier else ""))
        out += [Paragraph("", label="Knew"), Bullets(tuple(knew))] if knew else [Paragraph("none.", label="Knew")]
        never = [f"{d.agency(agency)}, {_plural(len(contacts), 'contact', 'contacts')}: {cite.text(contacts, 3)}"
                 for agency, contacts in aw.never_knew]
        # "No record of it", not "never knew": an agency's rows may hold abuse of the victim with no perpetrator
        # named, which is knowledge, only not of this relationship.
        unknowing = "In contact, with no record of the relationship"
        out += ([Paragraph("", label=unknowing), Bullets(tuple(never))] if never
                else [Paragraph("none.", label=unknowing)])

    if report.agency is None:
        out.append(Heading("Agencies and what they gave the review", 2))
        rows = Counter(c.evidence.agency_id for c in report.chronology)
        gave_lines = []
        for agency_id in sorted(d.agencies, key=d.agency):
            gave = ", ".join(contribution_words(c) for c in d.contributions.get(agency_id, ()))
            said = f"{d.agency(agency_id)}: {gave or 'contribution not recorded'}; "
            said += _plural(rows[agency_id], "chronology row", "chronology rows")
            records = d.records_text(agency_id)
            gave_lines.append(said + (f"; {records}." if records else "."))
        out.append(Bullets(tuple(gave_lines)))
        if not d.chronology_complete:
            out.append(Paragraph("The case's chronology is declared incomplete"
                                 + (f": {d.chronology_note}." if d.chronology_note else ".")))

    out.append(Heading("What each agency knew, and whether it passed it on", 2))
    may_note = f" ({ORDER_NOT_KNOWN})"
    # One line per agency and first row: a row that told it of both the relationship and the abuse is one fact.
    merged: dict[tuple[str, str, str, tuple[str, ...]], list[KnowledgeLine]] = {}
    for line in sorted(report.knowledge, key=lambda k: (k.first.row.date.start, k.agency_id, k.topic)):
        merged.setdefault((line.agency_id, line.first.when, line.first.row.event_id,
                           tuple(s.event_id for s in line.passed_on)), []).append(line)
    knowledge = []
    for (agency_id, *_), lines in merged.items():
        known, line = lines[0].first, lines[0]
        first = known.row
        what = join_names([topic_text(k.topic, d, k.victim_id, k.perpetrator_id) for k in lines])
        how = "" if first.agency_id == agency_id else " when told"
        # Said only when a row by which it knew may be earlier: otherwise the cited row's date is when it knew.
        when = f" {known.since}" if known.earlier else ""
        moved = "; ".join(f"{s.note} to {join_names([d.agency(t) for t in s.to])}"
                          f"{may_note if s.note == MAY_HAVE_PASSED_ON else ''}: {cite.text([s])}"
                          for s in line.passed_on) or "never passed on"
        knowledge.append(f"{d.agency(agency_id)} knew of {what}{how}{when}: {cite.text([first])}; {moved}.")
    out.append(Bullets(tuple(knowledge)) if knowledge else Paragraph(
        "No agency's chronology records knowledge of the relationship or of abuse between them."))

    out.append(Heading("What else agencies held about the victim or perpetrator", 2))
    held_lines = []
    for held in sorted(report.held, key=lambda h: (h.agency_id, h.person_id, h.fact)):
        moved = "; ".join(f"passed on to {join_names([d.agency(t) for t in s.to])}: {cite.text([s])}"
                          for s in held.passed_on) or "never passed on"
        held_lines.append(f"{d.agency(held.agency_id)} held {held_fact_text(held.fact, held.person_id, held.by_id, d)}"
                          f": {cite.text(held.knowledge, 3)}; {moved}.")
    out.append(Bullets(tuple(held_lines)) if held_lines else Paragraph("Nothing else recorded."))

    victims = sorted({k.victim_id for k in report.knowledge} | {r.victim_id for r in report.risk})
    for victim in victims:
        name = d.person(victim)
        out.append(Heading(f"Risk assessments of {name}", 2))
        knew = sorted({k.agency_id for k in report.knowledge if k.victim_id == victim and k.topic != "relationship"})
        assessments = [r for r in report.risk if r.victim_id == victim]
        assessing = sorted({r.agency_id for r in assessments})
        if report.agency:
            out.append(Paragraph(f"{d.agency(report.agency)} recorded "
                                 f"{_plural(len(assessments), 'risk assessment', 'risk assessments')} of {name}."))
        else:
            out.append(Paragraph(
                f"{_plural(len(assessments), 'risk assessment', 'risk assessments')} recorded, by "
                f"{_plural(len(assessing), 'agency', 'agencies')}; {_plural(len(knew), 'agency', 'agencies')} "
                f"knew of domestic abuse of {name}."))
        tools = Counter(r.tool or "tool not named" for r in assessments)
        if tools:
            out.append(Paragraph("; ".join(f"{t} ({n})" for t, n in sorted(tools.items())) + ".", label="Tools"))
        assessed = []
        for r in assessments:
            grade = ", ".join(x for x in (
                r.level and f"graded {r.level}", r.score is not None and f"score {r.score}") if x) or "no grade recorded"
            assessed.append(f"{r.tool or 'tool not named'}, {grade}: {cite.text([r.assessment])}")
        if assessed:
            out.append(Bullets(tuple(assessed)))
    return out


def render_text(report: Report, markdown: bool = False) -> str:
    """The gap report: the chair's briefing first, then the detail it rests on, provenance last."""
    d = report.directory
    briefing = build_briefing(report)
    title = f"graphdhr gap report: {d.case_id}, {d.title}" + (f" ({d.area})" if d.area else "")
    body = briefing_body(report, briefing, title=title)
    if report.agency:
        body.insert(2, Paragraph(f"Only what concerns {d.agency(report.agency)} ({report.agency})."))
    blocks = body + detail_blocks(report, Citer(report)) + provenance_blocks(briefing)
    return document.render_markdown(blocks) if markdown else document.render_text(blocks)


def briefing_json(b: Briefing, report: Report) -> dict[str, Any]:
    """The briefing as data: what the view and other tools read; each item names its findings by their index in
    the report's `findings`."""
    index = {id(f): n for n, f in enumerate(report.findings)}
    return {
        "summary": list(b.summary),
        "weight_definition": WEIGHT_DEFINITION,
        "citation_format": CITATION_FORMAT,
        "no_findings": b.no_findings,
        "items": [
            {
                "key": i.key, "theme": i.theme, "theme_title": i.theme_title, "title": i.title,
                "sentence": i.sentence,
                "weight": {"total": i.weight.total, "severity": i.weight.severity, "proximity": i.weight.proximity,
                           "reach": i.weight.reach, "doubt": i.weight.doubt},
                "rule_ids": list(i.rule_ids), "agencies": list(i.agencies), "people": list(i.people),
                "table": ({"columns": list(i.table.columns), "rows": [list(r) for r in i.table.rows],
                           "agency_ids": list(i.table.agency_ids)} if i.table else None),
                "evidence": [{"event_id": e.event_id, "agency_id": e.agency_id, "agency": e.agency,
                              "date": e.date_label, "account": e.account, "source_ref": e.source_ref,
                              "note": e.note, "text": e.text} for e in i.evidence],
                "caveats": list(i.caveats),
                "standard": i.standard,
                "questions": [{"agency_id": q.agency_id, "text": q.text} for q in i.questions],
                "findings": [index[id(f)] for f in i.findings],
            }
            for i in b.items
        ],
        "themes": [{"id": t.id, "title": t.title, "items": [i.key for i in t.items]} for t in b.themes],
    }


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
                "knew": [{"agency_id": ag, "first": k.row.as_dict(), "since": k.since} for ag, k in a.knew],
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
        "briefing": briefing_json(build_briefing(report), report),
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
    plain text (printable.markdown_text, applied where each block is written), so a panel can paste it into a wiki
    without case text becoming HTML or a link."""
    if fmt == "text":
        return escape_controls(render_text(report), keep="\n\t")
    if fmt == "markdown":
        return escape_controls(render_text(report, markdown=True), keep="\n\t")
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    raise ValueError(f"unknown format {fmt!r}")
