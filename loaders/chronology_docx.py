"""Chronology tables from a Word document (.docx): one table per agency, or one combined table.

Read with python-docx. A cell's paragraphs are kept as lines. A cell merged down several rows gives its value to
each of them (python-docx reads it so), noted; a cell merged across columns is recorded for the row parser, which
makes it an error within the chronology. A table's agency may be named by the paragraph just above it (its
heading), by an Agency column, or by the file's name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from graphdhr.errors import CaseInputError

from ._table import Table, TableRow, id_stem


def docx_tables(path: Path, display: str) -> list[Table]:
    """Every table of the document that holds anything, in document order, labelled 'table N'."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CaseInputError(display, None, None, f"cannot read the Word document: {exc}") from None
    heading: str | None = None
    found: list[tuple[str | None, WordTable]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                heading = block.text.strip()
        else:
            found.append((heading, block))
            heading = None
    tables: list[Table] = []
    several = len(found) > 1
    for index, (name, word_table) in enumerate(found, start=1):
        label = f"{display}, table {index}"
        table = Table(label, name, id_stem(f"{path.stem}-t{index}" if several else path.stem), [])
        above: list[object] = []
        for number, row in enumerate(word_table.rows, start=1):
            cells = row.cells
            elements = [cell._tc for cell in cells]
            for column in range(1, len(elements)):
                if elements[column] is elements[column - 1]:
                    table.merged_across.setdefault(number, f"row {number}, columns {column} and {column + 1}")
            texts = [cell.text for cell in cells]
            for column, element in enumerate(elements):
                if column < len(above) and element is above[column] and texts[column].strip():
                    table.notes.append(
                        f"{label}: merged cell in column {column + 1} read as {texts[column]!r} on row {number}"
                    )
            above = elements
            table.rows.append(TableRow(number, texts))
        if any(cell.strip() for row in table.rows for cell in row.cells):
            tables.append(table)
    if not tables:
        raise CaseInputError(display, None, None, "the document has no table: a chronology is a table of rows")
    return tables
