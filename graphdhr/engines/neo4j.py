"""The Neo4j engine: the graph schema in a Neo4j 5 server, on the official driver.

Discipline (docs/graph-model.md): every value goes in as a `$parameter`; labels and relationship types come
only from `graphdhr.schema`; the schema's constraints and indexes are created before anything is written; a case
loads in one transaction, so a failure part-way leaves none of it; a case already loaded unchanged (same content
hash) is skipped, a changed one is deleted and written again whole. Analyses are the Cypher files of `cypher/`, run as they are.

Faults (docs/guarantees.md, "Faults"): a server that stops answering is reported in seconds, not after the driver's
default half minute of retries per transaction; a load cut short names the cases it committed; several loaders may
run at once; the server's refusals are said in words; the URI is never shown with a user or password in it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from graphdhr import schema as S
from graphdhr.directory import CaseDirectory, directory_from_nodes
from graphdhr.engines.contract import RuleImplementation, StoredFinding, sort_rule_rows
from graphdhr.errors import EngineUnavailableError, UsageError
from graphdhr.model import Case
from graphdhr.queries import catalogue, query

BATCH = 5000
# A case id no loader accepts (ids are letters, digits, '.', '_' and '-'): the warm-up's case when none is loaded.
WARM_UP_CASE = " warm-up "
DEFAULT_URI = "bolt://127.0.0.1:7687"
# A property written and removed at once: writing it takes the Case node's write lock (see `_load_tx`).
LOAD_LOCK = "graphdhr_load_lock"

# How long a transaction is retried after a transient fault (the connection lost, a deadlock between loaders): long
# enough to ride out a dropped connection or a lock another loader holds, short enough that a dead server is
# reported within seconds (the driver's default is 30 s per transaction, and a load runs several).
RETRY_SECONDS = 2.0
# How long opening a connection may take, and waiting for one from the pool (a server that accepts no connection).
CONNECT_SECONDS = 5.0

# The driver logs each retry as a warning; with no logging configured Python would print those to stderr, beside
# the one line the command says. An application that configures logging still receives them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

P = ParamSpec("P")
R = TypeVar("R")


def redact_uri(uri: str) -> str:
    """The URI as it may be shown: any user name and password in it replaced by `***`. Everything between the
    scheme and the last `@` is taken as credentials, so a password holding `@`, `/` or `#` is hidden whole."""
    scheme, sep, rest = uri.rpartition("://")
    if "@" not in rest:
        return uri
    return f"{scheme}{sep}***@{rest.rsplit('@', 1)[1]}"


# What the server's refusals mean, in words a user can act on: the driver's class names ("ClientError") say
# nothing. `{database}` is the database asked for. An unknown database is a mistake in the command's settings
# (exit 2, as any usage mistake); everything else is the server being unavailable to this command (exit 3).
REFUSALS: dict[str, str] = {
    "Neo.ClientError.Security.Unauthorized": "refused the credentials (check NEO4J_USERNAME and NEO4J_PASSWORD)",
    "Neo.ClientError.Security.AuthenticationRateLimit":
        "refuses this user's logins for now, after too many failed logins: wait a few seconds, then check "
        "NEO4J_USERNAME and NEO4J_PASSWORD",
    "Neo.ClientError.Security.CredentialsExpired":
        "requires a new password for this user first (set one in Neo4j Browser or cypher-shell)",
    "Neo.ClientError.Security.Forbidden": "does not allow this user to do that (ask the server's administrator)",
    "Neo.ClientError.Database.DatabaseNotFound":
        "has no database {database!r} (check --neo4j-database or NEO4J_DATABASE)",
    "Neo.TransientError.General.DatabaseUnavailable":
        "has database {database!r}, but it is not available now (starting, stopping or offline): try again shortly",
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase":
        "has database {database!r} read-only: nothing can be loaded into it",
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError":
        "ran out of memory for transactions: try again with fewer cases at once, or give the server more memory",
    "Neo.TransientError.General.TransactionMemoryLimit":
        "ran out of memory for transactions: try again with fewer cases at once, or give the server more memory",
}
UNKNOWN_DATABASE = "Neo.ClientError.Database.DatabaseNotFound"
# A CREATE ... IF NOT EXISTS that lost a race with another loader creating the same constraint or index.
SCHEMA_RACE_CODES = frozenset({
    "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
    "Neo.ClientError.Schema.ConstraintAlreadyExists",
    "Neo.ClientError.Schema.IndexAlreadyExists",
    "Neo.ClientError.Schema.ConstraintWithNameAlreadyExists",
    "Neo.ClientError.Schema.IndexWithNameAlreadyExists",
})


class UnknownDatabaseError(EngineUnavailableError):
    """The server answers but has no database of the name asked for: a mistake in the settings, exit 2."""

    exit_code = 2


class LoadInterruptedError(EngineUnavailableError):
    """A load cut short by the server (`reason`: it stopped answering, or refused). `committed` are the results of
    the cases stored, each whole; `unsure` the cases whose commit was under way when the connection went;
    `not_stored` the rest."""

    def __init__(self, reason: str, total: int, committed: list[LoadResult], unsure: list[str],
                 not_stored: list[str]) -> None:
        self.committed, self.unsure, self.not_stored = committed, unsure, not_stored
        parts = [reason,
                 f"committed {len(committed)} of {total} case{'s' if total != 1 else ''}: "
                 + (", ".join(r.case_id for r in committed) or "none")]
        if unsure:
            parts.append(f"unknown (the server went away during its commit): {', '.join(unsure)}")
        if not_stored:
            parts.append(f"not stored: {', '.join(not_stored)}")
        parts.append("run the same load again to store the rest (each case is stored whole or not at all, and one "
                     "already stored is skipped as unchanged)")
        super().__init__("; ".join(parts))


def refusal(code: str | None, settings: Neo4jSettings) -> EngineUnavailableError:
    """The error that says, in words, what a refusal of the server with this status code means."""
    words = REFUSALS.get(code or "")
    if words is None:
        words = f"refused the request (status {code})" if code else "refused the request, giving no reason"
    error = UnknownDatabaseError if code == UNKNOWN_DATABASE else EngineUnavailableError
    return error(f"{settings.where} {words.format(database=settings.database)}")


def _lost(exc: BaseException) -> bool:
    """Whether the driver gave up because the server stopped answering (as opposed to refusing a statement)."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    return isinstance(exc, (ServiceUnavailable, SessionExpired))


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the server is. The password is never shown: not in repr, not in any message."""

    uri: str
    username: str
    password: str = field(repr=False)
    database: str

    def __post_init__(self) -> None:
        # The driver refuses credentials in a URI, naming the URI in its error; and a password belongs in
        # NEO4J_PASSWORD, never in a URI that may be shown, logged or typed on a command line.
        if redact_uri(self.uri) != self.uri:
            raise UsageError("--neo4j-uri", f"the URI {redact_uri(self.uri)} (from --neo4j-uri or NEO4J_URI) has a "
                                            "user name or password in it: give the URI without them, the user in "
                                            "NEO4J_USERNAME and the password in NEO4J_PASSWORD")

    @property
    def where(self) -> str:
        """The server as every message names it."""
        return f"Neo4j at {self.uri} (database {self.database!r}, user {self.username!r})"

    @classmethod
    def from_env(cls, uri: str | None = None, username: str | None = None, database: str | None = None) -> Neo4jSettings:
        """Settings from flags, else the environment variables Neo4j's own tools use."""
        return cls(
            uri=uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
            username=username or os.environ.get("NEO4J_USERNAME") or "neo4j",
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=database or os.environ.get("NEO4J_DATABASE") or "neo4j",
        )


@dataclass(frozen=True)
class LoadResult:
    case_id: str
    status: str  # "loaded", "unchanged" or "replaced"
    nodes: int = 0
    relationships: int = 0


def _native(value: Any) -> Any:
    """Driver values as plain Python: Neo4j dates become datetime.date, recursively through lists and maps."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    return value


def _batches(rows: list[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _server_faults(method: Callable[P, R]) -> Callable[P, R]:
    """An engine method whose server faults end in words: the server gone (exit 3), or one of its refusals said as
    REFUSALS says it. Any other error is the method's own and passes unchanged."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        from neo4j.exceptions import Neo4jError

        try:
            return method(*args, **kwargs)
        except Exception as exc:
            settings = getattr(args[0], "settings")
            if _lost(exc):
                raise EngineUnavailableError(f"{settings.where} stopped answering") from None
            if isinstance(exc, Neo4jError) and exc.code in REFUSALS:
                raise refusal(exc.code, settings) from None
            raise

    return guarded


class Neo4jEngine:
    """Cases in a Neo4j server; the same analyses as the embedded engine, as Cypher."""

    name = "neo4j"
    # The driver's pool serves each thread its own connection; the server runs the small case-scoped queries side
    # by side, so a report waits on the network a quarter as long.
    parallel_queries = 4

    def __init__(self, settings: Neo4jSettings) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import ConfigurationError, Neo4jError, ServiceUnavailable

        self.settings = settings
        self._schema_ready = False
        where = settings.where
        if not settings.password:
            raise EngineUnavailableError(f"cannot connect to {where}: set NEO4J_PASSWORD in the environment")
        try:
            # Server notifications (e.g. "property key does not exist" on an empty database) are for query
            # authors, not for a chair reading a report.
            self.driver = GraphDatabase.driver(
                settings.uri, auth=(settings.username, settings.password), notifications_min_severity="OFF",
                max_transaction_retry_time=RETRY_SECONDS, connection_timeout=CONNECT_SECONDS,
                connection_acquisition_timeout=2 * CONNECT_SECONDS,
            )
            # verify_connectivity and an auto-commit query fail at once, without retrying.
            self.driver.verify_connectivity()
            with self.driver.session(database=settings.database) as session:
                session.run("RETURN 1").consume()
        except Neo4jError as exc:
            raise refusal(exc.code, settings) from None
        except ServiceUnavailable:
            raise EngineUnavailableError(
                f"cannot connect to {where}: nothing answers there (is the server running, and is the URI right?)"
            ) from None
        except (ConfigurationError, ValueError):
            raise EngineUnavailableError(
                f"cannot connect to {where}: not a URI the driver accepts (bolt://HOST:PORT or neo4j://HOST:PORT, "
                "with +s or +ssc for an encrypted connection)"
            ) from None
        except Exception as exc:  # the driver raises several types for a bad address; none may carry a password
            raise EngineUnavailableError(f"cannot connect to {where}: {type(exc).__name__}") from None

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------------------

    @_server_faults
    def ensure_schema(self) -> None:
        """The constraints and indexes of cypher/schema.cypher, created if missing; then wait until online. Safe
        while other loaders do the same: a statement that finds its constraint or index just created by another
        changes nothing."""
        from neo4j.exceptions import ClientError

        if self._schema_ready:
            return
        for statement in query("schema").statements():
            try:
                self.driver.execute_query(statement, database_=self.settings.database)
            except ClientError as exc:
                # IF NOT EXISTS checks, then creates: two loaders may both find it missing, and the second to
                # create it is refused, though what it wanted now exists.
                if exc.code not in SCHEMA_RACE_CODES:
                    raise
        self.driver.execute_query("CALL db.awaitIndexes(300)", database_=self.settings.database)
        self._schema_ready = True

    @_server_faults
    def load(self, case: Case, loaded_at: dt.datetime | None = None) -> LoadResult:
        """Load one case atomically. Unchanged (same content hash): nothing is written. Changed: replaced whole."""
        self.ensure_schema()
        return self._load(case, loaded_at)

    def _load(self, case: Case, loaded_at: dt.datetime | None = None) -> LoadResult:
        stamp = loaded_at or dt.datetime.now(dt.timezone.utc)
        nodes, rels = S.graph_records(case)
        with self.driver.session(database=self.settings.database) as session:
            return session.execute_write(self._load_tx, case, nodes, rels, stamp)

    @staticmethod
    def _load_tx(tx: Any, case: Case, nodes: list[S.NodeRecord], rels: list[S.RelRecord], stamp: dt.datetime) -> LoadResult:
        c = case.case_id
        # Loaders of one case take turns. MERGE on the unique case_id makes one Case node even when two loaders
        # create it at once (the second waits for the first to commit, then finds it), and writing the throw-away
        # property takes the node's write lock, which holds every other loader of this case until this
        # transaction ends. The stored hash is read after, in a statement of its own, so it is the latest committed.
        tx.run(f"MERGE (c:{S.CASE} {{case_id: $case_id}}) SET c.{LOAD_LOCK} = true REMOVE c.{LOAD_LOCK}",
               case_id=c).consume()
        stored = tx.run(f"MATCH (c:{S.CASE} {{case_id: $case_id}}) RETURN c.content_hash AS hash", case_id=c).single()
        status = "loaded"
        if stored["hash"] is not None:
            if stored["hash"] == case.content_hash:
                return LoadResult(c, "unchanged")
            status = "replaced"
            for label in S.NODE_LABELS:
                if label != S.CASE:
                    tx.run(f"MATCH (n:{label} {{case_id: $case_id}}) DETACH DELETE n", case_id=c)

        [case_node] = [n for n in nodes if n.label == S.CASE]
        tx.run(f"MATCH (c:{S.CASE} {{case_id: $case_id}}) SET c = $props, c.loaded_at = $loaded_at",
               case_id=c, props=case_node.props, loaded_at=stamp)
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for n in nodes:
            if n.label != S.CASE:
                by_label[n.label].append({"key": n.key, "props": n.props})
        # The case has no other nodes now (new, or just deleted in this transaction, under the Case node's lock), so
        # CREATE is safe and much faster than MERGE; the unique constraints still refuse a duplicate, failing the
        # whole load.
        for label, rows in by_label.items():
            for batch in _batches(rows):
                tx.run(
                    f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props, n.loaded_at = $loaded_at",
                    rows=batch,
                    loaded_at=stamp,
                )

        by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in rels:
            by_type[(r.type, r.start_label, r.end_label)].append({"start": r.start_key, "end": r.end_key, "props": r.props})
        for (rel_type, start_label, end_label), rows in by_type.items():
            start_key, end_key = S.KEYS[start_label], S.KEYS[end_label]
            # The hints make each end a seek on the (case_id, key) constraint's index: left to itself the planner
            # may pick the case_id index and scan the whole case for every row.
            statement = (
                f"UNWIND $rows AS row "
                f"MATCH (a:{start_label} {{case_id: $case_id, {start_key}: row.start}}) "
                f"USING INDEX a:{start_label}(case_id, {start_key}) "
                f"MATCH (b:{end_label} {{case_id: $case_id, {end_key}: row.end}}) "
                f"USING INDEX b:{end_label}(case_id, {end_key}) "
                f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props, r.loaded_at = $loaded_at"
            )
            for batch in _batches(rows):
                tx.run(statement, rows=batch, case_id=c, loaded_at=stamp)
        return LoadResult(c, status, len(nodes), len(rels))

    @_server_faults
    def delete_case(self, case_id: str) -> None:
        def work(tx: Any) -> None:
            for label in S.NODE_LABELS:
                tx.run(f"MATCH (n:{label} {{case_id: $case_id}}) DETACH DELETE n", case_id=case_id)

        with self.driver.session(database=self.settings.database) as session:
            session.execute_write(work)

    # -- reading -------------------------------------------------------------------------------------------

    @_server_faults
    def case_ids(self) -> list[str]:
        records, _, _ = self.driver.execute_query(
            "MATCH (c:Case) RETURN c.case_id AS case_id ORDER BY case_id", database_=self.settings.database
        )
        return [r["case_id"] for r in records]

    @_server_faults
    def directory(self, case_id: str) -> CaseDirectory:
        records, links = self._directory_rows(case_id)
        if not records:
            raise KeyError(case_id)
        return directory_from_nodes(
            case_id,
            ((r["label"], _native(r["props"])) for r in records),
            ((r["type"], r["start"], r["end"], _native(r["props"])) for r in links),
        )

    def _directory_rows(self, case_id: str) -> tuple[list[Any], list[Any]]:
        """The case's Case, Person, Agency and Forum nodes, and its ALIAS_OF and RELATED_TO relationships."""
        records, _, _ = self.driver.execute_query(
            "CALL () { "
            + " UNION ".join(f"MATCH (n:{label} {{case_id: $case_id}}) RETURN n"
                             for label in (S.CASE, S.PERSON, S.AGENCY, S.FORUM))
            + " } RETURN labels(n)[0] AS label, properties(n) AS props",
            case_id=case_id,
            database_=self.settings.database,
        )
        links, _, _ = self.driver.execute_query(
            f"MATCH (a:{S.ALIAS}|{S.PERSON} {{case_id: $case_id}})-[r:{S.ALIAS_OF}|{S.RELATED_TO}]->(b:{S.PERSON}) "
            f"RETURN type(r) AS type, coalesce(a.{S.KEYS[S.PERSON]}, a.{S.KEYS[S.ALIAS]}) AS start, "
            f"b.{S.KEYS[S.PERSON]} AS end, properties(r) AS props",
            case_id=case_id,
            database_=self.settings.database,
        )
        return list(records), list(links)

    @_server_faults
    def cypher(self, text: str, params: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
        """Run one read statement; (columns, rows) with values as plain Python."""
        from neo4j import RoutingControl

        records, summary, keys = self.driver.execute_query(
            text, params, database_=self.settings.database, routing_=RoutingControl.READ
        )
        return list(keys), [{k: _native(r[k]) for k in keys} for r in records]

    def run_query(self, name: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        """A catalogue query by name, with its declared parameters (defaults from its `:param` lines)."""
        q = query(name)
        # Only the declared parameters: an undeclared one changes nothing in the result but is part of the server's
        # plan cache key, so sending the rule settings a query does not read would defeat the warm-up.
        values = {k: None for k in q.params}
        values.update({k: v for k, v in (params or {}).items() if k in q.params})
        return self.cypher(q.text, values)

    @_server_faults
    def warm_up(self) -> int:
        """Run every case-scoped query of the catalogue once, so that the first report after a server start does
        not wait for the planner: on a cold server planning the catalogue takes tens of seconds, and plans are
        cached by query text and parameter types, which the report then reuses (docs/performance.md). The queries
        read one loaded case, so that running them warms the server's execution too, or, with none loaded, a case
        that cannot exist. Returns how many queries ran."""
        self.ensure_schema()
        case_id = next(iter(self.case_ids()), WARM_UP_CASE)
        planned = 0
        for q in catalogue().values():
            if q.kind != "analysis" or "case_id" not in q.params:
                continue
            self.run_query(q.name, {**q.params, "case_id": case_id})
            planned += 1
        self._directory_rows(case_id)
        return planned


    def run(self, name: str, case_id: str | None = None) -> list[dict[str, Any]]:
        """The rows of catalogue analysis `name`, for one case or (case_id None) every case."""
        return self.run_query(name, {"case_id": case_id})[1]

    def run_rule(
        self, rule: RuleImplementation, params: dict[str, Any], case_id: str | None = None
    ) -> list[dict[str, Any]]:
        """The rows of one rule from its Cypher file, in the canonical order."""
        return sort_rule_rows(self.run_query(rule.cypher, {**params, "case_id": case_id})[1])

    @_server_faults
    def store_findings(self, case_id: str, findings: list[StoredFinding], written_at: dt.datetime | None = None) -> int:
        """Replace the stored (:Finding) nodes of one case, each citing the (:Event) rows it rests on, in one
        transaction, so analysts can query findings across cases (cypher/corpus_*.cypher). Returns how many."""
        stamp = written_at or dt.datetime.now(dt.timezone.utc)
        rows = [{"key": f["finding_id"], "props": {k: v for k, v in f.items() if k != "event_ids"},
                 "events": f["event_ids"]} for f in findings]

        def work(tx: Any) -> None:
            tx.run(f"MATCH (f:{S.FINDING} {{case_id: $case_id}}) DETACH DELETE f", case_id=case_id)
            tx.run(
                f"UNWIND $rows AS row "
                f"CREATE (f:{S.FINDING}) SET f = row.props, f.loaded_at = $stamp "
                f"WITH f, row UNWIND row.events AS event_id "
                f"MATCH (e:{S.EVENT} {{case_id: $case_id, event_id: event_id}}) "
                f"CREATE (f)-[:{S.CITES} {{case_id: $case_id, loaded_at: $stamp}}]->(e)",
                rows=rows,
                case_id=case_id,
                stamp=stamp,
            )

        with self.driver.session(database=self.settings.database) as session:
            session.execute_write(work)
        return len(rows)

    @_server_faults
    def load_many(self, cases: Iterable[Case], workers: int = 2,
                  progress: Callable[[int], None] | None = None) -> list[LoadResult]:
        """Load several cases, each in its own transaction, `workers` at a time (the server writes them in
        parallel; each case stays atomic). Results come back in the order of `cases`.

        When the server stops answering (or refuses a load), no further case is started, and LoadInterruptedError
        says which cases were committed, which were not, and which may have been (the server went away during
        their commit). Loading the same cases again completes the load: a case stored unchanged is skipped."""
        from concurrent.futures import ThreadPoolExecutor

        from neo4j.exceptions import IncompleteCommit, Neo4jError

        self.ensure_schema()
        cases = list(cases)
        stop = threading.Event()

        def one(case: Case) -> LoadResult | Exception | None:
            if stop.is_set():
                return None
            try:
                result = self._load(case)
            except Exception as exc:
                stop.set()
                return exc
            if progress is not None:
                progress(1)
            return result

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            outcomes = list(pool.map(one, cases))
        failures = [o for o in outcomes if isinstance(o, Exception)]
        if not failures:
            return [o for o in outcomes if isinstance(o, LoadResult)]
        first = failures[0]
        if any(_lost(f) for f in failures):
            reason = f"{self.settings.where} stopped answering during the load"
        elif isinstance(first, Neo4jError) and first.code in REFUSALS:
            reason = f"{refusal(first.code, self.settings)}, during the load"
        else:
            raise first
        raise LoadInterruptedError(
            reason, len(cases), [o for o in outcomes if isinstance(o, LoadResult)],
            [c.case_id for c, o in zip(cases, outcomes) if isinstance(o, IncompleteCommit)],
            [c.case_id for c, o in zip(cases, outcomes) if o is None or (isinstance(o, Exception)
                                                                        and not isinstance(o, IncompleteCommit))],
        )
