"""Word page set-up shared by every document graphdhr writes (the briefing and letters, the combined chronology,
the chronology template): A4 in either orientation, and a table row Word repeats at the top of each page.

Kept apart from the renderers so that `graphdhr init`, which writes a template rather than a report, uses the
same page as the documents a panel reads. python-docx is imported by the callers, never here at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.section import Section
    from docx.table import _Row


def a4(section: Section, landscape: bool, margin_mm: float | None = None) -> None:
    """Make `section` an A4 page, landscape or portrait; with `margin_mm`, every margin that wide."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if margin_mm is not None:
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(margin_mm))


def repeat_on_each_page(row: _Row) -> None:
    """Have Word repeat `row` (a table's header) at the top of every page the table runs onto (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)
