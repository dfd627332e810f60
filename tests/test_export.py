"""The graph export (GraphML, GEXF, node-link JSON) is drawn from reports: it holds the case's schema graph, the
same from either engine, and stays well-formed XML whatever characters the chronology holds."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from casekit import row, write_case

from graphdhr import schema as S
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.render.export import render_graph, xml_text
from graphdhr.report import build_report

# What a reader of the export needs of each node and relationship: these must be there whenever the case has them.
KEY_ATTRIBUTES = {
    S.CASE: {"case_id", "title", "area", "tor_from_start", "tor_from_end", "tor_from_precision", "tor_to_start",
             "tor_to_end", "tor_to_precision", "files"},
    S.PERSON: {"case_id", "person_id", "pseudonym", "role"},
    S.ALIAS: {"case_id", "name"},
    S.AGENCY: {"case_id", "agency_id", "name", "sector", "contribution", "area"},
    S.FORUM: {"case_id", "forum_id", "name", "type"},
    S.EVENT: {"case_id", "event_id", "agency_id", "date_start", "date_end", "date_precision", "event_type",
              "details", "learned", "risk_level", "source_ref"},
    S.ALIAS_OF: {"case_id"},
    S.RELATED_TO: {"case_id", "relationship_type", "from_start", "from_end", "from_precision", "to_start", "to_end",
                   "to_precision"},
    S.RECORDED: {"case_id", "source_ref"},
    S.CONCERNS: {"case_id", "source_ref"},
    S.REFERRED_TO: {"case_id", "source_ref"},
    S.SHARED_WITH: {"case_id", "source_ref"},
    S.SAME_EVENT_AS: {"case_id", "score", "days_apart"},
}


def _plain(value: Any, flat: bool) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(map(str, value)) if flat else value
    return value


def schema_graph(case: Case, flat: bool) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str], dict[str, Any]]]:
    """The case's nodes and relationships as the schema records them, keyed as the export names them."""
    c = case.case_id
    nodes_, rels = S.graph_records(case)
    nodes = {f"{n.label}:{c}:{n.key}": {"node_label": n.label, **{k: _plain(v, flat) for k, v in n.props.items()
                                                                  if v is not None}} for n in nodes_}
    edges = {(f"{r.start_label}:{c}:{r.start_key}", f"{r.end_label}:{c}:{r.end_key}", r.type):
             {"type": r.type, **{k: _plain(v, flat) for k, v in r.props.items() if v is not None}} for r in rels}
    return nodes, edges


def exported(case: Case, fmt: str) -> tuple[str, nx.MultiDiGraph]:
    engine = EmbeddedEngine([case])
    text = render_graph([build_report(engine, case.case_id)], fmt)
    if fmt == "json":
        graph = nx.node_link_graph(json.loads(text), edges="links")
    elif fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    else:
        graph = read_gexf(text)
    return text, graph


def read_gexf(text: str) -> nx.MultiDiGraph:
    """A GEXF file read back with every edge and its `type` (networkx's reader takes `type` for directedness and
    merges parallel edges)."""
    root = ET.fromstring(text)
    ns = {"g": root.tag[1:].split("}")[0]}
    titles = {(block.get("class"), a.get("id")): a.get("title")
              for block in root.iterfind(".//g:attributes", ns) for a in block.iterfind("g:attribute", ns)}

    def attrs(element: ET.Element, kind: str) -> dict[str, Any]:
        out = {titles[(kind, v.get("for"))]: v.get("value") for v in element.iterfind("g:attvalues/g:attvalue", ns)}
        return {**out, **{k: v for k, v in element.attrib.items() if k not in ("id", "source", "target")}}

    graph = nx.MultiDiGraph()
    for node in root.iterfind(".//g:nodes/g:node", ns):
        graph.add_node(node.get("id"), **attrs(node, "node"))
    for edge in root.iterfind(".//g:edges/g:edge", ns):
        graph.add_edge(edge.get("source"), edge.get("target"), **attrs(edge, "edge"))
    return graph


def aliased_case(folder: Path) -> Path:
    """A case with an alias, a relationship with no start and one with, a referral and a share."""
    return write_case(folder, [
        row("2013-01-05", "police", "vic;per", "incident", learned="relationship;domestic_abuse", shared_with="gp"),
        row("2013-02", "gp", "vic", "contact"),
        row("2013-03-02", "idva", "vic", "referral", referral_to="marac", referral_outcome="heard",
            risk_tool="dash", risk_level="high"),
    ])


@pytest.fixture(scope="module")
def cases(tmp_path_factory, lottie) -> list[Case]:
    return [lottie, load_case(aliased_case(tmp_path_factory.mktemp("aliased") / "c"))]


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_export_holds_the_schema_graph_of_the_case(cases, fmt):
    """The same nodes and relationships as the schema's records of the case, each exported property equal to the
    recorded one, and the key properties there wherever the case has them."""
    for case in cases:
        _text, graph = exported(case, fmt)
        nodes, edges = schema_graph(case, flat=fmt != "json")
        assert set(graph.nodes) == set(nodes)
        got_edges = {(u, v, data["type"]): data for u, v, data in graph.edges(data=True)}
        assert len(got_edges) == graph.number_of_edges() == len(edges)
        assert set(got_edges) == set(edges)
        for node_id, want in nodes.items():
            got = dict(graph.nodes[node_id])
            if fmt == "gexf":
                got.pop("start", None), got.pop("end", None)
            assert got.pop("label")
            assert KEY_ATTRIBUTES[want["node_label"]] & set(want) <= set(got), node_id
            assert {k: want[k] for k in got} == got, node_id
        for key, want in edges.items():
            got = {k: v for k, v in got_edges[key].items() if k not in ("id", "start", "end", "networkx_key")}
            assert KEY_ATTRIBUTES[key[2]] & set(want) <= set(got), key
            assert {k: want[k] for k in got} == got, key


def test_export_names_nodes_for_readers_and_plays_the_chronology_in_gexf(cases):
    lottie, aliased = cases
    _text, graph = exported(aliased, "gexf")
    assert graph.nodes["Alias:t1:V. Smith"]["label"] == "V. Smith"
    assert graph.nodes["Person:t1:vic"]["label"] == "Vera"
    assert graph.nodes["Agency:t1:police"]["label"] == "Test Police"
    text, _graph = exported(lottie, "gexf")
    root = ET.fromstring(text)
    ns = {"g": root.tag[1:].split("}")[0]}
    event = root.find(".//g:node[@id='Event:lottie:cnwlch-2012-03']", ns)
    assert event is not None
    assert (event.get("label"), event.get("start"), event.get("end")) == (
        "2012-03 other (cnwl-community)", "2012-03-01", "2012-03-31")
    people = root.find(".//g:node[@id='Person:lottie:lottie']", ns)
    assert people is not None and people.get("start") is None  # present throughout


def test_gexf_records_no_day_of_writing(cases):
    """The same cases give the same file on any day: networkx's writer would stamp today's date into <meta>."""
    text, _graph = exported(cases[0], "gexf")
    assert dt.date.today().isoformat() not in text and "lastmodifieddate" not in text
    ET.fromstring(text.encode("utf-8"))


def test_xml_text_keeps_line_breaks_and_drops_what_xml_cannot_hold():
    assert xml_text("a\x0bb\x0cc\td\ne\rf") == "a\nb\nc\td\ne\rf"
    assert xml_text("\x01x\x1f\ufffey\ud800") == "xy"
    assert xml_text("Vera & <Percy> \u00e9") == "Vera & <Percy> \u00e9"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_is_well_formed_xml_whatever_a_cell_holds(tmp_path, fmt):
    """A vertical tab pasted from a spreadsheet, and other control characters, in a chronology row's details."""
    details = "Seen at home.\x0bSaid she was fine.\x0c\x01\x08\x1f Follow-up booked."
    case = load_case(write_case(tmp_path / "c", [
        row("2013-02-01", "gp", "vic", "contact", details=details, source_ref="gp\x0b12"),
    ]))
    assert any(e.details == details for e in case.events)
    text, graph = exported(case, fmt)
    ET.fromstring(text.encode("utf-8"))  # raises on XML that is not well-formed
    [event] = [n for n, data in graph.nodes(data=True) if data.get("node_label") == S.EVENT]
    assert graph.nodes[event]["details"] == "Seen at home.\nSaid she was fine.\n Follow-up booked."
    assert graph.nodes[event]["source_ref"] == "gp\n12"


@pytest.mark.neo4j
@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_export_is_the_same_from_neo4j(neo4j, cases, fmt):
    for case in cases:
        neo4j.load(case)
        embedded = EmbeddedEngine([case])
        assert render_graph([build_report(neo4j, case.case_id)], fmt) == render_graph(
            [build_report(embedded, case.case_id)], fmt)
