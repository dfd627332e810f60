"""The case format's extensions: open dates placed within the case, the death and its cause, review types, terms
of reference not stated, contributions and record completeness, new roles, referral outcomes and learned facts;
and old cases read exactly as before."""

from __future__ import annotations

import copy
import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from casekit import BASE_MANIFEST, COLUMNS, row, write_case
from typer.testing import CliRunner

from graphdhr import vocab
from graphdhr.cli import app
from graphdhr.errors import CaseInputError
from graphdhr.loaders import load_case, read_case
from graphdhr.model import Case, Referral, victim_perpetrator_pairs
from graphdhr.schema import graph_records

REPO = Path(__file__).resolve().parents[1]
D = dt.date
runner = CliRunner()


def manifest(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE_MANIFEST)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def dated(case: Case, event_id: str) -> tuple[dt.date, dt.date, str, str]:
    (event,) = [e for e in case.events if e.event_id == event_id]
    return event.date.start, event.date.end, event.date.precision, event.date.text


def load_error(folder: Path) -> CaseInputError:
    with pytest.raises(CaseInputError) as info:
        read_case(folder)
    return info.value


# --- open dates, placed within the case -----------------------------------------------------------------------

OPEN_ROWS = [
    row("2012-05", "police", "vic", event_id="m"),
    row("2013-01-10", "police", "vic", event_id="d"),
    row("date not known", "gp", "vic", event_id="u"),
    row("before 2014-03", "gp", "vic", event_id="b"),
    row("after 2014", "gp", "vic", event_id="a"),
]


def test_open_dates_against_the_terms_of_reference(tmp_path: Path) -> None:
    # Terms of reference 2010-01-01 to 2015-03-01; the death on their last day.
    case = load_case(write_case(tmp_path, OPEN_ROWS))
    assert dated(case, "u") == (D(2010, 1, 1), D(2015, 3, 1), "unknown", "date not known")
    assert dated(case, "b") == (D(2010, 1, 1), D(2014, 2, 28), "before", "before 2014-03")
    assert dated(case, "a") == (D(2015, 1, 1), D(2015, 3, 1), "after", "after 2014")


def test_open_dates_end_at_the_death_when_it_is_earlier(tmp_path: Path) -> None:
    data = manifest(terms_of_reference={"start": "2010-01-01", "end": "2016-12-31"}, date_of_death="2015-03")
    case = load_case(write_case(tmp_path, OPEN_ROWS, data))
    assert dated(case, "u")[:2] == (D(2010, 1, 1), D(2015, 3, 31))
    assert dated(case, "a")[:2] == (D(2015, 1, 1), D(2015, 3, 31))


def test_open_dates_without_terms_of_reference_take_the_dated_rows_and_the_death(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path / "death", OPEN_ROWS, manifest(terms_of_reference="unknown")))
    assert (case.tor_start, case.tor_end) == (None, None)
    assert dated(case, "u")[:2] == (D(2012, 5, 1), D(2015, 3, 1))  # first dated row .. the death
    assert dated(case, "b")[:2] == (D(2012, 5, 1), D(2014, 2, 28))
    no_death = manifest(terms_of_reference=None, date_of_death=None)
    case = load_case(write_case(tmp_path / "no-death", OPEN_ROWS, no_death))
    assert case.date_of_death is None
    assert dated(case, "u")[:2] == (D(2012, 5, 1), D(2013, 1, 10))  # the dated rows alone
    assert dated(case, "a")[:2] == (D(2015, 1, 1), D(2100, 12, 31))  # after every dated row: no end in the case


def test_an_open_date_with_nothing_to_bound_it_names_its_row(tmp_path: Path) -> None:
    folder = write_case(tmp_path, [row("date not known", "gp", "vic")], manifest(terms_of_reference=None,
                                                                                 date_of_death=None))
    err = load_error(folder)
    assert (Path(err.file).name, err.row, err.field) == ("combined.csv", 2, "date")
    assert "'date not known' cannot be placed" in err.message


def test_an_open_death_and_relationship_are_placed(tmp_path: Path) -> None:
    data = manifest(date_of_death=None, death={"date": "after 2015-02", "cause": "homicide"})
    data["relationships"][0]["start"] = "before 2012"
    data["relationships"][0]["end"] = "spring 2014"
    case = load_case(write_case(tmp_path, [row("unknown", "gp", "vic", event_id="u")], data))
    death = case.date_of_death
    assert death is not None and (death.start, death.end, death.text) == (D(2015, 3, 1), D(2015, 3, 1), "after 2015-02")
    rel = case.relationships[0]
    assert rel.start is not None and (rel.start.start, rel.start.end) == (D(2010, 1, 1), D(2011, 12, 31))
    assert rel.end is not None and rel.end.text == "spring 2014"
    assert dated(case, "u")[:2] == (D(2010, 1, 1), D(2015, 3, 1))


@pytest.mark.parametrize(
    ("date", "fragment"),
    [("between 2014 and", "between <date> and <date>"), ("spring 20x4", "four-digit year"), ("before", "needs a date")],
)
def test_bad_new_date_forms_fail_validate_with_one_line(tmp_path: Path, date: str, fragment: str) -> None:
    folder = write_case(tmp_path, [row("2014-01-10", "police", "vic"), row(date, "police", "vic")])
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {folder / 'chronology' / 'combined.csv'}, row 3, field 'date': ")
    assert fragment in lines[0]


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"terms_of_reference": {"start": "before 2010", "end": "2015-03-01"}}, "terms_of_reference.start",
         "open side"),
        ({"terms_of_reference": "some time"}, "terms_of_reference", "'unknown'"),
        ({"death": {"date": "2015-03-01", "cause": "homicide"}}, "date_of_death", "give the death once"),
        ({"date_of_death": None, "death": {"date": "2015-03-01"}}, "death.cause", "is required"),
        ({"date_of_death": None, "death": {"date": "2015-03-01", "cause": "accident"}}, "death.cause",
         "is not one of"),
        ({"date_of_death": "2009-05"}, "date_of_death", "before the terms of reference start"),
        ({"review_type": "serious_case_review"}, "review_type", "is not one of"),
        ({"chronology": {"complete": "partly"}}, "chronology.complete", "true or false"),
        ({"chronology": {"note": "missing GP records"}}, "chronology.complete", "true or false"),
    ],
)
def test_bad_manifest_extensions_name_the_line_and_field(
    tmp_path: Path, change: dict[str, Any], field: str, fragment: str
) -> None:
    err = load_error(write_case(tmp_path, [row("2014-01-10", "police", "vic")], manifest(**change)))
    assert Path(err.file).name == "case.yaml" and err.row is not None
    assert err.field == field, err.one_line()
    assert fragment in err.message


@pytest.mark.parametrize(
    ("agency", "field", "fragment"),
    [
        ({"contribution": ["imr", "gossip"]}, "agencies[0].contribution[1]", "is not one of"),
        ({"contribution": ["imr", "unknown"]}, "agencies[0].contribution", "cannot be listed with"),
        ({"contribution": ["imr", "imr"]}, "agencies[0].contribution[1]", "listed twice"),
        ({"contribution": []}, "agencies[0].contribution", "is required"),
        ({"records": "lost"}, "agencies[0].records", "is not one of"),
    ],
)
def test_bad_agency_extensions(tmp_path: Path, agency: dict[str, Any], field: str, fragment: str) -> None:
    data = manifest()
    data["agencies"][0].update(agency)
    err = load_error(write_case(tmp_path, [row("2014-01-10", "police", "vic")], data))
    assert err.field == field, err.one_line()
    assert fragment in err.message


def test_a_date_of_birth_cannot_be_open(tmp_path: Path) -> None:
    data = manifest()
    data["people"][0]["date_of_birth"] = "before 1980"
    err = load_error(write_case(tmp_path, [row("2014-01-10", "police", "vic")], data))
    assert err.field == "people[0].date_of_birth"
    data["people"][0]["date_of_birth"] = "spring 1980"
    case = load_case(write_case(tmp_path / "range", [row("2014-01-10", "police", "vic")], data))
    assert case.people[0].date_of_birth is not None and case.people[0].date_of_birth.text == "spring 1980"


# --- every new word loads -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", vocab.PERSON_ROLES)
def test_every_role_loads(tmp_path: Path, role: str) -> None:
    data = manifest()
    data["people"][2]["role"] = role
    case = load_case(write_case(tmp_path, [row("2014-01-10", "police", "vic;kid")], data))
    assert case.person("kid").role == role


@pytest.mark.parametrize("outcome", vocab.REFERRAL_OUTCOMES)
def test_every_referral_outcome_loads_in_its_class(tmp_path: Path, outcome: str) -> None:
    written = outcome.replace("_", " ").title()  # read loosely, as a spreadsheet writes it
    folder = write_case(tmp_path, [row("2014-01-10", "police", "vic", referral_to="marac", referral_outcome=written)])
    (event,) = load_case(folder).events
    (referral,) = event.referrals
    assert referral.outcome == outcome
    assert referral.reached == (outcome in ("unknown", "accepted", "heard"))
    assert referral.made == (outcome not in ("considered_not_made", "offered_not_taken_up"))


def test_referral_classes_are_defined_once() -> None:
    assert set(vocab.REACHED_OUTCOMES) | set(vocab.NOT_REACHED_OUTCOMES) == set(vocab.MADE_OUTCOMES)
    assert set(vocab.MADE_OUTCOMES).isdisjoint(vocab.NOT_MADE_OUTCOMES)
    assert set(vocab.MADE_OUTCOMES) | set(vocab.NOT_MADE_OUTCOMES) == set(vocab.REFERRAL_OUTCOMES)
    assert not Referral("marac", "considered_not_made").reached
    assert Referral("marac", "declined").made and not Referral("marac", "declined").reached


def test_new_learned_facts_and_stalking_screen_load(tmp_path: Path) -> None:
    rows = [
        row("2014-01-10", "police", "vic;per", learned="harassment; threats", stalking_screen="asked"),
        row("2014-01-11", "police", "vic", stalking_screen="Not Asked"),
        row("2014-01-12", "police", "vic"),
    ]
    case = load_case(write_case(tmp_path, rows, columns=[*COLUMNS, "stalking_screen"]))
    assert case.events[0].learned == ("harassment", "threats")
    assert [e.stalking_screen for e in case.events] == ["asked", "not_asked", None]


def test_a_bad_stalking_screen_names_its_row(tmp_path: Path) -> None:
    rows = [row("2014-01-10", "police", "vic"), row("2014-01-11", "police", "vic", stalking_screen="maybe")]
    err = load_error(write_case(tmp_path, rows, columns=[*COLUMNS, "stalking_screen"]))
    assert (err.row, err.field) == (3, "stalking_screen")


@pytest.mark.parametrize("cause", vocab.DEATH_CAUSES)
def test_every_death_cause_loads_with_its_default_review(tmp_path: Path, cause: str) -> None:
    data = manifest(date_of_death=None, death={"date": "2015-03-01", "cause": cause})
    case = load_case(write_case(tmp_path, [row("2014-01-10", "police", "vic")], data))
    assert case.death_cause == cause
    assert case.review_type == ("dardr" if cause in ("suicide", "other") else "dhr")


@pytest.mark.parametrize("review", vocab.REVIEW_TYPES)
def test_a_stated_review_type_is_kept(tmp_path: Path, review: str) -> None:
    data = manifest(date_of_death=None, death={"date": "2015-03-01", "cause": "suicide"}, review_type=review)
    assert load_case(write_case(tmp_path, [row("2014-01-10", "police", "vic")], data)).review_type == review


def test_every_contribution_and_record_state_loads(tmp_path: Path) -> None:
    data = manifest()
    agencies = data["agencies"]
    for i, contribution in enumerate(vocab.CONTRIBUTIONS):
        agencies.append({"id": f"c{i}", "name": f"C{i}", "sector": "other", "contribution": contribution})
    for i, records in enumerate(vocab.RECORDS):
        agencies.append({"id": f"r{i}", "name": f"R{i}", "sector": "other", "contribution": ["imr", "chronology"],
                         "records": records, "records_note": f"note {i}"})
    case = load_case(write_case(tmp_path, [row("2014-01-10", "police", "vic")], data))
    for i, contribution in enumerate(vocab.CONTRIBUTIONS):
        agency = case.agency(f"c{i}")
        assert (agency.contribution, agency.contributions, agency.records) == (contribution, (contribution,), None)
    for i, records in enumerate(vocab.RECORDS):
        agency = case.agency(f"r{i}")
        assert (agency.contributions, agency.records, agency.records_note) == (("imr", "chronology"), records, f"note {i}")
        assert agency.records_incomplete == (records != "complete")


def test_chronology_completeness_loads(tmp_path: Path) -> None:
    data = manifest(chronology={"complete": False, "note": "The GP practice's records were destroyed."})
    case = load_case(write_case(tmp_path, [row("2014-01-10", "police", "vic")], data))
    assert (case.chronology_complete, case.chronology_note) == (False, "The GP practice's records were destroyed.")
    props = graph_records(case)[0][0].props
    assert (props["chronology_complete"], props["chronology_note"]) == (False, case.chronology_note)


# --- old cases read as before ---------------------------------------------------------------------------------


def test_old_and_new_spellings_load_to_the_same_case(tmp_path: Path) -> None:
    old = manifest()
    old["agencies"][2]["contribution"] = "chronology_only"
    new = manifest(date_of_death=None, death={"date": "2015-03-01", "cause": "homicide"}, review_type="dhr")
    new["agencies"][2]["contribution"] = ["chronology"]
    rows = [row("2014-01-10", "police", "vic;per", learned="relationship")]
    a = load_case(write_case(tmp_path / "old", rows, old))
    b = load_case(write_case(tmp_path / "new", rows, new))
    assert a.agency("gp").contributions == ("chronology",)
    assert (a.death_cause, a.review_type, a.chronology_complete) == ("homicide", "dhr", None)
    # The same facts, and the same graph; only where each record was written (file and line) differs.
    assert (a.date_of_death, a.tor_start, a.tor_end) == (b.date_of_death, b.tor_start, b.tor_end)
    placeless = {"source_file", "source_row", "files", "content_hash"}

    def facts(case: Case) -> list[tuple[str, str, dict[str, Any]]]:
        nodes, rels = graph_records(case)
        return [(n.label, n.key, {k: v for k, v in n.props.items() if k not in placeless}) for n in nodes] + [
            (r.type, f"{r.start_key}>{r.end_key}", {k: v for k, v in r.props.items() if k not in placeless})
            for r in rels
        ]

    assert facts(a) == facts(b)


def test_lottie_reads_as_before_with_the_new_facts_at_their_defaults() -> None:
    case = load_case(REPO / "examples" / "lottie")
    assert (case.death_cause, case.review_type, case.chronology_complete) == ("homicide", "dhr", None)
    assert case.tor_start is not None and case.tor_end is not None
    assert all(a.contributions == (a.contribution,) and a.records is None for a in case.agencies)
    assert all(e.stalking_screen is None and e.date.label is None for e in case.events)
    assert {e.date.precision for e in case.events} <= {"day", "month", "year", "approximate"}
    nodes, _ = graph_records(case)
    agency = next(n for n in nodes if n.label == "Agency")
    assert agency.props["contribution"] == "imr" and agency.props["contributions"] == ["imr"]


# --- a death by suicide ---------------------------------------------------------------------------------------

SUICIDE = {
    "case_id": "s1",
    "title": "Review into the death of Sam",
    "death": {"date": "2019-05", "cause": "suicide"},
    "terms_of_reference": "unknown",
    "people": [
        {"id": "sam", "pseudonym": "Sam", "role": "victim"},
        {"id": "alex", "pseudonym": "Alex", "role": "alleged_perpetrator"},
        {"id": "jo", "pseudonym": "Jo", "role": "person_at_risk"},
    ],
    "relationships": [{"person": "sam", "other": "alex", "type": "ex_partner", "end": "autumn 2018"}],
    "agencies": [
        {"id": "police", "name": "Police", "sector": "police", "contribution": "imr", "records": "partial",
         "records_note": "Call recordings before 2017 were not kept."},
        {"id": "gp", "name": "GP practice", "sector": "gp", "contribution": ["imr", "statement"]},
    ],
    "chronology": {"complete": False, "note": "The GP practice gave a statement and no chronology."},
}


def test_a_suicide_case_validates(tmp_path: Path) -> None:
    rows = [
        row("2017-06-02", "police", "sam;alex", "incident", learned="domestic_abuse; harassment"),
        row("between 2018-03 and 2018-05", "police", "sam", "contact", learned="separation",
            referral_to="gp", referral_outcome="considered_not_made"),
        row("date not known", "police", "alex;jo", "contact", learned="threats", event_id="unknown-1"),
    ]
    folder = write_case(tmp_path / "s1", rows, SUICIDE, file_name="police.csv")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    case = load_case(folder)
    assert (case.death_cause, case.review_type, case.tor_start, case.tor_end) == ("suicide", "dardr", None, None)
    assert not any(e.event_type == vocab.FATAL_INCIDENT for e in case.events)
    assert victim_perpetrator_pairs(case) == [("sam", "alex")]
    assert [p.id for p in case.perpetrators()] == ["alex"]
    assert case.agency("police").records_incomplete
    assert case.agency("gp").contributions == ("imr", "statement")
    assert not [e for e in case.events if e.agency == "gp"]
    # Without terms of reference, the undated row lies between the first dated row and the death.
    assert dated(case, "unknown-1")[:2] == (D(2017, 6, 2), D(2019, 5, 31))
    nodes, rels = graph_records(case)
    props = {(n.label, n.key): n.props for n in nodes}
    assert props[("Case", "s1")]["tor_from_start"] is None and props[("Case", "s1")]["death_cause"] == "suicide"
    assert props[("Agency", "gp")]["contributions"] == ["imr", "statement"]
    assert props[("Agency", "gp")]["contribution"] == "imr"
    assert props[("Agency", "police")]["records"] == "partial"
    assert props[("Event", "unknown-1")]["date_label"] == "date not known"
    assert [r.props["outcome"] for r in rels if r.type == "REFERRED_TO"] == ["considered_not_made"]
    # No property is a list holding a null, which Neo4j cannot store.
    for record in [*nodes, *rels]:
        for value in record.props.values():
            assert not (isinstance(value, list) and None in value)

    schema = json.loads(resources.files("graphdhr.schemas").joinpath("case.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")), schema)


def test_the_row_schema_knows_the_new_forms() -> None:
    schema = json.loads(
        resources.files("graphdhr.schemas").joinpath("chronology-row.schema.json").read_text(encoding="utf-8")
    )
    good = {"date": "2014-02", "subjects": "sam", "event_type": "contact", "details": "x", "source_ref": "1.2"}
    for date in ("spring 2014", "Mid-2014", "between 2014-03 and 15/04/2014", "before 2014", "after 03/2014",
                 "date not known", "Unknown"):
        jsonschema.validate({**good, "date": date, "stalking_screen": "not_asked"}, schema)
    for field, bad in (("date", "spring 20x4"), ("date", "between 2014 and"), ("date", "before"),
                       ("stalking_screen", "maybe"), ("learned", "harassment;gossip")):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**good, field: bad}, schema)
