"""Controlled vocabularies of the case format.

These are the words a DHR chair uses (see docs/case-format.md). Every value a
case file may put in a coded field is listed here once; the loaders, the JSON
Schema files, the graph schema and the analyses all read them from here.
"""

from __future__ import annotations

PERSON_ROLES = (
    "victim",
    "perpetrator",
    "alleged_perpetrator",  # named by the review, not convicted (e.g. where the victim died by suicide)
    "co_accused",
    "person_at_risk",  # a third person at risk, e.g. the perpetrator's new partner
    "previous_partner",
    "child",
    "family",
    "other",
)

# The roles the analyses pair with a victim: whoever the review holds responsible for the abuse.
PERPETRATOR_ROLES = ("perpetrator", "alleged_perpetrator", "co_accused")


def role_words(role: str) -> str:
    """A role as a report writes it: "alleged perpetrator", "person at risk"."""
    return role.replace("_", " ")


# The pronouns a case may give a person, each with its forms: (subject, object, possessive). The case says them;
# nothing is inferred from a name, role or relationship, and a person without them is always named.
PRONOUNS: dict[str, tuple[str, str, str]] = {
    "she/her": ("she", "her", "her"),
    "he/him": ("he", "him", "his"),
    "they/them": ("they", "them", "their"),
}


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


# What an agency gave the review (domain.md: the seed's 1.2.4-1.2.7 show all four). An agency may give several.
CONTRIBUTIONS = (
    "imr",
    "chronology",
    "statement",
    "information_only",
    "policy_information",
    "no_contact_found",
    "records_not_retrievable",
    "unknown",
)
# Earlier spellings still read, each as the value it now is.
CONTRIBUTION_SYNONYMS = {"chronology_only": "chronology"}

# How much of an agency's record the review saw. Not stated means the review did not say otherwise.
RECORDS = ("complete", "partial", "excerpt", "destroyed", "not_retrievable")
INCOMPLETE_RECORDS = tuple(r for r in RECORDS if r != "complete")


def records_words(records: str) -> str:
    """An agency's records as a sentence says them: "partial", "an excerpt", "destroyed", "not retrievable"."""
    return {"excerpt": "an excerpt"}.get(records, records.replace("_", " "))

# How the person died, and the review that follows. A review of a death by suicide or other causes after domestic
# abuse is a Domestic Abuse Related Death Review (DARDR); a homicide's is a Domestic Homicide Review (DHR).
DEATH_CAUSES = ("homicide", "suicide", "other", "unknown")
REVIEW_TYPES = ("dhr", "dardr")


def contribution_words(contribution: str) -> str:
    """What an agency gave the review, as a report writes it."""
    return {"imr": "IMR", "chronology": "chronology", "no_contact_found": "no contact found",
            "records_not_retrievable": "records not retrievable", "unknown": "not recorded"}.get(
        contribution, contribution.replace("_", " "))


def default_review_type(death_cause: str) -> str:
    """The review a case is when its manifest does not say: dardr for a death by suicide or other causes."""
    return "dardr" if death_cause in ("suicide", "other") else "dhr"


# The event types by which an agency learns something new of its own (docs/rules.md, "Told rows"): any other row
# recording abuse the agency had already been told of records what it was told.
NEW_INFORMATION_TYPES = ("incident", "disclosure")
# What a told row must have been told of: the `learned` words that give knowledge of the pair.
TOLD_TOPICS = ("domestic_abuse", "relationship")

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
    "harassment",
    "threats",  # threats other than to kill
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

# Facts about one person's own health. A row naming the victim and the perpetrator both ("Vera attended with Percy
# and spoke of wanting to die") does not say whose they are, so such a fact is held as a person's only on a row
# naming no other victim or perpetrator of the case (graphdhr.engines.graph.CaseView.health_of; the health_of
# fragment in cypher/fragments/): suicidal thoughts Vera spoke of are never "Percy's suicidality".
HEALTH_FACTS = ("mental_ill_health", "suicidality", "self_harm", "substance_misuse")

# Facts that say who lives in the household, not something of concern about the person: a GP's record that Vera
# brought her son for his booster is no concern about her (two_records).
HOUSEHOLD_FACTS = ("child_in_household",)

# Facts about what was done to someone (the abuse itself), as opposed to facts about one person (mental ill-health,
# pregnancy, ...): a report says who did it to whom, "strangulation of Vera by Percy", never "strangulation (Percy)".
ABUSE_FACTS = ("coercive_control", "threats_to_kill", "strangulation", "stalking", "harassment", "threats", "weapon")
# The `learned` words by which a row records abuse, for what an agency knew (docs/graph-model.md, "Topics"):
# domestic abuse itself, or a fact of what was done. A GP told that Vera's ex-partner Percy follows her and sends her
# messages (`stalking`) knew of abuse of Vera by Percy; on a row without Percy, only `domestic_abuse` says the abuse
# was domestic. The rules count incidents by `domestic_abuse` alone.
ABUSE_WORDS = ("domestic_abuse", *ABUSE_FACTS)

RISK_LEVELS = ("standard", "medium", "high")

# What became of a referral, in three classes. Only a referral that reached its recipient passes knowledge on or
# answers a rule that asks for a referral; one made and not reached shows the attempt; one not made shows a
# decision (considered and not made, or offered to the person and not taken up).
REACHED_OUTCOMES = ("unknown", "accepted", "heard")
NOT_REACHED_OUTCOMES = ("declined", "not_progressed", "withdrawn")
NOT_MADE_OUTCOMES = ("considered_not_made", "offered_not_taken_up")
MADE_OUTCOMES = REACHED_OUTCOMES + NOT_REACHED_OUTCOMES
REFERRAL_OUTCOMES = MADE_OUTCOMES + NOT_MADE_OUTCOMES

# Whether a row's agency asked stalking screening questions (DASH's stalking questions, S-DASH) on that row.
STALKING_SCREEN = ("asked", "not_asked")

# A date's precision: a single day, month or year (perhaps approximate), a range ("spring 2014", "between ... and
# ..."), a date with one open side ("before 2014-03", "after 2014"), or a date not known.
DATE_PRECISIONS = ("day", "month", "year", "approximate", "range", "before", "after", "unknown")

# What an agency can know about a victim-perpetrator pair (docs/graph-model.md, "Topics"): the relationship, abuse
# of the victim by the perpetrator, and abuse of the victim with the perpetrator not recorded. The first two mean
# the agency knew of the pair.
KNOWLEDGE_TOPICS = ("relationship", "abuse_by_perpetrator", "abuse_unattributed")
PAIR_TOPICS = ("relationship", "abuse_by_perpetrator")


# --- Words agencies write for coded values ------------------------------------------------------------------------
# A chronology cell may hold a coded value as a busy author writes it: in any letter case, with spaces or hyphens
# for '_' ("did not attend", "Self-harm"), or as one of the synonyms below. Each synonym is read as its value and
# `graphdhr validate` says so (docs/case-format.md, "Values written loosely"). A synonym is listed only where it
# can mean nothing else; a word that could mean two values is left to the author.

EVENT_TYPE_SYNONYMS = {
    "dna": "did_not_attend",
    "was_not_brought": "did_not_attend",
    "appt": "appointment",
    "domestic_incident": "incident",
    "dv_incident": "incident",
    "da_incident": "incident",
    "dash": "risk_assessment",
    "dash_risk_assessment": "risk_assessment",
    "information_sharing": "information_share",
    "info_share": "information_share",
    "arrested": "arrest",
    "cautioned": "caution",
    "charged": "charge",
    "convicted": "conviction",
    "remanded": "custody",
    "released": "release",
    "recalled": "recall",
    "admitted": "admission",
    "discharged": "discharge",
    "homicide": FATAL_INCIDENT,
}

CONTACT_TYPE_SYNONYMS = {
    "telephone": "phone",
    "phone_call": "phone",
    "telephone_call": "phone",
    "f2f": "face_to_face",
    "in_person": "face_to_face",
    "e_mail": "email",
    "999": "emergency_call",
    "999_call": "emergency_call",
}

LEARNED_SYNONYMS = {
    "da": "domestic_abuse",
    "dv": "domestic_abuse",
    "dva": "domestic_abuse",
    "domestic_violence": "domestic_abuse",
    "domestic_violence_and_abuse": "domestic_abuse",
    "coercive_and_controlling_behaviour": "coercive_control",
    "controlling_behaviour": "coercive_control",
    "ttk": "threats_to_kill",
    "threat_to_kill": "threats_to_kill",
    "non_fatal_strangulation": "strangulation",
    "choking": "strangulation",
    "pregnant": "pregnancy",
    "mental_health": "mental_ill_health",
    "suicidal": "suicidality",
    "suicidal_ideation": "suicidality",
    "selfharm": "self_harm",
    "alcohol": "substance_misuse",
    "drugs": "substance_misuse",
    "alcohol_misuse": "substance_misuse",
    "drug_misuse": "substance_misuse",
    "drug_use": "substance_misuse",
    "substance_use": "substance_misuse",
    "alcohol_and_drugs": "substance_misuse",
    "children_in_household": "child_in_household",
    "child_in_the_household": "child_in_household",
    "children_present": "child_in_household",
    "separated": "separation",
}

RISK_LEVEL_SYNONYMS = {f"{level}_risk": level for level in RISK_LEVELS} | {"med": "medium"}

REFERRAL_OUTCOME_SYNONYMS = {"not_known": "unknown", "heard_at_marac": "heard"}

STALKING_SCREEN_SYNONYMS = {"yes": "asked", "no": "not_asked"}

# Each coded chronology column with its vocabulary, the synonyms read for it, and the words an error uses for one
# of its values ("'x' is not an event type").
CODED_COLUMNS: dict[str, tuple[tuple[str, ...], dict[str, str], str]] = {
    "event_type": (EVENT_TYPES, EVENT_TYPE_SYNONYMS, "an event type"),
    "contact_type": (CONTACT_TYPES, CONTACT_TYPE_SYNONYMS, "a contact type"),
    "learned": (LEARNED, LEARNED_SYNONYMS, "a fact learned"),
    "risk_level": (RISK_LEVELS, RISK_LEVEL_SYNONYMS, "a risk level"),
    "referral_outcome": (REFERRAL_OUTCOMES, REFERRAL_OUTCOME_SYNONYMS, "a referral outcome"),
    "stalking_screen": (STALKING_SCREEN, STALKING_SCREEN_SYNONYMS, "a stalking screen"),
}


def vocabulary_key(written: str) -> str:
    """A coded value as written, in the form the vocabularies use: lower case, words joined by '_'."""
    return "_".join(written.casefold().replace("-", " ").replace("/", " ").split())


def read_coded(column: str, written: str) -> str | None:
    """The value `written` means in a coded chronology column (CODED_COLUMNS), or None when it means none."""
    allowed, synonyms, _ = CODED_COLUMNS[column]
    key = vocabulary_key(written)
    return key if key in allowed else synonyms.get(key)
