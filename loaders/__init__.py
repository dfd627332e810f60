"""Loaders: one module per input format, each ending in the validated case model.

Installed as `graphdhr.loaders`. `load_case(folder)` reads a case folder (docs/case-format.md):
`case.yaml` (manifest_yaml) and every file in `chronology/`: CSV (chronology_csv), Excel workbooks and
OpenDocument spreadsheets (chronology_xlsx) and Word tables (chronology_docx), each read into tables of cell text that one row parser reads.
No file there is passed over in silence: one graphdhr cannot read is an error, and a hidden or lock file is skipped
and listed in `CaseRead.skipped`. Only regular files of bounded size are read (`_files`): a device, a pipe or a
file larger than any real chronology is an error before anything is read from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graphdhr.errors import CaseInputError, raise_all
from graphdhr.model import Case, SourceFile

from ._files import (
    CHRONOLOGY_LIMIT, MANIFEST_LIMIT, ZIP_SUFFIXES, check_file, check_layout, check_unpacked, read_bounded,
)
from ._span import case_span, date_closer
from ._table import Table
from .chronology_csv import ChronologyFile, Names, csv_table, read_table
from .chronology_xlsx import xlsx_tables
from .manifest_yaml import Manifest, read_manifest
from ._values import AgencyNames

__all__ = ["CaseRead", "load_case", "load_cases", "read_case"]

MANIFEST_NAMES = ("case.yaml", "case.yml")

# By suffix, in any letter case: what reads a chronology file into tables.
def _docx_tables(path: Path, display: str) -> list[Table]:
    # python-docx and lxml cost a tenth of `graphdhr report`'s start-up (bench/startup.py), so they are imported
    # only when a case holds a Word chronology.
    from .chronology_docx import docx_tables

    return docx_tables(path, display)


_READERS: dict[str, Callable[[Path, str], list[Table]]] = {
    ".csv": lambda path, display: [csv_table(path, display)],
    ".xlsx": xlsx_tables,
    ".ods": xlsx_tables,  # calamine reads an OpenDocument spreadsheet as it reads a workbook
    ".docx": _docx_tables,
}
# Hidden files and the lock files office programs leave beside an open file (".~lock.x.csv#", "~$x.xlsx").
_SKIPPED_PREFIXES = (".", "~$")


@dataclass(frozen=True)
class CaseRead:
    """A loaded case with what the loaders did on the way (header mappings, ignored columns)."""

    case: Case
    chronologies: tuple[ChronologyFile, ...]
    skipped: tuple[str, ...] = ()  # hidden and lock files in chronology/, not read


def _sha256(path: Path, limit: int) -> str:
    return hashlib.sha256(read_bounded(path, str(path), limit)).hexdigest()


def _names(manifest: Manifest) -> Names:
    """The names a chronology row may use for the case's people and agencies."""
    by_name: dict[str, tuple[str, bool]] = {}
    offered: dict[str, str] = {}
    for person in manifest.people:
        by_name[person.id.casefold()] = (person.id, False)
        by_name[person.pseudonym.casefold()] = (person.id, False)
        offered[person.id.casefold()] = person.id
        offered[person.pseudonym.casefold()] = person.pseudonym
    for person in manifest.people:
        for alias in person.aliases:
            by_name.setdefault(alias.casefold(), (person.id, True))
            offered.setdefault(alias.casefold(), alias)

    def resolve(name: str) -> tuple[str, bool] | None:
        return by_name.get(name.strip().casefold())

    return Names(resolve, AgencyNames(manifest.agencies, manifest.forums), offered, dt.date.today())


def _chronology_paths(folder: Path, problems: list[CaseInputError]) -> tuple[list[Path], list[Path]]:
    """The files to read in `folder`, and the hidden or lock files skipped. Anything else is a problem."""
    if not folder.is_dir():
        raise CaseInputError(str(folder), None, None, "the chronology folder is missing: a case keeps its rows there")
    read: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(_SKIPPED_PREFIXES):
            skipped.append(path)
        elif path.is_dir():
            problems.append(
                CaseInputError(str(path), None, None, "a folder inside chronology/ is not read: move its files up")
            )
        elif path.suffix.lower() not in _READERS:
            problems.append(CaseInputError(
                str(path), None, None,
                "graphdhr cannot read this file: a chronology is .csv, .xlsx, .ods or .docx",
            ))
        else:
            try:
                check_file(path, str(path), CHRONOLOGY_LIMIT)
                if path.suffix.lower() in ZIP_SUFFIXES:
                    check_unpacked(path, str(path))
                    check_layout(path, str(path))
            except CaseInputError as exc:
                problems.append(exc)
                continue
            read.append(path)
    return read, skipped


def _manifest_path(root: Path) -> Path:
    """The case's manifest: the first of MANIFEST_NAMES present. Something that is not a regular file under that
    name (a pipe, a device) is an error, not a missing manifest."""
    for name in MANIFEST_NAMES:
        path = root / name
        try:
            os.stat(path)
        except FileNotFoundError:
            continue
        except OSError:
            pass  # check_file says why it cannot be read
        check_file(path, str(path), MANIFEST_LIMIT)
        return path
    raise CaseInputError(str(root / "case.yaml"), None, None, "the case manifest is missing")


def _tables(path: Path) -> list[Table]:
    """The tables of one chronology file, from the reader for its suffix.

    A workbook or Word document is parsed by a library (calamine, python-docx with zipfile, zlib and lxml) whose
    errors on a damaged file are of many types; any of them means the file cannot be read, and says so as a
    CaseInputError naming it. Only the parse is guarded: the rows are checked afterwards, outside this.
    """
    try:
        return _READERS[path.suffix.lower()](path, str(path))
    except CaseInputError:
        raise
    except Exception as exc:  # a damaged file, whatever the parsing library calls it
        what = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise CaseInputError(str(path), None, None, f"cannot read the file (damaged or not what its name says): "
                                                     f"{what[:200]}") from None


def read_case(folder: str | Path) -> CaseRead:
    """Read and check a case folder.

    A problem with the folder or its manifest raises CaseInputError at once, since nothing else can be checked
    without them. Problems in the chronologies are gathered, every file, table and row, and raised together as
    CaseInputErrors.
    """
    root = Path(folder)
    if not root.is_dir():
        raise CaseInputError(str(root), None, None, "not a case folder (expected a folder holding case.yaml)")
    manifest_path = _manifest_path(root)
    manifest = read_manifest(manifest_path, str(manifest_path))

    problems: list[CaseInputError] = []
    paths, skipped = _chronology_paths(root / "chronology", problems)
    names = _names(manifest)
    chronologies = []
    for path in paths:
        stem_agency = names.agencies.agency(path.stem)
        try:
            tables = _tables(path)
        except CaseInputError as exc:
            problems.append(exc)
            continue
        for table in tables:
            named = names.agencies.agency(table.name) if table.name else None
            agency = named or stem_agency
            try:
                chronology = read_table(table, names, agency[0] if agency else None)
            except CaseInputError as exc:
                problems.append(exc)
                continue
            chronologies.append(chronology)
            problems.extend(chronology.errors)
    if not problems and not any(c.rows for c in chronologies):
        why = " (the templates still hold only their example rows)" if any(c.examples for c in chronologies) else ""
        raise CaseInputError(str(root / "chronology"), None, None, f"the case has no chronology rows{why}")

    # Open dates ("date not known", "before ...") are placed within the case's span, which needs the terms of
    # reference, the death and every dated row: the death first (against the rest), then everything else.
    tor = (manifest.tor_start, manifest.tor_end) if manifest.tor_start and manifest.tor_end else None
    row_dates = [row.date for c in chronologies for row in c.rows]
    death = None
    if manifest.date_of_death is not None:
        place_death = date_closer(case_span(tor, None, row_dates))
        try:
            death = place_death(manifest.date_of_death, manifest.death_where, manifest.death_field)
        except CaseInputError as exc:
            raise_all([*problems, exc])
    close_date = date_closer(case_span(tor, death, row_dates))
    for chronology in chronologies:
        read_before = len(chronology.errors)
        chronology.close(close_date)
        problems.extend(chronology.errors[read_before:])

    files = [SourceFile(str(manifest_path.relative_to(root)), _sha256(manifest_path, MANIFEST_LIMIT))]
    files += [SourceFile(str(p.relative_to(root)), _sha256(p, CHRONOLOGY_LIMIT)) for p in paths]
    case = Case(
        case_id=manifest.case_id,
        title=manifest.title,
        area=manifest.area,
        date_of_death=death,
        tor_start=manifest.tor_start,
        tor_end=manifest.tor_end,
        source=manifest.source,
        people=manifest.people,
        relationships=manifest.close_relationships(close_date),
        agencies=manifest.agencies,
        forums=manifest.forums,
        events=tuple(e for c in chronologies for e in c.events),
        files=tuple(files),
        death_cause=manifest.death_cause,
        review_type=manifest.review_type,
        chronology_complete=manifest.chronology_complete,
        chronology_note=manifest.chronology_note,
    )
    try:
        case.check()
    except CaseInputError as exc:
        problems.append(exc)
    raise_all(problems)
    return CaseRead(case, tuple(chronologies), tuple(str(p) for p in skipped))


def load_case(folder: str | Path) -> Case:
    """The validated case in `folder`."""
    return read_case(folder).case


def load_cases(folders: list[str | Path]) -> list[Case]:
    """Several cases; their ids must differ, since one graph holds them all."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for folder in folders:
        case = load_case(folder)
        if case.case_id in seen:
            raise CaseInputError(
                str(Path(folder) / "case.yaml"), None, "case_id", f"case id {case.case_id!r} also used by {seen[case.case_id]}"
            )
        seen[case.case_id] = str(folder)
        cases.append(case)
    return cases
