"""Dates as chronologies write them: often a month, a year, a season, a range, "before ..." or "not known".

A `ChronoDate` is the earliest and latest day a written date can mean, with its precision. graphdhr orders
events by the earliest day and never invents a day that the source did not give.

Some written dates leave a side open: "date not known", "before 2014-03", "after 2014". What they can mean
depends on the case (its terms of reference, the death, its other dated rows), so `read_date` returns them as an
`OpenDate`, and the loader closes each one against the case's `CaseSpan` once it has read every row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_UK_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")

# The words that say a date is not known at all; each reads as precision `unknown`.
UNKNOWN_WORDS = ("unknown", "not known", "date not known")
# Seasons and parts of a year: (first month, number of months). Winter runs from December into the next year.
PARTS_OF_YEAR = {
    "spring": (3, 3),
    "summer": (6, 3),
    "autumn": (9, 3),
    "winter": (12, 3),
    "early": (1, 4),
    "mid": (5, 4),
    "late": (9, 4),
}
# The earliest and latest days the format holds: the open side of "before"/"after" when the bound lies outside the
# case's span, since the case then says nothing about how far back (or on) the date may lie.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)

_FORMS = "YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, MM/YYYY or YYYY"
_OTHER_FORMS = (
    "; or 'between 2014-03-01 and 2014-04-15', 'spring 2014' (also summer, autumn, winter, early, mid, late), "
    "'before 2014-03', 'after 2014' or 'date not known'"
)
_PART = re.compile(rf"^({'|'.join(PARTS_OF_YEAR)})[ -](.*)$")
_BETWEEN = re.compile(r"^between\b(.*)$")
_BETWEEN_BOUNDS = re.compile(r"^(.+?) and (.+)$")
_OPEN = re.compile(r"^(before|after)\b(.*)$")


@dataclass(frozen=True, slots=True)
class ChronoDate:
    """A date with its precision: `start` and `end` are the first and last day it can mean.

    `label` is how the date was written, for the precisions that are not a single day, month or year (`range`,
    `before`, `after`, `unknown`): "spring 2014", "before 2014-03-10", "date not known".
    """

    start: dt.date
    end: dt.date
    precision: str  # one of vocab.DATE_PRECISIONS
    label: str | None = None

    @property
    def text(self) -> str:
        """The date as a data field shows it: never more precise than the source, ISO where a day or month is
        known ("2014-02-10", "2014-02", "c. 2014-07"); a sentence uses `date_label`."""
        return _in_words(self, dt.date.isoformat, lambda d: d.strftime("%Y-%m"), "c.")

    @property
    def exact(self) -> bool:
        """True when the date is one known day; any other precision makes an order or a gap uncertain."""
        return self.precision == "day"

    def certainly_before(self, other: ChronoDate) -> bool:
        return self.end < other.start

    def __str__(self) -> str:
        return self.text


def date_label(date: ChronoDate) -> str:
    """A date as a panel writes it in a sentence, never more precise than its row: "10 Feb 2014", "Feb 2014",
    "2014", "about Jul 2014", "about 2014", "between 1 Mar 2014 and 5 Mar 2014", "date not known". The one format
    of every date a person reads; data fields (JSON, CSV) keep `ChronoDate.text`."""
    return _in_words(date, lambda d: f"{d.day} {d.strftime('%b %Y')}", lambda d: d.strftime("%b %Y"), "about")


_WRITTEN_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")  # an ISO day or month inside a written date


def _in_words(date: ChronoDate, day: Callable[[dt.date], str], month: Callable[[dt.date], str], about: str) -> str:
    """`date` said as precisely as its row knows it, days and months written by `day` and `month`, an
    approximate date after `about`. A date read back without its label (an engine keeps only the two days and
    the precision) says the same thing in the plainest words the two days allow."""
    if date.label is not None:
        # The words as written ("spring 2014", "before 2014-03-10"), each date in them said as `day` or `month`
        # says it: "before 10 Mar 2014" in a sentence, the written text unchanged in a data field.
        return _WRITTEN_DATE.sub(lambda m: day(dt.date(int(m[1]), int(m[2]), int(m[3]))) if m[3]
                                 else month(dt.date(int(m[1]), int(m[2]), 1)), date.label)
    if date.precision == "day":
        return day(date.start)
    if date.precision == "month":
        return month(date.start)
    if date.precision == "year":
        return str(date.start.year)
    if date.precision == "range":
        return f"between {day(date.start)} and {day(date.end)}"
    if date.precision == "before":
        return f"before {day(date.end + dt.timedelta(days=1))}"
    if date.precision == "after":
        return f"after {day(date.start - dt.timedelta(days=1))}"
    if date.precision == "unknown":
        return "date not known"
    # Approximate: the middle of the range, marked as such.
    middle = date.start + (date.end - date.start) / 2
    return f"{about} {middle.year}" if (date.end - date.start).days > 200 else f"{about} {month(middle)}"


def on_date(date: ChronoDate) -> str:
    """A date after its preposition: "on 10 Feb 2014", "in Feb 2014", "in 2014", "about Jul 2014", "before ..."."""
    label = date_label(date)
    if date.label is None and date.precision == "day":
        return f"on {label}"
    if date.label is None and date.precision in ("month", "year"):
        return f"in {label}"
    return label


@dataclass(frozen=True, slots=True)
class CaseSpan:
    """The first and last day a case's open dates can mean (terms of reference, or the dated rows; the death)."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class OpenDate:
    """A written date with an open side: "date not known" (both), "before ..." (the start), "after ..." (the end).

    `latest` is the known last day of a `before` date, `earliest` the known first day of an `after` date.
    """

    precision: str  # unknown | before | after
    label: str
    earliest: dt.date | None = None
    latest: dt.date | None = None

    def close(self, span: CaseSpan) -> ChronoDate:
        """The date this can mean within the case: an open side takes the span's end.

        When a bound lies outside the span ("before 2009" in a case whose terms of reference start in 2010), the
        open side is the first (or last) day the format holds, rather than a day the source never gave.
        """
        start = self.earliest if self.earliest is not None else span.start
        end = self.latest if self.latest is not None else span.end
        if self.latest is not None and self.earliest is None and start > end:
            start = FIRST_DAY
        if self.earliest is not None and self.latest is None and end < start:
            end = LAST_DAY
        return ChronoDate(start, end, self.precision, self.label)


WrittenDate = ChronoDate | OpenDate


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _check_years(value: str, *days: dt.date) -> None:
    if any(day < FIRST_DAY or day > LAST_DAY for day in days):
        raise ValueError(f"date {value!r} is outside 1900-2100")


def _single(value: str) -> tuple[dt.date, dt.date, str]:
    """A single written day, month or year: its first and last day and the precision it is written to."""
    try:
        if m := _ISO_DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, "day"
        if m := _UK_DAY.match(value):
            _not_us_order(int(m[1]), int(m[2]), m[3])
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
            return day, day, "day"
        if m := _ISO_MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, 1), _month_end(year, month), "month"
        if m := _UK_MONTH.match(value):
            month, year = int(m[1]), int(m[2])
            return dt.date(year, month, 1), _month_end(year, month), "month"
        if m := _YEAR.match(value):
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError as exc:
        raise ValueError(f"cannot read date {value!r}: {exc}") from None
    raise ValueError(f"cannot read date {value!r}: write {_FORMS}")


# --- dates as busy authors write them ------------------------------------------------------------------------------
# Why not dateutil's parser: it fills a missing day, month or year from a default date without saying so, swaps day
# and month when the second is above 12 (a US date read silently), takes a two-digit year into the century nearest
# today rather than the past, and ignores a weekday that contradicts the date. Each of those is a guess the chair
# cannot see; the forms below are few, and each one read is said (docs/case-format.md).

# A single date read: its first and last day and the precision it is written to.
_SingleReader = Callable[[str], tuple[dt.date, dt.date, str]]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_NUMBERS = {name: i for i, full in enumerate(_MONTHS, start=1) for name in (full, full[:3])} | {"sept": 9}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBERS = {name: i for i, full in enumerate(_WEEKDAYS) for name in (full, full[:3])} | {
    "tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_TOKEN_SPLIT = re.compile(r"[\s,./-]+")
_ORDINAL_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_TWO_DIGIT_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2})$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
# Whole numbers from 20000 to 79999 are Excel date serials (1954-10-02 to 2119-01-12): a year has four digits, so a
# five-digit number in a date column is never one.
_SERIALS = range(20000, 80000)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_UNCERTAIN_BEFORE = re.compile(
    r"^(?:\?|circa|approximately|approx\.?|about|around|ca\.|c\.|c(?=\s))\s*(?P<date>.*?)\??$", re.IGNORECASE
)
_UNCERTAIN_AFTER = re.compile(r"^(?P<date>.+?)\s*\?$")
_NAMED_FORMS = "'14 March 2013', '14th Mar 2013', 'March 14, 2013' or 'March 2013'"
_MONTH_NAMES = "a month name"
_TWO_DIGIT_YEAR = "a two-digit year (read in the century that keeps the date from being in the future)"


def _not_us_order(day: int, month: int, year: str) -> None:
    """A date such as 03/14/2013 is month first: an error, since the format reads day first and never swaps."""
    if month > 12 and day <= 12:
        raise ValueError(
            f"there is no month {month}; dates are read day first ({month:02d}/{day:02d}/{year}), and a date "
            "written month first (US order) is not guessed"
        )


def _names_a_month(key: str) -> bool:
    """True when `key` (a date in lower case) starts with a month or weekday name: a date written in words."""
    first = _TOKEN_SPLIT.split(key, maxsplit=1)[0]
    return first in _MONTH_NUMBERS or first in _WEEKDAY_NUMBERS


def _has_month_name(key: str) -> bool:
    return any(token in _MONTH_NUMBERS for token in _TOKEN_SPLIT.split(key))


def _century(two_digits: int, first_day: Callable[[int], dt.date], today: dt.date) -> int:
    """The year a two-digit year means: this century's, unless that puts the date after today."""
    year = 2000 + two_digits
    return year if first_day(year) <= today else year - 100


def _loose_single(today: dt.date, noted: list[str]) -> _SingleReader:
    """The single-date reader of a chronology cell: the format's own forms, then the forms busy authors write,
    each form used appended to `noted`."""

    def single(value: str) -> tuple[dt.date, dt.date, str]:
        try:
            return _single(value)
        except ValueError as strict:
            key = value.casefold()
            if m := _SERIAL.match(key):
                if int(m[1]) not in _SERIALS:
                    raise
                day = _EXCEL_EPOCH + dt.timedelta(days=int(m[1]))
                noted.append("an Excel date serial")
                return day, day, "day"
            if m := _TWO_DIGIT_DAY.match(key):
                day_number, month = int(m[1]), int(m[2])
                try:
                    _not_us_order(day_number, month, m[3])
                    year = _century(int(m[3]), lambda y: dt.date(y, month, day_number), today)
                    day = dt.date(year, month, day_number)
                except ValueError as exc:
                    raise ValueError(f"cannot read date {value!r}: {exc}") from None
                noted.append(_TWO_DIGIT_YEAR)
                return day, day, "day"
            if _has_month_name(key):
                return _named(value, key, today, noted)
            raise strict

    return single


def _named(value: str, key: str, today: dt.date, noted: list[str]) -> tuple[dt.date, dt.date, str]:
    """A date written with a month name: [weekday] day month year, [weekday] month day year, or month year."""
    tokens = [t for t in _TOKEN_SPLIT.split(key) if t and t != "of"]
    weekday = _WEEKDAY_NUMBERS.get(tokens[0]) if tokens else None
    if weekday is not None:
        tokens = tokens[1:]
    months = [i for i, t in enumerate(tokens) if t in _MONTH_NUMBERS]
    if len(months) != 1 or len(tokens) not in (2, 3):
        raise ValueError(f"cannot read date {value!r}: write {_NAMED_FORMS}")
    month = _MONTH_NUMBERS[tokens[months[0]]]
    rest = tokens[:months[0]] + tokens[months[0] + 1:]
    year_text = rest[-1]
    if not re.fullmatch(r"\d{4}|\d{2}", year_text):
        raise ValueError(f"cannot read date {value!r}: it needs a year, e.g. {_NAMED_FORMS}")
    noted.append(_MONTH_NAMES)
    if len(tokens) == 2:
        if len(year_text) == 2 or weekday is not None:
            # "Mar 13" may be March 2013 or 13 March; "Mon March 2013" names a day it does not give.
            raise ValueError(f"cannot read date {value!r}: write {_NAMED_FORMS}")
        year = int(year_text)
        _check_years(value, dt.date(year, month, 1))
        return dt.date(year, month, 1), _month_end(year, month), "month"
    day_match = _ORDINAL_DAY.match(rest[0])
    if day_match is None:
        raise ValueError(f"cannot read date {value!r}: write {_NAMED_FORMS}")
    day_number = int(day_match[1])
    try:
        if len(year_text) == 2:
            year = _century(int(year_text), lambda y: dt.date(y, month, day_number), today)
            noted.append(_TWO_DIGIT_YEAR)
        else:
            year = int(year_text)
        day = dt.date(year, month, day_number)
    except ValueError as exc:
        raise ValueError(f"cannot read date {value!r}: {exc}") from None
    if weekday is not None and day.weekday() != weekday:
        raise ValueError(
            f"cannot read date {value!r}: {day.isoformat()} is a {_WEEKDAYS[day.weekday()].capitalize()}, "
            f"not a {_WEEKDAYS[weekday].capitalize()}"
        )
    return day, day, "day"


def _bound(value: str, written: str, word: str, single: _SingleReader) -> ChronoDate:
    """The date after 'before', 'after' or 'between': a single day, month or year."""
    if not written:
        raise ValueError(f"cannot read date {value!r}: '{word}' needs a date, e.g. '{word} 2014-03-10'")
    try:
        start, end, precision = single(written)
    except ValueError as exc:
        raise ValueError(
            f"cannot read date {value!r}: after '{word}' write one date as {_FORMS} ({exc})"
        ) from None
    _check_years(value, start, end)
    return ChronoDate(start, end, precision)


def _read_open(value: str, key: str, single: _SingleReader) -> WrittenDate | None:
    """The forms beyond a single date, or None when `key` (the value in lower case) is none of them."""
    if key in UNKNOWN_WORDS:
        return OpenDate("unknown", "date not known")
    if m := _OPEN.match(key):
        word = m[1]
        bound = _bound(value, m[2].strip(), word, single)
        if word == "before":
            return OpenDate("before", f"before {bound.text}", latest=bound.start - dt.timedelta(days=1))
        return OpenDate("after", f"after {bound.text}", earliest=bound.end + dt.timedelta(days=1))
    if m := _BETWEEN.match(key):
        bounds = _BETWEEN_BOUNDS.match(m[1].strip())
        if bounds is None:
            raise ValueError(
                f"cannot read date {value!r}: write 'between <date> and <date>', e.g. 'between 2014-03 and 2014-04-15'"
            )
        first, last = _bound(value, bounds[1], "between", single), _bound(value, bounds[2], "and", single)
        if last.end < first.start:
            raise ValueError(f"cannot read date {value!r}: the second date is before the first")
        return ChronoDate(first.start, last.end, "range", f"between {first.text} and {last.text}")
    if m := _PART.match(key):
        word, year_text = m[1], m[2].strip()
        if not _YEAR.match(year_text):
            raise ValueError(f"cannot read date {value!r}: '{word}' takes a four-digit year, e.g. '{word} 2014'")
        year = int(year_text)
        first_month, months = PARTS_OF_YEAR[word]
        start = dt.date(year, first_month, 1)
        final_month = _shift_months(start, months - 1)
        end = _month_end(final_month.year, final_month.month)
        _check_years(value, start, end)
        return ChronoDate(start, end, "range", f"{word} {year}")
    return None


def read_date(text: str, precision: str | None = None) -> WrittenDate:
    """Read a written date: a single date (as `parse_date`), a range, a season, or a date with an open side.

    `precision` may be given (from a column) for a single date; for the other forms it must be blank or name the
    form's own precision (`range`, `before`, `after`, `unknown`). Raises ValueError with a message fit for the user.
    """
    return _read(text, precision, _single)


@dataclass(frozen=True, slots=True)
class DateReading:
    """A date read from a chronology cell, and `how` it departed from the format's own forms (None: it did not),
    e.g. "a month name" or "an Excel date serial"."""

    date: WrittenDate
    how: str | None = None


def read_loose_date(text: str, precision: str | None = None, today: dt.date | None = None) -> DateReading:
    """Read a date as a busy author writes it in a chronology cell: every form `read_date` reads, and also month
    and day names ("14th March 2013", "Mon 14 Mar 2013", "March 14, 2013", "May 2021"), a two-digit year
    ("14/03/13", day first; the century is the one that keeps the date from falling after `today`), an Excel date
    serial that reached text ("41649"), "?" for a date not known, and a date marked uncertain ("?14 March 2013",
    "14 March 2013?", "c. 2013", "circa March 2013", "approx. 2013"), which reads as `approximate`.

    The reading says how it departed from the format's own forms, so that the loader can show it. A date with a
    month above 12 in second place (US order) is an error, never swapped. Raises ValueError fit for the user.
    """
    noted: list[str] = []
    single = _loose_single(today or dt.date.today(), noted)
    value = " ".join((text or "").split())
    wanted = (precision or "").strip().lower()
    if value and set(value) == {"?"}:
        if wanted not in ("", "unknown"):
            raise ValueError(f"date {value!r} means not known, but its precision says {wanted}")
        return DateReading(OpenDate("unknown", "date not known"), "'?' alone (read as date not known)")
    uncertain = _UNCERTAIN_BEFORE.match(value) or _UNCERTAIN_AFTER.match(value)
    if uncertain:
        if wanted not in ("", "approximate"):
            raise ValueError(f"date {value!r} is marked uncertain, but its precision says {wanted}")
        key = uncertain["date"].casefold()
        if not key or not (key[0].isdigit() or _names_a_month(key)):
            raise ValueError(f"cannot read date {value!r}: mark only a single day, month or year as uncertain")
        noted.insert(0, "a mark of uncertainty (read as approximate)")
        return DateReading(_read_single(uncertain["date"], "approximate", single), " and ".join(dict.fromkeys(noted)))
    date = _read(value, precision, single)
    return DateReading(date, " and ".join(dict.fromkeys(noted)) or None)


def _read(text: str, precision: str | None, single: _SingleReader) -> WrittenDate:
    value = " ".join((text or "").split())
    if not value:
        raise ValueError("a date is required")
    key = value.casefold()
    if not key[0].isdigit() and not _names_a_month(key):
        written = _read_open(value, key, single)
        if written is None:
            raise ValueError(f"cannot read date {value!r}: write {_FORMS}{_OTHER_FORMS}")
        wanted = (precision or "").strip().lower()
        if wanted and wanted != written.precision:
            raise ValueError(
                f"date {value!r} is written as {written.precision}, but its precision says {wanted}; "
                "leave the precision blank"
            )
        return written
    return _read_single(value, precision, single)


def _read_single(value: str, precision: str | None, single: _SingleReader) -> ChronoDate:
    start, end, written = single(value)
    _check_years(value, start)
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


def parse_date(text: str, precision: str | None = None, span: CaseSpan | None = None) -> ChronoDate:
    """Parse a date to the days it can mean.

    Accepts every form `read_date` does: `YYYY-MM-DD`, `DD/MM/YYYY` (UK order), `YYYY-MM`, `MM/YYYY`, `YYYY`,
    ranges and seasons, and, given the case's `span`, dates with an open side. `precision` may be given (from a
    column); blank means "as written". `approximate` widens a day or month by a month each side.
    Raises ValueError with a message fit for the user.
    """
    written = read_date(text, precision)
    if isinstance(written, ChronoDate):
        return written
    if span is None:
        raise ValueError(
            f"cannot read date {' '.join(text.split())!r} here: a date with an open side needs the case's "
            f"terms of reference; write {_FORMS}"
        )
    return written.close(span)


def _ym(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def from_range(start: dt.date, end: dt.date, precision: str, label: str | None = None) -> ChronoDate:
    """Rebuild a ChronoDate from its stored parts (as an engine returns them)."""
    return ChronoDate(start, end, precision, label)
