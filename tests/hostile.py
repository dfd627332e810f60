"""Hand-written hostile case folders: every malformed input issue 14 found, each with what its error must say.

`HOSTILE` is the corpus: tests/test_hostile_inputs.py checks each message, tests/test_hostile_corpus.py runs each
through `validate`, `report` and `html` (the `bounded` ones in a subprocess under a memory limit and a timeout,
since without their guard they hang or exhaust memory).
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casekit import BASE_MANIFEST, COLUMNS, row, write_case


def ok_rows() -> list[dict[str, str]]:
    return [row("2014-01-10", "police", "vic"), row("2014-02-10", "gp", "vic;per")]


@dataclass(frozen=True)
class Hostile:
    """A hostile case folder: `build` writes it under a folder and returns it; its one-line error holds `says`
    (and, when `field` is given, names that field)."""

    name: str
    build: Callable[[Path], Path]
    says: str
    field: str | None = None
    bounded: bool = False  # unguarded, it hangs or exhausts memory: run it only under limits


def _yaml(edit: Callable[[str], str]) -> Callable[[Path], Path]:
    """A case whose case.yaml text is edited after writing (the edit is YAML no dumper would write)."""

    def build(folder: Path) -> Path:
        case = write_case(folder, ok_rows())
        manifest = case / "case.yaml"
        manifest.write_text(edit(manifest.read_text(encoding="utf-8")), encoding="utf-8")
        return case

    return build


def _title(value: str) -> Callable[[Path], Path]:
    return _yaml(lambda text: text.replace("title: Test case", f"title: {value}"))


def _alias_bomb(text: str) -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) values once expanded, from ten short lines."""
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + text.replace("title: Test case", "title: *lol9")


def _cell(column: str, value: str, tool: str = "") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        bad = row("2014-01-10", "police", "vic", **{column: value}, **({"risk_tool": tool} if tool else {}))
        return write_case(folder, [bad, *ok_rows()], columns=[*COLUMNS, "sentence_months"])

    return build


def _chronology_entry(make: Callable[[Path], None], name: str = "zz.csv") -> Callable[[Path], Path]:
    """A valid case with one more entry in chronology/ (or, named case.yaml, the manifest replaced)."""

    def build(folder: Path) -> Path:
        case = write_case(folder, ok_rows())
        target = case / name if name == "case.yaml" else case / "chronology" / name
        target.unlink(missing_ok=True)
        make(target)
        return case

    return build


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)

    return make


def _zip_bomb(path: Path) -> None:
    """A workbook-shaped zip whose one part unpacks to 300 MB of zeros (a few hundred kilobytes packed)."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(300):
                part.write(chunk)


def _far_cell(path: Path) -> None:
    """A workbook of two cells, A1 and XFD1048576: 5 KB on disk, 17 billion cells as the reader lays a sheet out."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"], sheet["XFD1048576"] = "date", "x"
    workbook.save(path)


def _wide_word_cell(path: Path) -> None:
    """A Word table whose first cell claims to span 400 million columns."""
    import docx

    document = docx.Document()
    document.add_table(rows=2, cols=3).cell(0, 0).text = "date"
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = body.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="400000000"/>', 1).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _no_chronology(folder: Path) -> Path:
    case = write_case(folder, ok_rows())
    for path in (case / "chronology").iterdir():
        path.unlink()
    (case / "chronology").rmdir()
    return case


def _subfolder(folder: Path) -> Path:
    case = write_case(folder, ok_rows())
    (case / "chronology" / "sub").mkdir()
    write_case(folder / "other", ok_rows())
    os.replace(folder / "other" / "chronology" / "combined.csv", case / "chronology" / "sub" / "more.csv")
    return case


def _named(name: str) -> Callable[[Path], Path]:
    return lambda folder: write_case(folder, ok_rows(), file_name=name)


def _header(name: str) -> Callable[[Path], Path]:
    return lambda folder: write_case(folder, ok_rows(), columns=[*COLUMNS, name])


def _agency_name(name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        manifest = copy.deepcopy(BASE_MANIFEST)
        manifest["agencies"][0]["name"] = name
        return write_case(folder, ok_rows(), manifest=manifest)

    return build


def _details(text: str) -> Callable[[Path], Path]:
    return lambda folder: write_case(folder, [row("2014-01-10", "police", "vic", details=text), *ok_rows()])


DEEP = 100_000  # levels of nesting: past any recursion limit
ESCAPES = "\x1b[31m\x1b]0;owned\x07\x9b2J\u202e"  # colour, window title, C1 CSI, right-to-left override
ESCAPES_YAML = "\\e[31m\\e]0;owned\\a\\x9b2J\\u202e"  # the same in a YAML double-quoted string

HOSTILE: tuple[Hostile, ...] = (
    # case.yaml
    Hostile("impossible date", _yaml(lambda t: t.replace("date_of_death: '2015-03-01'", "date_of_death: 2014-02-30")),
            "2014-02-30", "date_of_death"),
    Hostile("local tag", _title("!foo bar"), "YAML tag '!foo'", "title"),
    Hostile("int tag on text", _title("!!int abc"), "YAML tag '!!int'", "title"),
    Hostile("python tag", _title("!!python/name:os.system"), "YAML tag '!!python/name:os.system'", "title"),
    Hostile("python object tag", _title("!!python/object/apply:os.system ['true']"), "YAML tag", "title"),
    Hostile("binary title", _title("!!binary aGVsbG8="), "YAML tag '!!binary'", "title"),
    Hostile("self-referencing alias", _title("&a [*a]"), "inside its own anchor", "title[0]"),
    Hostile("alias naming nothing", _title("*nowhere"), "names no anchor", "title"),
    Hostile("alias bomb", _yaml(_alias_bomb), "more than 100000 values", bounded=True),
    Hostile("nesting past the limit", _title("[" * 40 + "]" * 40), "nesting deeper than 32 levels", "title" + "[0]" * 31),
    Hostile("nesting past any stack", _title("[" * DEEP + "]" * DEEP), "nesting", bounded=True),
    Hostile("two documents", _yaml(lambda t: t + "---\ncase_id: t2\n"), "more than one YAML document"),
    Hostile("key that is a list", _yaml(lambda t: "? [a, b]\n: c\n" + t), "a key must be plain text"),
    Hostile("key with a line break and escapes", _yaml(lambda t: t + f'"bad\\nkey{ESCAPES_YAML}": 1\n'),
            "unknown key"),
    Hostile("lone surrogate", _title('"a\\ud800b"'), "invalid Unicode character escape code"),
    Hostile("NUL in the manifest", _yaml(lambda t: t + "note: \x00\n"), "control characters are not allowed"),
    Hostile("age of thousands of digits", _yaml(lambda t: t.replace("role: victim", "role: victim\n  age: " + "9" * 5000)),
            "not a whole number of years", "people[0].age"),
    Hostile("manifest is a pipe", _chronology_entry(os.mkfifo, "case.yaml"), "a pipe (FIFO), not a file",
            bounded=True),
    Hostile("manifest links to /dev/zero", _chronology_entry(lambda p: p.symlink_to("/dev/zero"), "case.yaml"),
            "a device, not a file", bounded=True),
    Hostile("manifest of 2 MB", _chronology_entry(_sparse(2 * 1024 * 1024), "case.yaml"), "larger than graphdhr reads"),
    # numbers
    Hostile("superscript DASH score", _cell("risk_score", "²"), "'²' is not a whole number", "risk_score"),
    Hostile("Arabic-Indic digits", _cell("risk_score", "١٢"), "is not a whole number", "risk_score"),
    Hostile("score of thousands of digits", _cell("risk_score", "9" * 5000), "5000 digits", "risk_score"),
    Hostile("score of 10^25", _cell("risk_score", str(10**25)), "out of range", "risk_score"),
    Hostile("DASH score of 28", _cell("risk_score", "28", tool="DASH"), "out of range for a DASH score (0 to 27)",
            "risk_score"),
    Hostile("other tool's score past its range", _cell("risk_score", "10000", tool="MeRIT"), "out of range",
            "risk_score"),
    Hostile("superscript sentence", _cell("sentence_months", "²"), "is not a whole number", "sentence_months"),
    Hostile("sentence of 10^25 months", _cell("sentence_months", str(10**25)), "out of range", "sentence_months"),
    Hostile("sentence of 1201 months", _cell("sentence_months", "1201"), "0 to 1200", "sentence_months"),
    # files
    Hostile("chronology links to /dev/zero", _chronology_entry(lambda p: p.symlink_to("/dev/zero")),
            "a device, not a file", bounded=True),
    Hostile("chronology is a pipe", _chronology_entry(os.mkfifo), "a pipe (FIFO), not a file", bounded=True),
    Hostile("chronology is a broken link", _chronology_entry(lambda p: p.symlink_to(p.parent / "gone.csv")),
            "cannot read the file"),
    Hostile("chronology of 65 MB", _chronology_entry(_sparse(65 * 1024 * 1024)), "larger than graphdhr reads",
            bounded=True),
    Hostile("workbook unpacking to 300 MB", _chronology_entry(_zip_bomb, "zz.xlsx"), "unpacks to 300 MB",
            bounded=True),
    Hostile("workbook with a stray cell at XFD1048576", _chronology_entry(_far_cell, "zz.xlsx"),
            "a sheet spans rows 1 to 1048576", bounded=True),
    Hostile("Word cell spanning 400 million columns", _chronology_entry(_wide_word_cell, "zz.docx"),
            "spans 400000000 columns", bounded=True),
    Hostile("CSV of five million cells", _chronology_entry(lambda p: p.write_bytes(
        b"date,subjects,event_type,details,source_ref\n" + b"," * 5_000_000)), "4,000,000 cells", bounded=True),
    Hostile("workbook that is not a zip", _chronology_entry(lambda p: p.write_bytes(b"PK\x03\x04" + bytes(100)),
                                                            "zz.xlsx"), "cannot read"),
    Hostile("Word document that is text", _chronology_entry(lambda p: p.write_text("date,subjects\n"), "zz.docx"),
            "cannot read"),
    # silent loss
    Hostile("no chronology folder", _no_chronology, "the chronology folder is missing"),
    Hostile("a folder inside chronology", _subfolder, "a folder inside chronology/ is not read"),
    Hostile("subjects of separators only", lambda f: write_case(f, [row("2014-01-10", "police", ";;;"), *ok_rows()]),
            "names nobody", "subjects"),
    # messages
    Hostile("file name with a line break and escapes", _named(f"a\nb{ESCAPES}.txt"), "graphdhr cannot read this file"),
    Hostile("cell with a line break and escapes", lambda f: write_case(
        f, [row("2014-01-10", "police", "vic", event_type=f"x\ny{ESCAPES}"), *ok_rows()]), "is not an event type",
            "event_type"),
)


def valid_with_hostile_text() -> dict[str, Callable[[Path], Path]]:
    """Valid cases whose text (an agency's name, a header, a cell) holds line breaks, escape codes, HTML and links:
    read without error, and printed only escaped."""
    payload = f"Evil{ESCAPES}\nRED <script>alert(1)</script> [x](javascript:alert(1)) <https://evil.example> &amp;"
    return {
        "agency name": _agency_name(payload),
        "header": _header(f"x\ny{ESCAPES}"),
        "details": _details(payload + "\x0b\x0c"),
        "upper-case suffix": _named("tvp.CSV"),
    }


def workbook_bytes() -> tuple[bytes, bytes]:
    """A valid chronology as an .xlsx workbook and as a .docx table: the seeds that the fuzzing mutates."""
    import docx
    import openpyxl

    rows = [dict(zip(COLUMNS, COLUMNS)), *ok_rows()]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for r in rows:
        sheet.append([r.get(c, "") for c in COLUMNS])
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    document = docx.Document()
    table = document.add_table(rows=0, cols=len(COLUMNS))
    for r in rows:
        cells = table.add_row().cells
        for i, c in enumerate(COLUMNS):
            cells[i].text = r.get(c, "")
    word = io.BytesIO()
    document.save(word)
    return xlsx.getvalue(), word.getvalue()
