"""Dates as chronologies write them: often a month, a year, or "about then".

A `ChronoDate` is the earliest and latest day a written date can mean, with its precision. graphdhr orders
events by the earliest day and never invents a day that the source did not give.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_UK_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")


@dataclass(frozen=True, slots=True)
class ChronoDate:
    """A date with its precision: `start` and `end` are the first and last day it can mean."""

    start: dt.date
    end: dt.date
    precision: str  # one of vocab.DATE_PRECISIONS

    @property
    def text(self) -> str:
        """The date as a reader should see it: never more precise than the source."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.start.year)
        # Approximate: show the middle of the range, marked as such.
        middle = self.start + (self.end - self.start) / 2
        if (self.end - self.start).days > 200:
            return f"c. {middle.year}"
        return f"c. {middle.strftime('%Y-%m')}"

    def certainly_before(self, other: ChronoDate) -> bool:
        return self.end < other.start

    def __str__(self) -> str:
        return self.text


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def parse_date(text: str, precision: str | None = None) -> ChronoDate:
    """Parse a chronology date.

    Accepts `YYYY-MM-DD`, `DD/MM/YYYY` (UK order), `YYYY-MM`, `MM/YYYY` and `YYYY`. `precision` may be given
    (from a column); blank means "as written". `approximate` widens a day or month by a month each side.
    Raises ValueError with a message fit for the user.
    """
    value = (text or "").strip()
    if not value:
        raise ValueError("a date is required")
    written: str
    try:
        if m := _ISO_DAY.match(value):
            year, month, day = int(m[1]), int(m[2]), int(m[3])
            start = end = dt.date(year, month, day)
            written = "day"
        elif m := _UK_DAY.match(value):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            start = end = dt.date(year, month, day)
            written = "day"
        elif m := (_ISO_MONTH.match(value) or None):
            year, month = int(m[1]), int(m[2])
            start, end = dt.date(year, month, 1), _month_end(year, month)
            written = "month"
        elif m := _UK_MONTH.match(value):
            month, year = int(m[1]), int(m[2])
            start, end = dt.date(year, month, 1), _month_end(year, month)
            written = "month"
        elif m := _YEAR.match(value):
            year = int(m[1])
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            written = "year"
        else:
            raise ValueError(
                f"cannot read date {value!r}: write YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, MM/YYYY or YYYY"
            )
    except ValueError as exc:
        if "cannot read date" in str(exc):
            raise
        raise ValueError(f"cannot read date {value!r}: {exc}") from None
    if start.year < 1900 or start.year > 2100:
        raise ValueError(f"date {value!r} is outside 1900-2100")

    wanted = (precision or "").strip().lower() or written
    if wanted == "approximate":
        if written in ("day", "month"):
            start, end = _shift_months(start, -1).replace(day=1), _month_end(*_ym(_shift_months(end, 1)))
        return ChronoDate(start, end, "approximate")
    if wanted not in ("day", "month", "year"):
        raise ValueError(f"unknown date precision {wanted!r}: use day, month, year or approximate")
    order = ("year", "month", "day")
    if order.index(wanted) > order.index(written):
        raise ValueError(f"date {value!r} is written to the {written}, but its precision says {wanted}")
    if wanted == "month" and written == "day":
        start, end = start.replace(day=1), _month_end(start.year, start.month)
    elif wanted == "year" and written != "year":
        start, end = dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
    return ChronoDate(start, end, wanted)


def _ym(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def from_range(start: dt.date, end: dt.date, precision: str) -> ChronoDate:
    """Rebuild a ChronoDate from its stored parts (as an engine returns them)."""
    return ChronoDate(start, end, precision)
