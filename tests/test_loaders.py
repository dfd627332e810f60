"""The loaders: every error names the file, the row (CSV row as a spreadsheet shows it, or YAML line) and the
field; and what loads, loads as the case format says."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from casekit import BASE_MANIFEST, COLUMNS, row, write_case

from graphdhr.errors import CaseInputError
from graphdhr.loaders import load_case, read_case

REPO = Path(__file__).resolve().parents[1]
LOTTIE = REPO / "examples" / "lottie"


# --- helpers --------------------------------------------------------------------------------------------------


def load_error(folder: Path) -> CaseInputError:
    with pytest.raises(CaseInputError) as info:
        read_case(folder)
    return info.value


def assert_where(err: CaseInputError, file_name: str, row_number: int | None, field: str | None) -> None:
    """The error names the file, row and field, both as attributes and in its one line."""
    assert Path(err.file).name == file_name, err.one_line()
    assert err.row == row_number, err.one_line()
    assert err.field == field, err.one_line()
    line = err.one_line()
    assert line.startswith(err.file)
    assert "\n" not in line
    if row_number is not None:
        assert f"{err.unit} {row_number}" in line
    if field is not None:
        assert f"field '{field}'" in line


def manifest(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE_MANIFEST)
    data.update(changes)
    return data


def ok_row(**fields: str) -> dict[str, str]:
    return row("2014-01-10", "police", "vic", **fields)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`th line holding `needle`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} times"
    return hits[occurrence - 1]


# A hand-written manifest, so that YAML line numbers are plain to see.
MANIFEST_TEXT = """\
case_id: t1
title: Test case
area: Testshire
date_of_death: 2015-03
terms_of_reference: {start: 2010-01-01, end: 2015-03-01}
people:
  - id: vic
    pseudonym: Vera
    role: victim
    aliases: [V. Smith]
  - id: per
    pseudonym: Percy
    role: perpetrator
relationships:
  - {person: vic, other: per, type: intimate_partner}
agencies:
  - id: police
    name: Test Police
    sector: police
    contribution: imr
  - id: gp
    name: Test GP
    sector: gp
    contribution: imr
forums:
  - {id: marac, type: marac, name: Test MARAC}
"""


def yaml_case(folder: Path, text: str) -> Path:
    """A case folder whose case.yaml is `text` and whose chronology is one sound row."""
    write_case(folder, [ok_row()])
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder


def write_csv_text(folder: Path, text: str, file_name: str = "combined.csv", encoding: str = "utf-8") -> Path:
    """A case folder (base manifest) whose only chronology file is `text`, written as is."""
    write_case(folder, [], file_name=file_name)
    (folder / "chronology" / file_name).write_bytes(text.encode(encoding))
    return folder


def test_hand_written_manifest_is_sound(tmp_path: Path) -> None:
    case = load_case(yaml_case(tmp_path, MANIFEST_TEXT))
    assert [p.id for p in case.people] == ["vic", "per"]
    assert [a.id for a in case.agencies] == ["police", "gp"]
    assert len(case.events) == 1


# --- CSV: columns ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["date", "subjects", "event_type", "details", "source_ref"])
def test_missing_required_column(tmp_path: Path, missing: str) -> None:
    cols = [c for c in COLUMNS if c != missing]
    err = load_error(write_case(tmp_path, [ok_row()], columns=cols))
    assert_where(err, "combined.csv", 1, missing)
    assert "required column is missing" in err.message


def test_combined_file_without_agency_column(tmp_path: Path) -> None:
    cols = [c for c in COLUMNS if c != "agency"]
    err = load_error(write_case(tmp_path, [ok_row()], columns=cols, file_name="combined.csv"))
    assert_where(err, "combined.csv", 1, "agency")
    assert "combined chronology" in err.message


def test_two_columns_mapping_to_one_field(tmp_path: Path) -> None:
    folder = write_csv_text(
        tmp_path,
        "date,agency,subjects,event_type,details,Outcome,action,source_ref\n"
        "2014-01-10,police,vic,contact,Seen,Advice given,Advice,p1\n",
    )
    err = load_error(folder)
    assert_where(err, "combined.csv", 1, "action")
    assert "two columns mean 'action'" in err.message


def test_header_synonyms_are_mapped_and_reported(tmp_path: Path) -> None:
    folder = write_csv_text(
        tmp_path,
        "Date of contact,Organisation,Subject(s),Type,Details of contact,Outcome,Source reference,Notes for panel\n"
        "10/01/2014,gp,Vera,appointment,Seen about a bruise,Advice given,IMR 3.2,ignore me\n",
    )
    read = read_case(folder)
    (chron,) = read.chronologies
    assert chron.mapped == [
        ("Date of contact", "date"),
        ("Organisation", "agency"),
        ("Subject(s)", "subjects"),
        ("Type", "event_type"),
        ("Details of contact", "details"),
        ("Outcome", "action"),
        ("Source reference", "source_ref"),
    ]
    assert chron.ignored == ["Notes for panel"]
    (event,) = read.case.events
    assert event.agency == "gp"
    assert event.subjects == ("vic",)
    assert event.event_type == "appointment"
    assert event.details == "Seen about a bruise"
    assert event.action == "Advice given"
    assert event.source_ref == "IMR 3.2"
    assert event.date.text == "2014-01-10"


def test_header_matching_ignores_case_spaces_and_punctuation(tmp_path: Path) -> None:
    folder = write_csv_text(
        tmp_path,
        "DATE,  Agency ,Subjects,Event Type,details,Source-Ref,Risk Level\n"
        "2014-01-10,police,vic,risk assessment,DASH done,p1,HIGH\n",
    )
    read = read_case(folder)
    (event,) = read.case.events
    assert event.event_type == "risk_assessment"
    assert event.risk is not None and event.risk.level == "high"
    assert ("Event Type", "event_type") in read.chronologies[0].mapped
    assert read.chronologies[0].ignored == []


def test_canonical_headers_are_not_reported_as_mapped(tmp_path: Path) -> None:
    read = read_case(write_case(tmp_path, [ok_row()]))
    assert read.chronologies[0].mapped == []
    assert read.chronologies[0].ignored == []


def test_unknown_columns_are_listed_as_ignored(tmp_path: Path) -> None:
    cols = [*COLUMNS, "Reviewer initials", "Page"]
    read = read_case(write_case(tmp_path, [ok_row()], columns=cols))
    assert read.chronologies[0].ignored == ["Reviewer initials", "Page"]
    assert len(read.case.events) == 1


def test_extra_cells_beyond_the_header(tmp_path: Path) -> None:
    folder = write_csv_text(
        tmp_path,
        "date,agency,subjects,event_type,details,source_ref\n"
        "2014-01-10,police,vic,contact,Seen,p1\n"
        "2014-01-11,police,vic,contact,Seen,p2,stray\n",
    )
    err = load_error(folder)
    assert_where(err, "combined.csv", 3, None)
    assert "7 cells but the header has 6" in err.message


# --- CSV: rows ------------------------------------------------------------------------------------------------


def test_unknown_agency_id(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row(), row("2014-01-11", "polise", "vic")])
    err = load_error(folder)
    assert_where(err, "combined.csv", 3, "agency")
    assert "'polise'" in err.message


def test_unknown_person_in_subjects(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [ok_row(), ok_row(), row("2014-01-11", "gp", "vic; Nobody")])
    err = load_error(folder)
    assert_where(err, "combined.csv", 4, "subjects")
    assert "'Nobody'" in err.message


def test_alias_resolves_to_the_person(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        [row("2014-01-10", "gp", "V. Smith; per"), row("2014-01-11", "gp", "v. smith"), row("2014-01-12", "gp", "Vera")],
    )
    first, second, third = load_case(folder).events
    assert first.subjects == ("vic", "per")
    assert first.recorded_as == (("vic", "V. Smith"),)
    assert second.subjects == ("vic",)
    assert second.recorded_as == (("vic", "v. smith"),)
    # A pseudonym or id is not an alias: nothing recorded.
    assert third.subjects == ("vic",)
    assert third.recorded_as == ()


def test_a_person_named_twice_is_one_subject(tmp_path: Path) -> None:
    (event,) = load_case(write_case(tmp_path, [row("2014-01-10", "gp", "vic; Vera; V. Smith")])).events
    assert event.subjects == ("vic",)


@pytest.mark.parametrize(
    ("date", "precision", "fragment"),
    [
        ("Febtember 2014", "", "cannot read date 'Febtember 2014'"),
        ("31/02/2014", "", "day is out of range"),
        ("2014-13", "", "month must be in 1..12"),
        ("2014-02", "day", "written to the month, but its precision says day"),
        ("2014-02-10", "sometime", "unknown date precision"),
        ("1850", "", "outside 1900-2100"),
    ],
)
def test_unparseable_date(tmp_path: Path, date: str, precision: str, fragment: str) -> None:
    folder = write_case(tmp_path, [ok_row(), row(date, "police", "vic", date_precision=precision)])
    err = load_error(folder)
    assert_where(err, "combined.csv", 3, "date")
    assert fragment in err.message


def test_blank_date(tmp_path: Path) -> None:
    err = load_error(write_case(tmp_path, [row("", "police", "vic")]))
    assert_where(err, "combined.csv", 2, "date")
    assert "required" in err.message


@pytest.mark.parametrize("time", ["9.30", "half nine", "25:00", "10:60", "1030"])
def test_bad_time(tmp_path: Path, time: str) -> None:
    folder = write_case(tmp_path, [ok_row(time="10:30"), ok_row(time=time)], columns=[*COLUMNS, "time"])
    err = load_error(folder)
    assert_where(err, "combined.csv", 3, "time")
    assert repr(time) in err.message


def test_good_times(tmp_path: Path) -> None:
    rows = [ok_row(time=t) for t in ("00:00", "9:05", "23:59")]
    events = load_case(write_case(tmp_path, rows, columns=[*COLUMNS, "time"])).events
    assert [e.time for e in events] == ["00:00", "9:05", "23:59"]


@pytest.mark.parametrize(
    ("field", "value", "extra"),
    [
        ("event_type", "phone call", {}),
        ("learned", "domestic_abuse; bananas", {}),
        ("risk_level", "very high", {}),
        ("referral_outcome", "lost", {"referral_to": "marac"}),
        ("contact_type", "carrier pigeon", {}),
    ],
)
def test_unknown_vocabulary_value(tmp_path: Path, field: str, value: str, extra: dict[str, str]) -> None:
    bad = ok_row(**extra)
    bad[field] = value
    folder = write_case(tmp_path, [ok_row(), bad], columns=[*COLUMNS, "contact_type"])
    err = load_error(folder)
    assert_where(err, "combined.csv", 3, field)
    assert f"{value.split('; ')[-1]!r} is not a" in err.message
    assert "did you mean" in err.message or "one of:" in err.message


def test_vocabulary_values_are_read_loosely(tmp_path: Path) -> None:
    bad = ok_row(learned="Domestic Abuse; threats-to-kill", risk_level="Medium", referral_to="marac",
                 referral_outcome="Not Progressed")
    bad["event_type"] = "Did Not Attend"
    (event,) = load_case(write_case(tmp_path, [bad])).events
    assert event.event_type == "did_not_attend"
    assert event.learned == ("domestic_abuse", "threats_to_kill")
    assert event.risk is not None and event.risk.level == "medium"
    assert event.referrals[0].outcome == "not_progressed"
    assert not event.referrals[0].reached


def test_referral_outcome_without_referral(tmp_path: Path) -> None:
    err = load_error(write_case(tmp_path, [ok_row(referral_outcome="declined")]))
    assert_where(err, "combined.csv", 2, "referral_outcome")


@pytest.mark.parametrize("score", ["12.5", "high", "-3", "14/24"])
def test_non_integer_risk_score(tmp_path: Path, score: str) -> None:
    err = load_error(write_case(tmp_path, [ok_row(), ok_row(risk_score=score)]))
    assert_where(err, "combined.csv", 3, "risk_score")
    assert "whole number" in err.message


def test_risk_score_reads(tmp_path: Path) -> None:
    (event,) = load_case(write_case(tmp_path, [ok_row(risk_tool="DASH", risk_score="14")])).events
    assert event.risk is not None
    assert (event.risk.tool, event.risk.score, event.risk.level) == ("DASH", 14, None)


def test_duplicate_event_id_across_two_files(tmp_path: Path) -> None:
    write_case(tmp_path, [ok_row(event_id="e1")], file_name="a.csv")
    write_case(tmp_path, [ok_row(event_id="e2"), ok_row(event_id="e1")], file_name="b.csv")
    err = load_error(tmp_path)
    assert_where(err, "b.csv", 3, "event_id")
    assert "'e1'" in err.message and "a.csv" in err.message


def test_duplicate_event_id_in_one_file(tmp_path: Path) -> None:
    err = load_error(write_case(tmp_path, [ok_row(event_id="x"), ok_row(event_id="y"), ok_row(event_id="x")]))
    assert_where(err, "combined.csv", 4, "event_id")


def test_bad_event_id(tmp_path: Path) -> None:
    err = load_error(write_case(tmp_path, [ok_row(event_id="row one")]))
    assert_where(err, "combined.csv", 2, "event_id")


def test_blank_event_id_defaults_to_file_and_row(tmp_path: Path) -> None:
    events = load_case(write_case(tmp_path, [ok_row(), ok_row(event_id="mine")], file_name="police.csv")).events
    assert [e.event_id for e in events] == ["police-2", "mine"]


def test_relationship_learned_needs_victim_and_perpetrator(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [row("2014-01-10", "police", "vic;per", learned="relationship"),
                                   row("2014-01-11", "police", "vic;kid", learned="relationship")])
    err = load_error(folder)
    assert_where(err, "combined.csv", 3, "learned")
    assert "victim-perpetrator" in err.message


def test_relationship_learned_with_both(tmp_path: Path) -> None:
    (event,) = load_case(write_case(tmp_path, [row("2014-01-10", "police", "Percy;V. Smith", learned="relationship")])).events
    assert event.learned == ("relationship",)


def test_recorded_victim_not_among_subjects(tmp_path: Path) -> None:
    cols = [*COLUMNS, "recorded_victim", "recorded_perpetrator"]
    folder = write_case(tmp_path, [row("2014-01-10", "police", "per", recorded_victim="vic")], columns=cols)
    err = load_error(folder)
    assert_where(err, "combined.csv", 2, "recorded_victim")
    assert "not among the row's subjects" in err.message


def test_recorded_perpetrator_unknown_person(tmp_path: Path) -> None:
    cols = [*COLUMNS, "recorded_victim", "recorded_perpetrator"]
    folder = write_case(tmp_path, [row("2014-01-10", "police", "vic;per", recorded_perpetrator="Mr X")], columns=cols)
    err = load_error(folder)
    assert_where(err, "combined.csv", 2, "recorded_perpetrator")
    assert "'Mr X'" in err.message


def test_recorded_roles_read_through_aliases(tmp_path: Path) -> None:
    cols = [*COLUMNS, "recorded_victim", "recorded_perpetrator"]
    folder = write_case(tmp_path, [row("2014-01-10", "police", "vic;per", recorded_victim="per",
                                       recorded_perpetrator="V. Smith")], columns=cols)
    (event,) = load_case(folder).events
    assert (event.recorded_victim, event.recorded_perpetrator) == ("per", "vic")


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("referral_to", "idva; nowhere", "'nowhere'"),
        ("shared_with", "marac;elsewhere", "'elsewhere'"),
        ("referral_to", "police", "cannot refer to itself"),
    ],
)
def test_referral_or_share_to_unknown_id(tmp_path: Path, field: str, value: str, fragment: str) -> None:
    err = load_error(write_case(tmp_path, [ok_row(), ok_row(**{field: value})]))
    assert_where(err, "combined.csv", 3, field)
    assert fragment in err.message


def test_referrals_and_shares_read(tmp_path: Path) -> None:
    (event,) = load_case(write_case(tmp_path, [ok_row(referral_to="idva; marac", referral_outcome="heard",
                                                      shared_with="gp")])).events
    assert [(r.to, r.outcome) for r in event.referrals] == [("idva", "heard"), ("marac", "heard")]
    assert [s.to for s in event.shares] == ["gp"]


@pytest.mark.parametrize("field", ["subjects", "details", "source_ref", "event_type"])
def test_blank_required_cell(tmp_path: Path, field: str) -> None:
    bad = ok_row()
    bad[field] = "  "
    err = load_error(write_case(tmp_path, [ok_row(), bad]))
    assert_where(err, "combined.csv", 3, field)


# --- CSV: encoding, emptiness, blank rows, per-agency files ---------------------------------------------------

HEADER = "date,agency,subjects,event_type,details,source_ref\n"


def test_cp1252_csv_reads_with_a_note(tmp_path: Path) -> None:
    # Excel's plain "CSV" writes Windows-1252: a pound sign, curly quotes and an accent read as written.
    text = HEADER + "2014-01-10,police,vic,contact,\u201cPaid £5\u201d to the caf\u00e9,p1\n"
    read = read_case(write_csv_text(tmp_path, text, encoding="cp1252"))
    assert [e.details for e in read.case.events] == ["\u201cPaid £5\u201d to the caf\u00e9"]
    assert read.chronologies[0].notes == [f"{tmp_path / 'chronology' / 'combined.csv'}: not UTF-8, read as "
                                          "Windows-1252 (Excel's 'CSV' encoding)"]


def _neither_utf8_nor_cp1252(tmp_path: Path, rows: str) -> Path:
    write_case(tmp_path, [])
    # 0x81 is undefined in Windows-1252 and never starts a UTF-8 character.
    (tmp_path / "chronology" / "combined.csv").write_bytes(rows.encode().replace(b"#", b"\x81"))
    return tmp_path


def test_not_utf8_names_the_row(tmp_path: Path) -> None:
    err = load_error(_neither_utf8_nor_cp1252(
        tmp_path, HEADER + "2014-01-10,police,vic,contact,Seen,p1\n2014-01-11,police,vic,contact,Paid #5,p2\n"))
    assert_where(err, "combined.csv", 3, None)
    assert "not UTF-8 or cp1252" in err.message and "0x81" in err.message


def test_not_utf8_row_counts_cells_with_line_breaks(tmp_path: Path) -> None:
    # Row 2's details cell holds two lines (as a spreadsheet writes a cell with Alt+Enter): the bad byte is
    # on the file's fourth line but in the spreadsheet's row 3.
    text = HEADER + '2014-01-10,police,vic,contact,"Seen.\nAdvice given.",p1\n' + "2014-01-11,police,vic,contact,caf#,p2\n"
    err = load_error(_neither_utf8_nor_cp1252(tmp_path, text))
    assert_where(err, "combined.csv", 3, None)


def test_not_utf8_after_a_byte_order_mark(tmp_path: Path) -> None:
    # A BOM (3 bytes) must not shift the row or the byte the message names.
    data = "\ufeff".encode() + (HEADER + "2014-01-10,police,vic,contact,Seen,p1\n").encode() + b"\x81,x\n"
    write_case(tmp_path, [])
    (tmp_path / "chronology" / "combined.csv").write_bytes(data)
    err = load_error(tmp_path)
    assert_where(err, "combined.csv", 3, None)
    assert "0x81" in err.message


def test_row_numbers_count_multi_line_cells_as_one_row(tmp_path: Path) -> None:
    text = HEADER + '2014-01-10,police,vic,contact,"Seen.\nAdvice given.",p1\n' + "2014-01-11,polise,vic,contact,x,p2\n"
    err = load_error(write_csv_text(tmp_path, text))
    assert_where(err, "combined.csv", 3, "agency")


@pytest.mark.parametrize("content", ["", "\n\n", "   \r\n"])
def test_empty_csv_file(tmp_path: Path, content: str) -> None:
    err = load_error(write_csv_text(tmp_path, content))
    assert_where(err, "combined.csv", None, None)
    assert "empty" in err.message


def test_a_case_with_no_chronology_rows_is_an_error(tmp_path: Path) -> None:
    err = load_error(write_case(tmp_path, []))
    assert (err.file, err.row, err.field) == (str(tmp_path / "chronology"), None, None)
    assert err.message == "the case has no chronology rows"


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    text = "\ufeff" + HEADER + "2014-01-10,police,V. Smith,contact,Café visit £5,p1\n"
    read = read_case(write_csv_text(tmp_path, text))
    (event,) = read.case.events
    assert event.details == "Café visit £5"
    assert event.date.text == "2014-01-10"
    assert read.chronologies[0].mapped == []  # the BOM did not spoil the 'date' header


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    text = HEADER + "2014-01-10,police,vic,contact,Seen,p1\n\n,,,,,\n2014-01-11,gp,vic,contact,Seen,p2\n"
    events = load_case(write_csv_text(tmp_path, text)).events
    assert [e.where.row for e in events] == [2, 5]
    assert [e.event_id for e in events] == ["combined-2", "combined-5"]


def test_error_after_blank_rows_names_the_spreadsheet_row(tmp_path: Path) -> None:
    text = HEADER + "2014-01-10,police,vic,contact,Seen,p1\n,,,,,\n2014-01-11,police,ghost,contact,Seen,p2\n"
    err = load_error(write_csv_text(tmp_path, text))
    assert_where(err, "combined.csv", 4, "subjects")


def test_per_agency_file_takes_agency_from_file_name(tmp_path: Path) -> None:
    cols = [c for c in COLUMNS if c != "agency"]
    write_case(tmp_path, [row("2014-01-10", "", "vic")], columns=cols, file_name="gp.csv")
    write_case(tmp_path, [row("2014-01-11", "", "per")], columns=cols, file_name="idva.csv")
    events = load_case(tmp_path).events
    assert [(e.agency, e.subjects) for e in events] == [("gp", ("vic",)), ("idva", ("per",))]


def test_per_agency_file_blank_agency_cell_takes_file_name(tmp_path: Path) -> None:
    write_case(tmp_path, [row("2014-01-10", "", "vic"), row("2014-01-11", "police", "vic")], file_name="gp.csv")
    assert [e.agency for e in load_case(tmp_path).events] == ["gp", "police"]


def test_file_named_after_no_agency_needs_an_agency_column(tmp_path: Path) -> None:
    cols = [c for c in COLUMNS if c != "agency"]
    err = load_error(write_case(tmp_path, [ok_row()], columns=cols, file_name="general-practice.csv"))
    assert_where(err, "general-practice.csv", 1, "agency")


def test_blank_agency_in_combined_file(tmp_path: Path) -> None:
    err = load_error(write_case(tmp_path, [ok_row(), row("2014-01-11", "", "vic")]))
    assert_where(err, "combined.csv", 3, "agency")


# --- the manifest ---------------------------------------------------------------------------------------------


def test_duplicate_person_id(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("  - id: per\n", "  - id: vic\n")
    err = load_error(yaml_case(tmp_path, text.replace("other: per", "other: vic")))
    assert_where(err, "case.yaml", line_of(text, "- id: vic", 2), "people.id")
    assert "'vic'" in err.message


def test_duplicate_agency_id(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("  - id: gp\n", "  - id: police\n")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "- id: police", 2), "agencies.id")


def test_agency_id_equal_to_forum_id(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("{id: marac,", "{id: gp,")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "{id: gp,"), "forums.id")
    assert "agency or forum" in err.message


@pytest.mark.parametrize(
    ("relationship", "field"),
    [("{person: ghost, other: per, type: ex_partner}", "relationships.person"),
     ("{person: vic, other: ghost, type: ex_partner}", "relationships.other")],
)
def test_relationship_to_missing_person(tmp_path: Path, relationship: str, field: str) -> None:
    text = MANIFEST_TEXT.replace("relationships:\n", f"relationships:\n  - {relationship}\n")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "ghost"), field)
    assert "'ghost'" in err.message


def test_empty_case_yaml(tmp_path: Path) -> None:
    err = load_error(yaml_case(tmp_path, ""))
    assert_where(err, "case.yaml", None, None)
    assert "empty" in err.message


def test_case_yaml_of_comments_only(tmp_path: Path) -> None:
    err = load_error(yaml_case(tmp_path, "# to be written\n"))
    assert_where(err, "case.yaml", None, None)
    assert "manifest is empty" in err.message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("area: Testshire\n", "area: Testshire\n  stray: indented\n")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "stray: indented"), None)
    assert err.message.startswith("YAML syntax error")


def test_yaml_unclosed_bracket(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("aliases: [V. Smith]", "aliases: [V. Smith")
    err = load_error(yaml_case(tmp_path, text))
    assert Path(err.file).name == "case.yaml"
    assert err.row is not None and err.row >= line_of(text, "aliases: [V. Smith")
    assert err.message.startswith("YAML syntax error")


def test_not_utf8_case_yaml(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("title: Test case", "title: Revue café")
    folder = yaml_case(tmp_path, MANIFEST_TEXT)
    (folder / "case.yaml").write_bytes(text.encode("cp1252"))
    err = load_error(folder)
    assert_where(err, "case.yaml", 2, None)
    assert "not UTF-8" in err.message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("agencies:\n", "agencys:\n")
    err = load_error(yaml_case(tmp_path, text))
    # The line of the misspelt key itself, not of the list below it.
    assert_where(err, "case.yaml", line_of(text, "agencys:"), "agencys")
    assert "unknown key" in err.message and "agencies" in err.message


def test_unknown_nested_key(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("    pseudonym: Percy", "    pseudonymn: Percy")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "pseudonymn"), "people[1].pseudonymn")


@pytest.mark.parametrize("key", ["case_id", "title", "people", "agencies"])
def test_missing_required_manifest_key(tmp_path: Path, key: str) -> None:
    data = yaml.safe_load(MANIFEST_TEXT)
    del data[key]
    text = yaml.safe_dump(data, sort_keys=False)
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", 1, key)
    assert "is required" in err.message


def test_missing_terms_of_reference_end(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace(", end: 2015-03-01}", "}")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "terms_of_reference"), "terms_of_reference")


def test_missing_person_role(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("    role: perpetrator\n", "")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "- id: per"), "people[1].role")
    assert "is required" in err.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("    sector: gp", "    sector: doctor", "agencies[1].sector"),
        ("    role: perpetrator", "    role: abuser", "people[1].role"),
        ("    contribution: imr\nforums", "    contribution: IMR only\nforums", "agencies[1].contribution"),
        ("type: intimate_partner", "type: boyfriend", "relationships[0].type"),
        ("type: marac,", "type: maracc,", "forums[0].type"),
    ],
)
def test_bad_manifest_vocabulary_value(tmp_path: Path, old: str, new: str, field: str) -> None:
    assert old in MANIFEST_TEXT
    text = MANIFEST_TEXT.replace(old, new)
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, new.strip().splitlines()[0]), field)
    assert "is not one of" in err.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("date_of_death: 2015-03", "date_of_death: March 2015", "date_of_death"),
        ("{person: vic, other: per, type: intimate_partner}",
         "{person: vic, other: per, type: intimate_partner, start: 2013, start_precision: month}",
         "relationships[0].start"),
    ],
)
def test_bad_manifest_date(tmp_path: Path, old: str, new: str, field: str) -> None:
    text = MANIFEST_TEXT.replace(old, new)
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, new), field)


def test_bad_manifest_id(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("  - id: gp\n", "  - id: g p\n")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "- id: g p"), "agencies[1].id")


def test_bad_age(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("    role: victim\n", "    role: victim\n    age: twenty\n")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "age: twenty"), "people[0].age")


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("    name: Test GP\n", "    name: Test GP\n    name: Other GP\n")
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "name: Other GP"), "agencies[1].name")
    assert "duplicate key" in err.message


def test_duplicate_top_level_yaml_key(tmp_path: Path) -> None:
    text = MANIFEST_TEXT + "title: Again\n"
    err = load_error(yaml_case(tmp_path, text))
    assert_where(err, "case.yaml", line_of(text, "title: Again"), "title")


def test_manifest_is_not_a_mapping(tmp_path: Path) -> None:
    err = load_error(yaml_case(tmp_path, "- just\n- a list\n"))
    assert_where(err, "case.yaml", 1, None)
    assert "mapping" in err.message


def test_case_needs_a_victim(tmp_path: Path) -> None:
    text = MANIFEST_TEXT.replace("role: victim", "role: family")
    err = load_error(yaml_case(tmp_path, text))
    assert Path(err.file).name == "case.yaml"
    assert err.field == "people"


def test_case_folder_missing(tmp_path: Path) -> None:
    err = load_error(tmp_path / "no-such-case")
    assert err.file == str(tmp_path / "no-such-case")
    assert (err.row, err.field) == (None, None)
    assert "not a case folder" in err.message


def test_case_yaml_missing(tmp_path: Path) -> None:
    write_case(tmp_path, [ok_row()])
    (tmp_path / "case.yaml").unlink()
    err = load_error(tmp_path)
    assert_where(err, "case.yaml", None, None)
    assert "missing" in err.message


def test_case_yml_is_accepted(tmp_path: Path) -> None:
    write_case(tmp_path, [ok_row()])
    (tmp_path / "case.yaml").rename(tmp_path / "case.yml")
    case = load_case(tmp_path)
    assert case.case_id == "t1"
    assert case.files[0].path == "case.yml"


# --- provenance and the example -------------------------------------------------------------------------------


def test_provenance_records_each_file_and_its_hash(tmp_path: Path) -> None:
    write_case(tmp_path, [ok_row()], file_name="a.csv")
    write_case(tmp_path, [ok_row(), row("2014-02-01", "gp", "per")], file_name="b.csv")
    case = load_case(tmp_path)
    expected = {
        str(Path(p)): hashlib.sha256((tmp_path / p).read_bytes()).hexdigest()
        for p in ("case.yaml", "chronology/a.csv", "chronology/b.csv")
    }
    assert {f.path: f.sha256 for f in case.files} == expected
    assert len({f.sha256 for f in case.files}) == 3


def test_events_remember_where_they_were_written(tmp_path: Path) -> None:
    write_case(tmp_path, [ok_row(), ok_row()], file_name="police.csv")
    events = load_case(tmp_path).events
    assert [(Path(e.where.file).name, e.where.row) for e in events] == [("police.csv", 2), ("police.csv", 3)]


def test_lottie_loads() -> None:
    read = read_case(LOTTIE)
    case = read.case
    assert case.case_id == "lottie"
    assert len(case.events) > 50
    assert all(e.source_ref.strip() for e in case.events)
    assert all(e.details.strip() for e in case.events)
    # Every agency of the manifest is in the case, once, including those with no chronology of their own.
    listed = [a["id"] for a in yaml.safe_load((LOTTIE / "case.yaml").read_text(encoding="utf-8"))["agencies"]]
    assert [a.id for a in case.agencies] == listed
    assert {"leeds-csc", "together-mh"} <= set(listed)
    # Each per-agency file is named after a manifest agency, and its rows are that agency's.
    for chronology in read.chronologies:
        stem = Path(chronology.path).stem
        assert stem in listed
        assert chronology.events and all(e.agency == stem for e in chronology.events)
    assert {f.path for f in case.files} == {"case.yaml"} | {
        f"chronology/{p.name}" for p in (LOTTIE / "chronology").glob("*.csv")
    }
