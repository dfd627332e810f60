"""The incident key and events recorded twice: one call-out recorded by police and the ambulance service counts as
one incident, a chair's incident label decides over the link, and a link never adds a finding.

The cases are the chair's (tests/chair_cases.py), where their findings are held on both engines; here the figures
the findings quote, and the links the cases rely on, so that no case passes because its rows were never linked.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from casekit import row, rule_rows
from chair_cases import CASES, WITH_AMBULANCE, ChairCase, call_out
from test_engines_agree import assert_agree

from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.recorded_twice import same_events

BY_NAME = {c.name: c for c in CASES}
GP_DISCLOSURE = row("2013-07-15", "gp", "vic;per", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                    risk_level="standard", details="Vera says Percy slapped her last week")
LATER_POLICE = row("2013-09-02", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH",
                   risk_level="standard", details="Percy threw a mug at Vera in the kitchen; no injury")
WITH_HOSPITAL = copy.deepcopy(WITH_AMBULANCE)
WITH_HOSPITAL["agencies"] += [
    {"id": "ed", "name": "Test Hospital", "sector": "acute_hospital", "contribution": "imr"},
    {"id": "mh", "name": "Test Mental Health", "sector": "mental_health", "contribution": "imr"},
]
# Four days after the police's row, three after the ambulance's: linked to the ambulance's row only, so the
# call-out is one incident through a chain of two links.
HOSPITAL = row("2013-05-14", "ed", "vic;per", "incident", learned="domestic_abuse", event_id="ed-callout",
               risk_tool="DASH", risk_level="standard",
               details="Vera attended with the facial laceration from being pushed by Percy, seen by the ambulance "
                       "crew at the home address; wound glued")
MARAC_REFERRAL = row("2013-03-01", "idva", "vic;per", "referral", learned="domestic_abuse", referral_to="marac")
GRADED_HIGH = row("2013-05-20", "mh", "vic", "appointment", risk_tool="DASH", risk_level="high",
                  details="Assessment in clinic")


def _labelled(police: str, ambulance: str) -> list[dict[str, str]]:
    rows = call_out("2013-05-10", "2013-05-11")
    for r, label in zip(rows, (police, ambulance)):
        r["incident"] = label
    return [*rows, GP_DISCLOSURE]


# The cases of this file beyond the chair's: (rows, manifest) by name.
HAND_MADE: dict[str, tuple[list[dict[str, str]], dict[str, Any]]] = {
    "labels_both": (_labelled("callout-a", "callout-b"), WITH_AMBULANCE),
    "label_police_only": (_labelled("callout-a", ""), WITH_AMBULANCE),
    "label_ambulance_only": (_labelled("", "callout-b"), WITH_AMBULANCE),
    "one_label_on_both": (_labelled("callout", "callout"), WITH_AMBULANCE),
    "chain_and_one_more": ([*call_out("2013-05-10", "2013-05-11"), HOSPITAL, LATER_POLICE], WITH_HOSPITAL),
    "chain_and_two_more": ([*call_out("2013-05-10", "2013-05-11"), HOSPITAL, GP_DISCLOSURE, LATER_POLICE],
                           WITH_HOSPITAL),
    "repeat_after_marac": ([MARAC_REFERRAL, *call_out("2013-05-10", "2013-05-11")], WITH_AMBULANCE),
    "regraded_after_a_linked_row": ([*call_out("2013-05-10", "2013-05-11", risk_level="medium"), GRADED_HIGH],
                                    WITH_HOSPITAL),
    "regraded_with_nothing_between": ([call_out("2013-05-10", "2013-05-11", risk_level="medium")[0], GRADED_HIGH],
                                      WITH_HOSPITAL),
}


def _hand_made(name: str, tmp_path: Path) -> Case:
    rows, manifest = HAND_MADE[name]
    return load_case(ChairCase(name, "", rows, manifest=manifest).write(tmp_path))


def _load(case: ChairCase, tmp_path: Path) -> Case:
    return load_case(case.write(tmp_path))


def _links(case: Case) -> set[tuple[str, str]]:
    return {(m.first, m.second) for m in same_events(case)}


def _cited(rule_row: dict[str, Any]) -> list[str]:
    return [ev["event_id"] for ev in rule_row["evidence"]]


@pytest.mark.parametrize("name", ["one_call_out_recorded_twice_and_one_more", "one_call_out_recorded_twice_and_two_more",
                                  "labels_keep_a_wrong_link_apart", "call_out_with_a_child_referred_once"])
def test_the_call_out_rows_are_linked(name: str, tmp_path: Path) -> None:
    assert _links(_load(BY_NAME[name], tmp_path)) in ({("pol-callout", "las-callout")}, {("las-callout", "pol-callout")})


def test_two_events_on_one_day_are_not_linked(tmp_path: Path) -> None:
    assert _links(_load(BY_NAME["two_agencies_one_day_two_events"], tmp_path)) == set()


def test_one_call_out_and_one_more_is_two_incidents(tmp_path: Path) -> None:
    assert rule_rows(_load(BY_NAME["one_call_out_recorded_twice_and_one_more"], tmp_path),
                     "marac.potential_escalation") == []


def test_one_call_out_and_two_more_is_three_incidents_citing_four_rows(tmp_path: Path) -> None:
    case = _load(BY_NAME["one_call_out_recorded_twice_and_two_more"], tmp_path)
    [found] = rule_rows(case, "marac.potential_escalation")
    # Met on the fourth row, the third incident: the call-out's two rows are one, and nothing is left over.
    assert (found["window_end"].isoformat(), found["facts"]["incidents"], found["facts"]["later"]) == \
        ("2013-09-02", 3, 0)
    assert sorted(_cited(found)) == sorted(e.event_id for e in case.events)
    assert len(_cited(found)) == 4


def test_two_events_on_one_day_count_twice(tmp_path: Path) -> None:
    [found] = rule_rows(_load(BY_NAME["two_agencies_one_day_two_events"], tmp_path), "marac.potential_escalation")
    assert found["facts"]["incidents"] == 3


@pytest.mark.parametrize("name", ["labels_both", "label_police_only", "label_ambulance_only"])
def test_a_label_on_either_row_decides_over_the_link(name: str, tmp_path: Path) -> None:
    case = _hand_made(name, tmp_path)
    assert len(_links(case)) == 1
    [found] = rule_rows(case, "marac.potential_escalation")
    assert found["facts"]["incidents"] == 3


def test_one_label_on_both_rows_is_one_incident(tmp_path: Path) -> None:
    case = _hand_made("one_label_on_both", tmp_path)
    assert rule_rows(case, "marac.potential_escalation") == []


def test_a_chain_of_links_is_one_incident(tmp_path: Path) -> None:
    """Police, ambulance and the hospital's emergency department each record the call-out: one incident."""
    case = _hand_made("chain_and_one_more", tmp_path)
    assert {frozenset(pair) for pair in _links(case)} == {frozenset(("pol-callout", "las-callout")),
                                                           frozenset(("las-callout", "ed-callout"))}
    assert rule_rows(case, "marac.potential_escalation") == []  # two incidents: the call-out and the mug
    [found] = rule_rows(_hand_made("chain_and_two_more", tmp_path), "marac.potential_escalation")
    assert (found["facts"]["incidents"], len(_cited(found))) == (3, 5)


def test_a_repeat_after_marac_counts_the_call_out_once(tmp_path: Path) -> None:
    [found] = rule_rows(_hand_made("repeat_after_marac", tmp_path), "marac.repeat")
    assert found["facts"]["incidents"] == 1
    assert sorted(_cited(found)[1:]) == ["las-callout", "pol-callout"]


def test_a_link_never_adds_a_risk_inconsistency(tmp_path: Path) -> None:
    """The ambulance row after the police's assessment is a new incident to the inconsistency rule whatever the
    link says: there a merge would add a finding, and a link may only ever remove one."""
    case = _hand_made("regraded_after_a_linked_row", tmp_path)
    assert len(_links(case)) == 1
    assert rule_rows(case, "risk.inconsistent") == []
    # Without the ambulance's row nothing new happened between the two grades, and the rule finds them.
    assert len(rule_rows(_hand_made("regraded_with_nothing_between", tmp_path), "risk.inconsistent")) == 1


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_engines_agree(neo4j: Any, name: str, tmp_path: Path) -> None:
    """Neo4j gives the same rows and report on each case above (the chair's cases are in test_engines_agree.py)."""
    assert_agree(neo4j, _hand_made(name, tmp_path))
