"""Where the HTML view draws each node of a case's network: pure functions of ids, counts and label widths.

The same input gives the same positions (a fixed seed, sorted input, plain arithmetic in a fixed order), so the
same case gives a byte-identical page.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

# A layout of more nodes than this places the people seen by one agency around it instead of in the force layout
# (networkx's spring layout needs scipy from 500 nodes, and the clusters read better).
CORE_MAX = 400
# From this many nodes the page hides people's names until zoomed in (case.js reads it from the data).
MANY_NODES = 300
# The width of one character of a network label (11px sans-serif; DejaVu Sans is among the widest), for the
# layout's room for labels.
LABEL_CHAR_PX = 7.0
# The height of one line of a network label (1.1em of 11px).
LABEL_LINE_PX = 12.5
# The spring layout's seed: the same case, the same drawing.
SEED = 7
# Up to this many connected nodes, a case with a victim or perpetrator is drawn in rings around them (people, then
# agencies grouped by sector, then forums); a larger one is drawn by the force layout, which reads better at scale.
RING_MAX = 120


def phyllotaxis(count: int, inner: float, step: float) -> list[tuple[float, float]]:
    """Offsets of `count` points in a sunflower disc: evenly spread, no randomness, growing outward."""
    golden = math.pi * (3 - math.sqrt(5))
    return [(math.cos(i * golden) * (inner + step * math.sqrt(i)), math.sin(i * golden) * (inner + step * math.sqrt(i)))
            for i in range(count)]


def label_lines(name: str, width: int = 26, lines: int = 4) -> list[str]:
    """A node's label wrapped to at most `lines` lines of about `width` characters: the full name, so that names
    like "London Borough of Hillingdon, Children's Social Care" and "..., Homeless Prevention Team" read whole. A
    name longer still keeps its start and its end: the last line becomes an ellipsis and the name's last words."""
    wrapped = textwrap.wrap(name, width) or [name]
    if len(wrapped) <= lines:
        return wrapped
    tail: list[str] = []
    for word in reversed(name.split()):
        if len(" ".join([word, *tail])) > width - 1:
            break
        tail.insert(0, word)
    end = " ".join(tail) if tail else name[-(width - 1):]
    return wrapped[: lines - 1] + ["\u2026" + end]


def separate(xy: FloatArray, left: FloatArray, right: FloatArray, half_h: FloatArray, gap: float = 6.0) -> FloatArray:
    """Push apart the boxes around nodes (node, its label, its disc of people) until none overlap.

    Each sweep finds the overlapping pairs (numpy) and then moves each pair apart in turn, along the axis that needs
    the smaller move, by exactly its overlap: pairs resolved one after another settle where simultaneous pushes
    would oscillate. Plain arithmetic in a fixed order: as deterministic as its input.
    """
    import numpy as np

    xy = xy.copy()
    if len(xy) < 2:
        return xy
    offset = (right - left) / 2  # box centre relative to the node (labels extend to the right)
    half_w = (right + left) / 2
    for sweep in range(300):
        cx = xy[:, 0] + offset
        ox = half_w[:, None] + half_w[None, :] + gap - np.abs(cx[:, None] - cx[None, :])
        oy = half_h[:, None] + half_h[None, :] + gap - np.abs(xy[:, 1][:, None] - xy[:, 1][None, :])
        pairs = np.argwhere(np.triu((ox > 0) & (oy > 0), 1))
        if not len(pairs):
            break
        for i, j in pairs:
            dx = (xy[i, 0] + offset[i]) - (xy[j, 0] + offset[j])
            dy = xy[i, 1] - xy[j, 1]
            need_x = half_w[i] + half_w[j] + gap - abs(dx)
            need_y = half_h[i] + half_h[j] + gap - abs(dy)
            if need_x <= 0 or need_y <= 0:
                continue
            # Late sweeps alternate the axis, which frees a node wedged between others on one axis.
            if (need_x < need_y) != (sweep >= 100 and sweep % 2 == 1):
                step = (need_x / 2 + 0.5) * (1.0 if dx > 0 else -1.0)
                xy[i, 0] += step
                xy[j, 0] -= step
            else:
                step = (need_y / 2 + 0.5) * (1.0 if dy > 0 else -1.0)
                xy[i, 1] += step
                xy[j, 1] -= step
    return xy


def rings(
    nodes: list[str], anchored: set[str], groups: dict[str, int], flows: dict[tuple[str, str], int],
) -> dict[str, tuple[float, float]]:
    """Positions in rings around the anchored people (victims and perpetrators, side by side at the centre): the
    other people on an inner ring, agencies on an ellipse in order of their group (a gap between groups, so that a
    sector reads as one arc), forums outside it, each near the agencies that referred or shared to it."""
    centre = [n for n in nodes if n in anchored]
    people = [n for n in nodes if n.startswith("person:") and n not in anchored]
    forums = [n for n in nodes if n.startswith("forum:")]
    agencies = sorted((n for n in nodes if n.startswith("agency:")), key=lambda n: (groups.get(n, len(groups)), n))
    pos: dict[str, tuple[float, float]] = {}
    for i, n in enumerate(centre):
        pos[n] = ((i - (len(centre) - 1) / 2) * 130.0, 0.0)
    inner = 90.0 + 6.0 * len(people)
    for i, n in enumerate(people):
        angle = math.pi / 2 + 2 * math.pi * (i + 0.5) / max(len(people), 1)
        pos[n] = (math.cos(angle) * inner * 1.8, math.sin(angle) * inner)
    # One slot per agency and one empty slot between groups.
    slots: list[str | None] = []
    for n in agencies:
        if slots and groups.get(n) != groups.get(slots[-1] or ""):
            slots.append(None)
        slots.append(n)
    ry = max(inner + 90.0, 7.5 * len(slots))
    rx = 2.0 * ry
    angle_of: dict[str, float] = {}
    for i, slot in enumerate(slots):
        if slot is None:
            continue
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(slots), 1)
        angle_of[slot] = angle
        pos[slot] = (math.cos(angle) * rx, math.sin(angle) * ry)
    for i, n in enumerate(forums):
        senders = [angle_of[a] for a, b in sorted(flows) if b == n and a in angle_of]
        if senders:
            angle = math.atan2(sum(math.sin(a) for a in senders), sum(math.cos(a) for a in senders))
        else:
            angle = -math.pi / 2 + 2 * math.pi * (i + 0.5) / len(forums)
        pos[n] = (math.cos(angle) * rx * 1.22, math.sin(angle) * ry * 1.35)
    return pos


def layout(
    nodes: list[str],
    contacts: dict[tuple[str, str], int],
    flows: dict[tuple[str, str], int],
    anchored: set[str],
    label_width: dict[str, float],
    label_height: dict[str, float] | None = None,
    groups: dict[str, int] | None = None,
) -> dict[str, tuple[float, float]]:
    """Pixel positions of every node, the same for the same input.

    `nodes` are ids ("agency:x", "person:y", "forum:z"); `contacts` join agency and person ids with row counts,
    `flows` join agency ids to agency or forum ids; `label_width` is each label's width in pixels and `label_height`
    its height (one line when not given). `anchored`
    people (victims, perpetrators) always take part in the force layout. A small case with anchored people, and
    `groups` (each agency's group, such as its sector, as a rank), is drawn in rings around them (`rings`); another
    small case is one networkx spring layout with a fixed seed. A large one lays out agencies, forums, anchored people and the people several agencies saw,
    and places each agency's other people in a disc around it. Boxes around nodes and their labels are then pushed
    apart so that nothing overlaps, and nodes with no contact or share at all go in rows below the network.
    """
    import networkx as nx
    import numpy as np

    seen_by: dict[str, list[str]] = defaultdict(list)
    for (a, p), _n in sorted(contacts.items()):
        seen_by[p].append(a)
    linked = {a for a, _p in contacts} | {p for _a, p in contacts} | {a for a, _b in flows} | {b for _a, b in flows}
    loose = [n for n in nodes if n not in linked]
    connected = [n for n in nodes if n in linked]
    people = [n for n in connected if n.startswith("person:")]
    others = [n for n in connected if not n.startswith("person:")]
    if len(connected) <= CORE_MAX:
        core = list(connected)
    else:
        core = others + [p for p in people if p in anchored]
        multi = [p for p in people if p not in anchored and len(seen_by[p]) > 1]
        if len(core) + len(multi) <= CORE_MAX:
            core += multi
    core_set = set(core)
    leaves: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for p in people:
        if p not in core_set:
            leaves[tuple(seen_by[p])].append(p)

    pos: dict[str, tuple[float, float]] = {}
    heights = label_height or {}
    if groups is not None and len(connected) <= RING_MAX and any(n in anchored for n in connected):
        ring = rings(connected, anchored, groups, flows)
        order = sorted(ring)
        xy = np.array([ring[n] for n in order], dtype=float)
        left = np.full(len(order), 11.0)
        right = np.array([14 + label_width.get(n, 0.0) for n in order])
        half_h = np.array([max(14.0, heights.get(n, 0.0) / 2 + 2) for n in order])
        xy = separate(xy, left, right, half_h)
        pos = {n: (float(x), float(y)) for n, (x, y) in zip(order, xy)}
        core = []
    if core:
        graph = nx.Graph()
        graph.add_nodes_from(sorted(core))
        for (a, p), n in sorted(contacts.items()):
            if p in core_set:
                graph.add_edge(a, p, weight=1 + math.log(n))
        for (a, b), _n in sorted(flows.items()):
            graph.add_edge(a, b, weight=1.0)
        count = graph.number_of_nodes()
        raw = nx.spring_layout(graph, seed=SEED, k=2.0 / math.sqrt(max(count, 1)),
                               iterations=300 if count < 150 else 100)
        order = sorted(raw)
        # Wider than tall, as the view is; then room for each node, its label and its disc of people.
        scale = 40.0 * math.sqrt(max(count, 4))
        xy = np.array([raw[n] for n in order], dtype=float) * np.array([scale * 2.4, scale])
        inner, step = 24.0, 8.0
        disc = {n: 11.0 for n in order}
        for key, group in leaves.items():
            if len(key) == 1:
                disc[key[0]] = max(disc[key[0]], inner + step * math.sqrt(len(group)) + 6)
        left = np.array([disc[n] for n in order])
        right = np.array([max(disc[n], 14 + label_width.get(n, 0.0)) for n in order])
        half_h = np.array([max(disc[n], 14.0, heights.get(n, 0.0) / 2 + 2) for n in order])
        xy = separate(xy, left, right, half_h)
        pos = {n: (float(x), float(y)) for n, (x, y) in zip(order, xy)}
        for key, group in sorted(leaves.items()):
            cx = sum(pos[a][0] for a in key) / len(key)
            cy = sum(pos[a][1] for a in key) / len(key)
            for p, (dx, dy) in zip(sorted(group), phyllotaxis(len(group), inner if len(key) == 1 else 8.0, step)):
                pos[p] = (cx + dx, cy + dy)

    if loose:
        # A row (or rows) under the network: "no contact or share recorded".
        min_x = min((x for x, _ in pos.values()), default=0.0)
        max_x = max((x for x, _ in pos.values()), default=800.0)
        max_y = max((y for _, y in pos.values()), default=0.0)
        # The page draws labels up to 2.2 times larger when a large network is shown whole.
        grow = 2.2 if len(nodes) > MANY_NODES else 1.0
        cell = max(label_width.get(n, 60.0) for n in loose) * grow + 40
        per_row = max(int((max_x - min_x + 200) // cell), 1)
        for i, node in enumerate(loose):
            pos[node] = (min_x + (i % per_row) * cell, max_y + 70 * grow + (i // per_row) * 44 * grow)

    pad = 40.0
    min_x = min(x for x, _ in pos.values())
    min_y = min(y for _, y in pos.values())
    return {n: (round(x - min_x + pad, 1), round(y - min_y + pad, 1)) for n, (x, y) in pos.items()}
