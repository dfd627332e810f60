"""The chair's HTML view: one self-contained file per case that opens offline and asks nothing of the network.

The file opens with the briefing (graphdhr.briefing: the case in two sentences, the key findings by theme, each
with its evidence told as what happened), then holds the network (people, agencies, forums; contacts, referrals
and shares), a timeline with a lane per person the review is about and per agency by sector, a date slider that
shows what each agency knew on a given day, every finding with its evidence, and the provenance last. It is built
only from the report, so it looks the same whichever engine read the case. Where each node goes is
`graphdhr.render.layout`; what the summary says is the briefing's, never decided here.

Safety, because the data is about real people and the file travels on locked-down laptops:

- the page's one script and its styles are inlined; a Content-Security-Policy allows exactly that script (by its
  sha256) and forbids every request (no `connect-src`, no images but `data:`, no fonts, frames or forms);
- the case's data travels as JSON in a `<script type="application/json">` element, serialised so that no value
  can close that element (`<`, `>`, `&`, U+2028 and U+2029 are written as `\\uXXXX`), and the script shows every
  text from it with `textContent`, never as HTML; tooltips are SVG `<title>` text;
- the parts of the page written in HTML (the summary, the findings, the tables) go through Jinja2's
  autoescaping, so they read and print even where scripts are blocked; the script copies a finding from there
  with `cloneNode`, never by parsing text.

Determinism: positions are computed with a fixed seed, JSON keys are sorted and nothing records the time, so
the same case gives a byte-identical file. The network and the timeline are drawn as SVG by the page's own small
script rather than by pyvis, vis-network or a timeline library: no third-party code in the file, nothing that needs
`eval`, and a vector drawing that prints (README, "The chair's view", says why).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from importlib import resources
from typing import Any

from graphdhr import vocab
from graphdhr.dates import date_label
from graphdhr.findings import Evidence, Finding, held_fact_text, learned_words, topic_text
from graphdhr.render.layout import LABEL_CHAR_PX, LABEL_LINE_PX, MANY_NODES, label_lines, layout
from graphdhr.briefing import Citer, build_briefing
from graphdhr.render.view_summary import view_summary
from graphdhr.report import MAY_HAVE_PASSED_ON, ORDER_NOT_KNOWN, ChronologyLine, Report

# Every hash the policy lists is filled in at render time from the page's own scripts.
CSP = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; "
    "font-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

# The timeline's colour per kind of row; each event type belongs to one kind (an incident that carries a risk
# grade stays an incident, its grade written beside it). Colours stay apart in greyscale print too (the marks differ in shape).
CATEGORIES: dict[str, tuple[str, str]] = {
    "contact": ("#607d8b", "contact, appointment, admission, meeting, registration (small dot)"),
    "incident": ("#c62828", "incident, arrest, charge, conviction, custody, release, recall (dot)"),
    "disclosure": ("#8e24aa", "disclosure (ring)"),
    "risk": ("#ef6c00", "risk assessment (diamond; grade shown: S, M, H)"),
    "referral": ("#1565c0", "referral (triangle)"),
    "share": ("#00897b", "information share (square)"),
    "fatal": ("#000000", "fatal incident (cross)"),
}
EVENT_CATEGORY = {
    "disclosure": "disclosure",
    "incident": "incident",
    "arrest": "incident",
    "caution": "incident",
    "charge": "incident",
    "conviction": "incident",
    "custody": "incident",
    "release": "incident",
    "recall": "incident",
    "risk_assessment": "risk",
    "referral": "referral",
    "information_share": "share",
    "fatal_incident": "fatal",
}

# Agency fill on the slider date, and the rings that mark the findings about an agency.
KNOWLEDGE_STATES: dict[str, tuple[str, str]] = {
    "none": ("#bdbdbd", "knew nothing of the relationship or abuse yet (hollow)"),
    "knew": ("#f9a825", "knew, and had not passed all of it on (solid)"),
    "shared": ("#2e7d32", "knew, and had passed it on (white centre)"),
    # Only where a share's order against what the agency knew cannot be known (graphdhr.report.passing_note).
    "maybe_shared": ("#9e9d24", f"knew, and {MAY_HAVE_PASSED_ON} all of it ({ORDER_NOT_KNOWN}) "
                                "(white centre, dark dot)"),
}
RINGS: dict[str, tuple[str, str]] = {
    "silo": ("#c62828", "knew and never passed it on (finding)"),
    # A blind spot: the agency's own records may hold abuse with no perpetrator named, so "never knew" would
    # contradict them; what the finding claims is that it was never told what others knew.
    "never_told": ("#ef6c00", "in contact after others knew of the abuse, never told (finding)"),
}
ROLE_COLOURS = {"victim": "#6a1b9a", "perpetrator": "#212121", "child": "#0277bd", "family": "#5c6bc0",
                "other": "#78909c"}
FORUM_COLOUR = "#00838f"
FLOW_COLOUR = "#00796b"



def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _category(event_type: str) -> str:
    return EVENT_CATEGORY.get(event_type, "contact")


# The people who get a lane of their own on the timeline, in this order: whom the review is about.
PERSON_LANE_ROLES = ("victim", *vocab.PERPETRATOR_ROLES, "person_at_risk", "child")

# Rows the timeline names above its lanes, by event type: the turns a panel looks for first.
KEY_EVENT_WORDS = {"arrest": "{p} arrested", "recall": "{p} recalled to prison", "release": "{p} released"}


def _key_events(report: Report) -> list[dict[str, Any]]:
    """The turns of the case the timeline annotates: relationship start and end, MARAC referrals, arrests, recall
    and release, separation, the death; each with its date as written."""
    d = report.directory
    marac = {f for f, (_n, kind) in d.forums.items() if kind == "marac"}
    out: list[dict[str, Any]] = []

    def key(kind: str, date: Any, label: str, event_id: str | None = None) -> None:
        out.append({"kind": kind, "start": date.start.isoformat(), "end": date.end.isoformat(), "date": date_label(date),
                    "label": label, "id": event_id})

    for r in d.relationships:
        if r.relationship_type not in ("intimate_partner", "ex_partner"):
            continue
        pair = f"{d.person(r.person_id)} and {d.person(r.other_id)}"
        if r.start is not None:
            key("relationship", r.start, f"{pair}: relationship began")
        if r.end is not None:
            key("separation", r.end, f"{pair}: relationship ended")
    died = False
    for line in report.chronology:
        e = line.evidence
        who = _subject(line, report)
        if line.event_type == vocab.FATAL_INCIDENT:
            died = True
            key("death", e.date, f"{who} died" if who else "fatal incident", e.event_id)
        elif line.event_type in KEY_EVENT_WORDS and who:
            key(line.event_type, e.date, KEY_EVENT_WORDS[line.event_type].format(p=who), e.event_id)
        if marac & set(line.referred_to):
            key("marac", e.date, "MARAC referral", e.event_id)
        if "separation" in line.learned:
            key("separation", e.date, "separation recorded", e.event_id)
    if not died and d.death is not None:
        victims = [n for n, role in d.people.values() if role == "victim"]
        key("death", d.death, f"{victims[0]} died" if victims else "death")
    return sorted(out, key=lambda k: (k["start"], k["kind"], k["label"]))


def _subject(line: ChronologyLine, report: Report) -> str | None:
    """Whom a key row is about, for its label: the perpetrator when named on it, else the victim, else the first
    person named."""
    people = report.directory.people
    rank = {role: i for i, role in enumerate((*vocab.PERPETRATOR_ROLES, "victim"))}
    named = sorted((p for p in line.subjects if p in people), key=lambda p: (rank.get(people[p][1], len(rank)), p))
    return people[named[0]][0] if named else None


def _cite(e: Evidence, report: Report) -> str:
    return f"{report.directory.agency(e.agency_id)}, {date_label(e.date)}, ref {e.source_ref}, row {e.event_id}"


# -- the page's data --------------------------------------------------------------------------------------------

def view_data(report: Report) -> dict[str, Any]:
    """Everything the page's script draws, as JSON-ready values (ids, ISO dates, and texts shown as text)."""
    d = report.directory
    case_id = d.case_id
    contacts = {(f"agency:{c.agency_id}", f"person:{c.person_id}"): c.rows for c in report.contacts}

    def node_of(key: str) -> str:
        return f"forum:{key}" if key in d.forums else f"agency:{key}"

    flow_rows = {(f"agency:{f.from_agency_id}", node_of(f.to_id)): f.rows for f in report.flows}

    events: list[dict[str, Any]] = []
    # The first row of each line: its earliest day (for the slider) and its date as written (for people to read).
    first_contact: dict[tuple[str, str], tuple[str, str]] = {}
    flow_rows_seen: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)  # (start, kind, text)
    for r in report.chronology:
        e = r.evidence
        start = e.date.start.isoformat()
        events.append({
            "id": e.event_id,
            "agency": e.agency_id,
            "start": start,
            "end": e.date.end.isoformat(),
            "precision": e.date.precision,
            "date": (written := date_label(e.date)),
            "type": r.event_type,
            "cat": _category(r.event_type),
            "subjects": list(r.subjects),
            "learned": list(r.learned),
            # The learned column in words, each health fact with whose it is where the row says (health_of).
            "learned_text": learned_words(r.learned, dict(r.record).get("health_of"), d),
            "risk": r.risk_level,
            "details": r.details,
            "ref": e.source_ref,
            "to": [t for t in e.to if t != e.agency_id],
        })
        if r.event_type == "fatal_incident":
            continue  # the analyses stop before it, and so do the network's dates
        for p in r.subjects:
            first_contact.setdefault((f"agency:{e.agency_id}", f"person:{p}"), (start, written))
        for recipients, kind in ((r.referred_to, "referral"), (r.shared_with, "information share")):
            for t in recipients:
                if t != e.agency_id:
                    flow_rows_seen[(f"agency:{e.agency_id}", node_of(t))].append((start, kind, written))

    # Nodes: every person, agency and forum of the case.
    ids = ([f"person:{p}" for p in sorted(d.people)] + [f"agency:{a}" for a in sorted(d.agencies)]
           + [f"forum:{f}" for f in sorted(d.forums)])
    names = {i: (d.people[i[7:]][0] if i.startswith("person:") else d.agency(i.split(":", 1)[1])) for i in ids}
    # An agency's label is its short name where case.yaml gives one (its full name is in the tooltip and the side
    # panel); else its full name, wrapped.
    labels = {i: label_lines(d.agency_short(i[7:]) if i.startswith("agency:") else name) for i, name in names.items()}
    anchored = {f"person:{p}" for p, (_n, role) in d.people.items() if role in ("victim", "perpetrator")}
    # In a large network people's names show only when zoomed in (the page's script does the same), so they need
    # no room at the size the whole network is drawn.
    shown = [i for i in ids if len(ids) <= MANY_NODES or not i.startswith("person:") or i in anchored]
    sector_rank = {sector: i for i, sector in enumerate(vocab.SECTORS)}
    positions = layout(ids, contacts, flow_rows, anchored,
                       {i: LABEL_CHAR_PX * max(len(line) for line in labels[i]) for i in shown},
                       {i: LABEL_LINE_PX * len(labels[i]) for i in shown},
                       {f"agency:{a}": sector_rank.get(v[1], len(sector_rank)) for a, v in d.agencies.items()})

    # Each ring shows from the day its finding begins to hold, so that the date slider can show it arrive: a silo
    # from the day the agency first knew, "never told" from its first contact after the abuse was known elsewhere
    # (or, in contact during the relationship and never knowing of it, from its first such contact).
    rings: dict[str, tuple[str, str]] = {}
    for aw in report.awareness:
        for agency, contacted in aw.never_knew:
            first_seen = min(c.date.start for c in contacted).isoformat()
            rings[agency] = ("never_told", min(first_seen, rings.get(agency, ("", first_seen))[1]))
    for f in report.findings:
        if f.rule_id == "blind_spot":
            contact = [e.date.start for e in f.evidence if e.note == "contact"]
            if not contact and f.window_start is not None:
                contact.append(f.window_start.start)
            rings.setdefault(f.agencies[0], ("never_told", min(contact, default=dt.date.min).isoformat()))
    for f in sorted(report.findings, key=lambda f: f.window_start.start if f.window_start else dt.date.min):
        if f.rule_id.startswith("silo.") and rings.get(f.agencies[0], ("",))[0] != "silo":
            knew_from = f.window_start.start if f.window_start else min(e.date.start for e in f.evidence)
            rings[f.agencies[0]] = ("silo", knew_from.isoformat())

    nodes = []
    for node_id in ids:
        kind, key = node_id.split(":", 1)
        x, y = positions[node_id]
        node: dict[str, Any] = {"id": node_id, "kind": kind, "key": key, "x": x, "y": y, "name": names[node_id],
                                "label": labels[node_id]}
        if kind == "person":
            role = d.people[key][1]
            node.update(role=role, about=f"{names[node_id]}: {role}")
        elif kind == "agency":
            _name, sector, contribution, area = d.agencies[key]
            ring = rings.get(key)
            node.update(ring=ring[0] if ring else None, ring_from=ring[1] if ring else None, sector=sector,
                        about=f"{names[node_id]}: {sector.replace('_', ' ')}; {contribution.replace('_', ' ')}"
                              + (f"; {area}" if area else ""))
        else:
            node.update(about=f"{names[node_id]}: {d.forums[key][1].replace('_', ' ')}")
        nodes.append(node)

    edges = []
    for (a, p), n in sorted(contacts.items()):
        first = first_contact.get((a, p))
        edges.append({"s": a, "t": p, "kind": "contact", "n": n, "first": first[0] if first else None,
                      "first_text": first[1] if first else None})
    # One line per sender and recipient, saying how many of its rows were referrals and how many shares.
    for (a, b), n in sorted(flow_rows.items()):
        seen = flow_rows_seen.get((a, b), [])
        types: dict[str, int] = defaultdict(int)
        for _start, kind, _text in seen:
            types[kind] += 1
        earliest = min(seen) if seen else None
        edges.append({"s": a, "t": b, "kind": "flow", "n": n, "first": earliest[0] if earliest else None,
                      "first_text": earliest[2] if earliest else None, "types": dict(sorted(types.items()))})

    knowledge = []
    for k in report.knowledge:
        knowledge.append({
            "agency": k.agency_id,
            "topic": k.topic,
            "victim": k.victim_id,
            "perpetrator": k.perpetrator_id,
            "text": topic_text(k.topic, d, k.victim_id, k.perpetrator_id),
            # From the row by which it certainly knew (graphdhr.findings.first_known): the date slider shows the
            # knowledge from that day, and "since" says so, with any row that may be earlier.
            "first": k.first.row.date.start.isoformat(),
            "first_text": date_label(k.first.row.date),
            "since": k.first.since,
            "first_cite": _cite(k.first.row, report),
            "told_by": k.first.row.agency_id if k.first.row.agency_id != k.agency_id else None,
            # "note" is the report's word for each share: "passed on", or "may have passed on" with "why".
            "passed": [{"start": s.date.start.isoformat(), "date": date_label(s.date), "cite": _cite(s, report),
                        "to": [d.agency(t) for t in s.to if t != k.agency_id], "note": s.note,
                        "may": s.note == MAY_HAVE_PASSED_ON,
                        "why": ORDER_NOT_KNOWN if s.note == MAY_HAVE_PASSED_ON else None} for s in k.passed_on],
        })
    held = [{
        "agency": h.agency_id,
        "person": h.person_id,
        "fact": h.fact.replace("_", " "),
        "what": held_fact_text(h.fact, h.person_id, h.by_id, d),
        "first_text": date_label(h.first.row.date),
        "since": h.first.since,
        "first_cite": _cite(h.first.row, report),
        "passed": [{"date": date_label(s.date), "cite": _cite(s, report), "to": [d.agency(t) for t in s.to if t != h.agency_id]}
                   for s in h.passed_on],
    } for h in report.held]

    type_of = {e["id"]: e["type"] for e in events}
    # What the page's script needs of each finding to filter and link it; its words are in the page's HTML.
    findings = [{
        "i": i,
        "agencies": list(f.agencies),
        "people": list(f.people),
        "types": sorted({type_of[e.event_id] for e in f.evidence if e.event_id in type_of}),
    } for i, f in enumerate(report.findings)]

    # Agencies in lanes grouped by sector (in the order of vocab.SECTORS), each group in order of first row; forums
    # and agencies that only received, last.
    lane_first: dict[str, str] = {}
    for event in events:
        lane_first.setdefault(event["agency"], event["start"])
    sector_rank = {sector: i for i, sector in enumerate(vocab.SECTORS)}

    def sector_of(a: str) -> str:
        return d.agencies[a][1] if a in d.agencies else "other"

    lanes = sorted(lane_first, key=lambda a: (sector_rank.get(sector_of(a), len(sector_rank)), lane_first[a], d.agency(a), a))
    received = sorted({t for e in events for t in e["to"]} - set(lanes), key=lambda a: (a in d.forums, d.agency(a), a))
    lane_groups: list[dict[str, Any]] = []
    for a in lanes + received:
        title = "Forums" if a in d.forums else _capital(vocab.sector_words(sector_of(a)))
        if not lane_groups or lane_groups[-1]["title"] != title:
            lane_groups.append({"title": title, "lanes": []})
        lane_groups[-1]["lanes"].append(a)
    role_rank = {role: i for i, role in enumerate(PERSON_LANE_ROLES)}
    person_lanes = sorted((p for p, (_n, role) in d.people.items() if role in role_rank),
                          key=lambda p: (role_rank[d.people[p][1]], d.people[p][0], p))
    starts = [e["start"] for e in events]
    ends = [e["end"] for e in events]
    tor_from = _iso(d.tor_start.start) if d.tor_start else (min(starts) if starts else None)
    tor_to = _iso(d.tor_end.end) if d.tor_end else (max(ends) if ends else None)
    span_from = min([x for x in [tor_from, *starts] if x], default="2000-01-01")
    span_to = max([x for x in [tor_to, *ends] if x], default="2000-12-31")

    return {
        "case": {"id": case_id, "title": d.title, "area": d.area},
        "tor": {"from": tor_from or span_from, "to": tor_to or span_to,
                "from_text": date_label(d.tor_start) if d.tor_start else None,
                "to_text": date_label(d.tor_end) if d.tor_end else None},
        "span": {"from": span_from, "to": span_to},
        "pairs": [{"victim": aw.victim_id, "perpetrator": aw.perpetrator_id,
                   "text": f"the relationship between {d.person(aw.victim_id)} and {d.person(aw.perpetrator_id)}",
                   "in_contact": len(aw.knew) + len(aw.never_knew)} for aw in report.awareness],
        "people": {p: {"name": n, "role": r} for p, (n, r) in d.people.items()},
        "agencies": {a: {"name": v[0], "short": d.agency_short(a), "sector": v[1]} for a, v in d.agencies.items()},
        "forums": {f: {"name": v[0], "type": v[1]} for f, v in d.forums.items()},
        "nodes": nodes,
        "many_nodes": MANY_NODES,
        "edges": edges,
        "events": events,
        "lane_groups": lane_groups,
        "person_lanes": person_lanes,
        "key_events": _key_events(report),
        "knowledge": knowledge,
        "held": held,
        "findings": findings,
        "colours": {
            "categories": {k: v[0] for k, v in CATEGORIES.items()},
            "states": {k: v[0] for k, v in KNOWLEDGE_STATES.items()},
            "rings": {k: v[0] for k, v in RINGS.items()},
            "roles": ROLE_COLOURS,
            "forum": FORUM_COLOUR,
            "flow": FLOW_COLOUR,
        },
    }


_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that can sit inside a `<script>` element: no value can close it or start a comment or CDATA there."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE_IN_SCRIPT[m[0]], text)


def _script_source() -> str:
    text = resources.files("graphdhr.render").joinpath("templates/case.js").read_text(encoding="utf-8")
    if re.search(r"</?script|<!--", text, flags=re.I):  # pragma: no cover - a guard for whoever edits the script
        raise ValueError("case.js must not contain '<script', '</script' or '<!--' (they change how HTML reads it)")
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _files(d_files: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for f in d_files:
        name, _sep, digest = f.rpartition(" sha256:")
        out.append((name, digest) if _sep else (f, ""))
    return out


def _finding_view(i: int, f: Finding, citer: Citer) -> dict[str, Any]:
    """One finding as the appendix of findings shows it: its evidence told as what happened, then cited."""
    return {"i": i, "rule": f.rule_id, "title": f.title, "statement": f.statement, "caveats": list(f.caveats),
            "agencies": list(f.agencies), "people": list(f.people),
            "evidence": [{"text": citer.line(e).text, "row": e.event_id, "note": e.note} for e in f.evidence]}


def render_html(report: Report) -> str:
    """The chair's view of one case as one self-contained HTML document (see the module's docstring)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("graphdhr.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    d = report.directory
    data = view_data(report)
    script = _script_source()
    briefing = build_briefing(report)
    citer = Citer(report)
    # The findings in the briefing's order (theme by theme, weightiest first), as the Word briefing lists them.
    position = {id(f): i for i, f in enumerate(report.findings)}
    order = [position[id(f)] for item in briefing.in_theme_order for f in item.findings if id(f) in position]
    order += [i for i in range(len(report.findings)) if i not in set(order)]
    knowledge = sorted(report.knowledge, key=lambda k: (k.first.row.date.start, d.agency(k.agency_id), k.topic))
    html = env.get_template("case.html.j2").render(
        report=report,
        d=d,
        csp=CSP.format(scripts=_sha256(script)),
        data_json=script_json(data),
        script=script,
        findings=[_finding_view(i, report.findings[i], citer) for i in order],
        files=_files(d.files),
        categories=CATEGORIES,
        # A state no agency of the case can be in is left out of the key.
        states={k: v for k, v in KNOWLEDGE_STATES.items()
                if k != "maybe_shared" or any(p["may"] for k_ in data["knowledge"] for p in k_["passed"])},
        may_have_passed_on=MAY_HAVE_PASSED_ON,
        order_not_known=ORDER_NOT_KNOWN,
        rings=RINGS,
        roles=ROLE_COLOURS,
        forum_colour=FORUM_COLOUR,
        flow_colour=FLOW_COLOUR,
        knowledge=knowledge,
        topic_text=topic_text,
        summary=view_summary(briefing),
        cite=lambda e: _cite(e, report),
        date_label=date_label,
        people_count=len(d.people),
        node_count=len(data["nodes"]),
        many_nodes=MANY_NODES,
    )
    # The file names its own content hash so two copies can be compared without a diff tool.
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    return html.replace("@@CONTENT_HASH@@", digest)
