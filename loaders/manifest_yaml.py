"""The case manifest, `case.yaml`: the case, its people, relationships, agencies and forums.

Every value is checked against the vocabularies, and every problem names the YAML line and the key path
(`people[1].role`), because a chair fixes it in a text editor.

The death and a relationship's dates may have an open side ("before 2014-03"), placed only once the chronology is
read: the manifest keeps them as written, and the case loader closes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from graphdhr import vocab
from graphdhr.dates import UNKNOWN_WORDS, ChronoDate, OpenDate, WrittenDate, read_date
from graphdhr.errors import CaseInputError, raise_all
from graphdhr.model import ID_PATTERN, Agency, Forum, Person, Relationship, Where
from graphdhr.template import placeholder_request

from ._files import MANIFEST_LIMIT
from ._span import DateCloser
from ._text import read_text

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Manifest:
    """What `case.yaml` says. `relationships` are made by `close_relationships` once open dates can be placed."""

    case_id: str
    title: str
    area: str | None
    date_of_death: WrittenDate | None
    death_where: Where  # where the death's date is written, and its key, for an error in placing it
    death_field: str
    death_cause: str
    review_type: str
    tor_start: ChronoDate | None
    tor_end: ChronoDate | None
    chronology_complete: bool | None
    chronology_note: str | None
    source: str | None
    people: tuple[Person, ...]
    written_relationships: tuple[Callable[[DateCloser], Relationship], ...]
    agencies: tuple[Agency, ...]
    forums: tuple[Forum, ...]

    def close_relationships(self, close_date: DateCloser) -> tuple[Relationship, ...]:
        """The relationships, their dates closed against the case's span."""
        return tuple(make(close_date) for make in self.written_relationships)


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


# Limits on what a manifest's YAML may build: a real case.yaml holds a few hundred values, nested four deep, with no
# aliases. They stop an alias bomb ("billion laughs": a few lines that expand to billions of values) and a document
# nested so deep that reading it would exhaust the stack.
MAX_DEPTH = 32
MAX_VALUES = 100_000  # every value, an alias counting as a copy of all it names
MAX_ALIASES = 1_000
_CORE_TAG = "tag:yaml.org,2002:"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class _Open:
    """A mapping or list being read: its key path, its anchor, how many values it holds so far, the key waiting for
    its value (in a mapping) and that key's line."""

    value: dict[str, Any] | list[Any]
    path: KeyPath
    anchor: str | None
    size: int = 1
    key: str | None = None
    key_line: int = 0


def _parse_yaml(file: str, text: str) -> _Located:
    """The manifest's one YAML document as plain mappings, lists and scalars, with the line of every key path.

    Read from the parser's events rather than a YAML constructor, so that nothing but plain data can be built:
    a tag (`!!binary`, `!!python/name:...`, `!foo`) is an error, an alias is a reference to a value already read
    (never to its own anchor) and counts as a copy of everything it names toward MAX_VALUES, and nesting is
    bounded by MAX_DEPTH. Every parser error becomes a CaseInputError with its line.
    """
    import yaml  # heavy enough to keep out of `graphdhr --help`

    # libyaml's parser when PyYAML has it: the same marks (line numbers), several times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root, lines = _events_to_data(file, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise CaseInputError(file, mark.line + 1 if mark else None, None, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:  # a character YAML does not allow (ReaderError): its position, not a mark
        reason = getattr(exc, "reason", None) or (str(exc).splitlines() or ["unreadable"])[0]
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise CaseInputError(file, line, None, f"YAML error: {reason}") from None
    finally:
        loader.dispose()
    if root is None:
        raise CaseInputError(file, None, None, "the manifest is empty")
    return _Located(file, root, lines)


def read_yaml_data(file: str, text: str) -> Any:
    """A YAML document of plain data (mappings, lists, scalars), read with the manifest's limits: no tags, aliases
    within a budget, bounded nesting. For graphdhr's other YAML inputs (an area's rules file)."""
    return _parse_yaml(file, text).data


def _events_to_data(file: str, loader: Any) -> tuple[Any, dict[KeyPath, int]]:
    import yaml
    from yaml.constructor import SafeConstructor

    constructor = SafeConstructor()
    lines: dict[KeyPath, int] = {}
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, how many values it holds)
    stack: list[_Open] = []
    root: Any = None
    documents = 0
    total = aliases = 0

    def line_of(event: Any) -> int:
        return int(event.start_mark.line) + 1

    def fail(event: Any, path: KeyPath, message: str) -> CaseInputError:
        return CaseInputError(file, line_of(event), _dotted(path) or None, message)

    def refuse_tag(event: Any, path: KeyPath) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = "!!" + tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else tag
            raise fail(event, path, f"the YAML tag {shown!r} is not read: write the value as plain text")

    def scalar(event: Any, path: KeyPath) -> Any:
        if _SURROGATE.search(event.value):  # "\ud800" in a quoted string: no text, and no file could hold it
            raise fail(event, path, "holds an invalid Unicode character escape code (a lone surrogate, such as "
                                    "\\ud800)")
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _CORE_TAG + "str":
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            value = constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            # A plain scalar that looks like a date or number but is none (2014-02-30, a number of thousands of
            # digits) is read as the text written, which the key's own check then rejects with its line.
            return event.value
        if hasattr(value, "isoformat"):  # YAML reads 2014-02-10 as a date; the case format reads strings
            value = value.isoformat()
        return value

    def place(event: Any, value: Any, size: int) -> None:
        nonlocal root, total
        total += size
        if total > MAX_VALUES:
            raise fail(event, stack[-1].path if stack else (), f"holds more than {MAX_VALUES} values (counting "
                                                              "every copy an alias makes)")
        if not stack:
            root = value
            return
        parent = stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            parent.value.append(value)
        else:
            assert parent.key is not None
            parent.value[parent.key] = value
            lines[(*parent.path, parent.key)] = parent.key_line  # the key's line, not its block value's
            parent.key = None

    def child_path(event: Any) -> KeyPath | None:
        """The key path a node event starts, or None when it is a mapping's key (which this reads itself)."""
        if not stack:
            return ()
        parent = stack[-1]
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        if parent.key is None:
            if not isinstance(event, yaml.ScalarEvent):
                raise fail(event, parent.path, "a key must be plain text")
            refuse_tag(event, parent.path)
            if _SURROGATE.search(event.value):
                raise fail(event, parent.path, "a key holds an invalid Unicode character escape code (a lone "
                                               "surrogate, such as \\ud800)")
            if event.value in parent.value:
                raise fail(event, (*parent.path, event.value), "duplicate key")
            parent.key, parent.key_line = event.value, line_of(event)
            return None
        return (*parent.path, parent.key)

    while not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise fail(event, (), "holds more than one YAML document: graphdhr reads one")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = stack.pop()
            if done.anchor is not None:
                anchors[done.anchor] = (done.value, done.size)
            total -= done.size - 1  # its values were counted as they were placed; place() counts them again
            place(event, done.value, done.size)
            continue
        path = child_path(event)
        if path is None:
            continue
        lines[path] = line_of(event)
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise fail(event, path, f"uses more than {MAX_ALIASES} YAML aliases")
            if event.anchor not in anchors:
                inside = any(frame.anchor == event.anchor for frame in stack)
                raise fail(event, path, f"the alias *{event.anchor} "
                                        + ("is inside its own anchor" if inside else "names no anchor before it"))
            value, size = anchors[event.anchor]
            place(event, value, size)
            continue
        refuse_tag(event, path)
        if isinstance(event, yaml.ScalarEvent):
            value = scalar(event, path)
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            place(event, value, 1)
            continue
        if len(stack) >= MAX_DEPTH:
            raise fail(event, path, f"nesting deeper than {MAX_DEPTH} levels")
        container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        stack.append(_Open(container, path, event.anchor))
    return root, lines


_TOP_KEYS = {
    "case_id", "title", "area", "date_of_death", "death", "review_type", "terms_of_reference", "chronology", "source",
    "people", "relationships", "agencies", "forums",
}
_DEATH_KEYS = {"date", "cause", "note"}
_CHRONOLOGY_KEYS = {"complete", "note"}
_PERSON_KEYS = {"id", "pseudonym", "role", "aliases", "age", "date_of_birth", "pronouns", "note"}
_REL_KEYS = {"person", "other", "type", "start", "end", "start_precision", "end_precision", "note"}
_AGENCY_KEYS = {"id", "name", "short_name", "sector", "contribution", "records", "records_note", "area", "note"}
_FORUM_KEYS = {"id", "type", "name", "note"}


def _placeholders(doc: _Located) -> list[CaseInputError]:
    """Every value still holding the placeholder `graphdhr init` wrote (graphdhr.template), in the order of the
    file, each an error saying what to write: found all at once, so that the officer filling in case.yaml sees the
    whole list in one run rather than one per run."""
    found: list[CaseInputError] = []

    def visit(value: Any, path: KeyPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index))
        elif isinstance(value, str) and (request := placeholder_request(value)) is not None:
            found.append(doc.error(path, f"still the template's placeholder: fill in {request}"))

    visit(doc.data, ())
    return sorted(found, key=lambda error: error.row or 0)


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

    def date(self, m: dict[str, Any], key: str, path: KeyPath, precision: str | None = None) -> WrittenDate | None:
        """A date as written: closed, or with an open side that the case loader places."""
        value = self.text(m, key, path, required=False)
        if value is None:
            return None
        try:
            return read_date(value, precision)
        except ValueError as exc:
            raise self.doc.error((*path, key), str(exc)) from None

    def closed_date(self, m: dict[str, Any], key: str, path: KeyPath, why: str) -> ChronoDate | None:
        """A date that must not have an open side (`why` says what to write instead)."""
        value = self.date(m, key, path)
        if isinstance(value, OpenDate):
            raise self.doc.error((*path, key), f"{value.label!r} has an open side: {why}")
        return value

    def contributions(self, m: dict[str, Any], path: KeyPath) -> tuple[str, ...]:
        """An agency's contribution: one word or a list; earlier spellings read as today's."""
        value = m.get("contribution")
        if value is None or value == [] or (isinstance(value, str) and not value.strip()):
            raise self.doc.error((*path, "contribution"), "is required")
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for j, item in enumerate(items):
            where = (*path, "contribution", j) if isinstance(value, list) else (*path, "contribution")
            if not isinstance(item, str):
                raise self.doc.error(where, "expected a word, or a list of words")
            word = vocab.CONTRIBUTION_SYNONYMS.get(item.strip(), item.strip())
            if word not in vocab.CONTRIBUTIONS:
                raise self.doc.error(where, f"{item.strip()!r} is not one of: {', '.join(vocab.CONTRIBUTIONS)}")
            if word in out:
                raise self.doc.error(where, f"{word!r} is listed twice")
            out.append(word)
        if "unknown" in out and len(out) > 1:
            raise self.doc.error((*path, "contribution"), "'unknown' cannot be listed with other contributions")
        return tuple(out)

    def flag(self, m: dict[str, Any], key: str, path: KeyPath) -> bool:
        value = m.get(key)
        if not isinstance(value, bool):
            raise self.doc.error((*path, key), "is required: true or false")
        return value

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
    """Read and check one `case.yaml`. Raises CaseInputErrors naming every placeholder `graphdhr init` left in
    it, else CaseInputError at the first problem."""
    file = display or str(path)
    doc = _parse_yaml(file, read_text(path, file, limit=MANIFEST_LIMIT)[0])
    raise_all(_placeholders(doc))
    r = _Reader(doc)
    top = r.mapping(doc.data, (), _TOP_KEYS)

    tor_start, tor_end = _terms_of_reference(r, top)
    date_of_death, death_cause, death_path = _death(r, top)
    if isinstance(date_of_death, ChronoDate) and tor_start is not None and date_of_death.certainly_before(tor_start):
        raise doc.error(death_path, f"the death ({date_of_death.text}) is before the terms of reference start")
    review_type = r.text(top, "review_type", (), required=False)
    if review_type is None:
        review_type = vocab.default_review_type(death_cause)
    elif review_type not in vocab.REVIEW_TYPES:
        raise doc.error(("review_type",), f"{review_type!r} is not one of: {', '.join(vocab.REVIEW_TYPES)}")
    chronology_complete: bool | None = None
    chronology_note: str | None = None
    if top.get("chronology") is not None:
        chron = r.mapping(top["chronology"], ("chronology",), _CHRONOLOGY_KEYS)
        chronology_complete = r.flag(chron, "complete", ("chronology",))
        chronology_note = r.text(chron, "note", ("chronology",), required=False)

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
        pronouns = r.text(m, "pronouns", p, required=False)
        if pronouns is not None and pronouns not in vocab.PRONOUNS:
            raise doc.error((*p, "pronouns"), f"{pronouns!r} is not one of: {', '.join(vocab.PRONOUNS)} "
                            "(leave it out where the review does not say)")
        people.append(
            Person(
                id=r.ident(m, "id", p),
                pseudonym=r.text(m, "pseudonym", p) or "",
                role=r.choice(m, "role", p, vocab.PERSON_ROLES),
                aliases=tuple(a.strip() for a in aliases),
                age=age,
                date_of_birth=r.closed_date(
                    m, "date_of_birth", p, "give the day, month, year or range, or leave it out when not known"
                ),
                where=r.where(p),
                pronouns=pronouns,
            )
        )

    relationships = []
    for i, raw in enumerate(r.seq(top, "relationships", ())):
        p = ("relationships", i)
        m = r.mapping(raw, p, _REL_KEYS)
        make = partial(
            Relationship,
            person=r.ident(m, "person", p),
            other=r.ident(m, "other", p),
            type=r.choice(m, "type", p, vocab.RELATIONSHIP_TYPES),
            where=r.where(p),
        )
        start = r.date(m, "start", p, r.text(m, "start_precision", p, required=False))
        end = r.date(m, "end", p, r.text(m, "end_precision", p, required=False))
        relationships.append(_relationship(make, start, r.where((*p, "start")), end, r.where((*p, "end")), p))

    agencies = []
    for i, raw in enumerate(r.seq(top, "agencies", (), required=True)):
        p = ("agencies", i)
        m = r.mapping(raw, p, _AGENCY_KEYS)
        agency_id, name = r.ident(m, "id", p), r.text(m, "name", p) or ""
        sector = r.choice(m, "sector", p, vocab.SECTORS)
        contributions = r.contributions(m, p)
        records = r.text(m, "records", p, required=False)
        if records is not None and records not in vocab.RECORDS:
            raise doc.error((*p, "records"), f"{records!r} is not one of: {', '.join(vocab.RECORDS)}")
        agencies.append(
            Agency(
                id=agency_id,
                name=name,
                sector=sector,
                contribution=contributions[0],
                area=r.text(m, "area", p, required=False),
                where=r.where(p),
                contributions=contributions,
                records=records,
                records_note=r.text(m, "records_note", p, required=False),
                short_name=r.text(m, "short_name", p, required=False),
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
        date_of_death=date_of_death,
        death_where=r.where(death_path),
        death_field=_dotted(death_path),
        death_cause=death_cause,
        review_type=review_type,
        tor_start=tor_start,
        tor_end=tor_end,
        chronology_complete=chronology_complete,
        chronology_note=chronology_note,
        source=r.text(top, "source", (), required=False),
        people=tuple(people),
        written_relationships=tuple(relationships),
        agencies=tuple(agencies),
        forums=tuple(forums),
    )


def _terms_of_reference(r: _Reader, top: dict[str, Any]) -> tuple[ChronoDate | None, ChronoDate | None]:
    """The terms of reference's first and last dates; (None, None) when left out or written as not known."""
    value = top.get("terms_of_reference")
    if value is None or (isinstance(value, str) and " ".join(value.split()).casefold() in UNKNOWN_WORDS):
        return None, None
    path: KeyPath = ("terms_of_reference",)
    if isinstance(value, str):
        raise r.doc.error(path, "write {start: <date>, end: <date>}, or 'unknown' when the review does not state them")
    tor = r.mapping(value, path, {"start", "end"})
    why = "the terms of reference bound the case's other dates; give a date, month, year or range"
    start, end = r.closed_date(tor, "start", path, why), r.closed_date(tor, "end", path, why)
    if start is None or end is None:
        raise r.doc.error(path, "needs a start and an end date (or write 'terms_of_reference: unknown')")
    if end.end < start.start:
        raise r.doc.error((*path, "end"), "ends before it starts")
    return start, end


def _death(r: _Reader, top: dict[str, Any]) -> tuple[WrittenDate | None, str, KeyPath]:
    """The date and cause of death, and the key path of its date.

    `death: {date, cause}`, or the earlier `date_of_death`, which means a homicide.
    """
    if top.get("death") is None:
        return r.date(top, "date_of_death", ()), "homicide", ("date_of_death",)
    if "date_of_death" in top:
        raise r.doc.error(("date_of_death",), "give the death once: in `death: {date, cause}`")
    death = r.mapping(top["death"], ("death",), _DEATH_KEYS)
    cause = r.choice(death, "cause", ("death",), vocab.DEATH_CAUSES)
    return r.date(death, "date", ("death",)), cause, ("death", "date")


def _relationship(
    make: Callable[..., Relationship],
    start: WrittenDate | None,
    start_where: Where,
    end: WrittenDate | None,
    end_where: Where,
    path: KeyPath,
) -> Callable[[DateCloser], Relationship]:
    """A relationship whose dates are closed when it is made."""
    field = _dotted(path)

    def close(close_date: DateCloser) -> Relationship:
        return make(
            start=None if start is None else close_date(start, start_where, f"{field}.start"),
            end=None if end is None else close_date(end, end_where, f"{field}.end"),
        )

    return close
