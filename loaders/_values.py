"""Names and words in chronology cells as busy authors write them: agencies by id, name or short name, people lists
in words ("Sam, Alex and Kai"), and "did you mean ...?" for a name or word that is none of them.

Every liberty taken is recorded as a `ValueMapping`, so that `graphdhr validate` can say it; `mapping_lines` groups
them, so that 500 rows written the same way are one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from graphdhr.model import Agency, Forum

# Resolves one name as written to (id, whether the name differs from the id), or None when it names nothing.
Resolver = Callable[[str], tuple[str, bool] | None]

# Separators of a list written in words, beyond the format's own ';': "Sam, Alex and Kai", "Sam & Alex", "Sam/Alex".
_WORD_SEPARATORS = re.compile(r"\s*(?:,|&|/|\+|\band\b)\s*", re.IGNORECASE)
# How many rows or examples a mapping line shows before it counts the rest.
_SHOWN = 3


@dataclass(frozen=True)
class ValueMapping:
    """One cell read leniently: its row and column, what was written, what it was read as, and, for a date, the
    form it was written in ("a month name"); a name or word read as an id or a vocabulary value has no form."""

    row: int
    column: str
    written: str
    read: str
    form: str | None = None


def suggestion(written: str, choices: Mapping[str, str]) -> str:
    """"; did you mean 'x'?" naming the value of the choice (a name or word, to the value it stands for) closest
    to `written`, or "" when none is close enough to be worth saying.

    The closest is the choice `written` mistypes by the fewest letters (`_slips`); failing one, the choice rapidfuzz's
    WRatio scores highest, if at least 70 of 100. WRatio measures the share of letters in common, which suits long
    words and names of several words; but one wrong letter in a name of three or four letters ("Bret" for "Bert")
    costs it a third of its score, and it can prefer a name sharing the most letters to the one mistyped ("Bettie"
    scores higher against "Bert" than against "Betty")."""
    from rapidfuzz import fuzz, process, utils

    processed = utils.default_process(written)
    slips = _slips(processed, choices)
    if slips:
        # Of names as few letters away, the one sharing the most letters.
        closest = max(slips, key=lambda slip: (-slip[0], fuzz.WRatio(processed, slip[1])))
        return f"; did you mean {choices[closest[2]]!r}?"
    match = process.extractOne(
        written, dict(choices), scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=70
    )
    return f"; did you mean {match[0]!r}?" if match else ""


def _slips(written: str, choices: Mapping[str, str]) -> list[tuple[int, str, str]]:
    """The choices `written` (processed as for WRatio) may be a slip for, each as (edits, processed name, name).

    An edit is a letter wrong, missing or extra, or two letters swapped; a slip is one edit when the longer of the
    two has three letters, up to two when it has four or more ("Amie" for "Amy"), and none below three letters,
    where one edit makes any other word. The first letter must be the same: it is seldom the letter mistyped (the
    reason Jaro-Winkler weighs a shared beginning), and a short name changed in its first letter is as often
    another real name ("Bob", "Rob")."""
    from rapidfuzz.distance import OSA
    from rapidfuzz.utils import default_process

    slips = []
    for name in choices:
        known = default_process(name)
        longer = max(len(written), len(known))
        allowed = 2 if longer >= 4 else 1 if longer == 3 else 0
        if not allowed or not written or not known or written[0] != known[0]:
            continue
        edits = OSA.distance(written, known, score_cutoff=allowed)
        if edits <= allowed:
            slips.append((edits, known, name))
    return slips


class AgencyNames:
    """The agencies (and, as recipients, the forums) of a case by every name case.yaml gives them, in any letter
    case: id, name and short name."""

    def __init__(self, agencies: Iterable[Agency], forums: Iterable[Forum]) -> None:
        # Each written name in lower case, to the id it means.
        agency_names = [(a.id, (a.name, a.short_name)) for a in agencies]
        forum_names = [(f.id, (f.name, None)) for f in forums]
        self.agencies = _by_name(agency_names)
        self.recipients = _by_name([*agency_names, *forum_names])

    def agency(self, written: str) -> tuple[str, bool] | None:
        """The agency id `written` names, and whether it was written otherwise than as the id."""
        found = self.agencies.get(written.strip().casefold())
        return None if found is None else (found, found != written.strip())

    def recipient(self, written: str) -> tuple[str, bool] | None:
        """The agency or forum id `written` names (a referral's or share's recipient), as `agency`."""
        found = self.recipients.get(written.strip().casefold())
        return None if found is None else (found, found != written.strip())


def _by_name(records: list[tuple[str, tuple[str, str | None]]]) -> dict[str, str]:
    names: dict[str, str] = {}
    # Ids first, so that a name that happens to be another agency's id never takes it over.
    for record_id, _ in records:
        names.setdefault(record_id.casefold(), record_id)
    for record_id, written in records:
        for name in written:
            if name and name.strip():
                names.setdefault(name.strip().casefold(), record_id)
    return names


@dataclass(frozen=True)
class ReadList:
    """A list cell read: the ids it names (each with the name as written), the parts that name nothing, and
    whether it was written with separators other than ';'."""

    found: list[tuple[str, str]]
    unknown: list[str]
    in_words: bool


def read_list(written: str, resolve: Resolver) -> ReadList:
    """Read a list of names: split on ';' (the format's own separator); a part that is not a name as a whole is
    split again on ',', '&', '/', '+' and 'and', so that an alias holding a comma ("Smith, Vera") still reads."""
    found: list[tuple[str, str]] = []
    unknown: list[str] = []
    in_words = False
    for part in (p.strip() for p in written.split(";")):
        if not part:
            continue
        resolved = resolve(part)
        if resolved is not None:
            found.append((resolved[0], part))
            continue
        pieces = [p for p in _WORD_SEPARATORS.split(part) if p]
        if len(pieces) == 1:
            unknown.append(part)
            continue
        in_words = True
        for piece in pieces:
            resolved = resolve(piece)
            if resolved is None:
                unknown.append(piece)
            else:
                found.append((resolved[0], piece))
    return ReadList(found, unknown, in_words)


def mapping_lines(label: str, mappings: list[ValueMapping]) -> list[str]:
    """What `validate` says of the mappings of one table: one line per column and written value read as an id or
    word, and one per column and date form, each with how many rows and a few of them."""
    groups: dict[tuple[str, ...], list[ValueMapping]] = {}
    for m in mappings:
        key = (m.column, "form", m.form) if m.form else (m.column, "value", m.written, m.read)
        groups.setdefault(key, []).append(m)
    lines = []
    for group in groups.values():
        first = group[0]
        more = f", and {len(group) - _SHOWN} more" if len(group) > _SHOWN else ""
        if first.form:
            dates = "1 date" if len(group) == 1 else f"{len(group)} dates"
            examples = ", ".join(f"row {m.row} {m.written!r} read as {m.read}" for m in group[:_SHOWN])
            lines.append(f"{label}: column '{first.column}': {dates} written with {first.form}, e.g. {examples}{more}")
        else:
            rows = (f"row {first.row}" if len(group) == 1
                    else f"{len(group)} rows: " + ", ".join(str(m.row) for m in group[:_SHOWN]) + more)
            lines.append(f"{label}: column '{first.column}': {first.written!r} read as {first.read!r} on {rows}")
    return lines
