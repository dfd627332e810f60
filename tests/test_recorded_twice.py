"""Events recorded twice, judged as a chair would: which rows of different agencies describe one event.

Each case below was written with its answer decided first: the pairs a panel would accept as one event recorded
by two agencies, and the pairs it would reject (different events, a month-only date, one agency's own two rows,
a referral and the row that receives it).
"""

from __future__ import annotations

import copy
import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from casekit import BASE_MANIFEST, row, write_case
from graphdhr import schema as S
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.engines.graph import node_key
from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.recorded_twice import MAX_DAYS_APART, MIN_SCORE, same_events
from graphdhr.render.chronology import chronology_rows, markdown_text, render_chronology
from graphdhr.report import Report, build_report

MANIFEST: dict[str, Any] = copy.deepcopy(BASE_MANIFEST)
MANIFEST["agencies"] = [
    {"id": "police", "name": "Test Police", "sector": "police", "contribution": "imr"},
    {"id": "las", "name": "Test Ambulance Service", "sector": "ambulance", "contribution": "imr"},
    {"id": "gp", "name": "Test GP", "sector": "gp", "contribution": "imr"},
    {"id": "csc", "name": "Test Children's Services", "sector": "childrens_social_care", "contribution": "imr"},
    {"id": "housing", "name": "Test Housing", "sector": "housing", "contribution": "imr"},
    {"id": "idva", "name": "Test IDVA", "sector": "domestic_abuse_service", "contribution": "imr"},
    {"id": "ed", "name": "Test Emergency Department", "sector": "acute_hospital", "contribution": "imr"},
]

CALL_OUT_POLICE = row("2013-05-10", "police", "vic;per", "incident", event_id="pol-1", source_ref="POL 14",
                      details="Police called to the home address after a neighbour heard shouting; Vera had a cut "
                              "to her face and said Percy pushed her; Percy arrested")
CALL_OUT_AMBULANCE = row("2013-05-12", "las", "vic", "incident", event_id="las-1", source_ref="LAS 3",
                         details="Crew attended the home address with police present; Vera had a facial "
                                 "laceration after being pushed, treated at scene")


def _case(tmp_path: Path, rows: list[dict[str, str]], name: str = "case") -> Case:
    return load_case(write_case(tmp_path / name, rows, MANIFEST))


def _pairs(case: Case) -> set[tuple[str, str]]:
    return {(m.first, m.second) for m in same_events(case)}


def test_police_and_ambulance_record_one_call_out_two_days_apart(tmp_path: Path) -> None:
    case = _case(tmp_path, [
        CALL_OUT_POLICE,
        CALL_OUT_AMBULANCE,
        row("2013-05-11", "gp", "vic", "appointment", event_id="gp-1",
            details="Vera seen at the surgery for a review of her asthma medication; inhaler changed"),
    ])
    found = same_events(case)
    assert [(m.first, m.second, m.days_apart) for m in found] == [("pol-1", "las-1", 2)]
    assert found[0].score >= MIN_SCORE


def test_different_events_on_one_day_about_one_person_are_not_linked(tmp_path: Path) -> None:
    case = _case(tmp_path, [
        row("2013-06-03", "gp", "vic", "appointment", event_id="gp-1",
            details="Vera seen at the surgery for a review of her asthma medication; inhaler changed"),
        row("2013-06-03", "housing", "vic", "contact", event_id="hou-1",
            details="Housing officer visited Vera about rent arrears and a repair to the boiler"),
        row("2013-06-03", "police", "vic", "contact", event_id="pol-1",
            details="Vera phoned police reporting that Percy was sending threatening messages"),
        row("2013-06-03", "idva", "vic", "contact", event_id="idva-1",
            details="Vera called the IDVA service asking for advice about leaving, safety plan agreed"),
    ])
    assert same_events(case) == []


def test_a_month_only_row_is_never_matched_by_day(tmp_path: Path) -> None:
    month_only = dict(CALL_OUT_AMBULANCE, date="2013-05", date_precision="month", event_id="las-month")
    case = _case(tmp_path, [CALL_OUT_POLICE, month_only])
    assert same_events(case) == []


def test_one_agencys_two_rows_are_never_linked(tmp_path: Path) -> None:
    again = dict(CALL_OUT_POLICE, event_id="pol-2", source_ref="POL 15")
    case = _case(tmp_path, [CALL_OUT_POLICE, again])
    assert same_events(case) == []


def test_rows_about_different_people_are_not_linked(tmp_path: Path) -> None:
    about_kit = dict(CALL_OUT_AMBULANCE, subjects="kid")
    case = _case(tmp_path, [CALL_OUT_POLICE, about_kit])
    assert same_events(case) == []


def test_rows_further_apart_than_the_window_are_not_linked(tmp_path: Path) -> None:
    later = dict(CALL_OUT_AMBULANCE, date=f"2013-05-{10 + MAX_DAYS_APART + 1:02d}")
    case = _case(tmp_path, [CALL_OUT_POLICE, later])
    assert same_events(case) == []


def test_a_referral_and_the_row_that_receives_it_are_a_share_not_a_second_record(tmp_path: Path) -> None:
    case = _case(tmp_path, [
        row("2013-07-01", "police", "vic;kid", "referral", event_id="pol-ref", referral_to="csc",
            referral_outcome="accepted",
            details="Police referral to children's social care: Kit present at a domestic incident at home"),
        row("2013-07-02", "csc", "vic;kid", "referral", event_id="csc-rec",
            details="Referral received from police: Kit present at a domestic incident at home"),
    ])
    assert same_events(case) == []


def test_a_handover_and_the_receiving_agencys_own_account_are_one_event(tmp_path: Path) -> None:
    """The crew conveys Vera to the emergency department (its row shares with it), and the department records her own
    account of the assault (a disclosure): one assault recorded twice, not a share and its receipt, so it counts
    once (docs/rules.md, "Events recorded twice")."""
    case = _case(tmp_path, [
        row("2013-06-14", "las", "vic;per", "incident", event_id="las-jun", shared_with="ed",
            details="Crew called to the home address late at night; Vera's wrist injured after her partner pushed "
                    "her into the kitchen door; conveyed to the emergency department"),
        row("2013-06-15", "ed", "vic;per", "disclosure", event_id="ed-jun",
            details="Emergency department after midnight: Vera's wrist fractured; told the triage nurse her partner "
                    "pushed her into the kitchen door at home"),
    ])
    assert [(m.first, m.second) for m in same_events(case)] == [("las-jun", "ed-jun")]


def test_the_right_answer_is_nothing(tmp_path: Path) -> None:
    """An ordinary case: four agencies, routine contacts, some on nearby days; nothing is one event twice."""
    case = _case(tmp_path, [
        row("2013-01-05", "gp", "vic", "appointment", details="Back pain"),
        row("2013-01-06", "housing", "vic", "contact", details="Routine contact"),
        row("2013-01-06", "idva", "vic", "contact", details="Routine contact"),
        row("2013-03-02", "police", "per", "incident", details="Noise complaint from a neighbour about loud music"),
        row("2013-03-03", "gp", "per", "appointment", details="Knee injury from playing football, physiotherapy"),
        row("2013-08-14", "police", "per", "contact", details="Witness to a road accident on the high street"),
        row("2013-08-14", "las", "kid", "incident", details="Crew attended a road accident on the high street"),
    ])
    assert same_events(case) == []


def test_each_row_is_matched_once_with_its_best_match(tmp_path: Path) -> None:
    """The ambulance service's two rows both resemble the police call-out; the police row is one event, so it is
    linked once, with the closer record (same day, closer words), and the other ambulance row stays unlinked."""
    second_crew = row("2013-05-10", "las", "vic", "incident", event_id="las-2", source_ref="LAS 2",
                      details="Second crew called to the home address by police; cut to face dressed")
    case = _case(tmp_path, [CALL_OUT_POLICE, CALL_OUT_AMBULANCE, second_crew])
    assert _pairs(case) == {("las-2", "pol-1")}


def test_the_answer_does_not_depend_on_row_order(tmp_path: Path) -> None:
    rows = [CALL_OUT_POLICE, CALL_OUT_AMBULANCE,
            dict(CALL_OUT_AMBULANCE, event_id="las-2", agency="gp", date="2013-05-11", source_ref="GP 9"),
            dict(CALL_OUT_POLICE, event_id="pol-9", agency="housing", source_ref="H 2")]
    first = same_events(_case(tmp_path, rows, "a"))
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    assert same_events(_case(tmp_path, shuffled, "b")) == first
    assert len(first) >= 2


# Pairs a chair would judge: the same call-out in two agencies' words, and different contacts with one person.
SAME = [
    ("Police attended a domestic incident at the home; Vera said Percy hit her",
     "Ambulance attended domestic incident; Vera injured, said she was hit by partner"),
    ("Police attended domestic incident at home address, Vera assaulted by Percy",
     "Ambulance crew called to home address, Vera assaulted, injury to head, police on scene"),
    (CALL_OUT_POLICE["details"], CALL_OUT_AMBULANCE["details"]),
]
DIFFERENT = [
    ("GP appointment about low mood; prescribed antidepressants",
     "Police attended a domestic incident at the home; Vera said Percy hit her"),
    ("Vera attended A&E with a broken wrist after a fall", "Vera seen by health visitor at home; baby well"),
    ("Vera seen at GP surgery for a review of medication", "Vera attended housing office about rent arrears"),
    ("Vera called police reporting Percy threatening her", "Vera called IDVA service for advice about Percy"),
    # One day's two steps of a story, each agency recording its own step (after two pairs of rows in examples/lottie).
    ("Percy came to housing on the day he left prison", "Percy released from prison to approved premises"),
    ("After Vera's arrest for child neglect Kit was placed with his grandmother",
     "Vera arrested on suspicion of neglecting Kit"),
]


@pytest.mark.parametrize("texts,linked", [(t, True) for t in SAME] + [(t, False) for t in DIFFERENT])
def test_the_score_threshold_separates_what_a_chair_would(tmp_path: Path, texts: tuple[str, str],
                                                          linked: bool) -> None:
    case = _case(tmp_path, [row("2013-05-10", "police", "vic;per", "incident", event_id="a", details=texts[0]),
                            row("2013-05-10", "las", "vic", "incident", event_id="b", details=texts[1])])
    assert bool(same_events(case)) is linked


def test_the_link_is_in_the_graph(tmp_path: Path) -> None:
    case = _case(tmp_path, [CALL_OUT_POLICE, CALL_OUT_AMBULANCE])
    engine = EmbeddedEngine([case])
    c = case.case_id
    edges = engine.graph.get_edge_data(node_key(S.EVENT, c, "pol-1"), node_key(S.EVENT, c, "las-1"))
    assert edges is not None and S.SAME_EVENT_AS in edges
    match = same_events(case)[0]
    assert edges[S.SAME_EVENT_AS]["score"] == match.score and edges[S.SAME_EVENT_AS]["days_apart"] == 2
    rows = engine.run("recorded_twice", c)
    assert [(r["first"]["event_id"], r["second"]["event_id"], r["score"], r["days_apart"]) for r in rows] == [
        ("pol-1", "las-1", match.score, 2)]



def _two_call_outs(tmp_path: Path) -> Case:
    """The three-agency call-out, and a second event recorded twice (a GP and a hospital note of one injury)."""
    return _case(tmp_path, [
        CALL_OUT_POLICE,
        CALL_OUT_AMBULANCE,
        row("2013-05-11", "gp", "vic", "appointment", event_id="gp-1", source_ref="GP 7",
            details="Vera seen at the surgery for a review of her asthma medication; inhaler changed"),
        row("2013-09-02", "idva", "vic;per", "contact", event_id="idva-1", source_ref="IDVA 2",
            details="Vera told the IDVA that Percy strangled her at the weekend; safety plan and refuge discussed"),
        row("2013-09-03", "gp", "vic", "appointment", event_id="gp-2", source_ref="GP 8",
            details="Vera disclosed that Percy strangled her at the weekend; bruising to the neck; refuge discussed"),
    ], "two")


def _chronology_texts(report: Report) -> dict[str, str]:
    """Each format of the combined chronology as text a test can search: the Word table's and the workbook's
    cells joined, the Markdown and CSV as written."""
    docx = render_chronology(report, "docx")
    xlsx = render_chronology(report, "xlsx")
    assert isinstance(docx, bytes) and isinstance(xlsx, bytes)
    [table] = Document(io.BytesIO(docx)).tables
    sheet = load_workbook(io.BytesIO(xlsx))["Chronology"]
    return {
        "docx": "\n".join("|".join(c.text for c in r.cells) for r in table.rows),
        "xlsx": "\n".join("|".join(str(c.value or "") for c in r) for r in sheet.iter_rows()),
        "markdown": str(render_chronology(report, "markdown")),
        "csv": str(render_chronology(report, "csv")),
    }


def test_the_combined_chronology_says_also_recorded_by_in_every_format(tmp_path: Path) -> None:
    case = _two_call_outs(tmp_path)
    report = build_report(EmbeddedEngine([case]), case.case_id)
    rows = {r.event_id: r for r in chronology_rows(report)}
    assert rows["pol-1"].also_recorded == f"also recorded by Test Ambulance Service (row ref LAS 3, #{rows['las-1'].number})"
    assert rows["las-1"].also_recorded == f"also recorded by Test Police (row ref POL 14, #{rows['pol-1'].number})"
    assert rows["idva-1"].also_recorded == f"also recorded by Test GP (row ref GP 8, #{rows['gp-2'].number})"
    assert rows["gp-1"].also_recorded == ""
    for fmt, text in _chronology_texts(report).items():
        for said in (rows["pol-1"].also_recorded, rows["las-1"].also_recorded, rows["gp-2"].also_recorded):
            assert (markdown_text(said) if fmt == "markdown" else said) in text, fmt
    # The CSV and the workbook have a column for it, on the row it belongs to.
    table = list(csv.DictReader(io.StringIO(str(render_chronology(report, "csv")))))
    assert {r["#"]: r["Also recorded by"] for r in table} == {str(r.number): r.also_recorded for r in rows.values()}
    sheet = load_workbook(io.BytesIO(render_chronology(report, "xlsx")))["Chronology"]  # type: ignore[arg-type]
    header = [c.value for c in sheet[1]]
    column = header.index("Also recorded by")
    assert {r[0].value: r[column].value for r in sheet.iter_rows(min_row=2)} == {
        str(r.number): r.also_recorded or None for r in rows.values()}


def test_a_match_adds_no_knowledge_and_no_share(tmp_path: Path) -> None:
    """Each agency's own row already shows what it knew: the report reads the same with and without the links."""
    case = _two_call_outs(tmp_path)
    engine = EmbeddedEngine([case])
    linked = build_report(engine, case.case_id)
    assert len(linked.recorded_twice) == 2
    unlinked_graph = EmbeddedEngine([case])
    unlinked_graph.graph.remove_edges_from([(u, v, k) for u, v, k in unlinked_graph.graph.edges(keys=True)
                                            if k == S.SAME_EVENT_AS])
    unlinked = build_report(unlinked_graph, case.case_id)
    assert unlinked.recorded_twice == ()
    assert (linked.knowledge, linked.held, linked.findings, linked.flows) == (
        unlinked.knowledge, unlinked.held, unlinked.findings, unlinked.flows)


@pytest.mark.neo4j
def test_both_engines_hold_the_same_pairs(neo4j: Any, tmp_path: Path) -> None:
    case = _two_call_outs(tmp_path)
    neo4j.load(case)
    embedded = EmbeddedEngine([case])
    served = neo4j.run("recorded_twice", case.case_id)
    assert served == embedded.run("recorded_twice", case.case_id)
    assert [(r["first"]["event_id"], r["second"]["event_id"]) for r in served] == [("pol-1", "las-1"),
                                                                                  ("idva-1", "gp-2")]
    assert render_chronology(build_report(neo4j, case.case_id), "csv") == render_chronology(
        build_report(embedded, case.case_id), "csv")


def test_the_graph_export_holds_the_links(tmp_path: Path) -> None:
    from graphdhr.render.export import export_graph

    case = _two_call_outs(tmp_path)
    graph = export_graph([build_report(EmbeddedEngine([case]), case.case_id)], flat=False)
    c = case.case_id
    links = sorted((u, v, d["score"], d["days_apart"]) for u, v, d in graph.edges(data=True)
                   if d["type"] == S.SAME_EVENT_AS)
    assert [(u, v, days) for u, v, _score, days in links] == [
        (f"Event:{c}:idva-1", f"Event:{c}:gp-2", 1), (f"Event:{c}:pol-1", f"Event:{c}:las-1", 2)]
    assert all(score >= MIN_SCORE for _u, _v, score, _days in links)
