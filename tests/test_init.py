"""`graphdhr init`: a new case folder whose templates, filled in as an agency would, read with no edit.

Each format is filled with the library an agency's program stands for (openpyxl for Excel, python-docx for Word,
csv for a CSV), then validated and reported through the CLI, with a finding planted in the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphdhr import template, vocab
from graphdhr.casefolder import agency_id, init_case, new_agencies
from graphdhr.cli import app

runner = CliRunner()

AGENCIES = "Northshire Police, Riverside GP"
COMMA_NAME = "Housing, Northshire Council"
POLICE, GP, HOUSING = "northshire-police", "riverside-gp", "housing-northshire-council"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def start(folder: Path, fmt: str):
    result = invoke("init", folder, "--agencies", AGENCIES, "--agency", COMMA_NAME, "--format", fmt)
    assert result.exit_code == 0, result.output
    return result


# What the chair writes over each placeholder of case.yaml, in the order they appear.
FILLED = [
    "Review into the death of Sam", "Northshire", "2021-05-14", "homicide", "2019-01-01", "2021-05-14",
    "Sam", "Alex", "intimate_partner",
    "police", "imr", "gp", "[imr, chronology]", "housing", "chronology",
]


PLACEHOLDER = re.compile(r'(?<=: )"FILL IN:[^"]*"')


def fill_manifest(folder: Path) -> None:
    """Replace each placeholder line as a chair would in a text editor, and add a MARAC."""
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    values = iter(FILLED)
    text = PLACEHOLDER.sub(lambda m: next(values), text)
    assert next(values, None) is None, "the template has fewer placeholders than the test fills"
    text = text.replace("forums: []", "forums:\n  - {id: marac, type: marac, name: Northshire MARAC}")
    (folder / "case.yaml").write_text(text, encoding="utf-8")


# Rows the agencies add, by header as the template names them. The police graded a DASH score of 15 as medium
# (a planted risk.grade_below_band finding) and referred to housing; the GP saw Sam afterwards and was never told
# (a planted blind spot).
ROWS = {
    POLICE: [
        {"Date": "10/02/2020", "Time": "23:05", "Subject(s)": "Sam; Alex", "Type of event": "incident",
         "Contact type": "emergency call", "Details of contact": "Sam called 999: Alex had grabbed her by the "
         "throat. Officers attended.", "Information learned": "domestic abuse; relationship; strangulation",
         "IMR reference": "NP 2.1"},
        {"Date": "11/02/2020", "Subject(s)": "Sam", "Type of event": "risk assessment",
         "Details of contact": "DASH completed by phone.", "Risk assessment tool": "DASH", "DASH score": "15",
         "Risk grade": "medium", "IMR reference": "NP 2.2"},
        {"Date": "12/02/2020", "Subject(s)": "Sam; Alex", "Type of event": "referral",
         "Details of contact": "Referral to the council's housing team for Sam.", "Referred to": HOUSING,
         "Referral outcome": "accepted", "Information learned": "domestic abuse", "IMR reference": "NP 2.3"},
    ],
    GP: [
        {"Date": "03/2020", "Subject(s)": "Sam", "Type of event": "appointment",
         "Details of contact": "Sam seen for low mood and poor sleep.", "Information learned": "mental ill health",
         "IMR reference": "RGP 4"},
        {"Date": "06/04/2020", "Subject(s)": "Sam", "Type of event": "appointment",
         "Details of contact": "Review of medication.", "IMR reference": "RGP 5"},
    ],
    HOUSING: [
        {"Date": "20/02/2020", "Subject(s)": "Sam", "Type of event": "contact", "Contact type": "face to face",
         "Details of contact": "Sam seen about a move.", "IMR reference": "H 1"},
    ],
}


def _value(header: str, text: str) -> object:
    """A cell as Excel holds what was typed: a day in the date column becomes a date, a number a number."""
    if header == "Date" and text.count("/") == 2:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    return int(text) if text.isdigit() else text


def fill_xlsx(path: Path, rows: list[dict[str, str]], keep_example: bool) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book[path.stem]
    headers = [cell.value for cell in sheet[1]]
    if not keep_example:
        sheet.delete_rows(2)
    for row in rows:
        sheet.append([_value(h, row[h]) if h in row else None for h in headers])
    book.save(path)


def fill_docx(path: Path, rows: list[dict[str, str]], keep_example: bool) -> None:
    import docx

    document = docx.Document(str(path))
    table = document.tables[0]
    headers = [cell.text for cell in table.rows[0].cells]
    if not keep_example:
        table._tbl.remove(table.rows[1]._tr)
    for row in rows:
        for cell, header in zip(table.add_row().cells, headers):
            cell.text = row.get(header, "")
    document.save(str(path))


def fill_csv(path: Path, rows: list[dict[str, str]], keep_example: bool) -> None:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    headers, kept = table[0], table[1:] if keep_example else []
    kept += [[row.get(h, "") for h in headers] for row in rows]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([headers, *kept])


FILL = {"xlsx": fill_xlsx, "docx": fill_docx, "csv": fill_csv}


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_init_fill_validate_report(tmp_path, fmt):
    folder = tmp_path / "northshire-2024"
    said = start(folder, fmt)
    for agency_id_, name in ((POLICE, "Northshire Police"), (GP, "Riverside GP"), (HOUSING, COMMA_NAME)):
        assert re.search(rf"{agency_id_}\s+{re.escape(name)}\s+->\s+chronology/{agency_id_}\.{fmt}", said.output)
    fill_manifest(folder)
    for agency, rows in ROWS.items():
        # The police keep the example row, the others delete it: both read.
        FILL[fmt](folder / "chronology" / f"{agency}.{fmt}", rows, keep_example=agency == POLICE)

    checked = invoke("validate", folder)
    assert checked.exit_code == 0, checked.output
    assert "case 'northshire-2024' is valid" in checked.output
    assert f"{sum(len(r) for r in ROWS.values())} chronology rows" in checked.output
    assert re.search(rf"{POLICE}\.{fmt}.*row 2 is the template's example row and was skipped", checked.output)
    assert "example row" not in checked.output.split(f"{GP}.{fmt}", 1)[1].split("\n", 1)[0]
    # Headings as the template wrote them are counted on one line per file, not listed as mappings.
    assert re.search(rf"{GP}\.{fmt}.*: \d+ columns headed as in graphdhr's template", checked.output)
    assert "column 'Date' read as" not in checked.output

    reported = invoke("report", folder, "--format", "json")
    assert reported.exit_code == 0, reported.output
    findings = json.loads(reported.output)["findings"]
    graded = [f for f in findings if f["rule_id"] == "risk.grade_below_band"]
    assert len(graded) == 1 and "Northshire Police graded Sam medium" in graded[0]["statement"]
    assert [e["source_ref"] for e in graded[0]["evidence"]] == ["NP 2.2"]
    blind = [f for f in findings if f["rule_id"] == "blind_spot" and GP in f["agencies"]]
    assert blind and "Riverside GP" in blind[0]["statement"]
    assert not any("EXAMPLE" in json.dumps(f) for f in findings)

    text = invoke("report", folder)
    assert text.exit_code == 0 and "Riverside GP" in text.output


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_templates_holding_only_their_examples_are_no_case(tmp_path, fmt):
    folder = tmp_path / "c"
    start(folder, fmt)
    fill_manifest(folder)
    result = invoke("validate", folder)
    assert result.exit_code == 2
    assert "no chronology rows (the templates still hold only their example rows)" in result.output


def test_an_example_row_half_changed_is_an_error_naming_it(tmp_path):
    folder = tmp_path / "c"
    start(folder, "csv")
    fill_manifest(folder)
    path = folder / "chronology" / f"{GP}.csv"
    text = path.read_text(encoding="utf-8-sig").replace("14/03/2014", "15/03/2014")
    path.write_text(text, encoding="utf-8-sig")
    result = invoke("validate", folder)
    assert result.exit_code == 2
    assert f"{GP}.csv, row 2, field 'date': this is the template's example row with some cells changed" in result.output


def test_an_unfilled_manifest_names_every_placeholder_at_once(tmp_path):
    folder = tmp_path / "c"
    start(folder, "csv")
    fill_csv(folder / "chronology" / f"{GP}.csv", ROWS[GP], keep_example=False)
    result = invoke("validate", folder)
    assert result.exit_code == 2
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    assert len(PLACEHOLDER.findall(text)) == len(FILLED)
    *lines, count = result.output.strip().splitlines()
    # One line per placeholder, in the order of the file (rising line numbers), then the count.
    assert len(lines) == len(FILLED) and count == f"error: {len(FILLED)} problems in the case", result.output
    for line in lines:
        assert re.fullmatch(r"error: \S+case\.yaml, line \d+, field '[a-z_.\[\]0-9]+': still the template's "
                            r"placeholder: fill in .+", line), line
    numbers = [int(re.search(r"line (\d+)", line)[1]) for line in lines]
    assert numbers == sorted(numbers)
    # Filled in one at a time, one fewer is reported each time, until none is left.
    for left, value in zip(range(len(FILLED), 0, -1), FILLED):
        before = invoke("validate", folder).output
        assert before.count("still the template's placeholder") == left
        text = PLACEHOLDER.sub(value, text, count=1)
        (folder / "case.yaml").write_text(text, encoding="utf-8")
    assert "still the template's placeholder" not in invoke("validate", folder).output


def test_the_workbook_has_the_vocabulary_drop_downs_frozen_header_and_a_text_date_column(tmp_path):
    from openpyxl import load_workbook

    start(tmp_path / "c", "xlsx")
    book = load_workbook(tmp_path / "c" / "chronology" / f"{POLICE}.xlsx")
    sheet = book[POLICE]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [c.header for c in template.COLUMNS]
    assert sheet.freeze_panes == "A2"
    letter = {h: chr(ord("A") + i) for i, h in enumerate(headers)}
    lists = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        (cell_range,) = str(rule.sqref).split()
        lists[cell_range.split(":")[0][0]] = rule
    expected = {
        "Type of event": vocab.EVENT_TYPES, "Information learned": vocab.LEARNED, "Risk grade": vocab.RISK_LEVELS,
        "Contact type": vocab.CONTACT_TYPES, "Referral outcome": vocab.REFERRAL_OUTCOMES,
    }
    for header, values in expected.items():
        rule = lists[letter[header]]
        assert rule.formula1.strip('"').split(",") == [v.replace("_", " ") for v in values]
    assert lists[letter["Agency"]].formula1 == f'"{POLICE},{GP},{HOUSING}"'
    assert lists[letter["Risk grade"]].showErrorMessage and not lists[letter["Information learned"]].showErrorMessage
    date_cell = sheet[f"{letter['Date']}2"]
    # Text, so that Excel keeps "May 2019" as typed rather than inventing 1 May 2019.
    assert date_cell.value == "14/03/2014" and date_cell.number_format == "@"
    assert sheet.column_dimensions[letter["Date"]].number_format == "@"
    assert sheet.column_dimensions[letter["Details of contact"]].width == 50
    assert all(sheet.cell(row=1, column=i + 1).comment for i in range(len(headers)))


def test_a_list_too_long_for_excel_goes_on_a_hidden_sheet_and_still_reads(tmp_path):
    from openpyxl import load_workbook

    services = ("Police", "Housing", "Education", "Probation", "Hospital", "Ambulance", "Libraries", "Counselling",
                "Recovery", "Refuge", "Advocacy", "Outreach")
    names = [f"Northshire Borough {service}" for service in services]
    made = init_case(tmp_path / "c", names, "xlsx")
    ids = [a.id for a in made.agencies]
    assert len(",".join(ids)) > 255
    book = load_workbook(made.folder / made.templates[ids[0]])
    hidden = book[template.LISTS_SHEET]
    assert hidden.sheet_state == "hidden"
    agency_rule = next(r for r in book[ids[0]].data_validations.dataValidation if "C2" in str(r.sqref))
    column = agency_rule.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    assert agency_rule.formula1.startswith(f"'{template.LISTS_SHEET}'!")
    assert [hidden[f"{column}{n}"].value for n in range(1, len(ids) + 1)] == ids

    fill_manifest_generic(made.folder)
    fill_xlsx(made.folder / made.templates[ids[0]], [
        {"Date": "01/03/2020", "Subject(s)": "Sam", "Type of event": "contact", "Details of contact": "Seen.",
         "IMR reference": "1"}], keep_example=True)
    result = invoke("validate", made.folder)
    assert result.exit_code == 0, result.output
    assert f"sheet '{template.LISTS_SHEET}' holds the template's drop-down lists" in result.output


def fill_manifest_generic(folder: Path) -> None:
    """Fill every placeholder with a value its key takes (for cases with any number of agencies)."""
    by_key = {"title": "T", "area": "A", "date": "2021-05-14", "cause": "homicide", "start": "2019-01-01",
              "end": "2021-05-14", "type": "intimate_partner", "sector": "community_health", "contribution": "imr"}
    names = iter(["Sam", "Alex"])
    text = (folder / "case.yaml").read_text(encoding="utf-8")

    def value(m: re.Match[str]) -> str:
        return f"{m.group(1)}: {next(names) if m.group(1).strip() == 'pseudonym' else by_key[m.group(1).strip()]}"

    text = re.sub(r'^(\s*\w+): "FILL IN:[^"]*"', value, text, flags=re.M)
    (folder / "case.yaml").write_text(text, encoding="utf-8")


def test_the_word_template_is_landscape_a4_with_a_repeated_header_row(tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT

    start(tmp_path / "c", "docx")
    document = docx.Document(str(tmp_path / "c" / "chronology" / f"{GP}.docx"))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [c.header for c in template.COLUMNS]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert len(table.rows) == 2
    assert any(GP in p.text and "example" in p.text for p in document.paragraphs)
    assert any("did not attend" in p.text for p in document.paragraphs)  # the words of the coded columns


def test_the_csv_template_has_a_byte_order_mark_for_excel(tmp_path):
    start(tmp_path / "c", "csv")
    raw = (tmp_path / "c" / "chronology" / f"{HOUSING}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == [c.header for c in template.COLUMNS] and len(rows) == 2
    assert rows[1][rows[0].index("Agency")] == HOUSING


def test_every_template_header_is_read_as_its_column(tmp_path):
    from graphdhr.loaders.chronology_csv import csv_table, read_table

    start(tmp_path / "c", "csv")
    table = csv_table(tmp_path / "c" / "chronology" / f"{GP}.csv", "gp.csv")
    read = read_table(table, lambda name: (name, False), GP)
    columns = {written: column for written, column in read.mapped}
    assert {c.header: columns.get(c.header, c.header) for c in template.COLUMNS} == {
        c.header: c.column for c in template.COLUMNS}
    assert read.ignored == [] and read.rows == [] and read.examples == [2]


def test_agency_ids_are_short_lower_case_and_unique():
    assert agency_id("Northshire Police") == "northshire-police"
    assert agency_id("Riverside G.P.") == "riverside-g-p"
    assert agency_id("Central and North West London NHS Foundation Trust") == "cnwlnft"
    assert agency_id("Children's Services") == "childrens-services"
    assert agency_id("Hôpital Saint-Louis") == "hopital-saint-louis"
    assert agency_id("Northshire Community Mental Health Team 12") == "ncmht12"
    made = new_agencies(["Riverside GP", "Riverside-GP", "RIVERSIDE  gp!"])
    assert [a.id for a in made] == ["riverside-gp", "riverside-gp-2", "riverside-gp-3"]
    assert [a.name for a in made] == ["Riverside GP", "Riverside-GP", "RIVERSIDE  gp!"]


@pytest.mark.parametrize("args, message", [
    (["--agencies", ""], "--agencies: '' has an empty name"),
    (["--agencies", "Northshire Police,,Riverside GP"], "has an empty name"),
    (["--agencies", "Northshire Police, northshire  police"], "'northshire  police' is named twice"),
    (["--agencies", "Riverside GP", "--agency", "Riverside GP"], "--agency: 'Riverside GP' is named twice"),
    ([], "--agencies: name the case's agencies"),
    (["--agencies", "!!!"], "has no letter or digit"),
])
def test_bad_agencies_are_exit_2_and_write_nothing(tmp_path, args, message):
    result = invoke("init", tmp_path / "c", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_empty_is_never_written_over(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke("init", folder, "--agencies", AGENCIES)
    assert result.exit_code == 2
    assert "already exists and is not empty" in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["c"]  # no staging folder left behind

    afile = tmp_path / "f"
    afile.write_text("x", encoding="utf-8")
    assert invoke("init", afile, "--agencies", AGENCIES).exit_code == 2


def test_an_empty_folder_is_filled(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    assert invoke("init", folder, "--agencies", AGENCIES, "-f", "csv").exit_code == 0
    assert sorted(p.name for p in (folder / "chronology").iterdir()) == [f"{POLICE}.csv", f"{GP}.csv"]


def test_a_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    import graphdhr.casefolder as casefolder

    def broken(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(casefolder, "_docx_template", broken)
    with pytest.raises(OSError):
        init_case(tmp_path / "c", ["Northshire Police"], "docx")
    assert list(tmp_path.iterdir()) == []


def test_names_are_kept_as_written_in_case_yaml(tmp_path):
    from graphdhr.loaders.manifest_yaml import read_manifest

    names = ['St. Mary\'s "A&E": Northshire #1', "Ysbyty Gwynedd – Betsi Cadwaladr", "Housing, Northshire Council"]
    made = init_case(tmp_path / "c", names, "csv")
    fill_manifest_generic(made.folder)
    manifest = read_manifest(made.folder / "case.yaml")
    assert [(a.id, a.name) for a in manifest.agencies] == [(a.id, a.name) for a in made.agencies]
    assert [a.name for a in manifest.agencies] == names
