"""The errors that are part of graphdhr's interface.

A user's mistake is never a traceback: the CLI turns these into one line and an exit code. A mistake in a case
file (CaseInputError) names the file, row and field; a mistake on the command line (UsageError) names the option.
"""

from __future__ import annotations

from graphdhr.printable import escape_controls


class CaseInputError(Exception):
    """Bad input in a case file. Carries where it is, so the user can fix it.

    `row` is a CSV data row number (the header is row 1, so the first data row is row 2, as a spreadsheet
    program shows it) or a YAML line number; `field` is the column or manifest key.
    """

    exit_code = 2

    def __init__(self, file: str, row: int | None, field: str | None, message: str) -> None:
        self.file = str(file)
        self.row = row
        self.field = field
        self.message = message
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[type[CaseInputError], tuple[str, int | None, str | None, str]]:
        # So that an error raised in a worker process reaches the CLI whole.
        return (type(self), (self.file, self.row, self.field, self.message))

    @property
    def unit(self) -> str:
        """A YAML file is addressed by line (a text editor's count), a CSV by row (a spreadsheet's)."""
        return "line" if self.file.endswith((".yaml", ".yml")) else "row"

    def one_line(self) -> str:
        """Where and what, on one line: a line break or escape code in a file name, key or cell is escaped."""
        where = [self.file]
        if self.row is not None:
            where.append(f"{self.unit} {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        return escape_controls(f"{', '.join(where)}: {self.message}")


class EngineUnavailableError(Exception):
    """The graph server cannot be reached or refuses the credentials. Never carries a password."""

    exit_code = 3


class UsageError(Exception):
    """A mistake on the command line rather than in a case file: a missing or conflicting option, an unknown
    query, parameter or agency id. Names the option (or argument) so the user can fix the command."""

    exit_code = 2

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return escape_controls(f"{self.option}: {self.message}")
