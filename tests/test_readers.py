"""Chronologies as agencies send them: Excel workbooks, Word tables, Excel's CSV encoding, and a chronology folder
in which no file is passed over in silence. Every workbook and document is built here with openpyxl and
python-docx."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from casekit import row, write_case
from graphdhr.cli import app
from graphdhr.errors import CaseInputError
from graphdhr.loaders import read_case

LOTTIE = Path(__file__).resolve().parent.parent / "examples" / "lottie"
runner = CliRunner()


def ok_row() -> dict[str, str]:
    return row("2014-01-10", "police", "vic")


def _lottie_tables() -> list[tuple[str, list[list[str]]]]:
    return [
        (p.stem, list(csv.reader(p.open(encoding="utf-8-sig", newline=""))))
        for p in sorted((LOTTIE / "chronology").glob("*.csv"))
    ]


def _report(folder: Path) -> dict[str, object]:
    result = runner.invoke(app, ["report", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    data.pop("engine")
    case = data["case"]
    assert isinstance(case, dict)
    case.pop("files")  # names and hashes of the files read, which differ by construction
    return data


def _case_with(tmp_path: Path) -> Path:
    folder = tmp_path / "lottie"
    (folder / "chronology").mkdir(parents=True)
    shutil.copy(LOTTIE / "case.yaml", folder / "case.yaml")
    return folder


def test_lottie_as_a_workbook_reports_as_the_csv_case(tmp_path: Path) -> None:
    folder = _case_with(tmp_path)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for agency, rows in _lottie_tables():
        sheet = workbook.create_sheet(agency)
        for row in rows:
            sheet.append(row)
    workbook.save(folder / "chronology" / "lottie.xlsx")
    assert _report(folder) == _report(LOTTIE)
    files = [f.path for f in read_case(folder).case.files]
    assert files == ["case.yaml", "chronology/lottie.xlsx"]


def test_lottie_as_word_tables_reports_as_the_csv_case(tmp_path: Path) -> None:
    folder = _case_with(tmp_path)
    document = docx.Document()
    for agency, rows in _lottie_tables():
        document.add_paragraph(agency)  # the heading names the agency of the table below it
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    document.save(str(folder / "chronology" / "lottie.docx"))
    assert _report(folder) == _report(LOTTIE)


# --- a messy workbook --------------------------------------------------------------------------------------------

def _messy_workbook(folder: Path, notes_under: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Police"
    sheet.append(["Testshire Police: chronology for the review"])
    sheet.merge_cells("A1:F1")  # a title merged across the columns, above the header: fine
    sheet.append([])
    sheet.append(["Date of contact", "Agency", "Subject(s)", "Type", "Details", "Reference"])
    sheet.append([41649, "police", "vic", "contact", "Seen at home.\nAdvice given.", "p1"])  # a date serial
    sheet.append([])
    sheet.append([dt.datetime(2014, 1, 20, 14, 30), "police", "vic", "contact", "Called back", "p2"])
    sheet.append([dt.date(2014, 2, 3), "police", "vic", "contact", "Visit", "p3"])
    sheet.append([None, "police", "vic", "contact", "Second visit the same day", "p4"])
    sheet.merge_cells("A7:A8")  # one date for two rows
    if notes_under:
        sheet.append([])
        sheet.append(["Note: compiled from the force's records system"])
        sheet.merge_cells("A10:F10")
    path = folder / "chronology" / "police-return.xlsx"
    workbook.save(path)
    return path


def test_a_messy_workbook_reads(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row()])
    (folder / "chronology" / "combined.csv").unlink()
    path = _messy_workbook(folder)
    read = read_case(folder)
    events = sorted(read.case.events, key=lambda e: e.source_ref)
    assert [(str(e.date), e.details) for e in events] == [
        ("2014-01-10", "Seen at home.\nAdvice given."),
        ("2014-01-20", "Called back"),
        ("2014-02-03", "Visit"),
        ("2014-02-03", "Second visit the same day"),
    ]
    assert [e.where.row for e in events] == [4, 6, 7, 8]
    notes = read.chronologies[0].notes
    assert f"{path}, sheet 'Police': merged cell A7:A8 read as '2014-02-03' on rows 7 to 8" in notes
    assert read.chronologies[0].mapping_lines() == [
        f"{path}, sheet 'Police': column 'date': 1 date written with an Excel date serial, e.g. row 4 '41649' read "
        "as 2014-01-10"
    ]


def test_notes_under_the_table_fail_with_one_clear_message(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row()])
    path = _messy_workbook(folder, notes_under=True)
    with pytest.raises(CaseInputError) as info:
        read_case(folder)
    assert str(info.value) == (
        f"{path}, sheet 'Police', row 10: cell A10:F10 is merged across columns: unmerge it so that each column "
        "holds its own value"
    )


def test_an_error_in_a_sheet_names_file_sheet_row_and_field(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row()])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "police"  # an agency id: the sheet needs no Agency column
    sheet.append(["date", "subjects", "event_type", "details", "source_ref"])
    sheet.append(["2014-01-10", "vic", "contact", "Seen", "p1"])
    sheet.append(["the 40th of May", "vic", "contact", "Seen", "p2"])
    workbook.save(folder / "chronology" / "met.xlsx")
    with pytest.raises(CaseInputError) as info:
        read_case(folder)
    assert str(info.value).startswith(f"{folder / 'chronology' / 'met.xlsx'}, sheet 'police', row 3, field 'date': ")


# --- Word tables ---------------------------------------------------------------------------------------------------

def test_a_repeated_header_row_is_skipped_and_a_second_table_that_is_no_chronology_is_an_error(
    tmp_path: Path,
) -> None:
    folder = write_case(tmp_path, [ok_row()])
    header = ["Date", "Agency", "Subjects", "Event type", "Details", "Source ref"]
    rows = [header, ["2014-01-10", "police", "vic", "contact", "Seen", "p1"], header,
            ["2014-01-12", "police", "vic", "contact", "Seen again", "p2"]]
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(header))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = folder / "chronology" / "police.docx"
    document.save(str(path))
    read = read_case(folder)
    word = next(c for c in read.chronologies if c.path.startswith(str(path)))
    assert [e.details for e in word.events] == ["Seen", "Seen again"]
    assert word.notes == [f"{path}, table 1: row 3 repeats the header and was skipped"]

    document.add_paragraph("Actions agreed")
    other = document.add_table(rows=2, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "Action", "Owner"
    other.cell(1, 0).text, other.cell(1, 1).text = "Review policy", "Chair"
    document.save(str(path))
    with pytest.raises(CaseInputError) as info:
        read_case(folder)
    assert str(info.value) == (
        f"{path}, table 2: not a chronology: no row names its columns (date, subjects, event_type, details, "
        "source_ref, ...)"
    )


# --- what is in chronology/ ---------------------------------------------------------------------------------------

def test_an_upper_case_suffix_is_read(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row()])
    (folder / "chronology" / "combined.csv").rename(folder / "chronology" / "TVP.CSV")
    assert len(read_case(folder).case.events) == 1


@pytest.mark.parametrize("name", ["notes.txt", "police.xls", "chronology.pdf", "police.csv.bak"])
def test_a_file_graphdhr_cannot_read_is_an_error_naming_it(tmp_path: Path, name: str) -> None:
    folder = write_case(tmp_path, [ok_row()])
    (folder / "chronology" / name).write_bytes(b"anything")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'chronology' / name}: graphdhr cannot read this file" in result.output


def test_a_subfolder_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row()])
    (folder / "chronology" / "old").mkdir()
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'chronology' / 'old'}: a folder inside chronology/ is not read" in result.output


def test_lock_files_are_skipped_and_said_to_be(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row()])
    for name in (".~lock.combined.csv#", "~$police.xlsx", ".DS_Store"):
        (folder / "chronology" / name).write_bytes(b"\x00lock")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    for name in (".~lock.combined.csv#", "~$police.xlsx", ".DS_Store"):
        assert f"  {folder / 'chronology' / name}: skipped (a hidden or lock file)" in result.output


def test_a_missing_chronology_folder_is_an_error(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row()])
    shutil.rmtree(folder / "chronology")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'chronology'}: the chronology folder is missing" in result.output


def test_an_unread_workbook_is_no_longer_passed_over(tmp_path: Path) -> None:
    # The case that started this: a workbook beside nothing else used to validate with 0 rows.
    folder = write_case(tmp_path, [])
    (folder / "chronology" / "combined.csv").unlink()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Chronology"])
    workbook.save(folder / "chronology" / "police.xlsx")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "not a chronology" in result.output


def test_validate_prints_the_encoding_note(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [])
    text = "date,agency,subjects,event_type,details,source_ref\n2014-01-10,police,vic,contact,“Fined £50”,p1\n"
    (folder / "chronology" / "combined.csv").write_bytes(text.encode("cp1252"))
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "combined.csv: not UTF-8, read as Windows-1252 (Excel's 'CSV' encoding)" in result.output
    assert read_case(folder).case.events[0].details == "“Fined £50”"


# --- a corpus of messy agency files, in one case ------------------------------------------------------------------

HEADER = ["Date", "Agency", "Subject(s)", "Type", "Details", "Reference"]


def _ods(path: Path, sheet: str, rows: list[list[object]]) -> None:
    """A minimal OpenDocument spreadsheet, as LibreOffice saves one; a `dt.date` becomes a date cell."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: object) -> str:
        if isinstance(value, dt.date):
            return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                    f"<text:p>{value.isoformat()}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def test_an_ods_sheet_reads_as_a_workbook_does(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [])
    (folder / "chronology" / "combined.csv").unlink()
    _ods(folder / "chronology" / "returns.ods", "Test GP", [
        ["GP chronology"],
        ["date", "subjects", "event_type", "details", "source_ref"],
        [dt.date(2014, 1, 10), "Vera", "appointment", "Low mood", "g1"],
        ["41660", "vic", "appointment", "Review", "g2"],
    ])
    events = read_case(folder).case.events
    assert [(e.agency, str(e.date), e.details, e.where.file, e.where.row) for e in events] == [
        ("gp", "2014-01-10", "Low mood", f"{folder / 'chronology' / 'returns.ods'}, sheet 'Test GP'", 3),
        ("gp", "2014-01-21", "Review", f"{folder / 'chronology' / 'returns.ods'}, sheet 'Test GP'", 4),
    ]


def _messy_corpus(folder: Path, with_problems: bool) -> dict[str, Path]:
    """One case's chronology folder as agencies send it: a workbook with its header on row 4, a title merged
    above it, a serial date, a blank row, a date merged down two rows and a cell of several lines; a cp1252 CSV
    with a title, loose dates and a blank row; a Word document whose table repeats its header across pages, named
    by its heading in words; an OpenDocument sheet. `with_problems` adds a note under the CSV's table and a
    second table in the Word document that is no chronology."""
    chronology = folder / "chronology"
    (chronology / "combined.csv").unlink()
    paths = {}

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Test Police: chronology of contact"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Prepared for the review panel"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append([41649, "Test Police", "Vera and Percy", "Incident", "Called to the address.\nBoth spoken to.", "p1"])
    sheet.append([])
    sheet.append([dt.date(2014, 2, 3), "police", "Vera", "contact", "Follow-up visit", "p2"])
    sheet.append([None, "police", "Percy", "contact", "Percy seen the same day", "p3"])
    sheet.merge_cells("A7:A8")
    paths["police"] = chronology / "police-return.xlsx"
    workbook.save(paths["police"])

    lines = ["Test GP chronology,,,,,", ",,,,,", "Compiled from the practice record,,,,,", ",".join(HEADER),
             "14/03/13,gp,Vera,appointment,“Low mood” – seen by Dr Ó,g1", ",,,,,",
             "?May 2014,Test GP,V. Smith,appointment,Review,g2"]
    if with_problems:
        lines += [",,,,,", "Note: entries before 2012 were not retrieved,,,,,"]
    paths["gp"] = chronology / "gp.csv"
    paths["gp"].write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))

    document = docx.Document()
    document.add_paragraph("Test IDVA")
    rows = [HEADER[:1] + HEADER[2:], ["2014-03-01", "Vera", "contact", "Safety planning", "i1"], HEADER[:1] + HEADER[2:],
            ["Sat 1st March 2014", "vic", "contact", "Call back", "i2"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(3, 3).add_paragraph("Risk discussed.")
    if with_problems:
        document.add_paragraph("Actions agreed")
        other = document.add_table(rows=2, cols=2)
        other.cell(0, 0).text, other.cell(0, 1).text = "Action", "Owner"
        other.cell(1, 0).text, other.cell(1, 1).text = "Review policy", "Chair"
    paths["idva"] = chronology / "idva.docx"
    document.save(str(paths["idva"]))

    paths["csc"] = chronology / "csc.ods"
    _ods(paths["csc"], "csc", [["date", "subjects", "event_type", "details", "source_ref"],
                               ["c. 2014", "Kit", "registration", "Child registered", "c1"]])
    return paths


def test_a_corpus_of_messy_agency_files_reads(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [])
    paths = _messy_corpus(folder, with_problems=False)
    read = read_case(folder)
    got = sorted((e.agency, e.date.text, e.date.precision, e.subjects, e.details, e.where.row) for e in read.case.events)
    assert got == [
        ("csc", "c. 2014", "approximate", ("kid",), "Child registered", 2),
        ("gp", "2013-03-14", "day", ("vic",), "“Low mood” – seen by Dr Ó", 5),
        ("gp", "c. 2014-05", "approximate", ("vic",), "Review", 7),
        ("idva", "2014-03-01", "day", ("vic",), "Call back\nRisk discussed.", 4),
        ("idva", "2014-03-01", "day", ("vic",), "Safety planning", 2),
        ("police", "2014-01-10", "day", ("vic", "per"), "Called to the address.\nBoth spoken to.", 5),
        ("police", "2014-02-03", "day", ("per",), "Percy seen the same day", 8),
        ("police", "2014-02-03", "day", ("vic",), "Follow-up visit", 7),
    ]
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    said = result.output
    assert f"{paths['gp']}: not UTF-8, read as Windows-1252" in said
    assert f"{paths['gp']}: column 'date': 1 date written with a two-digit year" in said
    assert f"{paths['idva']}, table 1: row 3 repeats the header and was skipped" in said
    assert f"{paths['police']}, sheet 'Chronology': column 'subjects': 'Vera and Percy' read as 'vic; per' on row 5" in said
    assert f"{paths['police']}, sheet 'Chronology': merged cell A7:A8 read as '2014-02-03' on rows 7 to 8" in said


def test_a_corpus_of_messy_agency_files_fails_with_one_message_per_problem(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [])
    paths = _messy_corpus(folder, with_problems=True)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"error: {paths['gp']}, row 9: only one cell is filled ('Note: entries before 2012 were not retrieved'): "
        "a note is not a chronology row; move it out of the table, or fill in the row",
        f"error: {paths['idva']}, table 2: not a chronology: no row names its columns (date, subjects, event_type, "
        "details, source_ref, ...)",
        "error: 2 problems in the case",
    ]
