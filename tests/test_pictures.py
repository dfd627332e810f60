"""The network and the timeline drawn as pictures for the Word briefing (graphdhr.render.picture)."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from casekit import row, write_case
from conftest import EXAMPLE, ROOT
from docx.enum.section import WD_ORIENT
from PIL import Image
from typer.testing import CliRunner

from graphdhr.briefing import build_briefing
from graphdhr.cli import app
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.render.html import view_data
from graphdhr.render.panel import briefing_blocks, render_blocks
from graphdhr.render.picture import DPI, SIZE, network_png, timeline_png
from graphdhr.report import Report, build_report

runner = CliRunner()


@pytest.fixture(scope="module")
def lottie() -> Report:
    case = load_case(EXAMPLE)
    return build_report(EmbeddedEngine([case]), case.case_id)


def _body_order(document: docx.document.Document) -> list[tuple[str, str]]:
    """The document's paragraphs in order as (kind, text): "picture" for one that holds an image."""
    out = []
    for p in document.paragraphs:
        pictures = p._p.xpath(".//pic:pic")
        out.append(("picture", "") if pictures else ("text", p.text))
    return out


def test_the_word_briefing_holds_the_network_and_the_timeline_after_the_summary(tmp_path: Path,
                                                                                 lottie: Report) -> None:
    out = tmp_path / "briefing.docx"
    result = runner.invoke(app, ["report", str(EXAMPLE), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert len(document.inline_shapes) == 2
    order = _body_order(document)
    briefing = build_briefing(lottie)
    summary = order.index(("text", " ".join(briefing.summary)))
    pictures = [i for i, (kind, _t) in enumerate(order) if kind == "picture"]
    first_theme = order.index(("text", briefing.themes[0].title))
    # After the summary and the key findings, before the findings theme by theme, each under its heading.
    assert summary < pictures[0] < pictures[1] < first_theme
    assert [order[i - 1][1] for i in pictures] == ["The network", "The timeline"]
    # Each on a landscape A4 page of its own, the document portrait again after it.
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                            WD_ORIENT.PORTRAIT]
    landscape = document.sections[1]
    assert (round(landscape.page_width.mm), round(landscape.page_height.mm)) == (297, 210)
    room = landscape.page_width - landscape.left_margin - landscape.right_margin
    for shape in document.inline_shapes:
        assert shape.width <= room
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = Image.open(io.BytesIO(document.part.related_parts[blip].blob))
        assert image.format == "PNG" and image.size == SIZE
        assert tuple(round(v) for v in image.info["dpi"]) == (DPI, DPI)
    # The searchable table of key events is kept.
    assert "Timeline of key events" in [p.text for p in document.paragraphs]


def test_the_pictures_show_the_view_layout_and_its_rings(lottie: Report) -> None:
    data = view_data(lottie)
    image = Image.open(io.BytesIO(network_png(data))).convert("RGB")
    # The view's silo ring colour is drawn, and so is the dashed one, around the agencies that carry them.
    colours = {c for _n, c in image.getcolors(1 << 16) or []}
    rings = data["colours"]["rings"]
    for colour in (rings["silo"], rings["never_told"]):
        assert tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) in colours
    assert {n["ring"] for n in data["nodes"] if n["kind"] == "agency"} >= {"silo", "never_told"}
    timeline = Image.open(io.BytesIO(timeline_png(data))).convert("RGB")
    assert timeline.size == SIZE
    # Mostly paper: a drawing, not a block of colour.
    white = timeline.getcolors(1 << 16)
    assert white is not None and max(white)[1] == (255, 255, 255)


_DIGESTS = """
import hashlib, sys
from pathlib import Path
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.render.html import view_data
from graphdhr.render.picture import network_png, timeline_png
from graphdhr.report import build_report
case = load_case(Path(sys.argv[1]))
data = view_data(build_report(EmbeddedEngine([case]), case.case_id))
print(hashlib.sha256(network_png(data)).hexdigest(), hashlib.sha256(timeline_png(data)).hexdigest())
"""


def test_the_same_case_gives_the_same_bytes(tmp_path: Path, lottie: Report) -> None:
    # Two fresh processes (nothing cached between them), and the Word document written twice.
    runs = [subprocess.run([sys.executable, "-c", _DIGESTS, str(EXAMPLE)], capture_output=True, text=True,
                           check=True, cwd=ROOT).stdout for _ in range(2)]
    assert runs[0] == runs[1] and len(runs[0].split()) == 2
    data = view_data(lottie)
    assert runs[0].split() == [hashlib.sha256(network_png(data)).hexdigest(),
                               hashlib.sha256(timeline_png(data)).hexdigest()]
    # python-docx stamps the zip with the time, so the documents' pictures are compared, not their bytes.
    images = []
    for _ in range(2):
        document = docx.Document(io.BytesIO(render_blocks(briefing_blocks(lottie), "docx")))
        images.append([p.blob for p in document.part.related_parts.values() if p.content_type == "image/png"])
    assert len(images[0]) == 2 and images[0] == images[1]
    assert [hashlib.sha256(b).hexdigest() for b in images[0]] == runs[0].split()


def test_text_and_markdown_leave_the_pictures_out(lottie: Report) -> None:
    for fmt in ("text", "markdown"):
        text = str(render_blocks(briefing_blocks(lottie), fmt))
        assert "The network" not in text and "Timeline of key events" in text.replace("TIMELINE OF KEY EVENTS",
                                                                                       "Timeline of key events")


def test_a_small_case_with_awkward_names_draws(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "c", [
        row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse", details="<b>&</b> \u202e"),
        row("2013", "gp", "vic", "appointment"),
        row("2013-03-02", "idva", "vic", "referral", referral_to="marac"),
    ])
    data = view_data(build_report(EmbeddedEngine([load_case(folder)]), "t1"))
    for png in (network_png(data), timeline_png(data)):
        assert Image.open(io.BytesIO(png)).size == SIZE


def test_the_network_picture_draws_may_have_passed_on_as_the_view_does(tmp_path: Path, lottie: Report) -> None:
    """Housing in the chair's case of uncertain dates may have passed on what it knew (the order of its referral
    and the disclosure cannot be known): the picture draws it in the view's state for that, and Lottie's, with no
    such share, never does."""
    from chair_cases import CASES

    from graphdhr.render.picture import _agency_states

    [case] = [c for c in CASES if c.name == "suicide_uncertain_dates"]
    loaded = load_case(case.write(tmp_path))
    data = view_data(build_report(EmbeddedEngine([loaded]), loaded.case_id))
    maybe = data["colours"]["states"]["maybe_shared"]
    rgb = tuple(int(maybe[i:i + 2], 16) for i in (1, 3, 5))

    def drawn(view: dict) -> set[tuple[int, int, int]]:
        image = Image.open(io.BytesIO(network_png(view))).convert("RGB")
        return {c for _n, c in image.getcolors(1 << 16) or []}

    assert _agency_states(data)["housing"] == "maybe_shared" and rgb in drawn(data)
    lottie_data = view_data(lottie)
    assert "maybe_shared" not in _agency_states(lottie_data).values() and rgb not in drawn(lottie_data)
