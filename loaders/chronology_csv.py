"""Chronology rows from a table of cell text, and the CSV reader: one file per agency (named `<agency id>.csv`)
or one combined file. Workbooks and Word tables (chronology_xlsx, chronology_docx) end here too.

Header names vary between reviews ("Date of contact", "Source", "Organisation", "Outcome"), so headers are
matched loosely and synonyms mapped; `ChronologyFile.mapped` says what was mapped so the user can check it.

A row whose date has an open side ("date not known", "before 2014-03") can only be placed once the whole case is
read, so a file's rows become events in `ChronologyFile.close`, which the case loader calls with the case's span.
"""

from __future__ import annotations

import csv
import datetime as dt
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

from ._files import MAX_CELLS, MAX_ROWS
from ._span import DateCloser
from ._table import Table, TableRow
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
    """What one chronology table (a CSV file, a sheet, a Word table) gave: its rows, the header mapping that was applied, and (after `close`) its events."""

    path: str
    events: list[Event] = field(default_factory=list)
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (header as written, column)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did: an encoding, merged cells, serial dates
    rows: list[WrittenRow] = field(default_factory=list)

    def close(self, close_date: DateCloser) -> None:
        """Make the file's events, each date closed against the case's span."""
        self.events = [row.make(close_date(row.date, row.where, "date")) for row in self.rows]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def csv_table(path: Path, display: str) -> Table:
    """The CSV file as one table of cell text. UTF-8 is tried first (with or without a byte-order mark), then
    Windows-1252, the encoding Excel's plain 'CSV' writes, with a note saying so."""
    text, encoding = read_text(path, display, csv_rows=True, fallback="cp1252")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[TableRow] = []
    cells_read = 0
    try:
        for number, cells in enumerate(reader, start=1):
            cells_read += len(cells)
            if number > MAX_ROWS or cells_read > MAX_CELLS:  # a file of empty lines or commas: gigabytes in memory
                raise CaseInputError(display, number, None, f"more than {MAX_ROWS:,} rows or {MAX_CELLS:,} cells: "
                                                            "more than graphdhr reads in one file")
            rows.append(TableRow(number, cells))
    except csv.Error as exc:
        raise CaseInputError(display, reader.line_num, None, f"cannot read CSV: {exc}") from None
    table = Table(display, None, Path(path).stem, rows)
    if encoding != "utf-8":
        table.notes.append(f"{display}: not UTF-8, read as Windows-1252 (Excel's 'CSV' encoding)")
    return table


# A header row names at least this many of the columns; a title above it ("Chronology of contact") names none.
_HEADER_MIN = 3
# Whole numbers in a spreadsheet's date column from 1954-10-02 to 2119-01-12 are Excel date serials (a year is
# four digits, so it is never read as one).
_SERIALS = range(20000, 80000)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _header_index(table: Table) -> int:
    """The index in `table.rows` of the header: the first row naming enough known columns. Rows above it (a
    title, a blank line) are not read."""
    for index, row in enumerate(table.rows):
        if sum(1 for cell in row.cells if _HEADER_MAP.get(_norm(cell))) >= _HEADER_MIN:
            return index
    raise CaseInputError(
        table.label, None, None, f"not a chronology: no row names its columns ({', '.join(REQUIRED)}, ...)"
    )


def read_table(
    table: Table,
    resolve_person: Callable[[str], tuple[str, bool] | None],
    default_agency: str | None = None,
) -> ChronologyFile:
    """Read one chronology table (a CSV file, a sheet, a Word table) into rows.

    `resolve_person` maps a name as written (id, pseudonym or alias) to (person id, written as an alias), or
    None when unknown.
    `default_agency` is the agency of a per-agency table, used when the table has no `agency` column.
    The rows become events in `ChronologyFile.close`, once the case's span is known.
    Raises CaseInputError at the first problem, naming file (and sheet or table), row and field.
    """
    file = table.label
    start = _header_index(table)
    header_row = table.rows[start]
    header = header_row.cells
    result = ChronologyFile(file, notes=list(table.notes))
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
            raise CaseInputError(file, header_row.number, written, f"two columns mean {canonical!r}")
        columns[canonical] = index
        if written.strip() != canonical:
            result.mapped.append((written.strip(), canonical))
    for required in REQUIRED:
        if required not in columns:
            raise CaseInputError(file, header_row.number, required, "required column is missing")
    if "agency" not in columns and default_agency is None:
        raise CaseInputError(
            file, header_row.number, "agency",
            "required column is missing (a combined chronology names each row's agency)",
        )

    header_key = [_norm(cell) for cell in header]
    for row in table.rows[start:]:
        if not any(cell.strip() for cell in row.cells):
            continue
        if row.number in table.merged_across:
            raise CaseInputError(
                file, row.number, None,
                f"cell {table.merged_across[row.number]} is merged across columns: unmerge it so that each "
                "column holds its own value",
            )
        if row is header_row:
            continue
        cells = row.cells
        if [_norm(cell) for cell in cells] == header_key:
            result.notes.append(f"{file}: row {row.number} repeats the header and was skipped")
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise CaseInputError(file, row.number, None, f"{len(cells)} cells but the header has {len(header)}")
        date_index = columns["date"]
        written_date = cells[date_index].strip() if date_index < len(cells) else ""
        if table.serial_dates and written_date.isdigit() and int(written_date) in _SERIALS:
            day = (_EXCEL_EPOCH + dt.timedelta(days=int(written_date))).isoformat()
            result.notes.append(f"{file}: row {row.number}: date {written_date} read as the Excel date {day}")
            cells = [*cells[:date_index], day, *cells[date_index + 1:]]
        result.rows.append(_row(file, row.number, cells, columns, resolve_person, default_agency, table.id_stem))
    return result


# The ranges a number in a chronology may take. DASH has 27 questions, each scoring one; another tool's score is
# bounded too, so that no number the case gives can overflow a Neo4j integer (64 bits). A sentence of a hundred
# years is longer than any determinate sentence.
DASH_SCORES = range(0, 28)
OTHER_SCORES = range(0, 10_000)
SENTENCE_MONTHS = range(0, 1201)


def _whole(where: Where, field: str, text: str, allowed: range, what: str) -> int:
    """`text` read as a whole number within `allowed` (ASCII digits only: '²' or '٣' is not a number here)."""
    if not (text.isascii() and text.isdigit()):
        raise where.error(field, f"{text[:40]!r} is not a whole number")
    bounds = f"out of range for {what} ({allowed.start} to {allowed.stop - 1})"
    if len(text) > 9:
        raise where.error(field, f"a number of {len(text)} digits is {bounds}")
    if int(text) not in allowed:
        raise where.error(field, f"{text} is {bounds}")
    return int(text)


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
    if not subjects:
        raise where.error(
            "subjects", f"{get('subjects')!r} names no person: give ids, pseudonyms or aliases, with ';' between them"
        )

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
        dash = tool is None or "dash" in tool.casefold()
        score = _whole(where, "risk_score", score_text, DASH_SCORES if dash else OTHER_SCORES,
                       "a DASH score" if dash else "a risk score")
    if score is not None or level is not None or tool is not None:
        risk = RiskAssessment(tool=tool, score=score, level=level)

    sentence_text = get("sentence_months")
    sentence = None
    if sentence_text:
        sentence = _whole(where, "sentence_months", sentence_text, SENTENCE_MONTHS, "a sentence in months")

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
