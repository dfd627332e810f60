"""How long the chair's HTML view of a large case takes to render and settle in headless Chromium.

Generates a case with 2,000 network nodes (40 agencies, 4 forums, 1,956 people; about 5,000 chronology rows) with a
fixed seed, writes its view with `graphdhr html`, opens it and the Lottie view in Chromium and measures the time
from navigation to "settled": the page sets `window.__graphdhrReady = performance.now()` once the network and the
timeline are drawn and painted (positions come from the file, so nothing moves after that). Prints each figure, the
median of several runs, and the large case's ratio to the Lottie view measured in the same run.

    .venv/bin/python bench/html_settle.py            # needs /usr/bin/chromium and the playwright package
    .venv/bin/python bench/html_settle.py --runs 5 --keep out/bench

`generate_case(folder)` is also used by tests/test_html_browser.py.
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LOTTIE = ROOT / "examples" / "lottie"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

SECTORS = ["police", "probation", "mental_health", "acute_hospital", "gp", "urgent_care", "ambulance",
           "childrens_social_care", "adult_social_care", "housing", "education", "domestic_abuse_service",
           "victim_support", "substance_misuse", "community_health"]
COLUMNS = ["date", "date_precision", "agency", "subjects", "event_type", "details", "learned", "risk_level",
           "referral_to", "referral_outcome", "shared_with", "event_id", "source_ref"]


def generate_case(folder: Path, agencies: int = 40, forums: int = 4, nodes: int = 2000, seed: int = 2000) -> Path:
    """Write a case folder whose network has `nodes` nodes: agencies, forums and people (victim, perpetrator,
    two children and family, the rest other people each seen by one agency, a few by two or three)."""
    rng = random.Random(seed)
    people_count = nodes - agencies - forums
    agency_ids = [f"ag{i:02d}" for i in range(agencies)]
    forum_types = ["marac", "mappa", "mash", "adult_safeguarding"]
    forum_ids = [f"forum{i}" for i in range(forums)]
    people = [
        {"id": "vic", "pseudonym": "Vera", "role": "victim"},
        {"id": "per", "pseudonym": "Percy", "role": "perpetrator"},
        {"id": "kid1", "pseudonym": "Kit", "role": "child"},
        {"id": "kid2", "pseudonym": "Kim", "role": "child"},
    ]
    people += [{"id": f"p{i:04d}", "pseudonym": f"Person {i:04d}", "role": "family" if i < 20 else "other"}
               for i in range(people_count - len(people))]
    manifest = {
        "case_id": "bench2000",
        "title": "Generated case with 2,000 network nodes",
        "area": "Benchshire",
        "date_of_death": "2020-03-01",
        "terms_of_reference": {"start": "2014-01-01", "end": "2020-03-01"},
        "people": people,
        "relationships": [{"person": "vic", "other": "per", "type": "intimate_partner", "start": "2015-06"}],
        "agencies": [{"id": a, "name": f"Agency {i:02d} ({SECTORS[i % len(SECTORS)].replace('_', ' ')})",
                      "sector": SECTORS[i % len(SECTORS)], "contribution": "imr"} for i, a in enumerate(agency_ids)],
        "forums": [{"id": f, "type": forum_types[i % len(forum_types)], "name": f"Forum {i} ({forum_types[i % 4]})"}
                   for i, f in enumerate(forum_ids)],
    }
    start = 2014 * 12
    rows: list[dict[str, str]] = []

    def date(month_index: int) -> tuple[str, str]:
        year, month = divmod(month_index, 12)
        kind = rng.random()
        if kind < 0.7:
            return f"{year}-{month + 1:02d}-{rng.randint(1, 28):02d}", ""
        if kind < 0.9:
            return f"{year}-{month + 1:02d}", ""
        if kind < 0.95:
            return f"{year}", ""
        return f"{year}-{month + 1:02d}", "approximate"

    def add(agency: str, subjects: str, event_type: str, month: int, **extra: str) -> None:
        when, precision = date(month)
        rows.append({"date": when, "date_precision": precision, "agency": agency, "subjects": subjects,
                     "event_type": event_type, "details": extra.pop("details", f"{event_type} by {agency}"),
                     "event_id": f"r{len(rows):05d}", "source_ref": f"{agency} row {len(rows)}", **extra})

    for person in people[4:]:
        seen = [rng.choice(agency_ids)] if rng.random() < 0.9 else rng.sample(agency_ids, rng.randint(2, 3))
        for agency in seen:
            for _ in range(rng.randint(1, 3)):
                add(agency, person["id"], rng.choice(["contact", "appointment", "contact", "did_not_attend"]),
                    start + rng.randrange(72))
    for agency in agency_ids:
        for _ in range(rng.randint(3, 12)):
            month = start + rng.randrange(74)
            kind = rng.random()
            if kind < 0.35:
                add(agency, "vic;per", "incident", month, learned="relationship;domestic_abuse")
            elif kind < 0.5:
                add(agency, "vic", "disclosure", month, learned="domestic_abuse")
            elif kind < 0.62:
                add(agency, "vic", "risk_assessment", month, risk_level=rng.choice(["standard", "medium", "high"]))
            elif kind < 0.75:
                to = rng.choice(forum_ids + agency_ids)
                if to != agency:
                    add(agency, "vic;per", "referral", month, referral_to=to, referral_outcome="accepted")
            elif kind < 0.85:
                to = rng.choice(agency_ids)
                if to != agency:
                    add(agency, "vic", "information_share", month, shared_with=to)
            else:
                add(agency, rng.choice(["vic", "per", "kid1", "kid2", "vic;kid1"]), "contact", month)
    rows.sort(key=lambda r: r["event_id"])

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    (folder / "chronology").mkdir(exist_ok=True)
    with open(folder / "chronology" / "combined.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for r in rows:
            writer.writerow({c: r.get(c, "") for c in COLUMNS})
    return folder


def render(case_dir: Path, out: Path) -> float:
    """Write the case's view with the library (as `graphdhr html` does); return the seconds it took."""
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case
    from graphdhr.render.html import render_html
    from graphdhr.report import build_report

    began = time.perf_counter()
    case = load_case(case_dir)
    engine = EmbeddedEngine([case])
    out.write_text(render_html(build_report(engine, case.case_id)), encoding="utf-8")
    return time.perf_counter() - began


# Script time of one slider step (the agencies recoloured, the lines faded, the counter rewritten), averaged over
# 50 steps across the terms of reference.
SLIDER_STEP = """() => {
  const s = document.getElementById('slider'), lo = +s.min, hi = +s.max, began = performance.now();
  for (let i = 0; i < 50; i++) {
    s.value = String(Math.round(lo + (hi - lo) * i / 49));
    s.dispatchEvent(new Event('input'));
  }
  return (performance.now() - began) / 50;
}"""


def settle_times(files: list[Path], runs: int) -> tuple[dict[Path, list[float]], dict[Path, list[float]]]:
    """Milliseconds from navigation to the view's ready mark, and per slider step, per file and run, each run in a
    fresh page."""
    from playwright.sync_api import sync_playwright

    times: dict[Path, list[float]] = {f: [] for f in files}
    steps: dict[Path, list[float]] = {f: [] for f in files}
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                        args=CHROMIUM_ARGS, viewport={"width": 1440, "height": 1000})
        for _ in range(runs):
            for f in files:
                page = context.new_page()
                page.goto(f.resolve().as_uri())
                page.wait_for_function("() => window.__graphdhrReady !== undefined", timeout=120_000)
                times[f].append(page.evaluate("window.__graphdhrReady"))
                steps[f].append(page.evaluate(SLIDER_STEP))
                page.close()
        context.close()
    return times, steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per file (default 5)")
    parser.add_argument("--keep", type=Path, help="write the generated case and the views here")
    parser.add_argument("--limit-ms", type=float, default=1000.0,
                        help="the bound on the large case's median settle time (default 1000, issue 13)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"bench: {CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        big_case = generate_case(where / "bench2000")
        big, small = where / "bench2000.html", where / "lottie.html"
        big_render = render(big_case, big)
        small_render = render(LOTTIE, small)
        times, steps = settle_times([small, big], args.runs)
        sizes = (big.stat().st_size // 1024, small.stat().st_size // 1024)
    b, s = statistics.median(times[big]), statistics.median(times[small])
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    print(f"render in Python: 2,000-node case {big_render:.2f} s ({sizes[0]} KiB), Lottie {small_render:.2f} s "
          f"({sizes[1]} KiB)")
    print("settle, ms from navigation (each run): 2,000-node case " + ", ".join(f"{t:.0f}" for t in times[big])
          + "; Lottie " + ", ".join(f"{t:.0f}" for t in times[small]))
    print(f"settle, median of {args.runs}: 2,000-node case {b:.0f} ms, Lottie {s:.0f} ms, ratio {b / s:.1f}x")
    print(f"slider step, median: 2,000-node case {statistics.median(steps[big]):.1f} ms, "
          f"Lottie {statistics.median(steps[small]):.1f} ms")
    met = b <= args.limit_ms
    print(f"target: the 2,000-node case settles within {args.limit_ms:.0f} ms: {'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
