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


class CaseInputErrors(CaseInputError):
    """Every problem found in a case at once, so the user can fix them in one pass rather than one per run.

    It is a CaseInputError, addressed as its first problem, so code that handles one bad input handles this too;
    `errors` holds them all, in the order the case was read.
    """

    # Beyond this many lines a user fixes the first ones and runs again; the rest are counted, not printed.
    SHOWN = 50
    errors: list[CaseInputError]

    def __init__(self, errors: list[CaseInputError]) -> None:
        if not errors:
            raise ValueError("CaseInputErrors needs at least one error")
        flat: list[CaseInputError] = []
        for error in errors:
            flat.extend(error.errors if isinstance(error, CaseInputErrors) else [error])
        self.errors = flat
        first = flat[0]
        super().__init__(first.file, first.row, first.field, first.message)

    def __reduce__(self) -> tuple[type[CaseInputErrors], tuple[list[CaseInputError]]]:  # type: ignore[override]
        return (type(self), (self.errors,))

    def lines(self) -> list[str]:
        """One line per problem (at most SHOWN, then how many more), and a count when there is more than one."""
        shown = [error.one_line() for error in self.errors[: self.SHOWN]]
        hidden = len(self.errors) - len(shown)
        if hidden:
            shown.append(f"... and {hidden} more")
        if len(self.errors) > 1:
            shown.append(f"{len(self.errors)} problems in the case")
        return shown

    def __str__(self) -> str:
        return "\n".join(self.lines())


def raise_all(errors: list[CaseInputError]) -> None:
    """Raise the problems found, if any, together as one CaseInputErrors."""
    if errors:
        raise CaseInputErrors(errors)
