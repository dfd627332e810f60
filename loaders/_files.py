"""Which files a case folder may hand graphdhr, and how much of them is read.

Only regular files are read: a device (a chronology linked to /dev/zero would be read until memory runs out), a
pipe (opening one waits for a writer that never comes) or a socket is an error. Every read is bounded, so a file
far larger than any real chronology is refused before it is read, and a workbook or Word document (a zip archive)
is refused when it would unpack to more than any real chronology holds. The limits are documented in
docs/case-format.md and docs/guarantees.md.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

from graphdhr.errors import CaseInputError

MiB = 1024 * 1024
# case.yaml: the largest real manifest is a few kilobytes; a megabyte is hundreds of agencies.
MANIFEST_LIMIT = 1 * MiB
# A chronology file (CSV, workbook, Word document): a 10,000-row chronology is a few megabytes in any of them.
CHRONOLOGY_LIMIT = 32 * MiB
# What a workbook or Word document may unpack to: its XML is several times the size of the zip.
UNPACKED_LIMIT = 128 * MiB
# Cells in one table: a 10,000-row chronology of 25 columns has 250,000. A CSV of empty lines or commas, or a
# worksheet with one cell at A1 and another at XFD1048576 (which the workbook reader would lay out as 17 billion
# cells, aborting the process), would otherwise turn a small file into gigabytes.
MAX_CELLS = 4_000_000
MAX_ROWS = 1_000_000
# Word tables have at most 63 columns; a cell spanning more would make the reader repeat it that many times.
MAX_WORD_SPAN = 63
# The suffixes read as zip archives.
ZIP_SUFFIXES = (".xlsx", ".ods", ".docx")  # zip archives: their unpacked size is checked before reading


def file_kind(mode: int) -> str | None:
    """What a path's `stat` mode says is there, in words ("a folder", "a pipe (FIFO)"); None for a regular file.
    The one wording for inputs graphdhr will not read and outputs it will not replace or write through."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _megabytes(size: int) -> str:
    return f"{size / MiB:.0f} MB" if size >= MiB else f"{size} bytes"


def check_file(path: Path, display: str, limit: int) -> os.stat_result:
    """The file's status, after checking that it (or what a symbolic link at it points to) is a regular file of
    at most `limit` bytes; the file is not opened. Raises CaseInputError naming the file otherwise."""
    try:
        status = os.stat(path)
    except OSError as exc:
        raise CaseInputError(display, None, None, f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(status.st_mode):
        raise CaseInputError(
            display, None, None, f"{file_kind(status.st_mode)}, not a file: graphdhr reads only regular files"
        )
    if status.st_size > limit:
        raise CaseInputError(
            display, None, None, f"{_megabytes(status.st_size)}: larger than graphdhr reads ({_megabytes(limit)})"
        )
    return status


def read_bounded(path: Path, display: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Checked before opening (`check_file`) and again on the open descriptor, which is opened without waiting, so a
    file swapped for a pipe or device between the two is still refused and never blocks; at most `limit` + 1
    bytes are read, so a file that grows meanwhile is refused too.
    """
    check_file(path, display, limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise CaseInputError(display, None, None, f"cannot read the file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise CaseInputError(display, None, None, f"{file_kind(mode)}, not a file: graphdhr reads only regular files")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise CaseInputError(display, None, None, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise CaseInputError(display, None, None, f"larger than graphdhr reads ({_megabytes(limit)})")
    return data


def check_unpacked(path: Path, display: str, limit: int = UNPACKED_LIMIT) -> None:
    """For a workbook or Word document (a zip archive): refuse it when its parts would unpack to more than `limit`
    bytes (a "zip bomb"). A file that is not a zip archive is left for its reader to reject in its own words."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError):
        return  # not a zip archive zipfile can list: the reader says it cannot read it
    if unpacked > limit:
        raise CaseInputError(
            display, None, None,
            f"unpacks to {_megabytes(unpacked)}: more than graphdhr reads ({_megabytes(limit)})",
        )


def _pieces(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """One part of the archive, unpacked a megabyte at a time; each piece starts with the last 64 bytes of the one
    before, so a pattern shorter than that is found even where the pieces meet."""
    tail = b""
    with archive.open(name) as part:
        while piece := part.read(MiB):
            text = tail + piece
            yield text
            tail = text[-64:]


# A worksheet's cells and rows carry their place: <c r="B5">, <row r="5">. Two patterns found in C and gathered
# into sets, rather than one match at a time in Python: for a 10,000-row sheet, about a third of its read time.
_COLUMN_REF = re.compile(rb' r="([A-Z]{1,3})[0-9]')
_ROW_REF = re.compile(rb' r="[A-Z]{0,3}([0-9]{1,9})"')
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_GRID_SPAN = re.compile(rb'gridSpan\s+w:val="([0-9]+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def check_layout(path: Path, display: str) -> None:
    """Refuse a workbook whose sheet spans more than MAX_CELLS (first to last cell used), or a Word document with
    a cell spanning more than MAX_WORD_SPAN columns, before their readers lay them out in memory. Read from the
    archive's XML in pieces; a part that cannot be read is left for the reader to reject in its own words."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if _WORKSHEET.fullmatch(name):
                    _check_sheet(archive, name, display)
                elif name == "word/document.xml":
                    spans = {int(span) for text in _pieces(archive, name) for span in _GRID_SPAN.findall(text)}
                    if spans and max(spans) > MAX_WORD_SPAN:
                        raise CaseInputError(display, None, None, f"a table cell spans {max(spans)} columns: a Word "
                                                                  f"table has at most {MAX_WORD_SPAN}")
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError, RuntimeError):
        return  # not an archive zipfile can read (damaged, encrypted): the reader says it cannot read it


def _check_sheet(archive: zipfile.ZipFile, name: str, display: str) -> None:
    letters: set[bytes] = set()
    digits: set[bytes] = set()
    for text in _pieces(archive, name):
        letters.update(_COLUMN_REF.findall(text))
        digits.update(_ROW_REF.findall(text))
    if not digits:
        return
    rows = [int(d) for d in digits]
    columns = [_column_number(letter) for letter in letters] or [1]
    height, width = max(rows) - min(rows) + 1, max(columns) - min(columns) + 1
    if height * width > MAX_CELLS:
        raise CaseInputError(
            display, None, None,
            f"a sheet spans rows {min(rows)} to {max(rows)} and {width} columns: more than graphdhr reads "
            f"({MAX_CELLS:,} cells); delete the stray cells far from the chronology",
        )
