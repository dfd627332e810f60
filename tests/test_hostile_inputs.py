"""Hostile input (issue 14): every malformed case file is one clear line naming file, line or row, and field, exit 2,
never a traceback; files that are not regular or too large are refused before they are read; case text never
reaches the terminal raw; the Markdown report shows case text as text."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from casekit import BASE_MANIFEST, COLUMNS, row, write_case
from hostile import ESCAPES, HOSTILE, Hostile, ok_rows, valid_with_hostile_text
from runbounded import RAW_CONTROL, SUMMARY, run_bounded
from typer.testing import CliRunner

from graphdhr.cli import app
from graphdhr.errors import CaseInputError
from graphdhr.loaders import read_case
from graphdhr.loaders.manifest_yaml import MAX_VALUES

runner = CliRunner()


def _check_message(case: Hostile, folder: Path, exit_code: int, stderr: str) -> None:
    """Exit 2; every stderr line an error naming a file of the case (one line per error, should several be
    reported at once); one of them saying what this case must, at its field."""
    assert exit_code == 2, stderr
    lines = stderr.splitlines()
    assert lines and all(line.startswith(f"error: {folder}") or SUMMARY.fullmatch(line) for line in lines), stderr
    said = [line for line in lines if case.says in line]
    assert said, stderr
    if case.field is not None:
        assert any(f"field '{case.field}'" in line for line in said), said
    assert not RAW_CONTROL.search(stderr), repr(stderr)


@pytest.mark.parametrize("case", [c for c in HOSTILE if not c.bounded], ids=lambda c: c.name)
def test_a_hostile_input_is_one_clear_line(case: Hostile, tmp_path: Path) -> None:
    folder = case.build(tmp_path / "case")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    _check_message(case, folder, result.exit_code, result.stderr)


@pytest.mark.parametrize("case", [c for c in HOSTILE if c.bounded], ids=lambda c: c.name)
def test_a_hostile_input_that_could_hang_or_exhaust_memory_is_refused_within_bounds(
    case: Hostile, tmp_path: Path
) -> None:
    folder = case.build(tmp_path / "case")
    run = run_bounded(["validate", str(folder)], tmp_path)
    _check_message(case, folder, run.exit_code, run.stderr)


def test_yaml_errors_give_their_line(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "c", ok_rows())
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    (folder / "case.yaml").write_text(text.replace("title: Test case", "title: !!binary aGVsbG8="), encoding="utf-8")
    with pytest.raises(CaseInputError) as caught:
        read_case(folder)
    line = 1 + text.splitlines().index("title: Test case")
    assert (caught.value.row, caught.value.field) == (line, "title")


def test_an_alias_within_the_limits_is_read(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "c", ok_rows())
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("area: North", "area: &north North", 1).replace("area: South", "area: *north", 1)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    agencies = {a.id: a.area for a in read_case(folder).case.agencies}
    assert agencies["police"] == agencies["police2"] == "North"


def test_the_alias_budget_counts_every_copy(tmp_path: Path) -> None:
    """Just under the budget reads; one level of copies more is refused, though the file barely grows."""
    width = 300  # 300 * 300 = 90,000 values once expanded: under MAX_VALUES; 300**3 is far over
    base = "x: &a [" + ", ".join(["v"] * width) + "]\ny: &b [" + ", ".join(["*a"] * width) + "]\n"
    assert width * width < MAX_VALUES < width**3
    folder = write_case(tmp_path / "c", ok_rows())
    manifest = folder / "case.yaml"
    original = manifest.read_text(encoding="utf-8")
    manifest.write_text(base + original, encoding="utf-8")
    with pytest.raises(CaseInputError, match="unknown key"):  # read whole; x and y are not case.yaml keys
        read_case(folder)
    manifest.write_text(base + "z: [" + ", ".join(["*b"] * width) + "]\n" + original, encoding="utf-8")
    with pytest.raises(CaseInputError, match="more than 100000 values"):
        read_case(folder)


def test_numbers_at_the_ends_of_their_ranges_are_read(tmp_path: Path) -> None:
    rows = [
        row("2014-01-10", "police", "vic", risk_tool="DASH", risk_score="27", risk_level="high"),
        row("2014-01-11", "police", "vic", risk_score="0", risk_level="standard"),
        row("2014-01-12", "police", "vic", risk_tool="MeRIT", risk_score="40"),
        row("2014-01-13", "police", "per", sentence_months="1200"),
    ]
    case = read_case(write_case(tmp_path / "c", rows, columns=[*COLUMNS, "sentence_months"])).case
    scores = sorted(e.risk.score for e in case.events if e.risk is not None and e.risk.score is not None)
    assert scores == [0, 27, 40]
    assert [e.sentence_months for e in case.events if e.sentence_months] == [1200]


def test_validate_rejects_every_number_neo4j_could_not_store(tmp_path: Path) -> None:
    """Neo4j integers are 64 bits: the largest number a case may give stays far below."""
    from graphdhr.loaders.chronology_csv import DASH_SCORES, OTHER_SCORES, SENTENCE_MONTHS

    assert max(DASH_SCORES.stop, OTHER_SCORES.stop, SENTENCE_MONTHS.stop) < 2**63
    folder = write_case(tmp_path / "c", [row("2014-01-10", "police", "vic", risk_tool="X", risk_score=str(2**63))])
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2 and "out of range" in result.stderr


def test_text_with_escapes_is_read_and_printed_escaped(tmp_path: Path) -> None:
    builds = valid_with_hostile_text()
    header = builds["header"](tmp_path / "header")
    result = runner.invoke(app, ["validate", str(header)])
    assert result.exit_code == 0, result.stderr
    assert not RAW_CONTROL.search(result.stdout), repr(result.stdout)
    assert "column 'x\\ny\\u001b[31m" in result.stdout

    agency = builds["agency name"](tmp_path / "agency")
    text = runner.invoke(app, ["report", str(agency)])
    assert text.exit_code == 0, text.stderr
    assert not RAW_CONTROL.search(text.stdout), repr(text.stdout)
    assert "Evil\\u001b[31m" in text.stdout  # escaped, not dropped: the reader sees something was there


def test_markdown_shows_case_text_as_text(tmp_path: Path) -> None:
    agency = valid_with_hostile_text()["agency name"](tmp_path / "agency")
    result = runner.invoke(app, ["report", str(agency), "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert not RAW_CONTROL.search(md)
    assert "<script" not in md and "<https:" not in md
    assert not re.search(r"(?<!\\)\]\(", md)  # no link: every bracket from the case is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1))" in md
    assert "&amp;amp;" in md  # an entity written in the case is shown as written, not decoded
    # A line break in case text cannot start a Markdown block (a heading, an HTML block) of its own.
    assert not any(line.startswith("RED") for line in md.splitlines())
    # The report's own Markdown stays Markdown.
    assert md.startswith("# graphdhr gap report") and "\n## " in md


def test_markdown_escaping_leaves_ids_and_plain_text_alone(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "c", ok_rows())
    result = runner.invoke(app, ["report", str(folder), "--format", "markdown"])
    plain = runner.invoke(app, ["report", str(folder), "--format", "text"])
    assert "Test Police" in result.stdout and "Test Police" in plain.stdout
    assert "\\" not in result.stdout  # nothing in a plain case needs escaping


def test_an_upper_case_suffix_and_an_agency_named_with_escapes_lose_no_row(tmp_path: Path) -> None:
    folder = valid_with_hostile_text()["upper-case suffix"](tmp_path / "upper")
    assert len(read_case(folder).case.events) == len(ok_rows())
    manifest = copy.deepcopy(BASE_MANIFEST)
    manifest["agencies"][0]["name"] = f"Police{ESCAPES}"
    case = read_case(write_case(tmp_path / "named", ok_rows(), manifest=manifest)).case
    assert case.agencies[0].name == f"Police{ESCAPES}"  # kept as written: escaping is the printer's job


def test_an_error_is_one_line_whatever_its_parts_hold() -> None:
    error = CaseInputError(f"dir/a\nb{ESCAPES}.csv", 3, f"head\ner{ESCAPES}", f"bad\r\nvalue{ESCAPES}")
    line = error.one_line()
    assert "\n" not in line and "\r" not in line
    assert not RAW_CONTROL.search(line)
    assert re.fullmatch(r"dir/a\\nb.*\.csv, row 3, field 'head\\ner.*': bad\\r\\nvalue.*", line)


def test_a_rules_file_is_read_with_the_same_limits(tmp_path: Path) -> None:
    """An area's rules file passes between areas like a case file: tags, alias bombs, devices and wrong shapes are
    one line too."""
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: &a [x, x]\n" + "".join(f"b{i}: &a{i} [" + ", ".join(["*a" if i == 0 else f"*a{i - 1}"] * 9)
                                                + "]\n" for i in range(8)), encoding="utf-8")
    cases = {
        "bomb.yaml": "more than 100000 values",
        "tag.yaml": "YAML tag '!!python/name:os.system'",
        "shape.yaml": "expected a mapping",
        "/dev/zero": "a device, not a file",
    }
    (tmp_path / "tag.yaml").write_text("rules: !!python/name:os.system\n", encoding="utf-8")
    (tmp_path / "shape.yaml").write_text("rules: [1, 2]\n", encoding="utf-8")
    for name, says in cases.items():
        path = name if name.startswith("/") else str(tmp_path / name)
        result = runner.invoke(app, ["rules", "--rules", path])
        assert result.exit_code == 2, (name, result.stderr, result.exception)
        assert len(result.stderr.splitlines()) == 1 and says in result.stderr, (name, result.stderr)
