"""The validated case model: what a review knows, in the words a DHR chair uses.

Loaders turn files into these objects; `Case.check()` enforces the rules that span several records (ids that
must exist, ids that must be unique), naming the file, row and field of the first problem. Everything after this
stage may assume a consistent case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graphdhr import vocab
from graphdhr.dates import ChronoDate
from graphdhr.errors import CaseInputError, raise_all


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record was written: a file and a row (CSV) or line (YAML)."""

    file: str
    row: int | None = None

    def error(self, field_name: str | None, message: str) -> CaseInputError:
        return CaseInputError(self.file, self.row, field_name, message)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    pseudonym: str
    role: str
    aliases: tuple[str, ...] = ()
    age: int | None = None
    date_of_birth: ChronoDate | None = None
    where: Where = Where("case.yaml")
    pronouns: str | None = None  # a key of vocab.PRONOUNS, where the case gives them


@dataclass(frozen=True, slots=True)
class Relationship:
    person: str
    other: str
    type: str
    start: ChronoDate | None = None
    end: ChronoDate | None = None
    where: Where = Where("case.yaml")


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency of the review. `contribution` is its main contribution, the first of `contributions` (what it
    gave the review: an IMR, a chronology, a statement, ...); `contributions` defaults to that one.

    `records` says how much of the agency's record the review saw (None: the review did not say otherwise).
    A chronology may name the agency by its id, `name` or `short_name`."""

    id: str
    name: str
    sector: str
    contribution: str
    area: str | None = None
    where: Where = Where("case.yaml")
    contributions: tuple[str, ...] = ()
    records: str | None = None
    records_note: str | None = None
    short_name: str | None = None  # what chronologies may call it ("TVP"), read as its id

    def __post_init__(self) -> None:
        if not self.contributions:
            object.__setattr__(self, "contributions", (self.contribution,))
        elif self.contributions[0] != self.contribution:
            raise ValueError("an agency's contribution is the first of its contributions")

    @property
    def records_incomplete(self) -> bool:
        """True when the review says it saw only part of this agency's record (or none of it)."""
        return self.records in vocab.INCOMPLETE_RECORDS


@dataclass(frozen=True, slots=True)
class Forum:
    id: str
    type: str
    name: str
    where: Where = Where("case.yaml")


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    tool: str | None
    score: int | None
    level: str | None


@dataclass(frozen=True, slots=True)
class Referral:
    to: str
    outcome: str = "unknown"

    @property
    def reached(self) -> bool:
        """True when the referral was made and the chronology does not say it failed to reach its recipient."""
        return self.outcome in vocab.REACHED_OUTCOMES

    @property
    def made(self) -> bool:
        """False when the referral was only considered, or offered to the person and not taken up."""
        return self.outcome in vocab.MADE_OUTCOMES


@dataclass(frozen=True, slots=True)
class InformationShare:
    to: str


@dataclass(frozen=True, slots=True)
class Event:
    """One chronology row: a contact, incident, disclosure, assessment, referral, share, ... by one agency."""

    event_id: str
    agency: str
    date: ChronoDate
    event_type: str
    subjects: tuple[str, ...]
    details: str
    source_ref: str
    where: Where
    time: str | None = None
    contact_type: str | None = None
    action: str = ""
    comment: str = ""
    learned: tuple[str, ...] = ()
    risk: RiskAssessment | None = None
    referrals: tuple[Referral, ...] = ()
    shares: tuple[InformationShare, ...] = ()
    recorded_victim: str | None = None
    recorded_perpetrator: str | None = None
    # Whose health the row's `learned` column records (vocab.HEALTH_FACTS), for a row naming more than one person;
    # left blank, a row naming the victim and the perpetrator both says it of neither.
    health_of: str | None = None
    incident: str | None = None
    sentence_months: int | None = None  # a custodial sentence's length (MAPPA category 2 is 12 months or more)
    stalking_screen: str | None = None  # vocab.STALKING_SCREEN: whether stalking screening questions were asked
    # The names the row used for its subjects, where they differ from the pseudonym (an alias).
    recorded_as: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file a case was read from, with its content hash: the provenance of every finding."""

    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Case:
    """One review's case.

    `tor_start`/`tor_end` are None when the review does not state its terms of reference. `death_cause` is how
    the victim died (a case written with `date_of_death` alone is a homicide); `review_type` is the review held
    (vocab.REVIEW_TYPES). `chronology_complete` is False when the review says its chronology is incomplete (None:
    it did not say), with its reason in `chronology_note`.
    """

    case_id: str
    title: str
    area: str | None
    date_of_death: ChronoDate | None
    tor_start: ChronoDate | None
    tor_end: ChronoDate | None
    people: tuple[Person, ...]
    relationships: tuple[Relationship, ...]
    agencies: tuple[Agency, ...]
    forums: tuple[Forum, ...]
    events: tuple[Event, ...]
    source: str | None = None
    files: tuple[SourceFile, ...] = ()
    death_cause: str = "homicide"
    review_type: str = "dhr"
    chronology_complete: bool | None = None
    chronology_note: str | None = None
    _people: dict[str, Person] = field(default_factory=dict, compare=False, repr=False)
    _agencies: dict[str, Agency] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._people.update({p.id: p for p in self.people})
        self._agencies.update({a.id: a for a in self.agencies})

    @property
    def content_hash(self) -> str:
        """A hash of the case's input (its files' hashes, or, for a case built in code, everything it says) and
        of the graphdhr version that read it: a case loaded again with the same hash needs no writing."""
        import hashlib

        from graphdhr import __version__

        if self.files:
            listing = "\n".join(f"{f.path}\0{f.sha256}" for f in sorted(self.files, key=lambda f: f.path))
            return hashlib.sha256(f"{__version__}\n{listing}".encode("utf-8")).hexdigest()
        content = repr(
            (__version__, self.case_id, self.title, self.area, self.date_of_death, self.tor_start, self.tor_end,
             self.source, self.people, self.relationships, self.agencies, self.forums, self.events,
             self.death_cause, self.review_type, self.chronology_complete, self.chronology_note)
        )
        return hashlib.sha256(content.encode("utf-8")).hexdigest()

    def person(self, person_id: str) -> Person:
        return self._people[person_id]

    def agency(self, agency_id: str) -> Agency:
        return self._agencies[agency_id]

    def victims(self) -> list[Person]:
        return [p for p in self.people if p.role == "victim"]

    def perpetrators(self) -> list[Person]:
        """Everyone the review holds responsible: perpetrators, alleged perpetrators and co-accused."""
        return [p for p in self.people if p.role in vocab.PERPETRATOR_ROLES]

    def check(self) -> Case:
        """Return self when sound. A manifest record that breaks a cross-record rule raises CaseInputError at once;
        every chronology row that breaks one is raised together, as CaseInputErrors."""
        check_case(self)
        return self


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _unique(items: Iterable[tuple[str, Where]], field_name: str, what: str, seen: dict[str, Where]) -> None:
    for key, where in items:
        if key in seen:
            first = seen[key]
            raise where.error(field_name, f"duplicate {what} id {key!r} (first at {first.file} row/line {first.row})")
        seen[key] = where


def check_case(case: Case) -> None:
    """The cross-record rules of the case format (docs/case-format.md)."""
    _unique(((p.id, p.where) for p in case.people), "people.id", "person", {})
    # A name (pseudonym or alias) names one person, whatever its letter case: a chronology finds people by name.
    # Neo4j keeps each alias once per case (its key constraint), so an alias is listed once for its person too.
    names: dict[str, str] = {}  # case-folded name -> the id of the person it names
    for person in case.people:
        listed: set[str] = set()
        for alias in person.aliases:
            if alias.casefold() in listed:
                raise person.where.error("people.aliases", f"alias {alias!r} is listed twice for {person.id!r}")
            listed.add(alias.casefold())
        for name in (person.pseudonym, *person.aliases):
            other = names.setdefault(name.casefold(), person.id)
            if other != person.id:
                raise person.where.error("people.aliases", f"name {name!r} is used for two people ({other!r} and "
                                                           f"{person.id!r})")
    ids: dict[str, Where] = {}  # agencies and forums share one namespace
    _unique(((a.id, a.where) for a in case.agencies), "agencies.id", "agency or forum", ids)
    _unique(((f.id, f.where) for f in case.forums), "forums.id", "agency or forum", ids)
    people = {p.id for p in case.people}
    pairs: set[frozenset[str]] = set()
    for rel in case.relationships:
        for key, field_name in ((rel.person, "relationships.person"), (rel.other, "relationships.other")):
            if key not in people:
                raise rel.where.error(field_name, f"relationship names unknown person {key!r}")
        if rel.person == rel.other:
            raise rel.where.error("relationships.other", "a relationship joins two different people")
        pair = frozenset((rel.person, rel.other))
        if pair in pairs:
            # One graph edge per pair: a separation is the relationship's end date, not a second relationship.
            raise rel.where.error(
                "relationships", f"a second relationship between {rel.person!r} and {rel.other!r}; give one, with its end date"
            )
        pairs.add(pair)
    if not case.victims():
        where = case.people[0].where if case.people else Where("case.yaml")
        raise CaseInputError(where.file, None, "people", "a case needs at least one person with role 'victim'")
    _check_death_and_review(case)
    for agency in case.agencies:
        _check_agency(agency)

    agencies = {a.id for a in case.agencies}
    recipients = agencies | {f.id for f in case.forums}
    seen_events: dict[str, Where] = {}
    pairs_named = victim_perpetrator_pairs(case)
    problems = [
        problem
        for event in case.events
        for problem in _event_problems(event, agencies, recipients, seen_events, pairs_named)
    ]
    raise_all(problems)


def _event_problems(
    event: Event, agencies: set[str], recipients: set[str], seen_events: dict[str, Where],
    pairs: list[tuple[str, str]],
) -> Iterator[CaseInputError]:
    """Every cross-record rule one chronology row breaks (all of them, so that a user sees every problem)."""
    where = event.where
    if event.event_id in seen_events:
        first = seen_events[event.event_id]
        yield where.error("event_id", f"duplicate event id {event.event_id!r} (first at {first.file} row {first.row})")
    else:
        seen_events[event.event_id] = where
    if event.agency not in agencies:
        yield where.error("agency", f"unknown agency id {event.agency!r}; agencies are listed in case.yaml")
    for ref in event.referrals:
        if ref.to not in recipients:
            yield where.error("referral_to", f"unknown agency or forum id {ref.to!r}")
        if ref.to == event.agency:
            yield where.error("referral_to", "an agency cannot refer to itself")
    for share in event.shares:
        if share.to not in recipients:
            yield where.error("shared_with", f"unknown agency or forum id {share.to!r}")
    if event.stalking_screen is not None and event.stalking_screen not in vocab.STALKING_SCREEN:
        yield where.error("stalking_screen", f"{event.stalking_screen!r} is not one of: {', '.join(vocab.STALKING_SCREEN)}")
    for field_name, recorded in (
        ("recorded_victim", event.recorded_victim),
        ("recorded_perpetrator", event.recorded_perpetrator),
        ("health_of", event.health_of),
    ):
        if recorded is not None and recorded not in event.subjects:
            yield where.error(field_name, f"{recorded!r} is not among the row's subjects")
    if "relationship" in event.learned:
        subjects = set(event.subjects)
        if not any({a, b} <= subjects for a, b in pairs):
            yield where.error(
                "learned",
                "'relationship' means the victim-perpetrator relationship: list both people in subjects",
            )


def _check_death_and_review(case: Case) -> None:
    """The death and the review use the format's words (a case built in code passes no loader)."""
    where = Where(case.people[0].where.file if case.people else "case.yaml")
    if case.death_cause not in vocab.DEATH_CAUSES:
        raise where.error("death.cause", f"{case.death_cause!r} is not one of: {', '.join(vocab.DEATH_CAUSES)}")
    if case.review_type not in vocab.REVIEW_TYPES:
        raise where.error("review_type", f"{case.review_type!r} is not one of: {', '.join(vocab.REVIEW_TYPES)}")
    if (case.tor_start is None) != (case.tor_end is None):
        raise where.error("terms_of_reference", "needs a start and an end date, or neither (not stated)")


def _check_agency(agency: Agency) -> None:
    """An agency's contributions and records use the format's words; "unknown" stands alone."""
    for value in agency.contributions:
        if value not in vocab.CONTRIBUTIONS:
            raise agency.where.error("contribution", f"{value!r} is not one of: {', '.join(vocab.CONTRIBUTIONS)}")
    if len(set(agency.contributions)) != len(agency.contributions):
        raise agency.where.error("contribution", "a contribution is listed twice")
    if "unknown" in agency.contributions and len(agency.contributions) > 1:
        raise agency.where.error("contribution", "'unknown' cannot be listed with other contributions")
    if agency.records is not None and agency.records not in vocab.RECORDS:
        raise agency.where.error("records", f"{agency.records!r} is not one of: {', '.join(vocab.RECORDS)}")


def victim_perpetrator_pairs(case: Case) -> list[tuple[str, str]]:
    """The (victim, perpetrator) pairs whose relationship the analyses follow.

    "Perpetrator" is any of vocab.PERPETRATOR_ROLES (perpetrator, alleged perpetrator, co-accused). The pairs are
    the relationships the manifest declares between a victim and a perpetrator; when none is declared, every
    victim with every perpetrator (a review names who they are, even when the relationship is unclear).
    """
    roles = {p.id: p.role for p in case.people}
    held = vocab.PERPETRATOR_ROLES
    pairs: list[tuple[str, str]] = []
    for rel in case.relationships:
        a, b = rel.person, rel.other
        if roles.get(a) in held and roles.get(b) == "victim":
            a, b = b, a
        if roles.get(a) == "victim" and roles.get(b) in held and (a, b) not in pairs:
            pairs.append((a, b))
    if not pairs:
        pairs = [(v.id, p.id) for v in case.victims() for p in case.perpetrators()]
    return pairs
