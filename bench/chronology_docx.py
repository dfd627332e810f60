"""The combined chronology as a Word document, on generated cases of 2,500, 5,000 and 10,000 rows.

Target (docs/performance.md): `graphdhr chronology CASE --format docx` on 10,000 rows in a few seconds, with
memory flat. Baseline, in the same run: the same command writing CSV, which reads the case, builds the report
and writes text, so the difference is what the Word document costs. Each command runs in fresh processes (median
of three); wall seconds, CPU seconds (user + system: the machine is shared, and wall time includes waiting for a
core) and the peak resident memory of the process. Then, in this process, the renderer alone (render_docx
against render_csv on the same report), in CPU seconds.

    .venv/bin/python bench/chronology_docx.py                   # 2,500, 5,000 and 10,000 rows
    .venv/bin/python bench/chronology_docx.py 10000             # one size
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import CACHE, GRAPHDHR, machine, run_measured


def case(rows: int) -> Path:
    """A generated case of exactly `rows` rows, made once."""
    from graphdhr.generate import generate_case

    folder = CACHE / f"chronology-{rows}"
    if not (folder / ".complete").exists():
        generate_case(folder, f"rows{rows}", 5, rows, rows)
        (folder / ".complete").write_text("ok")
    return folder


def measure(folder: Path, fmt: str, out: Path, runs: int = 3) -> tuple[float, float, float]:
    """Median wall seconds, CPU seconds and peak MB of `graphdhr chronology FOLDER --format FMT -o OUT`."""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, peak, _ = run_measured([GRAPHDHR, "chronology", str(folder), "--format", fmt, "-o", str(out)])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(wall)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        peaks.append(peak)
    return statistics.median(walls), statistics.median(cpus), statistics.median(peaks)


def render_only(folder: Path) -> tuple[float, float]:
    """CPU seconds of render_docx and of render_csv on the case's report, built once in this process."""
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case
    from graphdhr.render.chronology import render_csv, render_docx
    from graphdhr.report import build_report

    loaded = load_case(folder)
    report = build_report(EmbeddedEngine([loaded]), loaded.case_id)
    times = []
    for render in (render_docx, render_csv):
        started = time.process_time()
        render(report)
        times.append(time.process_time() - started)
    return times[0], times[1]


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2_500, 5_000, 10_000]
    print(f"machine: {machine()}")
    print(f"{'rows':>7}  {'docx wall s':>11}  {'CPU s':>6}  {'peak MB':>7}  {'csv wall s':>10}  {'CPU s':>6}  "
          f"{'peak MB':>7}  {'CPU docx/csv':>12}  {'MB docx/csv':>11}  {'render docx s':>13}  {'render csv s':>12}")
    peaks: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            folder = case(rows)
            docx = measure(folder, "docx", Path(tmp) / "c.docx")
            plain = measure(folder, "csv", Path(tmp) / "c.csv")
            assert (Path(tmp) / "c.docx").stat().st_size > rows * 10
            render_docx_s, render_csv_s = render_only(folder)
            peaks[rows] = (docx[2], plain[2])
            print(f"{rows:>7}  {docx[0]:>11.2f}  {docx[1]:>6.2f}  {docx[2]:>7.0f}  {plain[0]:>10.2f}  {plain[1]:>6.2f}  "
                  f"{plain[2]:>7.0f}  {docx[1] / plain[1]:>12.2f}  {docx[2] / plain[2]:>11.2f}  {render_docx_s:>13.2f}  "
                  f"{render_csv_s:>12.2f}")
    smallest = min(peaks)
    for rows in sorted(peaks)[1:]:
        print(f"peak memory at {rows:,} rows / at {smallest:,} rows: docx {peaks[rows][0] / peaks[smallest][0]:.2f}, "
              f"csv {peaks[rows][1] / peaks[smallest][1]:.2f} (rows {rows / smallest:.0f} times)")


if __name__ == "__main__":
    main()
