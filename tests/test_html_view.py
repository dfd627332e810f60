"""The chair's HTML view without a browser: the policy, the escaping, determinism, the data it draws, and the
graph exports. tests/test_html_browser.py opens the same files in Chromium."""

from __future__ import annotations

import base64
import copy
import hashlib
import html as htmllib
import importlib.util
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from casekit import BASE_MANIFEST, row, write_case
from conftest import EXAMPLE, ROOT
from typer.testing import CliRunner

from graphdhr.cli import app
from graphdhr.engines.embedded import EmbeddedEngine, build_graph
from graphdhr.loaders import load_case
from graphdhr.render.html import render_html, script_json, view_data
from graphdhr.report import build_report

runner = CliRunner()

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
REF_PAYLOAD = '<a href="javascript:window.__xss=3">1.2</a> </script><!-- \u2028 & x'


class Attributes(HTMLParser):
    """Every element's tag and attributes, as a browser's parser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.seen: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.seen.extend(attrs)


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def view_of(case_dir: Path) -> str:
    engine = EmbeddedEngine([load_case(case_dir)])
    case_id = engine.case_ids()[0]
    return render_html(build_report(engine, case_id))


def payload_case(folder: Path) -> Path:
    return write_case(folder, [
        row("2013-01-05", "police", "vic;per", "incident", learned="relationship;domestic_abuse", details=PAYLOAD,
            source_ref=REF_PAYLOAD),
        row("2013-02", "gp", "vic", "contact", details="GP saw Vera & said \"call us\" <b>any time</b>"),
        row("2013-03-02", "idva", "vic", "referral", referral_to="marac", details="IDVA referred to MARAC"),
    ])


def scripts(page: str) -> list[tuple[str, str]]:
    """(attributes, body) of every script element."""
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S | re.I)


def data_block(page: str) -> str:
    [body] = [body for attrs, body in scripts(page) if 'id="data"' in attrs]
    return body


def csp(page: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert found, "no Content-Security-Policy meta element"
    return htmllib.unescape(found[1])


@pytest.fixture(scope="module")
def lottie_html() -> str:
    return view_of(EXAMPLE)


def test_policy_allows_exactly_the_page_script_and_no_request(lottie_html):
    policy = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp(lottie_html).split(";")) if d}
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
    assert "'unsafe-eval'" not in policy["script-src"] and "'unsafe-inline'" not in policy["script-src"]
    # Exactly one script runs, and the policy names its hash and no other.
    runnable = [body for attrs, body in scripts(lottie_html) if "application/json" not in attrs]
    assert len(runnable) == 1
    digest = base64.b64encode(hashlib.sha256(runnable[0].encode("utf-8")).digest()).decode()
    assert policy["script-src"] == [f"'sha256-{digest}'"]
    assert runnable[0] == resources.files("graphdhr.render").joinpath("templates/case.js").read_text(encoding="utf-8")


def test_nothing_is_fetched_from_anywhere(lottie_html):
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", lottie_html, flags=re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//", lottie_html, flags=re.I)
    assert not re.search(r"@import|<iframe|<object|<embed|<base\b|<form\b", lottie_html, flags=re.I)
    # The only link is the empty icon that stops a browser asking for /favicon.ico.
    assert re.findall(r"<link[^>]*>", lottie_html) == ['<link rel="icon" href="data:,">']
    # No external library: the page's own script draws everything.
    assert "cdn" not in lottie_html.lower() and "bootstrap" not in lottie_html.lower()


def test_case_text_is_escaped_everywhere(tmp_path):
    page = view_of(payload_case(tmp_path / "c"))
    # Two script elements, both the page's own: none from the case.
    assert len(re.findall(r"<script", page, flags=re.I)) == 2
    assert PAYLOAD not in page and "<img" not in page.lower()
    # No element carries an event handler or a javascript: URL (the planted ones are text, escaped).
    attributes = Attributes()
    attributes.feed(page)
    assert not [a for a in attributes.seen if a[0].startswith("on")]
    assert not [a for a in attributes.seen if "javascript:" in (a[1] or "").lower()]
    assert attributes.tags.count("script") == 2 and "img" not in attributes.tags and "a" not in attributes.tags
    # Inside the data block nothing can close the element or open a comment.
    block = data_block(page)
    assert not re.search("[<>&\u2028\u2029]", block)
    data = json.loads(block)
    details = {e["id"]: e for e in data["events"]}
    assert any(e["details"] == PAYLOAD and e["ref"] == REF_PAYLOAD for e in details.values())
    # In the HTML written by the template (findings' evidence), the reference is escaped text.
    from markupsafe import escape

    assert str(escape(REF_PAYLOAD)) in page


def test_script_json_cannot_close_a_script_element():
    text = script_json({"a": "</script><script>x()</script>", "b": "<!--", "c": "\u2028\u2029", "d": "&amp;"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text and "&" not in text
    assert json.loads(text)["a"] == "</script><script>x()</script>"


def test_same_input_gives_the_same_bytes(lottie_html):
    assert view_of(EXAMPLE) == lottie_html


def test_cli_writes_the_view_and_exports(tmp_path):
    out = tmp_path / "view.html"
    result = invoke("html", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert invoke("html", "-o", out, "--case", "lottie").exit_code == 2  # --case needs --neo4j


def test_view_data_keeps_date_precision_and_links_findings(tmp_path):
    engine = EmbeddedEngine([load_case(payload_case(tmp_path / "c"))])
    data = view_data(build_report(engine, "t1"))
    gp = next(e for e in data["events"] if e["agency"] == "gp")
    assert (gp["start"], gp["end"], gp["precision"], gp["date"]) == ("2013-02-01", "2013-02-28", "month", "Feb 2013")
    ids = {n["id"] for n in data["nodes"]}
    assert {"person:vic", "agency:police", "forum:marac"} <= ids
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    for f in data["findings"]:
        assert all(f"agency:{a}" in ids or f"forum:{a}" in ids for a in f["agencies"])
        assert all(f"person:{p}" in ids for p in f["people"])
    kinds = {(e["s"], e["t"], e["kind"]) for e in data["edges"]}
    assert ("agency:idva", "forum:marac", "flow") in kinds
    flow = next(e for e in data["edges"] if e["s"] == "agency:idva" and e["kind"] == "flow")
    assert (flow["n"], flow["types"], flow["first"]) == (1, {"referral": 1}, "2013-03-02")
    assert ("agency:police", "person:vic", "contact") in kinds
    police = next(k for k in data["knowledge"] if k["agency"] == "police" and k["topic"] == "relationship")
    assert police["first"] == "2013-01-05" and police["passed"] == []
    police_node = next(n for n in data["nodes"] if n["id"] == "agency:police")
    assert (police_node["ring"], police_node["ring_from"]) == ("silo", "2013-01-05")


class RecordingEngine:
    """An engine that exposes only the Engine protocol, and records which analyses the report asked for."""

    def __init__(self, inner: EmbeddedEngine) -> None:
        self._inner = inner
        self.name = inner.name
        self.parallel_queries = inner.parallel_queries
        self.asked: list[str] = []

    def case_ids(self):
        return self._inner.case_ids()

    def directory(self, case_id):
        return self._inner.directory(case_id)

    def run(self, name, case_id=None):
        self.asked.append(name)
        return self._inner.run(name, case_id)

    def run_rule(self, rule, params, case_id=None):
        return self._inner.run_rule(rule, params, case_id)


def test_view_is_a_function_of_the_report(lottie):
    """The report reads what the view draws from the engine once, by catalogue analyses both engines run; the view
    needs nothing else."""
    from graphdhr.queries import query

    engine = RecordingEngine(EmbeddedEngine([lottie]))
    report = build_report(engine, "lottie")
    for name in ("chronology", "contact_counts", "sharing_flows"):
        assert engine.asked.count(name) == 1
    assert all(query(name).text for name in set(engine.asked))
    assert render_html(report) == view_of(EXAMPLE)
    assert len(report.chronology) == len(lottie.events)


def _bench():
    spec = importlib.util.spec_from_file_location("html_settle", ROOT / "bench" / "html_settle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_layout_keeps_nodes_apart(lottie):
    engine = EmbeddedEngine([lottie])
    nodes = view_data(build_report(engine, "lottie"))["nodes"]
    closest = min(((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
                  for i, a in enumerate(nodes) for b in nodes[i + 1:])
    assert closest > 25


def test_large_case_has_positions_for_2000_nodes(tmp_path):
    folder = _bench().generate_case(tmp_path / "big")
    engine = EmbeddedEngine([load_case(folder)])
    data = view_data(build_report(engine, "bench2000"))
    assert len(data["nodes"]) == 2000
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) == 2000  # no two nodes on the same spot
    assert all(0 <= n["x"] < 20000 and 0 <= n["y"] < 20000 for n in data["nodes"])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_formats_read_back(tmp_path, fmt, lottie):
    import networkx as nx

    out = tmp_path / f"lottie.{fmt}"
    result = invoke("export", EXAMPLE, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    source = build_graph([lottie])
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        graph = nx.node_link_graph(data, edges="links")
        event = graph.nodes["Event:lottie:tvp-2014-11-08"]
        assert event["learned"] == ["relationship"] and event["date_start"] == "2014-11-08"
    elif fmt == "graphml":
        graph = nx.read_graphml(out)
        event = graph.nodes["Event:lottie:tvp-2014-11-08"]
        assert (event["date_start"], event["learned"], event["label"]) == ("2014-11-08", "relationship", "2014-11-08 arrest (tvp)")
    else:
        graph = nx.read_gexf(out)
        text = out.read_text(encoding="utf-8")
        assert 'mode="dynamic"' in text and 'timeformat="date"' in text
        month = re.search(r'<node id="Event:lottie:cnwlch-2012-03" label="([^"]+)" start="([^"]+)" end="([^"]+)"', text)
        assert month and month.groups() == ("2012-03 other (cnwl-community)", "2012-03-01", "2012-03-31")
    assert graph.number_of_nodes() == source.number_of_nodes()
    assert sum(1 for _ in graph.edges()) == source.number_of_edges()
    assert all(re.fullmatch(r"(Case|Person|Alias|Agency|Forum|Event):lottie:.+", str(n)) for n in graph.nodes)


def test_help_stays_light():
    code = ("import sys, graphdhr.cli; heavy = {'networkx', 'jinja2', 'numpy', 'neo4j', 'pyvis', 'IPython'} & "
            "set(sys.modules); assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.neo4j
def test_view_data_is_the_same_from_neo4j(neo4j, lottie):
    neo4j.load(lottie)
    embedded = EmbeddedEngine([lottie])
    a = view_data(build_report(embedded, "lottie"))
    b = view_data(build_report(neo4j, "lottie"))
    assert script_json(a) == script_json(b)


@pytest.mark.neo4j
def test_cli_html_from_a_case_loaded_in_neo4j(neo4j, lottie, tmp_path, lottie_html):
    neo4j.load(lottie)
    out = tmp_path / "from-neo4j.html"
    result = invoke("html", "--case", "lottie", "--neo4j", "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "(neo4j engine)" in page
    assert data_block(page) == data_block(lottie_html)


def test_dates_in_the_view_keep_their_precision(lottie):
    """A year- or month-only row is shown as written, never as a day (issue 5: date precision shown)."""
    engine = EmbeddedEngine([lottie])
    data = view_data(build_report(engine, "lottie"))
    contact = next(e for e in data["edges"] if e["s"] == "agency:tvp" and e["t"] == "person:bert")
    assert (contact["first"], contact["first_text"]) == ("2013-01-01", "2013")
    hidva = next(e for e in data["events"] if e["id"] == "hidva-2014-contacts")
    assert (hidva["date"], hidva["precision"]) == ("2014", "year")


def test_dates_the_page_writes_before_its_script_runs_are_in_words(lottie_html):
    """Printed or read with scripts blocked, the slider's date and the table of who knew say their dates as every
    other date a chair reads (the terms of reference end in Mar 2015; the housing team knew from 7 Jul 2014)."""
    assert '<output id="slider-date" for="slider">Mar 2015</output>' in lottie_html
    page = re.sub(r"<script[^>]*>.*?</script>", "", lottie_html, flags=re.S)
    assert "<td>from 7 Jul 2014</td>" in page
    assert not re.findall(r"from c?\.? ?\d{4}-\d{2}", page)


def _text(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_summary_comes_first_and_provenance_last(lottie_html, lottie):
    """After the banner the page opens with the briefing: its two sentences, then every item by theme in the
    briefing's order, each with its evidence as text; the hashes of the input files are in the footer."""
    from graphdhr.briefing import build_briefing

    briefing = build_briefing(build_report(EmbeddedEngine([lottie]), "lottie"))
    body = lottie_html[lottie_html.index("<body>"):]
    after_banner = body[body.index("</div>") + len("</div>"):].lstrip()
    assert after_banner.startswith('<section id="summary"')
    summary = _text(body[body.index('<section id="summary"'):body.index("<noscript>")])
    assert " ".join(briefing.summary) in " ".join(summary.split())
    positions = [summary.index(item.sentence) for item in briefing.in_theme_order]
    assert positions == sorted(positions) and len(positions) >= 5
    first = briefing.in_theme_order[0]
    assert first.evidence and all(e.text in summary for e in first.evidence)
    assert "10 Feb 2014, Metropolitan Police:" in summary
    # Rule ids stay out of the chair's words (a tooltip may name them).
    assert not re.search(r"\b(silo|blind_spot|marac|risk|perpetrator)\.[a-z_]+\b", summary)
    # The hashes are in the footer, after everything else.
    assert "sha256" not in lottie_html[:lottie_html.index("<footer")].split("</style>", 1)[1].replace("'sha256-", "")
    footer = lottie_html[lottie_html.index("<footer"):]
    assert "Input files (23) and their sha256" in footer and "embedded engine" in footer


def test_timeline_data_by_person_sector_and_key_events(lottie):
    data = view_data(build_report(EmbeddedEngine([lottie]), "lottie"))
    assert data["person_lanes"] == ["lottie", "bert", "betty"]
    groups = {g["title"]: g["lanes"] for g in data["lane_groups"]}
    assert groups["Police"] == ["met-police", "tvp"] and "Forums" in groups and groups["GP"][0].startswith("gp-")
    assert sum(len(g) for g in groups.values()) == len({e["agency"] for e in data["events"]} | {t for e in data["events"] for t in e["to"]})
    keys = {(k["kind"], k["date"], k["label"]) for k in data["key_events"]}
    assert ("relationship", "about Sep 2013", "Lottie and Bert: relationship began") in keys
    assert ("recall", "18 Feb 2014", "Bert recalled to prison") in keys
    assert ("release", "21 Jun 2014", "Bert released") in keys
    assert ("marac", "11 Feb 2010", "MARAC referral") in keys
    assert ("death", "Mar 2015", "Lottie died") in keys
    # An incident that carries a risk grade stays an incident, with its grade.
    met = next(e for e in data["events"] if e["id"] == "met-2014-02-10")
    assert (met["cat"], met["risk"]) == ("incident", "standard")


def test_network_labels_keep_full_names(lottie):
    """A label is the full name wrapped, or the short name case.yaml gives (the example gives some)."""
    data = view_data(build_report(EmbeddedEngine([lottie]), "lottie"))
    short = {a.id: a.short_name for a in lottie.agencies if a.short_name}
    assert short
    for n in data["nodes"]:
        if n["kind"] == "agency" and n["key"] in short:
            assert n["label"] == [short[n["key"]]]
        elif len(n["name"]) <= 100:
            assert " ".join(n["label"]) == " ".join(n["name"].split()), n["name"]


def test_small_network_is_drawn_in_rings_around_the_two_people(lottie):
    """Victim and perpetrator at the centre, the agencies on a ring around them in runs by sector."""
    import math

    data = view_data(build_report(EmbeddedEngine([lottie]), "lottie"))
    linked = {e["s"] for e in data["edges"]} | {e["t"] for e in data["edges"]}
    nodes = {n["id"]: n for n in data["nodes"] if n["id"] in linked}
    cx = (nodes["person:lottie"]["x"] + nodes["person:bert"]["x"]) / 2
    cy = (nodes["person:lottie"]["y"] + nodes["person:bert"]["y"]) / 2
    agencies = [n for n in nodes.values() if n["kind"] == "agency"]
    near = max(math.dist((cx, cy), (nodes[p]["x"], nodes[p]["y"])) for p in ("person:lottie", "person:bert"))
    assert all(math.dist((cx, cy), (a["x"], a["y"])) > 2 * near for a in agencies)
    around = [a["sector"] for a in sorted(agencies, key=lambda a: math.atan2(a["y"] - cy, a["x"] - cx))]
    runs = [s for i, s in enumerate(around) if i == 0 or around[i - 1] != s]
    assert len(runs) <= len(set(around)) + 1  # each sector one run (the circle's seam may split one)


def test_network_labels_use_the_short_name_and_keep_the_full_name_in_the_tooltip(tmp_path):
    manifest = copy.deepcopy(BASE_MANIFEST)
    long_name = "Testshire and Wolds Constabulary, Northern Division Public Protection Unit"
    for agency in manifest["agencies"]:
        if agency["id"] == "police":
            agency.update(name=long_name, short_name="TWC North")
        if agency["id"] == "gp":
            agency["name"] = "Testshire Primary Care Network, Riverside Surgery and Health Centre"
    folder = write_case(tmp_path / "c", [row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse"),
                                         row("2013-02-01", "gp", "vic", "appointment")], manifest)
    report = build_report(EmbeddedEngine([load_case(folder)]), "t1")
    data = view_data(report)
    nodes = {n["id"]: n for n in data["nodes"]}
    police, gp = nodes["agency:police"], nodes["agency:gp"]
    assert police["label"] == ["TWC North"]
    # The full name stays where there is room: the tooltip and the side panel (both read name and about).
    assert police["name"] == long_name and police["about"].startswith(long_name + ":")
    assert data["agencies"]["police"] == {"name": long_name, "short": "TWC North", "sector": "police"}
    # Without a short name, the full name wrapped.
    assert " ".join(gp["label"]) == "Testshire Primary Care Network, Riverside Surgery and Health Centre"
    assert len(gp["label"]) > 1
    page = render_html(report)
    assert "TWC North" in page and long_name in page


def _uncertain_order_report(folder: Path):
    """The chair's case of uncertain dates: housing heard of the assault on 10 Sep 2014 and referred Vera to the
    IDVA some time in Sep 2014; whether the referral came after and carried it cannot be known."""
    from chair_cases import CASES

    [case] = [c for c in CASES if c.name == "suicide_uncertain_dates"]
    loaded = load_case(case.write(folder))
    return build_report(EmbeddedEngine([loaded]), loaded.case_id)


def test_a_share_of_uncertain_order_is_said_as_the_report_says_it(tmp_path):
    """Housing 'may have passed on' what it knew, in the report's words, in the who-knew table, the side panel's
    data and the network's state and key; police and the IDVA passed theirs on for certain, the trust never did.
    Lottie's view has no such share, so its key does not offer the state."""
    from graphdhr.render.html import KNOWLEDGE_STATES
    from graphdhr.render.picture import _agency_states
    from graphdhr.report import MAY_HAVE_PASSED_ON, ORDER_NOT_KNOWN

    report = _uncertain_order_report(tmp_path)
    data = view_data(report)
    housing = [p for k in data["knowledge"] if k["agency"] == "housing" for p in k["passed"]]
    assert len(housing) == 2 and all((p["note"], p["may"], p["why"]) == (MAY_HAVE_PASSED_ON, True, ORDER_NOT_KNOWN)
                                     and p["to"] == ["Test IDVA"] for p in housing)
    certain = [p for k in data["knowledge"] if k["agency"] in ("police", "idva") for p in k["passed"]]
    assert certain and all((p["note"], p["may"], p["why"]) == ("passed on", False, None) for p in certain)
    # The pictures in Word read the same data as the view's slider at its last day.
    assert _agency_states(data) == {"housing": "maybe_shared", "police": "shared", "idva": "shared", "mh": "knew"}
    page = render_html(report)
    table = page[page.index("<h2>What each agency knew, and whether it passed it on</h2>"):]
    table = table[:table.index("</table>")]
    said = f"<em>{MAY_HAVE_PASSED_ON}</em> to Test IDVA ({ORDER_NOT_KNOWN})"
    assert table.count(said) == 2
    assert table.count("<em>") == 2, "only housing's share is uncertain"
    assert f'id="state-maybe_shared">agency: {htmllib.escape(KNOWLEDGE_STATES["maybe_shared"][1], quote=False)}' in page
    # The report says it in the same words.
    from graphdhr.render.report import render

    assert f"{MAY_HAVE_PASSED_ON} to Test IDVA ({ORDER_NOT_KNOWN})" in render(report, "markdown")


def test_a_view_with_no_uncertain_share_leaves_the_state_out_of_its_key(lottie_html):
    # What the page says, with its data: the page's script (which can draw the state) left out.
    said = re.sub(r"<script>.*?</script>", "", lottie_html, flags=re.S)
    assert 'id="state-maybe_shared"' not in said and "may have passed on" not in said
    assert 'id="state-shared"' in said and '"may":false' in said


def test_the_row_panel_says_whose_health_a_row_records(tmp_path):
    """The view's rows carry the learned column in the combined chronology's words, with whose health the chair
    said it was (health_of), and without a name where the row does not say."""
    from chair_cases import CASES

    [case] = [c for c in CASES if c.name == "suicide_whose_health_is_said"]
    loaded = load_case(case.write(tmp_path))
    data = view_data(build_report(EmbeddedEngine([loaded]), loaded.case_id))
    learned = {e["id"]: e["learned_text"] for e in data["events"]}
    assert learned["gp-drink"] == ["substance misuse (Percy)"]
    assert learned["mh-both"] == ["mental ill health (Vera)", "suicidality (Vera)"]
    assert learned["pol-drunk"] == ["domestic abuse", "relationship", "substance misuse"]
