"""Events recorded twice: rows from two agencies' chronologies that describe one event.

A police call-out and the ambulance crew at the same call-out, or a hospital attendance and the GP's note of the
same injury, each sit in their own agency's chronology. Linking them shows a panel that the event was known to
both agencies, and keeps the combined chronology from reading as two events. Like alias resolution, this is a
property of the case as read: it is worked out once, here, from the case model, deterministically, and both
engines hold its result as a `SAME_EVENT_AS` relationship between the two rows (graphdhr.schema).

Two rows are the same event when all of these hold (the thresholds are written once, below, with why):

- they come from different agencies: one agency's two rows are two entries of its own record, never an event
  recorded twice;
- both dates are a single known day, at most `MAX_DAYS_APART` days apart: a month-only or approximate date says
  nothing about the day, so it can never be matched by day;
- they share at least one subject;
- neither row tells the other's agency (shares with it, or refers to it, whatever the outcome), unless the row told
  is the receiving agency's own account of the event (an incident or disclosure, vocab.NEW_INFORMATION_TYPES): a
  referral and the row that receives it are an information share, which the graph already holds as such, but the
  ambulance crew conveying Vera to the emergency department and the department's own record of her account of the
  assault are one assault recorded twice, and must count once;
- each row's text says enough to identify an event (`MIN_WORDS` words once names and common words are left out),
  and the two texts score at least `MIN_SCORE` for similarity;
- neither row is matched more strongly with another row of the other agency: between two agencies each row is
  matched at most once, best score first.

What the analyses may do with a match is written in docs/rules.md ("Events recorded twice"): nothing that adds
knowledge or invents a flow; it is shown to the panel as evidence that both agencies knew of the event.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graphdhr import vocab
from graphdhr.model import Case, Event

# Two agencies record one event on different days when a call-out crosses midnight, when a record is written up
# (and dated) the next working day, or when a Friday-night incident is entered on Monday: three days covers these.
# A wider window mostly adds a person's next, different contact with another agency.
MAX_DAYS_APART = 3

# rapidfuzz's token_set_ratio (0-100) of the two texts, names and common words left out. It scores the words the
# two texts share against each one's own words, so a terse record ("Crew attended; head injury; police on scene")
# still scores well against a long one about the same call-out. Calibrated on pairs a chair would judge
# (tests/test_recorded_twice.py): the same call-out written by two agencies in their own words scores 61-85;
# different contacts with one person on one day (a GP review and a housing visit, a call to police and a call to
# an IDVA, a release from prison and the visit to housing that followed) score 32-53. 55 sits between them, nearer
# the different ones, because a missed link leaves both rows in the chronology, while a wrong link tells a panel
# that two agencies knew of one event.
MIN_SCORE = 55

# A text of fewer words ("Seen", "Routine contact", "Appointment attended") matches any other such text and so
# cannot show that two rows are one event.
MIN_WORDS = 3

# Common English words that say nothing about which event a row describes.
_COMMON_WORDS = frozenset("""
a about after again all also an and any are as at be been before being but by can could did do does for from had
has have he her hers him his i if in into is it its me my no not of on or our out over she so than that the their
them then there they this to up upon us was we were what when where which while who will with would you your
""".split())


@dataclass(frozen=True, slots=True)
class SameEvent:
    """Two rows of different agencies that describe one event: `first` sorts before `second` (earliest day, then
    event id); `score` is the texts' similarity (0-100), `days_apart` the days between their dates."""

    first: str
    second: str
    score: int
    days_apart: int


def event_words(text: str, names: frozenset[str]) -> tuple[str, ...]:
    """The words of a row's text that can tell one event from another: lower case, without punctuation, digits,
    single letters (the "s" of "Vera's"), common words, or the case's people's names (a shared subject is required
    anyway, so a shared name adds nothing)."""
    from rapidfuzz.utils import default_process

    return tuple(w for w in default_process(text).split()
                 if len(w) > 1 and w not in _COMMON_WORDS and w not in names and not any(ch.isdigit() for ch in w))


def _tells(event: Event, agency: str) -> bool:
    return any(r.to == agency for r in event.referrals) or any(s.to == agency for s in event.shares)


def _receipt(teller: Event, told: Event) -> bool:
    """`told` records receiving what `teller` passed to its agency (a share or referral, whatever the outcome), rather
    than its own account of the event: a row that is not an incident or a disclosure."""
    return _tells(teller, told.agency) and told.event_type not in vocab.NEW_INFORMATION_TYPES


def same_events(case: Case) -> list[SameEvent]:
    """Every pair of rows of the case that describe one event, as the module says, ordered by first row then
    second."""
    from rapidfuzz.fuzz import token_set_ratio

    names = frozenset(part for p in case.people for name in (p.pseudonym, *p.aliases)
                      for part in event_words(name, frozenset()))
    by_day: dict[int, list[Event]] = defaultdict(list)
    words: dict[str, str] = {}
    for e in case.events:
        if e.date.precision != "day":
            continue
        said = event_words(e.details, names)
        if len(said) < MIN_WORDS:
            continue
        words[e.event_id] = " ".join(said)
        by_day[e.date.start.toordinal()].append(e)

    # Candidates: (agency pair) -> [(score, days apart, first, second)], every pair that passes each test.
    candidates: dict[tuple[str, str], list[tuple[int, int, Event, Event]]] = defaultdict(list)
    for day in sorted(by_day):
        for e in by_day[day]:
            for apart in range(MAX_DAYS_APART + 1):
                for other in by_day.get(day + apart, ()):
                    if other.agency == e.agency or (apart == 0 and other.event_id <= e.event_id):
                        continue
                    if not set(e.subjects) & set(other.subjects):
                        continue
                    if _receipt(e, other) or _receipt(other, e):
                        continue
                    score = round(token_set_ratio(words[e.event_id], words[other.event_id]))
                    if score < MIN_SCORE:
                        continue
                    # `e` sorts first: its day is the earlier, or the same day and the smaller id.
                    agencies = (e.agency, other.agency) if e.agency < other.agency else (other.agency, e.agency)
                    candidates[agencies].append((score, apart, e, other))

    matched: list[SameEvent] = []
    for found in candidates.values():
        # Best score first, then the nearer dates, then the ids, so the choice never depends on input order.
        found.sort(key=lambda c: (-c[0], c[1], c[2].event_id, c[3].event_id))
        taken: set[str] = set()
        for score, apart, first, second in found:
            if first.event_id in taken or second.event_id in taken:
                continue
            taken.update((first.event_id, second.event_id))
            matched.append(SameEvent(first.event_id, second.event_id, score, apart))
    starts = {e.event_id: e.date.start for e in case.events}
    matched.sort(key=lambda m: (starts[m.first], m.first, m.second))
    return matched


def linked_sets(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each linked row's event id -> the smallest event id among the rows its SAME_EVENT_AS links join it to,
    however many links apart (a chain police - ambulance - hospital is one set)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from(links)
    return {event: min(linked) for linked in nx.connected_components(graph) for event in linked}


def incident_key(event_id: str, label: str | None, linked: Mapping[str, str]) -> str:
    """A row's incident key, the one definition the rules and the silos count incidents by (docs/rules.md): the
    chair's `incident` label, else the smallest event id of its linked set (`linked_sets`), else the row itself."""
    return str(label) if label else linked.get(event_id, event_id)


@dataclass(frozen=True)
class RowFacts:
    """What deciding a told row reads of one chronology row: who recorded it, when, of whom, what it learned, and
    the agencies its shares and reached referrals told."""

    event_id: str
    agency_id: str
    event_type: str
    date_start: dt.date
    date_end: dt.date
    subjects: frozenset[str]
    learned: frozenset[str]
    told: frozenset[str]


def told_rows(rows: Iterable[RowFacts]) -> set[str]:
    """The ids of the *told rows*: an agency recording what another agency had already told it (docs/rules.md,
    "Told rows"). A row is told when its type does not bring new information (not an incident or disclosure), it
    learned the abuse or the relationship, and another agency's row that told this agency (a share, or a referral
    that reached it), certainly on or before this row's first possible day, was about every subject of this row
    and carried every one of those topics (its `learned` words, or when it has none, those of its agency's own rows
    up to then about anyone it concerns, as a share with a blank `learned` carries for knowledge; abuse carried
    about two or more people carries their relationship, as it does for knowledge). The same information recorded twice, once by the agency that told and
    once by the agency told: not a new incident, nor knowledge the told agency kept to itself."""
    facts = list(rows)

    def carried(s: RowFacts) -> frozenset[str]:
        # What a share or referral carries, as for knowledge (docs/case-format.md, "What a row means for
        # knowledge"): its `learned` column, or, when that is blank, everything its agency knew by then: the
        # `learned` words of the agency's own rows on or before its first day about anyone it concerns.
        if s.learned:
            return s.learned
        return frozenset(w for o in facts if o.agency_id == s.agency_id and o.date_start <= s.date_start
                         and o.subjects & s.subjects for w in o.learned)

    def tells(s: RowFacts, e: RowFacts, topics: frozenset[str]) -> bool:
        words = carried(s)
        # As for knowledge (graphdhr.engines.graph.CaseView.topics_of): abuse between the people of a row about two
        # or more is knowledge that they are in a relationship, so a share of the abuse tells the relationship too.
        if len(e.subjects) > 1 and words & frozenset(vocab.ABUSE_WORDS):
            words = words | {"relationship"}
        return topics <= words

    out: set[str] = set()
    for e in facts:
        topics = e.learned & frozenset(vocab.TOLD_TOPICS)
        if e.event_type in vocab.NEW_INFORMATION_TYPES or not topics:
            continue
        if any(s.agency_id != e.agency_id and e.agency_id in s.told and s.date_end <= e.date_start
               and e.subjects <= s.subjects and tells(s, e, topics) for s in facts):
            out.add(e.event_id)
    return out
