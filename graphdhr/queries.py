"""The analysts' Cypher library: one query per file in `cypher/`, read as package data.

Each file pastes into Neo4j Browser as it is and runs there (Neo4j 5.26 or later). It starts with a header of
`//` comments that says what it finds and its result columns, then the `:param` commands Browser runs before the
query, then the query:

    // name: silos
    // purpose: Agencies that knew ... and never passed it on.
    // requires: Neo4j 5.26 ...
    // columns: case_id, agency_id, topic, ...
    :param case_id => 'lottie';

    // include: case_scope
    UNWIND ...
    // end include: case_scope
    ...

Clauses that several queries share are written once, as fragments in `cypher/fragments/NAME.cypher`. A query
file holds each fragment's text between `// include: NAME` and `// end include: NAME`, so that the file runs as
pasted; the catalogue always re-expands those blocks from the fragment (the fragment is the truth), and
`scripts/cypher_sync.py` writes the expanded text back into the files. What the driver receives (`QueryFile.text`)
is the expanded query without the `:param` lines; those are read as the query's parameters and example values.
For a rule's file the `:param` values are generated from `graphdhr/rules/default.yaml` by the same sync step.

The catalogue is the contract between the engines: the embedded engine implements every analysis query in
Python with the same columns, and the tests hold both engines to the same rows. Queries of kind `graph` return
nodes, relationships and paths for Browser and Bloom, and have no Python twin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?)\s*;?\s*$")
_INCLUDE = re.compile(r"^(\s*)// include: (\w+)\s*$")
_END = re.compile(r"^(\s*)// end include: (\w+)\s*$")
_REFERENCE = re.compile(r"\$(\w+)")

# The Neo4j version every query file states in its header: the files use `CALL (x) { }` scoped subqueries and
# COLLECT subqueries, which earlier 5.x releases do not all accept.
MIN_NEO4J = "5.26"


@dataclass(frozen=True)
class QueryFile:
    name: str
    purpose: str
    params: dict[str, Any]  # name -> example/default value, from the file's `:param` lines
    columns: tuple[str, ...]
    text: str  # what the driver receives: fragments expanded, `:param` lines removed
    kind: str  # "analysis" (returns rows), "graph" (returns nodes and paths) or "schema" (statements in order)
    source: str = ""  # the file as Browser runs it: header, `:param` lines, expanded query

    def statements(self) -> list[str]:
        """The file's statements, for files of several (the schema); comments dropped."""
        return [s for s in split_statements(self.text) if not s.startswith(":")]


class LibraryError(ValueError):
    """A query file or fragment that cannot be expanded (unknown fragment, unclosed block, include cycle)."""


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


def cypher_literal(value: Any) -> str:
    """A Python value (as YAML gives it) as a Cypher literal that `parse_literal` reads back."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


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


def split_statements(text: str) -> list[str]:
    """The statements of a file as Neo4j Browser runs a multi-statement paste, in order.

    A line starting with `:` is a Browser command (`:param name => value;`), one statement of its own. The rest
    is split on `;` outside strings, backticks and comments; comments are dropped and blank statements skipped.
    """
    out: list[str] = []
    current: list[str] = []
    i, n = 0, len(text)
    at_line_start = True

    def flush() -> None:
        statement = "".join(current).strip()
        if statement:
            out.append(statement)
        current.clear()

    while i < n:
        ch = text[i]
        if at_line_start and ch in " \t":
            current.append(ch)
            i += 1
            continue
        if at_line_start and ch == ":" and not "".join(current).strip():
            end = text.find("\n", i)
            end = n if end < 0 else end
            command = text[i:end].strip()
            out.append(command[:-1].rstrip() if command.endswith(";") else command)
            current.clear()
            i = end
            continue
        at_line_start = False
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            current.append(text[i : j + 1])
            i = j + 1
        elif ch == ";":
            flush()
            i += 1
        else:
            current.append(ch)
            if ch == "\n":
                at_line_start = True
            i += 1
    flush()
    return out


@cache
def fragments() -> dict[str, str]:
    """Every fragment of `cypher/fragments/`, by name, as written (its own includes not yet expanded)."""
    folder = resources.files("graphdhr.cypher").joinpath("fragments")
    return {
        entry.name[: -len(".cypher")]: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".cypher")
    }


def _body(text: str) -> list[str]:
    """A fragment's lines without its leading `//` header (which says what it defines, once, in the fragment)."""
    lines = text.rstrip("\n").splitlines()
    while lines and (lines[0].lstrip().startswith("//") and not _INCLUDE.match(lines[0])):
        lines.pop(0)
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def expand(text: str, library: Mapping[str, str] | None = None, _stack: tuple[str, ...] = ()) -> str:
    """`text` with every include block (closed or bare) holding its fragment's current text, nested includes too."""
    library = fragments() if library is None else library
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _INCLUDE.match(lines[i])
        if not m:
            if _END.match(lines[i]):
                raise LibraryError(f"'{lines[i].strip()}' with no include line before it")
            out.append(lines[i])
            i += 1
            continue
        indent, name = m[1], m[2]
        if name not in library:
            raise LibraryError(f"unknown fragment {name!r} (cypher/fragments/{name}.cypher)")
        if name in _stack:
            raise LibraryError("fragments include each other: " + " -> ".join((*_stack, name)))
        end = _block_end(lines, i + 1, name)
        inner = expand("\n".join(_body(library[name])), library, (*_stack, name)).splitlines()
        out.append(lines[i])
        out.extend(indent + line if line.strip() else "" for line in inner)
        out.append(f"{indent}// end include: {name}")
        i = (end if end is not None else i) + 1
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def _block_end(lines: list[str], start: int, name: str) -> int | None:
    """The index of the line closing the block of `name` opened just before `start`; None for a bare include."""
    depth = 0
    for j in range(start, len(lines)):
        if (m := _INCLUDE.match(lines[j])) and m[2] == name:
            depth += 1
        elif (m := _END.match(lines[j])) and m[2] == name:
            if depth == 0:
                return j
            depth -= 1
    return None


def collapse(text: str) -> str:
    """`text` with every include block reduced to its include line (what a query file itself says)."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        m = _INCLUDE.match(lines[i])
        end = _block_end(lines, i + 1, m[2]) if m else None
        i = (end if end is not None else i) + 1
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def include_blocks(text: str) -> Iterator[tuple[str, str]]:
    """(fragment name, the text between its marker lines) for each outermost include block of a file."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _INCLUDE.match(lines[i])
        end = _block_end(lines, i + 1, m[2]) if m else None
        if m and end is not None:
            yield m[2], "\n".join(lines[i : end + 1])
            i = end + 1
        else:
            i += 1


def _parts(text: str) -> tuple[list[str], list[str], list[str]]:
    """A file's header comment lines, its `:param` lines, and the rest."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and lines[i].startswith("//"):
        i += 1
    header = lines[:i]
    params: list[str] = []
    while i < len(lines) and (lines[i].startswith(":param") or not lines[i].strip()):
        if lines[i].strip():
            params.append(lines[i])
        i += 1
    return header, params, lines[i:]


def parse_query_file(name: str, text: str, library: Mapping[str, str] | None = None) -> QueryFile:
    """A query file read as the catalogue reads it: include blocks re-expanded from their fragments."""
    source = expand(text, library)
    header, param_lines, body = _parts(source)
    purpose: list[str] = []
    params: dict[str, Any] = {}
    columns: tuple[str, ...] = ()
    kind = "analysis"
    for line in param_lines:
        if m := _PARAM.match(line.strip()):
            params[m[1]] = parse_literal(m[2])
    in_purpose = False
    for line in header:
        body_text = line.strip()[2:].strip()
        if body_text.startswith("purpose:"):
            purpose.append(body_text[len("purpose:"):].strip())
            in_purpose = True
        elif body_text.startswith("columns:"):
            columns = tuple(c.strip() for c in body_text[len("columns:"):].split(",") if c.strip())
            in_purpose = False
        elif body_text.startswith("kind:"):
            kind = body_text[len("kind:"):].strip()
            in_purpose = False
        elif re.match(r"^\w+:", body_text):
            in_purpose = False
        elif in_purpose and body_text:
            purpose.append(body_text)
    driver_text = "\n".join(body).strip() + "\n"
    return QueryFile(name, " ".join(purpose), params, columns, driver_text, kind, source)


def rule_param_lines(text: str, values: Mapping[str, Any], own: Mapping[str, Any], example_case: str) -> list[str]:
    """The `:param` lines of a rule's (expanded) file: case_id, then each shared setting the query reads, then the
    rule's own parameters (all of them), with their values from the rules file."""
    body = "\n".join(line.split("//", 1)[0] for line in _parts(text)[2])
    used = set(_REFERENCE.findall(body))
    names = [k for k in values if k in used and k not in own] + list(own)
    return [f":param case_id => {example_case};"] + [f":param {k} => {cypher_literal(values[k])};" for k in names]


def synced(text: str, rule_values: Mapping[str, Any] | None = None,
           rule_own: Mapping[str, Any] | None = None, library: Mapping[str, str] | None = None) -> str:
    """What a query file should hold: include blocks expanded from their fragments, and, for a rule's file
    (`rule_values` the parameters its query receives, `rule_own` the rule's own), `:param` lines generated from
    the rules file. The header and the query itself are kept as written."""
    expanded = expand(text, library)
    if rule_values is None:
        return expanded
    header, params, body = _parts(expanded)
    example = next((m[2] for p in params if (m := _PARAM.match(p.strip())) and m[1] == "case_id"), "'lottie'")
    lines = rule_param_lines(expanded, rule_values, rule_own or {}, example)
    return "\n".join([*header, *lines, "", *body]) + "\n"


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


def expected_file_texts(
    folder: Path, rule_params: dict[str, tuple[dict[str, Any], dict[str, Any]]]
) -> dict[Path, str]:
    """What each query file in a source folder (the repository's `cypher/`) should hold, by path: see `synced`.
    The fragments are read from that folder too, so that an edited fragment reaches every file that includes it.
    `rule_params` gives, per rule query name, every parameter it receives and its own (graphdhr.rules)."""
    library = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "fragments").glob("*.cypher"))}
    out = {}
    for path in sorted(folder.glob("*.cypher")):
        text = path.read_text(encoding="utf-8")
        if path.stem in rule_params:
            values, own = rule_params[path.stem]
            out[path] = synced(text, values, own, library)
        else:
            out[path] = synced(text, library=library)
    return out
