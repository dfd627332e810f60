"""Text from a case made safe to print: control characters escaped, and (for Markdown) HTML and links defused.

A case file is written by others: a file name, a YAML key, a CSV header or an agency's name may hold a line break
(which would split an error's one line in two) or a terminal escape code (which a terminal would obey: colours, a
changed window title, a cleared screen). Everything graphdhr prints passes through `escape_controls`: errors
(`CaseInputError.one_line`), `validate`'s lines, the text and Markdown reports, and any output written to a
terminal. Characters that reorder text (bidirectional overrides) and Unicode line separators are escaped too,
since they change what a reader sees without being seen.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")

# C0 controls, DEL, C1 controls (a terminal reads \x9b as the start of an escape sequence), the Unicode line and
# paragraph separators, and the bidirectional embeddings, overrides and isolates.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(character: str) -> str:
    return _SHORT.get(character) or f"\\u{ord(character):04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """`text` with every control character but those in `keep` written as its escape: a line feed as `\\n`, an
    escape character as `\\u001b`. The `\\uXXXX` form is also a JSON string escape, so JSON stays JSON."""
    return _CONTROLS.sub(lambda m: m[0] if m[0] in keep else _escape(m[0]), text)


# In Markdown: what opens HTML (a tag, an entity), a link or image ([text](url), <url>), code, or an escape.
_MARKDOWN = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`", "\\": "\\\\"}
_MARKDOWN_SPECIAL = re.compile(r"[&<>\[\]`\\]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def markdown_text(text: str) -> str:
    """Case text that Markdown shows as written and never reads as HTML, a link, an image or code: `<`, `>`
    and `&` become entities, brackets, backticks and backslashes are escaped, and a line break becomes a space so
    that case text cannot start a block of its own (a heading, an HTML block, a link definition)."""
    return _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN[m[0]], _LINE_BREAKS.sub(" ", text))


def map_text(value: T, change: Callable[[str], str]) -> T:
    """A copy of `value` (dataclasses, tuples, lists and dicts, keys included, to any depth) with `change` applied
    to every string in it; so a renderer can escape every piece of case text a report carries in one place.
    Parts holding no string that `change` alters are kept as they are."""
    return cast(T, _map(value, change))


def _map(value: object, change: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, tuple):
        items = tuple(_map(item, change) for item in value)
        if all(a is b for a, b in zip(items, value)):
            return value
        return cast(Any, type(value))(*items) if hasattr(value, "_fields") else items  # a named tuple
    if isinstance(value, list):
        return [_map(item, change) for item in value]
    if isinstance(value, dict):
        return {_map(k, change): _map(v, change) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for f in dataclasses.fields(value):
            if f.init:
                old = getattr(value, f.name)
                new = _map(old, change)
                if new is not old:
                    changed[f.name] = new
        return dataclasses.replace(value, **changed) if changed else value
    return value
