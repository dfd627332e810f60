"""Reading a 10,000-row chronology as an Excel workbook and as a Word table, against the same rows as CSV.

Targets (docs/performance.md): reading the workbook takes at most 3 times reading the CSV; reading the Word table
takes a few times reading the workbook (the last line: Word against workbook). One generated case of
10,000 rows is written three ways, each a case folder with the same case.yaml and one combined chronology file
(an Agency column): `combined.csv`, `combined.xlsx` (one sheet, written with openpyxl) and `combined.docx` (one
table, written as python-docx writes it). Two figures each, in this run:

- the reader alone (the file to a table of cell text: loaders' csv_table, xlsx_tables, docx_tables), median CPU
  seconds of three reads in this process;
- `graphdhr validate` on the folder, wall and CPU seconds (user + system) of fresh processes, median of five. The
  machine is shared: wall time includes waiting for a core, CPU time does not.

    .venv/bin/python bench/workbook_read.py            # 10,000 rows
    .venv/bin/python bench/workbook_read.py 2500       # another size
"""

from __future__ import annotations

import csv
import io
import resource
import shutil
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from _common import CACHE, GRAPHDHR, machine, run_measured


def _rows(folder: Path) -> tuple[list[str], list[list[str]]]:
    """The generated case's rows as one table with an agency column: header and rows."""
    header: list[str] = []
    rows: list[list[str]] = []
    for path in sorted((folder / "chronology").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            table = list(csv.reader(handle))
        if "agency" in table[0]:
            header, rows = table[0], table[1:]
            break
        header = ["agency", *table[0]]
        rows += [[path.stem, *r] for r in table[1:]]
    return header, rows


def _write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    book.save(path)


def _write_docx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """A document with one table: python-docx writes the header row, the rows are spliced into its XML as
    python-docx would write them (building 10,000 rows through python-docx's cell objects takes minutes)."""
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=len(header))
    for cell, name in zip(table.rows[0].cells, header):
        cell.text = name
    skeleton = io.BytesIO()
    document.save(skeleton)

    def cell(text: str) -> str:
        return f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>' if text \
            else "<w:tc><w:p/></w:tc>"

    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                end = text.index("</w:tbl>")
                body = "".join("<w:tr>" + "".join(cell(c) for c in r) + "</w:tr>" for r in rows)
                data = (text[:end] + body + text[end:]).encode("utf-8")
            target.writestr(info, data)


def cases(rows_wanted: int) -> dict[str, tuple[Path, Path]]:
    """The three case folders (made once) and each one's chronology file, by format."""
    from graphdhr.generate import generate_case

    root = CACHE / f"workbook-{rows_wanted}"
    done = root / ".complete"
    made = {fmt: (root / fmt, root / fmt / "chronology" / f"combined.{fmt}") for fmt in ("csv", "xlsx", "docx")}
    if done.exists():
        return made
    source = root / "generated"
    generate_case(source, f"rows{rows_wanted}", 11, rows_wanted, rows_wanted)
    header, rows = _rows(source)
    for fmt, (folder, file) in made.items():
        shutil.rmtree(folder, ignore_errors=True)
        file.parent.mkdir(parents=True)
        shutil.copy(source / "case.yaml", folder / "case.yaml")
        if fmt == "csv":
            with open(file, "w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows([header, *rows])
        elif fmt == "xlsx":
            _write_xlsx(file, header, rows)
        else:
            _write_docx(file, header, rows)
    done.write_text("ok")
    return made


def _median_read(read: Callable[[], object], runs: int = 3) -> float:
    """Median CPU seconds of `read` in this process (the machine is shared: wall time would include waiting)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        read()
        times.append(time.process_time() - started)
    return statistics.median(times)


def _validate(folder: Path, runs: int = 5) -> tuple[float, float]:
    """Median wall and CPU seconds of `graphdhr validate FOLDER` in fresh processes."""
    run_measured([GRAPHDHR, "validate", str(folder)])
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, _peak, result = run_measured([GRAPHDHR, "validate", str(folder)])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert "is valid" in result.stdout, result.stdout
        walls.append(wall)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    from graphdhr.loaders.chronology_csv import csv_table
    from graphdhr.loaders.chronology_docx import docx_tables
    from graphdhr.loaders.chronology_xlsx import xlsx_tables

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"machine: {machine()}")
    made = cases(size)
    readers: dict[str, Callable[[], object]] = {
        "csv": lambda: csv_table(made["csv"][1], "combined.csv"),
        "xlsx": lambda: xlsx_tables(made["xlsx"][1], "combined.xlsx"),
        "docx": lambda: docx_tables(made["docx"][1], "combined.docx"),
    }
    tables = {fmt: read() for fmt, read in readers.items()}
    counts = {fmt: sum(len(t.rows) for t in (found if isinstance(found, list) else [found]))  # type: ignore[attr-defined]
              for fmt, found in tables.items()}
    assert len(set(counts.values())) == 1, counts
    print(f"{size:,} rows, one combined chronology file per format ({counts['csv']:,} table rows with the header)")
    print(f"{'format':>6}  {'file KB':>8}  {'reader CPU s':>12}  {'x csv':>6}  {'validate wall s':>15}  {'x csv':>6}  "
          f"{'validate CPU s':>14}  {'x csv':>6}")
    measured: dict[str, tuple[float, float, float]] = {}
    for fmt, (folder, file) in made.items():
        read = _median_read(readers[fmt])
        wall, cpu = _validate(folder)
        measured[fmt] = (read, wall, cpu)
        base = measured["csv"]
        print(f"{fmt:>6}  {file.stat().st_size / 1024:>8.0f}  {read:>12.3f}  {read / base[0]:>6.2f}  {wall:>15.2f}  "
              f"{wall / base[1]:>6.2f}  {cpu:>14.2f}  {cpu / base[2]:>6.2f}")
    word, book = measured["docx"], measured["xlsx"]
    print(f"Word against workbook: reader {word[0] / book[0]:.2f} times, validate CPU {word[2] / book[2]:.2f} times")


if __name__ == "__main__":
    main()
