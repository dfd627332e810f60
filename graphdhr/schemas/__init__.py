"""JSON Schema files of the case format, for editors that validate while the user types.

`case.schema.json` describes `case.yaml`; `chronology-row.schema.json` describes one chronology row (as a
spreadsheet program's CSV becomes, column by column). They are built from `graphdhr.vocab` by `build()`, and a
test checks the shipped files equal what `build()` makes, so they never drift from the loaders. Rebuild with
`python -m graphdhr.schemas`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphdhr import dates, vocab


def _words(*words: str) -> str:
    """A pattern matching any of `words` in any letter case (JSON Schema patterns have no flag for it)."""
    def one(word: str) -> str:
        return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else r"\s+" if c == " " else c for c in word)

    return "(" + "|".join(one(w) for w in words) + ")"


ID = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"}
_SINGLE = r"(\d{4}(-\d{1,2}(-\d{1,2})?)?|\d{1,2}/(\d{1,2}/)?\d{4})"
_RANGE = (
    rf"{_words('between')}\s+{_SINGLE}\s+{_words('and')}\s+{_SINGLE}"
    rf"|{_words(*dates.PARTS_OF_YEAR)}(\s+|-)\d{{4}}"
)
_OPEN = rf"{_words('before', 'after')}\s+{_SINGLE}|{_words(*dates.UNKNOWN_WORDS)}"
CLOSED_DATE = {
    "type": "string",
    "description": "YYYY-MM-DD, DD/MM/YYYY (UK order), YYYY-MM, MM/YYYY or YYYY; or a range: 'between 2014-03 and "
    "2014-04-15', 'spring 2014' (summer, autumn, winter, early, mid, late)",
    "pattern": rf"^\s*({_SINGLE}|{_RANGE})\s*$",
}
DATE = {
    "type": "string",
    "description": CLOSED_DATE["description"] + "; or 'before 2014-03', 'after 2014', 'date not known'",
    "pattern": rf"^\s*({_SINGLE}|{_RANGE}|{_OPEN})\s*$",
}
PRECISION = {"type": "string", "enum": list(vocab.DATE_PRECISIONS)}


def _enum(values: tuple[str, ...], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "description": description}


def _list_of(values: tuple[str, ...], description: str) -> dict[str, Any]:
    alternatives = "|".join(values)
    return {
        "type": "string",
        "description": description + " Separate several with ';'.",
        "pattern": rf"^\s*(({alternatives})\s*(;\s*({alternatives})\s*)*)?;?\s*$",
    }


def case_schema() -> dict[str, Any]:
    contribution = _enum(
        (*vocab.CONTRIBUTIONS, *vocab.CONTRIBUTION_SYNONYMS), "What the agency gave the review (one, or a list)."
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "graphdhr/case.schema.json",
        "title": "graphdhr case manifest (case.yaml)",
        "type": "object",
        "additionalProperties": False,
        "required": ["case_id", "title", "people", "agencies"],
        "not": {"required": ["date_of_death", "death"]},
        "properties": {
            "case_id": ID,
            "title": {"type": "string"},
            "area": {"type": "string"},
            "date_of_death": {**DATE, "description": "The date of a homicide (or give `death`). " + DATE["description"]},
            "death": {
                "type": "object",
                "additionalProperties": False,
                "required": ["cause"],
                "properties": {
                    "date": DATE,
                    "cause": _enum(vocab.DEATH_CAUSES, "How the person died."),
                    "note": {"type": "string"},
                },
            },
            "review_type": _enum(vocab.REVIEW_TYPES, "dhr (Domestic Homicide Review) or dardr (Domestic Abuse "
                                 "Related Death Review); by default dardr for a death by suicide or other causes."),
            "source": {"type": "string"},
            "terms_of_reference": {
                "anyOf": [
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["start", "end"],
                        "properties": {"start": CLOSED_DATE, "end": CLOSED_DATE},
                    },
                    _enum(dates.UNKNOWN_WORDS, "The review does not state its terms of reference."),
                ]
            },
            "chronology": {
                "type": "object",
                "additionalProperties": False,
                "required": ["complete"],
                "properties": {
                    "complete": {"type": "boolean", "description": "false when the review says its chronology is incomplete"},
                    "note": {"type": "string"},
                },
            },
            "people": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "pseudonym", "role"],
                    "properties": {
                        "id": ID,
                        "pseudonym": {"type": "string", "minLength": 1},
                        "role": _enum(vocab.PERSON_ROLES, "The person's part in the review."),
                        "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}},
                        "age": {"type": "integer", "minimum": 0, "maximum": 129},
                        "date_of_birth": CLOSED_DATE,
                        "pronouns": _enum(tuple(vocab.PRONOUNS), "The person's pronouns, where the review gives "
                                          "them; without them the reports repeat the person's name."),
                        "note": {"type": "string"},
                    },
                },
            },
            "relationships": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["person", "other", "type"],
                    "properties": {
                        "person": ID,
                        "other": ID,
                        "type": _enum(vocab.RELATIONSHIP_TYPES, "How `person` stands to `other`."),
                        "start": DATE,
                        "end": DATE,
                        "start_precision": PRECISION,
                        "end_precision": PRECISION,
                        "note": {"type": "string"},
                    },
                },
            },
            "agencies": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "name", "sector", "contribution"],
                    "properties": {
                        "id": ID,
                        "name": {"type": "string", "minLength": 1},
                        "short_name": {
                            "type": "string",
                            "minLength": 1,
                            "description": "What chronologies may call the agency (e.g. TVP); read as its id.",
                        },
                        "sector": _enum(vocab.SECTORS, "The agency's sector."),
                        "contribution": {
                            "anyOf": [
                                contribution,
                                {"type": "array", "minItems": 1, "uniqueItems": True, "items": contribution},
                            ]
                        },
                        "records": _enum(vocab.RECORDS, "How much of the agency's record the review saw."),
                        "records_note": {"type": "string"},
                        "area": {"type": "string"},
                        "note": {"type": "string"},
                    },
                },
            },
            "forums": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "type", "name"],
                    "properties": {
                        "id": ID,
                        "type": _enum(vocab.FORUM_TYPES, "The kind of multi-agency forum."),
                        "name": {"type": "string", "minLength": 1},
                        "note": {"type": "string"},
                    },
                },
            },
        },
    }


def row_schema() -> dict[str, Any]:
    text = {"type": "string"}
    ids = {"type": "string", "description": "Agency or forum ids, separated by ';'."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "graphdhr/chronology-row.schema.json",
        "title": "graphdhr chronology row (one CSV row, by canonical column name)",
        "type": "object",
        "required": ["date", "subjects", "event_type", "details", "source_ref"],
        "properties": {
            "date": DATE,
            "date_precision": {"anyOf": [PRECISION, {"const": ""}]},
            "time": {"type": "string", "pattern": r"^(\d{1,2}:\d{2})?$"},
            "agency": text,
            "subjects": {"type": "string", "minLength": 1, "description": "Ids, pseudonyms or aliases, ';'-separated."},
            "event_type": _enum(vocab.EVENT_TYPES, "What kind of event the row records."),
            "contact_type": {"anyOf": [_enum(vocab.CONTACT_TYPES, "How the contact happened."), {"const": ""}]},
            "details": {"type": "string", "minLength": 1},
            "action": text,
            "comment": text,
            "learned": _list_of(vocab.LEARNED, "What the agency learned on this row."),
            "risk_tool": text,
            # The loader's ranges (loaders/chronology_csv.py): a DASH score 0-27, another tool's up to 9999; the
            # schema cannot see the tool, so it holds the wider one. ASCII digits only ('²' is no number).
            "risk_score": {"type": "string", "pattern": r"^([0-9]{1,4})?$",
                           "description": "A whole number: a DASH score is 0 to 27."},
            "risk_level": {"anyOf": [_enum(vocab.RISK_LEVELS, "The risk grade given."), {"const": ""}]},
            "referral_to": ids,
            "referral_outcome": {"anyOf": [_enum(vocab.REFERRAL_OUTCOMES, "What became of the referral."), {"const": ""}]},
            "shared_with": ids,
            "recorded_victim": text,
            "recorded_perpetrator": text,
            "health_of": text,
            "incident": text,
            "sentence_months": {"type": "string", "pattern": r"^([0-9]{1,3}|1[01][0-9]{2}|1200)?$",
                                "description": "Months, 0 to 1200."},
            "stalking_screen": {
                "anyOf": [_enum(vocab.STALKING_SCREEN, "Whether stalking screening questions were asked."), {"const": ""}]
            },
            "event_id": {"anyOf": [ID, {"const": ""}]},
            "source_ref": {"type": "string", "minLength": 1},
        },
    }


FILES = {"case.schema.json": case_schema, "chronology-row.schema.json": row_schema}


def build() -> dict[str, str]:
    """File name -> the JSON text it should hold."""
    return {name: json.dumps(make(), indent=2) + "\n" for name, make in FILES.items()}


def write() -> list[Path]:
    here = Path(__file__).parent
    for name, content in build().items():
        (here / name).write_text(content, encoding="utf-8")
    return [here / name for name in FILES]
