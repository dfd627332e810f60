"""The schema graph of cases for other tools: GraphML (yEd, Cytoscape), GEXF (Gephi) and node-link JSON.

The graph is the one both engines hold (docs/graph-model.md). GraphML and GEXF hold only flat values, so the
export turns node ids into "Label:case_id:key" strings, dates into ISO text, lists into text joined with ';', and
leaves out empty (None) properties. Every node also gets `node_label` (its schema label) and `label` (a name a
reader knows: a pseudonym, an agency's name, an event's date and type), which Gephi and yEd show. Every
relationship gets `type`. In GEXF, events and the relationships from them carry `start` and `end` (the earliest
and latest day of the row's date), so Gephi's timeline plays the chronology; the rest are present throughout.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from graphdhr import schema as S
from graphdhr.dates import ChronoDate
from graphdhr.model import Case

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("graphml", "gexf", "json")


def node_id(key: tuple[str, str, str]) -> str:
    label, case_id, own = key
    return f"{label}:{case_id}:{own}"


def _flat(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(str(_flat(v)) for v in value)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def _reader_label(label: str, props: dict[str, Any]) -> str:
    if label == S.PERSON:
        return str(props.get("pseudonym") or props["person_id"])
    if label in (S.AGENCY, S.FORUM):
        return str(props.get("name") or props.get(S.KEYS[label]))
    if label == S.EVENT:
        when = ChronoDate(props["date_start"], props["date_end"], props["date_precision"]).text
        return f"{when} {props.get('event_type')} ({props.get('agency_id')})"
    if label == S.CASE:
        return str(props.get("title") or props["case_id"])
    return str(props.get(S.KEYS[label], label))


def export_graph(cases: Iterable[Case], flat: bool = True, timeline: bool = False) -> nx.MultiDiGraph:
    """The schema graph with string node ids; `flat` for GraphML/GEXF values, `timeline` for GEXF start/end."""
    import networkx as nx

    from graphdhr.engines.embedded import build_graph

    source = build_graph(cases)
    convert = _flat if flat else _json_value
    out = nx.MultiDiGraph()
    spans: dict[tuple[str, str, str], tuple[str, str]] = {}
    for key in sorted(source.nodes):
        props = source.nodes[key]
        label = props["label"]
        attrs = {k: convert(v) for k, v in sorted(props.items()) if v is not None and k != "label"}
        attrs["node_label"] = label
        attrs["label"] = _reader_label(label, props)
        if timeline and label == S.EVENT:
            spans[key] = (props["date_start"].isoformat(), props["date_end"].isoformat())
            attrs["start"], attrs["end"] = spans[key]
        out.add_node(node_id(key), **attrs)
    for u, v, rel_type, props in sorted(source.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        attrs = {k: convert(val) for k, val in sorted(props.items()) if val is not None}
        attrs["type"] = rel_type
        span = spans.get(u) or spans.get(v)
        if timeline and span:
            attrs["start"], attrs["end"] = span
        out.add_edge(node_id(u), node_id(v), key=rel_type, **attrs)
    return out


def render_graph(cases: Iterable[Case], fmt: str) -> str:
    """The cases' schema graph as GraphML, GEXF or node-link JSON text (the same text for the same cases)."""
    import networkx as nx

    cases = list(cases)
    if fmt == "json":
        graph = export_graph(cases, flat=False)
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(export_graph(cases), buffer, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(export_graph(cases, timeline=True), buffer, encoding="utf-8", prettyprint=True)
    else:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return buffer.getvalue().decode("utf-8")
