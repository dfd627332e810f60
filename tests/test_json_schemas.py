"""The JSON Schema files editors use agree with the loaders: built from the same vocabularies, and they accept
the example case."""

from __future__ import annotations

import csv
import json
from importlib import resources

import jsonschema
import yaml
from conftest import EXAMPLE

from graphdhr.schemas import build


def _shipped(name: str) -> str:
    return resources.files("graphdhr.schemas").joinpath(name).read_text(encoding="utf-8")


def test_shipped_files_are_current():
    for name, content in build().items():
        assert _shipped(name) == content, f"{name} is stale: run python -m graphdhr.schemas"


def test_example_manifest_validates():
    schema = json.loads(_shipped("case.schema.json"))
    manifest = yaml.safe_load((EXAMPLE / "case.yaml").read_text(encoding="utf-8"))
    # YAML reads 2009-06-01 as a date; the case format reads every date as text.
    manifest["terms_of_reference"] = {k: str(v) for k, v in manifest["terms_of_reference"].items()}
    manifest["date_of_death"] = str(manifest["date_of_death"])
    for rel in manifest.get("relationships", []):
        for key in ("start", "end"):
            if key in rel:
                rel[key] = str(rel[key])
    jsonschema.validate(manifest, schema)


def test_example_rows_validate():
    schema = json.loads(_shipped("chronology-row.schema.json"))
    validator = jsonschema.Draft202012Validator(schema)
    count = 0
    for path in sorted((EXAMPLE / "chronology").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                errors = list(validator.iter_errors({k: v for k, v in row.items() if v is not None}))
                assert not errors, f"{path.name}: {errors[0].message}"
                count += 1
    assert count > 50


def test_schema_rejects_what_the_loader_rejects():
    schema = json.loads(_shipped("chronology-row.schema.json"))
    good = {"date": "2014-02", "subjects": "lottie", "event_type": "incident", "details": "x", "source_ref": "1.5.8"}
    jsonschema.validate(good, schema)
    for field, bad in [("event_type", "phonecall"), ("learned", "domestic_abuse;gossip"), ("date", "Feb 2014"),
                       ("risk_level", "severe"), ("risk_score", "²"), ("risk_score", "10000"),
                       ("sentence_months", "1201"), ("sentence_months", "١٢")]:
        try:
            jsonschema.validate({**good, field: bad}, schema)
        except jsonschema.ValidationError:
            continue
        raise AssertionError(f"{field}={bad!r} was accepted")
