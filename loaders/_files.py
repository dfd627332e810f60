"""Which files a case folder may hand graphdhr, and how much of them is read.

Only regular files are read: a device (a chronology linked to /dev/zero would be read until memory runs out), a
pipe (opening one waits for a writer that never comes) or a socket is an error. Every read is bounded, so a file
far larger than any real chronology is refused before it is read, and a workbook or Word document (a zip archive)
is refused when it would unpack to more than any real chronology holds. The limits are documented in
docs/case-format.md and docs/guarantees.md.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from graphdhr.errors import CaseInputError

MiB = 1024 * 1024
# case.yaml: the largest real manifest is a few kilobytes; a megabyte is hundreds of agencies.
MANIFEST_LIMIT = 1 * MiB
# A chronology file (CSV, workbook, Word document): a 10,000-row chronology is a few megabytes in any of them.
CHRONOLOGY_LIMIT = 64 * MiB
# What a workbook or Word document may unpack to: its XML is several times the size of the zip.
UNPACKED_LIMIT = 256 * MiB
# The suffixes read as zip archives.
ZIP_SUFFIXES = (".xlsx", ".docx")


def _kind(mode: int) -> str:
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
            display, None, None, f"{_kind(status.st_mode)}, not a file: graphdhr reads only regular files"
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
            raise CaseInputError(display, None, None, f"{_kind(mode)}, not a file: graphdhr reads only regular files")
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
