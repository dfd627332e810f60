"""The `graphdhr` command: a thin layer over the library.

Each command parses its options and calls the library; heavy modules (networkx, neo4j, the renderers) are
imported inside the command that needs them, so `graphdhr --help` stays fast. A user's mistake ends in one line
on stderr and exit code 2 (bad input) or 3 (graph server unavailable), never a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from graphdhr import __version__
from graphdhr.errors import CaseInputError, EngineUnavailableError

app = typer.Typer(
    name="graphdhr",
    help="Find information-sharing gaps in Domestic Homicide Review chronologies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class ReportFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    csv = "csv"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors that are part of the interface into one line and their exit code."""
    try:
        yield
    except CaseInputError as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except EngineUnavailableError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


def write_output(text: str, output: Optional[Path]) -> None:
    """Write to `output` whole or not at all (a temporary file renamed into place), or to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _version(value: bool) -> None:
    if value:
        typer.echo(f"graphdhr {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Find information-sharing gaps in Domestic Homicide Review chronologies.

    Describe a case as a folder (case.yaml and chronology/*.csv; see docs/case-format.md), then:

        graphdhr validate examples/lottie
        graphdhr report examples/lottie
    """


CaseDirArg = Annotated[Path, typer.Argument(help="A case folder holding case.yaml and chronology/*.csv.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")]


@app.command()
def validate(case_dirs: Annotated[list[Path], typer.Argument(help="One or more case folders.")]) -> None:
    """Check case folders and say what was read and how headers were mapped.

    Example: graphdhr validate examples/lottie
    """
    from graphdhr.loaders import read_case

    with user_errors():
        for folder in case_dirs:
            read = read_case(folder)
            case = read.case
            typer.echo(
                f"{folder}: case '{case.case_id}' is valid: {len(case.people)} people, {len(case.agencies)} agencies, "
                f"{len(case.forums)} forums, {len(case.events)} chronology rows in {len(read.chronologies)} files."
            )
            for chronology in read.chronologies:
                for written, column in chronology.mapped:
                    typer.echo(f"  {chronology.path}: column '{written}' read as '{column}'")
                for written in chronology.ignored:
                    typer.echo(f"  {chronology.path}: column '{written}' is not part of the format and was ignored")


def _embedded(case_dir: Path):  # noqa: ANN202 - returns (engine, case_id)
    from graphdhr.engines.embedded import EmbeddedEngine
    from graphdhr.loaders import load_case

    case = load_case(case_dir)
    return EmbeddedEngine([case]), case.case_id


@app.command()
def report(
    case_dir: CaseDirArg,
    agency: Annotated[Optional[str], typer.Option(help="Only what concerns this agency id.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    output: OutputOpt = None,
) -> None:
    """The gap report: who knew of the relationship and the abuse, whether it moved, and the findings.

    Example: graphdhr report examples/lottie --agency tvp --format markdown -o tvp.md
    """
    from graphdhr.render.report import render
    from graphdhr.report import build_report

    with user_errors():
        engine, case_id = _embedded(case_dir)
        if agency is not None and agency not in engine.directory(case_id).agencies:
            raise CaseInputError(str(case_dir / "case.yaml"), None, "--agency", f"no agency with id {agency!r}")
        text = render(build_report(engine, case_id, agency), fmt.value)
        write_output(text, output)


@app.command()
def html(
    case_dir: CaseDirArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
) -> None:
    """One self-contained HTML file of the case for the panel: network, knowledge and findings. Works offline.

    Example: graphdhr html examples/lottie -o lottie.html
    """
    from graphdhr.render.html import render_html
    from graphdhr.report import build_report

    with user_errors():
        engine, case_id = _embedded(case_dir)
        text = render_html(build_report(engine, case_id), engine)
        write_output(text, output)


if __name__ == "__main__":  # pragma: no cover
    app()
