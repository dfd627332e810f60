"""A person's pronouns, as the case gives them: read and checked from case.yaml, and used where a sentence would
otherwise name the same person twice; never assumed, and never where they could mean someone else.

The answers are a chair's, decided before running: Vera (she/her) and Percy (he/him) read "Percy, her partner" and
"the relationship for him"; with no pronouns, one pronoun only, two people of the same pronouns, or they/them
(which beside the agencies every sentence names reads as plural), the names stay.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from casekit import BASE_MANIFEST, row, write_case
from chair_cases import CASES
from typer.testing import CliRunner

from graphdhr.briefing import build_briefing, summary_sentences
from graphdhr.cli import app
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.errors import CaseInputError
from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.report import Report, build_report

runner = CliRunner()
GENDERED = re.compile(r"\b(she|he|her|hers|him|his)\b", re.IGNORECASE)

# Police grade Vera high risk after the first of three incidents in three months and refer nobody to MARAC; the GP
# alone holds Percy's suicidality.
ROWS = [
    row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH", risk_score="16",
        risk_level="high", source_ref="p1"),
    row("2013-04-01", "police", "vic;per", "incident", learned="domestic_abuse", source_ref="p2"),
    row("2013-05-01", "police", "vic;per", "incident", learned="domestic_abuse", source_ref="p3"),
    row("2013-04-01", "gp", "per", "appointment", learned="suicidality", source_ref="g1"),
]


def _report(folder: Path, vera: str | None, percy: str | None) -> Report:
    manifest: dict[str, Any] = copy.deepcopy(BASE_MANIFEST)
    for person, pronouns in zip(manifest["people"][:2], (vera, percy), strict=True):
        if pronouns:
            person["pronouns"] = pronouns
    case = load_case(write_case(folder, ROWS, manifest))
    return build_report(EmbeddedEngine([case]), case.case_id)


def _statement(report: Report, rule_id: str) -> str:
    [finding] = [f for f in report.findings if f.rule_id == rule_id]
    return finding.statement


@pytest.mark.parametrize(
    ("vera", "percy", "partner", "about_vera", "for_percy"),
    [
        ("she/her", "he/him", "her partner", "her", "him"),
        (None, None, "Vera's partner", "Vera", "Percy"),
        # Both "her": either could be meant, so both are named.
        ("she/her", "she/her", "Vera's partner", "Vera", "Percy"),
        # Percy's pronouns not given: "her" could be Percy, and Vera's unknown pronouns are not assumed.
        ("she/her", None, "Vera's partner", "Vera", "Percy"),
        ("he/him", "he/him", "Vera's partner", "Vera", "Percy"),
        # "them" beside the agencies reads as plural: Vera is named; Percy, beside someone not "him", is not.
        ("they/them", "he/him", "Vera's partner", "Vera", "him"),
    ],
)
def test_pronouns_stand_for_a_name_only_where_they_cannot_mean_anyone_else(
    tmp_path: Path, vera: str | None, percy: str | None, partner: str, about_vera: str, for_percy: str
) -> None:
    report = _report(tmp_path, vera, percy)
    first, _ = summary_sentences(report)
    assert first == f"Vera was killed on 1 Mar 2015; Percy, {partner}, is named as the perpetrator."
    escalation = _statement(report, "marac.potential_escalation")
    assert escalation.startswith("3 domestic abuse incidents or disclosures involving Vera and Percy"), escalation
    assert f"no MARAC referral about {about_vera} followed" in escalation, escalation
    assert f"no earlier MARAC referral about {about_vera} is recorded" in escalation, escalation
    assert _statement(report, "perpetrator.health_unshared").endswith(  # one health service (the GP) knew
        f"which never recorded domestic abuse or the relationship for {for_percy}, or shared it.")
    # A finding about Vera alone names no one else: "her" cannot mean anyone but her.
    alone = "her" if vera == "she/her" else "him" if vera == "he/him" else "Vera"
    assert f"no MARAC referral about {alone} followed" in _statement(report, "marac.visible_high_risk")


def _sentences(report: Report) -> list[str]:
    """Every sentence graphdhr words itself (not the rows' own descriptions, which are the case's words)."""
    briefing = build_briefing(report)
    return [*briefing.summary, *briefing.who_knew,
            *(s for f in report.findings for s in (f.statement, f.brief, *f.caveats) if s),
            *(i.sentence for i in briefing.items), *(q.text for i in briefing.items for q in i.questions)]


def test_a_case_that_gives_no_pronouns_reads_with_none(tmp_path: Path) -> None:
    reports = [_report(tmp_path / "base", None, None)]
    for n, chair in enumerate(CASES):
        case = load_case(chair.write(tmp_path / str(n)))
        reports.append(build_report(EmbeddedEngine([case]), case.case_id))
    for report in reports:
        for sentence in _sentences(report):
            assert not GENDERED.search(sentence), sentence


def test_in_the_worked_example_a_pronoun_follows_the_name_it_stands_for(lottie: Case) -> None:
    """Lottie (she) and Bert (he), as the published review writes of them: a sentence says "her" or "him" only
    after naming that person, and at least the release, the summary and the health findings use them."""
    sentences = _sentences(build_report(EmbeddedEngine([lottie]), "lottie"))
    used = [s for s in sentences if GENDERED.search(s)]
    for sentence in used:
        for pronoun, name in ((r"\bher\b", "Lottie"), (r"\b(him|his)\b", "Bert")):
            found = re.search(pronoun, sentence)
            if found:
                assert name in sentence[:found.start()], sentence
    assert "Lottie was killed in Mar 2015; Bert, her partner, is named as the perpetrator." in sentences
    assert any(s.endswith("supporting her was told.") for s in used)
    assert any("the relationship for him" in s for s in used)


@pytest.mark.parametrize("written", ["she", "She/Her", "her", "xe/xem", "she/him", ""])
def test_pronouns_other_than_the_three_are_an_error_naming_file_field_and_value(tmp_path: Path, written: str) -> None:
    manifest: dict[str, Any] = copy.deepcopy(BASE_MANIFEST)
    manifest["people"][1]["pronouns"] = written
    folder = write_case(tmp_path, ROWS, manifest)
    if not written:
        # Left blank, as a chair leaves an optional key: the same as leaving it out.
        assert load_case(folder).people[1].pronouns is None
        return
    with pytest.raises(CaseInputError) as info:
        load_case(folder)
    assert (info.value.field, info.value.row is not None) == ("people[1].pronouns", True)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2
    line = result.output.strip()
    assert line.startswith(f"error: {folder / 'case.yaml'}, line ") and "field 'people[1].pronouns'" in line, line
    assert f"{written!r} is not one of: she/her, he/him, they/them" in line, line


def test_pronouns_are_read_into_the_case_and_the_graph(tmp_path: Path) -> None:
    report = _report(tmp_path, "she/her", "they/them")
    assert report.directory.pronouns == {"vic": "she/her", "per": "they/them"}
    case = load_case(tmp_path)
    assert [p.pronouns for p in case.people] == ["she/her", "they/them", None]
