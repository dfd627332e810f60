"""The chair's small cases (tests/chair_cases.py) give exactly the answers decided for them, on the embedded engine;
and whatever the case, every statement about one agency agrees with every other."""

from __future__ import annotations

import pytest
from casekit import write_case
from chair_cases import CASES, ChairCase

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.report import build_report


def found(case: ChairCase, tmp_path) -> set[tuple[str, tuple[str, ...]]]:
    loaded = load_case(write_case(tmp_path / case.name, case.rows, case.manifest, columns=case.columns))
    report = build_report(EmbeddedEngine([loaded]), loaded.case_id)
    return {(f.rule_id, tuple(sorted(f.agencies))) for f in report.findings}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_chair_case(case: ChairCase, tmp_path):
    got = found(case, tmp_path)
    assert case.must <= got, f"{case.why}\nmissing: {case.must - got}"
    assert not (case.must_not & got), f"{case.why}\nwrongly found: {case.must_not & got}"
    if case.nothing_else:
        assert got == case.must, f"{case.why}\nunexpected: {got - case.must}"
