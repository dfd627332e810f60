"""A document for a panel as a list of blocks (headings, paragraphs, lists, tables), written once and rendered as
plain text, Markdown or Word, so that the three say the same thing in the same order.

Case text in a block is literal: Markdown escapes it, Word strips what XML cannot hold.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphdhr.printable import markdown_text
from graphdhr.render.export import xml_text
from graphdhr.word import a4, repeat_on_each_page

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 the title, 2 a section, 3 an item


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str | None = None  # a bold lead-in: "Standard", "Caveat", ...


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    """A picture on a landscape page of its own, in Word only: text and Markdown leave it out (what it shows is
    in the blocks around it, where it can be searched). `draw` makes the PNG, and runs only when Word is written."""

    title: str
    caption: str
    draw: Callable[[], bytes]
    width_mm: float


Block = Heading | Paragraph | Bullets | TableBlock | Figure


def markdown_escape(text: str) -> str:
    """Case text as literal Markdown on one line."""
    return " ".join(markdown_text(text).split())


def render_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += ["#" * b.level + " " + markdown_escape(b.text), ""]
        elif isinstance(b, Paragraph):
            lead = f"**{markdown_escape(b.label)}:**" if b.label else ""
            out += [" ".join(x for x in (lead, markdown_escape(b.text)) if x), ""]
        elif isinstance(b, Bullets):
            out += [f"- {markdown_escape(i)}" for i in b.items] + [""]
        elif isinstance(b, TableBlock):
            out.append("| " + " | ".join(markdown_escape(c) for c in b.columns) + " |")
            out.append("|" + "|".join("---" for _ in b.columns) + "|")
            out += ["| " + " | ".join(markdown_escape(c) for c in row) + " |" for row in b.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_text(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            text = " ".join(b.text.split())
            if b.level == 1:
                out += [text, "=" * len(text), ""]
            elif b.level == 2:
                out += [text.upper(), ""]
            else:
                out += [text, "-" * len(text), ""]
        elif isinstance(b, Paragraph):
            out += [(f"{b.label}: " if b.label else "") + " ".join(b.text.split()).rstrip() if b.text
                    else f"{b.label}:", ""]
        elif isinstance(b, Bullets):
            out += [f"  - {' '.join(i.split())}" for i in b.items] + [""]
        elif isinstance(b, TableBlock):
            widths = [max(len(c), *(len(r[n]) for r in b.rows)) for n, c in enumerate(b.columns)]
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(b.columns, widths)).rstrip())
            out += ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in b.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _add_figure(document: WordDocument, figure: Figure) -> None:
    """`figure` on a landscape A4 page of its own (a section), then a portrait section for what follows."""
    from docx.enum.section import WD_SECTION
    from docx.shared import Mm

    for wide in (True, False):
        a4(document.add_section(WD_SECTION.NEW_PAGE), landscape=wide)
        if wide:
            document.add_heading(xml_text(figure.title), level=1)
            document.add_picture(io.BytesIO(figure.draw()), width=Mm(figure.width_mm))
            document.add_paragraph(xml_text(figure.caption))


def render_docx(blocks: Sequence[Block], marking: str) -> bytes:
    """A Word document (A4 portrait): `marking` (the sensitivity marking) in every page's header and on the cover,
    the title block first, tables with a bold header row repeated on each page."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    a4(section, landscape=False, margin_mm=20)
    document.styles["Normal"].font.size = Pt(10)
    header = section.header.paragraphs[0]
    header.text = marking
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marked = document.add_paragraph()
    marked.add_run(marking).bold = True
    marked.alignment = WD_ALIGN_PARAGRAPH.CENTER

    style_ids: dict[str, str] = {}

    def styled(text: str, style: str) -> None:
        # python-docx looks a named style up anew for each paragraph, scanning every style of the template; the
        # id is looked up here once per style instead (the same XML; the worked example's briefing without its
        # pictures took 0.22 s of CPU, now 0.09 s).
        if style not in style_ids:
            style_ids[style] = document.styles[style].style_id
        document.add_paragraph(text)._p.style = style_ids[style]

    for b in blocks:
        if isinstance(b, Heading):
            styled(xml_text(" ".join(b.text.split())), f"Heading {b.level - 1}" if b.level > 1 else "Title")
        elif isinstance(b, Paragraph):
            p = document.add_paragraph()
            if b.label:
                p.add_run(xml_text(b.label) + ": ").bold = True
            p.add_run(xml_text(" ".join(b.text.split())))
        elif isinstance(b, Bullets):
            for item in b.items:
                styled(xml_text(" ".join(item.split())), "List Bullet")
        elif isinstance(b, Figure):
            _add_figure(document, b)
        else:
            table = document.add_table(rows=1, cols=len(b.columns))
            table.style = "Table Grid"
            head = table.rows[0]
            repeat_on_each_page(head)
            for cell, name in zip(head.cells, b.columns):
                cell.paragraphs[0].add_run(xml_text(name)).bold = True
            for row in b.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = xml_text(text)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
