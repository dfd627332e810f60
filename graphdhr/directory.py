"""What a report needs to name things: a case's people (with their aliases and relationships), agencies and forums,
as either engine reads them back.

Findings travel as ids; a `CaseDirectory` turns them into the pseudonyms and agency names a panel reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def person(self, person_id: str) -> str:
        return self.people.get(person_id, (person_id, ""))[0]

    def agency(self, agency_id: str) -> str:
        if agency_id in self.agencies:
            return self.agencies[agency_id][0]
        if agency_id in self.forums:
            return self.forums[agency_id][0]
        return agency_id
