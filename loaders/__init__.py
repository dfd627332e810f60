"""Loaders: one module per input format, each ending in the validated case model.

Installed as `graphdhr.loaders`. `load_case(folder)` reads a case folder (docs/case-format.md):
`case.yaml` (manifest_yaml) and every file in `chronology/`: CSV (chronology_csv), Excel workbooks and
OpenDocument spreadsheets (chronology_xlsx) and Word tables (chronology_docx), each read into tables of cell text that one row parser reads.
No file there is passed over in silence: one graphdhr cannot read is an error, and a hidden or lock file is skipped
and listed in `CaseRead.skipped`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graphdhr.errors import CaseInputError, raise_all
from graphdhr.model import Case, SourceFile

from ._span import case_span, date_closer
from ._table import Table
from .chronology_csv import ChronologyFile, Names, csv_table, read_table
from .chronology_docx import docx_tables
from .chronology_xlsx import xlsx_tables
from .manifest_yaml import Manifest, read_manifest
from ._values import AgencyNames

__all__ = ["CaseRead", "load_case", "load_cases", "read_case"]

MANIFEST_NAMES = ("case.yaml", "case.yml")

# By suffix, in any letter case: what reads a chronology file into tables.
_READERS: dict[str, Callable[[Path, str], list[Table]]] = {
    ".csv": lambda path, display: [csv_table(path, display)],
    ".xlsx": xlsx_tables,
    ".ods": xlsx_tables,  # calamine reads an OpenDocument spreadsheet as it reads a workbook
    ".docx": docx_tables,
}
# Hidden files and the lock files office programs leave beside an open file (".~lock.x.csv#", "~$x.xlsx").
_SKIPPED_PREFIXES = (".", "~$")


@dataclass(frozen=True)
class CaseRead:
    """A loaded case with what the loaders did on the way (header mappings, ignored columns)."""

    case: Case
    chronologies: tuple[ChronologyFile, ...]
    skipped: tuple[str, ...] = ()  # hidden and lock files in chronology/, not read


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
            read.append(path)
    return read, skipped


def read_case(folder: str | Path) -> CaseRead:
    """Read and check a case folder.

    A problem with the folder or its manifest raises CaseInputError at once, since nothing else can be checked
    without them. Problems in the chronologies are gathered, every file, table and row, and raised together as
    CaseInputErrors.
    """
    root = Path(folder)
    if not root.is_dir():
        raise CaseInputError(str(root), None, None, "not a case folder (expected a folder holding case.yaml)")
    manifest_path = next((root / n for n in MANIFEST_NAMES if (root / n).is_file()), None)
    if manifest_path is None:
        raise CaseInputError(str(root / "case.yaml"), None, None, "the case manifest is missing")
    manifest = read_manifest(manifest_path, str(manifest_path))

    problems: list[CaseInputError] = []
    paths, skipped = _chronology_paths(root / "chronology", problems)
    names = _names(manifest)
    chronologies = []
    for path in paths:
        stem_agency = names.agencies.agency(path.stem)
        try:
            tables = _READERS[path.suffix.lower()](path, str(path))
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

    files = [SourceFile(str(manifest_path.relative_to(root)), _sha256(manifest_path))]
    files += [SourceFile(str(p.relative_to(root)), _sha256(p)) for p in paths]
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
