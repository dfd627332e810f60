"""Every statement the report makes about one agency agrees with every other, whatever the case.

One contradiction seen by a chair or an agency lead ("never knew" beside "knew", "never passed on" beside a
share) discredits every other finding, so this is checked on random cases, not only on the examples.
"""

from __future__ import annotations

import pytest
from chair_cases import CASES, ChairCase
from hypothesis import HealthCheck, given, settings
from randomcases import cases

from graphdhr import analyses
from graphdhr.analyses import CaseRows
from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.model import Case
from graphdhr.report import build_report


def check_consistent(case: Case) -> None:
    engine = EmbeddedEngine([case])
    rows = CaseRows.fetch(engine, case.case_id)
    report = build_report(engine, case.case_id)
    knew = {(r["agency_id"], r["victim_id"], r["perpetrator_id"], r["topic"]): r for r in rows.knowledge}

    def knows(agency: str, victim: str, perpetrator: str, topic: str) -> bool:
        return (agency, victim, perpetrator, topic) in knew

    for (agency, v, p, topic), r in knew.items():
        # Knowing of abuse between them is knowing of their relationship, from no later.
        if topic == "abuse_by_perpetrator":
            rel = knew.get((agency, v, p, "relationship"))
            assert rel is not None and rel["first_known"] <= r["first_known"], (agency, topic)
        for k in r["knowledge"]:  # told only by a row that reached it
            assert k["agency_id"] == agency or agency in k["to"], (agency, topic, k["event_id"])
        for k in r["passed_on"]:  # passed on only by its own row that told someone
            assert k["agency_id"] == agency and set(k["to"]) - {agency}, (agency, topic, k["event_id"])

    for aw in report.awareness:
        for agency, _first in aw.knew:
            assert knows(agency, aw.victim_id, aw.perpetrator_id, "relationship")
        for agency, _contacts in aw.never_knew:
            for topic in ("relationship", "abuse_by_perpetrator"):
                assert not knows(agency, aw.victim_id, aw.perpetrator_id, topic), (agency, topic)

    for s in analyses.silos(rows):
        r = knew[(s["agency_id"], s["victim_id"], s["perpetrator_id"], s["topic"])]
        assert r["passed_on"] == [], s
        # It cites rows by which the agency knew, one of them its own, and says it knew from the first of them.
        assert [k for k in r["knowledge"] if k in s["knowledge"]] == s["knowledge"], s
        assert any(k["agency_id"] == s["agency_id"] for k in s["knowledge"]), s
        assert s["first_known"] == s["knowledge"][0]["date_start"], s

    for b in analyses.blind_spots(rows):
        for topic in ("relationship", "abuse_by_perpetrator"):
            assert not knows(b["agency_id"], b["victim_id"], b["perpetrator_id"], topic), (b["agency_id"], topic)

    for f in report.findings:
        if f.rule_id == "blind_spot":
            held_abuse = knows(f.agencies[0], f.people[0], f.people[1], "abuse_unattributed")
            # An agency whose records held the abuse (perpetrator not recorded) is never said not to know of it.
            assert not (held_abuse and "nor recorded either itself" in f.statement), f.statement


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_statements_about_an_agency_agree_on_random_cases(case):
    check_consistent(case)


def test_statements_agree_on_the_worked_example(lottie):
    check_consistent(lottie)


@pytest.mark.parametrize("chair", CASES, ids=lambda c: c.name)
def test_statements_agree_on_the_chairs_cases(chair: ChairCase, tmp_path):
    check_consistent(load_case(chair.write(tmp_path)))
