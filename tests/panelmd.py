"""The machine-readable part of a worked example's PANEL.md: the table of conclusions graphdhr must find and the
table of what it must not find, each under its own heading. The prose above the tables says the same in words,
with the review's paragraph references; these tables are what the tests hold graphdhr to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

MUST_FIND = "What graphdhr must find"
MUST_NOT_FIND = "What graphdhr must not find"
_FIND_COLUMNS = ["Id", "Conclusion", "Paragraphs", "Rule", "Agencies", "Headline"]
_NOT_FIND_COLUMNS = ["Id", "Why", "Paragraphs", "Rules", "Agencies", "Rows"]


class PanelFormatError(ValueError):
    """A PANEL.md whose tables are missing or not in the agreed columns."""


@dataclass(frozen=True)
class Expected:
    """A panel conclusion graphdhr must express: a finding of `rule` whose agencies include `agencies`."""

    id: str
    conclusion: str
    paragraphs: str
    rule: str
    agencies: tuple[str, ...]
    headline: bool


@dataclass(frozen=True)
class NotAFailing:
    """What the review shows was not a failing: no finding whose rule starts with one of `rules` may name one of
    `agencies` or cite one of `rows` (an empty tuple matches every finding)."""

    id: str
    why: str
    paragraphs: str
    rules: tuple[str, ...]
    agencies: tuple[str, ...]
    rows: tuple[str, ...]

    def contradicted_by(self, rule_id: str, agencies: tuple[str, ...], rows: tuple[str, ...]) -> bool:
        return (rule_id.startswith(self.rules)
                and (not self.agencies or bool(set(self.agencies) & set(agencies)))
                and (not self.rows or bool(set(self.rows) & set(rows))))


@dataclass(frozen=True)
class Panel:
    expected: tuple[Expected, ...]
    not_failings: tuple[NotAFailing, ...]

    @property
    def headlines(self) -> tuple[Expected, ...]:
        return tuple(e for e in self.expected if e.headline)


@dataclass(frozen=True)
class _Cell:
    text: str  # the cell as read, code spans without their backticks
    codes: tuple[str, ...]  # the code spans only: the ids, rule ids and row ids


def _cell(inline: Token) -> _Cell:
    children = inline.children or []
    return _Cell(inline.content.replace("`", "").strip(),
                 tuple(c.content for c in children if c.type == "code_inline"))


def _tables(text: str) -> dict[str, list[list[_Cell]]]:
    """Every table of the document, by the heading it follows: header row first."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: dict[str, list[list[_Cell]]] = {}
    heading = ""
    rows: list[list[_Cell]] | None = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[i + 1].content.strip()
        elif token.type == "table_open":
            rows = tables.setdefault(heading, [])
        elif token.type == "table_close":
            rows = None
        elif token.type == "tr_open" and rows is not None:
            rows.append([])
        elif token.type == "inline" and rows is not None and tokens[i - 1].type in ("th_open", "td_open"):
            rows[-1].append(_cell(token))
    return tables


def _table(tables: dict[str, list[list[_Cell]]], heading: str, columns: list[str], path: Path) -> list[list[_Cell]]:
    if heading not in tables:
        raise PanelFormatError(f"{path}: no table under the heading {heading!r}")
    head, *body = tables[heading]
    if [c.text for c in head] != columns:
        raise PanelFormatError(f"{path}: the table under {heading!r} has columns {[c.text for c in head]}, "
                               f"expected {columns}")
    return body


def _any(cell: _Cell) -> tuple[str, ...]:
    return () if cell.text == "any" else cell.codes


def read_panel(path: Path) -> Panel:
    """The two tables of an example's PANEL.md; a missing table or a wrong column is a PanelFormatError."""
    tables = _tables(path.read_text(encoding="utf-8"))
    expected = []
    for id_, conclusion, paragraphs, rule, agencies, headline in _table(tables, MUST_FIND, _FIND_COLUMNS, path):
        if headline.text not in ("yes", "no") or len(rule.codes) != 1:
            raise PanelFormatError(f"{path}: {id_.text}: one rule in backticks and a headline of yes or no")
        expected.append(Expected(id_.text, conclusion.text, paragraphs.text, rule.codes[0], agencies.codes,
                                 headline.text == "yes"))
    not_failings = [NotAFailing(id_.text, why.text, paragraphs.text, rules.codes, _any(agencies), _any(rows))
                    for id_, why, paragraphs, rules, agencies, rows
                    in _table(tables, MUST_NOT_FIND, _NOT_FIND_COLUMNS, path)]
    return Panel(tuple(expected), tuple(not_failings))
