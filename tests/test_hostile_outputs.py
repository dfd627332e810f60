"""Outputs under hostile conditions (issue 14): exports stay well-formed XML whatever a cell holds; `-o` never
replaces or writes through what is not a regular file, keeps an existing file's permissions, and leaves no
temporary file behind, even when the process is terminated mid-write."""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from casekit import BASE_MANIFEST, write_case
from hostile import ESCAPES, ok_rows, valid_with_hostile_text
from runbounded import RAW_CONTROL
from typer.testing import CliRunner

from graphdhr.cli import app, write_output
from graphdhr.errors import UsageError

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "lottie"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_an_export_is_well_formed_xml_when_a_cell_holds_control_characters(fmt: str, tmp_path: Path) -> None:
    builds = valid_with_hostile_text()
    folders = [builds["details"](tmp_path / "details"), builds["agency name"](tmp_path / "agency")]
    for folder, case_id in zip(folders, ("t1", "t1")):
        out = tmp_path / f"{folder.name}.{fmt}"
        result = runner.invoke(app, ["export", str(folder), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        root = ET.parse(out).getroot()  # raises on XML that is not well-formed
        texts = " ".join([element.text or "" for element in root.iter()]
                         + [value for element in root.iter() for value in element.attrib.values()])
        assert "RED <script>alert(1)</script>" in texts  # the text survives; only what XML cannot hold is gone
        assert case_id in texts


def test_a_json_report_stays_json_with_control_characters(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "case", ok_rows(), manifest={**BASE_MANIFEST, "title": f"Evil{ESCAPES}"})
    result = runner.invoke(app, ["report", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.stderr

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        return [text for item in items for text in strings(item)]

    assert any(text.startswith(f"Evil{ESCAPES}") for text in strings(json.loads(result.stdout)))  # the same text


def _report(output: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(output)])
    return result.exit_code, result.stderr


def _only_line(stderr: str, *words: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --output: "), stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_file_where_the_parent_folder_should_be_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("keep", encoding="utf-8")
    code, stderr = _report(tmp_path / "file" / "report.txt")
    assert code == 2
    _only_line(stderr, "cannot write", "Not a directory")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "keep"


def test_a_folder_as_the_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    code, stderr = _report(tmp_path / "out")
    assert code == 2
    _only_line(stderr, "is a folder")
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("dangling", [False, True], ids=["to a file", "dangling"])
def test_a_symbolic_link_at_the_output_is_neither_replaced_nor_written_through(dangling: bool, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    if not dangling:
        target.write_text("keep", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    code, stderr = _report(link)
    assert code == 2
    _only_line(stderr, "is a symbolic link")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert (target.read_text(encoding="utf-8") == "keep") if not dangling else not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["report.txt", *([] if dangling else [target.name])])


def test_a_pipe_at_the_output_is_refused_without_opening_it(tmp_path: Path) -> None:
    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)  # opening it for writing would wait for a reader forever
    code, stderr = _report(pipe)
    assert code == 2
    _only_line(stderr, "is a pipe")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_device_at_the_output_is_refused() -> None:
    code, stderr = _report(Path("/dev/null"))
    assert code == 2
    _only_line(stderr, "is a device")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_an_existing_file_keeps_its_permissions_and_a_new_one_follows_the_umask(tmp_path: Path) -> None:
    existing = tmp_path / "shared.txt"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o640)
    assert _report(existing)[0] == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert existing.read_text(encoding="utf-8").startswith("graphdhr gap report")

    umask = os.umask(0o027)
    try:
        assert _report(tmp_path / "new.txt")[0] == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640  # 0666 under 027, not mkstemp's 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt", "shared.txt"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out.txt").write_text("old", encoding="utf-8")

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(UsageError, match="cannot write .*out.txt: No space left on device"):
        write_output("new", tmp_path / "out.txt")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "old"


# Runs write_output with the rename held up, so the temporary file exists when the signal comes.
_SLOW_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import graphdhr.cli as cli

    def held_replace(src, dst):
        print("written", flush=True)
        time.sleep(30)

    cli.os.replace = held_replace
    cli.write_output("x" * 100_000, Path(sys.argv[1]))
""")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_kill_during_the_write_leaves_no_temporary_file(signum: int, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.txt"
    process = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "written\n"
        assert len(list(target.parent.iterdir())) == 1  # the hidden temporary file, as the kill finds it
        process.send_signal(signum)
        process.wait(timeout=20)
    finally:
        process.kill()
    assert process.returncode != 0
    assert list(target.parent.iterdir()) == []


def test_text_written_to_a_terminal_has_its_control_characters_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    class Pipe(io.StringIO):
        def isatty(self) -> bool:
            return False

    for stream, raw in ((Terminal(), False), (Pipe(), True)):
        monkeypatch.setattr(sys, "stdout", stream)
        write_output(f"a,b\r\nEvil{ESCAPES}\tok\n", None)
        written = stream.getvalue()
        assert ("\x1b" in written) is raw
        assert written.startswith("a,b\r\nEvil") and written.endswith("\tok\n")
        if not raw:
            assert not RAW_CONTROL.search(written.replace("\r\n", "\n").replace("\t", " ")), repr(written)


def test_a_report_written_to_a_file_leaves_nothing_else(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "case", ok_rows())
    out = tmp_path / "out"
    for args in (["report", str(folder), "-o", str(out / "r.md"), "-f", "markdown"],
                 ["html", str(folder), "-o", str(out / "v.html")],
                 ["export", str(folder), "-o", str(out / "g.graphml")]):
        assert runner.invoke(app, args).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["g.graphml", "r.md", "v.html"]


def test_no_command_takes_a_password_on_the_command_line() -> None:
    """argv is visible to every user of the machine (ps, /proc): the password comes only from the environment or a
    prompt, and the settings that hold it never show it."""
    import typer.main

    from graphdhr.engines.neo4j import Neo4jSettings

    command = typer.main.get_command(app)
    assert hasattr(command, "commands")
    for name, sub in command.commands.items():
        for parameter in sub.params:
            spelled = " ".join([*parameter.opts, *parameter.secondary_opts, parameter.name or ""]).casefold()
            assert "pass" not in spelled and "secret" not in spelled, (name, spelled)
    settings = Neo4jSettings("bolt://h:7687", "neo4j", "s3cret-Pa55word", "neo4j")
    assert "s3cret-Pa55word" not in repr(settings) and "s3cret-Pa55word" not in str(settings)
