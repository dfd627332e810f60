"""Chronology tables from a Word document (.docx): one table per agency, or one combined table.

Opened and parsed by python-docx; the tables are then read from its XML elements (python-docx's oxml layer and lxml
XPath) rather than through its Table, _Row and _Cell objects, which cost about half a millisecond a row (5 s for
10,000 rows; docs/performance.md). What is read is what those objects give (tests/test_docx_reader.py compares the
two on every construct below):

- the tables directly in the document's body, in document order, and their rows directly in the table; a table
  in a content control, in a text box or nested in a cell is not read, nor is a row wrapped in custom XML;
- a cell's text is its paragraphs' text joined by line breaks: the runs and hyperlinks directly in each paragraph,
  their text, tabs (a tab), line breaks (a line break; page and column breaks nothing) and non-breaking hyphens
  (a hyphen). Hidden text is read; tracked insertions and deletions, field codes, text boxes, content controls and
  nested tables in the cell are not;
- a cell merged across columns (w:gridSpan) stands in each column it covers, and is recorded for the row parser,
  which makes it an error within the chronology; a cell merged down several rows (w:vMerge) gives the text of its
  first row to each of them, noted. A continuation with no cell above it is python-docx's error. One difference:
  python-docx follows a merge upwards by recursion and fails past about 900 rows; this follows it row by row;
- a table's agency may be named by the paragraph just above it (its heading), by an Agency column, or by the
  file's name. Rows are numbered from 1 within their table, so an error names the row python-docx counts.

The limits of loaders/_files.py (size, unpacked size, a cell's span) are checked before this reads the file.
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
# One row in document order: each cell, then its runs' w:t text, and after it, if its reading needs more than that,
# a sign: its properties if they merge it (w:gridSpan, w:vMerge), its second paragraph, a hyperlink, a run holding
# more than text (a tab, a break, a field, a w:t holding more than one text node). No sign is a w:tc element, so
# a w:tc where none belongs (inside a run) is never taken for one of the row's cells. One evaluation a row, in C; a cell with a sign is
# read by python-docx's own oxml code instead, the rest from their text, where reading every run through
# python-docx's objects took several Python objects a run.
_ROW = etree.XPath(
    "./w:tc | ./w:tc/w:p/w:r/w:t/text()"
    " | ./w:tc/w:tcPr[w:gridSpan or w:vMerge] | ./w:tc/w:p[2] | ./w:tc/w:p/w:hyperlink"
    " | ./w:tc/w:p/w:r[*[not(self::w:rPr or self::w:t[not(node()[2] or node()[1][not(self::text())])])]]",
    namespaces=_W,
    smart_strings=False,
)
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
    texts_of: dict[CT_Tc, str] = {}
    above: list[CT_Tc] = []
    starts_above: dict[CT_Tc, CT_Tc] = {}  # a merged cell of the row above -> the cell it stands for
    previous: CT_Row | None = None
    for number, row in enumerate(element.iterchildren(_TR), start=1):
        elements: list[CT_Tc] = []
        texts: list[str] = []
        starts: dict[CT_Tc, CT_Tc] = {}
        cells: list[CT_Tc] = []
        pieces: list[list[str] | None] = []  # per cell, its text pieces, or None for python-docx's code to read
        current: list[str] | None = None
        for item in _ROW(row):
            if isinstance(item, CT_Tc):
                current = []
                cells.append(item)
                pieces.append(current)
            elif isinstance(item, str):
                if current is not None:
                    current.append(item)
            else:
                current = pieces[-1] = None
        for tc, text in zip(cells, pieces):
            if text is None:
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
