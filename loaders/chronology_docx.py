"""Chronology tables from a Word document (.docx): one table per agency, or one combined table.

Opened and parsed by python-docx; the tables are then read from its XML elements (python-docx's oxml layer and
lxml XPath), not through its Table, _Row and _Cell objects, which cost about half a millisecond a row and made a
10,000-row table take seconds (docs/performance.md). What is read is what python-docx's objects would give:

- the tables directly in the document's body, in document order; a table nested in a cell, in a text box or in a
  content control is not read, and a nested table's text is not part of its cell's text;
- a cell's text is its paragraphs' text (runs and hyperlinks directly in the paragraph: text, tabs, line breaks,
  non-breaking hyphens) joined by line breaks; text in tracked insertions and deletions or in fields' codes is
  not part of it, hidden text is;
- a cell merged across columns (w:gridSpan) stands in each column it covers, and is recorded for the row parser,
  which makes it an error within the chronology; a cell merged down several rows (w:vMerge) gives the text of its
  first row to each of them, noted;
- a table's agency may be named by the paragraph just above it (its heading), by an Agency column, or by the
  file's name. Rows are numbered from 1 within their table.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsmap, qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type information

from graphdhr.errors import CaseInputError

from ._table import Table, TableRow, id_stem

_W = {"w": nsmap["w"]}
# The cells python-docx's own oxml code reads: those that may be merged (a w:gridSpan or w:vMerge), and those whose
# text may be more than their one paragraph's runs' w:t text (a second paragraph, a hyperlink, a run holding more
# than text: a tab, a break, a field; a w:t holding more than one text node). Found for a whole table in one XPath
# evaluation, in C.
_SPECIAL = etree.XPath(
    "./w:tr/w:tc[w:tcPr[w:gridSpan or w:vMerge] or w:p[2] or w:p/w:hyperlink"
    " or w:p/w:r/*[not(self::w:rPr or self::w:t[not(node()[2] or node()[1][not(self::text())])])]]",
    namespaces=_W,
)
# One row's cells, each followed by its runs' w:t text, in document order: one evaluation a row, where reading the
# runs through python-docx's objects cost several Python objects a run.
_ROW = etree.XPath("./w:tc | ./w:tc/w:p/w:r/w:t/text()", namespaces=_W, smart_strings=False)
_TR = qn("w:tr")


def docx_tables(path: Path, display: str) -> list[Table]:
    """Every table of the document that holds anything, in document order, labelled 'table N'."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CaseInputError(display, None, None, f"cannot read the Word document: {exc}") from None
    heading: str | None = None
    found: list[tuple[str | None, CT_Tbl]] = []
    for block in document.element.body.inner_content_elements:
        if isinstance(block, CT_P):
            if block.text.strip():
                heading = block.text.strip()
        else:
            found.append((heading, block))
            heading = None
    tables: list[Table] = []
    several = len(found) > 1
    for index, (name, element) in enumerate(found, start=1):
        label = f"{display}, table {index}"
        table = Table(label, name, id_stem(f"{path.stem}-t{index}" if several else path.stem), [])
        _read_rows(element, table)
        if any(cell.strip() for row in table.rows for cell in row.cells):
            tables.append(table)
    if not tables:
        raise CaseInputError(display, None, None, "the document has no table: a chronology is a table of rows")
    return tables


def _read_rows(element: CT_Tbl, table: Table) -> None:
    """Append the table's rows to `table`, with its notes and merged spans, as python-docx's row.cells gives them:
    per row, one entry per grid column a cell covers, a vertically continued cell standing for the cell it
    continues, with that cell's text."""
    special = set(_SPECIAL(element))
    texts_of: dict[CT_Tc, str] = {}
    above: list[CT_Tc] = []
    starts_above: dict[CT_Tc, CT_Tc] = {}  # a merged cell of the row above -> the cell it stands for
    previous: CT_Row | None = None
    for number, row in enumerate(element.iterchildren(_TR), start=1):
        elements: list[CT_Tc] = []
        texts: list[str] = []
        starts: dict[CT_Tc, CT_Tc] = {}
        cells: list[CT_Tc] = []
        pieces: list[list[str]] = []
        for item in _ROW(row):
            if isinstance(item, str):
                pieces[-1].append(item)
            else:
                cells.append(item)
                pieces.append([])
        for tc, text in zip(cells, pieces):
            if tc in special:
                start = starts[tc] = _merge_start(tc, previous, starts_above)
                if start not in texts_of:
                    texts_of[start] = "\n".join(p.text for p in start.p_lst)
                span = start.grid_span
                elements += [start] * span
                texts += [texts_of[start]] * span
            else:
                elements.append(tc)
                texts.append("".join(text))
        if starts:  # only a merged cell can repeat across the row or stand for the cell above it
            _merges(table, number, elements, texts, above)
        above, starts_above, previous = elements, starts, row
        table.rows.append(TableRow(number, texts))


def _merges(table: Table, number: int, elements: list[CT_Tc], texts: list[str], above: list[CT_Tc]) -> None:
    """Record row `number`'s first cell merged across columns, and note each cell that stands for the cell above
    it (merged down) and holds text."""
    for column in range(1, len(elements)):
        if elements[column] is elements[column - 1]:
            table.merged_across.setdefault(number, f"row {number}, columns {column} and {column + 1}")
    for column, tc in enumerate(elements):
        if column < len(above) and tc is above[column] and texts[column].strip():
            table.notes.append(
                f"{table.label}: merged cell in column {column + 1} read as {texts[column]!r} on row {number}"
            )


def _merge_start(tc: CT_Tc, row_above: CT_Row | None, starts_above: dict[CT_Tc, CT_Tc]) -> CT_Tc:
    """The cell whose text `tc` shows: itself, or for a vertical merge's continuation the cell at the same grid
    offset in the row above, followed up to where the merge starts (python-docx's lookup, with its errors for a
    continuation with nothing above it)."""
    if tc.vMerge != "continue":
        return tc
    if row_above is None:
        raise ValueError("no tr above topmost tr in w:tbl")
    tc_above = row_above.tc_at_grid_offset(tc.grid_offset)
    return starts_above.get(tc_above, tc_above)
