"""The chair's small cases (tests/chair_cases.py) give exactly the answers decided for them, on the embedded engine;
and whatever the case, every statement about one agency agrees with every other."""

from __future__ import annotations

import pytest
from chair_cases import CASES, ChairCase

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.report import build_report


def findings(case: ChairCase, tmp_path) -> list:
    loaded = load_case(case.write(tmp_path))
    return build_report(EmbeddedEngine([loaded]), loaded.case_id).findings


def found(case: ChairCase, tmp_path) -> dict[tuple[str, tuple[str, ...]], set[str]]:
    """Each finding (rule id, agencies) -> the event ids of the rows it cites."""
    return {(f.rule_id, tuple(sorted(f.agencies))): {e.event_id for e in f.evidence}
            for f in findings(case, tmp_path)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_chair_case(case: ChairCase, tmp_path):
    cited = found(case, tmp_path)
    got = set(cited)
    assert case.must <= got, f"{case.why}\nmissing: {case.must - got}"
    assert not (case.must_not & got), f"{case.why}\nwrongly found: {case.must_not & got}"
    if case.nothing_else:
        assert got == case.must, f"{case.why}\nunexpected: {got - case.must}"
    for finding, rows in case.cites.items():
        assert cited[finding] == rows, f"{case.why}\n{finding} cites {sorted(cited[finding])}, not {sorted(rows)}"
    if case.caveats or case.no_caveats:
        said = {(f.rule_id, tuple(sorted(f.agencies))): " ".join(f.caveats) for f in findings(case, tmp_path / "again")}
        for finding, words in case.caveats.items():
            assert words in said[finding], f"{case.why}\n{finding}: caveats {said[finding]!r} lack {words!r}"
        for finding in case.no_caveats:
            assert not said[finding], f"{case.why}\n{finding}: unexpected caveats {said[finding]!r}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_briefing_numbers_each_finding_once(case: ChairCase, tmp_path):
    """Every document numbers the briefing's items by key: one agency's two silos, or its two rows with a child
    present, are two items and must be two numbers, not one number and heading given twice."""
    from graphdhr.briefing import build_briefing

    loaded = load_case(case.write(tmp_path))
    keys = [item.key for item in build_briefing(build_report(EmbeddedEngine([loaded]), loaded.case_id)).items]
    assert len(keys) == len(set(keys)), keys
