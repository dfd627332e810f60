"""The chair's HTML view in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Each file opens from file:// in a fresh page: no request may leave file://, no console or page error may occur,
the network and the timeline must be drawn, the slider must change what is shown, and a script planted in the case
must show as text and never run. The Lottie view's screenshot goes to test-artifacts/lottie-view.png.
"""

from __future__ import annotations

import importlib.util
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from casekit import row, write_case
from conftest import EXAMPLE, ROOT, _missing

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.render.html import render_html
from graphdhr.report import build_report

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
XSS_DETAILS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
XSS_REF = '<a href="javascript:window.__xss=3">1.5.9</a>'

# Runs before the page's own script: records every Content-Security-Policy violation the page reports.
WATCH_POLICY = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package")
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="graphdhr-chromium-") as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1440, "height": 1000}, service_workers="block",
        )
        yield context
        context.close()


@dataclass
class View:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)


def write_view(case_dir: Path, out: Path) -> Path:
    engine = EmbeddedEngine([load_case(case_dir)])
    out.write_text(render_html(build_report(engine, engine.case_ids()[0])), encoding="utf-8")
    return out


def open_view(browser, path: Path, timeout_ms: int = 30_000) -> View:
    """Open a view in a fresh page; route every request (and let through only file://); wait until it settled."""
    page = browser.new_page()
    view = View(page, path.resolve().as_uri())

    def route(r):  # noqa: ANN001
        view.requests.append(r.request.url)
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: view.requests.append(req.url))
    page.on("console", lambda m: view.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: view.errors.append(f"page error: {e}"))
    page.add_init_script(WATCH_POLICY)
    page.goto(view.url)
    page.wait_for_function("() => window.__graphdhrReady !== undefined", timeout=timeout_ms)
    return view


def assert_clean(view: View) -> None:
    assert [u for u in view.requests if not u.startswith("file://")] == []
    assert set(view.requests) == {view.url}, "only the file itself may be loaded"
    assert view.errors == []
    assert view.js("window.__violations") == []


@pytest.fixture(scope="module")
def lottie_file(tmp_path_factory) -> Path:
    return write_view(EXAMPLE, tmp_path_factory.mktemp("view") / "lottie.html")


def lottie_report():
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case
    from graphdhr.report import build_report

    return build_report(EmbeddedEngine([load_case(EXAMPLE)]), "lottie")


def test_lottie_view_draws_network_and_timeline_offline(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        counts = view.js("""({
            nodes: document.querySelectorAll('#net-svg g.node').length,
            edges: document.querySelectorAll('#net-svg line.edge').length,
            labels: document.querySelectorAll('#net-svg text.label:not(.loose)').length,
            marks: document.querySelectorAll('#timeline-svg g.mark').length,
            lanes: document.querySelectorAll('#timeline-svg text.lane-label').length,
            ranged: document.querySelectorAll('#timeline-svg g.mark[data-precision=month] rect').length,
            findings: document.querySelectorAll('li.finding').length,
            scripts: document.scripts.length,
        })""")
        assert counts["nodes"] == 6 + 27 + 4 and counts["edges"] > 40 and counts["labels"] == counts["nodes"]
        assert counts["marks"] == 98 and counts["lanes"] >= 20
        assert counts["ranged"] > 0, "a month-only row is drawn as a bar across its month, not as a day"
        assert counts["findings"] == len(lottie_report().findings) and counts["scripts"] == 2
        box = view.page.locator("#net-svg").bounding_box()
        assert box and box["width"] > 500 and box["height"] > 400
        # Clicking Thames Valley Police shows what it knew and its finding in the side panel.
        view.page.click("#net-svg g.node[data-id='agency:tvp']")
        panel = view.page.inner_text("#panel")
        assert "Thames Valley Police" in panel and "never passed on" in panel and "1.5.16" in panel
        view.page.click("#net-svg", position={"x": 5, "y": 5})  # deselect
        ARTIFACTS.mkdir(exist_ok=True)
        view.page.evaluate("window.scrollTo(0, 0)")
        view.page.screenshot(path=str(ARTIFACTS / "lottie-view.png"))
        assert_clean(view)
    finally:
        view.page.close()


def test_slider_shows_knowledge_spreading(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        def at(value: str) -> dict[str, Any]:
            return view.js(f"""(() => {{
                const s = document.getElementById('slider');
                s.value = {value};
                s.dispatchEvent(new Event('input', {{bubbles: true}}));
                s.dispatchEvent(new Event('change', {{bubbles: true}}));
                const states = {{}};
                document.querySelectorAll('#net-svg g.node.agency').forEach(g => {{
                    states[g.dataset.id] = [g.dataset.state, g.querySelector('circle:not(.ring)').getAttribute('fill')];
                }});
                return {{text: document.getElementById('knew').textContent, date: document.getElementById('slider-date').textContent,
                         states, faded: document.querySelectorAll('#net-svg line.edge.future').length}};
            }})()""")

        end = at("s.max")
        start = at("s.min")
        mid = at("String(Math.round(+s.min + (+s.max - +s.min) * 0.8))")
        assert "9 agencies knew of the relationship between Lottie and Bert by 2015-03-31" in end["text"]
        assert "0 agencies knew of the relationship between Lottie and Bert by 2009-06-01" in start["text"]
        assert start["text"] != mid["text"] != end["text"]
        assert all(state == "none" for state, _fill in start["states"].values())
        assert end["states"]["agency:tvp"][0] == "knew" and end["states"]["agency:hidva"][0] == "shared"
        assert start["states"]["agency:tvp"][1] != end["states"]["agency:tvp"][1], "the node's colour changes"
        assert start["faded"] > mid["faded"] > end["faded"] == 0
        assert_clean(view)
    finally:
        view.page.close()


def test_filters_and_findings_link_to_nodes(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        view.page.select_option("#f-agency", "tvp")
        shown = view.js("""[...document.querySelectorAll('#timeline-svg g.mark:not(.hidden)')].map(g => g.dataset.id)""")
        assert shown and all(i.startswith("tvp-") for i in shown)
        findings = view.js("[...document.querySelectorAll('li.finding:not(.hidden)')].map(li => li.dataset.agencies)")
        assert findings and all("tvp" in a.split() for a in findings)
        view.page.select_option("#f-agency", "")
        view.page.select_option("#f-type", "risk_assessment")
        types = view.js("""[...document.querySelectorAll('#timeline-svg g.mark:not(.hidden)')].length""")
        assert types == 2
        view.page.click("#f-reset")
        assert view.js("document.querySelectorAll('#timeline-svg g.mark.hidden').length") == 0
        # "Show in network" selects the finding's agency and people.
        index = view.js("""[...document.querySelectorAll('li.finding')].findIndex(li => li.dataset.agencies === 'tvp'
                           && li.textContent.includes('silo.relationship'))""")
        view.page.click(f"#finding-{index} button.show-finding")
        selected = view.js("[...document.querySelectorAll('#net-svg g.node.selected')].map(g => g.dataset.id).sort()")
        assert selected == ["agency:tvp", "person:bert", "person:lottie"]
        assert "Thames Valley Police knew of the relationship" in view.page.inner_text("#panel")
        assert_clean(view)
    finally:
        view.page.close()


def test_policy_blocks_a_request_even_from_script(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        outcome = view.js("""fetch('https://example.invalid/x').then(() => 'fetched', e => 'blocked: ' + e.name)""")
        assert outcome.startswith("blocked")
        assert [u for u in view.requests if not u.startswith("file://")] == []
        assert any(v.startswith("connect-src") for v in view.js("window.__violations"))
    finally:
        view.page.close()


def test_planted_script_shows_as_text_and_never_runs(browser, tmp_path):
    case = write_case(tmp_path / "xss", [
        row("2013-01-05", "police", "vic;per", "incident", learned="relationship;domestic_abuse",
            details=XSS_DETAILS, source_ref=XSS_REF),
        row("2013-02", "gp", "vic", "contact", details='She said "he\'ll <b>kill</b> me" & left'),
    ])
    view = open_view(browser, write_view(case, tmp_path / "xss.html"))
    try:
        assert view.js("typeof window.__xss") == "undefined"
        assert view.js("document.querySelectorAll('img').length") == 0
        assert view.js("document.scripts.length") == 2
        assert view.js("document.querySelectorAll('a').length") == 0
        view.page.click("#net-svg g.node[data-id='agency:police']")
        panel = view.page.inner_text("#panel")
        assert XSS_DETAILS in panel and XSS_REF in panel
        assert XSS_REF in view.page.inner_text("#findings-section")
        # The timeline's tooltip is text too.
        tip = view.js("document.querySelector('#timeline-svg g.mark[data-id=combined-2] title').textContent")
        assert XSS_DETAILS in tip
        view.page.click("#timeline-svg g.mark[data-id='combined-2']")
        assert XSS_DETAILS in view.page.inner_text("#panel")
        assert view.js("typeof window.__xss") == "undefined"
        assert_clean(view)
    finally:
        view.page.close()


def test_2000_node_case_renders_and_stays_usable(browser, tmp_path):
    """The 2,000-node view draws every node and zooms; how fast it settles is measured by bench/html_settle.py."""
    spec = importlib.util.spec_from_file_location("html_settle", ROOT / "bench" / "html_settle.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    case = bench.generate_case(tmp_path / "big")
    view = open_view(browser, write_view(case, tmp_path / "big.html"), timeout_ms=60_000)
    try:
        assert view.js("window.__graphdhrReady") is not None
        assert view.js("document.querySelectorAll('#net-svg g.node').length") == 2000
        # People's names are hidden until zoomed in.
        assert view.js("getComputedStyle(document.querySelector('#net-svg .plabel')).display") == "none"
        for _ in range(8):
            view.page.click("#zoom-in")
        assert view.js("getComputedStyle(document.querySelector('#net-svg .plabel')).display") != "none"
        assert_clean(view)
    finally:
        view.page.close()
