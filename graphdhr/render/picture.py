"""The network and the timeline of the chair's view, drawn as PNG pictures for the Word briefing, without a browser.

Both are drawn from the view's own data (`graphdhr.render.html.view_data`): the network at the positions
`graphdhr.render.layout` gave the page, the timeline from the same lanes, rows and key events the page's script
draws. One layout, two drawings, so that the picture and the view agree. The pictures show the case as at the end of
its chronology (the view's date slider at its last day): every ring, each agency's last state.

Colour is never the only signal: people, agencies and forums differ in shape, the two rings in pattern (solid,
dashed), the agency states in fill (hollow, solid, white centre, white centre with a dark dot), the kinds of
timeline row in shape.

Deterministic: a fixed font (Pillow's bundled one, so a fresh machine has it), fixed sizes, drawing in the order of
the view's data, and no time or software version in the file; the same case gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from graphdhr.render.document import Figure
from graphdhr.report import Report

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

    Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# Printed on a landscape A4 page inside 20 mm margins, below a heading and above a caption.
DPI = 200
WIDTH_MM = 256.0  # 257 mm of room, less a rounding of Word's units
HEIGHT_MM = 145.0


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


SIZE = (_px(WIDTH_MM), _px(HEIGHT_MM))
PNG_COMPRESSION = 3  # for these drawings as quick as zlib's quickest level and within a twentieth of its default's size
WHITE = "#ffffff"
INK = "#212121"
GREY = "#616161"
CONTACT_LINE = "#b8c1ca"

# Pillow is imported only when a picture is drawn, so that the text report does not pay for it at start-up.
_fonts: dict[int, Font] = {}


def _font(size: int) -> Font:
    """Pillow's bundled font at `size` pixels: the same glyphs on every machine that has Pillow."""
    from PIL import ImageFont

    if size not in _fonts:
        _fonts[size] = ImageFont.load_default(size=size)
    return _fonts[size]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _tint(colour: str, amount: float) -> tuple[int, int, int]:
    """`colour` mixed with white: `amount` 1 is the colour, 0 white (a light fill that prints as light)."""
    return tuple(round(255 - (255 - c) * amount) for c in _rgb(colour))  # type: ignore[return-value]


def _png(image: Image.Image) -> bytes:
    """The picture as PNG with its print resolution: full colour (a palette of 256 would tint the paper or cost
    more time than it saves), at a quick compression level, since writing is most of the time a picture takes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), compress_level=PNG_COMPRESSION)
    return buffer.getvalue()


def _dashed_circle(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: str, width: int) -> None:
    for start in range(0, 360, 30):
        draw.arc((cx - r, cy - r, cx + r, cy + r), start, start + 18, fill=colour, width=width)


def _arrow(draw: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], colour: str, width: int,
           head: float) -> None:
    """A line from a to b with a filled head at b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    base = (b[0] - ux * head, b[1] - uy * head)
    draw.line((a, base), fill=colour, width=width)
    draw.polygon([b, (base[0] - uy * head * 0.5, base[1] + ux * head * 0.5),
                  (base[0] + uy * head * 0.5, base[1] - ux * head * 0.5)], fill=colour)


def _wrap(text: str, font: Font, width: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines no wider than `width`; what does not fit ends in an ellipsis."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and font.getlength(line + " " + words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words and out:
        last = out[-1]
        while last and font.getlength(last + "\u2026") > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "\u2026"
    return out


# -- the network ------------------------------------------------------------------------------------------------

def _agency_states(data: Mapping[str, Any]) -> dict[str, str]:
    """Each agency's state at the chronology's end, as the view's slider at its last day shows it: knew nothing,
    knew and had not passed all of it on, may have passed on all it knew (a share whose order against what it knew
    cannot be known), or had passed on all it knew."""
    known: dict[str, list[tuple[bool, bool]]] = {}  # per line: passed on at all, passed on certainly
    for k in data["knowledge"]:
        known.setdefault(k["agency"], []).append((bool(k["passed"]), any(not p["may"] for p in k["passed"])))
    return {a: ("knew" if not all(p for p, _ in lines) else "shared" if all(c for _, c in lines)
                else "maybe_shared") for a, lines in known.items()}


def _node_radius(node: Mapping[str, Any], many: bool = False) -> float:
    if node["kind"] in ("agency", "forum"):
        return 11.0
    return 10.0 if _anchored(node) else (4.0 if many else 7.0)


def _anchored(node: Mapping[str, Any]) -> bool:
    return node.get("role") in ("victim", "perpetrator")


def _labelled(node: Mapping[str, Any], many: bool) -> bool:
    """Whether the picture names the node: in a large network, as in the view, only agencies, forums, victims and
    perpetrators are named (the view names the other people when zoomed in; a picture cannot zoom)."""
    return not many or node["kind"] != "person" or _anchored(node)


def network_png(data: Mapping[str, Any]) -> bytes:
    """The view's network as a PNG of `SIZE` pixels at `DPI`: the nodes where the view puts them, labels as the
    view writes them (an agency's short name where the case gives one), contact lines, arrows for referrals and
    shares, the rings of the findings, and a legend."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    colours = data["colours"]
    legend_w = 500
    pad = 30
    title = _font(30)
    draw.text((pad, pad - 6), "Network: who was in contact with whom, and who passed on what", font=title, fill=INK)
    top = pad + 44
    area = (pad, top, SIZE[0] - legend_w - pad, SIZE[1] - pad)

    nodes = list(data["nodes"])
    by_id = {n["id"]: n for n in nodes}
    many = len(nodes) > data["many_nodes"]
    labels = {n["id"]: n["label"] if _labelled(n, many) else [] for n in nodes}
    # The box the view's drawing takes, labels included (about 7 px a character at the view's 11 px font).
    min_x = min(n["x"] - 16 for n in nodes)
    min_y = min(n["y"] - 16 - 7 * len(labels[n["id"]]) for n in nodes)
    max_x = max(n["x"] + 15 + 7 * max((len(line) for line in labels[n["id"]]), default=0) for n in nodes)
    max_y = max(n["y"] + 16 + 7 * len(labels[n["id"]]) for n in nodes)
    scale = min((area[2] - area[0]) / max(max_x - min_x, 1), (area[3] - area[1]) / max(max_y - min_y, 1))
    off_x = area[0] + ((area[2] - area[0]) - (max_x - min_x) * scale) / 2 - min_x * scale
    off_y = area[1] + ((area[3] - area[1]) - (max_y - min_y) * scale) / 2 - min_y * scale

    def at(n: Mapping[str, Any]) -> tuple[float, float]:
        return n["x"] * scale + off_x, n["y"] * scale + off_y

    # Pillow's font is narrower than the 7 px a character the layout leaves room for at 11 px (about 0.5 of its
    # size a character), so labels can be drawn larger than the view's, and print at about 6 pt.
    label_size = max(14, min(28, round(13.5 * scale)))
    unit = max(scale, 1.2)  # node sizes do not shrink below legibility in a large network
    label_font = _font(label_size)

    for e in data["edges"]:
        a, b = by_id[e["s"]], by_id[e["t"]]
        pa, pb = at(a), at(b)
        if e["kind"] == "contact":
            draw.line((pa, pb), fill=CONTACT_LINE, width=max(1, round(min(0.5 + math.log(e["n"]) * 0.8, 4) * unit)))
    for e in data["edges"]:
        if e["kind"] != "contact":
            a, b = by_id[e["s"]], by_id[e["t"]]
            pa, pb = at(a), at(b)
            cut = (_node_radius(b) + 4) * unit
            length = math.hypot(pb[0] - pa[0], pb[1] - pa[1]) or 1.0
            end = (pb[0] - (pb[0] - pa[0]) / length * cut, pb[1] - (pb[1] - pa[1]) / length * cut)
            _arrow(draw, pa, end, colours["flow"], max(2, round(min(1.8 + math.log(e["n"]), 5) * unit)), 9 * unit)

    states = _agency_states(data)
    # The victim and perpetrator last, so that no agency hides them.
    nodes.sort(key=_anchored)
    for n in nodes:
        x, y = at(n)
        r = _node_radius(n, many) * unit
        if n["kind"] == "forum":
            d = r * 1.3
            draw.polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)], fill=colours["forum"])
        elif n["kind"] == "person":
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colours["roles"].get(n.get("role"), "#78909c"))
        else:
            _agency_mark(draw, x, y, r, states.get(n["key"], "none"), colours)
            if n.get("ring"):
                rr = r + 5 * unit
                ring_colour = colours["rings"][n["ring"]]
                if n["ring"] == "silo":
                    draw.ellipse((x - rr, y - rr, x + rr, y + rr), outline=ring_colour, width=round(3 * unit))
                else:
                    _dashed_circle(draw, x, y, rr, ring_colour, round(3 * unit))
    for n in nodes:
        x, y = at(n)
        r = _node_radius(n, many) * unit
        lines = labels[n["id"]]
        line_h = label_size * 1.15
        top_y = y - line_h * len(lines) / 2
        for i, line in enumerate(lines):
            # A white halo keeps a label readable where lines cross it.
            draw.text((x + r + 5 * unit + (4 if n.get("ring") else 0), top_y + i * line_h), line, font=label_font,
                      fill=INK, stroke_width=3, stroke_fill=WHITE)

    linked = {e["s"] for e in data["edges"]} | {e["t"] for e in data["edges"]}
    loose = [at(n)[1] for n in nodes if n["id"] not in linked]
    if loose:  # the layout puts them in rows under the network, as the view does
        draw.text((pad, min(loose) - label_size * 2.6), "No contact or share recorded:", font=label_font, fill=GREY)
    _network_legend(draw, (SIZE[0] - legend_w, top, SIZE[0] - pad, SIZE[1] - pad), data)
    return _png(image)


def _agency_mark(draw: ImageDraw.ImageDraw, x: float, y: float, r: float, state: str,
                 colours: Mapping[str, Any]) -> None:
    """An agency: hollow when it knew nothing, solid when it knew and had not passed all of it on, solid with a
    white centre when it had passed on all it knew, and a dark dot in that centre when it may have (the view's
    fills, told apart without colour too)."""
    colour = colours["states"][state]
    if state == "none":
        draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE, outline=GREY, width=max(2, round(r / 4)))
        return
    draw.ellipse((x - r, y - r, x + r, y + r), fill=colour, outline=GREY, width=1)
    if state in ("shared", "maybe_shared"):
        c = r * 0.35
        draw.ellipse((x - c, y - c, x + c, y + c), fill=WHITE)
    if state == "maybe_shared":
        c = r * 0.15
        draw.ellipse((x - c, y - c, x + c, y + c), fill=INK)


def _network_legend(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], data: Mapping[str, Any]) -> None:
    from graphdhr.render.html import KNOWLEDGE_STATES, RINGS  # the view's words, so picture and view agree

    colours = data["colours"]
    font = _font(21)
    x0, y = box[0] + 10, box[1]
    draw.rectangle(box, outline="#9e9e9e", width=2)
    draw.text((x0 + 8, y + 10), "Key", font=_font(26), fill=INK)
    y += 54
    step = 46
    roles = sorted({n.get("role") for n in data["nodes"] if n["kind"] == "person"},
                   key=lambda r: ("victim", "perpetrator", "child", "family", "other").index(r)
                   if r in ("victim", "perpetrator", "child", "family", "other") else 9)
    cx = x0 + 30

    def entry(text: str, most: int = 2) -> None:
        nonlocal y
        lines = _wrap(text, font, box[2] - cx - 40, most)
        for i, line in enumerate(lines):
            draw.text((cx + 32, y - 12 + i * 24 - (len(lines) - 1) * 12), line, font=font, fill=INK)
        y += step + (len(lines) - 1) * 20

    for role in roles:
        r = 14 if role in ("victim", "perpetrator") else 10
        draw.ellipse((cx - r, y - r, cx + r, y + r), fill=colours["roles"].get(role, "#78909c"))
        entry(f"person: {str(role).replace('_', ' ')}")
    for state, words in (("none", "agency that knew nothing of the relationship or abuse (hollow)"),
                         ("knew", "agency that knew and had not passed it all on (solid)"),
                         ("shared", "agency that had passed on all it knew (white centre)")):
        _agency_mark(draw, cx, y, 14, state, colours)
        entry(words)
    if "maybe_shared" in _agency_states(data).values():
        words = f"agency that {KNOWLEDGE_STATES['maybe_shared'][1]}"
        y += (len(_wrap(words, font, box[2] - cx - 40, 5)) - 1) * 12  # room above for its lines, centred on the mark
        _agency_mark(draw, cx, y, 14, "maybe_shared", colours)
        entry(words, 5)
    if any(n["kind"] == "forum" for n in data["nodes"]):
        draw.polygon([(cx, y - 17), (cx + 17, y), (cx, y + 17), (cx - 17, y)], fill=colours["forum"])
        entry("forum (MARAC, MAPPA, ...) (diamond)")
    draw.ellipse((cx - 12, y - 12, cx + 12, y + 12), fill=WHITE, outline=GREY, width=3)
    draw.ellipse((cx - 19, y - 19, cx + 19, y + 19), outline=colours["rings"]["silo"], width=4)
    entry(f"solid ring: {RINGS['silo'][1]}")
    draw.ellipse((cx - 12, y - 12, cx + 12, y + 12), fill=WHITE, outline=GREY, width=3)
    _dashed_circle(draw, cx, y, 19, colours["rings"]["never_told"], 4)
    entry(f"dashed ring: {RINGS['never_told'][1]}")
    draw.line(((cx - 22, y), (cx + 22, y)), fill=CONTACT_LINE, width=4)
    entry("thin grey line: rows about a person (thicker: more rows)")
    _arrow(draw, (cx - 22, y), (cx + 22, y), colours["flow"], 5, 14)
    entry("arrow: a referral or share to an agency or forum")


# -- the timeline -----------------------------------------------------------------------------------------------

def _day(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


KEY_RULE = "#4e342e"


def _dashed_rule(draw: ImageDraw.ImageDraw, x: float, y0: float, y1: float, colour: str) -> None:
    """A key event's rule down the lanes: dashed, so that it is not read as a referral's line."""
    y = y0
    while y < y1:
        draw.line(((x, y), (x, min(y + 10, y1))), fill=colour, width=2)
        y += 16


# Not strftime's, which follows the machine's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KEY_PRIORITY = ("death", "relationship", "separation", "marac", "recall", "release", "arrest")


def _ticks(d0: int, d1: int) -> list[tuple[int, str, bool]]:
    """(day, label, major) for the span: years, with months (labelled by quarter) when the span is short."""
    first, last = dt.date.fromordinal(d0), dt.date.fromordinal(d1)
    out: list[tuple[int, str, bool]] = []
    months = (last.year - first.year) * 12 + last.month - first.month
    for year in range(first.year, last.year + 2):
        for month in range(1, 13):
            day = dt.date(year, month, 1).toordinal()
            if not d0 <= day <= d1:
                continue
            if month == 1:
                out.append((day, str(year), True))
            elif months <= 48:
                out.append((day, MONTHS[month - 1] if months <= 18 or month in (4, 7, 10) else "", False))
    return out


def timeline_png(data: Mapping[str, Any]) -> bytes:
    """The view's timeline as a PNG of `SIZE` pixels at `DPI`: a lane per person the review is about, then lanes
    per agency grouped by sector; the key events named above and ruled down the lanes; each row marked by its kind
    (the view's shapes and colours), a row known only to a month or a year as a bar (a light thin one for a year),
    referrals and shares as a line to the lane that received them; and a legend."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    colours = data["colours"]["categories"]
    pad = 30
    draw.text((pad, pad - 6), "Timeline: the people, then each agency by sector", font=_font(30), fill=INK)
    left, right = 470, SIZE[0] - pad
    d0, d1 = _day(data["span"]["from"]), _day(data["span"]["to"]) + 1

    def x(day: float) -> float:
        return left + (day - d0) / max(d1 - d0, 1) * (right - left)

    # Key events: labels in up to six rows, each placed where it overlaps none; the rest are ruled only.
    key_font = _font(19)
    key_top, key_row = pad + 48, 24
    rows_used: list[list[tuple[float, float]]] = [[] for _row in range(6)]
    placed: list[tuple[Mapping[str, Any], float, int, float]] = []
    keys = sorted(data["key_events"], key=lambda k: (KEY_PRIORITY.index(k["kind"]) if k["kind"] in KEY_PRIORITY
                                                     else len(KEY_PRIORITY), k["start"], k["label"]))
    for k in keys:
        kx = x((_day(k["start"]) + _day(k["end"]) + 1) / 2)
        text = f"{k['label']} ({k['date']})"
        width = key_font.getlength(text) + 6
        # To the right of its rule, else to its left, in the first row where it overlaps nothing.
        row, start = -1, 0.0
        for r, taken in enumerate(rows_used):
            sides = [kx + 4] if kx + 4 + width <= right else []
            sides += [kx - 4 - width] if kx - 4 - width >= left else []
            for begin in sides or [float(right - width)]:
                if all(begin + width + 10 < a or begin > b + 10 for a, b in taken):
                    row, start = r, begin
                    break
            if row >= 0:
                taken.append((start, start + width))
                break
        placed.append((k, kx, row, start))
    used = max([row + 1 for _k, _x, row, _s in placed] + [1])
    axis_y = key_top + used * key_row + 8
    legend_h = 120
    top = axis_y + 34

    lanes: list[tuple[str, str, str]] = []  # (kind, id or title, label)
    people = data["people"]
    if data["person_lanes"]:
        lanes.append(("group", "People", "People"))
        lanes += [("person", p, f"{people[p]['name']} ({people[p]['role'].replace('_', ' ')})")
                  for p in data["person_lanes"]]
    # A lane is labelled by the agency's short name where the case gives one, as the network is.
    names = {**{a: v["short"] for a, v in data["agencies"].items()},
             **{f: v["name"] for f, v in data["forums"].items()}}
    for group in data["lane_groups"]:
        lanes.append(("group", group["title"], group["title"]))
        lanes += [("agency", a, names.get(a, a)) for a in group["lanes"]]
    groups = sum(1 for kind, _i, _l in lanes if kind == "group")
    room = SIZE[1] - pad - legend_h - top
    lane_h = min(40.0, room / max(len(lanes) - groups * 0.4, 1))
    group_h = lane_h * 0.6
    label_font = _font(max(12, min(21, round(lane_h * 0.62))))
    group_font = _font(max(12, min(21, round(lane_h * 0.62))))

    lane_y: dict[str, float] = {}
    person_y: dict[str, float] = {}
    y = float(top)
    tor0 = max(x(_day(data["tor"]["from"])), left)
    tor1 = min(x(_day(data["tor"]["to"]) + 1), right)
    bottom = top + sum(group_h if kind == "group" else lane_h for kind, _i, _l in lanes)
    if tor1 > tor0:
        draw.rectangle((tor0, top - 4, tor1, bottom), fill=_tint("#fff59d", 0.35))
    stripe = 0
    for kind, ident, label in lanes:
        if kind == "group":
            stripe = 0
            draw.line(((pad, y), (right, y)), fill="#9e9e9e", width=2)
            draw.text((pad, y + 2), label, font=group_font, fill=GREY)
            y += group_h
            continue
        if stripe % 2:
            draw.rectangle((pad, y, right, y + lane_h), fill="#f3f3f3")
        stripe += 1
        shown = _wrap(label, label_font, left - pad - 40, 1)
        draw.text((left - 12, y + lane_h / 2), shown[0] if shown else "", font=label_font,
                  fill=INK, anchor="rm")
        (person_y if kind == "person" else lane_y)[ident] = y + lane_h / 2
        y += lane_h

    tick_font = _font(19)
    for day, label, major in _ticks(d0, d1):
        tx = x(day)
        draw.line(((tx, axis_y), (tx, bottom)), fill="#9e9e9e" if major else "#dddddd", width=2 if major else 1)
        if label:
            draw.text((tx + 4, axis_y + 4), label, font=tick_font, fill=INK if major else GREY)

    for _k, kx, row, _start in placed:
        _dashed_rule(draw, kx, key_top + max(row, 0) * key_row + 20, bottom, KEY_RULE)
    for k, _kx, row, start in placed:  # over the rules, with a white halo where one crosses a label
        if row >= 0:
            draw.text((start, key_top + row * key_row), f"{k['label']} ({k['date']})", font=key_font, fill=INK,
                      stroke_width=3, stroke_fill=WHITE)

    size = max(4.0, lane_h * 0.2)
    events = [e for e in data["events"] if e["agency"] in lane_y]
    for e in events:  # referrals and shares first, under the marks
        sx = x((_day(e["start"]) + _day(e["end"]) + 1) / 2)
        for t in e["to"]:
            if t in lane_y:
                draw.line(((sx, lane_y[e["agency"]]), (sx, lane_y[t])), fill=_tint(colours[e["cat"]], 0.45), width=1)
                draw.ellipse((sx - 3, lane_y[t] - 3, sx + 3, lane_y[t] + 3), fill=colours[e["cat"]])
    # The view's layers: contacts under other rows, rows with a range under rows with a day.
    for layer in range(4):
        for e in events:
            if (0 if e["cat"] == "contact" else 2) + (1 if e["precision"] == "day" else 0) != layer:
                continue
            ys = [lane_y[e["agency"]]] + [person_y[p] for p in e["subjects"] if p in person_y]
            for mark_y in ys:
                _timeline_mark(draw, e, mark_y, x, size, colours[e["cat"]], lane_h)
                if e.get("risk"):
                    sx = x((_day(e["start"]) + _day(e["end"]) + 1) / 2)
                    draw.text((sx + size + 3, mark_y - size - 12), str(e["risk"])[:1].upper(), font=_font(16), fill=INK)

    _timeline_legend(draw, (pad, SIZE[1] - pad - legend_h + 16, SIZE[0] - pad, SIZE[1] - pad), data)
    return _png(image)


def _timeline_mark(draw: ImageDraw.ImageDraw, e: Mapping[str, Any], y: float, x: Callable[[float], float],
                   size: float, colour: str, lane_h: float) -> None:
    """One row on a lane, as the view marks it: a shape by kind for a row known to the day, a bar across the
    range otherwise, light and thin when the range is longer than two months (a year-only row)."""
    s0, s1 = _day(e["start"]), _day(e["end"]) + 1
    if e["precision"] != "day":
        long = s1 - s0 > 62
        half = max(2.0, lane_h * (0.12 if long else 0.22))
        xa, xb = x(s0), max(x(s1), x(s0) + 4)
        draw.rectangle((xa, y - half, xb, y + half), fill=_tint(colour, 0.12 if long else 0.35),
                       outline=_tint(colour, 0.5 if long else 1.0), width=1)
        return
    _shape(draw, e["cat"], x(s0 + 0.5), y, size, colour)


def _shape(draw: ImageDraw.ImageDraw, cat: str, mx: float, y: float, size: float, colour: str) -> None:
    """The view's mark for a kind of row: a diamond for a risk assessment, a triangle for a referral, a square for
    a share, a ring for a disclosure, a cross for the fatal incident, a dot (small for a contact) otherwise."""
    s = size
    if cat == "risk":
        draw.polygon([(mx, y - s * 1.4), (mx + s * 1.4, y), (mx, y + s * 1.4), (mx - s * 1.4, y)], fill=colour)
    elif cat == "referral":
        draw.polygon([(mx - s, y - s * 1.2), (mx + s * 1.3, y), (mx - s, y + s * 1.2)], fill=colour)
    elif cat == "share":
        draw.rectangle((mx - s, y - s, mx + s, y + s), fill=colour)
    elif cat == "disclosure":
        draw.ellipse((mx - s, y - s, mx + s, y + s), fill=WHITE, outline=colour, width=max(2, round(s / 2)))
    elif cat == "fatal":
        w = max(3, round(s / 2))
        draw.line(((mx - s * 1.3, y - s * 1.3), (mx + s * 1.3, y + s * 1.3)), fill=colour, width=w)
        draw.line(((mx - s * 1.3, y + s * 1.3), (mx + s * 1.3, y - s * 1.3)), fill=colour, width=w)
    else:
        r = s * (0.8 if cat == "contact" else 1.1)
        draw.ellipse((mx - r, y - r, mx + r, y + r), fill=colour)


def _timeline_legend(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], data: Mapping[str, Any]) -> None:
    colours = data["colours"]["categories"]
    font = _font(19)
    entries = (("contact", "contact, appointment"), ("incident", "incident, arrest, custody, release"),
               ("disclosure", "disclosure"), ("risk", "risk assessment (S, M, H: its grade)"),
               ("referral", "referral"), ("share", "information share"), ("fatal", "fatal incident"))
    col_w = (box[2] - box[0]) / 4
    for i, (cat, words) in enumerate(entries):
        cx, cy = box[0] + (i % 4) * col_w + 16, box[1] + 14 + (i // 4) * 34
        _shape(draw, cat, cx, cy, 8, colours[cat])
        draw.text((cx + 24, cy), words, font=font, fill=INK, anchor="lm")
    cx, cy = box[0] + 3 * col_w + 16, box[1] + 14 + 34
    draw.rectangle((cx - 14, cy - 3, cx + 14, cy + 3), fill=_tint(colours["contact"], 0.12),
                   outline=_tint(colours["contact"], 0.5))
    draw.text((cx + 24, cy), "light bar: known only to its year", font=font, fill=INK, anchor="lm")
    cy += 34
    _dashed_rule(draw, box[0] + 16, cy - 14, cy + 14, KEY_RULE)
    draw.text((box[0] + 40, cy), "dashed rule: a key event, named above the lanes;  darker bar: a row known to its "
              "month;  thin line between lanes: a referral or share;  yellow band: the terms of reference",
              font=font, fill=INK, anchor="lm")



def figures(report: Report) -> list[Figure]:
    """The network and the timeline as two figures of a Word document, drawn only when the document is written,
    from one computation of the view's data (imported then too: a text report never pays for the view's code)."""
    cached: list[Mapping[str, Any]] = []

    def data() -> Mapping[str, Any]:
        if not cached:
            from graphdhr.render.html import view_data

            cached.append(view_data(report))
        return cached[0]

    return [
        Figure("The network", "People, agencies and forums as the chair's view places them, as at the end of the "
               "chronology: a line for each agency's rows about a person, an arrow for each referral or share, a "
               "ring for each agency that never passed on what it knew (solid) or was never told (dashed).",
               lambda: network_png(data()), WIDTH_MM),
        Figure("The timeline", "The chronology's rows by whom they are about and by agency, with the key events "
               "named; the table \"Timeline of key events\" lists the same turns as text.",
               lambda: timeline_png(data()), WIDTH_MM),
    ]
