"""What a report needs to name things: a case's people, agencies and forums, as either engine reads them back.

Findings travel as ids; a `CaseDirectory` turns them into the pseudonyms and agency names a panel reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphdhr import schema as S
from graphdhr.dates import ChronoDate


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

    def person(self, person_id: str) -> str:
        return self.people.get(person_id, (person_id, ""))[0]

    def agency(self, agency_id: str) -> str:
        if agency_id in self.agencies:
            return self.agencies[agency_id][0]
        if agency_id in self.forums:
            return self.forums[agency_id][0]
        return agency_id


def directory_from_nodes(case_id: str, nodes: Iterable[tuple[str, dict[str, Any]]]) -> CaseDirectory:
    """A CaseDirectory from (label, properties) pairs of one case; both engines read nodes this way."""
    case: dict[str, Any] = {}
    people, agencies, forums = {}, {}, {}
    for label, data in nodes:
        if label == S.CASE:
            case = data
        elif label == S.PERSON:
            people[data["person_id"]] = (data["pseudonym"], data["role"])
        elif label == S.AGENCY:
            agencies[data["agency_id"]] = (data["name"], data["sector"], data["contribution"], data.get("area"))
        elif label == S.FORUM:
            forums[data["forum_id"]] = (data["name"], data["type"])

    def date(prefix: str) -> ChronoDate | None:
        if case.get(f"{prefix}_start") is None:
            return None
        return ChronoDate(case[f"{prefix}_start"], case[f"{prefix}_end"], case[f"{prefix}_precision"])

    return CaseDirectory(
        case_id=case_id,
        title=case.get("title", ""),
        area=case.get("area"),
        tor_start=date("tor_from"),
        tor_end=date("tor_to"),
        files=tuple(case.get("files") or ()),
        people=people,
        agencies=agencies,
        forums=forums,
    )
