"""Running the graphdhr command in a subprocess under a memory limit and a timeout, and what a run must leave."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Address space for one run: the worked example's HTML view needs about 200 MB of it; an unguarded alias bomb or
# /dev/zero read needs all there is.
MEMORY_LIMIT = 512 * 1024 * 1024
TIME_LIMIT = 30.0  # seconds; a guarded refusal takes about one (the interpreter's start)
# What must never reach a terminal: C0 and C1 controls but the line feed, and the right-to-left override.
# The lines closing a list of several problems ("... and 3 more", "12 problems in the case"): they name no file.
SUMMARY = re.compile(r"error: (\.\.\. and \d+ more|\d+ problems in the case)")
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(args: list[str], cwd: Path) -> Run:
    """`graphdhr ARGS` in a subprocess limited to MEMORY_LIMIT of address space; fails the test past TIME_LIMIT."""
    done = subprocess.run(
        [sys.executable, "-m", "graphdhr", *args], cwd=cwd, capture_output=True, timeout=TIME_LIMIT,
        preexec_fn=_limit_memory, stdin=subprocess.DEVNULL,
    )
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every entry under the folders (links not followed) with its size and modification time."""
    out: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            status = path.lstat()
            out[str(path)] = (status.st_size, status.st_mtime_ns)
    return out


def assert_clean_outcome(run: Run, folder: Path, output: Path | None) -> None:
    """Exit 0 with the output written (`output`; None for a command that writes no file), or exit 2 with only
    one-line errors naming a file of the case and nothing written; never a traceback, never a raw control character
    on stderr."""
    assert run.exit_code in (0, 2), (run.exit_code, run.stderr[-2000:])
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert not RAW_CONTROL.search(run.stderr), repr(run.stderr)
    if run.exit_code == 0:
        assert output is None or output.is_file()
        return
    lines = run.stderr.splitlines()
    assert lines, "exit 2 with nothing said"
    for line in lines:
        assert line.startswith(f"error: {folder}") or SUMMARY.fullmatch(line), line
    assert output is None or not output.exists()
