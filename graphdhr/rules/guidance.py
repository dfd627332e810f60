"""What a panel does with each kind of finding: its theme, how serious a gap it is, the standard behind it, and the
questions its agencies' IMR authors should answer.

One entry per kind of finding: the knowledge findings (silo.*, blind_spot, two_records) and every registered rule.
The standards are stated in our own words; a panel checks the document itself. A question may name the agency
asked ({agency}), the victim ({victim}), the perpetrator ({perpetrator}) and the first and last of the agency's own
rows the finding cites ({first}, {last}; {on_first} and {on_last} with their preposition: "on 10 Feb 2014",
"in Feb 2014"; {span}, "on 10 Feb 2014" or "between 10 Feb 2014 and Mar 2015").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphdhr.rules.registry import ENTRIES

if TYPE_CHECKING:
    from graphdhr.findings import Finding

# The themes a briefing groups findings under, in the order a panel's terms of reference usually take them.
THEMES: tuple[tuple[str, str], ...] = (
    ("knowledge", "Knowledge that never moved"),
    ("never_told", "Agencies never told"),
    ("risk", "Risk and MARAC"),
    ("perpetrator", "The perpetrator's management"),
    ("children", "Children"),
)
THEME_TITLES = dict(THEMES)

# How serious a gap a kind of finding is, before anything about the case itself (graphdhr.briefing weighs the rest):
# 3, a protective route the standards expect for a victim at known risk was not taken (MARAC, MAPPA, notice of a
# release, a children's social care referral); 2, an agency held something and did not pass it on or act on it;
# 1, a condition a panel weighs that made a gap possible (never told, records not linked, grades that differ).
ROUTE_NOT_TAKEN, HELD_NOT_ACTED_ON, CONDITION = 3, 2, 1


@dataclass(frozen=True)
class Guidance:
    theme: str  # a key of THEMES
    severity: int  # ROUTE_NOT_TAKEN, HELD_NOT_ACTED_ON or CONDITION
    standard: str  # the standard behind the finding, in our own words
    questions: tuple[str, ...]
    # Findings of one family about the same victim and perpetrator read as one finding with a table
    # (graphdhr.briefing); None for a kind whose findings each stand alone.
    family: str | None = None
    # Only the finding's first agency is asked (the others are cited as who else knew).
    first_agency_only: bool = False
    # The notes of the rows a finding cites as its point of reference (the MARAC referral a repeat follows, the
    # separation an escalation follows), not as what its agencies are asked about: an agency's {first} and {last}
    # leave them out, so police who made the referral are asked about the incident after it, not about the referral.
    context: tuple[str, ...] = ()
    # The notes of the rows a finding cites whose agencies answer for it too and are asked beside its own agencies:
    # a release without notice is asked of the prison that released him and of the agency that recalled him (it
    # held his licence, and the notice was as much its duty).
    also_asked: tuple[str, ...] = ()


_DHR_GUIDANCE = ("Home Office statutory guidance for reviews of deaths after domestic abuse: a review establishes what "
                 "each agency knew and whether it shared it with those who could have protected the victim")
_SILO = Guidance(
    theme="knowledge", severity=HELD_NOT_ACTED_ON, family="silo",
    standard=_DHR_GUIDANCE + "; information about domestic abuse is shared with the agencies supporting the victim.",
    questions=(
        "What did {agency} know of {victim} and {perpetrator} from {first}, and who in {agency} knew it?",
        "Which policy told staff at {agency} to share it, and with whom (police, the IDVA service, MARAC, "
        "children's social care)?",
        "Why does the chronology of {agency} record no referral or share after {first}?",
    ),
)

GUIDANCE: dict[str, Guidance] = {
    "silo.relationship": _SILO,
    "silo.abuse_by_perpetrator": _SILO,
    "silo.abuse_unattributed": _SILO,
    "blind_spot": Guidance(
        theme="never_told", severity=CONDITION, family="blind_spot", first_agency_only=True,
        standard=("NICE public health guideline PH50: health and social care staff are trained to ask about "
                  "domestic abuse, and ask routinely in some settings, so that a disclosure can be made and acted on."),
        questions=(
            "At its contacts {span}, did {agency} ask {victim} or {perpetrator} about their "
            "relationship or about abuse, and was there a safe chance to ask?",
            "Did {agency} receive, or look for, information from the agencies that already knew?",
        ),
    ),
    "two_records": Guidance(
        theme="knowledge", severity=CONDITION,
        standard=("NICE public health guideline PH50: services identify domestic abuse and record it where it can be "
                  "acted on; records of both partners kept apart cannot show the risk one poses to the other."),
        questions=(
            "Could staff at {agency} see that {victim} and {perpetrator} were partners when it saw them {span}?",
            "How does {agency} link the records of partners when one of them discloses abuse?",
        ),
    ),
    "marac.visible_high_risk": Guidance(
        theme="risk", severity=ROUTE_NOT_TAKEN,
        standard=("SafeLives MARAC referral criteria: a victim assessed as high risk (14 or more ticks on the DASH "
                  "checklist, or the assessor's judgement) is referred to MARAC."),
        questions=(
            "Who at {agency} assessed {victim} as high risk {on_first}, and what did they do next?",
            "Why did {victim} not reach MARAC, and who in {agency} could have made or pursued the referral?",
        ),
        context=('referral not reached',),
    ),
    "marac.potential_escalation": Guidance(
        theme="risk", severity=ROUTE_NOT_TAKEN,
        standard=("SafeLives MARAC referral criteria: repeated incidents within a year (three or more, or the local "
                  "threshold) show potential escalation and warrant a MARAC referral even when no single "
                  "assessment reached high risk."),
        questions=(
            "Did {agency} know how many incidents between {victim} and {perpetrator} there had been by {last}, "
            "including those known to other agencies?",
            "How does {agency} count incidents towards the escalation criterion, and who decides on a referral?",
        ),
        context=('last MARAC referral before', 'referral not reached'),
    ),
    "marac.repeat": Guidance(
        theme="risk", severity=ROUTE_NOT_TAKEN,
        standard=("SafeLives repeat definition: a further incident within twelve months of a MARAC referral is "
                  "referred back to MARAC, whatever its own risk grade."),
        questions=(
            "When {agency} recorded the incident {on_first}, did it know that {victim} had been referred to MARAC?",
            "How does {agency} flag a MARAC case so that a later incident is referred back?",
        ),
        context=('MARAC referral', 'referral not reached'),
    ),
    "risk.no_assessment": Guidance(
        theme="risk", severity=HELD_NOT_ACTED_ON, family="no_assessment",
        standard=("SafeLives DASH risk identification practice: an agency to which domestic abuse is disclosed "
                  "assesses the risk itself (DASH or its own tool) and acts on the result."),
        questions=(
            "When abuse of {victim} was recorded by {agency} {on_first}, what was done to assess the risk?",
            "Which risk tool does {agency} use, and were the staff involved trained to use it?",
        ),
    ),
    "risk.grade_below_band": Guidance(
        theme="risk", severity=HELD_NOT_ACTED_ON,
        standard=("DASH practice: the score places a victim in a band; a high score is not graded lower without a "
                  "recorded professional reason."),
        questions=(
            "Why did {agency} grade {victim} below the band of the score {on_first}, and is the reason recorded?",
        ),
    ),
    "risk.inconsistent": Guidance(
        theme="risk", severity=CONDITION,
        standard=("DASH practice: agencies assessing the same victim share their grades so that the highest "
                  "informed view prevails."),
        questions=(
            "Did {agency} know of the other assessment of {victim} near {first}, and did it compare the two?",
        ),
    ),
    "children.no_csc_referral": Guidance(
        theme="children", severity=ROUTE_NOT_TAKEN,
        standard=("Working Together to Safeguard Children and the Domestic Abuse Act 2021: a child who sees, hears "
                  "or lives with domestic abuse is a victim of it, and children's social care is told; an adult's "
                  "MARAC case does not replace that referral."),
        questions=(
            "Did staff at {agency} know a child lived with {victim} when abuse was recorded {on_first}?",
            "Why was children's social care not told, and what does the safeguarding policy of {agency} require?",
        ),
        context=('referral not reached',),
    ),
    "referral.considered_not_made": Guidance(
        theme="risk", severity=HELD_NOT_ACTED_ON,
        standard=("SafeLives MARAC referral criteria (professional judgement): a referral considered and not made "
                  "has its reason recorded and is reviewed when new information arrives."),
        questions=(
            "Who at {agency} decided {on_first} not to make the referral, and is the reason recorded?",
            "Was the decision revisited when {agency} learned more?",
        ),
    ),
    "perpetrator.mappa_no_link": Guidance(
        theme="perpetrator", severity=ROUTE_NOT_TAKEN,
        standard=("MAPPA statutory guidance: a violent offender sentenced to twelve months or more is managed under "
                  "MAPPA, and the agencies under the duty to co-operate share what protects a known victim."),
        questions=(
            "Did {agency} know that {perpetrator} was in a relationship with {victim}, and when?",
            "What did {agency} share with the agencies supporting {victim}, and why not more?",
        ),
    ),
    "perpetrator.release_without_notice": Guidance(
        theme="perpetrator", severity=ROUTE_NOT_TAKEN,
        standard=("MAPPA guidance and licence practice: before an abusive offender is released, the victim and the "
                  "agencies supporting the victim are told, so that safety plans can be brought up to date."),
        questions=(
            "Who at {agency} knew that {perpetrator}'s release put {victim} at risk, and when?",
            "Which agencies supporting {victim} did {agency} tell of the release, and by what route?",
        ),
        context=('recall',), also_asked=('recall',),
    ),
    "perpetrator.health_unshared": Guidance(
        theme="perpetrator", severity=HELD_NOT_ACTED_ON,
        standard=("NICE public health guideline PH50 and professional confidentiality guidance: health services ask "
                  "about abuse when a patient's health may bear on it, and may share to protect another person "
                  "from serious harm."),
        questions=(
            "Did {agency} ask {perpetrator} about relationships or abuse at the contacts from {first}?",
            "Did {agency} consider whether {perpetrator}'s health put a partner at risk, and whom to tell?",
        ),
    ),
    "cooccurrence.abuse_mental_health_substance": Guidance(
        theme="knowledge", severity=CONDITION,
        standard=(_DHR_GUIDANCE + "; where abuse, mental ill-health and substance misuse meet, the agencies "
                  "holding each part consider the whole."),
        questions=(
            "Which of these needs of {victim} did {agency} know of, and did it know the others were known elsewhere?",
        ),
    ),
    "cross_boundary": Guidance(
        theme="knowledge", severity=HELD_NOT_ACTED_ON,
        standard=(_DHR_GUIDANCE + "; agencies in different areas dealing with the same people share information "
                  "across the boundary."),
        questions=(
            "Did {agency} know another area's service was dealing with {victim} or {perpetrator}?",
            "What route does {agency} have to share with, and ask, its counterparts in other areas?",
        ),
    ),
    "role_inconsistency": Guidance(
        theme="risk", severity=CONDITION,
        standard=("SafeLives and police practice: identify who is the victim and who causes harm before recording "
                  "roles, since a reversed record misleads every later assessment."),
        questions=(
            "How did {agency} decide who was the victim {on_first}, and did it check the other records?",
        ),
    ),
    "timeline.separation_escalation": Guidance(
        theme="risk", severity=HELD_NOT_ACTED_ON,
        standard=("The Homicide Timeline (Monckton Smith 2020): separation is a trigger, and stalking, threats or "
                  "strangulation after it mark escalation; risk is assessed again when both appear."),
        questions=(
            "Did {agency} know of the separation when it recorded escalation {on_first}?",
            "Was the risk to {victim} assessed again after {first}?",
        ),
        context=('separation',),
    ),
    "stalking.no_screen": Guidance(
        theme="risk", severity=HELD_NOT_ACTED_ON,
        standard=("DASH and S-DASH practice: after a separation, harassment or stalking is screened with the "
                  "stalking questions, since stalking after separation marks escalation."),
        questions=(
            "When {agency} recorded harassment or stalking of {victim} from {first}, were the stalking questions "
            "asked?",
            "Did staff at {agency} know {victim} and {perpetrator} had separated?",
        ),
        context=('separation',),
    ),
}

# The knowledge analyses' findings are not registered rules; every registered rule has guidance, and nothing else.
KNOWLEDGE_KINDS = ("silo.relationship", "silo.abuse_by_perpetrator", "silo.abuse_unattributed", "blind_spot",
                   "two_records")


def guidance_for(rule_id: str) -> Guidance:
    """The guidance of a finding's kind (its rule id)."""
    return GUIDANCE[rule_id]


def asked(finding: Finding) -> tuple[str, ...]:
    """The agencies a finding's questions are put to, defined once for the briefing, the letters and the Word
    documents: its own agencies (only the first, for a kind that asks only it), then those of the rows it cites
    that answer for it too (`Guidance.also_asked`). A forum (MARAC, MAPPA) among them writes no IMR: the caller
    leaves out what is not an agency of the case."""
    g = guidance_for(finding.rule_id)
    own = finding.agencies[:1] if g.first_agency_only else finding.agencies
    return tuple(dict.fromkeys([*own, *(e.agency_id for e in finding.evidence if e.note in g.also_asked)]))


def rests_on_absence(rule_id: str) -> bool:
    """Whether a finding of this kind says something never happened (the knowledge findings always do)."""
    entry = ENTRIES.get(rule_id)
    return entry.rests_on_absence if entry is not None else True
