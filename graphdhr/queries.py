"""The analysts' Cypher library: one query per file in `cypher/`, read as package data.

Each file starts with a header of `//` comments that says what it finds, its parameters as `// :param` lines (the
Neo4j Browser syntax, so an analyst can uncomment them and run the file as it is) and its result columns:

    // name: silos
    // purpose: Agencies that knew ... and never passed it on.
    // :param case_id => 'lottie'
    // columns: case_id, agency_id, topic, ...

The catalogue is the contract between the engines: the embedded engine implements every analysis query in
Python with the same columns, and the tests hold both engines to the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_PARAM = re.compile(r"^//\s*:param\s+(\w+)\s*=>\s*(.+?)\s*;?\s*$")


@dataclass(frozen=True)
class QueryFile:
    name: str
    purpose: str
    params: dict[str, Any]  # name -> example/default value
    columns: tuple[str, ...]
    text: str
    kind: str  # "analysis" (returns rows) or "schema" (statements run in order)

    def statements(self) -> list[str]:
        """The file's statements, for files of several (the schema); comments dropped."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("//"))
        return [s.strip() for s in body.split(";") if s.strip()]


def parse_literal(text: str) -> Any:
    """A Cypher literal as written in a `:param` line or on the command line: null, true/false, number, 'string'."""
    value = text.strip()
    if value.lower() == "null":
        return None
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d*", value):
        return float(value)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    if value.startswith("[") and value.endswith("]"):
        inner = value[1:-1].strip()
        return [parse_literal(item) for item in _split_list(inner)] if inner else []
    return value


def _split_list(text: str) -> list[str]:
    """Split a list literal's items on commas outside quotes."""
    items, current, quote = [], "", ""
    for ch in text:
        if quote:
            current += ch
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            current += ch
        elif ch == ",":
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [i.strip() for i in items]


def parse_query_file(name: str, text: str) -> QueryFile:
    purpose: list[str] = []
    params: dict[str, Any] = {}
    columns: tuple[str, ...] = ()
    kind = "analysis"
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break
            continue
        if m := _PARAM.match(stripped):
            params[m[1]] = parse_literal(m[2])
            continue
        body = stripped[2:].strip()
        if body.startswith("purpose:"):
            purpose.append(body[len("purpose:"):].strip())
        elif body.startswith("columns:"):
            columns = tuple(c.strip() for c in body[len("columns:"):].split(",") if c.strip())
            break  # the columns line closes the header; comments after it explain the query itself
        elif body.startswith("kind:"):
            kind = body[len("kind:"):].strip()
        elif purpose and body and not body.startswith("name:"):
            purpose.append(body)
    return QueryFile(name, " ".join(purpose), params, columns, text, kind)


@cache
def catalogue() -> dict[str, QueryFile]:
    """Every query file shipped in graphdhr.cypher, by name (the file name without `.cypher`)."""
    out = {}
    for entry in sorted(resources.files("graphdhr.cypher").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            name = entry.name[: -len(".cypher")]
            out[name] = parse_query_file(name, entry.read_text(encoding="utf-8"))
    return out


def query(name: str) -> QueryFile:
    try:
        return catalogue()[name]
    except KeyError:
        raise KeyError(f"no query named {name!r}; `graphdhr queries` lists them") from None
