"""What a chair reads of the worked example: one date format in every sentence, each briefing item one plain
sentence (the detail kept for the appendix and the letters), how many agencies knew said once by the briefing, and
the agencies a release was never told of lit with it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from chair_cases import CASES
from conftest import ROOT
from docx import Document

from graphdhr.briefing import Briefing, build_briefing
from graphdhr.dates import ChronoDate, date_label, on_date
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.render.panel import briefing_blocks, letter_blocks, render_blocks
from graphdhr.render.report import render
from graphdhr.render.view_summary import view_summary
from graphdhr.report import Report, build_report
from graphdhr.rules.registry import ENTRIES
from graphdhr.rules.wording import BRIEFS

ISO = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
NOT_TOLD = {"hestia", "hidva", "lbh-csc", "lbh-housing", "victim-support"}


@pytest.fixture(scope="module")
def report(lottie: Case) -> Report:
    return build_report(EmbeddedEngine([lottie]), lottie.case_id)


@pytest.fixture(scope="module")
def briefing(report: Report) -> Briefing:
    return build_briefing(report)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_one_date_format_in_every_date_a_person_reads(report: Report, briefing: Briefing) -> None:
    assert "2014-11-08" not in render(report, "text")  # the chair's example: Thames Valley Police's row
    readable = {
        "text": render(report, "text"),
        "markdown": render(report, "markdown"),
        "briefing.docx": _docx_text(bytes(render_blocks(briefing_blocks(report, briefing), "docx"))),
        "letter to probation": str(render_blocks(letter_blocks(report, "probation", briefing), "markdown")),
        "letter to tvp.docx": _docx_text(bytes(render_blocks(letter_blocks(report, "tvp", briefing), "docx"))),
        "the view's summary": json.dumps(view_summary(briefing)),
        "statements and caveats": "\n".join(s for f in report.findings for s in (f.statement, *f.caveats)),
    }
    for where, text in readable.items():
        assert not ISO.findall(text), (where, ISO.findall(text)[:5])
    statements = {f.rule_id: f.statement for f in report.findings}
    assert "on 21 Jun 2014 after recall on 18 Feb 2014" in statements["perpetrator.release_without_notice"]
    assert "within 12 months by 7 Jul 2014" in statements["marac.potential_escalation"]
    assert any("Thames Valley Police knew of the relationship between Lottie and Bert from 8 Nov 2014" in s
               for s in statements.values() if s.startswith("Thames Valley"))


def test_machines_keep_iso_dates_in_data_fields(report: Report) -> None:
    data = json.loads(render(report, "json"))
    release = next(f for f in data["findings"] if f["rule_id"] == "perpetrator.release_without_notice")
    assert {e["date"] for e in release["evidence"]} == {"2014-02-18", "2014-06-21"}
    assert data["case"]["terms_of_reference"]["start"] == "2009-06-01"
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert {r["evidence_date"] for r in rows if r["rule_id"] == "perpetrator.release_without_notice"} == {
        "2014-02-18", "2014-06-21"}


def test_dates_at_every_precision() -> None:
    def d(start: dt.date, end: dt.date, precision: str) -> ChronoDate:
        return ChronoDate(start, end, precision)

    nov8 = d(dt.date(2014, 11, 8), dt.date(2014, 11, 8), "day")
    nov = d(dt.date(2014, 11, 1), dt.date(2014, 11, 30), "month")
    year = d(dt.date(2014, 1, 1), dt.date(2014, 12, 31), "year")
    about = d(dt.date(2014, 10, 1), dt.date(2014, 12, 31), "approximate")
    assert [date_label(x) for x in (nov8, nov, year, about)] == ["8 Nov 2014", "Nov 2014", "2014", "about Nov 2014"]
    assert [on_date(x) for x in (nov8, nov, year, about)] == ["on 8 Nov 2014", "in Nov 2014", "in 2014",
                                                              "about Nov 2014"]
    assert date_label(d(dt.date(2014, 3, 1), dt.date(2014, 3, 5), "range")) == "between 1 Mar 2014 and 5 Mar 2014"


def _agency_names(sentence: str, report: Report) -> list[str]:
    names = sorted((report.directory.agency(a) for a in report.directory.agencies), key=len, reverse=True)
    found = []
    for name in names:
        if name in sentence:
            found.append(name)
            sentence = sentence.replace(name, "")
    return found


def test_each_briefing_item_is_one_plain_sentence(report: Report, briefing: Briefing) -> None:
    for item in briefing.items:
        s = item.sentence
        assert s.endswith(".") and s[0].isupper(), s
        # One sentence: no full stop inside it, no semicolon joining a second clause, no bracketed list.
        assert "." not in s[:-1].replace("St.", "") and ";" not in s, s
        assert len(s) <= 200, (len(s), s)
        assert "(s)" not in s and not re.search(r"\b[a-z]+_[a-z_]+\b", s), s
        assert not any(rule in s for rule in item.rule_ids), s
        # The point, not the agencies: at most the two agencies a finding is about; the rest go in its table.
        assert len(_agency_names(s, report)) <= 2, s
    sentences = {item.rule_ids[0]: item.sentence for item in briefing.items}
    assert sentences["perpetrator.release_without_notice"] == (
        "Bert was released from custody on 21 Jun 2014 after a recall for abuse of Lottie, and none of the five "
        "agencies supporting her was told.")
    assert sentences["marac.potential_escalation"].startswith(
        "Three agencies between them recorded three domestic abuse incidents or disclosures involving Lottie and Bert")
    assert "no MARAC referral" in sentences["marac.potential_escalation"]
    assert "Hestia" not in sentences["perpetrator.release_without_notice"]
    # The agencies a long statement listed are in the item's table instead.
    [escalation] = [i for i in briefing.items if i.rule_ids == ("marac.potential_escalation",)]
    assert escalation.table is not None
    [f] = escalation.findings
    assert set(escalation.table.agency_ids) == set(f.agencies) and len(f.agencies) >= 3
    assert not any(report.directory.agency(a) in escalation.sentence for a in f.agencies)


def test_the_detail_stays_in_the_appendix_and_the_letters(report: Report, briefing: Briefing) -> None:
    [release] = [f for f in report.findings if f.rule_id == "perpetrator.release_without_notice"]
    assert "Hestia (domestic abuse floating support)" in release.statement
    text = render(report, "text")
    appendix = text[text.index("APPENDIX: EACH FINDING IN FULL"):]
    assert all(f.statement in appendix for f in report.findings)
    letter = str(render_blocks(letter_blocks(report, "probation", briefing), "text"))
    assert release.statement in letter


def test_who_knew_is_the_briefings_and_said_once(report: Report, briefing: Briefing) -> None:
    [aw] = report.awareness
    knew, total = len(aw.knew), len(aw.knew) + len(aw.never_knew)
    assert (knew, total) == (9, 17)
    assert briefing.who_knew == (
        "Nine of the 17 agencies in contact with Lottie or Bert during their relationship knew of it.",)
    assert view_summary(briefing)["who_knew"] == list(briefing.who_knew)
    assert render(report, "text").count("in contact with Lottie or Bert during their relationship knew of it") == 1


def test_who_knew_when_no_agency_knew_is_a_sentence_of_records() -> None:
    """Three agencies in contact, none with a record of the relationship: a plain sentence ("None of the 3"), never
    "No of the 3", and never "never knew", which the rows the review holds cannot show."""
    case = load_case(ROOT / "examples" / "south-lakeland-sarah")
    report = build_report(EmbeddedEngine([case]), case.case_id)
    [aw] = report.awareness
    assert (len(aw.knew), len(aw.never_knew)) == (0, 3)
    assert build_briefing(report).who_knew == (
        "None of the 3 agencies in contact with Sarah or John during their relationship has a record of knowing of "
        "it.",)


def test_who_knew_when_every_agency_knew_says_all(tmp_path) -> None:
    """Eastmoor (tests/chair_cases.py): police told the IDVA and the GP, so all three agencies in contact knew:
    "All three agencies", never "Three of the 3 agencies"."""
    [case] = [c for c in CASES if c.name == "eastmoor_every_share_made"]
    loaded = load_case(case.write(tmp_path))
    assert build_briefing(build_report(EmbeddedEngine([loaded]), loaded.case_id)).who_knew == (
        "All three agencies in contact with Vera or Percy during their relationship knew of it.",)


def test_who_knew_is_not_in_an_agencys_report(lottie: Case) -> None:
    """An agency's own report gives no such count: it would mean nothing there."""
    engine = EmbeddedEngine([lottie])
    assert build_briefing(build_report(engine, lottie.case_id, agency="tvp")).who_knew == ()


def test_release_lights_the_agencies_never_told(report: Report, briefing: Briefing) -> None:
    [item] = [i for i in briefing.items if i.rule_ids == ("perpetrator.release_without_notice",)]
    assert item.agencies[0] == "probation"
    assert NOT_TOLD <= set(item.agencies)
    # They were not told: they are lit with the finding, and asked nothing about it.
    assert {q.agency_id for q in item.questions} == {"probation"}
    # The item's table names them; its sentence only counts them.
    assert item.table is not None and item.table.agency_ids[0] == "probation"
    assert {a for a, (_, what, _) in zip(item.table.agency_ids, item.table.rows) if what == "not told"} == NOT_TOLD
    line = next(line for t in view_summary(briefing)["themes"] for line in t["lines"]
                if line["rules"] == ["perpetrator.release_without_notice"])
    assert NOT_TOLD <= set(line["agencies"])


def test_the_view_page_says_who_knew_once(lottie: Case) -> None:
    from graphdhr.render.html import render_html

    page = render_html(build_report(EmbeddedEngine([lottie]), lottie.case_id))
    assert page.count("during their relationship knew of it") == 1


def test_every_rule_has_a_plain_sentence() -> None:
    assert set(BRIEFS) == set(ENTRIES)


def _all_briefings(tmp_path: Path) -> list[Briefing]:
    out = []
    for name in ("south-lakeland-sarah", "islington-lf"):
        case = load_case(ROOT / "examples" / name)
        out.append(build_briefing(build_report(EmbeddedEngine([case]), case.case_id)))
    for n, chair in enumerate(CASES):
        case = load_case(chair.write(tmp_path / str(n)))
        out.append(build_briefing(build_report(EmbeddedEngine([case]), case.case_id)))
    return out


def test_plain_sentences_on_every_small_case(tmp_path: Path, briefing: Briefing) -> None:
    """Every kind of finding the chair's small cases and the other examples raise reads as one filled sentence with
    its dates in the one format."""
    kinds = set()
    for b in [briefing, *_all_briefings(tmp_path)]:
        for item in b.items:
            kinds |= set(item.rule_ids)
            s = item.sentence
            assert "{" not in s and "?" not in s and not ISO.search(s), s
            assert s.endswith(".") and ";" not in s and len(s) <= 220, s
            # A source reference is the case's own ("gp/2013-01"); the dates around it are ours.
            assert not any(ISO.search(re.sub(r"\(ref [^)]*\)", "", c)) for c in item.caveats), item.caveats
    assert len(kinds) >= 15, sorted(set(BRIEFS) - kinds)
