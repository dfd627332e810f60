"""The CLI through typer's test runner: every command documented, the report in every format, the HTML view."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from casekit import row, write_case
from conftest import EXAMPLE
from typer.testing import CliRunner

from graphdhr.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_is_documented_with_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    import typer.main

    group = typer.main.get_command(app)
    assert set(group.commands) >= {"validate", "report", "html", "load", "query", "queries"}
    for name, command in group.commands.items():
        assert command.help and "Example:" in command.help, f"{name} has no example in its help"
        assert name in result.output


def test_report_text_names_who_knew_and_cites_rows():
    result = invoke("report", EXAMPLE)
    assert result.exit_code == 0, result.output
    out = result.output
    # The briefing comes first and provenance last; no rule id in the briefing's sentences.
    assert out.index("KEY FINDINGS") < out.index("WHO KNEW OF THE RELATIONSHIP") < out.index("PROVENANCE")
    assert "sha256" not in out[:out.index("PROVENANCE")]
    assert "agencies in contact with Lottie or Bert during their relationship knew of it" in out
    # One citation format: date, agency: what the row records (ref source reference).
    assert ("  - 8 Nov 2014, Thames Valley Police: Hotel staff reported shouting and smashing; officers found the room "
            "badly damaged and arrested both Lottie and Bert for criminal damage (ref 1.5.16)\n") in out
    # Thames Valley Police's knowledge that never moved (1.7.6) heads the table of the collapsed finding.
    table = out[out.index("agencies knew of the relationship between Lottie and Bert"):]
    assert re.search(r"Agency +Knew of +From\n  Thames Valley Police +the relationship +8 Nov 2014\n", table)
    briefing = out[:out.index("TIMELINE OF KEY EVENTS")]
    assert "[silo." not in briefing and "(s)" not in briefing
    # Every piece of evidence in the briefing reads as the one citation format.
    evidence = [line for line in briefing.splitlines() if line.startswith("  - ") and "(ref " in line]
    assert evidence
    for line in evidence:
        assert re.match(r"^  - (.+?), ([^:]+): .+ \(ref .+\)$", line), line


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "csv"])
def test_report_formats_to_a_file(tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    result = invoke("report", EXAMPLE, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert data["case"]["case_id"] == "lottie"
        assert data["findings"] and all(f["evidence"] for f in data["findings"])
        assert {"rule_id", "statement", "people", "agencies", "window", "evidence"} <= set(data["findings"][0])
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and all(r["source_ref"] and r["evidence_agency"] for r in rows)
    elif fmt == "markdown":
        assert text.startswith("# graphdhr gap report: lottie")
        assert "\n## Key findings\n" in text
    else:
        assert "KEY FINDINGS" in text


def test_report_for_one_agency(tmp_path):
    result = invoke("report", EXAMPLE, "--agency", "tvp", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["agency"] == "tvp"
    assert data["findings"] and all("tvp" in f["agencies"] for f in data["findings"])
    assert all(k["agency_id"] == "tvp" for k in data["knowledge"])


def test_report_unknown_agency_is_exit_2():
    result = invoke("report", EXAMPLE, "--agency", "nobody")
    assert result.exit_code == 2
    assert "nobody" in result.output and "Traceback" not in result.output


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    formula = "=HYPERLINK(\"http://x\")"
    case = write_case(tmp_path / "c", [row("2013-01-05", "police", "vic;per", "incident", learned="relationship",
                                           source_ref=formula),
                                       row("2013-02-01", "gp", "vic", "disclosure", learned="domestic_abuse",
                                           source_ref=formula)])
    result = invoke("report", case, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and all(r["source_ref"].startswith("'=") for r in rows)


def test_html_is_self_contained_and_escapes_case_text(tmp_path):
    payload = '<script>alert(1)</script><a href="http://evil.example/">x</a> "quoted" & \'single\''
    case = write_case(tmp_path / "c", [
        row("2013-01-05", "police", "vic;per", "incident", learned="relationship", details=payload,
            source_ref=payload),
    ])
    out = tmp_path / "view.html"
    result = invoke("html", case, "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    # The page's own two scripts (its JSON data and its code) and none from the case: the data block cannot hold
    # a '<', so nothing in it can open or close an element.
    found = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S | re.I)
    assert len(re.findall("<script", html, flags=re.I)) == len(found) == 2
    assert [attrs for attrs, _body in found] == [' type="application/json" id="data"', ""]
    assert "<" not in found[0][1] and "alert(1)" not in found[1][1]
    import html as htmllib

    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "default-src 'none'" in htmllib.unescape(csp[1])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "href=\"http" not in html
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html)


def test_html_without_output_writes_case_id_html_here_and_says_so(tmp_path, monkeypatch):
    named = tmp_path / "named.html"
    assert invoke("html", EXAMPLE, "-o", named).exit_code == 0
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = invoke("html", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote lottie.html\n"
    assert [p.name for p in here.iterdir()] == ["lottie.html"]
    assert (here / "lottie.html").read_bytes() == named.read_bytes()


def test_html_is_byte_identical_for_the_same_input(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert invoke("html", EXAMPLE, "-o", a).exit_code == 0
    assert invoke("html", EXAMPLE, "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_load_dry_run_says_so_and_counts_what_a_load_would_store():
    from graphdhr.loaders import load_case
    from graphdhr.schema import graph_records

    nodes, relationships = graph_records(load_case(EXAMPLE))
    result = invoke("load", EXAMPLE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "dry run: nothing stored",
        f"lottie: would load {len(nodes)} nodes, {len(relationships)} relationships",
    ]


def test_load_without_neo4j_or_dry_run_is_a_usage_error_saying_to_add_one():
    result = invoke("load", EXAMPLE)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --neo4j: ") and "--dry-run" in line


def test_queries_lists_the_library_with_parameters():
    result = invoke("queries")
    assert result.exit_code == 0
    assert "silos" in result.output and "case_id" in result.output and "columns:" in result.output


def test_query_on_case_folders_runs_the_embedded_twin():
    result = invoke("query", "silos", EXAMPLE, "--param", "case_id=lottie", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert any(r["agency_id"] == "tvp" and r["topic"] == "relationship" for r in rows)
    # With the folder naming the case, case_id is not needed.
    assert json.loads(invoke("query", "silos", EXAMPLE, "--format", "json").output) == rows


def test_query_with_neo4j_uses_the_server_and_never_the_folders_alone(monkeypatch):
    """The same rule as every command: --neo4j chooses the server (unreachable here: exit 3 naming it), with or
    without case folders (which it would load first)."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-Pa55word")
    for args in (["query", "silos", "--neo4j"], ["query", "silos", EXAMPLE, "--neo4j"]):
        result = invoke(*args)
        assert result.exit_code == 3, result.output
        assert "bolt://127.0.0.1:9" in result.stderr and "s3cret-Pa55word" not in result.output


def test_unreachable_neo4j_is_exit_3_and_never_shows_the_password(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-Pa55word")
    result = invoke("report", "--case", "lottie", "--neo4j")
    assert result.exit_code == 3
    assert "bolt://127.0.0.1:9" in result.output
    assert "s3cret-Pa55word" not in result.output and "Traceback" not in result.output


def test_report_with_an_area_rules_file(tmp_path):
    """An area's override file changes the findings: a rule switched off, a threshold raised."""
    default = json.loads(invoke("report", EXAMPLE, "--format", "json").output)
    fired = {f["rule_id"] for f in default["findings"]}
    assert {"cross_boundary", "marac.potential_escalation"} <= fired
    area = tmp_path / "area.yaml"
    area.write_text("rules:\n  cross_boundary: {enabled: false}\n"
                    "  marac.potential_escalation: {params: {incidents: 7}}\n", encoding="utf-8")
    result = invoke("report", EXAMPLE, "--format", "json", "--rules", area)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["rules"] == ["graphdhr/rules/default.yaml", str(area)]
    assert {f["rule_id"] for f in data["findings"]} == fired - {"cross_boundary", "marac.potential_escalation"}
    listed = invoke("rules", "--rules", area)
    assert "cross_boundary: Two areas, no sharing between them  (disabled)" in listed.output
    assert "incidents = 7" in listed.output


def test_a_bad_rules_file_is_exit_2_naming_the_field(tmp_path):
    area = tmp_path / "area.yaml"
    area.write_text("rules:\n  marac.potential_escalation: {params: {incidnets: 4}}\n", encoding="utf-8")
    result = invoke("report", EXAMPLE, "--rules", area)
    assert result.exit_code == 2
    assert "rules.marac.potential_escalation.params.incidnets" in result.output and "Traceback" not in result.output


NEO4J_OPTIONS = ("--neo4j", "--neo4j-uri", "--neo4j-user", "--neo4j-database")


def _options(command) -> dict[str, tuple]:  # noqa: ANN001 - a click command
    """Each option of a command by its long name: everything a user sees of it."""
    import click

    return {
        p.opts[0]: (tuple(p.opts), p.help, getattr(p, "rich_help_panel", None), p.type.name, p.is_flag, p.default)
        for p in command.params
        if isinstance(p, click.Option)
    }


def test_every_command_that_can_use_neo4j_has_the_same_neo4j_options():
    import typer.main

    group = typer.main.get_command(app)
    with_server = {"report", "html", "chronology", "load", "corpus", "query", "warm-up"}
    shared = [{name: _options(group.commands[c])[name] for name in NEO4J_OPTIONS} for c in sorted(with_server)]
    assert all(options == shared[0] for options in shared), "the Neo4j options differ between commands"
    assert all(help_text for _opts, help_text, *_ in shared[0].values())
    for name, command in group.commands.items():
        if name not in with_server:
            assert not set(NEO4J_OPTIONS) & set(_options(command)), f"{name} takes Neo4j options"
    # And no command takes a password on the command line.
    assert not any("pass" in opt for c in group.commands.values() for opt in _options(c))


def test_every_command_that_can_use_neo4j_shows_them_in_one_help_panel():
    helps = [invoke(c, "--help").output for c in ("report", "html", "load", "corpus", "query", "warm-up")]
    panels = [h[h.index("Neo4j server"):] for h in helps]
    assert all(p == panels[0] for p in panels)
    assert all(opt in panels[0] for opt in NEO4J_OPTIONS)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_status_line_names_each_analysis_and_rule_on_a_terminal_and_is_cleared(monkeypatch):
    """What `report --neo4j` shows while the server works; the engine's results are untouched."""
    from graphdhr.cli import _Narrated, _status
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case
    from graphdhr.report import build_report

    engine = EmbeddedEngine([load_case(EXAMPLE)])
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with _status("analysing lottie on Neo4j") as note:
        narrated = build_report(_Narrated(engine, note), "lottie")
    shown = terminal.getvalue()
    assert "analysing lottie on Neo4j: 0 done, now " in shown and "analysing lottie on Neo4j: 1 done, now " in shown
    assert "now agency_knowledge" in shown and "now rule marac.potential_escalation" in shown
    assert shown.endswith("\r\x1b[K")
    assert narrated == build_report(engine, "lottie")


def test_status_line_is_silent_when_not_a_terminal(monkeypatch):
    from graphdhr.cli import _status

    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    with _status("analysing") as note:
        note("silos")
    assert pipe.getvalue() == ""


def test_readme_commands_use_only_options_their_command_has():
    """The README's "Using it" block keeps up with the CLI: each command exists and takes each option shown."""
    import shlex

    import typer.main
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Using it", 1)[1].split("```\n", 2)[1]
    group = typer.main.get_command(app)
    lines = [line.split("#", 1)[0] for line in block.splitlines() if line.startswith("graphdhr ")]
    assert len(lines) >= 10
    for line in lines:
        words = shlex.split(line)
        command = group.commands[words[1]]
        known = {opt for p in command.params for opt in p.opts}
        for word in words[2:]:
            if word.startswith("-"):
                assert word in known, f"README: `{line.strip()}` uses {word}, which {words[1]} does not take"
