"""What a report needs to name things: a case's people (with their aliases and relationships), agencies and forums,
as either engine reads them back.

Findings travel as ids; a `CaseDirectory` turns them into the pseudonyms and agency names a panel reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphdhr import schema as S
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
        elif label == S.AGENCY:
            agencies[data["agency_id"]] = (data["name"], data["sector"], data["contribution"], data.get("area"))
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
    )


def _chrono(props: dict[str, Any], prefix: str) -> ChronoDate | None:
    """The date stored as `prefix`_start, _end and _precision, or None where there is none."""
    if props.get(f"{prefix}_start") is None:
        return None
    return ChronoDate(props[f"{prefix}_start"], props[f"{prefix}_end"], props[f"{prefix}_precision"])
