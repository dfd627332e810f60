"""The malformed-input corpus (issue 14): every hand-written hostile case and every generated one, through
`validate`, `report` and `html`, exits 0 or 2, says each error on one line naming a file of the case, never shows a
traceback, and leaves no file behind; the cases that could hang or exhaust memory without their guard run in a
subprocess under a memory limit and a timeout.

Generated: case.yaml and CSV text mutated by inserting, deleting and replacing characters and YAML/CSV tokens;
workbook and Word document bytes mutated likewise. Sized to run in seconds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from casekit import COLUMNS, write_case
from hostile import HOSTILE, Hostile, ok_rows, valid_with_hostile_text, workbook_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runbounded import Run, assert_clean_outcome, run_bounded, snapshot
from typer.testing import CliRunner

from graphdhr.cli import app

runner = CliRunner()
COMMANDS = ("validate", "report", "html")


def _args(command: str, folder: Path, output: Path) -> list[str]:
    return [command, str(folder)] + ([] if command == "validate" else ["-o", str(output)])


def _in_process(command: str, folder: Path, output: Path) -> Run:
    result = runner.invoke(app, _args(command, folder, output))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command} raised {result.exception!r}") from result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def _each_command(folder: Path, out: Path, bounded: bool = False) -> None:
    """Every command on the folder: a clean outcome, the case folder untouched, nothing else left in `out`."""
    before = snapshot(folder)
    for command in COMMANDS:
        output = out / f"{command}.out"
        result = run_bounded(_args(command, folder, output), out) if bounded else _in_process(command, folder, output)
        assert_clean_outcome(result, folder, None if command == "validate" else output)
        output.unlink(missing_ok=True)
        assert list(out.iterdir()) == [], list(out.iterdir())
    assert snapshot(folder) == before



@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("case", [c for c in HOSTILE if not c.bounded], ids=lambda c: c.name)
def test_hand_written_hostile_cases_through_every_command(case: Hostile, tmp_path: Path, out: Path) -> None:
    _each_command(case.build(tmp_path / "case"), out)


@pytest.mark.parametrize("name", list(valid_with_hostile_text()))
def test_valid_cases_with_hostile_text_through_every_command(name: str, tmp_path: Path, out: Path) -> None:
    _each_command(valid_with_hostile_text()[name](tmp_path / "case"), out)


@pytest.mark.parametrize("case", [c for c in HOSTILE if c.bounded], ids=lambda c: c.name)
def test_bounded_hostile_cases_through_every_command_under_limits(case: Hostile, tmp_path: Path, out: Path) -> None:
    _each_command(case.build(tmp_path / "case"), out, bounded=True)


# --- generated ------------------------------------------------------------------------------------------------------

_YAML_TOKENS = ["&a ", "*a", "!!binary ", "!foo ", "!!python/name:os.system ", "[", "]", "{", "}", ": ", "- ", "? ",
                "|", ">", "---\n", "...\n", "%YAML 1.1\n", "\n", "  ", "\t", "'", '"', "#", "2014-02-30", "9" * 400,
                "\\", "\\x1b", "\x1b", "\x00", "\u202e", "\ufeff", "<<: *a", "~", "null", "yes", ".inf"]
_CSV_TOKENS = [",", ";", ";;;", '"', '""', "\n", "\r", "\r\n", "\x00", "\ufeff", "²", "9" * 400, "2014-02-30",
               "\x1b[31m", "=cmd|' /C calc'!A0", "date", "subjects", "event_type", "details", "source_ref",
               "risk_score", "vic", "police", "\t", " "]


def _edits(tokens: list[str]) -> st.SearchStrategy[list[tuple[float, int, str]]]:
    """Edits to a text: at a relative position, delete some characters, then insert a token or random text."""
    insert = st.one_of(st.sampled_from(tokens), st.text(max_size=8))
    return st.lists(st.tuples(st.floats(0, 1), st.integers(0, 4), insert), min_size=1, max_size=6)


def _apply(text: str, edits: list[tuple[float, int, str]]) -> str:
    for where, delete, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + delete:]
    return text


def _base_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for r in ok_rows():
        writer.writerow({c: r.get(c, "") for c in COLUMNS})
    return buffer.getvalue()


def _check_generated(folder: Path, out: Path) -> None:
    """validate and report (in-process): a clean outcome, whatever the files hold."""
    for command in ("validate", "report"):
        output = out / f"{command}.out"
        result = _in_process(command, folder, output)
        assert_clean_outcome(result, folder, None if command == "validate" else output)
        output.unlink(missing_ok=True)


_GENERATED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_GENERATED
@given(edits=_edits(_YAML_TOKENS))
def test_generated_case_yaml(edits: list[tuple[float, int, str]], tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("yaml")
    folder = write_case(root / "case", ok_rows())
    manifest = folder / "case.yaml"
    manifest.write_bytes(_apply(manifest.read_text(encoding="utf-8"), edits).encode("utf-8", "surrogatepass"))
    (root / "out").mkdir()
    _check_generated(folder, root / "out")


@_GENERATED
@given(edits=_edits(_CSV_TOKENS), cp1252=st.booleans())
def test_generated_chronology_csv(
    edits: list[tuple[float, int, str]], cp1252: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("csv")
    folder = write_case(root / "case", ok_rows())
    text = _apply(_base_csv(), edits)
    data = text.encode("cp1252", "replace") if cp1252 else text.encode("utf-8", "surrogatepass")
    (folder / "chronology" / "combined.csv").write_bytes(data)
    (root / "out").mkdir()
    _check_generated(folder, root / "out")


_SEEDS = workbook_bytes()


@_GENERATED
@given(
    which=st.sampled_from([0, 1]),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 64), st.binary(max_size=32)), min_size=1, max_size=12),
)
def test_generated_workbook_and_word_bytes(
    which: int, edits: list[tuple[float, int, bytes]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("zip")
    folder = write_case(root / "case", ok_rows())
    (folder / "chronology" / "combined.csv").unlink()
    data = _SEEDS[which]
    for where, delete, insert in edits:
        at = int(where * len(data))
        data = data[:at] + insert + data[at + delete:]
    (folder / "chronology" / f"combined.{('xlsx', 'docx')[which]}").write_bytes(data)
    (root / "out").mkdir()
    _check_generated(folder, root / "out")


def test_the_seeds_are_valid_chronologies(tmp_path: Path) -> None:
    """The fuzzing mutates files that read: so the mutations reach the row parser, not only the unzip."""
    for suffix, data in zip(("xlsx", "docx"), _SEEDS):
        folder = write_case(tmp_path / suffix, ok_rows())
        (folder / "chronology" / "combined.csv").unlink()
        (folder / "chronology" / f"combined.{suffix}").write_bytes(data)
        result = runner.invoke(app, ["validate", str(folder)])
        assert result.exit_code == 0, result.stderr
        assert f"{len(ok_rows())} chronology rows" in result.stdout

