"""Reading a case file as text, with the two mistakes spreadsheets make most: another encoding, and nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from graphdhr.errors import CaseInputError

from ._files import CHRONOLOGY_LIMIT, read_bounded


def read_text(
    path: Path, display: str, csv_rows: bool = False, fallback: str | None = None, limit: int = CHRONOLOGY_LIMIT
) -> tuple[str, str]:
    """The file's text and the encoding it was read in: UTF-8 (a byte-order mark, as Excel writes, is dropped),
    else `fallback` when given and the bytes are valid in it.

    Only a regular file of at most `limit` bytes is read (`_files.read_bounded`).
    Raises CaseInputError naming the line of the first byte that is not UTF-8 (with `csv_rows`, the CSV row, as
    a spreadsheet counts it when a cell holds line breaks), or saying the file is empty.
    """
    data = read_bounded(path, display, limit)
    encoding = "utf-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        error, codec = exc, "utf-8"
        if fallback is not None:
            try:
                text, encoding = data.decode(fallback), fallback
            except UnicodeDecodeError as second:
                error, codec = second, fallback
        if encoding == "utf-8":
            body = bytes(error.object)  # after any byte-order mark: exc.start counts from there
            before = body[: error.start].decode(codec, errors="replace")
            line = _csv_row(before) if csv_rows else before.count("\n") + 1
            also = f" or {fallback}" if fallback else ""
            raise CaseInputError(
                display,
                line,
                None,
                f"not UTF-8{also} text (byte 0x{body[error.start]:02x}); save it as 'CSV UTF-8' or UTF-8 text",
            ) from None
    if not text.strip():
        raise CaseInputError(display, None, None, "the file is empty")
    return text, encoding


def _csv_row(before: str) -> int:
    """The CSV row (header = 1) in which text continuing `before` falls; quoted cells may span lines."""
    try:
        return len(list(csv.reader(io.StringIO(before + "\ue000", newline=""))))
    except csv.Error:
        return before.count("\n") + 1
