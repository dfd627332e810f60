"""The Neo4j engine: the graph schema in a Neo4j 5 server, on the official driver.

Discipline (docs/graph-model.md): every value goes in as a `$parameter`; labels and relationship types come
only from `graphdhr.schema`; the schema's constraints and indexes are created before anything is written; a case
loads in one transaction, so a failure part-way leaves none of it; a case already loaded unchanged (same content
hash) is skipped, a changed one is deleted and written again whole. Analyses are the Cypher files of `cypher/`, run as they are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphdhr import schema as S
from graphdhr.directory import CaseDirectory, directory_from_nodes
from graphdhr.engines.contract import RuleImplementation, StoredFinding, sort_rule_rows
from graphdhr.errors import EngineUnavailableError
from graphdhr.model import Case
from graphdhr.queries import catalogue, query

BATCH = 5000
# A case id no loader accepts (ids are letters, digits, '.', '_' and '-'): the warm-up's case when none is loaded.
WARM_UP_CASE = " warm-up "
DEFAULT_URI = "bolt://127.0.0.1:7687"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the server is. The password is never shown: not in repr, not in any message."""

    uri: str
    username: str
    password: str = field(repr=False)
    database: str

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


class Neo4jEngine:
    """Cases in a Neo4j server; the same analyses as the embedded engine, as Cypher."""

    name = "neo4j"
    # The driver's pool serves each thread its own connection; the server runs the small case-scoped queries side
    # by side, so a report waits on the network a quarter as long.
    parallel_queries = 4

    def __init__(self, settings: Neo4jSettings) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

        self.settings = settings
        self._schema_ready = False
        where = f"Neo4j at {settings.uri} (database {settings.database!r}, user {settings.username!r})"
        if not settings.password:
            raise EngineUnavailableError(f"cannot connect to {where}: set NEO4J_PASSWORD in the environment")
        try:
            # Server notifications (e.g. "property key does not exist" on an empty database) are for query
            # authors, not for a chair reading a report.
            self.driver = GraphDatabase.driver(
                settings.uri, auth=(settings.username, settings.password), notifications_min_severity="OFF"
            )
            # verify_connectivity and an auto-commit query fail at once; execute_query would retry for 30 s.
            self.driver.verify_connectivity()
            with self.driver.session(database=settings.database) as session:
                session.run("RETURN 1").consume()
        except AuthError:
            raise EngineUnavailableError(f"{where} refused the credentials (check NEO4J_USERNAME and NEO4J_PASSWORD)") from None
        except (ServiceUnavailable, ConfigurationError, ValueError, OSError, Neo4jError) as exc:
            raise EngineUnavailableError(f"cannot connect to {where}: {type(exc).__name__}") from None
        except Exception as exc:  # the driver raises several types for a bad address; none may carry a password
            raise EngineUnavailableError(f"cannot connect to {where}: {type(exc).__name__}") from None

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """The constraints and indexes of cypher/schema.cypher, created if missing; then wait until online."""
        if self._schema_ready:
            return
        for statement in query("schema").statements():
            self.driver.execute_query(statement, database_=self.settings.database)
        self.driver.execute_query("CALL db.awaitIndexes(300)", database_=self.settings.database)
        self._schema_ready = True

    def load(self, case: Case, loaded_at: dt.datetime | None = None) -> LoadResult:
        """Load one case atomically. Unchanged (same content hash): nothing is written. Changed: replaced whole."""
        self.ensure_schema()
        stamp = loaded_at or dt.datetime.now(dt.timezone.utc)
        nodes, rels = S.graph_records(case)
        with self.driver.session(database=self.settings.database) as session:
            return session.execute_write(self._load_tx, case, nodes, rels, stamp)

    @staticmethod
    def _load_tx(tx: Any, case: Case, nodes: list[S.NodeRecord], rels: list[S.RelRecord], stamp: dt.datetime) -> LoadResult:
        c = case.case_id
        existing = tx.run("MATCH (n:Case {case_id: $case_id}) RETURN n.content_hash AS hash", case_id=c).single()
        status = "loaded"
        if existing is not None:
            if existing["hash"] == case.content_hash:
                return LoadResult(c, "unchanged")
            status = "replaced"
            for label in S.NODE_LABELS:
                tx.run(f"MATCH (n:{label} {{case_id: $case_id}}) DETACH DELETE n", case_id=c)

        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for n in nodes:
            by_label[n.label].append({"key": n.key, "props": n.props})
        # The case has no nodes now (new, or just deleted in this transaction), so CREATE is safe and much faster
        # than MERGE; the unique constraints still refuse a duplicate, failing the whole load.
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

    def delete_case(self, case_id: str) -> None:
        def work(tx: Any) -> None:
            for label in S.NODE_LABELS:
                tx.run(f"MATCH (n:{label} {{case_id: $case_id}}) DETACH DELETE n", case_id=case_id)

        with self.driver.session(database=self.settings.database) as session:
            session.execute_write(work)

    # -- reading -------------------------------------------------------------------------------------------

    def case_ids(self) -> list[str]:
        records, _, _ = self.driver.execute_query(
            "MATCH (c:Case) RETURN c.case_id AS case_id ORDER BY case_id", database_=self.settings.database
        )
        return [r["case_id"] for r in records]

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

    def load_many(self, cases: Iterable[Case], workers: int = 2,
                  progress: Any = None) -> list[LoadResult]:
        """Load several cases, each in its own transaction, `workers` at a time (the server writes them in
        parallel; each case stays atomic). Results come back in the order of `cases`."""
        from concurrent.futures import ThreadPoolExecutor

        self.ensure_schema()
        cases = list(cases)

        def one(case: Case) -> LoadResult:
            result = self.load(case)
            if progress is not None:
                progress(1)
            return result

        if workers <= 1:
            return [one(case) for case in cases]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(one, cases))
