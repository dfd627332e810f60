"""parse_date: every written form, precision from a column, approximate dates, and bad dates."""

from __future__ import annotations

import datetime as dt

import pytest

from graphdhr.dates import CaseSpan, ChronoDate, OpenDate, from_range, parse_date, read_date, read_loose_date

D = dt.date


# --- every written form ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2014-02-10", D(2014, 2, 10), D(2014, 2, 10), "day"),
        ("2014-2-5", D(2014, 2, 5), D(2014, 2, 5), "day"),
        ("10/02/2014", D(2014, 2, 10), D(2014, 2, 10), "day"),  # UK order: day first
        ("1/2/2014", D(2014, 2, 1), D(2014, 2, 1), "day"),
        ("2014-02", D(2014, 2, 1), D(2014, 2, 28), "month"),
        ("2012-02", D(2012, 2, 1), D(2012, 2, 29), "month"),  # leap year
        ("02/2014", D(2014, 2, 1), D(2014, 2, 28), "month"),
        ("2/2014", D(2014, 2, 1), D(2014, 2, 28), "month"),
        ("12/2014", D(2014, 12, 1), D(2014, 12, 31), "month"),
        ("2014", D(2014, 1, 1), D(2014, 12, 31), "year"),
        ("  2014-02-10  ", D(2014, 2, 10), D(2014, 2, 10), "day"),  # spreadsheet padding
    ],
)
def test_written_forms(text: str, start: dt.date, end: dt.date, precision: str) -> None:
    date = parse_date(text)
    assert (date.start, date.end, date.precision) == (start, end, precision)


def test_uk_order_is_not_us_order() -> None:
    # 03/04/2014 is 3 April in the UK, not 4 March.
    assert parse_date("03/04/2014").start == D(2014, 4, 3)
    # 13/01/2014 reads as a UK day; 01/13/2014 (US order) is not a date.
    assert parse_date("13/01/2014").start == D(2014, 1, 13)
    with pytest.raises(ValueError):
        parse_date("01/13/2014")


def test_iso_and_uk_forms_agree() -> None:
    assert parse_date("2014-02-10") == parse_date("10/02/2014")
    assert parse_date("2014-02") == parse_date("02/2014")


# --- precision given by a column ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("2014-02-10", "day", D(2014, 2, 10), D(2014, 2, 10)),
        ("2014-02-10", "month", D(2014, 2, 1), D(2014, 2, 28)),  # narrowing day -> month
        ("10/02/2014", "year", D(2014, 1, 1), D(2014, 12, 31)),  # day -> year
        ("2014-02", "year", D(2014, 1, 1), D(2014, 12, 31)),  # month -> year
        ("2014-02", "month", D(2014, 2, 1), D(2014, 2, 28)),
        ("2014", "year", D(2014, 1, 1), D(2014, 12, 31)),
    ],
)
def test_precision_column_may_narrow(text: str, precision: str, start: dt.date, end: dt.date) -> None:
    date = parse_date(text, precision)
    assert (date.start, date.end, date.precision) == (start, end, precision)


@pytest.mark.parametrize("precision", ["", "  ", None])
def test_blank_precision_means_as_written(precision: str | None) -> None:
    assert parse_date("2014-02", precision).precision == "month"


def test_precision_is_case_insensitive() -> None:
    assert parse_date("2014-02-10", " Month ").precision == "month"
    assert parse_date("2014-02-10", "APPROXIMATE").precision == "approximate"


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2014-02", "day"), ("02/2014", "day"), ("2014", "month"), ("2014", "day")],
)
def test_claiming_more_precision_than_written_is_an_error(text: str, precision: str) -> None:
    with pytest.raises(ValueError, match=rf"written to the .*precision says {precision}"):
        parse_date(text, precision)


def test_unknown_precision_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown date precision 'roughly'.*day, month, year or approximate"):
        parse_date("2014-02-10", "roughly")


# --- approximate ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2014-02-10", D(2014, 1, 1), D(2014, 3, 31)),  # a day: a month either side
        ("2014-02", D(2014, 1, 1), D(2014, 3, 31)),  # a month: a month either side
        ("01/2014", D(2013, 12, 1), D(2014, 2, 28)),  # across the year boundary
        ("2014-12-31", D(2014, 11, 1), D(2015, 1, 31)),
        ("2014", D(2014, 1, 1), D(2014, 12, 31)),  # a year: the year
    ],
)
def test_approximate_widens(text: str, start: dt.date, end: dt.date) -> None:
    date = parse_date(text, "approximate")
    assert (date.start, date.end, date.precision) == (start, end, "approximate")


def test_approximate_range_contains_the_written_date() -> None:
    exact = parse_date("2013-09-15")
    about = parse_date("2013-09-15", "approximate")
    assert about.start < exact.start and exact.end < about.end


# --- bad dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/2014", "day is out of range"),
        ("2014-02-30", "day is out of range"),
        ("29/02/2014", "day is out of range"),  # 2014 is not a leap year
        ("2014-13", "month must be in 1..12"),
        ("13/2014", "month must be in 1..12"),
        ("2014-00-10", "month must be in 1..12"),
        ("Feb 2014", "write YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, MM/YYYY or YYYY"),
        ("10 February 2014", "write YYYY-MM-DD"),
        ("2014/02/10", "write YYYY-MM-DD"),
        ("10.02.2014", "write YYYY-MM-DD"),
        ("10/02/14", "write YYYY-MM-DD"),  # two-digit year: which century?
        ("14", "write YYYY-MM-DD"),
        ("unknown", "write YYYY-MM-DD"),
    ],
)
def test_bad_dates_name_the_value_and_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    message = str(info.value)
    assert f"cannot read date {text.strip()!r}" in message
    assert fragment in message


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_date_is_an_error(text: str | None) -> None:
    with pytest.raises(ValueError, match="a date is required"):
        parse_date(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1899-12-31", "1850", "2101-01-01", "01/2101", "2999"])
def test_year_out_of_range(text: str) -> None:
    with pytest.raises(ValueError, match=rf"date {text!r} is outside 1900-2100"):
        parse_date(text)


@pytest.mark.parametrize("text", ["1900-01-01", "2100-12-31"])
def test_range_limits_are_inclusive(text: str) -> None:
    assert parse_date(text).precision == "day"


def test_bad_date_is_checked_before_precision() -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        parse_date("31/02/2014", "month")


# --- text never shows more than the source --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "shown"),
    [
        ("10/02/2014", None, "2014-02-10"),
        ("2014-02-10", "month", "2014-02"),
        ("2014-02-10", "year", "2014"),
        ("02/2014", None, "2014-02"),
        ("2014-02", "year", "2014"),
        ("2014", None, "2014"),
        ("2014-02-10", "approximate", "c. 2014-02"),
        ("2014-02", "approximate", "c. 2014-02"),
        ("2014-01", "approximate", "c. 2014-01"),
        ("2014-12", "approximate", "c. 2014-12"),
        ("2014", "approximate", "c. 2014"),
    ],
)
def test_text_is_never_more_precise_than_the_source(text: str, precision: str | None, shown: str) -> None:
    date = parse_date(text, precision)
    assert date.text == shown
    assert str(date) == shown


def test_text_never_invents_a_day() -> None:
    for text, precision in [("2014-02", None), ("2014", None), ("2014-02-10", "month"), ("2014-02-10", "approximate")]:
        shown = parse_date(text, precision).text
        assert shown.count("-") <= 1, shown


# --- ordering helpers -----------------------------------------------------------------------------------------


def test_certainly_before() -> None:
    assert parse_date("2014-01-31").certainly_before(parse_date("2014-02"))
    # A month-only date against a day in the same month: the order is uncertain either way.
    assert not parse_date("2014-02").certainly_before(parse_date("2014-02-10"))
    assert not parse_date("2014-02-10").certainly_before(parse_date("2014-02"))
    assert not parse_date("2014-02-10").certainly_before(parse_date("2014-02-10"))


def test_chronodate_is_a_value() -> None:
    date = parse_date("2014-02")
    assert date == ChronoDate(D(2014, 2, 1), D(2014, 2, 28), "month")
    assert hash(date) == hash(ChronoDate(D(2014, 2, 1), D(2014, 2, 28), "month"))


# --- ranges, seasons and parts of a year ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("between 2014-03-01 and 2014-04-15", D(2014, 3, 1), D(2014, 4, 15), "between 2014-03-01 and 2014-04-15"),
        ("between 2014-03 and 2014-04-15", D(2014, 3, 1), D(2014, 4, 15), "between 2014-03 and 2014-04-15"),
        ("between 2013 and 2014-02", D(2013, 1, 1), D(2014, 2, 28), "between 2013 and 2014-02"),
        ("Between 01/03/2014 and 15/04/2014", D(2014, 3, 1), D(2014, 4, 15), "between 2014-03-01 and 2014-04-15"),
        ("between 2014-03-10 and 2014-03-10", D(2014, 3, 10), D(2014, 3, 10), "between 2014-03-10 and 2014-03-10"),
        ("spring 2014", D(2014, 3, 1), D(2014, 5, 31), "spring 2014"),
        ("summer 2014", D(2014, 6, 1), D(2014, 8, 31), "summer 2014"),
        ("autumn 2014", D(2014, 9, 1), D(2014, 11, 30), "autumn 2014"),
        ("winter 2014", D(2014, 12, 1), D(2015, 2, 28), "winter 2014"),  # December into the next year
        ("winter 2015", D(2015, 12, 1), D(2016, 2, 29), "winter 2015"),  # ... a leap February
        ("early 2014", D(2014, 1, 1), D(2014, 4, 30), "early 2014"),
        ("mid 2014", D(2014, 5, 1), D(2014, 8, 31), "mid 2014"),
        ("mid-2014", D(2014, 5, 1), D(2014, 8, 31), "mid 2014"),
        ("late 2014", D(2014, 9, 1), D(2014, 12, 31), "late 2014"),
        ("  Spring   2014 ", D(2014, 3, 1), D(2014, 5, 31), "spring 2014"),
    ],
)
def test_ranges_and_seasons(text: str, start: dt.date, end: dt.date, label: str) -> None:
    for date in (parse_date(text), read_date(text)):
        assert isinstance(date, ChronoDate)
        assert (date.start, date.end, date.precision, date.text) == (start, end, "range", label)
        assert not date.exact


def test_a_range_is_a_value_and_keeps_its_words() -> None:
    assert parse_date("spring 2014") == ChronoDate(D(2014, 3, 1), D(2014, 5, 31), "range", "spring 2014")
    # Read back from a graph without its words, a range still says only what its days allow.
    assert from_range(D(2014, 3, 1), D(2014, 5, 31), "range").text == "between 2014-03-01 and 2014-05-31"
    assert from_range(D(2014, 3, 1), D(2014, 5, 31), "range", "spring 2014").text == "spring 2014"


# --- dates with an open side ----------------------------------------------------------------------------------

TOR = CaseSpan(D(2010, 1, 1), D(2015, 3, 1))


@pytest.mark.parametrize(
    ("text", "precision", "start", "end", "label"),
    [
        ("unknown", "unknown", D(2010, 1, 1), D(2015, 3, 1), "date not known"),
        ("not known", "unknown", D(2010, 1, 1), D(2015, 3, 1), "date not known"),
        ("Date not known", "unknown", D(2010, 1, 1), D(2015, 3, 1), "date not known"),
        ("before 2014-03-10", "before", D(2010, 1, 1), D(2014, 3, 9), "before 2014-03-10"),
        ("before 2014-03", "before", D(2010, 1, 1), D(2014, 2, 28), "before 2014-03"),
        ("before 2014", "before", D(2010, 1, 1), D(2013, 12, 31), "before 2014"),
        ("before 10/03/2014", "before", D(2010, 1, 1), D(2014, 3, 9), "before 2014-03-10"),
        ("after 2014-03-10", "after", D(2014, 3, 11), D(2015, 3, 1), "after 2014-03-10"),
        ("after 2014-03", "after", D(2014, 4, 1), D(2015, 3, 1), "after 2014-03"),
        ("After 2014", "after", D(2015, 1, 1), D(2015, 3, 1), "after 2014"),
        ("after 03/2014", "after", D(2014, 4, 1), D(2015, 3, 1), "after 2014-03"),
    ],
)
def test_open_dates_close_against_the_case_span(
    text: str, precision: str, start: dt.date, end: dt.date, label: str
) -> None:
    written = read_date(text)
    assert isinstance(written, OpenDate)
    assert (written.precision, written.label) == (precision, label)
    for date in (written.close(TOR), parse_date(text, span=TOR)):
        assert (date.start, date.end, date.precision, date.text) == (start, end, precision, label)


def test_an_open_side_beyond_the_span_is_the_format_limit_not_an_invented_day() -> None:
    # "before 2009" in a case whose span starts in 2010: the case does not say how far back.
    early = parse_date("before 2009", span=TOR)
    assert (early.start, early.end) == (D(1900, 1, 1), D(2008, 12, 31))
    late = parse_date("after 2015-06", span=TOR)
    assert (late.start, late.end) == (D(2015, 7, 1), D(2100, 12, 31))


def test_open_dates_read_back_without_their_words() -> None:
    assert from_range(D(2010, 1, 1), D(2014, 2, 28), "before").text == "before 2014-03-01"
    assert from_range(D(2014, 4, 1), D(2015, 3, 1), "after").text == "after 2014-03-31"
    assert from_range(D(2010, 1, 1), D(2015, 3, 1), "unknown").text == "date not known"


def test_an_open_date_without_a_span_is_an_error() -> None:
    with pytest.raises(ValueError, match="cannot read date 'before 2014' here: .*terms of reference"):
        parse_date("before 2014")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("between 2014 and", "write 'between <date> and <date>'"),
        ("between 2014-05 and 2014-03", "the second date is before the first"),
        ("between 2014-03 and March 2014", "after 'and' write one date"),
        ("spring 20x4", "'spring' takes a four-digit year"),
        ("spring", "cannot read date 'spring'"),
        ("before", "'before' needs a date"),
        ("after", "'after' needs a date"),
        ("before March 2014", "after 'before' write one date as YYYY-MM-DD"),
        ("before 2014-13", "month must be in 1..12"),
        ("winter 2100", "outside 1900-2100"),
        ("after 1850", "outside 1900-2100"),
        ("sometime in 2014", "'spring 2014'"),
    ],
)
def test_bad_new_forms_name_the_value_and_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        read_date(text)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_a_precision_column_cannot_change_a_range_or_an_open_date() -> None:
    with pytest.raises(ValueError, match="written as range, but its precision says approximate"):
        read_date("spring 2014", "approximate")
    with pytest.raises(ValueError, match="written as before, but its precision says day"):
        read_date("before 2014", "day")
    assert read_date("spring 2014", "range") == read_date("spring 2014")
    assert read_date("unknown", " Unknown ") == read_date("unknown")


# --- dates as busy authors write them in a chronology cell ---------------------------------------------------

TODAY = D(2026, 6, 1)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "how"),
    [
        ("May 2021", D(2021, 5, 1), D(2021, 5, 31), "month", "a month name"),
        ("Sept 2013", D(2013, 9, 1), D(2013, 9, 30), "month", "a month name"),
        ("14th March 2013", D(2013, 3, 14), D(2013, 3, 14), "day", "a month name"),
        ("14 Mar 2013", D(2013, 3, 14), D(2013, 3, 14), "day", "a month name"),
        ("14th of March 2013", D(2013, 3, 14), D(2013, 3, 14), "day", "a month name"),
        ("Thu 14 March 2013", D(2013, 3, 14), D(2013, 3, 14), "day", "a month name"),
        ("Thursday, 14 March 2013", D(2013, 3, 14), D(2013, 3, 14), "day", "a month name"),
        ("March 14, 2013", D(2013, 3, 14), D(2013, 3, 14), "day", "a month name"),
        ("14/03/13", D(2013, 3, 14), D(2013, 3, 14), "day",
         "a two-digit year (read in the century that keeps the date from being in the future)"),
        ("14/03/99", D(1999, 3, 14), D(1999, 3, 14), "day",
         "a two-digit year (read in the century that keeps the date from being in the future)"),
        ("41649", D(2014, 1, 10), D(2014, 1, 10), "day", "an Excel date serial"),
        ("41649.75", D(2014, 1, 10), D(2014, 1, 10), "day", "an Excel date serial"),
        ("c. 2013", D(2013, 1, 1), D(2013, 12, 31), "approximate", "a mark of uncertainty (read as approximate)"),
        ("circa March 2013", D(2013, 2, 1), D(2013, 4, 30), "approximate",
         "a mark of uncertainty (read as approximate) and a month name"),
        ("?14/03/2013", D(2013, 2, 1), D(2013, 4, 30), "approximate", "a mark of uncertainty (read as approximate)"),
        ("2013-03-14?", D(2013, 2, 1), D(2013, 4, 30), "approximate", "a mark of uncertainty (read as approximate)"),
        ("approx. 2013-03", D(2013, 2, 1), D(2013, 4, 30), "approximate",
         "a mark of uncertainty (read as approximate)"),
        ("between March 2013 and 14 June 2013", D(2013, 3, 1), D(2013, 6, 14), "range", "a month name"),
        ("2013-03-14", D(2013, 3, 14), D(2013, 3, 14), "day", None),
    ],
)
def test_loose_forms(text: str, start: dt.date, end: dt.date, precision: str, how: str | None) -> None:
    reading = read_loose_date(text, today=TODAY)
    assert isinstance(reading.date, ChronoDate)
    assert (reading.date.start, reading.date.end, reading.date.precision, reading.how) == (start, end, precision, how)


def test_a_two_digit_year_never_lands_in_the_future() -> None:
    # On 1 June 2026, "14/03/26" is this year's March and "14/07/26" cannot be next month: it is 1926.
    assert read_loose_date("14/03/26", today=TODAY).date.text == "2026-03-14"
    assert read_loose_date("14/07/26", today=TODAY).date.text == "1926-07-14"


def test_a_question_mark_alone_is_a_date_not_known() -> None:
    reading = read_loose_date("?", today=TODAY)
    assert isinstance(reading.date, OpenDate)
    assert (reading.date.precision, reading.how) == ("unknown", "'?' alone (read as date not known)")


@pytest.mark.parametrize(
    ("text", "precision", "message"),
    [
        ("03/14/2013", None, "cannot read date '03/14/2013': there is no month 14; dates are read day first "
                             "(14/03/2013), and a date written month first (US order) is not guessed"),
        ("12/25/13", None, "cannot read date '12/25/13': there is no month 25; dates are read day first "
                           "(25/12/13), and a date written month first (US order) is not guessed"),
        ("Mon 14 March 2013", None, "cannot read date 'Mon 14 March 2013': 2013-03-14 is a Thursday, not a Monday"),
        ("Mar-13", None, "cannot read date 'Mar-13': write '14 March 2013', '14th Mar 2013', 'March 14, 2013' or "
                         "'March 2013'"),
        ("14 March", None, "cannot read date '14 March': write '14 March 2013'"),
        ("c. spring 2014", None, "cannot read date 'c. spring 2014': mark only a single day, month or year as "
                                 "uncertain"),
        ("?14 March 2013", "day", "date '?14 March 2013' is marked uncertain, but its precision says day"),
        ("31 February 2013", None, "cannot read date '31 February 2013': day is out of range for month"),
        ("41649", None, None),
    ],
)
def test_loose_forms_that_are_errors(text: str, precision: str | None, message: str | None) -> None:
    if message is None:  # a serial reads in a chronology cell, never in the manifest's strict reader
        with pytest.raises(ValueError):
            read_date(text)
        return
    with pytest.raises(ValueError) as info:
        read_loose_date(text, precision, today=TODAY)
    assert str(info.value).startswith(message)


def test_the_strict_reader_takes_no_liberties() -> None:
    for text in ("May 2021", "14/03/13", "?", "c. 2013"):
        with pytest.raises(ValueError):
            read_date(text)
