"""The `graphdhr` command: a thin layer over the library.

Each command parses its options and calls the library; heavy modules (networkx, neo4j, the renderers) are
imported inside the command that needs them, so `graphdhr --help` stays fast. A user's mistake ends in one line
on stderr and exit code 2 (bad input) or 3 (graph server unavailable), never a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
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
Neo4jFlag = Annotated[bool, typer.Option("--neo4j", help="Use the Neo4j server (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE).")]
UriOpt = Annotated[Optional[str], typer.Option("--neo4j-uri", help="Bolt or neo4j URI; default $NEO4J_URI.")]
UserOpt = Annotated[Optional[str], typer.Option("--neo4j-user", help="Default $NEO4J_USERNAME or neo4j.")]
DatabaseOpt = Annotated[Optional[str], typer.Option("--neo4j-database", help="Default $NEO4J_DATABASE or neo4j.")]


def _neo4j(uri: Optional[str], user: Optional[str], database: Optional[str]):  # noqa: ANN202
    """Connect to Neo4j. The password comes only from NEO4J_PASSWORD or a prompt, never from argv."""
    from graphdhr.engines.neo4j import Neo4jEngine, Neo4jSettings

    settings = Neo4jSettings.from_env(uri, user, database)
    if not settings.password and sys.stdin.isatty():
        import getpass

        settings = Neo4jSettings(settings.uri, settings.username, getpass.getpass("Neo4j password: "), settings.database)
    return Neo4jEngine(settings)
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")]
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
RulesOpt = Annotated[
    Optional[Path], typer.Option("--rules", help="An area's rules file overriding the national defaults (graphdhr rules).")
]


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
    case_dir: Annotated[Optional[Path], typer.Argument(help="A case folder (or use --case with --neo4j).")] = None,
    case: Annotated[Optional[str], typer.Option("--case", help="A case id already loaded into Neo4j.")] = None,
    agency: Annotated[Optional[str], typer.Option(help="Only what concerns this agency id.")] = None,
    fmt: FormatOpt = ReportFormat.text,
    output: OutputOpt = None,
    rules: RulesOpt = None,
    neo4j: Neo4jFlag = False,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_database: DatabaseOpt = None,
) -> None:
    """The gap report: who knew of the relationship and the abuse, whether it moved, and the findings.

    Example: graphdhr report examples/lottie --agency tvp --format markdown -o tvp.md

    On Neo4j, after `graphdhr load examples/lottie --neo4j`: graphdhr report --case lottie --neo4j
    """
    with user_errors():
        from graphdhr.rules import load_rules

        rule_set = load_rules(rules)
        with _case_engine(case_dir, case, neo4j, neo4j_uri, neo4j_user, neo4j_database) as (engine, case_id):
            text = _report_text(engine, case_id, agency, fmt.value, case_dir, rule_set)
        write_output(text, output)


def _report_text(engine, case_id: str, agency: Optional[str], fmt: str, case_dir: Optional[Path], rule_set) -> str:  # noqa: ANN001
    from graphdhr.render.report import render
    from graphdhr.report import build_report

    if agency is not None and agency not in engine.directory(case_id).agencies:
        where = str(case_dir / "case.yaml") if case_dir else "command line"
        raise CaseInputError(where, None, "--agency", f"no agency with id {agency!r}")
    return render(build_report(engine, case_id, agency, rule_set), fmt)


@contextmanager
def _case_engine(
    case_dir: Optional[Path], case: Optional[str], neo4j: bool, uri: Optional[str], user: Optional[str],
    database: Optional[str],
) -> Iterator[tuple[object, str]]:
    """The engine and case id a command reads: a case folder in the embedded engine, or with --neo4j a case loaded
    (or, given a folder, loaded now) into Neo4j."""
    if (case_dir is None) == (case is None):
        raise CaseInputError("command line", None, "CASE_DIR", "give a case folder or --case ID (not both)")
    if case is not None and not neo4j:
        raise CaseInputError("command line", None, "--case", "--case reads a loaded case: add --neo4j")
    if not neo4j:
        assert case_dir is not None
        yield _embedded(case_dir)
        return
    with _neo4j(uri, user, database) as engine:
        case_id = case
        if case_dir is not None:
            from graphdhr.loaders import load_case

            loaded = load_case(case_dir)
            engine.load(loaded)
            case_id = loaded.case_id
        assert case_id is not None
        if case_id not in engine.case_ids():
            raise CaseInputError("command line", None, "--case", f"no case {case_id!r} is loaded in Neo4j")
        yield engine, case_id


@app.command()
def html(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    case_dir: Annotated[Optional[Path], typer.Argument(help="A case folder (or use --case with --neo4j).")] = None,
    case: Annotated[Optional[str], typer.Option("--case", help="A case id already loaded into Neo4j.")] = None,
    rules: RulesOpt = None,
    neo4j: Neo4jFlag = False,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_database: DatabaseOpt = None,
) -> None:
    """The chair's view: one self-contained HTML file of the case that opens offline and fetches nothing.

    It holds the network (people, agencies, forums; contacts, referrals, shares), an agency timeline, a date
    slider showing what each agency knew when, the findings with their evidence, filters, and the provenance.

    Example: graphdhr html examples/lottie -o lottie.html

    On Neo4j: graphdhr html --case lottie --neo4j -o lottie.html
    """
    with user_errors():
        from graphdhr.render.html import render_html
        from graphdhr.report import build_report
        from graphdhr.rules import load_rules

        rule_set = load_rules(rules)
        with _case_engine(case_dir, case, neo4j, neo4j_uri, neo4j_user, neo4j_database) as (engine, case_id):
            text = render_html(build_report(engine, case_id, rules=rule_set))  # type: ignore[arg-type]
        write_output(text, output)


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


@app.command()
def load(
    case_dirs: Annotated[list[Path], typer.Argument(help="One or more case folders.")],
    neo4j: Neo4jFlag = False,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_database: DatabaseOpt = None,
) -> None:
    """Load cases into a graph and say, per case, what happened.

    With --neo4j each case loads atomically; a case already loaded unchanged is skipped and a changed one is
    replaced whole. Without it, the cases are read into the embedded graph and counted (a dry run).

    Example: graphdhr load examples/lottie --neo4j
    """
    from graphdhr.loaders import load_cases

    with user_errors():
        cases = load_cases(list(case_dirs))
        if neo4j:
            with _neo4j(neo4j_uri, neo4j_user, neo4j_database) as engine:
                with _progress(len(cases), "loading") as step:
                    results = engine.load_many(cases, workers=2, progress=step)
                for case, result in zip(cases, results):
                    typer.echo(
                        f"{case.case_id}: {result.status}"
                        + (f" ({result.nodes} nodes, {result.relationships} relationships)" if result.nodes else "")
                    )
        else:
            from graphdhr.engines.embedded import build_graph

            graph = build_graph(cases)
            typer.echo(
                f"{len(cases)} case(s) read into the embedded graph: {graph.number_of_nodes()} nodes, "
                f"{graph.number_of_edges()} relationships (nothing is stored; add --neo4j to load a server)"
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
            raise CaseInputError("command line", None, "--rows-max", "must be at least --rows-min")
        with _progress(cases, "generating") as step:
            made = generate_corpus(out_dir, cases, seed, rows_min, rows_max, progress=step)
        planted = sum(len(g.planted) for g in made)
        typer.echo(f"{len(made)} cases, {sum(g.rows for g in made)} chronology rows, {planted} planted patterns "
                   f"in {out_dir} (answers in {out_dir / 'planted.json'})")


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (stderr), silent otherwise: a step function to call as work is done."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    with typer.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@app.command()
def corpus(
    case_dirs: Annotated[Optional[list[Path]], typer.Argument(help="Case folders (or, with --neo4j, none: every loaded case).")] = None,
    fmt: FormatOpt = ReportFormat.text,
    output: OutputOpt = None,
    rules: RulesOpt = None,
    neo4j: Neo4jFlag = False,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_database: DatabaseOpt = None,
) -> None:
    """Across many cases: by sector, knowledge that never moved and contact without being told; how often each rule fired.

    Example: graphdhr corpus corpus/gen-* --format markdown -o corpus.md
    """
    from graphdhr.corpus import build_corpus_report
    from graphdhr.render.corpus import render_corpus
    from graphdhr.rules import load_rules

    with user_errors():
        rule_set = load_rules(rules)
        folders = list(case_dirs or [])
        if neo4j:
            with _neo4j(neo4j_uri, neo4j_user, neo4j_database) as engine:
                ids = None
                if folders:
                    from graphdhr.loaders import load_cases

                    loaded = load_cases(folders)
                    with _progress(len(loaded), "loading") as step:
                        engine.load_many(loaded, workers=2, progress=step)
                    ids = [c.case_id for c in loaded]
                total = len(ids) if ids is not None else len(engine.case_ids())
                from graphdhr.findings import stored_findings

                with _progress(total, "analysing") as step:
                    # The findings are stored too, so the corpus queries in cypher/ can count them in Neo4j Browser.
                    report_ = build_corpus_report(
                        engine, ids, rule_set, progress=step,
                        on_findings=lambda case_id, found: engine.store_findings(case_id, stored_findings(case_id, found)),
                    )
        else:
            if not folders:
                raise CaseInputError("command line", None, "CASE_DIR", "give case folders (or use --neo4j)")
            from graphdhr.corpus import corpus_from_folders

            with _progress(len(folders), "analysing") as step:
                report_ = corpus_from_folders(folders, rule_set, progress=step)
        write_output(render_corpus(report_, fmt.value), output)


@app.command("rules")
def list_rules(rules: RulesOpt = None) -> None:
    """List the referral and risk rules: id, statement, source and parameters (with an area's overrides).

    Example: graphdhr rules --rules my-area.yaml
    """
    from graphdhr.queries import query
    from graphdhr.rules import load_rules

    with user_errors():
        rule_set = load_rules(rules)
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


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A query from `graphdhr queries`.")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="key=value (repeatable).")] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    cases: Annotated[
        Optional[list[Path]], typer.Option("--cases", help="Run on these case folders in the embedded engine instead of Neo4j.")
    ] = None,
    output: OutputOpt = None,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_database: DatabaseOpt = None,
) -> None:
    """Run one query of the Cypher library on Neo4j (or, with --cases, its embedded twin).

    Example: graphdhr query silos --param case_id=lottie --format csv
    """
    from graphdhr.queries import parse_literal
    from graphdhr.queries import query as lookup
    from graphdhr.render.table import render_rows

    with user_errors():
        try:
            q = lookup(name)
        except KeyError as exc:
            raise CaseInputError("command line", None, "NAME", str(exc.args[0])) from None
        values: dict[str, object] = {}
        for item in param or []:
            key, sep, raw = item.partition("=")
            if not sep or key not in q.params:
                allowed = ", ".join(q.params) or "none"
                raise CaseInputError("command line", None, "--param", f"{item!r}: expected key=value with key one of: {allowed}")
            values[key] = parse_literal(raw)
        if q.kind != "analysis":
            raise CaseInputError("command line", None, "NAME", f"{name!r} is not a query that returns rows")
        from graphdhr.rules import load_rules

        # A rule's query takes the national defaults for any parameter not given.
        rule_set = load_rules()
        rule = next((r for r in rule_set.rules if r.cypher == name), None)
        if rule is not None:
            values = {**rule_set.params_for(rule), **values}
        if cases:
            from graphdhr.analyses import DERIVED, run_analysis
            from graphdhr.engines.embedded import ANALYSES, EmbeddedEngine
            from graphdhr.loaders import load_cases

            engine = EmbeddedEngine(load_cases(list(cases)))
            case_id = values.pop("case_id", None)
            if rule is not None:
                rows = engine.run_rule(rule, values, case_id)  # type: ignore[arg-type]
            elif name in ANALYSES or name in DERIVED:
                rows = run_analysis(engine, name, case_id)  # type: ignore[arg-type]
            else:
                raise CaseInputError("command line", None, "NAME", f"{name!r} runs on Neo4j only (drop --cases)")
            columns = list(q.columns)
        else:
            with _neo4j(neo4j_uri, neo4j_user, neo4j_database) as server:
                columns, rows = server.run_query(name, values)
        write_output(render_rows(columns, rows, fmt.value), output)


if __name__ == "__main__":  # pragma: no cover
    app()
