"""Chronology rows from CSV: one file per agency (named `<agency id>.csv`) or one combined file.

Header names vary between reviews ("Date of contact", "Source", "Organisation", "Outcome"), so headers are
matched loosely and synonyms mapped; `ChronologyFile.mapped` says what was mapped so the user can check it.

A row whose date has an open side ("date not known", "before 2014-03") can only be placed once the whole case is
read, so a file's rows become events in `ChronologyFile.close`, which the case loader calls with the case's span.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from graphdhr import vocab
from graphdhr.dates import ChronoDate, WrittenDate, read_date
from graphdhr.errors import CaseInputError
from graphdhr.model import ID_PATTERN, Event, InformationShare, Referral, RiskAssessment, Where

from ._span import DateCloser
from ._text import read_text

COLUMNS = (
    "date", "date_precision", "time", "agency", "subjects", "event_type", "contact_type", "details", "action",
    "comment", "learned", "risk_tool", "risk_score", "risk_level", "referral_to", "referral_outcome",
    "shared_with", "recorded_victim", "recorded_perpetrator", "incident", "sentence_months", "stalking_screen",
    "event_id", "source_ref",
)
REQUIRED = ("date", "subjects", "event_type", "details", "source_ref")

_SYNONYMS = {
    "date": ("date of contact", "contact date", "event date"),
    "date_precision": ("precision",),
    "agency": ("source", "organisation", "organization", "agency id"),
    "subjects": ("subject", "subject(s)", "person", "people", "subjects"),
    "event_type": ("type", "event", "type of event"),
    "details": ("details of contact", "event details", "description", "event/details", "detail"),
    "action": ("outcome", "action taken", "action / outcome", "action/outcome", "action taken/outcome"),
    "comment": ("comment / analysis", "comment/analysis", "analysis", "comments"),
    "learned": ("information learned", "known", "what was learned"),
    "risk_tool": ("risk assessment tool",),
    "risk_score": ("dash score",),
    "risk_level": ("risk grade", "risk", "risk assessment level"),
    "referral_to": ("referral made", "referred to", "referral"),
    "shared_with": ("information shared with", "shared with"),
    "incident": ("incident ref", "incident reference"),
    "sentence_months": ("sentence (months)", "sentence length"),
    "stalking_screen": ("stalking screening", "stalking questions asked"),
    "event_id": ("id", "row id"),
    "source_ref": ("source reference", "reference", "ref", "imr ref", "imr paragraph", "imr reference"),
}


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


_HEADER_MAP: dict[str, str] = {_norm(c): c for c in COLUMNS}
for _canonical, _names in _SYNONYMS.items():
    for _name in _names:
        _HEADER_MAP.setdefault(_norm(_name), _canonical)


@dataclass(frozen=True)
class WrittenRow:
    """One row as read: its date as written, and how it becomes an event once that date is closed."""

    date: WrittenDate
    where: Where
    make: Callable[[ChronoDate], Event]


@dataclass
class ChronologyFile:
    """What one CSV file gave: its rows, the header mapping that was applied, and (after `close`) its events."""

    path: str
    events: list[Event] = field(default_factory=list)
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (header as written, column)
    ignored: list[str] = field(default_factory=list)
    rows: list[WrittenRow] = field(default_factory=list)

    def close(self, close_date: DateCloser) -> None:
        """Make the file's events, each date closed against the case's span."""
        self.events = [row.make(close_date(row.date, row.where, "date")) for row in self.rows]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def read_chronology(
    path: Path,
    resolve_person: Callable[[str], tuple[str, bool] | None],
    display: str | None = None,
    default_agency: str | None = None,
) -> ChronologyFile:
    """Read one chronology CSV into events.

    `resolve_person` maps a name as written (id, pseudonym or alias) to (person id, written as an alias), or
    None when unknown.
    `default_agency` is the agency of a per-agency file, used when the file has no `agency` column.
    The file's events are made by `ChronologyFile.close`, once the case's span is known.
    Raises CaseInputError at the first problem, naming file, row and field.
    """
    file = display or str(path)
    text = read_text(path, file, csv_rows=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise CaseInputError(file, 1, None, f"cannot read CSV: {exc}") from None
    result = ChronologyFile(file)
    columns: dict[str, int] = {}
    for index, written in enumerate(header):
        key = _norm(written)
        if not key:
            continue
        canonical = _HEADER_MAP.get(key)
        if canonical is None:
            result.ignored.append(written)
            continue
        if canonical in columns:
            raise CaseInputError(file, 1, written, f"two columns mean {canonical!r}")
        columns[canonical] = index
        if written.strip() != canonical:
            result.mapped.append((written.strip(), canonical))
    for required in REQUIRED:
        if required not in columns:
            raise CaseInputError(file, 1, required, "required column is missing")
    if "agency" not in columns and default_agency is None:
        raise CaseInputError(
            file, 1, "agency", "required column is missing (a combined chronology names each row's agency)"
        )

    stem = Path(path).stem
    try:
        for row_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                raise CaseInputError(file, row_number, None, f"{len(cells)} cells but the header has {len(header)}")
            result.rows.append(_row(file, row_number, cells, columns, resolve_person, default_agency, stem))
    except csv.Error as exc:
        raise CaseInputError(file, reader.line_num, None, f"cannot read CSV: {exc}") from None
    return result


def _row(
    file: str,
    row: int,
    cells: list[str],
    columns: dict[str, int],
    resolve_person: Callable[[str], tuple[str, bool] | None],
    default_agency: str | None,
    stem: str,
) -> WrittenRow:
    where = Where(file, row)

    def get(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def required(name: str) -> str:
        value = get(name)
        if not value:
            raise where.error(name, "is required")
        return value

    def choice(name: str, allowed: tuple[str, ...]) -> str | None:
        value = get(name).lower().replace(" ", "_").replace("-", "_")
        if not value:
            return None
        if value not in allowed:
            raise where.error(name, f"{get(name)!r} is not one of: {', '.join(allowed)}")
        return value

    required("event_type")
    try:
        date = read_date(required("date"), get("date_precision") or None)
    except ValueError as exc:
        raise where.error("date", str(exc)) from None
    time = get("time") or None
    if time is not None and not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", time):  # 00:00 to 23:59
        raise where.error("time", f"cannot read time {time!r}: write HH:MM")

    agency = get("agency") or default_agency
    if not agency:
        raise where.error("agency", "is required")

    subjects: list[str] = []
    recorded_as: list[tuple[str, str]] = []
    for name in _split(required("subjects")):
        resolved = resolve_person(name)
        if resolved is None:
            raise where.error("subjects", f"unknown person {name!r}: not an id, pseudonym or alias in case.yaml")
        person, is_alias = resolved
        if person not in subjects:
            subjects.append(person)
        if is_alias:
            recorded_as.append((person, name))

    def person_field(name: str) -> str | None:
        value = get(name)
        if not value:
            return None
        resolved = resolve_person(value)
        if resolved is None:
            raise where.error(name, f"unknown person {value!r}")
        return resolved[0]

    learned = []
    for fact in _split(get("learned").lower()):
        fact = fact.replace(" ", "_").replace("-", "_")
        if fact not in vocab.LEARNED:
            raise where.error("learned", f"{fact!r} is not one of: {', '.join(vocab.LEARNED)}")
        if fact not in learned:
            learned.append(fact)

    risk = None
    score_text, level, tool = get("risk_score"), choice("risk_level", vocab.RISK_LEVELS), get("risk_tool") or None
    score = None
    if score_text:
        if not score_text.isdigit():
            raise where.error("risk_score", f"{score_text!r} is not a whole number")
        score = int(score_text)
    if score is not None or level is not None or tool is not None:
        risk = RiskAssessment(tool=tool, score=score, level=level)

    sentence_text = get("sentence_months")
    sentence = None
    if sentence_text:
        if not sentence_text.isdigit():
            raise where.error("sentence_months", f"{sentence_text!r} is not a whole number of months")
        sentence = int(sentence_text)

    outcome = choice("referral_outcome", vocab.REFERRAL_OUTCOMES) or "unknown"
    referral_ids = _split(get("referral_to"))
    if get("referral_outcome") and not referral_ids:
        raise where.error("referral_outcome", "an outcome needs a referral_to")
    event_id = get("event_id") or f"{stem}-{row}"
    if not ID_PATTERN.match(event_id):
        raise where.error("event_id", f"id {event_id!r} may hold only letters, digits, '-', '_' and '.'")

    make = partial(
        Event,
        event_id=event_id,
        agency=agency,
        event_type=choice("event_type", vocab.EVENT_TYPES) or "",
        subjects=tuple(subjects),
        details=required("details"),
        source_ref=required("source_ref"),
        where=where,
        time=time,
        contact_type=choice("contact_type", vocab.CONTACT_TYPES),
        action=get("action"),
        comment=get("comment"),
        learned=tuple(learned),
        risk=risk,
        referrals=tuple(Referral(to, outcome) for to in referral_ids),
        shares=tuple(InformationShare(to) for to in _split(get("shared_with"))),
        recorded_victim=person_field("recorded_victim"),
        recorded_perpetrator=person_field("recorded_perpetrator"),
        incident=get("incident") or None,
        sentence_months=sentence,
        stalking_screen=choice("stalking_screen", vocab.STALKING_SCREEN),
        recorded_as=tuple(recorded_as),
    )
    return WrittenRow(date, where, lambda closed: make(date=closed))
