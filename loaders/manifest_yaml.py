"""The case manifest, `case.yaml`: the case, its people, relationships, agencies and forums.

Every value is checked against the vocabularies, and every problem names the YAML line and the key path
(`people[1].role`), because a chair fixes it in a text editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphdhr import vocab
from graphdhr.dates import ChronoDate, parse_date
from graphdhr.errors import CaseInputError
from graphdhr.model import ID_PATTERN, Agency, Forum, Person, Relationship, Where

from ._text import read_text

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Manifest:
    case_id: str
    title: str
    area: str | None
    date_of_death: ChronoDate | None
    tor_start: ChronoDate
    tor_end: ChronoDate
    source: str | None
    people: tuple[Person, ...]
    relationships: tuple[Relationship, ...]
    agencies: tuple[Agency, ...]
    forums: tuple[Forum, ...]


class _Located:
    """A parsed YAML document with the line of every key path, for messages that point at the line."""

    def __init__(self, file: str, data: Any, lines: dict[KeyPath, int]) -> None:
        self.file = file
        self.data = data
        self.lines = lines

    def line(self, path: KeyPath) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def error(self, path: KeyPath, message: str) -> CaseInputError:
        return CaseInputError(self.file, self.line(path), _dotted(path) or None, message)


def _dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _parse_yaml(file: str, text: str) -> _Located:
    import yaml  # heavy enough to keep out of `graphdhr --help`

    # libyaml's loader when PyYAML has it: the same marks (line numbers), several times faster.
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "syntax error"
        raise CaseInputError(file, line, None, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise CaseInputError(file, None, None, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    scalars = loader_class("")

    def convert(node: Any, path: KeyPath) -> Any:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in out:
                    raise CaseInputError(file, key_node.start_mark.line + 1, _dotted((*path, key)), "duplicate key")
                out[key] = convert(value_node, (*path, key))
                lines[(*path, key)] = key_node.start_mark.line + 1  # the key's line, not its block value's
            return out
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, (*path, i)) for i, item in enumerate(node.value)]
        value = scalars.construct_object(node) if node.tag != "tag:yaml.org,2002:str" else node.value
        if hasattr(value, "isoformat"):  # YAML reads 2014-02-10 as a date; the case format reads strings
            value = value.isoformat()
        return value

    if root is None:
        raise CaseInputError(file, None, None, "the manifest is empty")
    return _Located(file, convert(root, ()), lines)


_TOP_KEYS = {
    "case_id", "title", "area", "date_of_death", "terms_of_reference", "source",
    "people", "relationships", "agencies", "forums",
}
_PERSON_KEYS = {"id", "pseudonym", "role", "aliases", "age", "date_of_birth", "note"}
_REL_KEYS = {"person", "other", "type", "start", "end", "start_precision", "end_precision", "note"}
_AGENCY_KEYS = {"id", "name", "sector", "contribution", "area", "note"}
_FORUM_KEYS = {"id", "type", "name", "note"}


class _Reader:
    def __init__(self, doc: _Located) -> None:
        self.doc = doc

    def mapping(self, value: Any, path: KeyPath, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.doc.error(path, "expected a mapping of keys to values")
        for key in value:
            if key not in allowed:
                raise self.doc.error((*path, key), f"unknown key; allowed: {', '.join(sorted(allowed))}")
        return value

    def text(self, m: dict[str, Any], key: str, path: KeyPath, required: bool = True) -> str | None:
        value = m.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.doc.error((*path, key), "is required")
            return None
        if isinstance(value, (dict, list)):
            raise self.doc.error((*path, key), "expected text")
        return str(value).strip()

    def ident(self, m: dict[str, Any], key: str, path: KeyPath) -> str:
        value = self.text(m, key, path)
        assert value is not None
        if not ID_PATTERN.match(value):
            raise self.doc.error((*path, key), f"id {value!r} may hold only letters, digits, '-', '_' and '.'")
        return value

    def choice(self, m: dict[str, Any], key: str, path: KeyPath, allowed: tuple[str, ...]) -> str:
        value = self.text(m, key, path)
        assert value is not None
        if value not in allowed:
            raise self.doc.error((*path, key), f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def date(self, m: dict[str, Any], key: str, path: KeyPath, precision: str | None = None) -> ChronoDate | None:
        value = self.text(m, key, path, required=False)
        if value is None:
            return None
        try:
            return parse_date(value, precision)
        except ValueError as exc:
            raise self.doc.error((*path, key), str(exc)) from None

    def seq(self, m: dict[str, Any], key: str, path: KeyPath, required: bool = False) -> list[Any]:
        value = m.get(key)
        if value is None:
            if required:
                raise self.doc.error((*path, key), "is required (a list)")
            return []
        if not isinstance(value, list):
            raise self.doc.error((*path, key), "expected a list")
        return value

    def where(self, path: KeyPath) -> Where:
        return Where(self.doc.file, self.doc.line(path))


def read_manifest(path: Path, display: str | None = None) -> Manifest:
    """Read and check one `case.yaml`. Raises CaseInputError at the first problem."""
    file = display or str(path)
    doc = _parse_yaml(file, read_text(path, file))
    r = _Reader(doc)
    top = r.mapping(doc.data, (), _TOP_KEYS)

    tor = r.mapping(top.get("terms_of_reference") or {}, ("terms_of_reference",), {"start", "end"})
    tor_start = r.date(tor, "start", ("terms_of_reference",))
    tor_end = r.date(tor, "end", ("terms_of_reference",))
    if tor_start is None or tor_end is None:
        raise doc.error(("terms_of_reference",), "needs a start and an end date")
    if tor_end.end < tor_start.start:
        raise doc.error(("terms_of_reference", "end"), "ends before it starts")

    people = []
    for i, raw in enumerate(r.seq(top, "people", (), required=True)):
        p = ("people", i)
        m = r.mapping(raw, p, _PERSON_KEYS)
        aliases = r.seq(m, "aliases", p)
        for j, alias in enumerate(aliases):
            if not isinstance(alias, str) or not alias.strip():
                raise doc.error((*p, "aliases", j), "an alias is a non-empty name")
        age = m.get("age")
        if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 <= age < 130):
            raise doc.error((*p, "age"), f"age {age!r} is not a whole number of years")
        people.append(
            Person(
                id=r.ident(m, "id", p),
                pseudonym=r.text(m, "pseudonym", p) or "",
                role=r.choice(m, "role", p, vocab.PERSON_ROLES),
                aliases=tuple(a.strip() for a in aliases),
                age=age,
                date_of_birth=r.date(m, "date_of_birth", p),
                where=r.where(p),
            )
        )

    relationships = []
    for i, raw in enumerate(r.seq(top, "relationships", ())):
        p = ("relationships", i)
        m = r.mapping(raw, p, _REL_KEYS)
        relationships.append(
            Relationship(
                person=r.ident(m, "person", p),
                other=r.ident(m, "other", p),
                type=r.choice(m, "type", p, vocab.RELATIONSHIP_TYPES),
                start=r.date(m, "start", p, r.text(m, "start_precision", p, required=False)),
                end=r.date(m, "end", p, r.text(m, "end_precision", p, required=False)),
                where=r.where(p),
            )
        )

    agencies = []
    for i, raw in enumerate(r.seq(top, "agencies", (), required=True)):
        p = ("agencies", i)
        m = r.mapping(raw, p, _AGENCY_KEYS)
        agencies.append(
            Agency(
                id=r.ident(m, "id", p),
                name=r.text(m, "name", p) or "",
                sector=r.choice(m, "sector", p, vocab.SECTORS),
                contribution=r.choice(m, "contribution", p, vocab.CONTRIBUTIONS),
                area=r.text(m, "area", p, required=False),
                where=r.where(p),
            )
        )

    forums = []
    for i, raw in enumerate(r.seq(top, "forums", ())):
        p = ("forums", i)
        m = r.mapping(raw, p, _FORUM_KEYS)
        forums.append(
            Forum(
                id=r.ident(m, "id", p),
                type=r.choice(m, "type", p, vocab.FORUM_TYPES),
                name=r.text(m, "name", p) or "",
                where=r.where(p),
            )
        )

    return Manifest(
        case_id=r.ident(top, "case_id", ()),
        title=r.text(top, "title", ()) or "",
        area=r.text(top, "area", (), required=False),
        date_of_death=r.date(top, "date_of_death", ()),
        tor_start=tor_start,
        tor_end=tor_end,
        source=r.text(top, "source", (), required=False),
        people=tuple(people),
        relationships=tuple(relationships),
        agencies=tuple(agencies),
        forums=tuple(forums),
    )
