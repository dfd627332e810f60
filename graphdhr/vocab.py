"""Controlled vocabularies of the case format.

These are the words a DHR chair uses (see docs/case-format.md). Every value a
case file may put in a coded field is listed here once; the loaders, the JSON
Schema files, the graph schema and the analyses all read them from here.
"""

from __future__ import annotations

PERSON_ROLES = ("victim", "perpetrator", "child", "family", "other")

RELATIONSHIP_TYPES = (
    "intimate_partner",
    "ex_partner",
    "parent",
    "child",
    "sibling",
    "household_member",
    "other_family",
    "other",
)

# Sectors that appear in nearly every review (domain.md, "Agencies and forums").
SECTORS = (
    "police",
    "probation",
    "prison",
    "mental_health",
    "acute_hospital",
    "gp",
    "urgent_care",
    "ambulance",
    "childrens_social_care",
    "adult_social_care",
    "housing",
    "education",
    "domestic_abuse_service",
    "victim_support",
    "substance_misuse",
    "community_health",
    "other",
)


def sector_words(sector: str) -> str:
    """A sector as a report writes it."""
    return {"gp": "GP", "childrens_social_care": "children's social care", "urgent_care": "urgent and out-of-hours care",
            "domestic_abuse_service": "specialist domestic abuse service"}.get(sector, sector.replace("_", " "))


# What an agency gave the review (domain.md: the seed's 1.2.4-1.2.7 show all four).
CONTRIBUTIONS = ("imr", "chronology_only", "information_only", "no_contact_found", "records_not_retrievable")

FORUM_TYPES = ("marac", "mappa", "mash", "child_protection_conference", "adult_safeguarding")

EVENT_TYPES = (
    "contact",
    "appointment",
    "did_not_attend",
    "disclosure",
    "incident",
    "risk_assessment",
    "referral",
    "information_share",
    "arrest",
    "caution",
    "charge",
    "conviction",
    "custody",
    "release",
    "recall",
    "admission",
    "discharge",
    "registration",
    "meeting",
    "fatal_incident",
    "other",
)

# The incident in which the person died. The analyses stop before it: contact at the scene is not a missed
# opportunity to share.
FATAL_INCIDENT = "fatal_incident"

CONTACT_TYPES = (
    "face_to_face",
    "phone",
    "letter",
    "email",
    "emergency_call",
    "home_visit",
    "attendance",
    "none",
    "other",
)

# What a row shows the agency learned. "relationship" means the victim-perpetrator
# relationship named in the manifest; the rest are about the row's subjects.
LEARNED = (
    "domestic_abuse",
    "relationship",
    "coercive_control",
    "threats_to_kill",
    "strangulation",
    "stalking",
    "separation",
    "pregnancy",
    "weapon",
    "violence_to_others",
    "mental_ill_health",
    "suicidality",
    "self_harm",
    "substance_misuse",
    "child_in_household",
)

RISK_LEVELS = ("standard", "medium", "high")

REFERRAL_OUTCOMES = ("unknown", "accepted", "heard", "declined", "not_progressed", "withdrawn")
# Outcomes that mean the referral never reached its agency or forum: it passed nothing on and answers no rule.
REFERRAL_NOT_REACHED = ("declined", "not_progressed", "withdrawn")

DATE_PRECISIONS = ("day", "month", "year", "approximate")

# What an agency can know about a victim-perpetrator pair (docs/graph-model.md, "Topics"): the relationship, abuse
# of the victim by the perpetrator, and abuse of the victim with the perpetrator not recorded. The first two mean
# the agency knew of the pair.
KNOWLEDGE_TOPICS = ("relationship", "abuse_by_perpetrator", "abuse_unattributed")
PAIR_TOPICS = ("relationship", "abuse_by_perpetrator")
