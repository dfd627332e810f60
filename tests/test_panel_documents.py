"""Documents for the panel: the briefing as Word, and the letters to agencies, from the command line."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLE
from typer.testing import CliRunner, Result

from graphdhr.briefing import build_briefing
from graphdhr.cli import app
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.render.panel import MARKING, letter_blocks, render_blocks
from graphdhr.report import Report, build_report


def invoke(*args: object) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def whole() -> Report:
    case = load_case(EXAMPLE)
    return build_report(EmbeddedEngine([case]), case.case_id)


def test_word_briefing_holds_the_findings_in_the_briefings_order(tmp_path: Path, whole: Report) -> None:
    out = tmp_path / "briefing.docx"
    result = invoke("report", EXAMPLE, "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    # The cover: the sensitivity marking (also on every page's header), the title, then the case in two sentences.
    assert paragraphs[0] == MARKING
    assert document.sections[0].header.paragraphs[0].text == MARKING
    assert paragraphs[1] == "Briefing: Review into the death of Lottie (Hillingdon)"
    briefing = build_briefing(whole)
    assert paragraphs[2] == " ".join(briefing.summary)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    numbered = [h for h in headings if re.match(r"^\d+\. ", h)]
    assert numbered == [f"{n}. {item.title}" for n, item in enumerate(briefing.in_theme_order, start=1)]
    # Each item's sentence follows its heading; the collapsed ones carry their table.
    for item in briefing.in_theme_order:
        assert item.sentence in paragraphs
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    for item in briefing.items:
        if item.table is not None:
            assert [list(item.table.columns), *map(list, item.table.rows)] in tables
    # Provenance comes last, and no hash appears before it.
    assert headings[-1] == "Provenance"
    before = "\n".join(paragraphs[:paragraphs.index("Provenance")])
    assert "sha256" not in before
    assert any(row[0] == "case.yaml" and len(row[1]) == 64 for t in tables for row in t)


def test_word_needs_a_file(tmp_path: Path) -> None:
    result = invoke("report", EXAMPLE, "--format", "docx")
    assert result.exit_code == 2
    assert "-o FILE" in result.output


def test_letters_to_every_agency(tmp_path: Path) -> None:
    result = invoke("report", EXAMPLE, "--agency", "all", "-o", f"{tmp_path}/letters/")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "letters"
    written = sorted(p.name for p in folder.iterdir())
    assert "tvp.md" in written and "tvp.docx" in written and "met-police.docx" in written
    assert len(written) == 2 * len(load_case(EXAMPLE).agencies)
    tvp = (folder / "tvp.md").read_text(encoding="utf-8")
    assert tvp.startswith("# Thames Valley Police: Review into the death of Lottie")
    # No hash line at the top, no meaningless denominator, no snake_case, provenance last.
    assert "sha256" not in tvp[:tvp.index("## Provenance")]
    assert not re.search(r"\b1 of 1\b", tvp)
    assert "## Questions" not in tvp and "**Questions for the IMR:**" in tvp
    assert tvp.index("## What it knew, and when") < tvp.index("## What it passed on") < tvp.index(
        "## Findings about it") < tvp.index("## Provenance")
    letter = docx.Document(str(folder / "tvp.docx"))
    assert letter.paragraphs[1].text == "Thames Valley Police: Review into the death of Lottie (Hillingdon)"


def test_a_letter_cites_only_the_agencys_own_rows_and_one_row_of_who_else_knew(whole: Report) -> None:
    briefing = build_briefing(whole)
    text = str(render_blocks(letter_blocks(whole, "tvp", briefing), "text"))
    findings = text[text.index("FINDINGS ABOUT IT"):text.index("PROVENANCE")]
    for block in findings.split("Evidence:")[1:]:
        cited = [line for line in block.split("Standard:")[0].splitlines() if line.startswith("  - ")]
        others = [line for line in cited if ", Thames Valley Police: " not in line]
        assert cited and len(others) <= 1, cited
    # The cross-boundary finding shows one Metropolitan Police row: who else dealt with them.
    assert "Two areas, no sharing between them" in findings
    assert findings.count(", Metropolitan Police: ") == 1
    # Its knowledge that never moved, with questions drawn from it.
    assert "Why does the chronology of Thames Valley Police record no referral or share after 8 Nov 2014?" in text
    assert "For the author of the Individual Management Review of Thames Valley Police." in text
    # No repeated fact: each line of what it knew is there once.
    knew = text[text.index("WHAT IT KNEW"):text.index("WHAT IT PASSED ON")]
    lines = [line for line in knew.splitlines() if line.startswith("  - ")]
    assert lines and len(lines) == len(set(lines))


@pytest.mark.parametrize("named", ["TVP", "thames valley police", "Thames Valley Police"])
def test_agency_by_id_or_name_in_any_case(named: str) -> None:
    result = invoke("report", EXAMPLE, "--agency", named, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Thames Valley Police: ")


def test_a_typo_lists_the_valid_ids(tmp_path: Path) -> None:
    result = invoke("report", EXAMPLE, "--agency", "tvpp", "-o", tmp_path / "x.md")
    assert result.exit_code == 2
    assert "its agency ids: care-uk-ooh, " in result.output and "tvp, victim-support" in result.output
    assert not (tmp_path / "x.md").exists()
    result = invoke("report", EXAMPLE, "--agency", "all")
    assert result.exit_code == 2 and "-o DIR/" in result.output


def test_a_letter_to_an_agency_with_nothing_found(whole: Report) -> None:
    text = str(render_blocks(letter_blocks(whole, "leeds-csc"), "text"))
    assert "graphdhr found nothing about Leeds Children's Social Care" in text
    assert "records no knowledge" in text


# -- the chair's suicide-review cases (tests/chair_cases.py): what each agency's letter must say ----------------

def _chair_case(name: str, tmp_path: Path) -> Report:
    from chair_cases import CASES

    [case] = [c for c in CASES if c.name == name]
    loaded = load_case(case.write(tmp_path))
    return build_report(EmbeddedEngine([loaded]), loaded.case_id)


def test_a_release_without_notice_asks_the_prison_and_the_agency_managing_his_licence(tmp_path: Path) -> None:
    """Percy was recalled by probation (his licence revoked for contacting Vera) and released again by the prison
    with no word to Vera's IDVA or housing. Both answer for the notice: the prison that released him and probation,
    which held his licence. Each is asked, and each one's letter gives the finding with its own questions; the IDVA
    and housing, who were not told, are not asked why they did not tell themselves."""
    report = _chair_case("suicide_released_with_and_without_notice", tmp_path)
    briefing = build_briefing(report)
    [item] = [i for i in briefing.items if i.rule_ids == ("perpetrator.release_without_notice",)]
    assert {q.agency_id for q in item.questions} == {"prison", "probation"}
    assert [q.text for q in item.questions_for("probation")] == [
        "Who at Test Probation knew that Percy's release put Vera at risk, and when?",
        "Which agencies supporting Vera did Test Probation tell of the release, and by what route?"]
    [finding] = item.findings
    for agency in ("prison", "probation"):
        text = str(render_blocks(letter_blocks(report, agency, briefing), "text"))
        about = text[text.index("FINDINGS ABOUT IT"):text.index("PROVENANCE")]
        assert item.title in about and finding.statement in about, agency
        for q in item.questions_for(agency):
            assert q.text in about
    for agency in ("idva", "housing"):
        text = str(render_blocks(letter_blocks(report, agency, briefing), "text"))
        assert "Which agencies supporting Vera did" not in text


def test_first_known_is_the_earliest_day_an_agency_certainly_knew_by(tmp_path: Path) -> None:
    """The IDVA knew of abuse of Vera by Percy from an undated disclosure, from the police's referral in March 2014
    (month only) and from its own DASH on 2 Apr 2014: it certainly knew by March, perhaps earlier. Every output
    that says when it first knew says that, never "from date not known". Strangulation it knew only from the
    undated row: that one is "date not known", since nothing better is recorded."""
    from graphdhr.render.chronology import analysis_tags
    from graphdhr.render.html import view_data
    from graphdhr.render.report import render_text

    report = _chair_case("suicide_uncertain_dates", tmp_path)
    said = "by Mar 2014 (an earlier row is undated)"
    letter = str(render_blocks(letter_blocks(report, "idva"), "text"))
    knew = letter[letter.index("WHAT IT KNEW"):letter.index("WHAT IT PASSED ON")]
    assert "From date not known: domestic abuse" not in knew
    assert ("By Mar 2014 (an earlier row is undated) (told by Test Police): domestic abuse of Vera by Percy and the "
            "relationship between Vera and Percy. Mar 2014, Test Police:") in knew
    assert "From date not known: strangulation of Vera by Percy." in knew
    view = view_data(report)
    lines = [k for k in view["knowledge"] if k["agency"] == "idva"]
    assert lines and all(k["since"] == said and k["first"] == "2014-03-01" for k in lines)
    text = render_text(report, markdown=True)
    assert ("Test IDVA knew of domestic abuse of Vera by Percy and the relationship between Vera and Percy when told "
            f"{said}: Mar 2014, Test Police:") in text
    tags = analysis_tags(report)
    assert ("first knowledge of domestic abuse of Vera by Percy by Test IDVA (an earlier row is undated)"
            in tags["pol-march"])
    assert not any(t.startswith("first knowledge of") for t in tags["idva-undated"])
    # One dated row: as before, from its date, with nothing more said.
    police = [k for k in view["knowledge"] if k["agency"] == "police"]
    assert police and all(k["since"] == "from Mar 2014" for k in police)
