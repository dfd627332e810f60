"""Chronology rows from a table of cell text, and the CSV reader: one file per agency (named `<agency id>.csv`)
or one combined file. Workbooks and Word tables (chronology_xlsx, chronology_docx) end here too.

Header names vary between reviews ("Date of contact", "Source", "Organisation", "Outcome"), so headers are
matched loosely and synonyms mapped; `ChronologyFile.mapped` says what was mapped so the user can check it. Cell
values are read as busy authors write them ("May 2021", "Test Police", "Sam and Kai", "Standard risk"), each
mapping kept in `ChronologyFile.value_mappings`. Every problem of every row is kept, not only the first.

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

from graphdhr import template, vocab
from graphdhr.dates import ChronoDate, WrittenDate, read_loose_date
from graphdhr.errors import CaseInputError, CaseInputErrors, raise_all
from graphdhr.model import ID_PATTERN, Event, InformationShare, Referral, RiskAssessment, Where

from ._files import MAX_CELLS, MAX_ROWS
from ._span import DateCloser
from ._table import Table, TableRow
from ._text import read_text
from ._values import AgencyNames, Resolver, ValueMapping, mapping_lines, read_list, suggestion

COLUMNS = (
    "date", "date_precision", "time", "agency", "subjects", "event_type", "contact_type", "details", "action",
    "comment", "learned", "risk_tool", "risk_score", "risk_level", "referral_to", "referral_outcome",
    "shared_with", "recorded_victim", "recorded_perpetrator", "health_of", "incident", "sentence_months",
    "stalking_screen", "event_id", "source_ref",
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
    "health_of": ("whose health",),
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
    notes: list[str] = field(default_factory=list)  # what the reader did: an encoding, merged cells
    rows: list[WrittenRow] = field(default_factory=list)
    examples: list[int] = field(default_factory=list)  # rows skipped as the template's example row
    value_mappings: list[ValueMapping] = field(default_factory=list)  # cells read leniently, for `validate`
    errors: list[CaseInputError] = field(default_factory=list)  # every row that could not be read, and why

    def close(self, close_date: DateCloser) -> None:
        """Make the file's events, each date closed against the case's span; a date that cannot be placed is
        kept in `errors`, and its row left out."""
        self.events = []
        for row in self.rows:
            try:
                self.events.append(row.make(close_date(row.date, row.where, "date")))
            except CaseInputError as exc:
                self.errors.append(exc)

    def mapping_lines(self) -> list[str]:
        """Every value read leniently, grouped: one line per column and value (or date form), with a count."""
        return mapping_lines(self.path, self.value_mappings)

# How an unknown name's error says where names come from.
_KNOWN = {"person": "an id, pseudonym or alias", "agency or forum": "an agency or forum id, name or short name"}


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


def _header_index(table: Table) -> int:
    """The index in `table.rows` of the header: the first row naming enough known columns. Rows above it (a
    title, a blank line) are not read."""
    for index, row in enumerate(table.rows):
        if sum(1 for cell in row.cells if _HEADER_MAP.get(_norm(cell))) >= _HEADER_MIN:
            return index
    raise CaseInputError(
        table.label, None, None, f"not a chronology: no row names its columns ({', '.join(REQUIRED)}, ...)"
    )


@dataclass(frozen=True)
class Names:
    """What a row's names are read against: the case's people (id, pseudonym or alias) and agencies."""

    person: Resolver
    agencies: AgencyNames
    people: dict[str, str]  # each name of a person in lower case, to the name a suggestion offers
    today: dt.date


def read_table(table: Table, names: Names, default_agency: str | None = None) -> ChronologyFile:
    """Read one chronology table (a CSV file, a sheet, a Word table) into rows.

    `names` resolves people and agencies as written; `default_agency` is the agency of a per-agency table, used
    when the table has no `agency` column. The rows become events in `ChronologyFile.close`, once the case's span
    is known. Problems with the table as a whole (no header, a required column missing) are raised, together;
    a problem in a row is kept in `ChronologyFile.errors`, every one of them, and the row is left out.
    """
    file = table.label
    start = _header_index(table)
    header_row = table.rows[start]
    header = header_row.cells
    result = ChronologyFile(file, notes=list(table.notes))
    columns: dict[str, int] = {}
    problems: list[CaseInputError] = []
    for index, written in enumerate(header):
        key = _norm(written)
        if not key:
            continue
        canonical = _HEADER_MAP.get(key)
        if canonical is None:
            result.ignored.append(written)
            continue
        if canonical in columns:
            problems.append(CaseInputError(file, header_row.number, written, f"two columns mean {canonical!r}"))
            continue
        columns[canonical] = index
        if written.strip() != canonical:
            result.mapped.append((written.strip(), canonical))
    for required in REQUIRED:
        if required not in columns:
            problems.append(CaseInputError(file, header_row.number, required, "required column is missing"))
    if "agency" not in columns and default_agency is None:
        problems.append(CaseInputError(
            file, header_row.number, "agency",
            "required column is missing (a combined chronology names each row's agency)",
        ))
    raise_all(problems)

    header_key = [_norm(cell) for cell in header]
    for row in table.rows[start:]:
        if not any(cell.strip() for cell in row.cells):
            continue
        if row.number in table.merged_across:
            result.errors.append(CaseInputError(
                file, row.number, None,
                f"cell {table.merged_across[row.number]} is merged across columns: unmerge it so that each "
                "column holds its own value",
            ))
            continue
        if row is header_row:
            continue
        cells = row.cells
        if [_norm(cell) for cell in cells] == header_key:
            result.notes.append(f"{file}: row {row.number} repeats the header and was skipped")
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            result.errors.append(
                CaseInputError(file, row.number, None, f"{len(cells)} cells but the header has {len(header)}")
            )
            continue
        try:
            is_example = _example_row(file, row.number, cells, columns)
        except CaseInputError as exc:
            result.errors.append(exc)
            continue
        if is_example:
            result.examples.append(row.number)
            result.notes.append(f"{file}: row {row.number} is the template's example row and was skipped")
            continue
        filled = [cell.strip() for cell in cells if cell.strip()]
        if len(filled) == 1:
            # A note under the table ("Compiled from the records system"), not a row missing five fields.
            result.errors.append(CaseInputError(
                file, row.number, None,
                f"only one cell is filled ({filled[0]!r}): a note is not a chronology row; move it out of the "
                "table, or fill in the row",
            ))
            continue
        try:
            result.rows.append(
                _row(file, row.number, cells, columns, names, default_agency, table.id_stem, result.value_mappings)
            )
        except CaseInputErrors as exc:
            result.errors.extend(exc.errors)
    return result


def _example_row(file: str, row: int, cells: list[str], columns: dict[str, int]) -> bool:
    """Whether the row is the example `graphdhr init` wrote (graphdhr.template), to be skipped; an example row
    with some cell changed is an error, since it is neither the example nor a row of the agency's own."""

    def cell(name: str) -> str | None:
        index = columns.get(name)
        return None if index is None else (cells[index] if index < len(cells) else "")

    if not template.is_example_row(cell):
        return False
    changed = template.example_row_changes(cell)
    if changed:
        raise CaseInputError(
            file, row, changed[0], "this is the template's example row with some cells changed: write what "
            "happened in its details, or delete the row",
        )
    return True


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
    names: Names,
    default_agency: str | None,
    stem: str,
    mappings: list[ValueMapping],
) -> WrittenRow:
    """One row, or CaseInputErrors naming every field of it that cannot be read. Each value read leniently is
    added to `mappings`."""
    where = Where(file, row)
    problems: list[CaseInputError] = []

    def problem(name: str, message: str) -> None:
        problems.append(where.error(name, message))

    def get(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def required(name: str) -> str:
        value = get(name)
        if not value:
            problem(name, "is required")
        return value

    def mapped(name: str, written: str, read: str, form: str | None = None) -> None:
        mappings.append(ValueMapping(row, name, written, read, form))

    def coded(name: str, written: str) -> str | None:
        """A vocabulary value: as the format writes it (in any letter case, spaces for '_'), or a synonym."""
        if not written:
            return None
        value = vocab.read_coded(name, written)
        allowed, synonyms, what = vocab.CODED_COLUMNS[name]
        if value is None:
            hint = suggestion(vocab.vocabulary_key(written), {v: v for v in allowed} | synonyms)
            problem(name, f"{written!r} is not {what}{hint or ' (one of: ' + ', '.join(allowed) + ')'}")
        elif vocab.vocabulary_key(written) not in allowed:
            mapped(name, written, value)
        return value

    def names_in(name: str, resolve: Resolver, what: str, choices: dict[str, str]) -> list[tuple[str, str]]:
        """The ids a list cell names, each with the name as written; an unknown name is a problem."""
        written = get(name)
        listed = read_list(written, resolve)
        for unknown in listed.unknown:
            problem(name, f"unknown {what} {unknown!r}: not {_KNOWN[what]} in case.yaml{suggestion(unknown, choices)}")
        if not listed.unknown and not listed.found and written:
            problem(name, f"{written!r} names nobody")
        if listed.found and not listed.unknown:
            # A person named by pseudonym or alias is the format's own; an agency named otherwise than by its id
            # is a mapping to show, as is a list written in words.
            renamed = what != "person" and any(i != n for i, n in listed.found)
            if listed.in_words or renamed:
                mapped(name, written, "; ".join(dict.fromkeys(i for i, _ in listed.found)))
        return listed.found

    event_type = coded("event_type", required("event_type"))
    date: WrittenDate | None = None
    written_date = required("date")
    if written_date:
        try:
            reading = read_loose_date(written_date, get("date_precision") or None, names.today)
        except ValueError as exc:
            problem("date", str(exc))
        else:
            date = reading.date
            if reading.how:
                mapped("date", written_date, date.text if isinstance(date, ChronoDate) else date.label, reading.how)
    time = get("time") or None
    if time is not None and not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", time):  # 00:00 to 23:59
        problem("time", f"cannot read time {time!r}: write HH:MM")

    agency = default_agency
    written_agency = get("agency")
    if written_agency:
        found = names.agencies.agency(written_agency)
        if found is None:
            problem("agency", f"unknown agency {written_agency!r}: not an id, name or short name in case.yaml"
                    f"{suggestion(written_agency, names.agencies.agencies)}")
        else:
            agency = found[0]
            if found[1]:
                mapped("agency", written_agency, agency)
    elif agency is None:
        problem("agency", "is required")

    subjects: list[str] = []
    recorded_as: list[tuple[str, str]] = []
    if required("subjects"):
        for person, name in names_in("subjects", names.person, "person", names.people):
            if person not in subjects:
                subjects.append(person)
            resolved = names.person(name)
            if resolved is not None and resolved[1]:
                recorded_as.append((person, name))

    def person_field(name: str) -> str | None:
        value = get(name)
        if not value:
            return None
        resolved = names.person(value)
        if resolved is None:
            problem(name, f"unknown person {value!r}{suggestion(value, names.people)}")
            return None
        return resolved[0]

    learned: list[str] = []
    for fact in (part.strip() for part in re.split(r"[;,]", get("learned"))):
        value = coded("learned", fact)
        if value is not None and value not in learned:
            learned.append(value)

    risk = None
    score_text, level, tool = get("risk_score"), coded("risk_level", get("risk_level")), get("risk_tool") or None
    score = None
    if score_text:
        dash = tool is None or "dash" in tool.casefold()
        try:
            score = _whole(where, "risk_score", score_text, DASH_SCORES if dash else OTHER_SCORES,
                           "a DASH score" if dash else "a risk score")
        except CaseInputError as exc:
            problems.append(exc)
    if score is not None or level is not None or tool is not None:
        risk = RiskAssessment(tool=tool, score=score, level=level)

    sentence_text = get("sentence_months")
    sentence = None
    if sentence_text:
        try:
            sentence = _whole(where, "sentence_months", sentence_text, SENTENCE_MONTHS, "a sentence in months")
        except CaseInputError as exc:
            problems.append(exc)

    outcome = coded("referral_outcome", get("referral_outcome")) or "unknown"
    recipients = names.agencies.recipient
    referral_ids = [i for i, _ in names_in("referral_to", recipients, "agency or forum", names.agencies.recipients)]
    if get("referral_outcome") and not get("referral_to"):
        problem("referral_outcome", "an outcome needs a referral_to")
    share_ids = [i for i, _ in names_in("shared_with", recipients, "agency or forum", names.agencies.recipients)]
    event_id = get("event_id") or f"{stem}-{row}"
    if not ID_PATTERN.match(event_id):
        problem("event_id", f"id {event_id!r} may hold only letters, digits, '-', '_' and '.'")
    details, source_ref = required("details"), required("source_ref")
    contact_type = coded("contact_type", get("contact_type"))
    stalking_screen = coded("stalking_screen", get("stalking_screen"))
    recorded_victim, recorded_perpetrator = person_field("recorded_victim"), person_field("recorded_perpetrator")
    health_of = person_field("health_of")
    raise_all(problems)
    assert date is not None and agency is not None and event_type is not None  # each is a problem when missing

    make = partial(
        Event,
        event_id=event_id,
        agency=agency,
        event_type=event_type,
        subjects=tuple(subjects),
        details=details,
        source_ref=source_ref,
        where=where,
        time=time,
        contact_type=contact_type,
        action=get("action"),
        comment=get("comment"),
        learned=tuple(learned),
        risk=risk,
        referrals=tuple(Referral(to, outcome) for to in dict.fromkeys(referral_ids)),
        shares=tuple(InformationShare(to) for to in dict.fromkeys(share_ids)),
        recorded_victim=recorded_victim,
        recorded_perpetrator=recorded_perpetrator,
        health_of=health_of,
        incident=get("incident") or None,
        sentence_months=sentence,
        stalking_screen=stalking_screen,
        recorded_as=tuple(recorded_as),
    )
    return WrittenRow(date, where, lambda closed: make(date=closed))
