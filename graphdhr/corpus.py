"""Reports across many cases: what recurs (knowledge that never moved, rules that fired, agencies never told).

Each case is tallied on its own (`tally_case`: the same analyses and rules as the single-case report, through
whichever engine holds it) and the tallies are combined by agency sector, since agency ids are each review's own
while sectors are shared. Because a tally needs only its own case, a corpus on disk is streamed
(`corpus_from_folders`): each case is read, built into its own small graph, tallied and released, in a pool of
worker processes, so a thousand cases never sit in memory at once.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphdhr import __version__, analyses
from graphdhr.engines.contract import Engine
from graphdhr.report import FINDING_ANALYSES, build_findings, fetch_case
from graphdhr.rules import RuleSet, load_rules


@dataclass(frozen=True)
class SectorCount:
    sector: str
    cases: tuple[str, ...]  # the cases where it happened
    of_cases: tuple[str, ...]  # the cases where the sector could have (it held knowledge / was in contact)


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    findings: int
    cases: tuple[str, ...]


@dataclass(frozen=True)
class CorpusReport:
    engine: str
    case_ids: tuple[str, ...]
    silo_sectors: tuple[SectorCount, ...]
    blind_spot_sectors: tuple[SectorCount, ...]
    rules: tuple[RuleCount, ...]
    rule_sources: tuple[str, ...]
    version: str = field(default=__version__)


@dataclass(frozen=True)
class CaseTally:
    """What one case adds to the corpus figures: sets of sectors, and findings per rule."""

    case_id: str
    knew: frozenset[str]
    never_moved: frozenset[str]
    in_contact: frozenset[str]
    never_told: frozenset[str]
    fired: tuple[tuple[str, int], ...]
    rows: int = 0


def tally_case(engine: Engine, case_id: str, rules: RuleSet, on_findings: Any = None) -> CaseTally:
    directory = engine.directory(case_id)

    def sector(agency_id: str) -> str:
        return directory.agencies[agency_id][1]

    knew, never_moved, in_contact, never_told = set(), set(), set(), set()
    fetched = fetch_case(engine, case_id, rules, (*FINDING_ANALYSES, "contact_counts"))
    case_rows = fetched[0]
    for r in case_rows.knowledge:
        knew.add(sector(r["agency_id"]))
        if not r["passed_on"]:
            never_moved.add(sector(r["agency_id"]))
    rows = 0
    for count in case_rows.of("contact_counts"):
        in_contact.add(sector(count["agency_id"]))
        rows += count["rows"]
    for spot in analyses.blind_spots(case_rows):
        never_told.add(sector(spot["agency_id"]))
    findings = build_findings(engine, case_id, directory, rules, fetched)
    if on_findings is not None:
        on_findings(case_id, findings)
    fired = Counter(f.rule_id for f in findings)
    return CaseTally(case_id, frozenset(knew), frozenset(never_moved), frozenset(in_contact), frozenset(never_told),
                     tuple(sorted(fired.items())), rows)


def combine(tallies: Iterable[CaseTally], engine: str, rules: RuleSet) -> CorpusReport:
    tallies = sorted(tallies, key=lambda t: t.case_id)

    def by_sector(hit: str, base: str) -> tuple[SectorCount, ...]:
        cases: dict[str, list[str]] = defaultdict(list)
        of: dict[str, list[str]] = defaultdict(list)
        for t in tallies:
            for s in getattr(t, hit):
                cases[s].append(t.case_id)
            for s in getattr(t, base) | getattr(t, hit):
                of[s].append(t.case_id)
        rows = [SectorCount(s, tuple(cases[s]), tuple(of[s])) for s in cases]
        return tuple(sorted(rows, key=lambda r: (-len(r.cases), r.sector)))

    findings: Counter[str] = Counter()
    rule_cases: dict[str, list[str]] = defaultdict(list)
    for t in tallies:
        for rule_id, n in t.fired:
            findings[rule_id] += n
            rule_cases[rule_id].append(t.case_id)
    rule_counts = tuple(
        sorted((RuleCount(r, findings[r], tuple(c)) for r, c in rule_cases.items()),
               key=lambda r: (-len(r.cases), r.rule_id))
    )
    return CorpusReport(engine, tuple(t.case_id for t in tallies), by_sector("never_moved", "knew"),
                        by_sector("never_told", "in_contact"), rule_counts, rules.sources)


def build_corpus_report(engine: Engine, case_ids: list[str] | None = None, rules: RuleSet | None = None,
                        progress: Callable[[int], None] | None = None, on_findings: Any = None) -> CorpusReport:
    """The corpus report of cases an engine already holds. `on_findings(case_id, findings)` sees each case's
    findings (to store them)."""
    rules = rules if rules is not None else load_rules()
    ids = sorted(case_ids if case_ids is not None else engine.case_ids())
    tallies = []
    for case_id in ids:
        tallies.append(tally_case(engine, case_id, rules, on_findings))
        if progress is not None:
            progress(1)
    return combine(tallies, engine.name, rules)


def _tally_folder(job: tuple[str, RuleSet]) -> CaseTally:
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case

    folder, rules = job
    case = load_case(folder)
    return tally_case(EmbeddedEngine([case]), case.case_id, rules)


def corpus_from_folders(folders: list[str | Path], rules: RuleSet | None = None, workers: int | None = None,
                        progress: Callable[[int], None] | None = None) -> CorpusReport:
    """The corpus report of case folders on the embedded engine, streamed case by case over worker processes."""
    rules = rules if rules is not None else load_rules()
    jobs = [(str(f), rules) for f in folders]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    tallies: list[CaseTally] = []
    if workers <= 1 or len(jobs) < 8:
        for job in jobs:
            tallies.append(_tally_folder(job))
            if progress is not None:
                progress(1)
    else:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for tally in pool.imap_unordered(_tally_folder, jobs, chunksize=4):
                tallies.append(tally)
                if progress is not None:
                    progress(1)
    seen: dict[str, int] = {}
    for t in tallies:
        seen[t.case_id] = seen.get(t.case_id, 0) + 1
    duplicated = sorted(c for c, n in seen.items() if n > 1)
    if duplicated:
        from graphdhr.errors import CaseInputError

        raise CaseInputError("command line", None, "CASE_DIR", f"case id {duplicated[0]!r} is given twice")
    return combine(tallies, "embedded", rules)
