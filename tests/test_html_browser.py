"""The chair's HTML view in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Each file opens from file:// in a fresh page: no request may leave file://, no console or page error may occur,
the network and the timeline must be drawn, the slider must change what is shown, and a script planted in the case
must show as text and never run. The Lottie view's screenshot goes to test-artifacts/lottie-view.png.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from casekit import row, write_case
from conftest import EXAMPLE, ROOT, _missing
from panelmd import read_panel

from graphdhr.dates import ChronoDate, date_label
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


def open_view(browser, path: Path, timeout_ms: int = 30_000, viewport: tuple[int, int] | None = None) -> View:
    """Open a view in a fresh page (of the given viewport size); route every request (and let through only
    file://); wait until it settled."""
    page = browser.new_page()
    if viewport:
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
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
        assert "9 agencies knew of the relationship between Lottie and Bert by 31 Mar 2015" in end["text"]
        assert "0 agencies knew of the relationship between Lottie and Bert by 1 Jun 2009" in start["text"]
        assert start["text"] != mid["text"] != end["text"]
        assert all(state == "none" for state, _fill in start["states"].values())
        assert end["states"]["agency:tvp"][0] == "knew" and end["states"]["agency:hidva"][0] == "shared"
        assert start["states"]["agency:tvp"][1] != end["states"]["agency:tvp"][1], "the node's colour changes"
        assert start["faded"] > mid["faded"] > end["faded"] == 0
        assert_clean(view)
    finally:
        view.page.close()


def test_the_slider_says_its_date_in_words(browser, lottie_file):
    """The slider's label, the agencies' spoken labels and the side panel say the slider's date as every other
    date a chair reads ("10 Feb 2014", graphdhr.dates.date_label), never as ISO; checked on days whose words differ
    from their ISO form in every part (a one-digit day, each month)."""
    view = open_view(browser, lottie_file)
    try:
        days = [dt.date(2009, 6, 1), dt.date(2010, 1, 9), dt.date(2014, 2, 10), dt.date(2014, 11, 8),
                dt.date(2015, 3, 31), *(dt.date(2012, month, 15) for month in range(1, 13))]
        view.page.click("#net-svg g.node[data-id='agency:tvp']")
        for when in days:
            said = view.js(f"""(() => {{
                const s = document.getElementById('slider');
                s.value = String(Date.UTC({when.year}, {when.month - 1}, {when.day}) / 86400000);
                s.dispatchEvent(new Event('input', {{bubbles: true}}));
                return {{label: document.getElementById('slider-date').textContent,
                         node: document.querySelector('#net-svg g.node[data-id="agency:tvp"]').getAttribute('aria-label'),
                         knew: document.getElementById('knew').textContent,
                         panel: [...document.querySelectorAll('#panel .state')].map(el => el.textContent).join(' ')}};
            }})()""")
            words = date_label(ChronoDate(when, when, "day"))
            assert said["label"] == words, (when, said["label"])
            assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", said["label"]), said["label"]
            assert f"; on {words}: " in said["node"] and f" by {words};" in said["knew"], said
            assert said["panel"].startswith(f"On {words}: "), said["panel"]
            # The rows' ids hold ISO dates (tvp-2014-11-08); what is said of the slider's date holds none.
            for text in said.values():
                assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), text
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
        index = view.js("""[...document.querySelectorAll('li.finding')].find(li => li.dataset.agencies === 'tvp'
                           && li.querySelector('.rule').title.includes('silo.relationship')).id""")
        view.page.click(f"#{index} button.show-finding")
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


# The screens the issue names: a 1440x900 desktop and a 1366x768 laptop.
SCREENS = [(1440, 900), (1366, 768)]


def screen_id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.mark.parametrize("screen", SCREENS, ids=screen_id)
def test_summary_is_first_and_names_the_headline_conclusions(browser, lottie_file, screen):
    """The first thing after the banner is the summary, on the first screen, and it states the worked example's
    headline conclusions as its PANEL.md gives them (a line of each rule naming its agencies), and the "who knew"
    line: only 9 of the 17 agencies in contact knew of the relationship (1.7.6)."""
    view = open_view(browser, lottie_file, viewport=screen)
    try:
        first = view.js("""(() => {
            const banner = document.querySelector('body > .banner');
            let next = banner.nextElementSibling;
            const box = next.getBoundingClientRect();
            return {id: next.id, top: box.top, h1: next.querySelector('h1').textContent};
        })()""")
        assert first["id"] == "summary" and first["top"] < 60 and "Review into the death of Lottie" in first["h1"]
        assert "Nine of the 17 agencies" in view.page.inner_text("#summary")
        lines = view.js("""[...document.querySelectorAll('#summary details.summary-line')].map(d => ({
            title: d.querySelector('summary').title, agencies: d.dataset.agencies.split(' ')}))""")
        for conclusion in read_panel(EXAMPLE / "PANEL.md").headlines:
            assert any(conclusion.rule in line["title"].split("rule ", 1)[-1].split(" (")[0].split(", ")
                       and set(conclusion.agencies) <= set(line["agencies"]) for line in lines), conclusion
        # The first screen shows the key findings, not metadata.
        heading = view.page.locator("#summary h2").bounding_box()
        assert heading and heading["y"] < screen[1] / 2
        assert "sha256" not in view.js("document.body.innerText.slice(0, 4000)")
        silo = view.page.locator("details.summary-line[data-agencies~='tvp']",
                                 has=view.page.locator("summary[title*='silo.relationship']")).first
        silo.locator("summary").click()
        assert "Thames Valley Police" in silo.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        view.js("window.scrollTo(0, 0)")
        view.page.screenshot(path=str(ARTIFACTS / f"lottie-summary-{screen_id(screen)}.png"))
        assert_clean(view)
    finally:
        view.page.close()


@pytest.mark.parametrize("screen", SCREENS, ids=screen_id)
def test_summary_line_shows_its_evidence_and_lights_the_network(browser, lottie_file, screen):
    view = open_view(browser, lottie_file, viewport=screen)
    try:
        line = view.page.locator("details.summary-line", has_text="released from custody").first
        assert not line.locator(".evidence-text").is_visible()
        line.locator("summary").click()
        evidence = line.locator(".evidence-text").inner_text()
        assert "21 Jun 2014, National Probation Service, London Division: Bert released from prison" in evidence
        assert "18 Feb 2014" in evidence and "ref 1.5.19" in evidence
        lit = view.js("""({focus: document.getElementById('net-svg').classList.contains('focus'),
            selected: [...document.querySelectorAll('#net-svg g.node.selected')].map(g => g.dataset.id)})""")
        assert lit["focus"] and "agency:probation" in lit["selected"] and "person:bert" in lit["selected"]
        panel = view.page.inner_text("#panel")
        assert "What the chronologies say" in panel and "Bert released from prison" in panel
        line.locator("button.to-network").click()
        view.page.wait_for_timeout(100)
        net_box = view.page.locator("#net-svg").bounding_box()
        assert net_box and 0 <= net_box["y"] < screen[1]
        view.page.screenshot(path=str(ARTIFACTS / f"lottie-network-lit-{screen_id(screen)}.png"))
        # Closing the line puts the network back.
        view.js("document.querySelector('details.summary-line[open]').open = false")
        view.page.wait_for_function("!document.getElementById('net-svg').classList.contains('focus')")
        assert_clean(view)
    finally:
        view.page.close()


def test_slider_changes_rings(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        def rings_at(iso: str) -> list[str]:
            return view.js(f"""(() => {{
                const s = document.getElementById('slider');
                s.value = String(Date.UTC(+'{iso}'.slice(0, 4), +'{iso}'.slice(5, 7) - 1, +'{iso}'.slice(8, 10)) / 86400000);
                s.dispatchEvent(new Event('input', {{bubbles: true}}));
                return [...document.querySelectorAll('#net-svg g.node')].filter(g => {{
                    const r = g.querySelector('circle.ring');
                    return r && getComputedStyle(r).display !== 'none';
                }}).map(g => g.dataset.id).sort();
            }})()""")

        start, before, after, end = (rings_at(d) for d in ("2009-06-01", "2014-11-07", "2014-11-08", "2015-03-31"))
        assert start == []
        assert "agency:tvp" not in before and "agency:tvp" in after
        # Ten rings by the end: the school nurse's service, probation and Victim Support knew, but what they knew moved
        # through another agency (docs/rules.md, "Silos"), so none of them is ringed as knowing and never passing on.
        assert len(before) < len(after) <= len(end) and len(end) == 10
        assert not {"agency:cnwl-community", "agency:probation", "agency:victim-support"} & set(end)
        label = view.js("document.querySelector('#net-svg g.node[data-id=\"agency:tvp\"]').getAttribute('aria-label')")
        assert "knew and never passed it on" in label  # the ring is said in words too, not by colour alone
        assert_clean(view)
    finally:
        view.page.close()


def test_filters_dim_the_network(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        def dimmed() -> list[str]:
            return view.js("[...document.querySelectorAll('#net-svg g.node.dim')].map(g => g.dataset.id)")

        assert dimmed() == []
        view.page.select_option("#f-agency", "tvp")
        dim = dimmed()
        assert "agency:tvp" not in dim and "person:bert" not in dim and "person:lottie" not in dim
        assert "agency:met-police" in dim and "agency:hidva" in dim
        opacity = view.js("getComputedStyle(document.querySelector('#net-svg g.node[data-id=\"agency:met-police\"]')).opacity")
        assert float(opacity) < 0.5
        view.page.select_option("#f-agency", "")
        view.page.select_option("#f-person", "betty")
        assert "person:betty" not in dimmed() and "person:dolly" in dimmed()
        view.page.click("#f-reset")
        assert dimmed() == []
        assert_clean(view)
    finally:
        view.page.close()


def test_search_finds_an_agency(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        view.page.fill("#search", "thames")
        assert "Thames Valley Police" in view.page.inner_text("#search-result")
        assert view.js("[...document.querySelectorAll('#net-svg g.node.found')].map(g => g.dataset.id)") == ["agency:tvp"]
        view.page.press("#search", "Enter")
        assert view.page.inner_text("#panel h3") == "Thames Valley Police"
        assert view.js("[...document.querySelectorAll('#net-svg g.node.selected')].map(g => g.dataset.id)") == ["agency:tvp"]
        # By the short name the network shows; the panel names it in full.
        view.page.fill("#search", "hillingdon csc")
        assert "London Borough of Hillingdon, Children's Social Care" in view.page.inner_text("#search-result")
        view.page.press("#search", "Enter")
        assert view.page.inner_text("#panel h3") == "London Borough of Hillingdon, Children's Social Care"
        view.page.fill("#search", "no such agency")
        assert "no person or agency" in view.page.inner_text("#search-result")
        assert_clean(view)
    finally:
        view.page.close()


def test_timeline_zooms_from_years_to_days(browser, lottie_file):
    view = open_view(browser, lottie_file)
    try:
        def ticks() -> list[str]:
            return view.js("[...document.querySelectorAll('#timeline-svg .tick-label')].map(t => t.textContent)")

        assert "2012" in ticks() and view.page.inner_text("#t-range").startswith("Showing 1 Jan 2009")
        whole = view.js("document.querySelectorAll('#timeline-svg g.mark').length")
        view.page.focus("#timeline")
        for _ in range(12):
            view.page.keyboard.press("+")
        labels = ticks()
        assert labels and all(t.isdigit() and int(t) <= 31 for t in labels if t and " " not in t), labels
        assert view.js("document.querySelectorAll('#timeline-svg g.mark').length") < whole
        for _ in range(3):
            view.page.keyboard.press("ArrowLeft")
        view.page.click("#t-fit")
        assert view.js("document.querySelectorAll('#timeline-svg g.mark').length") == whole
        # Zoom with the wheel over the timeline, and the key events stay labelled.
        box = view.page.locator("#timeline").bounding_box()
        view.page.mouse.move(box["x"] + box["width"] * 0.85, box["y"] + 100)
        view.page.mouse.wheel(0, 300)  # a plain wheel scrolls the page, and leaves the timeline as it was
        assert view.page.inner_text("#t-range").startswith("Showing 1 Jan 2009")
        box = view.page.locator("#timeline").bounding_box()
        view.page.mouse.move(box["x"] + box["width"] * 0.85, box["y"] + 100)
        view.page.keyboard.down("Control")
        view.page.mouse.wheel(0, -400)
        view.page.keyboard.up("Control")
        assert not view.page.inner_text("#t-range").startswith("Showing 1 Jan 2009")
        view.page.click("#t-fit")
        keys = view.js("[...document.querySelectorAll('#timeline-svg .key-event text')].map(t => t.textContent)")
        assert {"Lottie died", "Lottie and Bert: relationship began", "Bert recalled to prison"} <= set(keys)
        # Lanes for the people come first, each agency under its sector.
        lanes = view.js("[...document.querySelectorAll('#timeline-svg .lane-label')].map(t => t.dataset.id)")
        assert lanes[:3] == ["lottie", "bert", "betty"]
        assert view.js("document.querySelectorAll('#timeline-svg g.pmark').length") > 50
        view.page.locator("#timeline-section").screenshot(path=str(ARTIFACTS / "lottie-timeline.png"))
        assert_clean(view)
    finally:
        view.page.close()


def test_phone_sized_screen_and_keyboard(browser, lottie_file):
    view = open_view(browser, lottie_file, viewport=(390, 844))
    try:
        assert view.js("document.scrollingElement.scrollWidth") <= 390
        assert view.js("document.querySelector('body > .banner').nextElementSibling.id") == "summary"
        view.page.screenshot(path=str(ARTIFACTS / "lottie-phone.png"))
        # The first Tab reaches the first summary line; Enter opens it.
        view.page.keyboard.press("Tab")
        assert view.js("document.activeElement.tagName") == "SUMMARY"
        view.page.keyboard.press("Enter")
        assert view.js("document.activeElement.parentElement.open") is True
        assert_clean(view)
    finally:
        view.page.close()


def test_print_is_a_briefing_pack(browser, lottie_file, tmp_path):
    """Printed to PDF, the first page is the summary (not a table of hashes), the timeline and the network are on
    landscape pages, and the provenance comes last."""
    from pypdf import PdfReader

    view = open_view(browser, lottie_file)
    try:
        pdf = tmp_path / "lottie.pdf"
        view.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=False)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "lottie-print.pdf").write_bytes(pdf.read_bytes())
        reader = PdfReader(str(pdf))
        # Text as a reader sees it: ligatures ("fi") as their letters, lines joined.
        pages = [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in reader.pages]
        first = pages[0]
        assert first.startswith("OFFICIAL-SENSITIVE")
        assert "Review into the death of Lottie" in first and "Key findings" in first
        assert "Lottie was killed" in first and "sha256" not in first
        landscape = [i for i, p in enumerate(reader.pages) if float(p.mediabox.width) > float(p.mediabox.height)]
        assert len(landscape) == 2, "the network and the timeline each print on one landscape page"
        assert pages[landscape[0]].startswith("Network") and pages[landscape[1]].startswith("Timeline")
        provenance = next(i for i, p in enumerate(pages) if "Provenance Made by graphdhr" in p)
        assert provenance > max(landscape) and "and their sha256" in " ".join(pages[provenance:])
        assert "chronology/tvp.csv" in " ".join(pages[provenance:])
        # Every summary line is printed open: its evidence is on paper.
        assert "21 Jun 2014, National Probation Service" in " ".join(pages[:landscape[0]])
        assert len(reader.pages) <= 26
        assert_clean(view)
    finally:
        view.page.close()


def test_a_share_of_uncertain_order_shows_as_may_have_passed_on(browser, tmp_path):
    """The chair's case of uncertain dates: at the slider's last day housing (told of the assault on 10 Sep 2014,
    referring Vera to the IDVA some time in Sep 2014) is drawn as 'may have passed on', not as the police and the
    IDVA, who certainly passed theirs on; its side panel and spoken label say so in the report's words. A row
    about both people says whose health it records where the chair said so."""
    from chair_cases import CASES

    from graphdhr.report import MAY_HAVE_PASSED_ON, ORDER_NOT_KNOWN

    cases = {c.name: c for c in CASES}
    folder = cases["suicide_uncertain_dates"].write(tmp_path)
    view = open_view(browser, write_view(folder, tmp_path / "uncertain.html"))
    try:
        states = view.js("""(() => {
            const s = document.getElementById('slider');
            s.value = s.max;
            s.dispatchEvent(new Event('input', {bubbles: true}));
            const out = {};
            document.querySelectorAll('#net-svg g.node.agency').forEach(g => {
                const dot = g.querySelector('circle.maybe');
                out[g.dataset.id] = [g.dataset.state, getComputedStyle(dot).display !== 'none', g.getAttribute('aria-label')];
            });
            return out;
        })()""")
        assert states["agency:housing"][:2] == ["maybe_shared", True]
        assert f"{MAY_HAVE_PASSED_ON} all of it ({ORDER_NOT_KNOWN})" in states["agency:housing"][2]
        assert [states[a][:2] for a in ("agency:police", "agency:idva")] == [["shared", False]] * 2
        assert states["agency:mh"][0] == "knew"
        view.page.click("#net-svg g.node[data-id='agency:housing']")
        panel = view.page.inner_text("#panel")
        assert f"{MAY_HAVE_PASSED_ON} to Test IDVA on Sep 2014 ({ORDER_NOT_KNOWN})" in panel
        assert not re.search(r"(?<!may have )passed on to", panel), "nothing says housing certainly passed it on"
        assert f"{MAY_HAVE_PASSED_ON} all of it" in panel  # the state line follows the slider
        view.page.click("#net-svg g.node[data-id='agency:police']")
        assert "passed on to Test IDVA on Mar 2014" in view.page.inner_text("#panel")
        assert_clean(view)
    finally:
        view.page.close()

    folder = cases["suicide_whose_health_is_said"].write(tmp_path)
    view = open_view(browser, write_view(folder, tmp_path / "health.html"))
    try:
        view.page.click("#timeline-svg g.mark[data-id='mh-both']")
        assert "mental ill health (Vera), suicidality (Vera)" in view.page.inner_text("#panel")
        assert_clean(view)
    finally:
        view.page.close()
