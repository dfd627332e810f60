"""What every chronology reader hands on: one table of cell text, with where each row was in the file.

CSV, workbook and Word readers differ only in how they get cells; the header search, the column mapping and the
row parsing in chronology_csv are shared, so a row reads the same whatever format it came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableRow:
    """One row as the file numbers it (a spreadsheet's row, or a Word table's row counting from 1)."""

    number: int
    cells: list[str]


@dataclass
class Table:
    """One chronology table: a CSV file, a sheet, or a Word table.

    `label` is the location text errors start with ("met.xlsx, sheet 'Police'"); `name` is the sheet's name or
    the heading above a Word table, which may name its agency; `id_stem` starts the default event ids; `notes`
    are what the reader did that the user should see (a fallback encoding, a merged cell read on several rows);
    `merged_across` names, by row, a cell merged across columns, an error if it lies within the chronology.
    """

    label: str
    name: str | None
    id_stem: str
    rows: list[TableRow]
    merged_across: dict[int, str] = field(default_factory=dict)  # row number -> a merged span on it
    notes: list[str] = field(default_factory=list)


def id_stem(text: str) -> str:
    """`text` made fit to start an event id (letters, digits, '-', '_' and '.')."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "row"


def cell_text(value: object) -> str:
    """A spreadsheet or Word value as the text the row parser reads (a whole float without its '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
