"""Reading a case file as text, with the two mistakes spreadsheets make most: another encoding, and nothing."""

from __future__ import annotations

from pathlib import Path

from graphdhr.errors import CaseInputError


def read_text(path: Path, display: str) -> str:
    """The file's text, decoded as UTF-8 (a byte-order mark, as Excel writes, is dropped).

    Raises CaseInputError naming the line of the first byte that is not UTF-8, or saying the file is empty.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CaseInputError(display, None, None, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaseInputError(
            display,
            line,
            None,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as 'CSV UTF-8' or UTF-8 text",
        ) from None
    if not text.strip():
        raise CaseInputError(display, None, None, "the file is empty")
    return text
