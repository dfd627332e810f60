"""Every rule, registered once: its Python twin, its Cypher file and its wording.

A rule's parameters, their defaults, its title, statement and source are data an area may override
(`graphdhr/rules/default.yaml`, under the same id); its definition in words is the `purpose` of its Cypher file,
which `graphdhr rules` shows. Adding a rule is one entry here, one block in default.yaml, and its two
implementations: a function in `graphdhr/engines/embedded_rules.py` and a file in `cypher/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphdhr.engines import embedded_rules as python
from graphdhr.findings import RuleWording
from graphdhr.rules import wording


@dataclass(frozen=True)
class RuleEntry:
    id: str
    embedded: Callable[[python.RuleInputs], list[dict[str, Any]]]  # the Python twin, on the embedded graph
    cypher: str  # the query file in cypher/ (without .cypher) that Neo4j runs
    wording: Callable[[RuleWording], dict[str, str]]


REGISTRY: tuple[RuleEntry, ...] = (
    RuleEntry("marac.visible_high_risk", python.visible_high_risk, "rule_marac_visible_high_risk",
              wording.visible_high_risk),
    RuleEntry("marac.potential_escalation", python.potential_escalation, "rule_marac_potential_escalation",
              wording.potential_escalation),
    RuleEntry("marac.repeat", python.repeat, "rule_marac_repeat", wording.repeat),
    RuleEntry("risk.no_assessment", python.no_assessment, "rule_risk_no_assessment", wording.nothing_more),
    RuleEntry("risk.grade_below_band", python.grade_below_band, "rule_risk_grade_below_band", wording.nothing_more),
    RuleEntry("risk.inconsistent", python.inconsistent, "rule_risk_inconsistent", wording.inconsistent),
    RuleEntry("children.no_csc_referral", python.no_csc_referral, "rule_children_no_csc_referral",
              wording.no_csc_referral),
    RuleEntry("perpetrator.mappa_no_link", python.mappa_no_link, "rule_perpetrator_mappa_no_link",
              wording.mappa_no_link),
    RuleEntry("perpetrator.release_without_notice", python.release_without_notice,
              "rule_perpetrator_release_without_notice", wording.release_without_notice),
    RuleEntry("perpetrator.health_unshared", python.health_unshared, "rule_perpetrator_health_unshared",
              wording.health_unshared),
    RuleEntry("cooccurrence.abuse_mental_health_substance", python.cooccurrence,
              "rule_cooccurrence_abuse_mental_health_substance", wording.cooccurrence),
    RuleEntry("cross_boundary", python.cross_boundary, "rule_cross_boundary", wording.cross_boundary),
    RuleEntry("role_inconsistency", python.role_inconsistency, "rule_role_inconsistency", wording.role_inconsistency),
    RuleEntry("timeline.separation_escalation", python.separation_escalation, "rule_timeline_separation_escalation",
              wording.separation_escalation),
)

ENTRIES = {entry.id: entry for entry in REGISTRY}
