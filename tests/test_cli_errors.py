"""Bad input through the command line: one line on stderr naming file, row and field (a mistake in a case file)
or the option (a mistake on the command line), exit code 2, no traceback, and no output file written."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from casekit import BASE_MANIFEST, COLUMNS, row, write_case
from typer.testing import CliRunner

from graphdhr.cli import app
from graphdhr.loaders import read_case

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "lottie"
runner = CliRunner()


def ok_row(**fields: str) -> dict[str, str]:
    return row("2014-01-10", "police", "vic", **fields)


def manifest_text(data: dict | None = None) -> str:
    return yaml.safe_dump(data if data is not None else BASE_MANIFEST, sort_keys=False)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[occurrence - 1]


@dataclass
class Bad:
    """A bad case folder and where its error must point."""

    folder: Path
    file: Path  # the file the error names
    row: int | None
    field: str | None


def _missing_column(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row()], columns=[c for c in COLUMNS if c != "details"])
    return Bad(folder, folder / "chronology" / "combined.csv", 1, "details")


def _unknown_agency(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row(), row("2014-01-11", "polise", "vic")])
    return Bad(folder, folder / "chronology" / "combined.csv", 3, "agency")


def _unknown_person(tmp: Path) -> Bad:
    folder = write_case(tmp, [row("2014-01-11", "gp", "vic;Nobody")])
    return Bad(folder, folder / "chronology" / "combined.csv", 2, "subjects")


def _bad_date(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row(), ok_row(), row("31/02/2014", "gp", "vic")])
    return Bad(folder, folder / "chronology" / "combined.csv", 4, "date")


def _bad_time(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row(time="9.30")], columns=[*COLUMNS, "time"])
    return Bad(folder, folder / "chronology" / "combined.csv", 2, "time")


def _bad_learned(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row(learned="domestic_abuse;gossip")])
    return Bad(folder, folder / "chronology" / "combined.csv", 2, "learned")


def _duplicate_event_ids(tmp: Path) -> Bad:
    write_case(tmp, [ok_row(event_id="e1")], file_name="a.csv")
    folder = write_case(tmp, [ok_row(event_id="e1")], file_name="b.csv")
    return Bad(folder, folder / "chronology" / "b.csv", 2, "event_id")


def _duplicate_person_ids(tmp: Path) -> Bad:
    data = copy.deepcopy(BASE_MANIFEST)
    data["people"][2]["id"] = "per"
    data["relationships"] = data["relationships"][:1]
    folder = write_case(tmp, [ok_row()], manifest=data)
    text = manifest_text(data)
    return Bad(folder, folder / "case.yaml", line_of(text, "- id: per", 2), "people.id")


def _relationship_to_missing_person(tmp: Path) -> Bad:
    data = copy.deepcopy(BASE_MANIFEST)
    data["relationships"][1]["other"] = "ghost"
    folder = write_case(tmp, [ok_row()], manifest=data)
    text = manifest_text(data)
    # The error points at the start of the relationship entry holding 'other: ghost'.
    return Bad(folder, folder / "case.yaml", line_of(text, "other: ghost") - 1, "relationships.other")


def _not_utf8(tmp: Path) -> Bad:
    folder = write_case(tmp, [])
    text = (
        "date,agency,subjects,event_type,details,source_ref\n"
        "2014-01-10,police,vic,contact,Seen,p1\n"
        "2014-01-11,police,vic,contact,Fined \x8150,p2\n"
    )
    # 0x81 is neither UTF-8 nor Windows-1252 (Excel's CSV), the two encodings read.
    (folder / "chronology" / "combined.csv").write_bytes(text.encode("latin-1"))
    return Bad(folder, folder / "chronology" / "combined.csv", 3, None)


def _empty_file(tmp: Path) -> Bad:
    folder = write_case(tmp, [])
    (folder / "chronology" / "combined.csv").write_bytes(b"")
    return Bad(folder, folder / "chronology" / "combined.csv", None, None)


def _yaml_syntax_error(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row()])
    text = manifest_text().replace("area: Testshire\n", "area: Testshire\n  stray: indented\n")
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return Bad(folder, folder / "case.yaml", line_of(text, "stray: indented"), None)


def _unknown_manifest_key(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row()])
    text = manifest_text().replace("agencies:", "agencys:")
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return Bad(folder, folder / "case.yaml", line_of(text, "agencys:"), "agencys")


def _case_yaml_missing(tmp: Path) -> Bad:
    folder = write_case(tmp, [ok_row()])
    (folder / "case.yaml").unlink()
    return Bad(folder, folder / "case.yaml", None, None)


BAD_INPUTS: dict[str, Callable[[Path], Bad]] = {
    "missing column": _missing_column,
    "unknown agency": _unknown_agency,
    "unknown person": _unknown_person,
    "bad date": _bad_date,
    "bad time": _bad_time,
    "bad learned": _bad_learned,
    "duplicate event ids": _duplicate_event_ids,
    "duplicate person ids": _duplicate_person_ids,
    "relationship to missing person": _relationship_to_missing_person,
    "not UTF-8": _not_utf8,
    "empty file": _empty_file,
    "YAML syntax error": _yaml_syntax_error,
    "unknown manifest key": _unknown_manifest_key,
    "case.yaml missing": _case_yaml_missing,
}


def assert_one_error_line(result, bad: Bad) -> str:  # noqa: ANN001 - typer's Result
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("error: ")
    assert line.startswith(f"error: {bad.file}"), line
    unit = "line" if str(bad.file).endswith(".yaml") else "row"
    if bad.row is not None:
        assert f", {unit} {bad.row}," in line or f", {unit} {bad.row}:" in line, line
    else:
        assert ", row " not in line and ", line " not in line, line
    if bad.field is not None:
        assert f"field '{bad.field}'" in line, line
    else:
        assert "field '" not in line, line
    assert result.stdout == ""
    return line


@pytest.fixture(params=sorted(BAD_INPUTS))
def bad(request: pytest.FixtureRequest, tmp_path: Path) -> Bad:
    return BAD_INPUTS[request.param](tmp_path / "case")


def test_validate_bad_input(bad: Bad) -> None:
    result = runner.invoke(app, ["validate", str(bad.folder)])
    assert_one_error_line(result, bad)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_report_bad_input_writes_nothing(bad: Bad, tmp_path: Path, fmt: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"report.{fmt}"
    result = runner.invoke(app, ["report", str(bad.folder), "--format", fmt, "-o", str(out)])
    assert_one_error_line(result, bad)
    assert not out.exists()
    assert list(out_dir.iterdir()) == []  # no temporary file left behind either


def test_report_bad_input_does_not_create_the_output_folder(bad: Bad, tmp_path: Path) -> None:
    out = tmp_path / "new-folder" / "report.md"
    result = runner.invoke(app, ["report", str(bad.folder), "-o", str(out)])
    assert_one_error_line(result, bad)
    assert not out.parent.exists()


def test_html_bad_input_writes_nothing(bad: Bad, tmp_path: Path) -> None:
    out = tmp_path / "case.html"
    result = runner.invoke(app, ["html", str(bad.folder), "-o", str(out)])
    assert_one_error_line(result, bad)
    assert not out.exists()


def test_bad_input_does_not_replace_an_existing_report(tmp_path: Path) -> None:
    bad = _unknown_agency(tmp_path / "case")
    out = tmp_path / "report.txt"
    out.write_text("last week's report", encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad.folder), "-o", str(out)])
    assert_one_error_line(result, bad)
    assert out.read_text(encoding="utf-8") == "last week's report"


def test_missing_case_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    for args in (["validate", str(missing)], ["report", str(missing), "-o", str(tmp_path / "r.txt")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [f"error: {missing}: not a case folder (expected a folder holding case.yaml)"]
    assert not (tmp_path / "r.txt").exists()


def test_validate_stops_at_the_bad_case_of_several(tmp_path: Path) -> None:
    good = write_case(tmp_path / "good", [ok_row()])
    bad = _bad_date(tmp_path / "bad")
    result = runner.invoke(app, ["validate", str(good), str(bad.folder)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{good}: case 't1' is valid")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: {bad.file}, row 4, field 'date': ")


# --- the good paths these are measured against ----------------------------------------------------------------


def test_report_on_a_sound_case_writes_the_output(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "case", [row("2014-01-10", "police", "vic;per", learned="relationship")])
    out = tmp_path / "out" / "report.txt"
    result = runner.invoke(app, ["report", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert out.is_file() and out.read_text(encoding="utf-8").strip()
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.txt"]


def test_validate_lottie(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    read = read_case(REPO / "examples" / "lottie")
    case = read.case
    result = runner.invoke(app, ["validate", "examples/lottie"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    first = result.stdout.splitlines()[0]
    assert first == (
        f"examples/lottie: case 'lottie' is valid: {len(case.people)} people, {len(case.agencies)} agencies, "
        f"{len(case.forums)} forums, {len(case.events)} chronology rows in {len(read.chronologies)} files."
    )
    assert (len(case.people), len(case.forums), len(read.chronologies)) == (6, 4, 22)
    assert len(case.events) > 50


def test_validate_reports_mapped_and_ignored_columns(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "case", [])
    (folder / "chronology" / "combined.csv").write_text(
        "Date of contact,Organisation,subjects,event_type,details,Source reference,Initials\n"
        "2014-01-10,police,vic,contact,Seen,p1,AB\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    csv_path = folder / "chronology" / "combined.csv"
    assert f"  {csv_path}: column 'Date of contact' read as 'date'" in result.stdout.splitlines()
    assert f"  {csv_path}: column 'Organisation' read as 'agency'" in result.stdout.splitlines()
    assert f"  {csv_path}: column 'Source reference' read as 'source_ref'" in result.stdout.splitlines()
    assert f"  {csv_path}: column 'Initials' is not part of the format and was ignored" in result.stdout.splitlines()


# --- mistakes on the command line: a usage error naming the option, not a case error ---------------------------

USAGE_MISTAKES: dict[str, tuple[list[str], str]] = {
    "a folder and --case": (["report", str(EXAMPLE), "--case", "lottie", "--neo4j"], "--case"),
    "neither a folder nor --case": (["html"], "CASE_DIR"),
    "--case without --neo4j": (["report", "--case", "lottie"], "--case"),
    "--case without --neo4j (html)": (["html", "--case", "lottie"], "--case"),
    "unknown agency": (["report", str(EXAMPLE), "--agency", "nobody"], "--agency"),
    "unknown query": (["query", "no_such_query", str(EXAMPLE)], "NAME"),
    "unknown --param key": (["query", "silos", str(EXAMPLE), "--param", "bogus=1"], "--param"),
    "--param without a value": (["query", "silos", str(EXAMPLE), "--param", "case_id"], "--param"),
    "the schema file as a query": (["query", "schema", "--neo4j"], "NAME"),
    "a Neo4j-only query without --neo4j": (["query", "corpus_rule_counts", str(EXAMPLE)], "NAME"),
    "a query on nothing": (["query", "silos"], "CASE_DIR"),
    "load without --neo4j or --dry-run": (["load", str(EXAMPLE)], "--neo4j"),
    "load with --neo4j and --dry-run": (["load", str(EXAMPLE), "--neo4j", "--dry-run"], "--dry-run"),
    "corpus on nothing": (["corpus"], "CASE_DIR"),
    "rows-max below rows-min": (["generate", "out", "--rows-min", "100", "--rows-max", "60"], "--rows-max"),
}


@pytest.mark.parametrize("mistake", sorted(USAGE_MISTAKES))
def test_a_command_line_mistake_is_one_usage_line_naming_the_option(
    mistake: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, option = USAGE_MISTAKES[mistake]
    # A usage error is found before any server is asked: this one would end in exit 3.
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-Pa55word")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == "" and "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {option}: "), line
    # Not the case-file form (file, row, field), and never the old pseudo-file.
    assert "field '" not in line and "command line" not in line and ", row " not in line
    assert list(tmp_path.iterdir()) == []  # nothing written
