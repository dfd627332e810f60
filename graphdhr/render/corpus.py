"""The cross-case report as text, Markdown, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from graphdhr.corpus import CorpusReport
from graphdhr.vocab import sector_words


def _cases(cases: tuple[str, ...], limit: int = 8) -> str:
    shown = ", ".join(cases[:limit])
    return shown + (f" and {len(cases) - limit} more" if len(cases) > limit else "")


def render_corpus_text(report: CorpusReport, markdown: bool = False) -> str:
    md = markdown
    bullet = "- " if md else "  - "
    title = f"graphdhr corpus report: {len(report.case_ids)} cases"
    out = [f"# {title}" if md else title, "" if md else "=" * len(title), ""]
    out.append(f"Engine: {report.engine}. graphdhr {report.version}. Rules: {', '.join(report.rule_sources)}.")

    def section(name: str) -> None:
        out.extend(["", f"## {name}" if md else name.upper(), ""])

    for title_, counts, base in (
        ("Knowledge of the relationship or the abuse that never moved, by sector", report.silo_sectors,
         "held such knowledge"),
        ("In contact after others knew of the abuse, and never told, by sector", report.blind_spot_sectors,
         "was in contact"),
    ):
        section(title_)
        if not counts:
            out.append("In no case.")
        for s in counts:
            out.append(f"{bullet}{sector_words(s.sector)}: in {len(s.cases)} of the {len(s.of_cases)} cases "
                       f"where it {base} ({_cases(s.cases)})")
    section("How often each rule fired")
    if not report.rules:
        out.append("No rule fired.")
    for r in report.rules:
        out.append(f"{bullet}{r.rule_id}: {r.findings} finding{'s' if r.findings != 1 else ''} in {len(r.cases)} "
                   f"of {len(report.case_ids)} cases ({_cases(r.cases)})")
    return "\n".join(out) + "\n"


def render_corpus_json(report: CorpusReport) -> str:
    data = {
        "engine": report.engine,
        "graphdhr_version": report.version,
        "rules": list(report.rule_sources),
        "cases": list(report.case_ids),
        "silo_sectors": [{"sector": s.sector, "cases": list(s.cases), "of_cases": list(s.of_cases)}
                         for s in report.silo_sectors],
        "blind_spot_sectors": [{"sector": s.sector, "cases": list(s.cases), "of_cases": list(s.of_cases)}
                               for s in report.blind_spot_sectors],
        "rule_counts": [{"rule_id": r.rule_id, "findings": r.findings, "cases": list(r.cases)} for r in report.rules],
    }
    return json.dumps(data, indent=2) + "\n"


def render_corpus_csv(report: CorpusReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["measure", "key", "cases", "of_cases", "findings", "case_ids"])
    for s in report.silo_sectors:
        writer.writerow(["never_moved", s.sector, len(s.cases), len(s.of_cases), "", ";".join(s.cases)])
    for s in report.blind_spot_sectors:
        writer.writerow(["never_told", s.sector, len(s.cases), len(s.of_cases), "", ";".join(s.cases)])
    for r in report.rules:
        writer.writerow(["rule", r.rule_id, len(r.cases), len(report.case_ids), r.findings, ";".join(r.cases)])
    return buffer.getvalue()


def render_corpus(report: CorpusReport, fmt: str) -> str:
    if fmt in ("text", "markdown"):
        return render_corpus_text(report, markdown=fmt == "markdown")
    if fmt == "json":
        return render_corpus_json(report)
    if fmt == "csv":
        return render_corpus_csv(report)
    raise ValueError(fmt)
