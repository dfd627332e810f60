"""The templates `graphdhr init` writes, defined once for the writer (graphdhr.casefolder) and the readers.

A chronology template is a header row in the words agencies use (the readers map each one to its column), one
example row, and help for each column. The example row must never become an event: a row whose details are the
example's is the example; the readers skip it, with a note, while every other cell is as the template wrote it, and
reject it when some cell was changed (a row half turned into a real one). A case whose templates hold only their
example rows has no chronology rows, and the error says so.

In `case.yaml`, every value the chair must supply is a placeholder, `FILL IN: <what>`; the manifest reader
reports one that is left as "still the template's placeholder: fill in <what>" rather than reading a fake case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graphdhr import vocab
from graphdhr.dates import ChronoDate, read_date


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the chronology template.

    `header` is the agencies' word for it, `column` the case format's column it is read as (docs/case-format.md),
    `help` what to write, `width` its width in a workbook (characters). `choices` are the values a workbook's
    drop-down offers, in words; `several` says a cell may hold several values separated by ';', so the drop-down
    suggests a value and does not refuse others.
    """

    header: str
    column: str
    help: str
    width: int
    choices: tuple[str, ...] = ()
    several: bool = False


def words(values: tuple[str, ...]) -> tuple[str, ...]:
    """Vocabulary values as people write them ("did not attend"); the readers read them back as the values."""
    return tuple(value.replace("_", " ") for value in values)


# The columns agencies fill in, in their order. The agency's drop-down lists the case's agencies, so it is filled
# per case (`AGENCY_COLUMN`).
COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("Date", "date", "The day of the contact or event, e.g. 14/03/2014. Only part known: write "
                   "May 2014, 2014, 'spring 2014', '?14/03/2014' (not sure) or 'date not known'.", 13),
    TemplateColumn("Time", "time", "Optional: the time, as HH:MM (22:40).", 7),
    TemplateColumn("Agency", "agency", "Your agency's id (the list). May be left blank: the file says whose it is.",
                   18),
    TemplateColumn("Subject(s)", "subjects", "The people the row is about, by the names the review uses "
                   "(pseudonyms), separated by ';': Sam; Alex.", 16),
    TemplateColumn("Type of event", "event_type", "One word from the list: contact, incident, disclosure, "
                   "risk assessment, referral, ...", 17, choices=words(vocab.EVENT_TYPES)),
    TemplateColumn("Contact type", "contact_type", "Optional: how the contact happened (the list).", 14,
                   choices=words(vocab.CONTACT_TYPES)),
    TemplateColumn("Details of contact", "details", "What happened, in your own words.", 50),
    TemplateColumn("Action taken/outcome", "action", "Optional: what your agency did.", 30),
    TemplateColumn("Information learned", "learned", "Optional: what your agency learned on this row, from the "
                   "list, several separated by ';': domestic abuse; separation.", 24,
                   choices=words(vocab.LEARNED), several=True),
    # Without it, a health fact on a row about the victim and the perpetrator both is said of neither
    # (docs/rules.md, "Whose health a row records"): the agency that wrote the row is the one that knows whose.
    TemplateColumn("Whose health", "health_of", "Optional: when the row names more than one person and records "
                   "mental ill-health, suicidality, self-harm or substance misuse, whose it is (the name).", 12),
    TemplateColumn("Risk assessment tool", "risk_tool", "Optional: e.g. DASH, DASH (skeleton), SPECSS.", 14),
    TemplateColumn("DASH score", "risk_score", "Optional: the number of 'yes' answers, a whole number.", 8),
    TemplateColumn("Risk grade", "risk_level", "Optional: standard, medium or high (the list).", 11,
                   choices=words(vocab.RISK_LEVELS)),
    TemplateColumn("Referred to", "referral_to", "Optional: the agency or forum you referred to, by its id (the "
                   "list), several separated by ';'.", 18, several=True),
    TemplateColumn("Referral outcome", "referral_outcome", "Optional: what became of the referral (the list); "
                   "'considered not made' when one was considered and not made.", 18,
                   choices=words(vocab.REFERRAL_OUTCOMES)),
    TemplateColumn("Information shared with", "shared_with", "Optional: agencies or forums told, by id (the list), "
                   "several separated by ';'.", 18, several=True),
    TemplateColumn("Comment / analysis", "comment", "Optional: your comment on the row.", 30),
    TemplateColumn("IMR reference", "source_ref", "Where the row comes from: your IMR paragraph or record "
                   "reference.", 14),
)
AGENCY_COLUMN = "agency"
DATE_COLUMN = "date"
# Columns whose drop-down lists the case's agencies (ids), since they name agencies.
AGENCY_LIST_COLUMNS = ("agency", "referral_to", "shared_with")

# The example row, by column. Its details say what it is, so that whoever opens the template knows to write below
# it; it is the same in every template but for its agency, which names the file's own.
EXAMPLE_DETAILS = ("EXAMPLE ROW, which graphdhr skips: write your rows below it, or over it. Sam rang 999 to say "
                   "Alex had pushed her into a wall; officers attended and spoke to both.")
EXAMPLE: dict[str, str] = {
    "date": "14/03/2014",
    "time": "22:40",
    "subjects": "Sam; Alex",
    "event_type": "incident",
    "contact_type": "emergency call",
    "details": EXAMPLE_DETAILS,
    "action": "Alex arrested. DASH completed with Sam.",
    "learned": "domestic abuse; relationship",
    "risk_tool": "DASH",
    "risk_score": "11",
    "risk_level": "medium",
    "source_ref": "IMR 3.1",
}

# The workbook's hidden sheet holding the drop-down lists too long to write inline; the workbook reader skips it.
LISTS_SHEET = "graphdhr lists"


def _same(column: str, written: str, example: str) -> bool:
    folded = " ".join(written.split()).casefold()
    if folded == " ".join(example.split()).casefold():
        return True
    if column != DATE_COLUMN:
        return False
    # A workbook reads the example's date back as 2014-03-14: the same day is the same date.
    try:
        ours, theirs = read_date(example), read_date(written)
    except ValueError:
        return False
    return (isinstance(ours, ChronoDate) and isinstance(theirs, ChronoDate)
            and (ours.start, ours.end) == (theirs.start, theirs.end))


def is_example_row(cell: Callable[[str], str | None]) -> bool:
    """Whether a row is the template's example row: its details are the example's. `cell(column)` is the row's
    text in a column of the format, None when the table has no such column."""
    details = cell("details")
    return details is not None and _same("details", details, EXAMPLE_DETAILS)


def example_row_changes(cell: Callable[[str], str | None]) -> list[str]:
    """The columns of an example row (`is_example_row`) that no longer hold what the template wrote; a column
    the table does not have is not a change, nor is the agency."""
    changed = []
    for column in COLUMNS:
        written = cell(column.column)
        if column.column == AGENCY_COLUMN or written is None:
            continue
        if not _same(column.column, written, EXAMPLE.get(column.column, "")):
            changed.append(column.column)
    return changed


PLACEHOLDER = "FILL IN:"


def placeholder(what: str) -> str:
    """A value of `case.yaml` the chair must supply: `what` says what it is."""
    return f"{PLACEHOLDER} {what}"


def placeholder_request(value: str) -> str | None:
    """What a placeholder asks for (None when `value` is not one), for the message the readers give."""
    text = value.strip()
    if not text.upper().startswith(PLACEHOLDER.rstrip(":")):
        return None
    return text[len(PLACEHOLDER.rstrip(":")):].lstrip(": ").strip() or "this value"
