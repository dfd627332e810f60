"""Shared pieces of the bench scripts: generated corpora (cached), timing, and the peak memory of a process tree.

Every bench prints its figures and a ratio against a baseline measured in the same run, never an absolute time
alone, because the machine's speed varies between runs.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
PYTHON = sys.executable
GRAPHDHR = str(Path(PYTHON).parent / "graphdhr")


def machine() -> str:
    return f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


def corpus(rows: int, rows_per_case: int = 1000, seed: int = 42) -> tuple[Path, list[Path]]:
    """A generated corpus of about `rows` chronology rows (cases of exactly `rows_per_case` rows), made once."""
    from graphdhr.generate import generate_corpus

    cases = max(rows // rows_per_case, 1)
    folder = CACHE / f"corpus-{cases}x{rows_per_case}-s{seed}"
    done = folder / ".complete"
    if not done.exists():
        started = time.perf_counter()
        generate_corpus(folder, cases, seed, rows_per_case, rows_per_case)
        done.write_text("ok")
        print(f"  (generated {cases} cases into {folder} in {time.perf_counter() - started:.1f} s)")
    return folder, sorted(p for p in folder.iterdir() if p.is_dir())


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


def run_measured(cmd: list[str], **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a command; (seconds, peak MB of its whole process tree, result)."""
    peak = [0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:4])} ...\n{err[-2000:]}")
    return elapsed, peak[0] / 1024, result


def median_time(cmd: list[str], runs: int = 7, **kwargs) -> float:
    """Median wall time of fresh processes, after one warm-up run. Byte-code caching is left on, as on a user's
    machine (an installed package has its .pyc files; this sandbox sets PYTHONDONTWRITEBYTECODE, which would make
    every run compile graphdhr's modules and no one else's)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    kwargs.setdefault("env", env)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times)
