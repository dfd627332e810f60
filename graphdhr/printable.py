"""Text from a case made safe to print: control characters escaped, and (for Markdown) HTML and links defused.

A case file is written by others: a file name, a YAML key, a CSV header or an agency's name may hold a line break
(which would split an error's one line in two) or a terminal escape code (which a terminal would obey: colours, a
changed window title, a cleared screen). Everything graphdhr prints passes through `escape_controls`: errors
(`CaseInputError.one_line`), `validate`'s lines, the text and Markdown reports, and any output written to a
terminal. Characters that reorder text (bidirectional overrides) and Unicode line separators are escaped too,
since they change what a reader sees without being seen.
"""

from __future__ import annotations

import re

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


# In Markdown, what opens HTML (a tag, an entity), a link or image ([text](url), <url>), code or an escape:
# `<`, `>` and `&` as entities (a backslash before them is not honoured by every wiki); every other character
# Markdown reads as markup escaped with a backslash: emphasis, code, links, table cells, headings, strikethrough.
_MARKDOWN = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN_SPECIAL = re.compile(r"[&<>\[\]`\\*_|#~]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def markdown_text(text: str, line_break: str = " ") -> str:
    """Case text that Markdown shows as written and never reads as HTML, a link, an image, code or a table cell's
    end: `<`, `>` and `&` become entities and every other markup character is escaped; a line break becomes
    `line_break` (a space by default, so that case text cannot start a block of its own: a heading, an HTML
    block, a link definition; `<br>` inside a table cell)."""
    escaped = _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN.get(m[0], "\\" + m[0]), text)
    return line_break.join(_LINE_BREAKS.split(escaped))
