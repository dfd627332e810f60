"""The combined chronology: every agency's rows of a case merged into one dated table, the document a panel works
from, as Word (landscape A4, header row repeated on each page), an Excel workbook, Markdown or CSV.

Each row names its agency and people (with their ages at the event, where the case gives dates of birth), says
whether it lies within the terms of reference, and carries what the analysis says of it: where an agency first
knew of the relationship or the abuse, knowledge never passed on, a share that passed it on, the findings it is
evidence for. A row that another agency recorded too (graphdhr.recorded_twice) says so: "also recorded by
<agency> (row ref ..., #n)". Rows are ordered by the earliest day their date can mean, so a month-only date sorts
as its month and is shown as written ("2014-11"), never as an invented day.

Everything here is a function of the report, so either engine gives the same chronology.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from graphdhr.dates import ChronoDate
from graphdhr.directory import CaseDirectory
from graphdhr.briefing import build_briefing, finding_numbers
from graphdhr.findings import Finding, case_sentences, held_fact_text, learned_words, topic_text
from graphdhr.printable import markdown_text
from graphdhr.render.export import xml_text
from graphdhr.render.report import _cell as spreadsheet_text
from graphdhr.report import MAY_HAVE_PASSED_ON, ORDER_NOT_KNOWN, ChronologyLine, HeldLine, KnowledgeLine, Report
from graphdhr.word import a4, repeat_on_each_page

FORMATS = ("docx", "xlsx", "markdown", "csv")
BINARY_FORMATS = ("docx", "xlsx")

COLUMNS = ("#", "Date", "Agency", "People", "Event", "Details", "Action", "Comment", "Learned", "Passed to",
           "Source", "Also recorded by", "Terms of reference", "Analysis")
# Characters wide of each column in the workbook; Details, Comment and Analysis wrap.
_XLSX_WIDTHS = (6, 12, 28, 24, 18, 60, 30, 40, 24, 28, 10, 28, 22, 60)
# Relative widths of the Word table's columns on a landscape A4 page.
_DOCX_WEIGHTS = (3, 7, 9, 8, 7, 18, 9, 11, 7, 8, 5, 9, 7, 18)

WITHIN = "within"
NOT_STATED = "terms of reference not stated"


@dataclass(frozen=True)
class ChronologyRow:
    """One row of the combined chronology, in the words a panel reads."""

    number: int
    event_id: str
    date: ChronoDate
    agency: str
    people: str
    event: str
    details: str
    action: str
    comment: str
    learned: str
    passed_to: str
    source_ref: str
    also_recorded: str  # "also recorded by <agency> (row ref ..., #n)" for each other agency's row of the event
    terms_of_reference: str
    analysis: tuple[str, ...]

    def cells(self) -> tuple[str, ...]:
        """The row's cells in the order of COLUMNS."""
        return (str(self.number), self.date.text, self.agency, self.people, self.event, self.details, self.action,
                self.comment, self.learned, self.passed_to, self.source_ref, self.also_recorded,
                self.terms_of_reference,
                "; ".join(self.analysis))


def age_text(born: ChronoDate, on: ChronoDate) -> str | None:
    """A person's age on a date, as a range where either date is not one day ("23-24"); None before the birth."""

    def years(birth: dt.date, day: dt.date) -> int:
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    youngest, oldest = years(born.end, on.start), years(born.start, on.end)
    if oldest < 0:
        return None
    youngest = max(youngest, 0)
    return str(youngest) if youngest == oldest else f"{youngest}-{oldest}"


def terms_of_reference_mark(date: ChronoDate, d: CaseDirectory) -> str:
    """Where a row's date lies against the case's terms of reference: within, outside (before or after), or
    possibly outside when its date straddles a bound."""
    if d.tor_start is None or d.tor_end is None:
        return NOT_STATED
    if date.end < d.tor_start.start:
        return "outside: before the terms of reference"
    if date.start > d.tor_end.end:
        return "outside: after the terms of reference"
    if date.start < d.tor_start.start or date.end > d.tor_end.end:
        return "may fall outside the terms of reference"
    return WITHIN


def analysis_tags(report: Report) -> dict[str, list[str]]:
    """What the report says of each chronology row, by event id, in the report's order and without repeats."""
    d = report.directory
    tags: dict[str, list[str]] = {}

    def tag(event_id: str, text: str) -> None:
        said = tags.setdefault(event_id, [])
        if text not in said:
            said.append(text)

    def tag_held(line: KnowledgeLine | HeldLine, first: str, later: str, passed: str) -> None:
        """The row where an agency first knew carries whether it ever passed it on; its later rows say so too."""
        kept = "" if line.passed_on else ", never passed on"
        known = line.first
        # The row by which it certainly knew first; a row that may be earlier (undated) is one of its later ones.
        tag(known.row.event_id, first + (f" ({known.doubt})" if known.earlier else "") + kept)
        for row in line.knowledge if kept else ():
            if row.event_id != known.row.event_id:
                tag(row.event_id, later + kept)
        for share in line.passed_on:
            tag(share.event_id, passed if share.note != MAY_HAVE_PASSED_ON
                else passed.replace(" passed on ", f" {MAY_HAVE_PASSED_ON} ", 1) + f" ({ORDER_NOT_KNOWN})")

    for line in report.knowledge:
        what = topic_text(line.topic, d, line.victim_id, line.perpetrator_id)
        by = d.agency(line.agency_id)
        tag_held(line, f"first knowledge of {what} by {by}",
                 f"{by}'s knowledge of {what}", f"{by} passed on its knowledge of {what}")
    for held in report.held:
        fact = held_fact_text(held.fact, held.person_id, held.by_id, d)
        by = d.agency(held.agency_id)
        tag_held(held, f"first record of {fact} by {by}", f"{by}'s record of {fact}",
                 f"{by} passed on {fact}")
    for stage in report.timeline:
        tag(stage.event.event_id, f"Homicide Timeline stage {stage.stage} ({stage.marker.replace('_', ' ')})")
    for n, finding in numbered_findings(report):
        for evidence in finding.evidence:
            tag(evidence.event_id, f"evidence for finding {n}")
    return tags


def _people(line: ChronologyLine, d: CaseDirectory) -> str:
    named = []
    for person in line.subjects:
        born = d.births.get(person)
        age = age_text(born, line.evidence.date) if born is not None else None
        named.append(d.person(person) + (f" (aged {age})" if age is not None else ""))
    return ", ".join(named)


def _passed_to(line: ChronologyLine, d: CaseDirectory) -> str:
    outcomes = dict(line.referral_outcomes)
    said = [f"referred to {d.agency(to)}" + (f" ({outcomes[to].replace('_', ' ')})" if outcomes.get(to) else "")
            for to in line.referred_to]
    said += [f"shared with {d.agency(to)}" for to in line.shared_with]
    return "; ".join(said)


def _record_text(line: ChronologyLine, key: str) -> str:
    value = dict(line.record).get(key)
    return "" if value is None else str(value)


def also_recorded(report: Report, numbers: dict[str, int]) -> dict[str, list[str]]:
    """For each row of an event recorded twice, by event id: the other agency's row, as "also recorded by <agency>
    (row ref <its source reference>, #<its number in the combined chronology>)"."""
    d = report.directory
    said: dict[str, list[str]] = {}
    for match in report.recorded_twice:
        for row, other in ((match.first, match.second), (match.second, match.first)):
            where = f"row ref {other.source_ref}, #{numbers[other.event_id]}"
            said.setdefault(row.event_id, []).append(f"also recorded by {d.agency(other.agency_id)} ({where})")
    return said


def chronology_rows(report: Report) -> list[ChronologyRow]:
    """Every chronology row of the case once, in date order (earliest possible day, then latest, agency, source
    reference), numbered from 1."""
    d = report.directory
    tags = analysis_tags(report)
    ordered = sorted(report.chronology, key=lambda c: (c.evidence.date.start, c.evidence.date.end,
                                                       d.agency(c.evidence.agency_id), c.evidence.source_ref,
                                                       c.evidence.event_id))
    numbers = {line.evidence.event_id: n for n, line in enumerate(ordered, start=1)}
    also = also_recorded(report, numbers)
    rows = []
    for n, line in enumerate(ordered, start=1):
        e = line.evidence
        event = line.event_type.replace("_", " ") + (f", risk {line.risk_level}" if line.risk_level else "")
        rows.append(ChronologyRow(
            number=n, event_id=e.event_id, date=e.date, agency=d.agency(e.agency_id), people=_people(line, d),
            event=event, details=line.details or "", action=_record_text(line, "action"),
            comment=_record_text(line, "comment"),
            learned=", ".join(learned_words(line.learned, dict(line.record).get("health_of"), d)),
            passed_to=_passed_to(line, d),
            source_ref=e.source_ref, also_recorded="; ".join(also.get(e.event_id, ())),
            terms_of_reference=terms_of_reference_mark(e.date, d),
            analysis=tuple(tags.get(e.event_id, ())),
        ))
    return rows


def _title(report: Report) -> str:
    d = report.directory
    return f"Combined chronology: {d.title} ({d.case_id})"


def _preamble(report: Report, rows: list[ChronologyRow]) -> list[str]:
    """The sentences above the table: the case, how many rows from how many agencies, how to read a date."""
    d = report.directory
    agencies = len({c.evidence.agency_id for c in report.chronology})
    return [
        " ".join(case_sentences(d)),
        f"{len(rows)} chronology row{'s' if len(rows) != 1 else ''} from {agencies} "
        f"agenc{'ies' if agencies != 1 else 'y'}, in date order. A date is shown as precisely as the agency "
        f"recorded it; a month or year sorts by its first day. graphdhr {report.version}.",
    ]


def numbered_findings(report: Report) -> list[tuple[int, Finding]]:
    """The report's findings numbered as the chair's briefing numbers them (graphdhr.briefing.finding_numbers), so
    that "finding 2" means one finding in every document of the case."""
    return finding_numbers(build_briefing(report))


def _findings(report: Report) -> list[str]:
    return [f"Finding {n} ({f.rule_id}): {f.statement}" for n, f in numbered_findings(report)]


# --- Markdown and CSV ----------------------------------------------------------------------------------------------

def _cell_text(text: str) -> str:
    """Case text as literal Markdown in a table cell: line breaks as <br>."""
    return markdown_text(text, line_break="<br>")


def render_markdown(report: Report) -> str:
    rows = chronology_rows(report)
    out = [f"# {markdown_text(_title(report))}", ""]
    out += [markdown_text(p) + "\n" for p in _preamble(report, rows)]
    out.append("| " + " | ".join(COLUMNS) + " |")
    out.append("|" + "|".join("---" for _ in COLUMNS) + "|")
    out += ["| " + " | ".join(_cell_text(c) for c in row.cells()) + " |" for row in rows]
    out += ["", "## Findings", ""]
    out += ["- " + markdown_text(f) for f in _findings(report)] or ["No findings."]
    return "\n".join(out) + "\n"


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in chronology_rows(report):
        writer.writerow(spreadsheet_text(c) for c in row.cells())
    return buffer.getvalue()


# --- Excel -------------------------------------------------------------------------------------------------------


def render_xlsx(report: Report) -> bytes:
    """A workbook: the chronology on the first sheet (header frozen, filters on, every cell text, never a formula),
    the findings on the second."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = chronology_rows(report)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Chronology"

    def put(row: int, column: int, text: str) -> None:
        cell = sheet.cell(row=row, column=column)
        cell.value = xml_text(text)
        # openpyxl reads a leading "=" as a formula; the case's words are only ever text.
        cell.data_type = "s"

    for column, name in enumerate(COLUMNS, start=1):
        put(1, column, name)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = _XLSX_WIDTHS[column - 1]
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for column, text in enumerate(row.cells(), start=1):
            put(r, column, text)
            sheet.cell(row=r, column=column).alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"

    findings = book.create_sheet("Findings")
    findings.column_dimensions["A"].width = 10
    findings.column_dimensions["B"].width = 120
    for r, (label, text) in enumerate([("Finding", "Statement")] + [
            (str(n), f.statement) for n, f in numbered_findings(report)], start=1):
        for column, value in ((1, label), (2, text)):
            cell = findings.cell(row=r, column=column)
            cell.value = xml_text(value)
            cell.data_type = "s"
            cell.alignment = wrap
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Word --------------------------------------------------------------------------------------------------------


def render_docx(report: Report) -> bytes:
    """A Word document that prints landscape on A4, its table's header row repeated on each page.

    python-docx builds the document around the table (page, styles, heading, preamble, header row, findings); the
    table's rows are then written straight into the package's document part, one row's XML at a time, because
    python-docx's per-cell objects cost about 10 ms a row (over two minutes for 10,000 rows) and hold the whole
    table as objects (docs/performance.md)."""
    import zipfile

    from docx import Document
    from docx.shared import Emu, Mm, Pt

    rows = chronology_rows(report)
    document = Document()
    a4(document.sections[0], landscape=True, margin_mm=12)
    document.styles["Normal"].font.size = Pt(8)

    document.add_heading(xml_text(_title(report)), level=1)
    for paragraph in _preamble(report, rows):
        document.add_paragraph(xml_text(paragraph))

    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    usable = Mm(297 - 24)
    widths = [int(usable * w / sum(_DOCX_WEIGHTS)) for w in _DOCX_WEIGHTS]
    header = table.rows[0]
    repeat_on_each_page(header)
    for cell, name, width in zip(header.cells, COLUMNS, widths):
        cell.width = width
        cell.paragraphs[0].add_run(name).bold = True

    document.add_heading("Findings", level=2)
    for said in _findings(report) or ["No findings."]:
        document.add_paragraph(xml_text(said))
    skeleton = io.BytesIO()
    document.save(skeleton)

    cell_props = [f'<w:tcPr><w:tcW w:type="dxa" w:w="{Emu(w).twips}"/></w:tcPr>' for w in widths]
    buffer = io.BytesIO()
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
                continue
            # The document has one table, and python-docx wrote only its header row: the rows go before its end.
            part = source.read(info).decode("utf-8")
            end = part.index("</w:tbl>")
            with target.open(info, "w") as out:
                out.write(part[:end].encode("utf-8"))
                for row in rows:
                    out.write(_docx_row(row.cells(), cell_props).encode("utf-8"))
                out.write(part[end:].encode("utf-8"))
    return buffer.getvalue()


_DOCX_BREAKS = re.compile(r"([\t\r\n])")


def _docx_run_text(text: str) -> str:
    """A run's content as python-docx writes `cell.text`: each tab a <w:tab/>, each line break (CR or LF) a
    <w:br/>, the rest escaped text."""
    text = xml_text(text)
    if not _DOCX_BREAKS.search(text):
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
    out = []
    for part in _DOCX_BREAKS.split(text):
        if part == "\t":
            out.append("<w:tab/>")
        elif part in ("\r", "\n"):
            out.append("<w:br/>")
        elif part:
            out.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return "".join(out)


def _docx_row(cells: tuple[str, ...], cell_props: list[str]) -> str:
    """One table row's WordprocessingML: each cell its width and one paragraph holding its text."""
    out = ["<w:tr>"]
    for text, props in zip(cells, cell_props):
        run = _docx_run_text(text)
        out.append(f"<w:tc>{props}<w:p><w:r>{run}</w:r></w:p></w:tc>" if run else f"<w:tc>{props}<w:p/></w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def render_chronology(report: Report, fmt: str) -> str | bytes:
    """The combined chronology in `fmt`: text for markdown and csv, the file's bytes for docx and xlsx."""
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    if fmt == "docx":
        return render_docx(report)
    raise ValueError(f"unknown chronology format {fmt!r}: use one of {', '.join(FORMATS)}")
