"""Draw the result of each graph query of the Cypher library on the worked example, for docs/cookbook.md.

    NEO4J_URI=bolt://... NEO4J_PASSWORD=... .venv/bin/python scripts/cookbook_pictures.py

Loads examples/lottie into the Neo4j server named by the environment (replacing what it holds of that case),
stores its findings, runs every query of kind `graph` with the parameters its `:param` lines set, and writes
docs/cookbook/NAME.svg: the nodes and relationships returned, laid out by networkx with a fixed seed so that the
same result gives the same picture. Text from the case is escaped.
"""

from __future__ import annotations

import math
import sys
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "cookbook"
COLOURS = {"Case": "#6b7280", "Person": "#d97706", "Alias": "#fbbf24", "Agency": "#2563eb", "Forum": "#7c3aed",
           "Event": "#059669", "Finding": "#dc2626"}
KEYS = {"Case": "case_id", "Person": "pseudonym", "Alias": "name", "Agency": "agency_id", "Forum": "forum_id",
        "Event": "event_id", "Finding": "rule_id"}


def graph_items(value: Any, nodes: dict[str, Any], rels: dict[str, Any]) -> None:
    """Every node and relationship in a returned value (lists, maps and paths walked through)."""
    from neo4j.graph import Node, Path as GraphPath, Relationship

    if isinstance(value, Node):
        nodes[value.element_id] = value
    elif isinstance(value, Relationship):
        rels[value.element_id] = value
        for end in (value.start_node, value.end_node):
            if end is not None:
                nodes[end.element_id] = end
    elif isinstance(value, GraphPath):
        for item in (*value.nodes, *value.relationships):
            graph_items(item, nodes, rels)
    elif isinstance(value, list):
        for item in value:
            graph_items(item, nodes, rels)
    elif isinstance(value, dict):
        for item in value.values():
            graph_items(item, nodes, rels)


def caption(node: Any) -> str:
    label = next(iter(sorted(node.labels)), "")
    text = str(node.get(KEYS.get(label, ""), "") or label)
    if label == "Event" and node.get("date_start") is not None:
        text += f" {node['date_start']}"
    return text


def svg(nodes: dict[str, Any], rels: dict[str, Any], title: str) -> str:
    """The picture: nodes as labelled circles coloured by label, relationships as arrows named by type."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    order = sorted(nodes, key=lambda k: (sorted(nodes[k].labels), caption(nodes[k])))
    ids = {k: i for i, k in enumerate(order)}
    graph.add_nodes_from(range(len(order)))
    for r in sorted(rels.values(), key=lambda r: (ids[r.start_node.element_id], ids[r.end_node.element_id], r.type)):
        graph.add_edge(ids[r.start_node.element_id], ids[r.end_node.element_id], type=r.type)
    pos = nx.spring_layout(nx.Graph(graph), seed=7, k=2.2 / math.sqrt(max(len(order), 1)), iterations=200)
    size = 360 + 34 * math.sqrt(len(order)) * 6
    margin = 90

    def xy(i: int) -> tuple[float, float]:
        x, y = pos[i]
        return margin + (x + 1) / 2 * (size - 2 * margin), margin + (y + 1) / 2 * (size - 2 * margin)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:.0f}" height="{size + 40:.0f}" '
           f'viewBox="0 0 {size:.0f} {size + 40:.0f}" font-family="sans-serif" font-size="11">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#9ca3af"/></marker></defs>',
           f'<rect width="100%" height="100%" fill="white"/><text x="12" y="22" font-size="15">{escape(title)}</text>']
    for u, v, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = xy(u), xy(v)
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#9ca3af" '
                   f'marker-end="url(#arrow)"/>')
        out.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" fill="#6b7280" font-size="8" '
                   f'text-anchor="middle">{escape(data["type"])}</text>')
    for key, i in ids.items():
        node = nodes[key]
        label = next(iter(sorted(node.labels)), "")
        x, y = xy(i)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{COLOURS.get(label, "#111827")}">'
                   f'<title>{escape(label)}</title></circle>')
        out.append(f'<text x="{x + 11:.1f}" y="{y + 4:.1f}">{escape(caption(node))}</text>')
    legend_x = 12.0
    for label, colour in COLOURS.items():
        out.append(f'<circle cx="{legend_x + 6:.0f}" cy="{size + 22:.0f}" r="6" fill="{colour}"/>'
                   f'<text x="{legend_x + 16:.0f}" y="{size + 26:.0f}">{label}</text>')
        legend_x += 90
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> int:
    from graphdhr.corpus import build_corpus_report
    from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings
    from graphdhr.loaders import load_case
    from graphdhr.queries import catalogue
    from graphdhr.findings import stored_findings

    OUT.mkdir(parents=True, exist_ok=True)
    with Neo4jEngine(Neo4jSettings.from_env()) as engine:
        case = load_case(ROOT / "examples" / "lottie")
        engine.load(case)
        build_corpus_report(engine, [case.case_id], on_findings=lambda cid, found: engine.store_findings(cid, stored_findings(cid, found)))
        for name, q in catalogue().items():
            if q.kind != "graph":
                continue
            records, _, _ = engine.driver.execute_query(q.text, dict(q.params), database_=engine.settings.database)
            nodes: dict[str, Any] = {}
            rels: dict[str, Any] = {}
            for record in records:
                graph_items(list(record.values()), nodes, rels)
            shown = ", ".join(f"{k} = {v!r}" for k, v in q.params.items())
            (OUT / f"{name}.svg").write_text(svg(nodes, rels, f"{name} ({shown})"), encoding="utf-8")
            print(f"docs/cookbook/{name}.svg: {len(nodes)} nodes, {len(rels)} relationships")
    return 0


if __name__ == "__main__":
    sys.exit(main())
