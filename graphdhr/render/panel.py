"""Documents for the panel, built from the briefing (graphdhr.briefing): the chair's briefing and one letter per
agency, each as blocks (graphdhr.render.document) that render as text, Markdown or Word.

A letter tells one agency what its own chronology shows it knew and when, what it passed on, and the findings about
it with only its own rows as evidence (plus the one row showing who else knew), with questions for its IMR.
Provenance comes last in both.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphdhr.briefing import (
    CITATION_FORMAT,
    WEIGHT_DEFINITION,
    Briefing,
    BriefingItem,
    EvidenceLine,
    build_briefing,
    date_label,
    evidence_lines,
    finding_numbers,
)
from graphdhr.findings import Evidence, Finding, FirstKnown, first_known, held_fact_text, join_names, topic_text
from graphdhr.render import document
from graphdhr.render.document import Block, Bullets, Heading, Paragraph, TableBlock
from graphdhr.render.picture import figures
from graphdhr.report import Report
from graphdhr.rules.guidance import asked

MARKING = "OFFICIAL-SENSITIVE: draft for the review panel, not for publication"
FORMATS = ("text", "markdown", "docx")


def _citation_note() -> Paragraph:
    return Paragraph(f"each piece of evidence reads \"{CITATION_FORMAT}\"; the reference points at the paragraph or "
                     "record the chronology row came from.", label="Citations")


def provenance_blocks(briefing: Briefing) -> list[Block]:
    p = briefing.provenance
    blocks: list[Block] = [Heading("Provenance", 2),
                           Paragraph(f"Built by graphdhr {p.version} on the {p.engine} engine.")]
    if p.rules:
        blocks.append(Paragraph(", ".join(p.rules), label="Rules"))
    if p.files:
        blocks.append(TableBlock(("Input file", "sha256"), tuple((f.path, f.sha256) for f in p.files)))
    return blocks


def _item_blocks(n: int, item: BriefingItem, evidence: Sequence[EvidenceLine],
                 questions: Sequence[tuple[str, Sequence[str]]],
                 sentences: Sequence[str] | None = None, caveats: Sequence[str] | None = None) -> list[Block]:
    blocks: list[Block] = [Heading(f"{n}. {item.title}", 3)]
    blocks += [Paragraph(s) for s in (sentences or [item.sentence])]
    if item.table is not None and sentences is None:
        blocks.append(TableBlock(item.table.columns, item.table.rows))
    blocks.append(Paragraph("", label="Evidence"))
    blocks.append(Bullets(tuple(e.text for e in evidence)))
    blocks += [Paragraph(c, label="Caveat") for c in (item.caveats if caveats is None else caveats)]
    blocks.append(Paragraph(item.standard, label="Standard"))
    for asked, texts in questions:
        blocks.append(Paragraph("", label=f"Questions for the IMR of {asked}" if asked else "Questions for the IMR"))
        blocks.append(Bullets(tuple(texts)))
    return blocks


def briefing_blocks(report: Report, briefing: Briefing | None = None) -> list[Block]:
    """The chair's briefing: title, the case in two sentences, the weightiest findings, every finding by theme with
    its evidence, a timeline of key events, the rules behind each finding, and provenance last."""
    b = briefing if briefing is not None else build_briefing(report)
    return briefing_body(report, b) + provenance_blocks(b)


def briefing_body(report: Report, b: Briefing, title: str | None = None) -> list[Block]:
    """The briefing without its provenance (a longer document puts its own sections between the two)."""
    d = report.directory
    heading = title if title is not None else f"Briefing: {b.title}" + (f" ({b.area})" if b.area else "")
    blocks: list[Block] = [Heading(heading, 1),
                           Paragraph(" ".join(b.summary))]
    blocks += [Paragraph(s) for s in b.who_knew]
    if b.no_findings:
        # The network and the timeline follow the key findings as pictures, in Word only (text and Markdown skip them).
        blocks += [Heading("Key findings", 2), Paragraph(b.no_findings), *figures(report)]
    else:
        order = b.in_theme_order
        number = {item.key: n for n, item in enumerate(order, start=1)}
        blocks += [Heading("Key findings", 2), Paragraph(WEIGHT_DEFINITION),
                   Bullets(tuple(f"{item.sentence} (finding {number[item.key]})" for item in b.headlines)),
                   _citation_note(), *figures(report)]
        for theme in b.themes:
            blocks.append(Heading(theme.title, 2))
            for item in theme.items:
                asked: dict[str, list[str]] = {}
                for q in item.questions:
                    asked.setdefault(q.agency_id, []).append(q.text)
                questions = [(d.agency(a), texts) for a, texts in asked.items()]
                blocks += _item_blocks(number[item.key], item, item.evidence, questions)
    blocks += _timeline(report)
    if b.items:
        # Each finding in full (its statement: every date, threshold and agency), with the rule behind it.
        blocks += [Heading("Appendix: each finding in full, and the rule behind it", 2),
                   Bullets(tuple(f"Finding {n} ({f.rule_id}): {f.statement}" for n, f in finding_numbers(b)))]
    return blocks


def _timeline(report: Report) -> list[Block]:
    """The key events as a table (a timeline a document can hold without drawing): the rows the Homicide Timeline
    tags mark, in date order, each once."""
    if not report.timeline:
        return []
    d = report.directory
    marks: dict[str, list[str]] = {}
    events: dict[str, Evidence] = {}
    for tag in report.timeline:
        marks.setdefault(tag.event.event_id, []).append(f"stage {tag.stage}, {tag.marker.replace('_', ' ')}")
        events[tag.event.event_id] = tag.event
    rows = []
    for line in evidence_lines(events.values(), report):
        rows.append((line.date_label, line.agency, line.account, "; ".join(dict.fromkeys(marks[line.event_id])),
                     line.source_ref))
    return [Heading("Timeline of key events", 2),
            Paragraph(f"Rows of the chronology that mark a stage of the Homicide Timeline (Monckton Smith 2020) about "
                      f"{join_names(sorted({d.person(t.victim_id) for t in report.timeline}))}; a stage marks a row, "
                      "it predicts nothing."),
            TableBlock(("Date", "Agency", "What happened", "Stage", "Ref"), tuple(rows))]


# -- letters ---------------------------------------------------------------------------------------------------

def _subject(item: BriefingItem, agency_id: str) -> bool:
    """Whether a finding is about the agency (it is the finding's subject or is asked about it), rather than the
    agency being only who else knew."""
    return bool(item.questions_for(agency_id)) or any(f.agencies[:1] == (agency_id,) for f in item.findings)


def _concerns(f: Finding, agency_id: str) -> bool:
    """Whether a finding is the agency's to answer in its letter: it is one of the finding's agencies, or is asked
    about it (graphdhr.rules.guidance.asked: probation, which recalled him, of a release without notice)."""
    return agency_id in f.agencies or agency_id in asked(f)


def _own_evidence(item: BriefingItem, agency_id: str) -> list[EvidenceLine]:
    """The agency's own rows, and the earliest row of another agency when the finding cites one (who else knew)."""
    own = [e for e in item.evidence if e.agency_id == agency_id]
    others = [e for f in item.findings if _concerns(f, agency_id) for e in f.evidence if e.agency_id != agency_id]
    if others:
        first = min(others, key=lambda e: (e.date.start, e.event_id))
        own += [e for e in item.evidence if e.event_id == first.event_id]
    return sorted(own, key=lambda e: (e.date.start, e.event_id))


def letter_blocks(report: Report, agency_id: str, briefing: Briefing | None = None) -> list[Block]:
    """The letter to one agency of the case. `report` is the whole case's (not one agency's), so the letter can
    show who else knew."""
    b = briefing if briefing is not None else build_briefing(report)
    d = report.directory
    name = d.agency(agency_id)
    blocks: list[Block] = [
        Heading(f"{name}: {b.title}" + (f" ({b.area})" if b.area else ""), 1),
        # An agency that wrote no IMR (information only, records lost) is still asked, by the panel.
        Paragraph((f"For the author of the Individual Management Review of {name}. "
                   if "imr" in d.contributions.get(agency_id, ()) else f"For {name}, from the review panel. ")
                  + " ".join(b.summary)),
        Heading("What it knew, and when", 2),
    ]
    known = [k for k in report.knowledge if k.agency_id == agency_id]
    held = [h for h in report.held if h.agency_id == agency_id]
    # One line per first row, so a row that told it of both the relationship and the abuse is said once.
    # Keyed by the row and what is said of when it knew ("by 2 Apr 2014 (an earlier row is undated)").
    by_row: dict[tuple[str, str], tuple[FirstKnown, list[str]]] = {}
    for k in sorted(known, key=lambda k: (k.first.row.date.start, k.topic)):
        first = k.first
        by_row.setdefault((first.row.event_id, first.since), (first, []))[1].append(
            topic_text(k.topic, d, k.victim_id, k.perpetrator_id))
    for h in sorted(held, key=lambda h: (h.first.row.date.start, h.fact)):
        first = h.first
        by_row.setdefault((first.row.event_id, first.since), (first, []))[1].append(
            held_fact_text(h.fact, h.person_id, h.by_id, d))
    # What another agency passed to it of a fact it held no record of itself (the trust's letter telling the GP of
    # Vera's suicidal thoughts): the report says the trust passed it on, so the GP's letter says the GP was told.
    own_facts = {(h.person_id, h.fact, h.by_id) for h in held}
    for h in sorted(report.held, key=lambda h: (h.agency_id, h.person_id, h.fact)):
        if h.agency_id == agency_id or (h.person_id, h.fact, h.by_id) in own_facts:
            continue
        told_by = [s for s in h.passed_on if agency_id in s.to]
        if told_by:
            told_first = first_known(told_by)
            said = by_row.setdefault((told_first.row.event_id, told_first.since), (told_first, []))[1]
            fact = held_fact_text(h.fact, h.person_id, h.by_id, d)
            if fact not in said:
                said.append(fact)
    lines = {e.event_id: e for e in evidence_lines((first.row for first, _ in by_row.values()), report)}
    knew = []
    for (event_id, _), (first, what) in sorted(by_row.items(), key=lambda x: (x[1][0].row.date.start, x[0])):
        told = "" if first.row.agency_id == agency_id else f" (told by {d.agency(first.row.agency_id)})"
        since = first.since
        knew.append(f"{since[:1].upper()}{since[1:]}{told}: {join_names(what)}. {lines[event_id].text}")
    blocks.append(Bullets(tuple(knew)) if knew else Paragraph(
        f"The chronology of {name} records no knowledge of the relationship, of abuse, or of the other facts "
        "graphdhr looks for."))

    blocks.append(Heading("What it passed on", 2))
    shares = {e.event_id: e for line in known for e in line.passed_on}
    shares.update({e.event_id: e for line in held for e in line.passed_on})
    passed = []
    for e in evidence_lines(shares.values(), report):
        to = join_names([d.agency(t) for t in shares[e.event_id].to])
        passed.append(f"To {to}: {e.text}")
    blocks.append(Bullets(tuple(passed)) if passed else Paragraph(
        "Its chronology records no referral or share that passed any of it on." if knew
        else "Nothing to pass on is recorded."))

    about = [item for item in b.in_theme_order if agency_id in item.agencies and _subject(item, agency_id)]
    blocks.append(Heading("Findings about it", 2))
    if not about:
        blocks.append(Paragraph(f"graphdhr found nothing about {name} in these chronologies; that rests only on the "
                                "rows the review holds."))
    else:
        blocks.append(_citation_note())
    # Numbered as in the briefing and the combined chronology ("evidence for finding 4"), so the IMR author and the
    # panel mean one finding by one number; a letter's numbers may therefore skip.
    number = {item.key: n for n, item in enumerate(b.in_theme_order, start=1)}
    for item in about:
        n = number[item.key]
        concerned = [f for f in item.findings if _concerns(f, agency_id)]
        # A letter gives each finding about the agency in full: the plain sentence is the briefing's.
        sentences = [f.statement for f in concerned]
        caveats = list(dict.fromkeys(c for f in concerned for c in f.caveats))
        blocks += _item_blocks(n, item, _own_evidence(item, agency_id),
                               [("", [q.text for q in item.questions_for(agency_id)])]
                               if item.questions_for(agency_id) else [], sentences, caveats)
    return blocks + provenance_blocks(b)


def resolve_agency(report: Report, wanted: str) -> list[str]:
    """The agency ids `wanted` names: "all", an id or a name, in any case. Raises KeyError when none matches."""
    agencies = report.directory.agencies
    key = wanted.strip().casefold()
    if key == "all":
        return sorted(agencies)
    for agency_id, (name, *_rest) in agencies.items():
        if key in (agency_id.casefold(), name.casefold()):
            return [agency_id]
    raise KeyError(wanted)


def render_blocks(blocks: Sequence[Block], fmt: str) -> str | bytes:
    """Blocks as text, Markdown or a Word document's bytes."""
    if fmt == "text":
        return document.render_text(blocks)
    if fmt == "markdown":
        return document.render_markdown(blocks)
    if fmt == "docx":
        return document.render_docx(blocks, MARKING)
    raise ValueError(f"unknown document format {fmt!r}: use one of {', '.join(FORMATS)}")
