"""What a report needs to name things: a case's people (with their aliases and relationships), agencies and forums,
as either engine reads them back.

Findings travel as ids; a `CaseDirectory` turns them into the pseudonyms and agency names a panel reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphdhr import schema as S
from graphdhr import vocab
from graphdhr.dates import ChronoDate


@dataclass(frozen=True)
class Relationship:
    """A relationship the case declares between two people (intimate partner, parent, ...), with its dates."""

    person_id: str
    other_id: str
    relationship_type: str
    start: ChronoDate | None
    end: ChronoDate | None


@dataclass(frozen=True)
class Pronouns:
    """A person's pronouns, form by form (vocab.PRONOUNS)."""

    subject: str  # she, he, they
    object: str  # her, him, them
    possessive: str  # her, his, their


@dataclass(frozen=True)
class CaseDirectory:
    case_id: str
    title: str
    area: str | None
    tor_start: ChronoDate | None
    tor_end: ChronoDate | None
    files: tuple[str, ...]
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (pseudonym, role)
    agencies: dict[str, tuple[str, str, str, str | None]] = field(default_factory=dict)  # id -> (name, sector, contribution, area)
    forums: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, type)
    aliases: dict[str, str] = field(default_factory=dict)  # another name a person was recorded under -> person id
    relationships: tuple[Relationship, ...] = ()
    death: ChronoDate | None = None
    death_cause: str = "homicide"
    review_type: str = "dhr"
    # The whole case's chronology is declared incomplete (an excerpt, records lost): with the chair's note.
    chronology_complete: bool = True
    chronology_note: str | None = None
    contributions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # agency id -> what it gave the review
    records: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # agency id -> (records, note)
    births: dict[str, ChronoDate] = field(default_factory=dict)  # person id -> date of birth, where the case gives it
    short_names: dict[str, str] = field(default_factory=dict)  # agency id -> its short name, where the case gives one
    pronouns: dict[str, str] = field(default_factory=dict)  # person id -> a key of vocab.PRONOUNS, where the case gives it

    def records_text(self, agency_id: str) -> str | None:
        """The agency's records when it says they are incomplete: "records are partial (why)"; else None."""
        records, note = self.records.get(agency_id, (None, None))
        if records not in vocab.INCOMPLETE_RECORDS:
            return None
        said = f"records are {vocab.records_words(records)}"
        return f"{said} ({note.strip().rstrip('.')})" if note else said

    def incomplete_record(self, agency_id: str) -> str | None:
        """Why the chronology may lack a row of this agency's, when the case or the agency says it is incomplete:
        the words a finding resting on an absent row must carry."""
        own = self.records_text(agency_id)
        if own is not None:
            return f"{self.agency(agency_id)}'s {own}"
        if not self.chronology_complete:
            said = "the case's chronology is declared incomplete"
            return f"{said} ({self.chronology_note.strip().rstrip('.')})" if self.chronology_note else said
        return None

    def person(self, person_id: str) -> str:
        return self.people.get(person_id, (person_id, ""))[0]

    def pronoun_forms(self, person_id: str, beside: Iterable[str] = ()) -> Pronouns | None:
        """The person's pronouns for a sentence that also names the people `beside`, or None where the sentence
        must repeat the name. The one rule of when a pronoun may stand for a name:
        - the case gives the person's pronouns (nothing is assumed from a name, role or relationship);
        - they are not "they/them", which beside the agencies, services and couples every sentence here names could
          be read as plural ("none of which recorded the relationship for them");
        - no one else the sentence names has the same pronouns, or none given (who could be "her" too)."""
        own = self.pronouns.get(person_id)
        if own is None or own == "they/them":
            return None
        if any(self.pronouns.get(other, own) == own for other in beside if other != person_id):
            return None
        return Pronouns(*vocab.PRONOUNS[own])

    def them(self, person_id: str, beside: Iterable[str] = ()) -> str:
        """The person as the object of a sentence naming also `beside`: "her", "him", or the name."""
        forms = self.pronoun_forms(person_id, beside)
        return forms.object if forms else self.person(person_id)

    def their(self, person_id: str, beside: Iterable[str] = ()) -> str:
        """The person's possessive in a sentence naming also `beside`: "her", "his", or "Lottie's"."""
        forms = self.pronoun_forms(person_id, beside)
        return forms.possessive if forms else f"{self.person(person_id)}'s"

    def agency_short(self, agency_id: str) -> str:
        """The agency's short name where the case gives one (for a label with little room), else its name."""
        return self.short_names.get(agency_id) or self.agency(agency_id)

    def agency(self, agency_id: str) -> str:
        if agency_id in self.agencies:
            return self.agencies[agency_id][0]
        if agency_id in self.forums:
            return self.forums[agency_id][0]
        return agency_id


def directory_from_nodes(
    case_id: str,
    nodes: Iterable[tuple[str, dict[str, Any]]],
    links: Iterable[tuple[str, str, str, dict[str, Any]]] = (),
) -> CaseDirectory:
    """A CaseDirectory from (label, properties) pairs of one case's nodes, and (type, start key, end key,
    properties) of its ALIAS_OF and RELATED_TO relationships; both engines read a case this way."""
    case: dict[str, Any] = {}
    people, agencies, forums = {}, {}, {}
    aliases: dict[str, str] = {}
    relationships = []
    contributions: dict[str, tuple[str, ...]] = {}
    records: dict[str, tuple[str | None, str | None]] = {}
    births: dict[str, ChronoDate] = {}
    short_names: dict[str, str] = {}
    pronouns: dict[str, str] = {}
    for rel_type, start, end, props in sorted(links, key=lambda link: link[:3]):
        if rel_type == S.ALIAS_OF:
            aliases[start] = end
        elif rel_type == S.RELATED_TO:
            relationships.append(Relationship(start, end, props["relationship_type"], _chrono(props, "from"),
                                              _chrono(props, "to")))
    for label, data in nodes:
        if label == S.CASE:
            case = data
        elif label == S.PERSON:
            people[data["person_id"]] = (data["pseudonym"], data["role"])
            if data.get("pronouns"):
                pronouns[data["person_id"]] = data["pronouns"]
            born = _chrono(data, "dob")
            if born is not None:
                births[data["person_id"]] = born
        elif label == S.AGENCY:
            agencies[data["agency_id"]] = (data["name"], data["sector"], data["contribution"], data.get("area"))
            contributions[data["agency_id"]] = tuple(data.get("contributions") or (data["contribution"],))
            records[data["agency_id"]] = (data.get("records"), data.get("records_note"))
            if data.get("short_name"):
                short_names[data["agency_id"]] = data["short_name"]
        elif label == S.FORUM:
            forums[data["forum_id"]] = (data["name"], data["type"])

    return CaseDirectory(
        case_id=case_id,
        title=case.get("title", ""),
        area=case.get("area"),
        tor_start=_chrono(case, "tor_from"),
        tor_end=_chrono(case, "tor_to"),
        files=tuple(case.get("files") or ()),
        people=people,
        agencies=agencies,
        forums=forums,
        aliases=aliases,
        relationships=tuple(relationships),
        death=_chrono(case, "death"),
        death_cause=case.get("death_cause") or "homicide",
        review_type=case.get("review_type") or "dhr",
        chronology_complete=case.get("chronology_complete") is not False,
        chronology_note=case.get("chronology_note"),
        contributions=contributions,
        records=records,
        births=births,
        short_names=short_names,
        pronouns=pronouns,
    )


def _chrono(props: dict[str, Any], prefix: str) -> ChronoDate | None:
    """The date stored as `prefix`_start, _end and _precision, or None where there is none."""
    if props.get(f"{prefix}_start") is None:
        return None
    return ChronoDate(props[f"{prefix}_start"], props[f"{prefix}_end"], props[f"{prefix}_precision"],
                      props.get(f"{prefix}_label"))
