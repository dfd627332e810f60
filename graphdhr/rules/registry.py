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
    # The finding says something never happened (no referral, no assessment, never told), so it rests on the
    # absence of a row and must say so when a chronology it reads is incomplete.
    rests_on_absence: bool
    # The row whose absence it rests on could be any agency's (a MARAC referral, a notice of release, a referral to
    # children's social care): every incomplete record in the case is then a caveat, not only its own agencies'.
    answered_by_any: bool = False

    @property
    def brief(self) -> str:
        """The template of the finding's one plain sentence for the briefing; its statement keeps the detail."""
        return wording.BRIEFS[self.id]


REGISTRY: tuple[RuleEntry, ...] = (
    RuleEntry("marac.visible_high_risk", embedded=python.visible_high_risk, cypher="rule_marac_visible_high_risk",
              wording=wording.visible_high_risk, rests_on_absence=True, answered_by_any=True),
    RuleEntry("marac.potential_escalation", embedded=python.potential_escalation, cypher="rule_marac_potential_escalation",
              wording=wording.potential_escalation, rests_on_absence=True, answered_by_any=True),
    RuleEntry("marac.repeat", embedded=python.repeat, cypher="rule_marac_repeat",
              wording=wording.repeat, rests_on_absence=True, answered_by_any=True),
    RuleEntry("risk.no_assessment", embedded=python.no_assessment, cypher="rule_risk_no_assessment",
              wording=wording.no_assessment, rests_on_absence=True),
    RuleEntry("risk.grade_below_band", embedded=python.grade_below_band, cypher="rule_risk_grade_below_band",
              wording=wording.nothing_more, rests_on_absence=False),
    RuleEntry("risk.inconsistent", embedded=python.inconsistent, cypher="rule_risk_inconsistent",
              wording=wording.inconsistent, rests_on_absence=False),
    RuleEntry("children.no_csc_referral", embedded=python.no_csc_referral, cypher="rule_children_no_csc_referral",
              wording=wording.no_csc_referral, rests_on_absence=True, answered_by_any=True),
    RuleEntry("referral.considered_not_made", embedded=python.considered_not_made, cypher="rule_referral_considered_not_made",
              wording=wording.considered_not_made, rests_on_absence=True, answered_by_any=True),
    RuleEntry("perpetrator.mappa_no_link", embedded=python.mappa_no_link, cypher="rule_perpetrator_mappa_no_link",
              wording=wording.mappa_no_link, rests_on_absence=True),
    RuleEntry("perpetrator.release_without_notice", embedded=python.release_without_notice, cypher="rule_perpetrator_release_without_notice",
              wording=wording.release_without_notice, rests_on_absence=True, answered_by_any=True),
    RuleEntry("perpetrator.health_unshared", embedded=python.health_unshared, cypher="rule_perpetrator_health_unshared",
              wording=wording.health_unshared, rests_on_absence=True),
    RuleEntry("cooccurrence.abuse_mental_health_substance", embedded=python.cooccurrence, cypher="rule_cooccurrence_abuse_mental_health_substance",
              wording=wording.cooccurrence, rests_on_absence=False),
    RuleEntry("cross_boundary", embedded=python.cross_boundary, cypher="rule_cross_boundary",
              wording=wording.cross_boundary, rests_on_absence=True),
    RuleEntry("role_inconsistency", embedded=python.role_inconsistency, cypher="rule_role_inconsistency",
              wording=wording.role_inconsistency, rests_on_absence=False),
    RuleEntry("timeline.separation_escalation", embedded=python.separation_escalation, cypher="rule_timeline_separation_escalation",
              wording=wording.separation_escalation, rests_on_absence=False),
    RuleEntry("stalking.no_screen", embedded=python.no_stalking_screen, cypher="rule_stalking_no_screen",
              wording=wording.no_stalking_screen, rests_on_absence=True),
)

ENTRIES = {entry.id: entry for entry in REGISTRY}
