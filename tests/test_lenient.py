"""Chronology cells as busy people write them, read as the case format means them, each mapping said aloud.

Each case here has its answer decided first, as a chair would read the rows: a row dated "March 2013" is a
month-precision row whose findings say they rest on an uncertain date; "Vera and Percy" is a row about both.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from casekit import BASE_MANIFEST, COLUMNS, findings_of, row, write_case
from graphdhr.cli import app
from graphdhr.errors import CaseInputError, CaseInputErrors
from graphdhr.loaders import load_case, read_case

runner = CliRunner()
COLUMNS_WITH_CONTACT = [*COLUMNS, "contact_type"]

WITH_SHORT_NAMES: dict[str, Any] = copy.deepcopy(BASE_MANIFEST)
for _agency in WITH_SHORT_NAMES["agencies"]:
    if _agency["id"] == "police":
        _agency["short_name"] = "TP"


def _police_learns_abuse(date: str, **fields: str) -> list[dict[str, str]]:
    """Police learn of Vera's abuse by Percy on `date` and tell nobody; the GP sees Vera later."""
    return [
        row(date, "police", "vic;per", "incident", learned="domestic_abuse", source_ref="p1", **fields),
        row("2013-06-01", "gp", "vic", "appointment", source_ref="g1"),
    ]


# --- the chair's view: what a row written loosely means ------------------------------------------------------------

def test_a_month_name_date_is_a_month_and_the_finding_says_its_date_is_uncertain(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, _police_learns_abuse("March 2013")))
    police = next(e for e in case.events if e.agency == "police")
    assert (police.date.start, police.date.end, police.date.precision) == (
        dt.date(2013, 3, 1), dt.date(2013, 3, 31), "month")
    silo = findings_of(case, "silo.abuse_by_perpetrator")
    assert [f.agencies for f in silo] == [("police",)]
    assert "Rests on rows whose date is uncertain: Mar 2013, Test Police (ref p1)." in silo[0].caveats


@pytest.mark.parametrize("written", ["?14 March 2013", "14 March 2013?", "c. 14/03/2013", "approx. 14 Mar 2013",
                                     "circa 14th March 2013"])
def test_an_uncertain_day_is_approximate_and_the_finding_says_so(tmp_path: Path, written: str) -> None:
    case = load_case(write_case(tmp_path, _police_learns_abuse(written)))
    police = next(e for e in case.events if e.agency == "police")
    assert (police.date.start, police.date.end, police.date.precision) == (
        dt.date(2013, 2, 1), dt.date(2013, 4, 30), "approximate")
    silo = findings_of(case, "silo.abuse_by_perpetrator")
    assert "Rests on rows whose date is uncertain: about Mar 2013, Test Police (ref p1)." in silo[0].caveats


def test_a_people_list_in_words_makes_one_row_about_each_person(tmp_path: Path) -> None:
    rows = _police_learns_abuse("2013-03-01")
    rows[0]["subjects"] = "Vera and Percy"
    case = load_case(write_case(tmp_path, rows))
    assert next(e for e in case.events if e.agency == "police").subjects == ("vic", "per")
    # About both people, the row tells police of the relationship as well as the abuse.
    assert [f.agencies for f in findings_of(case, "silo.relationship")] == [("police",)]


def test_names_for_ids_and_words_for_codes_give_the_findings_the_ids_give(tmp_path: Path) -> None:
    strict = [
        row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse;substance_misuse",
            risk_tool="DASH", risk_score="16", risk_level="high", source_ref="p1"),
        row("2013-03-03", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="idva",
            source_ref="p2"),
        row("2013-04-02", "gp", "vic", "appointment", source_ref="g1"),
    ]
    loose = [
        {**strict[0], "agency": "TEST POLICE", "subjects": "Vera & Percy", "event_type": "Incident",
         "learned": "DV; alcohol", "risk_level": "High risk"},
        {**strict[1], "agency": "tp", "subjects": "V. Smith, Percy", "referral_to": "Test IDVA"},
        {**strict[2], "agency": "Test GP"},
    ]
    want = load_case(write_case(tmp_path / "strict", strict, WITH_SHORT_NAMES))
    got = load_case(write_case(tmp_path / "loose", loose, WITH_SHORT_NAMES))
    for rule in ("silo.relationship", "marac.visible_high_risk", "blind_spot"):
        assert [(f.agencies, f.statement) for f in findings_of(got, rule)] == [
            (f.agencies, f.statement) for f in findings_of(want, rule)], rule
    assert [(e.agency, e.subjects, e.learned, e.risk) for e in got.events] == [
        (e.agency, e.subjects, e.learned, e.risk) for e in want.events]


# --- every mapping said, grouped -----------------------------------------------------------------------------------

def test_validate_prints_every_mapping_once_per_kind_with_a_count(tmp_path: Path) -> None:
    rows = [row(f"{day} March 2013", "Test Police", "vic", risk_level="Standard risk") for day in range(1, 29)]
    folder = write_case(tmp_path, rows)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    file = folder / "chronology" / "combined.csv"
    lines = [line for line in result.output.splitlines() if line.startswith(f"  {file}: column")]
    assert lines == [
        f"  {file}: column 'date': 28 dates written with a month name, e.g. row 2 '1 March 2013' read as 2013-03-01, "
        "row 3 '2 March 2013' read as 2013-03-02, row 4 '3 March 2013' read as 2013-03-03, and 25 more",
        f"  {file}: column 'agency': 'Test Police' read as 'police' on 28 rows: 2, 3, 4, and "
        "25 more",
        f"  {file}: column 'risk_level': 'Standard risk' read as 'standard' on 28 rows: 2, 3, 4, and 25 more",
    ]


# --- every error at once -------------------------------------------------------------------------------------------

def test_validate_reports_every_error_of_the_case_at_once_with_suggestions(tmp_path: Path) -> None:
    rows = [
        row("2013-03-01", "polise", "vic", source_ref="p1"),
        row("03/14/2013", "police", "Vrea", source_ref="p2"),
        row("2013-03-05", "gp", "vic", "apointment", learned="domestic_abuse;mental_health_x", source_ref="g1"),
        row("2013-03-06", "gp", ";;;", source_ref="g2"),
        row("2013-03-07", "gp", "vic", source_ref="g3"),
    ]
    folder = write_case(tmp_path, rows)
    file = folder / "chronology" / "combined.csv"
    with pytest.raises(CaseInputErrors) as info:
        read_case(folder)
    assert isinstance(info.value, CaseInputError)
    assert [(e.row, e.field) for e in info.value.errors] == [
        (2, "agency"), (3, "date"), (3, "subjects"), (4, "event_type"), (4, "learned"), (5, "subjects")]
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"error: {file}, row 2, field 'agency': unknown agency 'polise': not an id, name or short name in "
        "case.yaml; did you mean 'police'?",
        f"error: {file}, row 3, field 'date': cannot read date '03/14/2013': there is no month 14; dates are read "
        "day first (14/03/2013), and a date written month first (US order) is not guessed",
        f"error: {file}, row 3, field 'subjects': unknown person 'Vrea': not an id, pseudonym or alias in case.yaml; "
        "did you mean 'Vera'?",
        f"error: {file}, row 4, field 'event_type': 'apointment' is not an event type; did you mean 'appointment'?",
        f"error: {file}, row 4, field 'learned': 'mental_health_x' is not a fact learned; did you mean "
        "'mental_ill_health'?",
        f"error: {file}, row 5, field 'subjects': ';;;' names nobody",
        "error: 6 problems in the case",
    ]


def test_a_long_list_of_errors_is_cut_at_fifty_with_a_count(tmp_path: Path) -> None:
    rows = [row("2013-03-01", "police", f"nobody{i}", source_ref=f"p{i}") for i in range(60)]
    result = runner.invoke(app, ["validate", str(write_case(tmp_path, rows))])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 52
    assert lines[49].endswith("unknown person 'nobody49': not an id, pseudonym or alias in case.yaml")
    assert lines[50:] == ["error: ... and 10 more", "error: 60 problems in the case"]


def test_a_manifest_error_stops_before_the_chronologies_are_read(tmp_path: Path) -> None:
    manifest = copy.deepcopy(BASE_MANIFEST)
    manifest["people"][0]["role"] = "victm"
    folder = write_case(tmp_path, [row("2013-03-01", "polise", "vic")], manifest)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"error: {folder / 'case.yaml'}, line ")


def test_a_short_name_mistyped_is_suggested_and_an_unrelated_one_is_not(tmp_path: Path) -> None:
    # Decided first: "Amie" is Amy spelt as it sounds, "Bret" is Bert with two letters swapped and "Bettie" is
    # Betty (not Bert, who shares more letters); "Zed" is nobody in the case. The agencies likewise: "csx" is csc
    # mistyped, "NSP" the probation service's short name NPS with two letters swapped, "xyz" no agency.
    manifest = copy.deepcopy(WITH_SHORT_NAMES)
    manifest["people"] += [{"id": "amy", "pseudonym": "Amy", "role": "family"},
                           {"id": "bert", "pseudonym": "Bert", "role": "family"},
                           {"id": "betty", "pseudonym": "Betty", "role": "family"}]
    next(a for a in manifest["agencies"] if a["id"] == "probation")["short_name"] = "NPS"
    rows = [row("2013-03-01", "police", "Vera; Amie", source_ref="p1"),
            row("2013-03-02", "police", "Bret", source_ref="p2"),
            row("2013-03-03", "police", "Bettie", source_ref="p3"),
            row("2013-03-04", "police", "Zed", source_ref="p4"),
            row("2013-03-05", "csx", "vic", source_ref="c1"),
            row("2013-03-06", "NSP", "vic", source_ref="n1"),
            row("2013-03-07", "xyz", "vic", source_ref="x1")]
    with pytest.raises(CaseInputErrors) as info:
        read_case(write_case(tmp_path, rows, manifest))
    unknown = "not an id, pseudonym or alias in case.yaml"
    agency = "not an id, name or short name in case.yaml"
    assert [(e.row, e.message) for e in info.value.errors] == [
        (2, f"unknown person 'Amie': {unknown}; did you mean 'Amy'?"),
        (3, f"unknown person 'Bret': {unknown}; did you mean 'Bert'?"),
        (4, f"unknown person 'Bettie': {unknown}; did you mean 'Betty'?"),
        (5, f"unknown person 'Zed': {unknown}"),
        (6, f"unknown agency 'csx': {agency}; did you mean 'csc'?"),
        (7, f"unknown agency 'NSP': {agency}; did you mean 'probation'?"),
        (8, f"unknown agency 'xyz': {agency}"),
    ]


def test_recipients_and_people_lists_name_what_they_cannot_read(tmp_path: Path) -> None:
    rows = [row("2013-03-01", "police", "Vera and Bob", referral_to="Test IDVA; MARACC", shared_with="Test GP, csc")]
    folder = write_case(tmp_path, rows)
    with pytest.raises(CaseInputErrors) as info:
        read_case(folder)
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("subjects", "unknown person 'Bob': not an id, pseudonym or alias in case.yaml"),
        ("referral_to", "unknown agency or forum 'MARACC': not an agency or forum id, name or short name in "
                        "case.yaml; did you mean 'marac'?"),
    ]
    rows[0].update(subjects="Vera and Percy", referral_to="Test IDVA; MARAC")
    event = load_case(write_case(tmp_path / "fixed", rows)).events[0]
    assert [r.to for r in event.referrals] == ["idva", "marac"]
    assert [s.to for s in event.shares] == ["gp", "csc"]


def test_synonyms_are_read_and_said(tmp_path: Path) -> None:
    rows = [row("2013-03-01", "police", "vic;per", "DNA", learned="DV, alcohol", contact_type="Telephone")]
    folder = write_case(tmp_path, rows, columns=[*COLUMNS_WITH_CONTACT])
    event = load_case(folder).events[0]
    assert (event.event_type, event.learned, event.contact_type) == (
        "did_not_attend", ("domestic_abuse", "substance_misuse"), "phone")
    said = runner.invoke(app, ["validate", str(folder)]).output
    file = folder / "chronology" / "combined.csv"
    for column, written, read in (("event_type", "DNA", "did_not_attend"), ("learned", "DV", "domestic_abuse"),
                                  ("learned", "alcohol", "substance_misuse"), ("contact_type", "Telephone", "phone")):
        assert f"  {file}: column '{column}': '{written}' read as '{read}' on row 2" in said
