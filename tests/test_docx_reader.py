"""The Word table reader reads what python-docx's Table, _Row and _Cell objects give, from their XML directly.

`_through_objects` is the reader as it was written against python-docx's object model (row.cells, cell.text,
document.iter_inner_content): the reference. The reader in loaders/chronology_docx.py must give the same tables,
rows, cell text, merged spans, notes and errors on the messy-files corpus, on hand-made documents with every
construct of a Word table the reference has a reading for, and on generated mutations of their XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from casekit import write_case
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_readers import _messy_corpus

from graphdhr.errors import CaseInputError
from graphdhr.loaders._table import Table, TableRow, id_stem
from graphdhr.loaders.chronology_docx import docx_tables


def _through_objects(path: Path, display: str) -> list[Table]:
    """The reference: the reader as written against python-docx's objects (its first version)."""
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


def _outcome(read: Callable[[Path, str], list[Table]], path: Path) -> object:
    """What a reader gives for the file: its tables, or the type and words of what it raised."""
    try:
        return read(path, "doc.docx")
    except Exception as exc:  # the comparison is of whatever either raises
        return (type(exc).__name__, str(exc))


def _same_reading(path: Path) -> object:
    expected = _outcome(_through_objects, path)
    assert _outcome(docx_tables, path) == expected
    return expected


# --- hand-made documents -----------------------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_SKELETON = io.BytesIO()
docx.Document().save(_SKELETON)


def _word(path: Path, body: str) -> Path:
    """A document whose body is `body` (WordprocessingML, w: prefix), otherwise as python-docx writes one."""
    with zipfile.ZipFile(io.BytesIO(_SKELETON.getvalue())) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                data = (text[:start] + body + text[text.index("<w:sectPr", start):]).encode("utf-8")
            target.writestr(info, data)
    return path


def p(*runs: str, props: str = "") -> str:
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def r(*content: str, props: str = "") -> str:
    return f"<w:r>{props}{''.join(content)}</w:r>"


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{text}</w:t>'


def tc(*paragraphs: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{''.join(rows)}</w:tbl>"


def plain(*texts: str) -> str:
    return tr(*(tc(p(r(t(x)))) for x in texts))


HEADER = ("Date", "Agency", "Subjects", "Event type", "Details", "Source ref")
ROW = ("2014-01-10", "police", "vic", "contact", "Seen", "p1")
SPAN2 = '<w:gridSpan w:val="2"/>'
RESTART, CONTINUE = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"

DOCUMENTS: dict[str, str] = {
    "two tables with headings, a repeated header": (
        p(r(t("Testshire Police")), props='<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>')
        + tbl(plain(*HEADER), plain(*ROW), plain(*HEADER), plain(*ROW))
        + p() + p(r(t("  Test GP  "))) + tbl(plain(*HEADER), plain(*ROW))
    ),
    "a heading on a paragraph before the previous table's heading, and an empty paragraph between": (
        p(r(t("Not this"))) + p(r(t("This"))) + p(r(t("   "))) + tbl(plain(*ROW)) + tbl(plain(*ROW))
    ),
    "cells of several paragraphs, line breaks, tabs and hyphens": tbl(
        plain(*HEADER),
        tr(tc(p(r(t("2014-01-10")))), tc(p(r(t("police")))), tc(p(r(t("vic"))), p(r(t("per")))),
           tc(p(r(t("contact"), "<w:tab/>", t("visit")))),
           tc(p(r(t("Seen"), "<w:br/>", t("at home"), "<w:cr/>", t("again"))), p(), p(r(t("Advice"), "<w:ptab/>"))),
           tc(p(r(t("p"), "<w:noBreakHyphen/>", t("1"), '<w:br w:type="page"/>', '<w:br w:type="column"/>')))),
    ),
    "hyperlinks, several runs and run properties": tbl(
        tr(tc(p(r(t("Se"), props="<w:rPr><w:b/></w:rPr>"), r(t("en ")),
                '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships">' + r(t("link")) + r("<w:tab/>") + "</w:hyperlink>")),
           tc(p(r(t("a")), "<w:proofErr w:type=\"spellStart\"/>", r(t("b")), '<w:bookmarkStart w:id="0" w:name="x"/>'))),
    ),
    "tracked changes, hidden text, fields and comments": tbl(
        tr(tc(p(r(t("kept ")), '<w:del w:id="1" w:author="a"><w:r><w:delText>deleted</w:delText></w:r></w:del>',
                '<w:ins w:id="2" w:author="a">' + r(t("inserted")) + "</w:ins>")),
           tc(p(r(t("hidden"), props="<w:rPr><w:vanish/></w:rPr>"), r(t(" shown")))),
           tc(p(r('<w:fldChar w:fldCharType="begin"/>'), r('<w:instrText xml:space="preserve"> DATE </w:instrText>'),
                r('<w:fldChar w:fldCharType="separate"/>'), r(t("1/1/2014")), r('<w:fldChar w:fldCharType="end"/>'))),
           tc(p(r("<w:t>a<!-- a comment -->b</w:t>"), r("<w:t><!-- first -->c</w:t>"), r("<w:t/>"), r(t(" "))))),
    ),
    "merged across columns": tbl(
        plain(*HEADER[:4]),
        tr(tc(p(r(t("Title across"))), props=SPAN2), tc(p(r(t("c")))), tc(p(r(t("d"))))),
        tr(tc(p(r(t("a")))), tc(p(r(t("three wide"))), props='<w:gridSpan w:val="3"/>')),
        tr(tc(p(r(t("")))), tc(p(), props=SPAN2), tc()),
    ),
    "merged down rows, from a restart or from a plain cell, and over a span": tbl(
        plain(*HEADER[:4]),
        tr(tc(p(r(t("2014-02-03"))), props=RESTART), tc(p(r(t("x")))), tc(p(r(t("wide"))), props=SPAN2)),
        tr(tc(props=CONTINUE), tc(p(r(t("y")))), tc(props=SPAN2 + CONTINUE)),
        tr(tc(props=CONTINUE), tc(p(r(t("ignored text under a continuation")))), tc(props=SPAN2 + CONTINUE)),
        tr(tc(props='<w:vMerge w:val="continue"/>'), tc(props=CONTINUE), tc(props=SPAN2)),
        tr(tc(props=RESTART), tc(props='<w:vMerge w:val="unknown"/>'), tc(p(r(t("z"))))),
        tr(tc(props=CONTINUE), tc(props=CONTINUE), tc(props=CONTINUE)),
    ),
    "rows starting late, ending early, of different lengths": tbl(
        plain(*HEADER[:4]),
        tr(tc(p(r(t("b")))), tc(p(r(t("c")))), props='<w:gridBefore w:val="1"/>'),
        tr(tc(props=CONTINUE), tc(props=CONTINUE), props='<w:gridBefore w:val="1"/><w:gridAfter w:val="1"/>'),
        plain("only"), plain(*HEADER[:4], "extra"),
    ),
    "nested tables, text boxes and content controls": (
        '<w:sdt><w:sdtContent>' + tbl(plain("in a content control")) + "</w:sdtContent></w:sdt>"
        + p(r('<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
              '<w:txbxContent>' + p(r(t("text box heading"))) + tbl(plain("table in a text box"))
              + "</w:txbxContent></wp:inline></w:drawing>"), r(t("Heading with a box")))
        + tbl(tr(tc(p(r(t("outer"))), tbl(plain("nested", "table")), p(r(t("after")))), tc(tbl(plain("only nested")))),
              tr(tc(p(r(t("second")))), tc('<w:sdt><w:sdtContent>' + p(r(t("control"))) + "</w:sdtContent></w:sdt>")),
              "<w:customXml>" + plain("row in custom XML") + "</w:customXml>")
    ),
    "empty tables and a table of blank cells": tbl() + tbl(tr()) + tbl(plain(" ", "")) + p(r(t("Last"))) + tbl(plain(*ROW)),
    "no table with text": tbl(plain("", "")),
    "no table": p(r(t("Just words"))),
    "a continuation on the first row": tbl(tr(tc(props=CONTINUE), tc(p(r(t("x")))))),
    "a continuation with no cell at its place above": tbl(
        tr(tc(p(r(t("a"))), props=SPAN2), tc(p(r(t("b"))))), tr(tc(p(r(t("c")))), tc(props=CONTINUE), tc())
    ),
    "a span that is not a number": tbl(plain("a"), tr(tc(p(r(t("b"))), props='<w:gridSpan w:val="two"/>'))),
    "a span without a value": tbl(plain("a"), tr(tc(p(r(t("b"))), props="<w:gridSpan/>"))),
    "a span of none and a negative span": tbl(
        tr(tc(p(r(t("a"))), props='<w:gridSpan w:val="0"/>'), tc(p(r(t("b"))), props='<w:gridSpan w:val="-2"/>'),
           tc(p(r(t("c")))))),
    "a cell element inside a run, a row element inside a cell": tbl(
        tr(tc(p(r("<w:tc><w:p/></w:tc>", t("a")))), tc(p(r(t("b")))), tc(tr(tc(p(r(t("c")))))))),
    "properties given twice": tbl(
        tr(tc(p(r(t("a"))))),
        tr("<w:tc><w:tcPr/><w:tcPr>" + SPAN2 + CONTINUE + "</w:tcPr>" + p(r(t("b"))) + "</w:tc>", tc(p(r(t("c")))))),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_document_reads_as_through_python_docx_objects(name: str, tmp_path: Path) -> None:
    _same_reading(_word(tmp_path / "doc.docx", DOCUMENTS[name]))


def test_the_hand_made_documents_read_what_python_docx_reads(tmp_path: Path) -> None:
    """The reference's readings of the constructs the documents exist for, so the comparison above compares
    something: joined paragraphs and breaks, merged cells, nested tables and text boxes left out."""
    def read(name: str) -> object:
        return _same_reading(_word(tmp_path / f"{len(list(tmp_path.iterdir()))}.docx", DOCUMENTS[name]))

    text = read("cells of several paragraphs, line breaks, tabs and hyphens")
    assert isinstance(text, list)
    assert text[0].rows[1].cells[2:] == ["vic\nper", "contact\tvisit", "Seen\nat home\nagain\n\nAdvice\t", "p-1"]
    tracked = read("tracked changes, hidden text, fields and comments")
    assert isinstance(tracked, list)
    assert tracked[0].rows[0].cells == ["kept ", "hidden shown", "1/1/2014", "a "]
    merged = read("merged down rows, from a restart or from a plain cell, and over a span")
    assert isinstance(merged, list)
    assert merged[0].rows[2].cells == ["2014-02-03", "y", "wide", "wide"]
    assert merged[0].merged_across == {2: "row 2, columns 3 and 4", 3: "row 3, columns 3 and 4",
                                       4: "row 4, columns 3 and 4", 5: "row 5, columns 3 and 4"}
    assert "doc.docx, table 1: merged cell in column 1 read as '2014-02-03' on row 3" in merged[0].notes
    nested = read("nested tables, text boxes and content controls")
    assert isinstance(nested, list)
    assert [(n.name, n.rows[0].cells) for n in nested] == [("Heading with a box", ["outer\nafter", ""])]
    assert [row.cells for row in nested[0].rows] == [["outer\nafter", ""], ["second", ""]]
    assert read("a continuation on the first row") == ("ValueError", "no tr above topmost tr in w:tbl")


# --- the messy-files corpus and generated mutations --------------------------------------------------------------

@pytest.mark.parametrize("with_problems", [False, True])
def test_the_messy_corpus_reads_as_through_python_docx_objects(tmp_path: Path, with_problems: bool) -> None:
    folder = write_case(tmp_path, [])
    paths = _messy_corpus(folder, with_problems)
    tables = _same_reading(paths["idva"])
    assert isinstance(tables, list) and len(tables) == 1 + with_problems


# Well-formed pieces of table XML, so that the mutants parse and reach the table reading; and the leaves a mutant
# may lose (a text element, an empty element, a whole plain cell), which keeps it well-formed too.
_TOKENS = [
    "<w:tc><w:p/></w:tc>", tr(tc()), "<w:p/>", p(r(t("x"))), r(t("y")), t("z"), "<w:br/>", "<w:tab/>", "<w:cr/>",
    CONTINUE, RESTART, SPAN2, '<w:gridSpan w:val="3"/>', "<w:tcPr/>", f"<w:tcPr>{CONTINUE}</w:tcPr>",
    f"<w:tcPr>{RESTART}</w:tcPr>", f"<w:tcPr>{SPAN2}</w:tcPr>", '<w:trPr><w:gridBefore w:val="1"/></w:trPr>',
    tbl(plain("n")), f"<w:hyperlink>{r(t('h'))}</w:hyperlink>", f"<w:ins>{r(t('i'))}</w:ins>", "<!-- c -->",
]
_LEAF = re.compile(r"<w:t( [^>]*)?>[^<]*</w:t>|<w:\w+( [^>]*)?/>|<w:tc><w:p><w:r><w:t[^>]*>[^<]*</w:t></w:r></w:p></w:tc>")
_SEED = "".join(DOCUMENTS[name] for name in (
    "two tables with headings, a repeated header", "cells of several paragraphs, line breaks, tabs and hyphens",
    "merged down rows, from a restart or from a plain cell, and over a span",
    "rows starting late, ending early, of different lengths", "merged across columns",
))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.floats(0, 1), st.none() | st.sampled_from(_TOKENS)), min_size=1, max_size=8))
def test_mutated_tables_read_as_through_python_docx_objects(
    edits: list[tuple[float, str | None]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Pieces of table XML inserted before any tag, and leaves cut out: merges, spans and cells in odd places."""
    body = _SEED
    for where, token in edits:
        if token is None:
            leaves = list(_LEAF.finditer(body))
            cut = leaves[int(where * (len(leaves) - 1))]
            body = body[:cut.start()] + body[cut.end():]
        else:
            places = [i for i, c in enumerate(body) if c == "<"]
            at = places[int(where * (len(places) - 1))]
            body = body[:at] + token + body[at:]
    _same_reading(_word(tmp_path_factory.mktemp("mutant") / "doc.docx", body))


def test_a_cell_merged_down_a_thousand_rows_reads(tmp_path: Path) -> None:
    """The one reading that differs from the objects': python-docx follows a vertical merge up one row at a time
    by recursion, and past about 900 rows stops with a RecursionError ("cannot read the file"); the XML reading
    follows it row by row."""
    body = tbl(plain(*HEADER[:2]), tr(tc(p(r(t("2014-02-03"))), props=RESTART), tc(p(r(t("r0"))))),
               *(tr(tc(props=CONTINUE), tc(p(r(t(f"r{n}"))))) for n in range(1, 1000)))
    tables = docx_tables(_word(tmp_path / "doc.docx", body), "doc.docx")
    assert [row.cells for row in tables[0].rows[-2:]] == [["2014-02-03", "r998"], ["2014-02-03", "r999"]]
    assert len(tables[0].notes) == 999
    assert tables[0].notes[-1] == "doc.docx, table 1: merged cell in column 1 read as '2014-02-03' on row 1001"
