"""Both engines agree on randomly generated cases (hypothesis): every analysis and every rule, row for row."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from randomcases import cases

from graphdhr.analyses import DERIVED, run_analysis
from graphdhr.engines.embedded import ANALYSES, EmbeddedEngine
from graphdhr.rules import load_rules

pytestmark = pytest.mark.neo4j

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=cases())
def test_engines_agree_on_random_cases(neo4j_server, case):
    neo4j_server.delete_case("rnd")
    neo4j_server.load(case, loaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    embedded = EmbeddedEngine([case])
    for name in ANALYSES:
        assert neo4j_server.run(name, "rnd") == embedded.run(name, "rnd"), name
    for name in DERIVED:
        assert neo4j_server.run(name, "rnd") == run_analysis(embedded, name, "rnd"), name
    rules = load_rules()
    for rule in rules.rules:
        params = rules.params_for(rule)
        assert neo4j_server.run_rule(rule, params, "rnd") == embedded.run_rule(rule, params, "rnd"), rule.id
