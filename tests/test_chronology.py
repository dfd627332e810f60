"""The combined chronology (graphdhr chronology): every row once in date order, tagged as the report says,
marked against the terms of reference, with ages; the Word, Excel, Markdown and CSV files open and hold the case's
text as text; the same from Neo4j as from the embedded engine."""

from __future__ import annotations

import copy
import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from casekit import BASE_MANIFEST, COLUMNS as CASE_COLUMNS, row, write_case
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from graphdhr.cli import app
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.findings import topic_text
from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.render.chronology import (
    COLUMNS, NOT_STATED, WITHIN, chronology_rows, numbered_findings, render_chronology, terms_of_reference_mark,
)
from graphdhr.report import Report, build_report

runner = CliRunner()


@pytest.fixture(scope="module")
def lottie_report(lottie: Case) -> Report:
    return build_report(EmbeddedEngine([lottie]), lottie.case_id)


def _report(folder: Path) -> Report:
    case = load_case(folder)
    return build_report(EmbeddedEngine([case]), case.case_id)


def _docx_table(data: bytes) -> list[list[str]]:
    [table] = Document(io.BytesIO(data)).tables
    return [[cell.text for cell in r.cells] for r in table.rows]


def _xlsx_cells(data: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(data))["Chronology"]
    return [[c.value for c in r] for r in sheet.iter_rows()]


def _markdown_cells(line: str) -> list[str]:
    """A Markdown table row's cells, split on the pipes that are not escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def test_every_row_once_in_date_order(lottie_report: Report) -> None:
    rows = chronology_rows(lottie_report)
    assert sorted(r.event_id for r in rows) == sorted(c.evidence.event_id for c in lottie_report.chronology)
    assert len({r.event_id for r in rows}) == len(rows) == 98
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    starts = [r.date.start for r in rows]
    assert starts == sorted(starts)
    # A month-only date is shown as its month and sorts by its first day, before the days later in that month.
    month = next(r for r in rows if r.date.precision == "month")
    assert re.fullmatch(r"\d{4}-\d{2}", month.cells()[1])
    later_that_month = [r for r in rows if r.date.precision == "day" and r.date.start > month.date.start
                        and r.date.start <= month.date.end]
    assert all(r.number > month.number for r in later_that_month)


def test_tags_are_what_the_report_says(lottie_report: Report) -> None:
    rows = {r.event_id: r for r in chronology_rows(lottie_report)}
    tvp = next(r for r in rows.values() if r.agency == "Thames Valley Police" and r.date.text == "2014-11-08")
    assert ("first knowledge of the relationship between Lottie and Bert by Thames Valley Police, never passed on"
            in tvp.analysis)
    d = lottie_report.directory
    for line in lottie_report.knowledge:
        first = rows[line.first.row.event_id].analysis  # when it first knew: graphdhr.findings.first_known
        said = [t for t in first if t.startswith(f"first knowledge of {topic_text(line.topic, d, line.victim_id, line.perpetrator_id)} by {d.agency(line.agency_id)}")]
        assert len(said) == 1
        assert said[0].endswith("never passed on") == (not line.passed_on)
        for share in line.passed_on:
            assert any(t.endswith(f"passed on its knowledge of {topic_text(line.topic, d, line.victim_id, line.perpetrator_id)}")
                       for t in rows[share.event_id].analysis)
    assert lottie_report.findings
    # Numbered as the briefing numbers them: findings collapsed into one briefing item share its number.
    numbered = numbered_findings(lottie_report)
    assert sorted(map(id, (f for _, f in numbered))) == sorted(map(id, lottie_report.findings))
    for n in {n for n, _ in numbered}:
        cited = {e.event_id for m, finding in numbered if m == n for e in finding.evidence}
        tagged = {event_id for event_id, r in rows.items() if f"evidence for finding {n}" in r.analysis}
        assert tagged == cited


def test_terms_of_reference_marked(tmp_path: Path) -> None:
    report = _report(write_case(tmp_path / "a", [
        row("2009-06-01", "police", "vic"), row("2012-03-04", "gp", "vic"), row("2015-04-02", "gp", "vic"),
        row("2009", "police", "per", date_precision="year"),
    ]))
    marks = {r.date.text: r.terms_of_reference for r in chronology_rows(report)}
    assert marks == {"2009-06-01": "outside: before the terms of reference", "2012-03-04": WITHIN,
                     "2015-04-02": "outside: after the terms of reference", "2009": "outside: before the terms of reference"}
    straddling = copy.deepcopy(BASE_MANIFEST) | {"terms_of_reference": {"start": "2010-06-01", "end": "2015-03-01"}}
    report = _report(write_case(tmp_path / "b", [row("2010", "police", "vic", date_precision="year")], straddling))
    assert chronology_rows(report)[0].terms_of_reference == "may fall outside the terms of reference"
    unstated = copy.deepcopy(BASE_MANIFEST) | {"terms_of_reference": "unknown"}
    report = _report(write_case(tmp_path / "c", [row("2012-03-04", "gp", "vic")], unstated))
    assert report.directory.tor_start is None
    assert chronology_rows(report)[0].terms_of_reference == NOT_STATED
    assert terms_of_reference_mark(report.chronology[0].evidence.date, report.directory) == NOT_STATED


def _aged_case(folder: Path) -> Path:
    manifest = copy.deepcopy(BASE_MANIFEST)
    manifest["people"][0]["date_of_birth"] = "1990-05-10"
    manifest["people"][1]["date_of_birth"] = "1988"
    return write_case(folder, [
        row("2014-05-09", "police", "vic;per;kid"), row("2014-05", "gp", "vic", date_precision="month"),
        row("2014-05-10", "gp", "vic", details="=SUM(A1) | piped\nsecond line *bold* <b>x</b>"),
    ], manifest)


def test_ages_where_dates_of_birth_are_known(tmp_path: Path) -> None:
    rows = chronology_rows(_report(_aged_case(tmp_path)))
    assert [r.people for r in rows] == [
        "Vera (aged 23-24)",  # 2014-05: before or after her birthday on the 10th
        "Kit, Percy (aged 25-26), Vera (aged 23)",  # Percy's birth year only; Kit's date of birth not given
        "Vera (aged 24)",
    ]


def test_case_text_stays_text_in_every_format(tmp_path: Path) -> None:
    report = _report(_aged_case(tmp_path))
    details = "=SUM(A1) | piped\nsecond line *bold* <b>x</b>"
    [target] = [r for r in chronology_rows(report) if r.details == details]
    column = COLUMNS.index("Details")

    parsed = list(csv.reader(io.StringIO(str(render_chronology(report, "csv")))))
    assert parsed[0] == list(COLUMNS)
    assert parsed[target.number][column] == "'" + details

    lines = str(render_chronology(report, "markdown")).splitlines()
    header = lines.index("| " + " | ".join(COLUMNS) + " |")
    cells = _markdown_cells(lines[header + 1 + target.number])
    assert len(cells) == len(COLUMNS)
    assert cells[column] == r"=SUM(A1) \| piped<br>second line \*bold\* &lt;b&gt;x&lt;/b&gt;"

    book = load_workbook(io.BytesIO(render_chronology(report, "xlsx")))  # type: ignore[arg-type]
    sheet = book["Chronology"]
    cell = sheet.cell(row=target.number + 1, column=column + 1)
    assert (cell.value, cell.data_type) == (details, "s")

    assert _docx_table(render_chronology(report, "docx"))[target.number][column] == details  # type: ignore[arg-type]


def test_word_document_prints_landscape_a4_with_repeated_header(lottie_report: Report) -> None:
    data = render_chronology(lottie_report, "docx")
    assert isinstance(data, bytes)
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (abs(section.page_width - Mm(297)), abs(section.page_height - Mm(210))) < (Mm(1), Mm(1))
    [table] = document.tables
    first = table.rows[0]._tr
    assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])
    expected = [list(COLUMNS)] + [list(r.cells()) for r in chronology_rows(lottie_report)]
    assert _docx_table(data) == expected


def test_workbook_has_frozen_header_filters_and_no_formula(lottie_report: Report) -> None:
    data = render_chronology(lottie_report, "xlsx")
    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Chronology"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}{len(lottie_report.chronology) + 1}"
    assert sheet.column_dimensions["F"].width >= 40  # Details
    cells = [c for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert cells and all(c.data_type == "s" for c in cells)
    expected = [list(COLUMNS)] + [list(r.cells()) for r in chronology_rows(lottie_report)]
    assert [[v if v is not None else "" for v in r] for r in _xlsx_cells(data)] == expected
    assert [(c.value, s.value) for c, s in zip(book["Findings"]["A"], book["Findings"]["B"])][1:] == [
        (str(n), f.statement) for n, f in numbered_findings(lottie_report)]


def test_markdown_and_csv_hold_every_row(lottie_report: Report) -> None:
    rows = chronology_rows(lottie_report)
    parsed = list(csv.reader(io.StringIO(str(render_chronology(lottie_report, "csv")))))
    assert [p[0] for p in parsed[1:]] == [str(r.number) for r in rows]
    assert [p[1] for p in parsed[1:]] == [r.date.text for r in rows]
    table = [line for line in str(render_chronology(lottie_report, "markdown")).splitlines() if line.startswith("| ")]
    assert len(table) == len(rows) + 1
    assert all(len(_markdown_cells(line)) == len(COLUMNS) for line in table)


def test_cli_writes_each_format_whole(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "lottie"
    for fmt in ("docx", "xlsx", "markdown", "csv"):
        target = tmp_path / f"chronology.{fmt}"
        result = runner.invoke(app, ["chronology", str(example), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
    assert len(_docx_table(Path(tmp_path / "chronology.docx").read_bytes())) == 99
    result = runner.invoke(app, ["chronology", str(example), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--output" in result.output
    result = runner.invoke(app, ["chronology", str(example)])
    assert result.exit_code == 0 and result.output.startswith("# Combined chronology: Review into the death of Lottie")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _whose_health_case(folder: Path) -> Path:
    """Two rows about Vera and Percy both: the GP's says the drinking and low mood it records are Percy's
    (`health_of`); the trust's does not say whose its mental ill-health is."""
    return write_case(folder, [
        row("2014-03-01", "gp", "vic;per", "appointment", learned="relationship;mental_ill_health;substance_misuse",
            health_of="per", event_id="gp-both", details="Vera and Percy seen together; Percy low and drinking"),
        row("2014-04-10", "mh", "vic;per", "appointment", learned="mental_ill_health", event_id="mh-both",
            details="Vera attended with Percy; low mood discussed"),
    ], columns=[*CASE_COLUMNS, "health_of"])


def test_whose_health_a_row_records_is_shown_in_every_format(tmp_path: Path) -> None:
    """A panel reading a row about both people sees whose health it records, where the chair said so, beside
    each health fact and not beside the others; a row that does not say stays as written (said of no one)."""
    report = _report(_whose_health_case(tmp_path / "c"))
    said = "relationship, mental ill health (Percy), substance misuse (Percy)"
    learned = {r.event_id: r.learned for r in chronology_rows(report)}
    assert learned == {"gp-both": said, "mh-both": "mental ill health"}
    column = COLUMNS.index("Learned")
    docx_rows = _docx_table(render_chronology(report, "docx"))  # type: ignore[arg-type]
    xlsx_rows = _xlsx_cells(render_chronology(report, "xlsx"))  # type: ignore[arg-type]
    markdown_rows = [_markdown_cells(line) for line in str(render_chronology(report, "markdown")).splitlines()
                     if line.startswith("| ") and "---" not in line]
    csv_rows = list(csv.reader(io.StringIO(str(render_chronology(report, "csv")))))
    for rows in (docx_rows, xlsx_rows, markdown_rows, csv_rows):
        assert [r[column] for r in rows[1:]] == [said, "mental ill health"]


@pytest.mark.neo4j
def test_the_same_from_neo4j(neo4j: Any, lottie: Case, tmp_path: Path) -> None:
    aged = load_case(_aged_case(tmp_path / "aged"))
    health = load_case(_whose_health_case(tmp_path / "health"))
    for case in (lottie, health, aged):  # both small cases are "t1": the aged one, loaded last, stays
        neo4j.load(case)
        embedded = build_report(EmbeddedEngine([case]), case.case_id)
        served = build_report(neo4j, case.case_id)
        assert served.directory.births == embedded.directory.births
        for fmt in ("markdown", "csv"):
            assert render_chronology(served, fmt) == render_chronology(embedded, fmt)
        assert _docx_table(render_chronology(served, "docx")) == _docx_table(render_chronology(embedded, "docx"))  # type: ignore[arg-type]
        assert _xlsx_cells(render_chronology(served, "xlsx")) == _xlsx_cells(render_chronology(embedded, "xlsx"))  # type: ignore[arg-type]
    assert neo4j.directory(aged.case_id).births["vic"].text == "1990-05-10"


def test_word_rows_read_back_as_python_docx_writes_them() -> None:
    """The table rows are written as XML directly (for speed); each cell reads back as the same text set through
    python-docx would: tabs, CR and LF line breaks, spaces at the ends, markup characters, a vertical tab."""
    from docx.oxml import parse_xml

    from graphdhr.render.chronology import _docx_row
    from graphdhr.render.export import xml_text

    texts = ("plain", "", "  spaced  ", "tab\there", "a\r\nb\nc\rd", "& < > \" ' ]]>", "line\x0bbreak")
    document = Document()
    table = document.add_table(rows=1, cols=len(texts))
    for cell, text in zip(table.rows[0].cells, texts):
        cell.text = xml_text(text)
    written = _docx_row(texts, ["<w:tcPr/>"] * len(texts))
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    table._tbl.append(parse_xml(written.replace("<w:tr>", f"<w:tr {namespace}>", 1)))
    ours, theirs = table.rows[1].cells, table.rows[0].cells
    assert [c.text for c in ours] == [c.text for c in theirs]
