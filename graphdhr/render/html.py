"""The chair's HTML view: one self-contained file, offline, with nothing that can run or fetch.

This first view has no JavaScript: the network is an SVG laid out in Python with a fixed seed (the same case
gives the same file), and every text from the case goes through Jinja2's autoescaping. A Content-Security-Policy
forbids every outbound request, so a file opened on a locked-down laptop asks nothing of the network.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from typing import Any

from graphdhr.findings import topic_text
from graphdhr.report import Engine, Report

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

# Colours of agency states; chosen to stay distinct in greyscale print as well (fill plus stroke pattern).
STATES = {
    "silo": ("#c62828", "knew and never passed it on"),
    "blind_spot": ("#ef6c00", "in contact, never told"),
    "shared": ("#2e7d32", "knew and passed it on"),
    "other": ("#9e9e9e", "no finding"),
}


def _agency_states(report: Report) -> dict[str, str]:
    states: dict[str, str] = {}
    for line in report.knowledge:
        if line.passed_on:
            states.setdefault(line.agency_id, "shared")
    for f in report.findings:
        if f.rule_id.startswith("silo."):
            states[f.agencies[0]] = "silo"
        elif f.rule_id == "blind_spot" and states.get(f.agencies[0]) != "silo":
            states[f.agencies[0]] = "blind_spot"
    return states


def network(report: Report, engine: Engine) -> dict[str, Any]:
    """Nodes and edges of the case network with positions, for the SVG."""
    import networkx as nx

    d = report.directory
    contacts = {(r["agency_id"], r["person_id"]): r["rows"] for r in engine.run("contact_counts", d.case_id)}
    flows = {(r["from_agency_id"], r["to_id"]): r["rows"] for r in engine.run("sharing_flows", d.case_id)}

    layout = nx.Graph()
    for pid in sorted(d.people):
        layout.add_node(("person", pid))
    for aid in sorted(d.agencies):
        layout.add_node(("agency", aid))
    for fid in sorted(d.forums):
        layout.add_node(("forum", fid))
    for (aid, pid), n in sorted(contacts.items()):
        layout.add_edge(("agency", aid), ("person", pid), weight=1 + math.log(n))
    for (src, dst), n in sorted(flows.items()):
        kind = "forum" if dst in d.forums else "agency"
        layout.add_edge(("agency", src), (kind, dst), weight=1.0)
    positions = nx.spring_layout(layout, seed=7, k=1.6 / math.sqrt(max(layout.number_of_nodes(), 1)), iterations=200)

    width, height, pad = 960, 640, 60

    def xy(node: tuple[str, str]) -> tuple[float, float]:
        x, y = positions[node]
        return round(pad + (x + 1) / 2 * (width - 2 * pad), 1), round(pad + (y + 1) / 2 * (height - 2 * pad), 1)

    states = _agency_states(report)
    nodes = []
    for kind, key in layout.nodes:
        x, y = xy((kind, key))
        if kind == "person":
            name, role = d.people[key]
            colour = {"victim": "#6a1b9a", "perpetrator": "#212121"}.get(role, "#5c6bc0")
            nodes.append({"kind": kind, "id": key, "label": name, "title": f"{name} ({role})", "x": x, "y": y,
                          "colour": colour, "r": 16})
        elif kind == "agency":
            name, sector, contribution, _area = d.agencies[key]
            state = states.get(key, "other")
            nodes.append({"kind": kind, "id": key, "label": name, "x": x, "y": y, "colour": STATES[state][0],
                          "title": f"{name}: {sector.replace('_', ' ')}, {contribution.replace('_', ' ')}; "
                                   f"{STATES[state][1]}", "r": 10})
        else:
            name, ftype = d.forums[key]
            nodes.append({"kind": kind, "id": key, "label": name, "title": f"{name} ({ftype})", "x": x, "y": y,
                          "colour": "#00838f", "r": 12})
    edges = []
    for (aid, pid), n in sorted(contacts.items()):
        (x1, y1), (x2, y2) = xy(("agency", aid)), xy(("person", pid))
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "kind": "contact", "w": round(0.6 + math.log(n), 2),
                      "title": f"{d.agency(aid)}: {n} row(s) about {d.person(pid)}"})
    for (src, dst), n in sorted(flows.items()):
        kind = "forum" if dst in d.forums else "agency"
        (x1, y1), (x2, y2) = xy(("agency", src)), xy((kind, dst))
        edges.append({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "kind": "flow", "w": 2.0,
                      "title": f"{d.agency(src)} referred or shared to {d.agency(dst)}: {n} time(s)"})
    return {"width": width, "height": height, "nodes": nodes, "edges": edges}


def render_html(report: Report, engine: Engine) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("graphdhr.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    d = report.directory
    knowledge = sorted(report.knowledge, key=lambda k: (k.knowledge[0].date.start, k.agency_id, k.topic))
    by_agency: dict[str, list[Any]] = defaultdict(list)
    for f in report.findings:
        for a in f.agencies:
            by_agency[a].append(f)
    html = env.get_template("case.html.j2").render(
        report=report,
        d=d,
        csp=CSP,
        net=network(report, engine),
        states=STATES,
        knowledge=knowledge,
        topic_text=topic_text,
    )
    # The file names its own content hash so two copies can be compared without a diff tool.
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    return html.replace("@@CONTENT_HASH@@", digest)
