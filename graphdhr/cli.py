"""The `graphdhr` command: a thin layer over the library.

Each command parses its options and calls the library; heavy modules (networkx, neo4j, the renderers) are
imported inside the command that needs them, so `graphdhr --help` stays fast.

Every command that reads cases chooses its engine by one rule: case folders are read into the embedded engine;
`--neo4j` uses the server (a folder given with it is loaded first; `--case ID` names a case already loaded). The
Neo4j options are defined once (`neo4j_options`) and every such command takes them the same way.

A user's mistake ends in one line on stderr, never a traceback: exit code 2 for bad input in a case file (file,
row, field) or on the command line (the option), 3 when the graph server is unavailable.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import tempfile
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from graphdhr import __version__
from graphdhr.errors import CaseInputError, CaseInputErrors, EngineUnavailableError, UsageError
from graphdhr.printable import escape_controls

if TYPE_CHECKING:
    from graphdhr.engines.neo4j import LoadResult, Neo4jEngine
    from graphdhr.model import Case
    from graphdhr.queries import QueryFile
    from graphdhr.engines.contract import Engine, RuleImplementation
    from graphdhr.report import Report
    from graphdhr.rules import Rule, RuleSet

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
    docx = "docx"


# The file name ending of each report format, for the agency letters written into a folder.
_EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json", "csv": "csv", "docx": "docx"}


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors that are part of the interface into one line and their exit code."""
    try:
        yield
    except CaseInputErrors as exc:
        for line in exc.lines():
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except (CaseInputError, UsageError) as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except EngineUnavailableError as exc:
        typer.echo(f"error: {escape_controls(str(exc))}", err=True)
        raise typer.Exit(exc.exit_code) from None


def say(line: str) -> None:
    """Print one line that may hold text from a case (a file name, a header, a cell): control characters escaped."""
    typer.echo(escape_controls(line))


def _new_file_mode() -> int:
    """The permissions a newly created file gets under the user's umask (read once, and put back at once)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


class _Terminated(Exception):
    """A termination signal arrived while an output file was being written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_raise() -> Iterator[None]:
    """While the body runs, SIGTERM and SIGHUP (when they would end the process) raise `_Terminated`, as SIGINT
    raises KeyboardInterrupt, so that the body's `finally` cleans up first; then the signal is delivered again with
    its default handler, so the process ends as it would have."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a library caller in a thread keeps its own
        return

    def interrupt(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    wanted = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None))
              if s is not None and signal.getsignal(s) is signal.SIG_DFL]
    previous = {s: signal.signal(s, interrupt) for s in wanted}
    try:
        yield
    except _Terminated as exc:
        for s, handler in previous.items():
            signal.signal(s, handler)
        os.kill(os.getpid(), exc.signum)
        raise SystemExit(128 + exc.signum) from None  # not reached: the default handler ends the process
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def write_output(content: str | bytes, output: Optional[Path]) -> None:
    """Write text (UTF-8) or a binary file's bytes to `output` whole or not at all, or to stdout.

    The file is written beside its target under a hidden temporary name and renamed into place, so a reader never
    sees half a file; the temporary file is removed on any failure, on Ctrl-C and on SIGTERM or SIGHUP. What is
    already at `output` must be a regular file, which keeps its permissions; a symbolic link, folder, pipe or device
    there is refused (UsageError), never replaced or written through. Text written to a terminal has its control
    characters escaped, as everything graphdhr prints does.
    """
    from graphdhr.loaders._files import file_kind  # the words for what is at a path, as the readers use them

    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            sys.stdout.write(escape_controls(content, keep="\n\t\r") if sys.stdout.isatty() else content)
        return
    shown = str(output)
    try:
        existing = os.lstat(output)
    except FileNotFoundError:
        existing = None
    except OSError as exc:  # a file where a parent folder should be, a parent without permission
        raise UsageError("--output", f"cannot write {shown}: {exc.strerror or exc}") from None
    if existing is not None and (kind := file_kind(existing.st_mode)) is not None:
        raise UsageError("--output", f"{shown} is {kind}: graphdhr writes only a new or regular file there")
    mode = existing.st_mode & 0o777 if existing is not None else _new_file_mode()
    with _signals_raise():
        tmp: str | None = None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content if isinstance(content, bytes) else content.encode("utf-8"))
            os.chmod(tmp, mode)
            os.replace(tmp, output)
            tmp = None
        except OSError as exc:
            raise UsageError("--output", f"cannot write {shown}: {exc.strerror or exc}") from None
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


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


# --- the shared Neo4j options ----------------------------------------------------------------------------------

NEO4J_PANEL = "Neo4j server"


@dataclass(frozen=True)
class Neo4jOptions:
    """A command's Neo4j options as given: whether to use the server, and where it is (None: from the environment,
    as `Neo4jSettings.from_env` reads it). The password is not among them: it comes only from NEO4J_PASSWORD or a
    prompt, never from argv."""

    use: bool = False
    uri: Optional[str] = None
    user: Optional[str] = None
    database: Optional[str] = None

    def connect(self) -> Neo4jEngine:
        """Connect to the server (EngineUnavailableError, exit 3, when it cannot be reached)."""
        from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings

        settings = Neo4jSettings.from_env(self.uri, self.user, self.database)
        if not settings.password and sys.stdin.isatty():
            import getpass

            settings = Neo4jSettings(settings.uri, settings.username, getpass.getpass("Neo4j password: "),
                                     settings.database)
        return Neo4jEngine(settings)


_NEO4J_PARAMETERS = (
    inspect.Parameter(
        "neo4j", inspect.Parameter.KEYWORD_ONLY, default=False,
        annotation=Annotated[bool, typer.Option(
            "--neo4j", rich_help_panel=NEO4J_PANEL,
            help="Use the Neo4j server: case folders given are loaded into it first, else the cases already loaded "
                 "are read. The password comes from $NEO4J_PASSWORD or a prompt.",
        )],
    ),
    inspect.Parameter(
        "neo4j_uri", inspect.Parameter.KEYWORD_ONLY, default=None,
        annotation=Annotated[Optional[str], typer.Option(
            "--neo4j-uri", rich_help_panel=NEO4J_PANEL, help="Bolt or neo4j URI; default $NEO4J_URI.")],
    ),
    inspect.Parameter(
        "neo4j_user", inspect.Parameter.KEYWORD_ONLY, default=None,
        annotation=Annotated[Optional[str], typer.Option(
            "--neo4j-user", rich_help_panel=NEO4J_PANEL, help="Default $NEO4J_USERNAME or neo4j.")],
    ),
    inspect.Parameter(
        "neo4j_database", inspect.Parameter.KEYWORD_ONLY, default=None,
        annotation=Annotated[Optional[str], typer.Option(
            "--neo4j-database", rich_help_panel=NEO4J_PANEL, help="Default $NEO4J_DATABASE or neo4j.")],
    ),
)


def neo4j_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared Neo4j options.

    The command declares a keyword-only `server: Neo4jOptions`; on the command line that parameter is
    --neo4j, --neo4j-uri, --neo4j-user and --neo4j-database, spelled and explained here once, so no two commands
    can differ in them.
    """
    hints = typing.get_type_hints(command, include_extras=True)
    own = [p.replace(annotation=hints[p.name]) for p in inspect.signature(command).parameters.values()
           if p.name != "server"]
    parameters = [*own, *_NEO4J_PARAMETERS]

    @functools.wraps(command)
    def with_server(**given: Any) -> None:
        server = Neo4jOptions(given.pop("neo4j"), given.pop("neo4j_uri"), given.pop("neo4j_user"),
                              given.pop("neo4j_database"))
        command(**given, server=server)

    # typer reads a command's options from its signature and annotations.
    setattr(with_server, "__signature__", inspect.Signature(parameters, return_annotation=None))
    with_server.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_server


# --- the other options shared by several commands -------------------------------------------------------------

CaseDirOpt = Annotated[Optional[Path], typer.Argument(help="A case folder (or use --case with --neo4j).")]
CaseOpt = Annotated[Optional[str], typer.Option("--case", help="A case id already loaded into Neo4j (with --neo4j).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")]
class CorpusFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    csv = "csv"


CorpusFormatOpt = Annotated[CorpusFormat, typer.Option("--format", "-f", help="Output format.")]
RulesOpt = Annotated[
    Optional[Path], typer.Option("--rules", help="An area's rules file overriding the national defaults (graphdhr rules).")
]


# --- progress on a terminal -------------------------------------------------------------------------------------


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (stderr), silent otherwise: a step function to call as work is done."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    with typer.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@contextmanager
def _status(label: str) -> Iterator[Callable[[str], None]]:
    """One status line on a terminal (stderr) naming the step under way, cleared at the end; silent otherwise (tests,
    pipes). For work whose number of steps is not known in advance."""
    if not sys.stderr.isatty():
        yield lambda step: None
        return
    done = 0

    def note(step: str) -> None:
        nonlocal done
        sys.stderr.write(f"\r\x1b[K{label}: {done} done, now {step}")
        sys.stderr.flush()
        done += 1

    try:
        yield note
    finally:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


class _Narrated:
    """An engine that names each analysis and rule to `note` as it runs it, so a slow server shows its progress.
    Everything else is the engine's own."""

    def __init__(self, engine: Engine, note: Callable[[str], None]) -> None:
        self._engine = engine
        self._note = note

    def run(self, name: str, case_id: Optional[str] = None) -> list[dict[str, Any]]:
        self._note(name)
        return self._engine.run(name, case_id)

    def run_rule(
        self, rule: RuleImplementation, params: dict[str, Any], case_id: Optional[str] = None
    ) -> list[dict[str, Any]]:
        self._note(f"rule {rule.id}")
        return self._engine.run_rule(rule, params, case_id)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._engine, attribute)


# --- choosing the engine -----------------------------------------------------------------------------------------


def _check_one_case(case_dir: Optional[Path], case: Optional[str], server: Neo4jOptions) -> None:
    """A command on one case takes a case folder, or --case ID with --neo4j."""
    if case_dir is not None and case is not None:
        raise UsageError("--case", f"give a case folder or --case ID, not both (got {str(case_dir)!r} and {case!r})")
    if case_dir is None and case is None:
        raise UsageError("CASE_DIR", "give a case folder (or --case ID with --neo4j)")
    if case is not None and not server.use:
        raise UsageError("--case", "--case names a case loaded into Neo4j: add --neo4j")


def _load_into(server: Neo4jEngine, folders: list[Path]) -> list[str]:
    """Load case folders into the server (each case atomically; unchanged cases are skipped); their case ids."""
    from graphdhr.loaders import load_cases

    cases = load_cases(list(folders))
    with _progress(len(cases), "loading") as step:
        server.load_many(cases, workers=2, progress=step)
    return [c.case_id for c in cases]


@contextmanager
def _case_engine(case_dir: Optional[Path], case: Optional[str], server: Neo4jOptions) -> Iterator[tuple[Engine, str]]:
    """The engine and case id a one-case command reads: a case folder in the embedded engine; with --neo4j, the
    folder loaded into the server first, or the case --case names. On Neo4j the analyses are named on a status
    line while they run (on a terminal only). The command has checked its arguments (`_check_one_case`)."""
    if not server.use:
        from graphdhr.engines.embedded import EmbeddedEngine
        from graphdhr.loaders import load_case

        assert case_dir is not None
        loaded = load_case(case_dir)
        yield EmbeddedEngine([loaded]), loaded.case_id
        return
    with server.connect() as engine:
        case_id = _load_into(engine, [case_dir])[0] if case_dir is not None else case
        assert case_id is not None
        if case_id not in engine.case_ids():
            raise UsageError("--case", f"no case {case_id!r} is loaded into Neo4j (load it: graphdhr load CASE_DIR --neo4j)")
        with _status(f"analysing {case_id} on Neo4j") as note:
            yield _Narrated(engine, note), case_id


def _agencies_named(report: Report, agency: str) -> list[str]:
    """The agency ids --agency names: an id or a name in any case, or "all"; a typo lists the valid ids."""
    from graphdhr.render.panel import resolve_agency

    try:
        return resolve_agency(report, agency)
    except KeyError:
        d = report.directory
        raise UsageError("--agency", f"no agency {agency!r} in case {d.case_id!r}; give an id, a name or all; "
                                     f"its agency ids: {', '.join(sorted(d.agencies))}") from None


# --- the commands --------------------------------------------------------------------------------------------------


class TemplateFormat(str, Enum):
    xlsx = "xlsx"
    docx = "docx"
    csv = "csv"


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The case folder to create (new, or empty).")],
    agencies: Annotated[
        Optional[list[str]],
        typer.Option("--agencies", help="The agencies' names, separated by commas: \"Northshire Police, Riverside GP\".")
    ] = None,
    agency: Annotated[
        Optional[list[str]],
        typer.Option("--agency", help="One agency's name (repeat it); for a name that holds a comma.")
    ] = None,
    fmt: Annotated[
        TemplateFormat, typer.Option("--format", "-f", help="The chronology templates' format: xlsx (Excel), docx "
                                                           "(Word) or csv.")
    ] = TemplateFormat.xlsx,
) -> None:
    """Start a case: a commented case.yaml to fill in and a chronology template for each agency to send it.

    Each agency gets an id made from its name (shown, and written in case.yaml) and the template
    chronology/ID.xlsx (or .docx, .csv): the columns, an example row that graphdhr skips, and in a
    workbook, drop-down lists. A folder that exists and is not empty is never written over.
    Walkthrough: docs/first-case.md.

    Example: graphdhr init northshire-2024 --agencies "Northshire Police, Riverside GP, Northshire Council Housing"

    A name with a comma: graphdhr init my-case --agency "Police, Northshire" --agency "Riverside GP"
    """
    from graphdhr.casefolder import agency_names, init_case

    with user_errors():
        made = init_case(folder, agency_names(list(agencies or []), list(agency or [])), fmt.value)
    width = max(len(a.id) for a in made.agencies)
    count = len(made.agencies)
    typer.echo(f"wrote {folder}: case '{made.case_id}', case.yaml and {count} chronology "
               f"template{'s' if count > 1 else ''}:")
    for new in made.agencies:
        typer.echo(f"  {new.id:<{width}}  {new.name}  ->  {made.templates[new.id]}")
    typer.echo(f"Next: fill in {folder / 'case.yaml'} (each FILL IN), send each agency its template, put the "
               f"returned files in {folder / 'chronology'}, then run: graphdhr validate {folder}")



@app.command()
def validate(case_dirs: Annotated[list[Path], typer.Argument(help="One or more case folders.")]) -> None:
    """Check case folders and say what was read and how headers and values were mapped.

    Example: graphdhr validate examples/lottie
    """
    from graphdhr import template
    from graphdhr.loaders import read_case

    with user_errors():
        for folder in case_dirs:
            read = read_case(folder)
            case = read.case
            say(
                f"{folder}: case '{case.case_id}' is valid: {len(case.people)} people, {len(case.agencies)} agencies, "
                f"{len(case.forums)} forums, {len(case.events)} chronology rows in {len(case.files) - 1} files."
            )
            # A heading as graphdhr's template writes it ('Details' for details) is no guess worth a line each.
            template_headings = {(c.header, c.column) for c in template.COLUMNS}
            for chronology in read.chronologies:
                as_template = [pair for pair in chronology.mapped if pair in template_headings]
                if as_template:
                    say(f"  {chronology.path}: {len(as_template)} columns headed as in graphdhr's template")
                for written, column in chronology.mapped:
                    if (written, column) not in template_headings:
                        say(f"  {chronology.path}: column '{written}' read as '{column}'")
                for line in chronology.mapping_lines():
                    say(f"  {line}")
                for written in chronology.ignored:
                    say(f"  {chronology.path}: column '{written}' is not part of the format and was ignored")
                for note in chronology.notes:
                    say(f"  {note}")
            for skipped in read.skipped:
                say(f"  {skipped}: skipped (a hidden or lock file)")


def _rules(path: Optional[Path]) -> RuleSet:
    from graphdhr.rules import load_rules

    return load_rules(path)


@app.command()
@neo4j_options
def report(
    case_dir: CaseDirOpt = None,
    case: CaseOpt = None,
    agency: Annotated[Optional[str], typer.Option(
        help="Letters to agencies instead of the report: an agency id or name (any case), or all (needs -o DIR).")
    ] = None,
    fmt: Annotated[Optional[ReportFormat], typer.Option(
        "--format", "-f", help="text (default), markdown, json, csv or docx (the briefing as Word; needs -o).")
    ] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write to FILE instead of stdout; with --agency, a folder (ending in /) takes a "
                               "letter per agency.")] = None,
    rules: RulesOpt = None,
    *,
    server: Neo4jOptions,
) -> None:
    """The gap report: the chair's briefing first (the case, the key findings by theme with their evidence and
    questions for each agency's IMR), then who knew what and when, whether it moved, and provenance last.

    With --agency, a letter to each agency named: what it knew and when, what it passed on, and the findings about
    it with its own rows as evidence and questions for its IMR. Into a folder, each letter is written as Markdown
    and Word unless --format says otherwise.

    Example: graphdhr report examples/lottie --format docx -o lottie-briefing.docx

    Example: graphdhr report examples/lottie --agency all -o letters/

    On Neo4j, after `graphdhr load examples/lottie --neo4j`: graphdhr report --case lottie --neo4j
    """
    with user_errors():
        _check_one_case(case_dir, case, server)
        from graphdhr.briefing import build_briefing
        from graphdhr.render.panel import briefing_blocks, letter_blocks, render_blocks
        from graphdhr.render.report import render
        from graphdhr.report import build_report

        folder = output is not None and agency is not None and (
            output.is_dir() or str(output).endswith(("/", os.sep)) or agency.strip().casefold() == "all")
        if agency is not None and agency.strip().casefold() == "all" and output is None:
            raise UsageError("--agency", "all writes one letter per agency: give a folder with -o DIR/")
        if fmt is ReportFormat.docx and output is None:
            raise UsageError("--output", "--format docx writes a file, not text: give it with -o FILE")
        rule_set = _rules(rules)
        files: list[tuple[Path | None, str | bytes]] = []
        with _case_engine(case_dir, case, server) as (engine, case_id):
            whole = build_report(engine, case_id, rules=rule_set)
            if agency is None:
                if fmt is ReportFormat.docx:
                    files.append((output, render_blocks(briefing_blocks(whole), "docx")))
                else:
                    files.append((output, render(whole, (fmt or ReportFormat.text).value)))
            else:
                briefing = build_briefing(whole)
                formats = [fmt.value] if fmt is not None else (["markdown", "docx"] if folder else ["text"])
                for agency_id in _agencies_named(whole, agency):
                    for name in formats:
                        content: str | bytes
                        if name in ("json", "csv"):
                            content = render(build_report(engine, case_id, agency_id, rule_set), name)
                        else:
                            content = render_blocks(letter_blocks(whole, agency_id, briefing), name)
                        target = output / f"{agency_id}.{_EXTENSIONS[name]}" if folder and output else output
                        files.append((target, content))
        # Everything is rendered before anything is written, so a failure leaves no half-written set.
        for target, content in files:
            write_output(content, target)
            if folder:
                typer.echo(f"wrote {target}")


@app.command()
@neo4j_options
def html(
    case_dir: CaseDirOpt = None,
    case: CaseOpt = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="The HTML file to write; default CASE_ID.html here.")
    ] = None,
    rules: RulesOpt = None,
    *,
    server: Neo4jOptions,
) -> None:
    """The chair's view: one self-contained HTML file of the case that opens offline and fetches nothing.

    It opens with the briefing (the case in two sentences, the key findings by theme with their evidence), then
    the network (people, agencies, forums; contacts, referrals, shares), a timeline by person and by agency with
    zoom, a date slider showing what each agency knew when, search and filters, every finding, and the provenance
    last. Printed, it is a briefing pack.

    Example: graphdhr html examples/lottie -o lottie.html

    On Neo4j: graphdhr html --case lottie --neo4j (writes lottie.html)
    """
    with user_errors():
        _check_one_case(case_dir, case, server)
        from graphdhr.render.html import render_html
        from graphdhr.report import build_report

        rule_set = _rules(rules)
        with _case_engine(case_dir, case, server) as (engine, case_id):
            text = render_html(build_report(engine, case_id, rules=rule_set))
        target = output if output is not None else Path(f"{case_id}.html")
        write_output(text, target)
        say(f"wrote {target}")


class ChronologyFormat(str, Enum):
    docx = "docx"
    xlsx = "xlsx"
    markdown = "markdown"
    csv = "csv"


@app.command()
@neo4j_options
def chronology(
    case_dir: CaseDirOpt = None,
    case: CaseOpt = None,
    fmt: Annotated[
        ChronologyFormat, typer.Option("--format", "-f", help="docx, xlsx (both need -o), markdown or csv.")
    ] = ChronologyFormat.markdown,
    output: OutputOpt = None,
    rules: RulesOpt = None,
    *,
    server: Neo4jOptions,
) -> None:
    """The combined chronology a panel works from: every agency's rows in one table, in date order.

    Each row names its agency and people (with ages, where dates of birth are given), is marked
    against the terms of reference, and says what the analysis makes of it: first knowledge, never
    passed on, evidence for finding N (numbered as the chair's briefing numbers it). The Word document
    prints landscape on A4 with its header row on every page; the workbook has a frozen header row and
    filters.

    Example: graphdhr chronology examples/lottie --format docx -o lottie-chronology.docx

    On Neo4j: graphdhr chronology --case lottie --neo4j --format xlsx -o lottie-chronology.xlsx
    """
    with user_errors():
        _check_one_case(case_dir, case, server)
        if output is None and fmt in (ChronologyFormat.docx, ChronologyFormat.xlsx):
            raise UsageError("--output", f"--format {fmt.value} writes a file, not text: give it with -o FILE")
        from graphdhr.render.chronology import render_chronology
        from graphdhr.report import build_report

        rule_set = _rules(rules)
        with _case_engine(case_dir, case, server) as (engine, case_id):
            content = render_chronology(build_report(engine, case_id, rules=rule_set), fmt.value)
        write_output(content, output)


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"


@app.command()
def export(
    case_dirs: Annotated[list[Path], typer.Argument(help="One or more case folders.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="graphml, gexf (with dates) or json.")] = ExportFormat.graphml,
    output: OutputOpt = None,
) -> None:
    """The cases' graph for other tools: GraphML (yEd, Cytoscape), GEXF (Gephi) or node-link JSON.

    Nodes are "Label:case_id:key"; lists become text joined with ';' in GraphML and GEXF. In GEXF each chronology
    row carries its start and end dates, so Gephi's timeline plays the chronology.

    Example: graphdhr export examples/lottie --format gexf -o lottie.gexf
    """
    with user_errors():
        from graphdhr.engines.embedded import EmbeddedEngine
        from graphdhr.loaders import load_cases
        from graphdhr.render.export import render_graph
        from graphdhr.report import build_report

        engine = EmbeddedEngine(load_cases(list(case_dirs)))
        write_output(render_graph([build_report(engine, c) for c in engine.case_ids()], fmt.value), output)


def _dry_run(cases: list[Case]) -> None:
    """Say what loading would store, from the same records a load writes."""
    from graphdhr.schema import graph_records

    typer.echo("dry run: nothing stored")
    for case in cases:
        nodes, relationships = graph_records(case)
        typer.echo(f"{case.case_id}: would load {len(nodes)} nodes, {len(relationships)} relationships")


@app.command("warm-up")
@neo4j_options
def warm_up(*, server: Neo4jOptions) -> None:
    """Plan every query of the library once, right after the server starts, so that the first report is fast.

    A freshly started server plans each query the first time it sees it, which for the whole library takes tens
    of seconds on a small machine. Run this once after `docker compose up --wait`; `scripts/neo4j-local start
    --warm-up` runs it for you. It reads no case and changes nothing.

    Example: graphdhr warm-up --neo4j
    """
    with user_errors():
        if not server.use:
            raise UsageError("--neo4j", "warm-up prepares a Neo4j server: add --neo4j")
        with server.connect() as engine:
            planned = engine.warm_up()
        typer.echo(f"planned {planned} queries on {engine.settings.uri}")


@app.command()
@neo4j_options
def load(
    case_dirs: Annotated[list[Path], typer.Argument(help="One or more case folders.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read the cases and say what loading would store; store nothing.")
    ] = False,
    *,
    server: Neo4jOptions,
) -> None:
    """Load cases into Neo4j and say, per case, what happened.

    Each case loads atomically; a case already loaded unchanged is skipped and a changed one is replaced whole.
    Several loads may run at once. If the server stops answering, the load ends within seconds (exit 3) naming the
    cases it committed: run it again to load the rest. With --dry-run instead of --neo4j, the cases are read and
    counted and nothing is stored.

    Example: graphdhr load examples/lottie --neo4j
    """
    from graphdhr.loaders import load_cases

    with user_errors():
        if server.use and dry_run:
            raise UsageError("--dry-run", "a dry run stores nothing and needs no server: drop --neo4j or --dry-run")
        if not server.use and not dry_run:
            raise UsageError("--neo4j", "load stores cases in Neo4j: add --neo4j, or --dry-run to see what it would "
                                        "store without storing anything")
        cases = load_cases(list(case_dirs))
        if dry_run:
            _dry_run(cases)
            return
        from graphdhr.engines.neo4j import LoadInterruptedError

        with server.connect() as engine:
            try:
                with _progress(len(cases), "loading") as step:
                    results = engine.load_many(cases, workers=2, progress=step)
            except LoadInterruptedError as cut:
                # The cases stored before the server went, as a finished load says them; the error names the rest.
                _say_loaded(cut.committed)
                raise
            _say_loaded(results)


def _say_loaded(results: list[LoadResult]) -> None:
    """One line per case: what loading did with it."""
    for result in results:
        typer.echo(
            f"{result.case_id}: {result.status}"
            + (f" ({result.nodes} nodes, {result.relationships} relationships)" if result.nodes else "")
        )


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the case folders and planted.json into.")],
    cases: Annotated[int, typer.Option("--cases", "-n", min=1, help="How many cases.")] = 10,
    seed: Annotated[int, typer.Option("--seed", "-s", help="The same seed gives the same corpus.")] = 1,
    rows_min: Annotated[int, typer.Option(min=50, help="Fewest chronology rows in a case.")] = 50,
    rows_max: Annotated[int, typer.Option(max=100_000, help="Most chronology rows in a case.")] = 3000,
) -> None:
    """Generate cases about nobody, with planted patterns and their answers (planted.json), for tests and training.

    Example: graphdhr generate corpus --cases 100 --seed 7
    """
    from graphdhr.generate import generate_corpus

    with user_errors():
        if rows_max < rows_min:
            raise UsageError("--rows-max", f"must be at least --rows-min ({rows_min})")
        with _progress(cases, "generating") as step:
            made = generate_corpus(out_dir, cases, seed, rows_min, rows_max, progress=step)
        planted = sum(len(g.planted) for g in made)
        typer.echo(f"{len(made)} cases, {sum(g.rows for g in made)} chronology rows, {planted} planted patterns "
                   f"in {out_dir} (answers in {out_dir / 'planted.json'})")


@app.command()
@neo4j_options
def corpus(
    case_dirs: Annotated[
        Optional[list[Path]], typer.Argument(metavar="[CASE_DIR]...", help="Case folders (or, with --neo4j, none: every loaded case).")
    ] = None,
    fmt: CorpusFormatOpt = CorpusFormat.text,
    output: OutputOpt = None,
    rules: RulesOpt = None,
    *,
    server: Neo4jOptions,
) -> None:
    """Across many cases: by sector, knowledge that never moved and contact without being told; how often each rule fired.

    Example: graphdhr corpus corpus/gen-* --format markdown -o corpus.md

    On Neo4j, every loaded case: graphdhr corpus --neo4j
    """
    with user_errors():
        folders = list(case_dirs or [])
        if not folders and not server.use:
            raise UsageError("CASE_DIR", "give case folders (or --neo4j for every case loaded into Neo4j)")
        from graphdhr.corpus import build_corpus_report, corpus_from_folders
        from graphdhr.render.corpus import render_corpus

        rule_set = _rules(rules)
        if server.use:
            from graphdhr.findings import stored_findings

            with server.connect() as engine:
                ids = _load_into(engine, folders) if folders else None
                total = len(ids) if ids is not None else len(engine.case_ids())
                with _progress(total, "analysing") as step:
                    # The findings are stored too, so the corpus queries in cypher/ can count them in Neo4j Browser.
                    report_ = build_corpus_report(
                        engine, ids, rule_set, progress=step,
                        on_findings=lambda case_id, found: engine.store_findings(case_id, stored_findings(case_id, found)),
                    )
        else:
            with _progress(len(folders), "analysing") as step:
                report_ = corpus_from_folders(list(folders), rule_set, progress=step)
        write_output(render_corpus(report_, fmt.value), output)


@app.command("rules")
def list_rules(rules: RulesOpt = None) -> None:
    """List the referral and risk rules: id, statement, source and parameters (with an area's overrides).

    Example: graphdhr rules --rules my-area.yaml
    """
    from graphdhr.queries import query

    with user_errors():
        rule_set = _rules(rules)
        typer.echo("Rules from: " + ", ".join(rule_set.sources))
        typer.echo("Settings: " + "; ".join(f"{k} = {v}" for k, v in rule_set.settings.items()))
        for rule in rule_set.rules:
            typer.echo("")
            typer.echo(f"{rule.id}: {rule.title}{'' if rule.enabled else '  (disabled)'}")
            typer.echo(f"    finding: {rule.statement}")
            typer.echo(f"    definition: {query(rule.cypher).purpose}")
            typer.echo(f"    source: {rule.source}")
            if rule.params:
                typer.echo("    parameters: " + ", ".join(f"{k} = {v}" for k, v in rule.params.items()))
            typer.echo(f"    implemented by: cypher/{rule.cypher}.cypher and "
                       f"{rule.embedded.__module__}.{rule.embedded.__name__}")


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def queries(
    name: Annotated[Optional[str], typer.Argument(help="Only this query.")] = None,
    print_cypher: Annotated[
        bool,
        typer.Option("--print", help="Print the query file as Neo4j Browser runs it: header, :param lines, Cypher "
                     "with fragments expanded."),
    ] = False,
) -> None:
    """List the Cypher query library: each query's purpose, parameters and columns.

    Example: graphdhr queries silos --print
    """
    from graphdhr.queries import catalogue
    from graphdhr.queries import query as lookup

    with user_errors():
        try:
            chosen = [lookup(name)] if name else list(catalogue().values())
        except KeyError as exc:
            raise CaseInputError("command line", None, "NAME", str(exc.args[0])) from None
    if print_cypher:
        for q in chosen:
            typer.echo(q.source, nl=False)
        return
    for q in chosen:
        typer.echo(f"{q.name}  [{q.kind}]")
        typer.echo(f"    {q.purpose}")
        if q.params:
            typer.echo("    parameters: " + ", ".join(f"{k} (e.g. {v!r})" for k, v in q.params.items()))
        if q.columns:
            typer.echo("    columns: " + ", ".join(q.columns))


def _query_values(q: QueryFile, given: list[str], rule: Optional[Rule], rule_set: RuleSet) -> dict[str, Any]:
    """The query's parameters from --param key=value; a rule's query takes its national defaults for the rest."""
    from graphdhr.queries import parse_literal

    values: dict[str, Any] = {}
    for item in given:
        key, sep, raw = item.partition("=")
        if not sep or key not in q.params:
            allowed = ", ".join(q.params) or "none"
            raise UsageError("--param", f"{item!r}: expected key=value with key one of: {allowed}")
        values[key] = parse_literal(raw)
    return {**rule_set.params_for(rule), **values} if rule is not None else values


def _embedded_rows(name: str, rule: Optional[Rule], folders: list[Path], values: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a query's embedded twin (its rule, or the analysis of the same name) on case folders."""
    from graphdhr.analyses import DERIVED, run_analysis
    from graphdhr.engines.embedded import ANALYSES, EmbeddedEngine
    from graphdhr.loaders import load_cases

    if rule is None and name not in ANALYSES and name not in DERIVED:
        raise UsageError("NAME", f"{name!r} has no embedded twin and runs on Neo4j only: add --neo4j")
    engine = EmbeddedEngine(load_cases(list(folders)))
    params = dict(values)
    case_id = params.pop("case_id", None)
    return engine.run_rule(rule, params, case_id) if rule is not None else run_analysis(engine, name, case_id)


@app.command()
@neo4j_options
def query(
    name: Annotated[str, typer.Argument(help="A query from `graphdhr queries`.")],
    case_dirs: Annotated[
        Optional[list[Path]], typer.Argument(metavar="[CASE_DIR]...", help="Case folders to run it on (or, with --neo4j, none: the loaded cases).")
    ] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="key=value (repeatable).")] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = QueryFormat.table,
    output: OutputOpt = None,
    *,
    server: Neo4jOptions,
) -> None:
    """Run one query of the Cypher library: on case folders through its embedded twin, or with --neo4j on the server.

    Example: graphdhr query silos examples/lottie --format csv

    On Neo4j: graphdhr query silos --neo4j --param case_id=lottie
    """
    from graphdhr.queries import query as lookup
    from graphdhr.render.table import render_rows

    with user_errors():
        try:
            q = lookup(name)
        except KeyError as exc:
            raise UsageError("NAME", str(exc.args[0])) from None
        if q.kind != "analysis":
            raise UsageError("NAME", f"{name!r} is not a query that returns rows (it is a {q.kind} file)")
        rule_set = _rules(None)
        rule = next((r for r in rule_set.rules if r.cypher == name), None)
        values = _query_values(q, list(param or []), rule, rule_set)
        folders = list(case_dirs or [])
        if not folders and not server.use:
            raise UsageError("CASE_DIR", "give case folders to run the query on, or --neo4j to run it on the server")
        if not server.use:
            columns, rows = list(q.columns), _embedded_rows(name, rule, folders, values)
        else:
            with server.connect() as engine:
                ids = _load_into(engine, folders) if folders else []
                if ids and "case_id" in q.params and "case_id" not in values:
                    # Folders name the cases to run on, as they do in the embedded engine.
                    rows = []
                    for case_id in ids:
                        columns, some = engine.run_query(name, {**values, "case_id": case_id})
                        rows += some
                else:
                    columns, rows = engine.run_query(name, values)
        write_output(render_rows(columns, rows, fmt.value), output)


if __name__ == "__main__":  # pragma: no cover
    app()
