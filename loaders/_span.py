"""Closing open dates ("date not known", "before ...", "after ...") once every row of a case has been read.

An open side means "as far as the case reaches": the terms of reference (ending at the death when that is earlier)
or, when the review does not state them, the dated rows and the death.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graphdhr.dates import CaseSpan, ChronoDate, WrittenDate
from graphdhr.model import Where

# Turns a date as written into the days it can mean, or raises CaseInputError at `where`, field `field`.
DateCloser = Callable[[WrittenDate, Where, str], ChronoDate]


def case_span(
    tor: tuple[ChronoDate, ChronoDate] | None, death: ChronoDate | None, written: Iterable[WrittenDate]
) -> CaseSpan | None:
    """The days open dates fall between (docs/case-format.md, "Dates"); None when the case gives no bound at all.

    With terms of reference: their start to their end, or to the death when that is earlier. Without: the
    earliest start to the latest end of the dates in `written` that are closed, and of the death.
    """
    if tor is not None:
        start, end = tor[0].start, tor[1].end
        if death is not None and death.end < end:
            end = max(death.end, start)
        return CaseSpan(start, end)
    closed = [d for d in written if isinstance(d, ChronoDate)]
    if death is not None:
        closed.append(death)
    if not closed:
        return None
    return CaseSpan(min(d.start for d in closed), max(d.end for d in closed))


def date_closer(span: CaseSpan | None) -> DateCloser:
    """A DateCloser for one case's span."""

    def close(written: WrittenDate, where: Where, field: str) -> ChronoDate:
        if isinstance(written, ChronoDate):
            return written
        if span is None:
            raise where.error(
                field,
                f"'{written.label}' cannot be placed: the case states no terms of reference, no date of death and "
                "no dated chronology row to bound it",
            )
        return written.close(span)

    return close
