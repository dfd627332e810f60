"""Start a case: a folder with a commented `case.yaml` and a chronology template for each agency.

`init_case` writes what `graphdhr init` writes (docs/first-case.md). The templates are defined in
graphdhr.template, which the readers also know, so a template filled in by an agency reads with no edit and its
example row never becomes an event. The folder appears whole or not at all: it is written beside its place under a
temporary name and renamed into place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphdhr import vocab
from graphdhr.errors import UsageError
from graphdhr.template import (
    AGENCY_COLUMN,
    AGENCY_LIST_COLUMNS,
    COLUMNS,
    DATE_COLUMN,
    EXAMPLE,
    LISTS_SHEET,
    TemplateColumn,
    placeholder,
    words,
)
from graphdhr.word import a4, repeat_on_each_page

FORMATS = ("xlsx", "docx", "csv")
# Rows of a workbook that carry the drop-downs and the date format: far more than any agency's chronology.
WORKBOOK_ROWS = 2000
# Excel refuses a drop-down written inline (`"a,b,c"`, quotes included) longer than this; a longer list goes on a
# hidden sheet.
EXCEL_INLINE_LIMIT = 255
# Longest agency id made of a name's words; a longer name gives its initials.
_ID_LENGTH = 30
_MINOR_WORDS = frozenset({"and", "of", "the", "for", "in", "on", "at"})


@dataclass(frozen=True)
class NewAgency:
    """An agency of a new case: its id (made from its name) and its name as the chair wrote it."""

    id: str
    name: str


@dataclass(frozen=True)
class NewCase:
    """What `init_case` wrote: the folder, its case id, its agencies and each one's template (by agency id)."""

    folder: Path
    case_id: str
    agencies: tuple[NewAgency, ...]
    templates: dict[str, Path]
    fmt: str


def agency_names(lists: Sequence[str], single: Sequence[str]) -> list[str]:
    """The agencies named on the command line: `lists` as given to --agencies (names separated by commas) and
    `single` as given to --agency (one name each, which may hold a comma). Raises UsageError for an empty name,
    a name given twice (in any letter case) or no name at all."""
    names: list[tuple[str, str]] = []
    for given in lists:
        parts = given.split(",")
        if any(not part.strip() for part in parts):
            raise UsageError("--agencies", f"{given!r} has an empty name (two commas together, or one at either end)")
        names += [("--agencies", part.strip()) for part in parts]
    for given in single:
        if not given.strip():
            raise UsageError("--agency", "an agency's name is empty")
        names.append(("--agency", given.strip()))
    if not names:
        raise UsageError("--agencies", "name the case's agencies: --agencies \"Northshire Police, Riverside GP\" "
                                       "(or --agency NAME, once for each, for a name with a comma)")
    seen: set[str] = set()
    for option, name in names:
        if any(unicodedata.category(c) == "Cc" for c in name):
            raise UsageError(option, f"{name!r} holds a control character")
        key = " ".join(name.split()).casefold()
        if key in seen:
            raise UsageError(option, f"{name!r} is named twice")
        seen.add(key)
    return [name for _, name in names]


def agency_id(name: str) -> str:
    """A short, lower-case id made from an agency's name: its words joined by '-' ("northshire-police"), or, for a
    long name, their initials ("Central and North West London NHS Foundation Trust" gives "cnwlnft")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    every: list[str] = re.findall(r"[a-z0-9]+", re.sub(r"['\u2019]", "", plain.casefold()))
    if not every:
        raise UsageError("--agencies", f"{name!r} has no letter or digit to make an id from")
    major = [word for word in every if word not in _MINOR_WORDS] or every
    joined = "-".join(major)
    if len(major) <= 3 and len(joined) <= _ID_LENGTH:
        return joined
    if len(major) == 1:
        return major[0][:_ID_LENGTH]
    # A number is kept whole ("Unit 12" is not "Unit 1"), so that initials still tell names apart.
    return "".join(word if word.isdigit() else word[0] for word in major)[:_ID_LENGTH]


def new_agencies(names: Iterable[str]) -> tuple[NewAgency, ...]:
    """The agencies with ids made from their names, made unique in order ("riverside-gp", "riverside-gp-2")."""
    out: list[NewAgency] = []
    used: set[str] = set()
    for name in names:
        base = agency_id(name)
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out.append(NewAgency(candidate, name))
    return tuple(out)


def case_id_for(folder: Path) -> str:
    """The case id a new case starts with: its folder's name made fit for an id."""
    plain = unicodedata.normalize("NFKD", folder.name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-") or "my-case"


# --- case.yaml ---------------------------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: names with ':', '#' or quotes stay as written.
    return json.dumps(text, ensure_ascii=False)


def _fill(key: str, what: str) -> str:
    """A `key: value` line whose value is a placeholder saying what to write."""
    return f"{key}: {_quoted(placeholder(what))}"


def _wrapped(items: Iterable[str], indent: str = "#   ") -> list[str]:
    lines, line = [], indent
    for item in items:
        if len(line) + len(item) + 2 > 110 and line.strip("# "):
            lines.append(line.rstrip())
            line = indent
        line += item + ", "
    lines.append(line.rstrip(", "))
    return lines


def case_yaml(case_id: str, agencies: Sequence[NewAgency], fmt: str) -> str:
    """The commented `case.yaml` of a new case: every value the chair must give is a placeholder that `validate`
    names until it is filled in."""
    out = [
        "# case.yaml: the facts of the review graphdhr needs. Written by `graphdhr init`; fill it in with any text",
        "# editor (Notepad, TextEdit). How to fill it in: docs/first-case.md.",
        "#",
        "# - Each line is `key: value`. Change only what follows the colon, and keep the spaces at the start of",
        "#   lines as they are: they say what belongs to what.",
        "# - Replace every \"FILL IN: ...\" (quotes and all). `graphdhr validate` names each one still there, with",
        "#   its line. A key marked optional may be deleted, line and all.",
        "# - Lines starting with # are notes for you; graphdhr ignores them.",
        "# - Dates: 2021-05-14 or 14/05/2021; 2021-05 for a month, 2021 for a year; \"spring 2021\", \"before 2021-03\",",
        "#   \"date not known\".",
        "",
        "# REQUIRED. The case's short name: letters, digits and '-'. Example: northshire-2024-01",
        f"case_id: {case_id}",
        "",
        "# REQUIRED. The review's title. Example: Review into the death of Sam",
        _fill("title", "the review's title, e.g. Review into the death of Sam"),
        "",
        "# Optional. The community safety partnership's area. Example: Northshire",
        _fill("area", "the area, e.g. Northshire (or delete this line)"),
        "",
        "# REQUIRED. The death. date: as the review gives it (2021-05-14; 2021-05 when only the month is known).",
        "# cause: homicide, suicide, other (e.g. ill health where abuse played a part) or unknown.",
        "# A review of a suicide or other death is a DARDR; add `review_type: dhr` if yours was held as a DHR.",
        "death:",
        _fill("  date", "the date of death, e.g. 2021-05-14"),
        _fill("  cause", "homicide, suicide, other or unknown"),
        "",
        "# REQUIRED. The period the review examines (its terms of reference). Example: start: 2016-01-01, end: the",
        "# date of death. If the review does not state one, replace these three lines with:",
        "#   terms_of_reference: unknown",
        "terms_of_reference:",
        _fill("  start", "the first day the review examines, e.g. 2016-01-01"),
        _fill("  end", "the last day the review examines, e.g. 2021-05-14"),
        "",
        "# REQUIRED. The people, by the review's pseudonyms. At least the victim.",
        "# - id: a short name for the person, lower-case, no spaces (the ones below may stay as they are).",
        "# - pseudonym: the name the review uses. Agencies may write the pseudonym or the id in their chronologies.",
        "# - role: victim, perpetrator, alleged_perpetrator, co_accused, person_at_risk, previous_partner, child,",
        "#   family or other.",
        "# - aliases (optional): other names agencies recorded, e.g. [Samantha, Sam Smith].",
        "# - age (optional): at the death, e.g. age: 34; or date_of_birth: 1987-02.",
        "# - pronouns (optional): she/her, he/him or they/them, only as the review gives them. Without them the",
        "#   reports repeat the person's name; nothing is assumed.",
        "# Another person: copy the four lines from `- id:` and change them.",
        "people:",
        "  - id: victim",
        _fill("    pseudonym", "the victim's pseudonym, e.g. Sam"),
        "    role: victim",
        "    aliases: []",
        "  - id: perpetrator",
        _fill("    pseudonym", "the perpetrator's pseudonym, e.g. Alex"),
        "    role: perpetrator",
        "    aliases: []",
        "",
        "# How the people are related, by their ids. type: how `person` stands to `other`:",
        *_wrapped(vocab.RELATIONSHIP_TYPES),
        "# Optional: start and end dates (end: when they separated), e.g. start: 2019-06",
        "relationships:",
        "  - person: victim",
        "    other: perpetrator",
        _fill("    type", "intimate_partner, ex_partner, parent, child, ... (see above)"),
        "",
        "# REQUIRED. The agencies. The id names each agency's chronology file in chronology/ and is how rows refer",
        "# to it (Referred to, Information shared with): keep it as it is. The name is as you gave it.",
        "# - sector, one of:",
        *_wrapped(vocab.SECTORS),
        "# - contribution: what the agency gives the review, one or a list, e.g. [imr, chronology]:",
        *_wrapped(vocab.CONTRIBUTIONS),
        "# - area (optional): the police force or local authority area, e.g. area: Northshire",
        "# - records (optional): how much of its record the review saw: complete, partial, excerpt, destroyed or",
        "#   not_retrievable; records_note: why, e.g. records_note: Records before 2016 were destroyed.",
        "agencies:",
    ]
    for agency in agencies:
        out += [
            f"  - id: {agency.id}",
            f"    name: {_quoted(agency.name)}",
            _fill("    sector", "the sector, one of the words above"),
            _fill("    contribution", "imr, chronology, statement, ... (see above)"),
        ]
    out += [
        "",
        "# Optional. Multi-agency forums that rows refer to or share with: id, type (marac, mappa, mash,",
        "# child_protection_conference, adult_safeguarding) and name. Example:",
        "#   forums:",
        "#     - {id: marac, type: marac, name: Northshire MARAC}",
        "forums: []",
        "",
        "# Optional. If the review itself says its chronology is incomplete:",
        "#   chronology: {complete: false, note: The GP practice's records before 2016 were destroyed.}",
        "",
        f"# The chronology templates, one per agency, are in chronology/ as .{fmt} files: send each agency its own.",
        "",
    ]
    return "\n".join(out)


# --- chronology templates ----------------------------------------------------------------------------------------


def _example(agency: NewAgency) -> dict[str, str]:
    return {**EXAMPLE, AGENCY_COLUMN: agency.id}


def _instructions(agency: NewAgency, agencies: Sequence[NewAgency], suffix: str) -> list[str]:
    """The paragraphs above a Word template's table: what a row holds, and the words the coded columns take
    (a workbook offers them as drop-downs)."""
    ids = "; ".join(f"{a.id} ({a.name})" for a in agencies)
    lists = "; ".join(f"{c.header}: {', '.join(c.choices)}" for c in COLUMNS if c.choices)
    return [
        f"One row for each contact or event of {agency.name} with the people the review is about, oldest first. "
        "Date: as in your records (14/03/2014; a month alone as 03/2014; 'date not known'). Subject(s): the "
        "review's pseudonyms, separated by ';'. Information learned, Referred to and Information shared with may "
        "hold several, separated by ';'.",
        f"The words each coded column takes. {lists}.",
        f"Referred to and Information shared with name agencies by id: {ids}. The first row is an example, which "
        f"graphdhr skips. Keep this file's name ({agency.id}.{suffix}): it says whose chronology it is.",
    ]


def _csv_template(path: Path, agency: NewAgency) -> None:
    example = _example(agency)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([example.get(c.column, "") for c in COLUMNS])
    # With a byte-order mark, Excel opens the file as UTF-8 (a '£' or curly quote stays itself).
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def _docx_template(path: Path, agency: NewAgency, agencies: Sequence[NewAgency]) -> None:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    a4(document.sections[0], landscape=True, margin_mm=12)
    document.styles["Normal"].font.size = Pt(8)
    document.add_heading(f"Chronology: {agency.name}", level=1)
    for paragraph in _instructions(agency, agencies, "docx"):
        document.add_paragraph(paragraph)

    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    usable = Mm(297 - 24)
    widths = [int(usable * c.width / sum(c.width for c in COLUMNS)) for c in COLUMNS]
    header = table.rows[0]
    repeat_on_each_page(header)
    example = _example(agency)
    for column, head, cell, width in zip(COLUMNS, header.cells, table.rows[1].cells, widths):
        head.width = cell.width = width
        head.paragraphs[0].add_run(column.header).bold = True
        cell.text = example.get(column.column, "")
    document.save(str(path))


def _drop_down_formula(values: Sequence[str], lists: list[tuple[str, ...]]) -> str:
    """A list validation's source: inline when Excel allows it, else a range on the hidden lists sheet (the list
    is appended to `lists`, one column each)."""
    inline = ",".join(values)
    if len(inline) + 2 <= EXCEL_INLINE_LIMIT and not any("," in v or '"' in v for v in values):
        return f'"{inline}"'
    lists.append(tuple(values))
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(len(lists))
    return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"


def _xlsx_template(path: Path, agency: NewAgency, agencies: Sequence[NewAgency]) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    # A sheet named by the agency's id says whose rows it holds even if the file is renamed.
    sheet.title = agency.id[:31]
    agency_ids = tuple(a.id for a in agencies)
    example = _example(agency)
    lists: list[tuple[str, ...]] = []
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index, value=column.header)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor="DDDDDD")
        head.alignment = wrap
        head.comment = Comment(column.help, "graphdhr", width=260, height=110)
        sheet.column_dimensions[letter].width = column.width
        value: str | int | dt.date | None = example.get(column.column, "") or None
        if column.column == DATE_COLUMN:
            # The date column is text ("@"): Excel would turn a typed "May 2019" into 1 May 2019, a day nobody
            # recorded, while as text every form the reader knows ("May 2019", "?14/03/2014") stays as written.
            sheet.column_dimensions[letter].number_format = "@"
        elif isinstance(value, str) and value.isdigit():
            value = int(value)
        cell = sheet.cell(row=2, column=index, value=value)
        cell.alignment = wrap
        if column.column == DATE_COLUMN:
            cell.number_format = "@"
        choices = agency_ids if column.column in AGENCY_LIST_COLUMNS else column.choices
        if not choices:
            continue
        several = column.several or column.column != AGENCY_COLUMN and column.column in AGENCY_LIST_COLUMNS
        rule = DataValidation(type="list", formula1=_drop_down_formula(choices, lists), allow_blank=True)
        rule.promptTitle = column.header[:32]
        rule.prompt = (column.help + (" Type several separated by ';'." if several else ""))[:255]
        rule.showInputMessage = True
        # A cell that may hold several values cannot be refused for not being one of the list.
        rule.showErrorMessage = not several
        rule.errorTitle = column.header[:32]
        rule.error = "Choose a value from the list."
        rule.add(f"{letter}2:{letter}{WORKBOOK_ROWS}")
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    if lists:
        hidden = book.create_sheet(LISTS_SHEET)
        hidden.sheet_state = "hidden"
        for index, values in enumerate(lists, start=1):
            for row, text in enumerate(values, start=1):
                hidden.cell(row=row, column=index, value=text)
    book.save(str(path))


def write_template(path: Path, agency: NewAgency, agencies: Sequence[NewAgency], fmt: str) -> None:
    """One agency's chronology template at `path` in `fmt` (xlsx, docx or csv)."""
    if fmt == "xlsx":
        _xlsx_template(path, agency, agencies)
    elif fmt == "docx":
        _docx_template(path, agency, agencies)
    elif fmt == "csv":
        _csv_template(path, agency)
    else:
        raise UsageError("--format", f"{fmt!r} is not one of: {', '.join(FORMATS)}")


# --- the folder --------------------------------------------------------------------------------------------------


def _check_free(folder: Path) -> None:
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise UsageError("DIR", f"{folder} exists and is not a folder: give the folder to create")
        if any(folder.iterdir()):
            raise UsageError("DIR", f"{folder} already exists and is not empty: init never writes over a case; "
                                    "give a new folder")


def init_case(folder: Path, agencies: Sequence[str], fmt: str = "xlsx") -> NewCase:
    """Write a new case folder: `case.yaml` and `chronology/<agency id>.<fmt>` for each agency named.

    Raises UsageError when the folder exists and is not empty, when the format is unknown, or for bad names
    (`agency_names` checks them). Nothing is written then, and the folder appears whole or not at all.
    """
    if fmt not in FORMATS:
        raise UsageError("--format", f"{fmt!r} is not one of: {', '.join(FORMATS)}")
    _check_free(folder)
    made = new_agencies(agencies)
    target = Path(os.path.abspath(folder))  # "." has a name and a parent too
    case_id = case_id_for(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Made as mkdir makes any folder (the user's umask), under a name no one else uses, beside its place so that
    # moving it there is a rename.
    staging = target.parent / f".{target.name}.init-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    templates: dict[str, Path] = {}
    try:
        (staging / "case.yaml").write_text(case_yaml(case_id, made, fmt), encoding="utf-8")
        (staging / "chronology").mkdir()
        for agency in made:
            relative = Path("chronology") / f"{agency.id}.{fmt}"
            write_template(staging / relative, agency, made, fmt)
            templates[agency.id] = relative
        _check_free(folder)  # again: something may have appeared there meanwhile
        if target.is_dir():
            # An empty folder the user made (perhaps the current one, perhaps shared with set permissions) is
            # kept: what was written moves into it.
            for written in sorted(staging.iterdir()):
                os.rename(written, target / written.name)
            staging.rmdir()
        else:
            os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return NewCase(folder, case_id, made, templates, fmt)
