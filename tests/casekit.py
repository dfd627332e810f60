"""Small hand-made cases for tests: a manifest and chronology rows written as real case files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

BASE_MANIFEST: dict[str, Any] = {
    "case_id": "t1",
    "title": "Test case",
    "area": "Testshire",
    "date_of_death": "2015-03-01",
    "terms_of_reference": {"start": "2010-01-01", "end": "2015-03-01"},
    "people": [
        {"id": "vic", "pseudonym": "Vera", "role": "victim", "aliases": ["V. Smith"]},
        {"id": "per", "pseudonym": "Percy", "role": "perpetrator"},
        {"id": "kid", "pseudonym": "Kit", "role": "child"},
    ],
    "relationships": [
        {"person": "vic", "other": "per", "type": "intimate_partner", "start": "2012-01-01"},
        {"person": "vic", "other": "kid", "type": "parent"},
    ],
    "agencies": [
        {"id": "police", "name": "Test Police", "sector": "police", "contribution": "imr", "area": "North"},
        {"id": "police2", "name": "Other Police", "sector": "police", "contribution": "imr", "area": "South"},
        {"id": "gp", "name": "Test GP", "sector": "gp", "contribution": "imr"},
        {"id": "idva", "name": "Test IDVA", "sector": "domestic_abuse_service", "contribution": "imr"},
        {"id": "csc", "name": "Test Children's Services", "sector": "childrens_social_care", "contribution": "imr"},
        {"id": "mh", "name": "Test Mental Health", "sector": "mental_health", "contribution": "imr"},
        {"id": "probation", "name": "Test Probation", "sector": "probation", "contribution": "imr"},
    ],
    "forums": [{"id": "marac", "type": "marac", "name": "Test MARAC"}, {"id": "mappa", "type": "mappa", "name": "MAPPA"}],
}

COLUMNS = [
    "date", "date_precision", "agency", "subjects", "event_type", "details", "learned", "risk_tool", "risk_score",
    "risk_level", "referral_to", "referral_outcome", "shared_with", "event_id", "source_ref",
]


def row(date: str, agency: str, subjects: str, event_type: str = "contact", **fields: str) -> dict[str, str]:
    """One chronology row; `source_ref` defaults to a reference made of agency and date."""
    out = {"date": date, "agency": agency, "subjects": subjects, "event_type": event_type,
           "details": fields.pop("details", f"{event_type} by {agency}")}
    out["source_ref"] = fields.pop("source_ref", f"{agency}/{date}")
    out.update(fields)
    return out


def write_case(folder: Path, rows: list[dict[str, str]], manifest: dict[str, Any] | None = None,
               columns: list[str] | None = None, file_name: str = "combined.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = manifest if manifest is not None else BASE_MANIFEST
    (folder / "case.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    chron = folder / "chronology"
    chron.mkdir(exist_ok=True)
    cols = columns or COLUMNS
    with open(chron / file_name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=cols, extrasaction="raise")
        writer.writeheader()
        for r in rows:
            writer.writerow({c: r.get(c, "") for c in cols})
    return folder


def rule_rows(case: Any, rule_id: str) -> list[dict[str, Any]]:
    """One rule's rows on a case, from the embedded engine, with the national defaults."""
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.rules import load_rules

    rules = load_rules()
    rule = rules.get(rule_id)
    return EmbeddedEngine([case]).run_rule(rule, rules.params_for(rule), case.case_id)


def findings_of(case: Any, rule_id: str) -> list[Any]:
    """The findings of one rule (or knowledge finding id) on a case, as the report words them."""
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.report import build_findings

    engine = EmbeddedEngine([case])
    return [f for f in build_findings(engine, case.case_id, engine.directory(case.case_id)) if f.rule_id == rule_id]
