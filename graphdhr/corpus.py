"""Reports across many cases: what recurs (knowledge that never moved, rules that fired, agencies never told).

`build_corpus_report(engine, case_ids)` runs the same analyses and rules as the single-case report on each case,
through whichever engine holds them, and counts across cases by agency sector, since agency ids are each review's
own while sectors are shared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphdhr import __version__
from graphdhr.report import Engine, build_findings
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


def build_corpus_report(engine: Engine, case_ids: list[str] | None = None, rules: RuleSet | None = None,
                        progress: Any = None, on_findings: Any = None) -> CorpusReport:
    """Count across cases. `on_findings(case_id, findings)` is called with each case's findings (to store them)."""
    rules = rules if rules is not None else load_rules()
    ids = sorted(case_ids if case_ids is not None else engine.case_ids())
    silo: dict[str, set[str]] = defaultdict(set)
    knew: dict[str, set[str]] = defaultdict(set)
    blind: dict[str, set[str]] = defaultdict(set)
    contact: dict[str, set[str]] = defaultdict(set)
    fired: dict[str, list[str]] = defaultdict(list)
    for case_id in ids:
        directory = engine.directory(case_id)

        def sector(agency_id: str) -> str:
            return directory.agencies[agency_id][1]

        for r in engine.run("agency_knowledge", case_id):
            knew[sector(r["agency_id"])].add(case_id)
            if not r["passed_on"]:
                silo[sector(r["agency_id"])].add(case_id)
        for r in engine.run("contact_counts", case_id):
            contact[sector(r["agency_id"])].add(case_id)
        for r in engine.run("blind_spots", case_id):
            blind[sector(r["agency_id"])].add(case_id)
        findings = build_findings(engine, case_id, directory, rules)
        for f in findings:
            fired[f.rule_id].append(case_id)
        if on_findings is not None:
            on_findings(case_id, findings)
        if progress is not None:
            progress(1)

    def counts(hit: dict[str, set[str]], base: dict[str, set[str]]) -> tuple[SectorCount, ...]:
        rows = [SectorCount(s, tuple(sorted(hit[s])), tuple(sorted(base[s] | hit[s]))) for s in hit]
        return tuple(sorted(rows, key=lambda r: (-len(r.cases), r.sector)))

    rule_counts = tuple(
        sorted(
            (RuleCount(rule_id, len(cases), tuple(sorted(set(cases)))) for rule_id, cases in fired.items()),
            key=lambda r: (-len(r.cases), r.rule_id),
        )
    )
    return CorpusReport(engine.name, tuple(ids), counts(silo, knew), counts(blind, contact), rule_counts,
                        rules.sources)
