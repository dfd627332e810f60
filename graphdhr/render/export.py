"""The schema graph of cases for other tools: GraphML (yEd, Cytoscape), GEXF (Gephi) and node-link JSON.

The graph is drawn from reports, so it is the same whichever engine read the cases: the nodes and relationship types
of docs/graph-model.md (cases, people, aliases, agencies, forums and chronology rows; ALIAS_OF, RELATED_TO,
RECORDED, CONCERNS, REFERRED_TO, SHARED_WITH, SAME_EVENT_AS), with the properties a report carries. GraphML and GEXF
hold only flat values, so the export turns node ids into "Label:case_id:key" strings, dates into ISO text, lists
into text joined with ';', leaves out empty (None) properties, and drops the characters XML 1.0 cannot hold (a
vertical tab or form feed pasted from a spreadsheet becomes a line break). Every node also gets `node_label` (its
schema label) and `label` (a name a reader knows: a pseudonym, an agency's name, an event's date and type), which
Gephi and yEd show. Every relationship gets `type`. In GEXF, events and the relationships from them carry `start`
and `end` (the earliest and latest day of the row's date), so Gephi's timeline plays the chronology; the rest are
present throughout.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from graphdhr import schema as S
from graphdhr.dates import ChronoDate
from graphdhr.report import Report

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("graphml", "gexf", "json")

NodeKey = tuple[str, str, str]  # (label, case_id, key), as the embedded engine keys its graph
Node = tuple[NodeKey, dict[str, Any]]
Edge = tuple[NodeKey, NodeKey, str, dict[str, Any]]

# Characters XML 1.0 cannot hold, even escaped: C0 controls other than tab, line feed and carriage return, lone
# surrogates, and U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# In a cell pasted from Word or Excel these two are line breaks; the rest carry nothing a reader sees.
_XML_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def node_id(key: NodeKey) -> str:
    label, case_id, own = key
    return f"{label}:{case_id}:{own}"


def xml_text(text: str) -> str:
    """`text` with every character XML 1.0 cannot hold replaced (vertical tab, form feed) or dropped."""
    return _XML_ILLEGAL.sub(lambda m: _XML_LINE_BREAKS.get(m[0], ""), text)


def _flat(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(str(_flat(v)) for v in value)
    if isinstance(value, str):
        return xml_text(value)
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


def _dated(prefix: str, date: ChronoDate | None) -> dict[str, Any]:
    """A date as the schema stores it: `prefix`_start, _end and _precision."""
    if date is None:
        return {}
    return {f"{prefix}_start": date.start, f"{prefix}_end": date.end, f"{prefix}_precision": date.precision}


def report_graph(report: Report) -> tuple[list[Node], list[Edge]]:
    """The nodes and relationships of one report's case, keyed and named as the schema keys and names them."""
    d = report.directory
    c = d.case_id
    case = {"case_id": c, "title": d.title, "area": d.area, **_dated("tor_from", d.tor_start),
            **_dated("tor_to", d.tor_end), "files": list(d.files)}
    nodes: list[Node] = [((S.CASE, c, c), case)]
    edges: list[Edge] = []
    for p, (pseudonym, role) in d.people.items():
        nodes.append(((S.PERSON, c, p), {"case_id": c, "person_id": p, "pseudonym": pseudonym, "role": role}))
    for alias, p in d.aliases.items():
        nodes.append(((S.ALIAS, c, alias), {"case_id": c, "name": alias}))
        edges.append(((S.ALIAS, c, alias), (S.PERSON, c, p), S.ALIAS_OF, {"case_id": c}))
    for rel in d.relationships:
        edges.append(((S.PERSON, c, rel.person_id), (S.PERSON, c, rel.other_id), S.RELATED_TO,
                      {"case_id": c, "relationship_type": rel.relationship_type, **_dated("from", rel.start),
                       **_dated("to", rel.end)}))
    for a, (name, sector, contribution, area) in d.agencies.items():
        nodes.append(((S.AGENCY, c, a), {"case_id": c, "agency_id": a, "name": name, "sector": sector,
                                         "contribution": contribution, "area": area}))
    for f, (name, forum_type) in d.forums.items():
        nodes.append(((S.FORUM, c, f), {"case_id": c, "forum_id": f, "type": forum_type, "name": name}))

    def recipient(to: str) -> NodeKey:
        return (S.FORUM, c, to) if to in d.forums else (S.AGENCY, c, to)

    for line in report.chronology:
        e = line.evidence
        event = (S.EVENT, c, e.event_id)
        nodes.append((event, {"case_id": c, "event_id": e.event_id, "agency_id": e.agency_id,
                              **_dated("date", e.date), "event_type": line.event_type, "details": line.details,
                              "learned": list(line.learned), "risk_level": line.risk_level,
                              "source_ref": e.source_ref,
                              # The row's place in its file stays in the case files; GEXF readers retype it.
                              **{k: v for k, v in line.record if k not in ("source_file", "source_row")}}))
        row = {"case_id": c, "source_ref": e.source_ref}
        edges.append(((S.AGENCY, c, e.agency_id), event, S.RECORDED, dict(row)))
        edges += [(event, (S.PERSON, c, p), S.CONCERNS, dict(row)) for p in line.subjects]
        outcomes = dict(line.referral_outcomes)
        edges += [(event, recipient(to), S.REFERRED_TO, {**row, "outcome": outcomes.get(to)}) for to in line.referred_to]
        edges += [(event, recipient(to), S.SHARED_WITH, dict(row)) for to in line.shared_with]
    for match in report.recorded_twice:
        edges.append(((S.EVENT, c, match.first.event_id), (S.EVENT, c, match.second.event_id), S.SAME_EVENT_AS,
                      {"case_id": c, "score": match.score, "days_apart": match.days_apart}))
    return nodes, edges


def export_graph(reports: Iterable[Report], flat: bool = True, timeline: bool = False) -> nx.MultiDiGraph:
    """The reports' cases as one graph with string node ids; `flat` for GraphML/GEXF values, `timeline` for GEXF
    start/end."""
    import networkx as nx

    nodes: list[Node] = []
    edges: list[Edge] = []
    for report in reports:
        case_nodes, case_edges = report_graph(report)
        nodes += case_nodes
        edges += case_edges
    convert = _flat if flat else _json_value
    name: Callable[[str], str] = xml_text if flat else str
    out = nx.MultiDiGraph()
    spans: dict[NodeKey, tuple[str, str]] = {}
    for key, props in sorted(nodes, key=lambda n: n[0]):
        label = key[0]
        attrs = {k: convert(v) for k, v in sorted(props.items()) if v is not None}
        attrs["node_label"] = label
        attrs["label"] = name(_reader_label(label, props))
        if timeline and label == S.EVENT:
            spans[key] = (props["date_start"].isoformat(), props["date_end"].isoformat())
            attrs["start"], attrs["end"] = spans[key]
        out.add_node(name(node_id(key)), **attrs)
    for u, v, rel_type, props in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        attrs = {k: convert(val) for k, val in sorted(props.items()) if val is not None}
        attrs["type"] = rel_type
        span = spans.get(u) or spans.get(v)
        if timeline and span:
            attrs["start"], attrs["end"] = span
        out.add_edge(name(node_id(u)), name(node_id(v)), key=rel_type, **attrs)
    return out


def render_graph(reports: Iterable[Report], fmt: str) -> str:
    """The reports' cases as GraphML, GEXF or node-link JSON text (the same text for the same reports)."""
    import networkx as nx

    reports = list(reports)
    if fmt == "json":
        graph = export_graph(reports, flat=False)
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(export_graph(reports), buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue().decode("utf-8")
    if fmt == "gexf":
        nx.write_gexf(export_graph(reports, timeline=True), buffer, encoding="utf-8", prettyprint=True)
        # networkx stamps the day of writing into <meta>; GEXF does not require it, and without it the same cases
        # give the same file on any day.
        return re.sub(r' lastmodifieddate="[^"]*"', "", buffer.getvalue().decode("utf-8"), count=1)
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
