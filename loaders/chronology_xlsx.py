"""Chronology tables from an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods, as LibreOffice saves):
one sheet per agency, or one combined sheet.

Read with python-calamine, which reads a 10,000-row sheet about ten times faster than openpyxl's read-only mode
(docs/case-format.md). A date or date-time cell becomes the date's text (a date-time cell is a day), a time cell
`HH:MM`; a number stays a number's text, and the row parser reads a whole number in the date column as an Excel
date serial, since a sheet typed by hand often loses the date format.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from graphdhr.errors import CaseInputError
from graphdhr.template import LISTS_SHEET

from ._table import Table, TableRow, cell_text, id_stem


def _text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return cell_text(value)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def xlsx_tables(path: Path, display: str) -> list[Table]:
    """Every sheet of the workbook that holds anything, as a table; empty sheets are left out with a note on
    the first table (or, when every sheet is empty, an error)."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise CaseInputError(display, None, None, f"cannot read the workbook: {exc}") from None
    tables: list[Table] = []
    empty: list[str] = []
    # A template `graphdhr init` wrote may hold its drop-down lists on a sheet of their own, which holds no rows.
    names = [name for name in workbook.sheet_names if name != LISTS_SHEET]
    several = len(names) > 1
    for name in names:
        sheet = workbook.get_sheet_by_name(name)
        values = sheet.to_python(skip_empty_area=False)
        label = f"{display}, sheet '{name}'"
        rows = [TableRow(i + 1, [_text(v) for v in cells]) for i, cells in enumerate(values)]
        if not any(cell.strip() for row in rows for cell in row.cells):
            empty.append(name)
            continue
        table = Table(label, name, id_stem(f"{path.stem}-{name}" if several else path.stem), rows)
        _spread_merges(table, sheet.merged_cell_ranges or [])
        tables.append(table)
    if not tables:
        raise CaseInputError(display, None, None, "the workbook has no sheet with anything in it")
    if empty:
        tables[0].notes.append(f"{display}: empty sheets skipped: {', '.join(repr(n) for n in empty)}")
    if len(names) < len(workbook.sheet_names):
        tables[0].notes.append(f"{display}: sheet {LISTS_SHEET!r} holds the template's drop-down lists, not rows")
    return tables


def _spread_merges(table: Table, merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A cell merged down one column (one date for several rows) gives its value to every row it covers, with
    a note. A cell merged across columns cannot say which column it belongs to: the table records it, and the
    row parser makes it an error if it lies in the chronology (a title merged above the header is fine)."""
    by_number = {row.number: row for row in table.rows}
    for (top, left), (bottom, right) in merges:
        span = f"{_column_letter(left)}{top + 1}:{_column_letter(right)}{bottom + 1}"
        if left != right:
            for number in range(top + 1, bottom + 2):
                table.merged_across.setdefault(number, span)
            continue
        first = by_number.get(top + 1)
        value = first.cells[left] if first is not None and left < len(first.cells) else ""
        if not value.strip() or top == bottom:
            continue
        for number in range(top + 2, bottom + 2):
            row = by_number.get(number)
            if row is not None and left < len(row.cells):
                row.cells[left] = value
        table.notes.append(f"{table.label}: merged cell {span} read as {value!r} on rows {top + 1} to {bottom + 1}")
