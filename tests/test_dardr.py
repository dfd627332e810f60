"""Domestic Abuse Related Death Reviews and the manifest as reviews give it, worded as a panel would say it.

A death by suicide after abuse, with an alleged perpetrator, no fatal-incident row, terms of reference not stated,
an agency that gave a statement and no chronology, and an agency whose records are partial. The answers were
decided before the code was run.
"""

from __future__ import annotations

import copy

from casekit import row, write_case

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.render.report import render
from graphdhr.report import build_report

SUICIDE = {
    "case_id": "s1",
    "title": "Review into the death of Sam",
    "death": {"date": "2019-05-10", "cause": "suicide"},
    "terms_of_reference": "unknown",
    "people": [
        {"id": "sam", "pseudonym": "Sam", "role": "victim"},
        {"id": "alex", "pseudonym": "Alex", "role": "alleged_perpetrator"},
    ],
    "relationships": [{"person": "alex", "other": "sam", "type": "ex_partner", "start": "2015"}],
    "agencies": [
        {"id": "police", "name": "Northshire Police", "sector": "police", "contribution": "imr",
         "records": "partial", "records_note": "call recordings before 2018 were not kept"},
        {"id": "gp", "name": "Riverside GP", "sector": "gp", "contribution": ["imr"]},
        {"id": "housing", "name": "Riverside Housing", "sector": "housing", "contribution": ["statement"]},
    ],
}

ROWS = [
    row("2017-06-02", "police", "sam;alex", "incident", learned="domestic_abuse;harassment",
        risk_tool="DASH", risk_level="standard"),
    row("2018-03-01", "gp", "sam", "appointment", details="Low mood"),
    row("2019-04-20", "gp", "sam", "appointment", details="Low mood, sleeping badly"),
    # After the death: the coroner's request to the GP is no missed opportunity.
    row("2019-06-01", "gp", "sam", "information_share", shared_with="police", event_id="after-death"),
]


def report_text(tmp_path, manifest=SUICIDE, rows=ROWS) -> tuple[str, object]:
    case = load_case(write_case(tmp_path / "case", rows, manifest))
    report = build_report(EmbeddedEngine([case]), case.case_id)
    return render(report, "text"), report


def test_a_death_by_suicide_is_worded_as_such(tmp_path):
    text, _ = report_text(tmp_path)
    assert ("Sam died by suicide on 10 May 2019; Alex, Sam's former partner, is named as the alleged perpetrator."
            in text)
    assert "This Domestic Abuse Related Death Review" in text
    assert "killed" not in text and "homicide" not in text.lower().replace("graphdhr", "")


def test_terms_of_reference_not_stated_is_said_never_a_placeholder(tmp_path):
    text, _ = report_text(tmp_path)
    assert "states no terms of reference" in text.split("\n\n")[1]
    assert "?" not in text.split("\n\n")[1]


def test_the_analyses_stop_at_the_death_without_a_fatal_incident_row(tmp_path):
    _, report = report_text(tmp_path)
    cited = {e.event_id for f in report.findings for e in f.evidence}
    cited |= {e.event_id for k in report.knowledge for e in (*k.knowledge, *k.passed_on)}
    assert "after-death" not in cited
    # The GP's rows before the death are still read: it saw Sam after police knew, and was never told.
    assert any(f.rule_id == "blind_spot" and f.agencies[0] == "gp" for f in report.findings)


def test_an_agency_with_no_rows_appears_with_what_it_gave(tmp_path):
    text, _ = report_text(tmp_path)
    assert "Riverside Housing: statement; 0 chronology rows." in text
    assert "Northshire Police: IMR; 1 chronology row; records are partial (call recordings before 2018 were not" \
           " kept)." in text


def test_findings_from_an_absent_row_say_the_record_is_incomplete(tmp_path):
    _, report = report_text(tmp_path)
    silo = next(f for f in report.findings if f.rule_id.startswith("silo.") and f.agencies == ("police",))
    assert any("Northshire Police's records are partial" in c for c in silo.caveats), silo.caveats
    # The GP's record is complete, but the blind spot also rests on police never sharing: police's gap shows.
    blind = next(f for f in report.findings if f.rule_id == "blind_spot")
    assert any("partial" in c for c in blind.caveats)


def test_complete_records_and_exact_dates_carry_no_caveat(tmp_path):
    complete = copy.deepcopy(SUICIDE)
    complete["agencies"][0].pop("records")
    complete["agencies"][0].pop("records_note")
    _, report = report_text(tmp_path, complete)
    assert all(f.caveats == () for f in report.findings), [f.caveats for f in report.findings]


def test_a_finding_on_a_month_only_date_says_so(tmp_path):
    rows = [row("2017-06", "police", "sam;alex", "incident", learned="domestic_abuse")]
    _, report = report_text(tmp_path, rows=rows)
    silo = next(f for f in report.findings if f.rule_id.startswith("silo."))
    assert any("date is uncertain" in c and "2017-06" in c for c in silo.caveats)


def test_family_homicide_is_worded_by_kinship(tmp_path):
    family = {
        "case_id": "f1", "title": "Review into the death of Mary",
        "death": {"date": "2016-08-21", "cause": "homicide"},
        "terms_of_reference": {"start": "2011-08-21", "end": "2016-08-21"},
        "people": [{"id": "mary", "pseudonym": "Mary", "role": "victim"},
                   {"id": "john", "pseudonym": "John", "role": "perpetrator"}],
        "relationships": [{"person": "john", "other": "mary", "type": "child"}],
        "agencies": [{"id": "gp", "name": "GP", "sector": "gp", "contribution": "imr"}],
    }
    text, _ = report_text(tmp_path, family, [row("2015-01-05", "gp", "john", "appointment")])
    assert "Mary was killed on 21 Aug 2016; John, Mary's child, is named as the perpetrator." in text
    assert "partner" not in text.split("\n\n")[1]
