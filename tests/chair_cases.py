"""Small cases written as a review chair would, each with its answer decided before graphdhr was run on it.

Each case is a handful of chronology rows over a few agencies and the findings a panel would accept: the set of
(finding id, agencies) that must be reported, and the ones that must not. Cases where the right answer is
"nothing" are included. tests/test_chair_cases.py checks the answers on the embedded engine;
tests/test_engines_agree.py runs every case through both engines.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casekit import BASE_MANIFEST, COLUMNS, row, write_case

Finding = tuple[str, tuple[str, ...]]  # (rule id, agencies)


@dataclass(frozen=True)
class ChairCase:
    name: str
    why: str
    rows: list[dict[str, str]]
    must: set[Finding] = field(default_factory=set)  # findings a panel would accept, that must be reported
    must_not: set[Finding] = field(default_factory=set)  # findings the facts contradict
    nothing_else: bool = False  # True: `must` is the whole answer
    cites: dict[Finding, set[str]] = field(default_factory=dict)  # a finding's cited rows (event ids), exactly
    manifest: dict[str, Any] | None = None
    # Words a finding's caveats must hold ("date is uncertain", "records are partial"), and findings that must have none
    caveats: dict[Finding, str] = field(default_factory=dict)
    no_caveats: set[Finding] = field(default_factory=set)

    @property
    def columns(self) -> list[str]:
        """The chronology's columns: the usual ones, then any other its rows fill (a stalking screen, ...)."""
        return [*COLUMNS, *sorted({k for r in self.rows for k in r} - set(COLUMNS))]

    def write(self, folder: Path) -> Path:
        """The case as files in `folder`, with every column its rows use."""
        return write_case(folder / self.name, self.rows, self.manifest, columns=self.columns)


THREE_AGENCIES = copy.deepcopy(BASE_MANIFEST)
THREE_AGENCIES["agencies"] = [a for a in BASE_MANIFEST["agencies"] if a["id"] in ("police", "gp", "idva")]
WITH_A_STRANGER = copy.deepcopy(THREE_AGENCIES)
WITH_A_STRANGER["people"].append({"id": "sam", "pseudonym": "Sam", "role": "other"})
WITH_AMBULANCE = copy.deepcopy(BASE_MANIFEST)
WITH_AMBULANCE["agencies"] = [a for a in BASE_MANIFEST["agencies"] if a["id"] in ("police", "gp", "idva", "csc")]
SCHOOL_NURSE = copy.deepcopy(BASE_MANIFEST)
SCHOOL_NURSE["agencies"] = [a for a in BASE_MANIFEST["agencies"] if a["id"] == "csc"] + [
    {"id": "nurse", "name": "Test School Nursing", "sector": "community_health", "contribution": "imr"},
    {"id": "school", "name": "Test School", "sector": "education", "contribution": "imr"},
]
SCHOOL_NURSE_IDVA = copy.deepcopy(SCHOOL_NURSE)
SCHOOL_NURSE_IDVA["agencies"] += [a for a in BASE_MANIFEST["agencies"] if a["id"] == "idva"]
WITH_AMBULANCE["agencies"].append(
    {"id": "las", "name": "Test Ambulance Service", "sector": "ambulance", "contribution": "imr"})


def disclosure(date: str, event_id: str, **fields: str) -> dict[str, str]:
    """Vera tells the school nurse that Percy hits her; `fields` adds to or changes the row (an incident label)."""
    return row(date, "nurse", "vic;per", "disclosure", **{
        "learned": "domestic_abuse;relationship", "event_id": event_id,
        "details": "Vera told the school nurse that her partner Percy hits her at home", **fields})


def school_share(date: str, event_id: str, **fields: str) -> dict[str, str]:
    """The school tells children's social care of Vera's account of abuse by Percy."""
    return row(date, "school", "vic;per", "information_share", **{
        "learned": "domestic_abuse;relationship", "shared_with": "csc", "event_id": event_id,
        "details": "Vera told school staff that her partner Percy hits her at home; passed to children's social "
                   "care", **fields})


SILOS = {("silo.relationship", ("nurse",)), ("silo.abuse_by_perpetrator", ("nurse",))}


def call_out(date: str, next_day: str, **police: str) -> list[dict[str, str]]:
    """One call-out recorded by police and by the ambulance crew, in words close enough to be linked as one event
    recorded twice (docs/graph-model.md); `police` adds to or changes the police row's fields."""
    return [
        row(date, "police", "vic;per", "incident", **{
            "learned": "domestic_abuse", "event_id": "pol-callout", "risk_tool": "DASH", "risk_level": "standard",
            "source_ref": "POL 14", "details": "Police called to the home address after a neighbour heard shouting; "
                                               "Vera had a cut to her face and said Percy pushed her; Percy arrested",
            **police}),
        row(next_day, "las", "vic;per", "incident", learned="domestic_abuse", event_id="las-callout",
            source_ref="LAS 3", details="Crew attended the home address with police present; Vera had a facial "
                                        "laceration after being pushed by Percy, treated at scene"),
    ]


# Quietvale: police record a high-risk incident, refer Vera to MARAC (heard) and share it with the GP and housing;
# the GP and housing then act on what they were told. Their rows record abuse they had already been told of.
TOLD_AGENCIES = copy.deepcopy(BASE_MANIFEST)
TOLD_AGENCIES["agencies"] = [a for a in BASE_MANIFEST["agencies"] if a["id"] in ("police", "gp")] + [
    {"id": "housing", "name": "Test Housing", "sector": "housing", "contribution": "imr"}]


def police_marac(shared_with: str = "gp;housing") -> dict[str, str]:
    """Police record a high-risk DASH incident, refer Vera to MARAC (heard) and share it with `shared_with`."""
    return row("2013-03-05", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
               risk_tool="DASH", risk_score="16", risk_level="high", referral_to="marac", referral_outcome="heard",
               shared_with=shared_with, event_id="pol-mar", details="Vera rang police: Percy threatened to kill her")


def gp_review(date: str = "2013-03-20", event_type: str = "appointment", **fields: str) -> dict[str, str]:
    """The GP reviews Vera's safety plan with her (the row records the abuse and the relationship)."""
    return row(date, "gp", "vic;per", event_type, **{
        "learned": "domestic_abuse;relationship", "event_id": "gp-review",
        "details": "GP reviewed the safety plan with Vera after the MARAC", **fields})


def housing_locks() -> dict[str, str]:
    """Housing fits extra locks under the sanctuary scheme, on what police told it."""
    return row("2013-04-02", "housing", "vic;per", "contact", learned="domestic_abuse;relationship",
               event_id="housing-locks", details="Housing fitted extra locks under the sanctuary scheme")



# -- A household with children, seen by front-line services (police, ambulance, emergency department, school,
# children's social care, housing, GP). Vera is Kit's mother; at the hospital she gives her maiden name, Vera Jones.
# Sid is her adult son, Ned her new partner: neither is the review's perpetrator.
HOUSEHOLD_AGENCIES = {
    "police": {"id": "police", "name": "Test Police", "sector": "police", "contribution": "imr"},
    "las": {"id": "las", "name": "Test Ambulance Service", "sector": "ambulance", "contribution": "imr"},
    "ed": {"id": "ed", "name": "Test Hospital Emergency Department", "sector": "acute_hospital",
           "contribution": "imr"},
    "school": {"id": "school", "name": "Test Primary School", "sector": "education", "contribution": "imr"},
    "csc": {"id": "csc", "name": "Test Children's Services", "sector": "childrens_social_care", "contribution": "imr"},
    "housing": {"id": "housing", "name": "Test Housing", "sector": "housing", "contribution": "imr"},
    "gp": {"id": "gp", "name": "Test GP", "sector": "gp", "contribution": "imr"},
}


def household(*agencies: str) -> dict[str, Any]:
    """The household's manifest with the agencies named: Vera (also 'Vera Jones'), Percy, Kit, Sid and Ned."""
    out = copy.deepcopy(BASE_MANIFEST)
    out["people"] = [
        {"id": "vic", "pseudonym": "Vera", "role": "victim", "aliases": ["V. Smith", "Vera Jones"]},
        {"id": "per", "pseudonym": "Percy", "role": "perpetrator"},
        {"id": "kid", "pseudonym": "Kit", "role": "child"},
        {"id": "sid", "pseudonym": "Sid", "role": "family"},
        {"id": "ned", "pseudonym": "Ned", "role": "other"},
    ]
    out["relationships"] = [
        {"person": "vic", "other": "per", "type": "intimate_partner", "start": "2012-01-01"},
        {"person": "vic", "other": "kid", "type": "parent"},
        {"person": "vic", "other": "sid", "type": "parent"},
        {"person": "vic", "other": "ned", "type": "intimate_partner", "start": "2014-05-01"},
    ]
    out["agencies"] = [copy.deepcopy(HOUSEHOLD_AGENCIES[a]) for a in agencies]
    out["forums"] = [{"id": "marac", "type": "marac", "name": "Test MARAC"}]
    return out


ASSAULT_RECORDED_THREE_TIMES = [
    row("2013-06-14", "police", "vic;per", "incident", learned="domestic_abuse;relationship", risk_tool="DASH",
        risk_score="11", risk_level="medium", event_id="pol-jun", source_ref="POL 4",
        details="Neighbour called police to the home address late at night; Vera said Percy pushed her into the "
                "kitchen door and she hurt her wrist; Percy arrested"),
    row("2013-06-14", "las", "vic;per", "incident", learned="domestic_abuse", shared_with="ed", event_id="las-jun",
        source_ref="LAS 2",
        details="Crew called by police to the home address late at night; Vera's wrist injured after her partner "
                "pushed her into the kitchen door; conveyed to the emergency department"),
    row("2013-06-15", "ed", "vic;per", "disclosure", learned="domestic_abuse;relationship", shared_with="gp",
        event_id="ed-jun", source_ref="ED 1",
        details="Emergency department after midnight: Vera's wrist fractured; told the triage nurse her partner "
                "Percy pushed her into the kitchen door at home; discharge letter to the GP"),
]

CASES = [
    ChairCase(
        "nothing_known",
        "Three agencies see the victim or the perpetrator for ordinary reasons; nobody learns of abuse or of the "
        "relationship. A panel finds no gap in sharing: there was nothing to share.",
        [
            row("2013-01-05", "gp", "vic", "appointment", details="Back pain"),
            row("2013-02-11", "gp", "vic", "appointment", details="Review"),
            row("2013-03-02", "police", "per", "incident", details="Noise complaint from a neighbour"),
            row("2013-04-20", "idva", "vic", "contact", details="Enquiry about a leaflet; no disclosure"),
            row("2013-06-01", "gp", "per", "appointment", details="Knee injury"),
            row("2013-08-14", "police", "per", "contact", details="Witness to a road accident"),
            row("2014-01-09", "gp", "vic", "appointment", details="Flu jab"),
            row("2014-05-30", "police", "vic", "contact", details="Lost property"),
        ],
        must=set(), nothing_else=True, manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "referral_carries_the_pair",
        "Police attend an assault of Vera by Percy with threats to kill and refer both to the IDVA and to MARAC "
        "(learned lists the abuse and the threats, not 'relationship'). Police knew and passed it on: no silo. The "
        "IDVA was told by police: it is not a silo either (the knowledge had moved). The GP keeps seeing Vera "
        "and was never told: that is the one gap.",
        [
            row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse;threats_to_kill",
                risk_tool="DASH", risk_score="15", risk_level="high"),
            row("2013-03-02", "police", "vic;per", "referral", learned="domestic_abuse;threats_to_kill",
                referral_to="idva;marac"),
            row("2013-03-05", "idva", "vic", "contact", details="Safety planning"),
            row("2013-03-20", "idva", "vic", "contact", details="Support call"),
            row("2013-04-02", "gp", "vic", "appointment", details="Low mood"),
            row("2013-05-10", "gp", "vic", "appointment", details="Review"),
            row("2013-06-01", "gp", "vic", "appointment", details="Review"),
            row("2013-07-01", "idva", "vic", "contact", details="Case closed"),
        ],
        must={("blind_spot", ("gp", "police"))},
        must_not={("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
                  ("silo.relationship", ("idva",)), ("silo.abuse_by_perpetrator", ("idva",)),
                  ("marac.visible_high_risk", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "declined_referral_passes_nothing_on",
        "Police know of the abuse and refer to MARAC, but MARAC declines the referral; nothing else is shared. The "
        "knowledge never left police: a silo; and a high-risk grade with only a declined referral is unanswered.",
        [
            row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse", risk_level="high",
                risk_tool="DASH", risk_score="16"),
            row("2013-03-03", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="marac",
                referral_outcome="declined"),
            row("2013-05-01", "gp", "vic", "appointment"),
        ],
        must={("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
              ("marac.visible_high_risk", ("police",)), ("blind_spot", ("gp", "police"))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "marac_referral_before_the_assessment",
        "Police refer Vera to MARAC; sixteen days later the IDVA, working the case, grades her high. The MARAC "
        "referral answers the high grade: no visible-high-risk finding.",
        [
            row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse", risk_level="medium",
                risk_tool="DASH", risk_score="12"),
            row("2013-03-01", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="marac;idva"),
            row("2013-03-17", "idva", "vic;per", "risk_assessment", learned="domestic_abuse", risk_level="high",
                risk_tool="DASH", risk_score="17"),
        ],
        must_not={("marac.visible_high_risk", ("idva",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "marac_referral_long_before_the_assessment",
        "The near miss: the only MARAC referral was five months before the IDVA's high grade.",
        [
            row("2012-10-01", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="marac;idva"),
            row("2013-03-17", "idva", "vic;per", "risk_assessment", learned="domestic_abuse", risk_level="high",
                risk_tool="DASH", risk_score="17"),
        ],
        must={("marac.visible_high_risk", ("idva",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "escalation_is_not_inconsistency",
        "Standard on 1 March; a new incident with threats to kill on 10 March is graded high. The grade rose "
        "because the risk did: not an inconsistency.",
        [
            row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse", risk_level="standard",
                risk_tool="DASH", risk_score="4"),
            row("2013-03-10", "police", "vic;per", "incident", learned="domestic_abuse;threats_to_kill",
                risk_level="high", risk_tool="DASH", risk_score="15", referral_to="marac;idva"),
        ],
        must_not={("risk.inconsistent", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "uncertain_gap_is_not_inconsistency",
        "A GP's 'medium' in January 2013 (month only) and police 'standard' on 15 April: between 74 and 104 days "
        "apart, so not certainly within the 90-day window.",
        [
            row("2013-01", "gp", "vic;per", "appointment", learned="domestic_abuse", risk_level="medium"),
            row("2013-04-15", "police", "vic", "contact", risk_level="standard", risk_tool="DASH"),
        ],
        must_not={("risk.inconsistent", ("gp", "police"))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "inconsistent_with_nothing_between",
        "The positive case: standard on 10 January, medium on 10 February, no incident between: graded "
        "differently within the window.",
        [
            row("2013-01-10", "police", "vic", "contact", risk_level="standard", risk_tool="DASH"),
            row("2013-02-10", "idva", "vic", "contact", risk_level="medium", risk_tool="DASH"),
        ],
        must={("risk.inconsistent", ("idva", "police"))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "health_to_health_is_not_sharing",
        "Percy's suicidality is known to the GP, who refers him to mental health; no one outside health ever "
        "hears of it. Still known only to health services.",
        [
            row("2013-02-01", "gp", "per", "appointment", learned="suicidality"),
            row("2013-02-02", "gp", "per", "referral", learned="suicidality", referral_to="mh"),
            row("2013-03-01", "mh", "per", "appointment", learned="suicidality"),
        ],
        must={("perpetrator.health_unshared", ("gp", "mh"))},
    ),
    # -- MARAC visible high risk: a referral tied to the same incident answers the assessment ------------------------
    ChairCase(
        "marac_referral_for_the_same_incident",
        "Police refer Vera to MARAC after the January incident. The IDVA first reaches her seven weeks later and "
        "grades that same incident high. The referral was made for it: the IDVA's grade needs no second referral.",
        [
            row("2013-01-08", "police", "vic;per", "incident", learned="domestic_abuse", incident="jan"),
            row("2013-01-09", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="marac;idva",
                incident="jan"),
            row("2013-03-01", "idva", "vic;per", "risk_assessment", learned="domestic_abuse", risk_level="high",
                risk_tool="DASH", risk_score="16", incident="jan"),
        ],
        must_not={("marac.visible_high_risk", ("idva",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "marac_referral_for_an_earlier_incident",
        "The near miss: the same dates, but the IDVA grades a new incident of late February high. The January "
        "referral was for another incident, seven weeks before: the new high grade went unreferred.",
        [
            row("2013-01-08", "police", "vic;per", "incident", learned="domestic_abuse", incident="jan"),
            row("2013-01-09", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="marac;idva",
                incident="jan"),
            row("2013-03-01", "idva", "vic;per", "risk_assessment", learned="domestic_abuse", risk_level="high",
                risk_tool="DASH", risk_score="16", incident="feb"),
        ],
        must={("marac.visible_high_risk", ("idva",))},
        manifest=THREE_AGENCIES,
    ),
    # -- Different grades: a new incident between, the same incident, an uncertain order -------------------------
    ChairCase(
        "new_incident_reported_elsewhere_between_grades",
        "Police grade Vera standard on 10 January. On 20 January she tells her GP of a new assault. On 1 February "
        "the IDVA grades her high. The risk changed between the two grades; they do not disagree.",
        [
            row("2013-01-10", "police", "vic", "contact", risk_level="standard", risk_tool="DASH"),
            row("2013-01-20", "gp", "vic;per", "disclosure", learned="domestic_abuse"),
            row("2013-02-01", "idva", "vic", "contact", risk_level="high", risk_tool="DASH"),
        ],
        must_not={("risk.inconsistent", ("idva", "police"))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "share_between_grades_is_no_new_incident",
        "The near miss: between the two grades police only pass their January record on; a share is not a new "
        "incident, so standard then high three weeks apart is two agencies reading one risk differently.",
        [
            row("2013-01-10", "police", "vic", "contact", risk_level="standard", risk_tool="DASH"),
            row("2013-01-20", "police", "vic;per", "information_share", learned="domestic_abuse", shared_with="idva"),
            row("2013-02-01", "idva", "vic", "contact", risk_level="high", risk_tool="DASH"),
        ],
        must={("risk.inconsistent", ("idva", "police"))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "one_incident_graded_twice",
        "Police grade the March incident standard; the IDVA, assessing the same incident ten days later, grades it "
        "high. No new incident came between: the same facts were graded differently.",
        [
            row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse", risk_level="standard",
                risk_tool="DASH", incident="march"),
            row("2013-03-11", "idva", "vic;per", "risk_assessment", learned="domestic_abuse", risk_level="high",
                risk_tool="DASH", incident="march"),
        ],
        must={("risk.inconsistent", ("idva", "police"))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "uncertain_order_is_not_inconsistency",
        "The GP's 'medium' is dated only 'February 2013'; the police 'standard' is 15 February. Either may have "
        "come first, so neither can be said to have contradicted the other.",
        [
            row("2013-02", "gp", "vic", "appointment", risk_level="medium"),
            row("2013-02-15", "police", "vic", "contact", risk_level="standard", risk_tool="DASH"),
        ],
        must_not={("risk.inconsistent", ("gp", "police"))},
        manifest=THREE_AGENCIES,
    ),
    # -- Perpetrator health: only sharing outside the health services counts ---------------------------------------
    ChairCase(
        "health_tells_police",
        "The GP refers Percy's suicidality to mental health, which later tells police of it. The fact left the "
        "health services: not known only to them.",
        [
            row("2013-02-01", "gp", "per", "appointment", learned="suicidality"),
            row("2013-02-02", "gp", "per", "referral", learned="suicidality", referral_to="mh"),
            row("2013-03-01", "mh", "per", "appointment", learned="suicidality"),
            row("2013-03-05", "mh", "per", "information_share", learned="suicidality", shared_with="police"),
        ],
        must_not={("perpetrator.health_unshared", ("gp", "mh"))},
    ),
    ChairCase(
        "health_tells_marac",
        "The GP knows of Percy's suicidality and brings it to MARAC. A forum is outside the health services: the "
        "fact was shared.",
        [
            row("2013-02-01", "gp", "per", "appointment", learned="suicidality"),
            row("2013-02-20", "gp", "per", "information_share", shared_with="marac"),
        ],
        must_not={("perpetrator.health_unshared", ("gp",))},
    ),
    # -- Same agency, two records: only with something of concern recorded --------------------------------------
    ChairCase(
        "two_unremarkable_records",
        "The GP sees Vera for a flu jab and Percy for a sprained knee while they are together, and records nothing "
        "of concern about either. Nothing linked them in the GP's sight: there is no gap.",
        [
            row("2013-01-09", "gp", "vic", "appointment", details="Flu jab"),
            row("2013-02-14", "gp", "per", "appointment", details="Sprained knee"),
        ],
        must=set(), nothing_else=True, manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "two_records_one_of_concern",
        "The GP sees Vera for an injury she cannot explain and with low mood, and sees Percy for his drinking, both "
        "while they are together, and never notes that they are a couple. The GP held both records: a gap.",
        [
            row("2013-01-09", "gp", "vic", "appointment", learned="mental_ill_health", details="Low mood, bruising"),
            row("2013-02-14", "gp", "per", "appointment", learned="substance_misuse"),
        ],
        must={("two_records", ("gp",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "concern_only_before_the_relationship",
        "The near miss: the GP's only concern about Vera was recorded in 2011, before she met Percy; while they "
        "were together the GP saw each of them for ordinary reasons. No gap during the relationship.",
        [
            row("2011-05-03", "gp", "vic", "appointment", learned="mental_ill_health"),
            row("2013-01-09", "gp", "vic", "appointment", details="Flu jab"),
            row("2013-02-14", "gp", "per", "appointment", details="Sprained knee"),
        ],
        must_not={("two_records", ("gp",))},
        manifest=THREE_AGENCIES,
    ),
    # -- Roles recorded the other way round in one row ----------------------------------------------------------
    ChairCase(
        "counter_allegation_recorded_as_made",
        "Police attend a call and record Percy as the victim and Vera as the perpetrator, as Percy told it; no "
        "other agency recorded the incident. The row turns the review's roles round by itself.",
        [
            row("2013-04-02", "police", "vic;per", "incident", learned="domestic_abuse", recorded_victim="per",
                recorded_perpetrator="vic"),
        ],
        must={("role_inconsistency", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "perpetrator_assaulted_by_a_stranger",
        "The near miss: police record Percy as the victim of an assault by Sam, a stranger; Vera is a witness. "
        "That is another incident between other people, not the couple's roles turned round.",
        [
            row("2013-04-02", "police", "vic;per;sam", "incident", recorded_victim="per", recorded_perpetrator="sam"),
        ],
        must_not={("role_inconsistency", ("police",))},
        manifest=WITH_A_STRANGER,
    ),
    ChairCase(
        "reversed_row_already_in_a_two_row_finding",
        "Police record Vera as the victim of the May incident; the IDVA records the same incident with Percy as "
        "the victim and Vera as the perpetrator. One finding, naming both rows; the IDVA's row is not reported a "
        "second time on its own.",
        [
            row("2013-05-04", "police", "vic;per", "incident", learned="domestic_abuse", incident="may",
                recorded_victim="vic", recorded_perpetrator="per"),
            row("2013-05-06", "idva", "vic;per", "contact", learned="domestic_abuse", incident="may",
                recorded_victim="per", recorded_perpetrator="vic"),
        ],
        must={("role_inconsistency", ("idva", "police"))},
        must_not={("role_inconsistency", ("idva",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "considered_marac_not_made",
        "Vera tells police that Percy threatened to kill her; the officer grades her medium, considers a MARAC "
        "referral on professional judgement and does not make it; she is referred to the IDVA only. The decision not "
        "to refer is a finding: police considered a MARAC referral and none followed.",
        [
            row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse;threats_to_kill",
                risk_tool="DASH", risk_score="11", risk_level="medium", referral_to="marac",
                referral_outcome="considered_not_made"),
            row("2013-03-02", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="idva"),
            row("2013-03-06", "idva", "vic", "contact", details="Safety planning"),
        ],
        must={("referral.considered_not_made", ("police",))},
        must_not={("marac.visible_high_risk", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "offered_not_taken_up_is_her_choice",
        "Vera tells her GP of abuse by Percy; the GP assesses the risk and offers a referral to the IDVA, which she "
        "does not take up. Not a failing of the GP's: no considered-not-made finding. The offer passed nothing on: "
        "what the GP knew stayed with the GP.",
        [
            row("2013-03-01", "gp", "vic;per", "appointment", learned="domestic_abuse", risk_tool="DASH",
                risk_score="5", risk_level="standard", referral_to="idva", referral_outcome="offered_not_taken_up"),
        ],
        must={("silo.abuse_by_perpetrator", ("gp",))},
        must_not={("referral.considered_not_made", ("gp",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "considered_then_made_next_week",
        "Police consider a MARAC referral on 1 March and make it on 8 March: the referral was made; nothing to find "
        "about the decision.",
        [
            row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse", referral_to="marac",
                referral_outcome="considered_not_made"),
            row("2013-03-08", "police", "vic;per", "referral", learned="domestic_abuse", referral_to="marac"),
        ],
        must_not={("referral.considered_not_made", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "separation_then_harassment_unscreened",
        "The IDVA records that Vera has left Percy. Two months later police record harassment: he keeps turning up "
        "at her workplace and messaging her. No DASH, no stalking questions. Separation then harassment with no "
        "stalking screen: a finding against police.",
        [
            row("2013-03-01", "idva", "vic", "contact", learned="separation", details="Vera has left Percy"),
            row("2013-05-02", "police", "vic;per", "incident", learned="harassment",
                details="Percy waits outside her workplace and sends repeated messages"),
        ],
        must={("stalking.no_screen", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "screen_asked_the_next_week",
        "The same, but police ask the stalking screening questions a week after the harassment report: screened in "
        "time, no finding.",
        [
            row("2013-03-01", "idva", "vic", "contact", learned="separation", details="Vera has left Percy"),
            row("2013-05-02", "police", "vic;per", "incident", learned="harassment",
                details="Percy waits outside her workplace and sends repeated messages"),
            row("2013-05-09", "police", "vic", "contact", stalking_screen="asked", details="S-DASH completed"),
        ],
        must_not={("stalking.no_screen", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "harassment_before_the_separation",
        "Police record harassment in February; the separation is recorded in March and nothing follows it. The "
        "harassment did not follow a separation: no stalking-screen finding.",
        [
            row("2013-02-01", "police", "vic;per", "incident", learned="harassment"),
            row("2013-03-01", "idva", "vic", "contact", learned="separation"),
        ],
        must_not={("stalking.no_screen", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "separation_and_nothing_else",
        "Vera tells her GP she has separated from Percy; the GP and police see her for ordinary reasons and no one "
        "learns of abuse, harassment or stalking. A panel finds nothing.",
        [
            row("2013-03-01", "gp", "vic", "appointment", learned="separation", details="Recently separated"),
            row("2013-04-10", "gp", "vic", "appointment", details="Sleep problems"),
            row("2013-06-01", "police", "vic", "contact", details="Lost property"),
        ],
        must=set(), nothing_else=True, manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "written_as_busy_people_write",
        "The police return names agencies and people in words, dates by month name, a grade as 'High risk' and the "
        "abuse as 'DV': police learned of the abuse of Vera by Percy in March 2013 (month only), graded it high and "
        "referred to the IDVA; nobody referred to MARAC. The GP kept seeing Vera and was never told. A panel finds "
        "what it would from the same rows written in ids.",
        [
            row("March 2013", "Test Police", "Vera & Percy", "Incident", learned="DV", risk_tool="DASH",
                risk_score="15", risk_level="High risk"),
            row("14th March 2013", "test police", "Vera and Percy", "referral", learned="DV",
                referral_to="Test IDVA"),
            row("?April 2013", "Test GP", "V. Smith", "Appointment", details="Low mood"),
            row("10/06/13", "gp", "Vera", "appointment", details="Review"),
        ],
        must={("marac.visible_high_risk", ("police",)), ("blind_spot", ("gp", "police"))},
        must_not={("silo.abuse_by_perpetrator", ("police",))},
        manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "one_call_out_recorded_twice_and_one_more",
        "Police and the ambulance service each record one call-out to Vera, pushed by Percy (the rows are linked as "
        "one event recorded twice; the chair gave no incident label), and Vera tells her GP of another assault two "
        "months later. That is two incidents within twelve months, not three: a panel would reject an escalation "
        "finding that counts the call-out twice.",
        [
            *call_out("2013-05-10", "2013-05-11"),
            row("2013-07-15", "gp", "vic;per", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                risk_level="standard", details="Vera says Percy slapped her last week"),
        ],
        must_not={("marac.potential_escalation", ("gp", "las", "police")),
                  ("marac.potential_escalation", ("gp", "police"))},
        manifest=WITH_AMBULANCE,
    ),
    ChairCase(
        "one_call_out_recorded_twice_and_two_more",
        "The call-out recorded by police and the ambulance service, then two more assaults disclosed to the GP and "
        "reported to police within the year, and no MARAC referral: three incidents within twelve months. The "
        "finding stands, counting three incidents and citing all four rows.",
        [
            *call_out("2013-05-10", "2013-05-11"),
            row("2013-07-15", "gp", "vic;per", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                risk_level="standard", details="Vera says Percy slapped her last week"),
            row("2013-09-02", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_level="standard", details="Percy threw a mug at Vera in the kitchen; no injury"),
        ],
        must={("marac.potential_escalation", ("gp", "las", "police"))},
        manifest=WITH_AMBULANCE,
    ),
    ChairCase(
        "two_agencies_one_day_two_events",
        "On one day police attend a row in the street and, that evening, the ambulance service treats Vera for a "
        "burn Percy caused at home: two events, not linked. With a GP disclosure two months later that is three "
        "incidents within twelve months and no MARAC referral: the escalation finding stands.",
        [
            row("2013-05-10", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_level="standard", details="Officers stopped an argument outside the supermarket on the High "
                                               "Street; words of warning given"),
            row("2013-05-10", "las", "vic;per", "incident", learned="domestic_abuse",
                details="Scald to forearm from a kettle, says partner threw water; dressing applied, conveyed to "
                        "hospital"),
            row("2013-07-15", "gp", "vic;per", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                risk_level="standard", details="Vera says Percy slapped her last week"),
        ],
        must={("marac.potential_escalation", ("gp", "las", "police"))},
        manifest=WITH_AMBULANCE,
    ),
    ChairCase(
        "labels_keep_a_wrong_link_apart",
        "The two rows of the call-out would be linked, but the chair judged them two incidents and labelled them "
        "so: her labels decide. With the GP disclosure that is three incidents, and the escalation finding stands.",
        [
            *call_out("2013-05-10", "2013-05-11", incident="callout-a"),
            row("2013-07-15", "gp", "vic;per", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                risk_level="standard", details="Vera says Percy slapped her last week"),
        ],
        must={("marac.potential_escalation", ("gp", "las", "police"))},
        manifest=WITH_AMBULANCE,
    ),
    ChairCase(
        "call_out_with_a_child_referred_once",
        "Kit is at home at the call-out. The ambulance crew records it, and police, recording the same call-out, "
        "share it with children's social care the same day. The incident reached children's social care: a panel "
        "finds nothing, and no finding that no referral followed the ambulance's record of it.",
        [
            row("2013-05-10", "las", "vic;per;kid", "incident", learned="domestic_abuse", event_id="las-callout",
                shared_with="gp", details="Crew attended the home address with police present; Vera had a facial "
                                          "laceration after being pushed by Percy, child present, treated at scene"),
            row("2013-05-10", "police", "vic;per;kid", "incident", learned="domestic_abuse", event_id="pol-callout",
                risk_tool="DASH", risk_level="standard", shared_with="csc",
                details="Police called to the home address after a neighbour heard shouting; Vera had a cut to her "
                        "face and said Percy pushed her; child present; Percy arrested"),
        ],
        must=set(), nothing_else=True, manifest=WITH_AMBULANCE,
    ),
    ChairCase(
        "disclosure_shared_by_the_school",
        "Vera tells the school nurse of abuse by Percy; the school, told the same, passes it to children's social "
        "care that day, and the chair labels both rows one incident. The nurse's service did not share it itself, "
        "but the disclosure reached children's social care the same day: a panel would reject 'knew and never "
        "passed it on' against the nurse's service. The school passed it on, and children's social care was told.",
        [
            disclosure("2014-02-11", "nurse-feb", incident="feb"),
            school_share("2014-02-11", "school-feb", incident="feb"),
        ],
        must_not=SILOS | {("silo.relationship", ("school",)), ("silo.abuse_by_perpetrator", ("school",)),
                          ("silo.relationship", ("csc",)), ("silo.abuse_by_perpetrator", ("csc",))},
        manifest=SCHOOL_NURSE,
    ),
    ChairCase(
        "disclosure_nobody_shared",
        "Vera tells the school nurse of abuse by Percy and nobody passes it on; the school sees Vera only for a "
        "parents' evening. The nurse's service knew and never passed it on: a silo on both topics.",
        [
            disclosure("2014-02-11", "nurse-feb", incident="feb"),
            row("2014-03-01", "school", "vic", "contact", details="Parents' evening"),
        ],
        must=SILOS, manifest=SCHOOL_NURSE,
        cites={finding: {"nurse-feb"} for finding in SILOS},
    ),
    ChairCase(
        "school_shared_another_incident",
        "Vera tells the school nurse of one assault (labelled 'feb'); a month later the school passes a different "
        "incident (labelled 'march') to children's social care. What the nurse heard never moved: a silo.",
        [
            disclosure("2014-02-11", "nurse-feb", incident="feb"),
            school_share("2014-03-12", "school-march", incident="march",
                         details="Vera arrived with a bruised arm and said Percy grabbed her; passed to children's "
                                 "social care"),
        ],
        must=SILOS, must_not={("silo.relationship", ("school",)), ("silo.abuse_by_perpetrator", ("school",))},
        manifest=SCHOOL_NURSE,
        cites={finding: {"nurse-feb"} for finding in SILOS},
    ),
    ChairCase(
        "one_disclosure_shared_one_not",
        "Vera tells the school nurse of abuse twice: in February (the school passed that incident to children's "
        "social care the same day) and in May (nobody passed it on). The May disclosure never moved: a silo, "
        "resting on the May row alone, since the February one reached children's social care.",
        [
            disclosure("2014-02-11", "nurse-feb", incident="feb"),
            school_share("2014-02-11", "school-feb", incident="feb"),
            disclosure("2014-05-20", "nurse-may", incident="may",
                       details="Vera told the school nurse Percy pushed her down the stairs last weekend"),
        ],
        must=SILOS, manifest=SCHOOL_NURSE,
        cites={finding: {"nurse-may"} for finding in SILOS},
    ),
    ChairCase(
        "school_told_only_the_nurse",
        "The school passes the same incident only to the school nurse's service. Nothing reached anyone beyond the "
        "two agencies that recorded it: the nurse's service still knew and never passed it on, a silo citing its "
        "own row and the school's share that told it.",
        [
            disclosure("2014-02-11", "nurse-feb", incident="feb"),
            school_share("2014-02-11", "school-feb", incident="feb", shared_with="nurse",
                         details="School staff passed Vera's account of abuse by Percy to the school nurse"),
        ],
        must=SILOS, manifest=SCHOOL_NURSE,
        cites={finding: {"nurse-feb", "school-feb"} for finding in SILOS},
    ),
    ChairCase(
        "disclosure_and_share_recorded_twice",
        "The nurse's record of Vera's disclosure and the school's record of passing it to children's social care "
        "the same day describe one event (linked as recorded twice; the chair gave no labels). The disclosure "
        "reached children's social care: no silo against the nurse's service.",
        [
            disclosure("2014-02-11", "nurse-feb"),
            school_share("2014-02-11", "school-feb"),
        ],
        must_not=SILOS, manifest=SCHOOL_NURSE,
    ),
    ChairCase(
        "disclosure_shared_and_acted_on",
        "Vera tells the school nurse of abuse by Percy; the school passes it to children's social care the same "
        "day (one incident, labelled), and children's social care assesses the risk and refers Vera to the IDVA "
        "service. Everything the nurse's service knew moved, and was acted on: a panel finds nothing.",
        [
            disclosure("2014-02-11", "nurse-feb", incident="feb"),
            school_share("2014-02-11", "school-feb", incident="feb"),
            row("2014-02-12", "csc", "vic;per", "risk_assessment", learned="domestic_abuse", risk_tool="DASH",
                risk_score="6", risk_level="standard", referral_to="idva", incident="feb"),
        ],
        must=set(), nothing_else=True, manifest=SCHOOL_NURSE_IDVA,
    ),
    ChairCase(
        "told_rows_are_not_new",
        "Police assess Vera at high risk, refer her to MARAC (heard) and tell the GP and housing. The GP then "
        "reviews the safety plan with Vera and housing fits extra locks; both rows record the abuse and the "
        "relationship, which both agencies had been told of. Neither row is a new incident (no repeat), neither "
        "agency was told anything new that asked for its own assessment (the high-risk assessment and the MARAC "
        "referral were made), and neither kept anything to itself: it knew only because police told it. A panel "
        "finds nothing.",
        [police_marac(), gp_review(), housing_locks()],
        must=set(), nothing_else=True, manifest=TOLD_AGENCIES,
    ),
    ChairCase(
        "told_agency_hears_a_new_assault",
        "As above, but on 20 Mar Vera tells the GP of a new assault (a disclosure). That is new information: a "
        "further incident within twelve months of the MARAC referral, not referred back (the repeat names the GP "
        "alone: housing's locks are still what it was told); a disclosure of abuse the GP made no risk assessment "
        "of; and knowledge the GP held and passed to no one, a silo citing the GP's own row only (the police row "
        "that told it had moved on to housing and MARAC). Housing remains only told.",
        [police_marac(), gp_review(event_type="disclosure", details="Vera told the GP Percy assaulted her again"),
         housing_locks()],
        must={("marac.repeat", ("gp",)), ("risk.no_assessment", ("gp",)),
              ("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",))},
        must_not={("silo.relationship", ("housing",)), ("silo.abuse_by_perpetrator", ("housing",)),
                  ("risk.no_assessment", ("housing",)), ("marac.repeat", ("gp", "housing"))},
        cites={("silo.relationship", ("gp",)): {"gp-review"}, ("silo.abuse_by_perpetrator", ("gp",)): {"gp-review"},
               ("marac.repeat", ("gp",)): {"pol-mar", "gp-review"}},
        manifest=TOLD_AGENCIES,
    ),
    ChairCase(
        "untold_agency_records_abuse",
        "As the first, but police tell only housing. The GP's record of the abuse came from Vera, not from another "
        "agency: it counts as before, a further incident after the MARAC referral not referred back, abuse "
        "recorded with no assessment of the GP's own, and knowledge the GP never passed on. Housing is only told.",
        [police_marac(shared_with="housing"), gp_review(), housing_locks()],
        must={("marac.repeat", ("gp",)), ("risk.no_assessment", ("gp",)),
              ("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",))},
        must_not={("silo.relationship", ("housing",)), ("silo.abuse_by_perpetrator", ("housing",)),
                  ("risk.no_assessment", ("housing",))},
        manifest=TOLD_AGENCIES,
    ),
    ChairCase(
        "agency_knew_before_it_was_told",
        "As the first, but the GP's row is on 1 Mar, before police told it: the GP knew of the abuse from Vera "
        "first. It counts as before: abuse recorded with no assessment of the GP's own, and knowledge the GP held "
        "and never passed on (being told later does not undo that). It came before the MARAC referral, so it is "
        "no repeat. Housing is only told.",
        [police_marac(), gp_review(date="2013-03-01"), housing_locks()],
        must={("risk.no_assessment", ("gp",)), ("silo.relationship", ("gp",)),
              ("silo.abuse_by_perpetrator", ("gp",))},
        must_not={("silo.relationship", ("housing",)), ("silo.abuse_by_perpetrator", ("housing",)),
                  ("risk.no_assessment", ("housing",)), ("marac.repeat", ("gp",)), ("marac.repeat", ("housing",))},
        manifest=TOLD_AGENCIES,
    ),
    ChairCase(
        "told_then_disclosed_to_and_kept",
        "Police attend a standard-risk assault of Vera by Percy and tell housing; a month later Vera tells her "
        "housing officer Percy hit her again (a disclosure: new information, though housing had been told of the "
        "first). Housing passes it to no one and assesses no risk: a silo citing its disclosure, and no assessment "
        "of its own. The GP sees Vera twice after police knew and is never told: a blind spot. Police later grade a "
        "new assault high and refer to MARAC with it: the third incident in twelve months is answered by that "
        "referral (no escalation), both grades are within their bands, and police passed everything on.",
        [
            row("2013-03-05", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="8", risk_level="standard", event_id="pol-first",
                details="Vera rang police: Percy pushed her down the stairs"),
            row("2013-03-08", "police", "vic;per", "information_share", learned="domestic_abuse;relationship",
                shared_with="housing", event_id="pol-share", details="Police told housing of the incident"),
            row("2013-04-10", "housing", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                event_id="housing-disclosure",
                details="Vera told her housing officer Percy had hit her again and she wanted to move"),
            row("2013-09-01", "gp", "vic", "appointment", learned="mental_ill_health", details="Anxiety, poor sleep"),
            row("2014-01-15", "gp", "vic", "appointment", details="Bruised wrist; said she fell"),
            row("2014-02-20", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="15", risk_level="high", referral_to="marac",
                referral_outcome="heard", details="Percy assaulted Vera at home; arrested"),
            row("2014-03-03", "housing", "vic", "contact", details="Vera moved to a new flat"),
        ],
        must={("silo.relationship", ("housing",)), ("silo.abuse_by_perpetrator", ("housing",)),
              ("risk.no_assessment", ("housing",)), ("blind_spot", ("gp", "police"))},
        nothing_else=True, manifest=TOLD_AGENCIES,
        # As in school_told_only_the_nurse: the silo cites every row by which housing knew that never moved on,
        # its own disclosure and the police share that first told it.
        cites={("silo.relationship", ("housing",)): {"housing-disclosure", "pol-share"},
               ("silo.abuse_by_perpetrator", ("housing",)): {"housing-disclosure", "pol-share"}},
    ),
    # -- A household with children, seen by front-line services (manifest `household`) -----------------------------
    ChairCase(
        "one_assault_recorded_by_police_ambulance_and_hospital",
        "Percy pushes Vera into a door late at night. Police attend and grade the risk medium; the ambulance crew, "
        "called by police, conveys her to the emergency department, which sees her after midnight, hears her "
        "account and writes to the GP. Three records of one assault (linked as recorded twice; no labels). The GP "
        "reviews the hospital letter with her in July (a told row), and in October Vera tells the GP of a new "
        "slap. ACCEPTED: the emergency department heard a disclosure and assessed no risk of its own (the police "
        "DASH was another agency's); the GP heard a new assault in October, assessed no risk and passed it to no "
        "one (a silo resting on that disclosure alone: the hospital letter that first told the GP records an assault "
        "whose information had moved beyond the GP and the hospital, through the crew). CONTRADICTED: "
        "an escalation (the assault and the slap are two incidents, not four or three); a silo against police (the "
        "same assault reached the hospital through the crew, and the GP through the hospital), the ambulance "
        "service (handed over) or the hospital (wrote to the GP); a no-assessment finding on the GP's July review "
        "(it records what the hospital told it); anything about children (none was recorded).",
        [
            *ASSAULT_RECORDED_THREE_TIMES,
            row("2013-07-02", "gp", "vic;per", "appointment", learned="domestic_abuse;relationship",
                event_id="gp-jul", details="Emergency department discharge letter reviewed with Vera; wrist healing; "
                                           "she says things are calmer at home"),
            row("2013-10-03", "gp", "vic;per", "disclosure", learned="domestic_abuse", event_id="gp-oct",
                details="Vera said Percy slapped her last week; she did not want any referral"),
        ],
        must={("risk.no_assessment", ("ed",)), ("risk.no_assessment", ("gp",)),
              ("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",))},
        must_not={("marac.potential_escalation", ("ed", "gp", "las", "police")),
                  ("marac.potential_escalation", ("ed", "gp", "police")),
                  ("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
                  ("silo.relationship", ("las",)), ("silo.abuse_by_perpetrator", ("las",)),
                  ("silo.relationship", ("ed",)), ("silo.abuse_by_perpetrator", ("ed",))},
        nothing_else=True, manifest=household("police", "las", "ed", "gp"),
        cites={("risk.no_assessment", ("ed",)): {"ed-jun"}, ("risk.no_assessment", ("gp",)): {"gp-oct"},
               ("silo.relationship", ("gp",)): {"gp-oct"}, ("silo.abuse_by_perpetrator", ("gp",)): {"gp-oct"}},
    ),
    ChairCase(
        "children_present_who_should_have_referred",
        "Kit is present at three incidents. November 2012: police and the ambulance crew attend the same call-out "
        "(linked, no label) and police tell children's social care the same day. September 2013: Vera tells the "
        "GP Percy slapped her while Kit watched; the GP assesses the risk and refers nobody. January 2014: Kit "
        "tells his teacher of the weekend's assault and the school refers to children's social care on the 13th; "
        "on the 20th Vera tells the GP of the same assault (the chair labels both rows 'jan'). ACCEPTED: the GP's "
        "September disclosure with Kit present never reached children's social care, and the GP passed it to no "
        "one (a silo resting on the September row only). CONTRADICTED: a children's finding against the ambulance "
        "service (police referred that call-out), police, the school, or the GP's January row (the school had "
        "referred that very assault to children's social care a week before: the incident reached it); a silo on "
        "the January disclosure (the school passed that incident on); an escalation (never three incidents within "
        "twelve months).",
        [
            row("2012-11-10", "police", "vic;per;kid", "incident", learned="domestic_abuse;child_in_household",
                risk_tool="DASH", risk_score="8", risk_level="standard", shared_with="csc", event_id="pol-nov",
                details="Police called to the home address: Percy threw a plate at Vera during an argument, Kit in "
                        "the room; Vera's hand cut; Percy left before officers arrived"),
            row("2012-11-10", "las", "vic;per;kid", "incident", learned="domestic_abuse", event_id="las-nov",
                details="Crew attended the home address with police: Vera's hand cut by a plate her partner threw "
                        "during an argument, Kit in the room; treated at scene"),
            row("2012-11-13", "csc", "vic;per;kid", "contact", learned="domestic_abuse", event_id="csc-nov",
                details="Police notification screened; advice letter to Vera"),
            row("2013-09-05", "gp", "vic;per;kid", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                risk_score="5", risk_level="standard", event_id="gp-sep",
                details="Vera told the GP Percy slapped her on Tuesday while Kit watched; advice given"),
            row("2014-01-13", "school", "vic;per;kid", "referral", learned="domestic_abuse;child_in_household",
                referral_to="csc", incident="jan", event_id="school-jan",
                details="Kit told his teacher daddy hurt mummy at the weekend; referred to children's social care"),
            row("2014-01-14", "csc", "vic;per;kid", "contact", learned="domestic_abuse", event_id="csc-jan",
                details="School referral received; single assessment started"),
            row("2014-01-20", "gp", "vic;per;kid", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                risk_score="6", risk_level="standard", incident="jan", event_id="gp-jan",
                details="Vera told the GP Percy hit her at the weekend of 11 January in front of Kit; a social "
                        "worker is already involved after the school's referral"),
        ],
        must={("children.no_csc_referral", ("gp",)), ("silo.relationship", ("gp",)),
              ("silo.abuse_by_perpetrator", ("gp",))},
        must_not={("children.no_csc_referral", ("las",)), ("children.no_csc_referral", ("police",)),
                  ("children.no_csc_referral", ("school",))},
        nothing_else=True, manifest=household("police", "las", "gp", "school", "csc"),
        cites={("children.no_csc_referral", ("gp",)): {"gp-sep"}, ("silo.relationship", ("gp",)): {"gp-sep"},
               ("silo.abuse_by_perpetrator", ("gp",)): {"gp-sep"}},
    ),
    ChairCase(
        "a_family_seen_for_ordinary_reasons",
        "Vera, Percy and Kit are seen by six services over a year, and the rows name the children and the couple: "
        "a joint tenancy listing the household, a parents' evening both attend, Kit's booster and his broken arm "
        "from a fall off his bicycle (ambulance and emergency department, account consistent), a stolen van, a "
        "boiler repair. Nobody learns of abuse. NOTHING is accepted: knowing that two parents are a couple, or "
        "that a child lives with them, is nothing to pass on when nothing of concern is known (no 'knew and never "
        "passed it on'); a GP that saw Vera with Kit and Percy for back pain recorded nothing of concern about "
        "either (no 'two records'); a child's accident is not domestic abuse (no children's finding).",
        [
            row("2013-02-04", "housing", "vic;per;kid", "registration", learned="relationship;child_in_household",
                details="Joint tenancy signed by Vera and Percy; the household includes Kit, aged 5"),
            row("2013-03-14", "school", "vic;per;kid", "meeting", learned="relationship",
                details="Parents' evening: Vera and Percy attended together; Kit settled and doing well"),
            row("2013-04-02", "gp", "vic;kid", "appointment", learned="child_in_household",
                details="Kit's pre-school booster; Vera brought him"),
            row("2013-05-20", "gp", "per", "appointment", details="Percy: lower back pain after lifting; advice"),
            row("2013-07-06", "las", "vic;kid", "incident",
                details="Kit fell from his bicycle in the park, suspected broken arm; mother with him; conveyed "
                        "to hospital"),
            row("2013-07-06", "ed", "vic;kid", "admission",
                details="Kit: broken forearm after falling off his bicycle in the park, consistent with the "
                        "account; cast applied; mother present"),
            row("2013-10-11", "police", "per", "contact", details="Percy reported his van stolen from the street"),
            row("2013-11-20", "school", "vic;kid", "contact",
                details="Kit's attendance 97%; Vera told the teacher about a family holiday"),
            row("2014-01-09", "housing", "vic;per", "contact", learned="relationship",
                details="Boiler repair; both tenants at home"),
        ],
        must=set(), nothing_else=True, manifest=household("police", "las", "ed", "school", "housing", "gp"),
    ),
    ChairCase(
        "aliases_and_a_third_person",
        "The hospital knows Vera by her maiden name, Vera Jones, and the GP as V. Smith. June 2013: she tells the "
        "emergency department Percy kicked her; it assesses the risk and writes to the GP, who reviews the letter "
        "with her (a told row). September: Percy calls police because Vera's adult son Sid pushed her over (police "
        "record Sid as the perpetrator). December: Vera reports Percy slapped her; police grade it and tell no one. "
        "2014: housing adds her new partner Ned to the tenancy, and the school meets Vera and Ned about Kit. "
        "ACCEPTED: police knew of abuse of Vera by Percy from December and passed it to no one (a silo resting on "
        "the December row only); housing and the school kept seeing Vera after the hospital knew, never told. "
        "CONTRADICTED: anything treating Sid or Ned as the perpetrator: Sid's assault is not abuse by Percy, so "
        "not an incident between Vera and Percy (no escalation: two incidents, June and December) and not "
        "police's knowledge of abuse by Percy; no roles turned round; the GP was only told; the aliases are "
        "Vera, so nobody 'never knew' what its own rows under an alias record.",
        [
            row("2013-06-02", "ed", "Vera Jones;Percy", "disclosure", learned="domestic_abuse", risk_tool="DASH",
                risk_score="9", risk_level="standard", shared_with="gp", event_id="ed-jun",
                details="Vera Jones attended with bruised ribs; said her partner Percy kicked her during an "
                        "argument; hospital IDVA details given; letter to GP"),
            row("2013-06-10", "gp", "V. Smith", "appointment", learned="domestic_abuse", event_id="gp-jun",
                details="Hospital letter reviewed with V. Smith; she says she is safe"),
            row("2013-09-14", "police", "Vera;Percy;Sid", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_score="5", risk_level="standard", recorded_victim="vic", recorded_perpetrator="sid",
                event_id="pol-sid",
                details="Percy called police: Vera's adult son Sid pushed her over during a row about money; Sid "
                        "arrested"),
            row("2013-12-01", "police", "Vera;Percy", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_score="7", risk_level="standard", event_id="pol-dec",
                details="Vera reported Percy slapped her; Percy left the address"),
            row("2014-05-20", "housing", "Vera Jones;Ned", "contact", event_id="hou-may",
                details="Vera asked to add her new partner Ned to the tenancy"),
            row("2014-09-10", "school", "Vera Jones;Ned;Kit", "meeting", learned="child_in_household",
                event_id="school-sep", details="Vera and her new partner Ned met the class teacher about Kit's "
                                               "reading"),
        ],
        must={("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
              ("blind_spot", ("ed", "housing")), ("blind_spot", ("ed", "school"))},
        must_not={("marac.potential_escalation", ("ed", "police")), ("role_inconsistency", ("police",)),
                  ("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",)),
                  ("blind_spot", ("ed", "gp"))},
        nothing_else=True,
        manifest=household("police", "ed", "gp", "housing", "school"),
        cites={("silo.relationship", ("police",)): {"pol-dec"},
               ("silo.abuse_by_perpetrator", ("police",)): {"pol-dec"}},
    ),
    ChairCase(
        "housing_told_then_told_more",
        "Police attend an assault with Kit present, grade it medium and tell children's social care; the next day "
        "a separate police row notifies housing (its 'learned' left blank: it passes on what police knew). The "
        "housing officer visits Vera on that notification (a contact recording the abuse and the relationship: "
        "what housing was told). In June Vera tells her housing officer of a new assault, with Kit in the flat (a "
        "disclosure: new information). The GP sees Vera in August and was never told. ACCEPTED: housing heard a "
        "new assault in June, assessed no risk, did not refer to children's social care though Kit was there, and "
        "passed it to no one (a silo resting on the June disclosure and on the police notice that first told "
        "housing); the GP kept seeing Vera after police knew. CONTRADICTED: anything resting on housing's March "
        "visit (what police told it: not a second incident, not knowledge of its own, not a disclosure needing "
        "an assessment); an escalation (two incidents); a finding against police (it assessed and passed it on).",
        [
            row("2013-03-05", "police", "vic;per;kid", "incident", learned="domestic_abuse;relationship;"
                "child_in_household", risk_tool="DASH", risk_score="12", risk_level="medium", shared_with="csc",
                event_id="pol-mar", details="Police called to the flat: Percy punched Vera in front of Kit, aged 7; "
                                            "Percy arrested and bailed not to return"),
            row("2013-03-06", "police", "vic;per", "information_share", shared_with="housing", event_id="pol-share",
                details="Police notified the housing provider of the assault and the bail conditions"),
            row("2013-03-08", "csc", "vic;per;kid", "contact", learned="domestic_abuse", event_id="csc-mar",
                details="Police notification screened; social worker visit booked"),
            row("2013-03-12", "housing", "vic;per", "contact", learned="domestic_abuse;relationship",
                event_id="hou-mar", details="Housing officer visited Vera after the police notification; discussed "
                                            "the sanctuary scheme and changing the locks"),
            row("2013-06-20", "housing", "vic;per;kid", "disclosure", learned="domestic_abuse", event_id="hou-jun",
                details="Vera told her housing officer Percy broke the bedroom door and pushed her last night while "
                        "Kit was in the flat; she wants a move"),
            row("2013-08-01", "gp", "vic", "appointment", event_id="gp-aug", details="Asthma review"),
        ],
        must={("risk.no_assessment", ("housing",)), ("children.no_csc_referral", ("housing",)),
              ("silo.relationship", ("housing",)), ("silo.abuse_by_perpetrator", ("housing",)),
              ("blind_spot", ("gp", "police"))},
        must_not={("marac.potential_escalation", ("housing", "police")),
                  ("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",))},
        nothing_else=True, manifest=household("police", "csc", "housing", "gp"),
        cites={("risk.no_assessment", ("housing",)): {"hou-jun"},
               ("children.no_csc_referral", ("housing",)): {"hou-jun"},
               ("silo.relationship", ("housing",)): {"hou-jun", "pol-share"},
               ("silo.abuse_by_perpetrator", ("housing",)): {"hou-jun", "pol-share"}},
    ),
    ChairCase(
        "separation_then_stalking_and_breaches",
        "Vera tells housing in April 2014 that she has ended the relationship. Police record Percy's calls and "
        "waiting outside her flat in May (a DASH, medium); in June he confronts her at the school gate (the school "
        "records it as abuse, with Kit there, and tells no one) and she tells the GP Percy follows her and sends "
        "messages (stalking: no screen, and the GP tells no one); in July he breaches the non-molestation order with threats "
        "to kill while Kit is inside: police grade it high, refer to MARAC (heard) and tell children's social "
        "care; in September a further breach (a DASH, medium) is not referred back to MARAC. Housing sees Vera "
        "about a transfer in October, never told. ACCEPTED: separation followed by escalation recorded by police "
        "and the GP; the GP's stalking report with no stalking screen; the September breach not referred back to "
        "MARAC; the school's record of abuse with Kit present never reached children's social care, and the "
        "school passed it to no one (a silo); the GP knew of abuse of Vera by Percy (his stalking) and passed it "
        "to no one (a silo); housing in contact after police knew, never told. CONTRADICTED: "
        "'never knew' against the GP (its own row records Percy stalking Vera); 'two records never linked' "
        "against the GP (its row names both); an escalation (the MARAC referral answers it); a high grade without "
        "referral; inconsistent grades (each change followed a new incident).",
        [
            row("2014-04-02", "housing", "vic", "contact", learned="separation", event_id="hou-apr",
                details="Vera asked to take Percy off the joint tenancy: she ended the relationship last month"),
            row("2014-05-10", "police", "vic;per", "incident", learned="domestic_abuse;stalking", risk_tool="DASH",
                risk_score="13", risk_level="medium", event_id="pol-may",
                details="Vera reported Percy calling her repeatedly and waiting outside her flat since she ended "
                        "the relationship; Percy given a harassment warning"),
            row("2014-06-12", "school", "vic;per;kid", "contact", learned="domestic_abuse;harassment",
                event_id="school-jun",
                details="Percy waited at the school gate to confront Vera at pick-up; staff asked him to leave; "
                        "Vera said he follows her everywhere since she left him"),
            row("2014-06-20", "gp", "vic;per", "appointment", learned="stalking;mental_ill_health",
                event_id="gp-jun", details="Vera anxious and not sleeping: her ex-partner Percy follows her and "
                                           "sends her messages; sleep advice"),
            row("2014-07-20", "police", "vic;per;kid", "incident",
                learned="domestic_abuse;stalking;threats_to_kill;child_in_household", risk_tool="DASH",
                risk_score="16", risk_level="high", referral_to="marac", referral_outcome="heard", shared_with="csc",
                event_id="pol-jul",
                details="Percy breached the non-molestation order: came to the flat at night and shouted threats to "
                        "kill through the door while Kit was inside; arrested"),
            row("2014-07-23", "csc", "vic;per;kid", "contact", learned="domestic_abuse", event_id="csc-jul",
                details="Police notification: strategy discussion; Kit seen at school"),
            row("2014-09-02", "police", "vic;per", "incident", learned="domestic_abuse;stalking", risk_tool="DASH",
                risk_score="13", risk_level="medium", stalking_screen="asked", event_id="pol-sep",
                details="Percy sent Vera forty messages in one night in breach of the order; arrested and remanded"),
            row("2014-10-01", "housing", "vic", "contact", event_id="hou-oct",
                details="Vera asked for a management transfer to another area"),
        ],
        must={("timeline.separation_escalation", ("gp", "police")), ("stalking.no_screen", ("gp",)),
              ("marac.repeat", ("police",)), ("children.no_csc_referral", ("school",)),
              ("silo.relationship", ("school",)), ("silo.abuse_by_perpetrator", ("school",)),
              ("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",)),
              ("blind_spot", ("housing", "police"))},
        must_not={("blind_spot", ("gp", "police")), ("two_records", ("gp",)),
                  ("marac.potential_escalation", ("police", "school")), ("marac.visible_high_risk", ("police",)),
                  ("risk.inconsistent", ("police",))},
        nothing_else=True, manifest=household("police", "housing", "school", "gp", "csc"),
        cites={("marac.repeat", ("police",)): {"pol-jul", "pol-sep"},
               ("children.no_csc_referral", ("school",)): {"school-jun"}},
    ),
    ChairCase(
        "ambulance_hands_over_to_the_hospital",
        "As the first household case, without police: the crew conveys Vera to the emergency department (its row "
        "shares with the department), which records her own account of the same assault after midnight and writes "
        "to the GP; in October Vera tells the GP of a new slap. The department's record is not a receipt of the "
        "crew's handover but its own account of one assault: two incidents in all, not three. ACCEPTED: no risk "
        "assessment by the department; the GP's October disclosure assessed by no one and passed to no one. "
        "CONTRADICTED: an escalation (the handover and the department's record counted as two incidents); a silo "
        "against the crew or the department (each passed it on). (Found when a probe of this case, run after the "
        "six above, reported three incidents; the answer was decided when the probe was written.)",
        [*ASSAULT_RECORDED_THREE_TIMES[1:],
         row("2013-10-03", "gp", "vic;per", "disclosure", learned="domestic_abuse", event_id="gp-oct",
             details="Vera said Percy slapped her last week; she did not want any referral")],
        must={("risk.no_assessment", ("ed",)), ("risk.no_assessment", ("gp",)),
              ("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",))},
        must_not={("marac.potential_escalation", ("ed", "gp", "las")),
                  ("silo.relationship", ("las",)), ("silo.abuse_by_perpetrator", ("las",)),
                  ("silo.relationship", ("ed",)), ("silo.abuse_by_perpetrator", ("ed",))},
        nothing_else=True, manifest=household("las", "ed", "gp"),
        cites={("silo.relationship", ("gp",)): {"gp-oct"}, ("silo.abuse_by_perpetrator", ("gp",)): {"gp-oct"}},
    ),
]

# -- A Domestic Abuse Related Death Review of a suicide, and of the perpetrator's management ----------------------
# Vera took her own life on 1 March 2015 after abuse by Percy, named by the review as the alleged perpetrator.
SUICIDE = copy.deepcopy(BASE_MANIFEST)
del SUICIDE["date_of_death"]
SUICIDE["death"] = {"date": "2015-03-01", "cause": "suicide"}
SUICIDE["terms_of_reference"] = {"start": "2013-01-01", "end": "2015-03-01"}
SUICIDE["people"] = [
    {"id": "vic", "pseudonym": "Vera", "role": "victim"},
    {"id": "per", "pseudonym": "Percy", "role": "alleged_perpetrator"},
]
SUICIDE["relationships"] = [{"person": "vic", "other": "per", "type": "intimate_partner", "start": "2012-01-01"}]
SUICIDE_HEALTH = copy.deepcopy(SUICIDE)
SUICIDE_HEALTH["agencies"] = [a for a in BASE_MANIFEST["agencies"] if a["id"] in ("police", "gp", "idva", "mh")]


def police_high(date: str, event_id: str, details: str, **fields: str) -> dict[str, str]:
    """Police grade an assault of Vera by Percy high on DASH and refer her to MARAC (heard) and the IDVA."""
    return row(date, "police", "vic;per", "incident", **{
        "learned": "domestic_abuse;relationship;threats_to_kill", "risk_tool": "DASH", "risk_score": "16",
        "risk_level": "high", "referral_to": "marac;idva", "referral_outcome": "heard", "event_id": event_id,
        "details": details, **fields})


SUICIDE_HOUSING = copy.deepcopy(SUICIDE_HEALTH)
SUICIDE_HOUSING["agencies"].append(
    {"id": "housing", "name": "Test Housing", "sector": "housing", "contribution": "imr"})

CASES += [
    ChairCase(
        "suicide_mental_health_told_the_gp",
        "Vera's GP refers her low mood to the mental health trust. There she tells a nurse Percy hits her and "
        "controls her money, and that she has thought of ending her life; the trust writes to the GP with all of it "
        "but assesses no risk from the abuse and refers her nowhere. Police later attend an argument, grade it "
        "standard and refer Vera to the IDVA, who grades her standard too. Accepted: the trust recorded abuse "
        "disclosed to it with no risk assessment of its own (it is expected to assess, and a letter to the GP is "
        "no assessment). Rejected: a silo against the trust (it told the GP everything) or against the GP (only "
        "told, and its later review records what it was told); a silo against police (they referred to the IDVA) "
        "or the IDVA (only told); a blind spot anywhere (every agency knew); an escalation (two incidents); an "
        "inconsistent grade (standard and standard). Nothing else: no rule speaks to the victim's own suicidality, "
        "and the trust's letter carried it.",
        [
            row("2014-05-02", "gp", "vic", "appointment", learned="mental_ill_health", referral_to="mh",
                event_id="gp-mood", details="Low mood and poor sleep; referred to the mental health trust"),
            row("2014-05-20", "mh", "vic;per", "appointment",
                learned="domestic_abuse;relationship;coercive_control;suicidality;mental_ill_health",
                health_of="vic", event_id="mh-assess", details="Vera said her partner Percy hits her and controls her money; she has "
                                              "thought of ending her life; no plan"),
            row("2014-05-22", "mh", "vic;per", "information_share",
                learned="domestic_abuse;relationship;suicidality", shared_with="gp", event_id="mh-letter",
                health_of="vic",
                details="Letter to the GP: disclosure of abuse by partner; passive suicidal thoughts"),
            row("2014-06-10", "gp", "vic;per", "appointment", learned="domestic_abuse;relationship",
                event_id="gp-review", details="GP reviewed the trust's letter with Vera; antidepressant started"),
            row("2014-08-10", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="6", risk_level="standard", referral_to="idva",
                referral_outcome="accepted", event_id="pol-argument",
                details="Neighbour called police to shouting; Vera upset, said Percy had pushed her"),
            row("2014-08-15", "idva", "vic;per", "contact", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="8", risk_level="standard", event_id="idva-first",
                details="IDVA called Vera on the police referral; safety plan agreed"),
            row("2015-02-10", "gp", "vic", "appointment", learned="mental_ill_health", event_id="gp-last",
                details="Mood review; no suicidal thoughts disclosed"),
        ],
        must={("risk.no_assessment", ("mh",))}, nothing_else=True,
        cites={("risk.no_assessment", ("mh",)): {"mh-assess"}},
        manifest=SUICIDE_HEALTH,
    ),
    ChairCase(
        "suicide_every_agency_did_its_part",
        "Police attend an assault, grade Vera high, refer her to MARAC (heard) and to the IDVA, and tell the GP. The "
        "GP, reviewing her after the MARAC, refers her low mood to the mental health trust with what it knows. The "
        "trust records the abuse it was told of and her suicidal thoughts, and tells the GP and the IDVA. The IDVA "
        "grades her high too. Every agency that learned something passed it on; every assessment was made; "
        "nothing new happened after the MARAC. A panel finds nothing.",
        [
            police_high("2014-04-03", "pol-assault", "Percy assaulted Vera and threatened to kill her; arrested",
                        shared_with="gp"),
            row("2014-04-07", "idva", "vic;per", "risk_assessment", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="16", risk_level="high", event_id="idva-dash",
                details="IDVA completed DASH with Vera on the police referral"),
            row("2014-04-20", "gp", "vic;per", "appointment", learned="domestic_abuse;relationship;mental_ill_health",
                referral_to="mh", event_id="gp-review", health_of="vic",
                details="GP saw Vera after the MARAC; low mood; referred to the trust, letter naming the abuse"),
            row("2014-05-12", "mh", "vic;per", "appointment",
                learned="domestic_abuse;relationship;suicidality;mental_ill_health", event_id="mh-assess",
                health_of="vic",
                details="Trust assessment: low mood, passive suicidal thoughts; abuse as in the GP's letter"),
            row("2014-05-13", "mh", "vic;per", "information_share",
                learned="domestic_abuse;relationship;suicidality", shared_with="gp;idva", event_id="mh-share",
                health_of="vic",
                details="Trust wrote to the GP and the IDVA with its assessment and plan"),
        ],
        must=set(), nothing_else=True, manifest=SUICIDE_HEALTH,
    ),
]

CASES += [
    ChairCase(
        "suicide_uncertain_dates",
        "Dates as the IMRs gave them. Police attended an assault in March 2014 (month only) and referred Vera to "
        "the IDVA; the IDVA graded her high on 2 Apr and referred her to MARAC (heard) on 5 Apr. Vera told the IDVA "
        "of strangulation at a date not known. She told the mental health trust of a new assault some time after "
        "June 2014; the trust graded it standard and told no one. She told her housing officer of an assault on "
        "10 Sep 2014, and housing referred her to the IDVA some time in September (day not known, learned column "
        "blank). The GP saw her on 20 Mar 2014, on a date not known, and some time after April 2014, and never "
        "knew of the abuse. Accepted: a blind spot at the GP from the row after April (certainly after police knew; "
        "it says its dates are uncertain), not from 20 Mar or the undated row (police may have known only on "
        "31 Mar); a repeat after the MARAC referral by the trust and housing (saying the trust's date is "
        "uncertain), not by the IDVA's undated disclosure (it may have come before the referral); housing's "
        "disclosure with no assessment of its own; the trust knew and passed nothing on; police's standard in "
        "March and the IDVA's high on 2 Apr, with nothing new certainly between (saying March is uncertain). "
        "Rejected: 'housing never passed it on' (its referral to the IDVA in September may have followed the "
        "disclosure and carried it; the order cannot be known). Every output says the IDVA knew of the abuse by "
        "March 2014, when police told it, with its undated row as a doubt, not 'from date not known' "
        "(tests/test_panel_documents.py).",
        [
            row("2014-03", "police", "vic;per", "incident", learned="domestic_abuse;relationship", risk_tool="DASH",
                risk_score="5", risk_level="standard", referral_to="idva", event_id="pol-march",
                details="Police attended an assault at home; Vera referred to the IDVA"),
            row("2014-03-20", "gp", "vic", "appointment", event_id="gp-mar", details="Chest infection"),
            row("?", "gp", "vic", "appointment", event_id="gp-undated", details="Repeat prescription"),
            row("after 2014-04", "gp", "vic", "appointment", event_id="gp-after-april", details="Back pain"),
            row("2014-04-02", "idva", "vic;per", "risk_assessment", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="16", risk_level="high", event_id="idva-dash"),
            row("2014-04-05", "idva", "vic;per", "referral", learned="domestic_abuse;relationship",
                referral_to="marac", referral_outcome="heard", event_id="idva-marac"),
            row("date not known", "idva", "vic;per", "disclosure", learned="domestic_abuse;strangulation",
                event_id="idva-undated", details="Vera said Percy had once held her by the throat"),
            row("after 2014-06", "mh", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="7", risk_level="standard", event_id="mh-after-june",
                details="Vera told the trust Percy had hit her again"),
            row("2014-09-10", "housing", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                event_id="housing-sep", details="Vera told her housing officer Percy had assaulted her last week"),
            row("2014-09", "housing", "vic", "referral", referral_to="idva", event_id="housing-idva-sep",
                details="Housing referred Vera to the IDVA service"),
        ],
        must={("blind_spot", ("gp", "police")), ("marac.repeat", ("housing", "mh")),
              ("risk.no_assessment", ("housing",)), ("silo.relationship", ("mh",)),
              ("silo.abuse_by_perpetrator", ("mh",)), ("risk.inconsistent", ("idva", "police"))},
        must_not={("silo.relationship", ("housing",)), ("silo.abuse_by_perpetrator", ("housing",)),
                  ("marac.repeat", ("housing", "idva", "mh")), ("marac.repeat", ("idva",))},
        nothing_else=True,
        cites={("blind_spot", ("gp", "police")): {"pol-march", "gp-after-april"},
               ("marac.repeat", ("housing", "mh")): {"idva-marac", "mh-after-june", "housing-sep"}},
        caveats={("blind_spot", ("gp", "police")): "date is uncertain: Mar 2014, Test Police",
                 ("marac.repeat", ("housing", "mh")): "date is uncertain: after Jun 2014, Test Mental Health",
                 ("risk.inconsistent", ("idva", "police")): "date is uncertain: Mar 2014",
                 ("silo.relationship", ("mh",)): "date is uncertain"},
        no_caveats={("risk.no_assessment", ("housing",))},
        manifest=SUICIDE_HOUSING,
    ),
]

CASES += [
    ChairCase(
        "suicide_considered_after_another_agency_referred",
        "Police grade an assault high (threats to kill) and refer Vera to MARAC (heard) and the IDVA on 2 May. On "
        "6 May she tells the mental health trust of the same threats (the chair labels both rows one incident) and "
        "of suicidal thoughts; the nurse grades "
        "her high, considers a MARAC referral and does not make it because police referred four days earlier, and "
        "gives the trust's information to the MARAC meeting. Accepted: nothing. Rejected: 'considered a referral "
        "and did not make it' against the trust (Vera had been referred to MARAC four days before by police: the "
        "decision had its reason, and the referral the rule asks for was made), a high grade with no MARAC "
        "referral, a silo (the trust gave its information to MARAC; police referred); a repeat (the trust's row is "
        "the incident police referred, not a further one).",
        [
            police_high("2014-05-02", "pol-may", "Percy threatened to kill Vera; arrested; referred to MARAC and the "
                        "IDVA", incident="may"),
            row("2014-05-05", "idva", "vic;per", "contact", learned="domestic_abuse;relationship",
                event_id="idva-call", details="IDVA called Vera on the police referral; safety plan"),
            row("2014-05-06", "mh", "vic;per", "appointment",
                learned="domestic_abuse;relationship;threats_to_kill;suicidality", risk_tool="DASH",
                risk_score="15", risk_level="high", referral_to="marac", referral_outcome="considered_not_made",
                event_id="mh-considered", incident="may",
                details="Vera spoke of Percy's threats and of wanting to die; MARAC referral considered, not made: "
                        "police referred on 2 May"),
            row("2014-05-14", "mh", "vic;per", "information_share", learned="domestic_abuse;relationship;suicidality",
                shared_with="marac", event_id="mh-marac-info",
                details="Trust's information given to the MARAC meeting"),
        ],
        must=set(), nothing_else=True,
        must_not={("referral.considered_not_made", ("mh",)), ("marac.visible_high_risk", ("mh",)),
                  ("marac.repeat", ("mh",))},
        manifest=SUICIDE_HEALTH,
    ),
    ChairCase(
        "suicide_referrals_considered_declined_withdrawn",
        "After the May MARAC (police referral, heard), Percy assaults Vera again in September. Police grade it high "
        "(DASH 15) and refer her to MARAC, and the MARAC coordinator does not progress the referral. In October "
        "she tells the IDVA of another assault; the IDVA grades it medium, considers a MARAC referral and makes "
        "none; nobody refers her within four weeks. In November the GP refers her to the mental health trust "
        "and she withdraws the referral. Accepted: the IDVA considered a MARAC referral and made none (no agency "
        "referred within 28 days); police's high grade went to no MARAC (the only referral was not progressed); "
        "the September and October incidents, within twelve months of the May referral, were not referred back. "
        "Rejected: a silo against police or the IDVA (police told the IDVA, and the IDVA's October disclosure "
        "came to an agency already told; the IDVA passed nothing on, but, being told first, it is a silo only for "
        "the October disclosure: accepted as the IDVA's silo); 'considered and not made' against the GP (the "
        "GP made its referral; she withdrew it).",
        [
            police_high("2014-05-02", "pol-may", "Assault at home; arrested", learned="domestic_abuse;relationship"),
            row("2014-09-03", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="15", risk_level="high", referral_to="marac",
                referral_outcome="not_progressed", shared_with="idva", event_id="pol-sep",
                details="Percy assaulted Vera in the street; MARAC referral not progressed by the coordinator"),
            row("2014-10-08", "idva", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="12", risk_level="medium", referral_to="marac",
                referral_outcome="considered_not_made", event_id="idva-oct",
                details="Vera told the IDVA Percy pushed her over; MARAC referral considered, not made"),
            row("2014-11-12", "gp", "vic", "appointment", learned="mental_ill_health", referral_to="mh",
                referral_outcome="withdrawn", event_id="gp-nov",
                details="Low mood; referred to the trust; Vera later withdrew the referral"),
        ],
        must={("referral.considered_not_made", ("idva",)), ("marac.visible_high_risk", ("police",)),
              ("marac.repeat", ("idva", "police")), ("silo.abuse_by_perpetrator", ("idva",)),
              ("silo.relationship", ("idva",))},
        must_not={("referral.considered_not_made", ("gp",)), ("silo.abuse_by_perpetrator", ("police",)),
                  ("silo.relationship", ("police",))},
        manifest=SUICIDE_HEALTH,
    ),
]

# The perpetrator's management: prison, probation and MAPPA, with the victim's IDVA and housing.
SUICIDE_MANAGED = copy.deepcopy(SUICIDE)
SUICIDE_MANAGED["agencies"] = [a for a in BASE_MANIFEST["agencies"] if a["id"] in ("police", "idva", "probation")] + [
    {"id": "prison", "name": "HMP Test", "sector": "prison", "contribution": "imr"},
    {"id": "housing", "name": "Test Housing", "sector": "housing", "contribution": "imr"},
]

CASES += [
    ChairCase(
        "suicide_released_with_and_without_notice",
        "Percy is convicted of assaulting Vera and sentenced to 18 months (MAPPA category 2); probation refers him "
        "to MAPPA and, before his first release on 1 Mar 2014, tells the IDVA and housing, who support Vera, of "
        "the release date and licence conditions. He is recalled on 10 May for contacting Vera (police record the "
        "breach and tell the IDVA) and released again on 1 Aug 2014 with no word to the IDVA or housing. "
        "Accepted: the release of 1 Aug without notice to the IDVA or housing (after a recall for contact with "
        "Vera). Rejected: a release without notice on 1 Mar (both were told on 20 Feb); a MAPPA-eligible "
        "perpetrator with no link to the victim's agencies, against probation (it told them) or against the "
        "prison or police (the link to the victim's agencies was made, by probation, which managed him under "
        "MAPPA); a silo against probation or police (both told the IDVA), or the prison (it knew of the assault "
        "from the sentence, and the chair ties its row to the conviction that probation took to MAPPA); a blind "
        "spot at the prison (it knew). Also accepted: the IDVA, which supported Vera from October 2013, never "
        "passed what it knew on. The release is asked of the prison that released him and of probation, which "
        "recalled him and held his licence (tests/test_panel_documents.py checks both letters).",
        [
            row("2013-09-10", "police", "vic;per", "conviction", learned="domestic_abuse;relationship",
                sentence_months="18", event_id="pol-conviction", incident="assault-2013",
                details="Percy convicted of assaulting Vera; 18 months' imprisonment"),
            row("2013-09-10", "prison", "vic;per", "custody", learned="domestic_abuse;relationship",
                sentence_months="18", event_id="prison-in", incident="assault-2013",
                details="Percy received into custody for the assault on Vera"),
            row("2013-10-01", "idva", "vic;per", "contact", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="12", risk_level="medium", event_id="idva-support",
                details="IDVA supporting Vera through the court case"),
            row("2013-11-04", "housing", "vic", "contact", event_id="housing-move", details="Vera moved to a new "
                                                                                              "tenancy"),
            row("2014-01-15", "probation", "vic;per", "referral", learned="domestic_abuse;relationship",
                referral_to="mappa", event_id="prob-mappa", incident="assault-2013",
                details="Percy referred to MAPPA, level 2, on his conviction for the assault on Vera"),
            row("2014-02-20", "probation", "vic;per", "information_share", learned="domestic_abuse;relationship",
                shared_with="idva;housing", event_id="prob-notice",
                details="Release date and licence conditions (no contact with Vera) sent to the IDVA and housing"),
            row("2014-03-01", "prison", "per", "release", event_id="release-1", details="Released on licence"),
            row("2014-05-10", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="13", risk_level="medium", shared_with="idva", event_id="pol-breach",
                details="Percy turned up at Vera's flat in breach of licence; arrested"),
            row("2014-05-10", "probation", "per", "recall", learned="domestic_abuse", event_id="prob-recall",
                details="Licence revoked: contact with Vera"),
            row("2014-08-01", "prison", "per", "release", event_id="release-2",
                details="Released at the end of the recall"),
        ],
        must={("perpetrator.release_without_notice", ("prison",)), ("silo.relationship", ("idva",)),
              ("silo.abuse_by_perpetrator", ("idva",))},
        nothing_else=True,
        must_not={("perpetrator.mappa_no_link", ("probation",)), ("perpetrator.mappa_no_link", ("prison",)),
                  ("perpetrator.mappa_no_link", ("police",)), ("silo.relationship", ("probation",)),
                  ("silo.abuse_by_perpetrator", ("probation",)), ("silo.relationship", ("police",)),
                  ("silo.abuse_by_perpetrator", ("police",))},
        cites={("perpetrator.release_without_notice", ("prison",)): {"prob-recall", "release-2"}},
        manifest=SUICIDE_MANAGED,
    ),
]

# The police's records before mid-2014 were partly lost in a system migration; the review says so.
SUICIDE_PARTIAL = copy.deepcopy(SUICIDE_HOUSING)
for _agency in SUICIDE_PARTIAL["agencies"]:
    if _agency["id"] == "police":
        _agency["records"] = "partial"
        _agency["records_note"] = "incident logs before June 2014 were lost in a system migration"

CASES += [
    ChairCase(
        "suicide_partial_police_record",
        "Police's record is declared partial (logs before June 2014 lost). Police attended an assault in April "
        "2014 (the log survives) and nothing records it passed on; the IDVA, told by the GP, grades Vera high and "
        "refers her to MARAC; housing sees Vera twice after police knew and is never told. Accepted, each saying "
        "it rests on the absence of a row from police's partial record: police knew and never passed it on, and "
        "recorded the assault with no assessment; housing was never told, which rests on police's record too "
        "(police are the agency that knew and did not tell). Accepted without that caveat: the GP's disclosure "
        "with no assessment of its own (the GP's record is complete). Rejected: a silo against the GP (it told "
        "the IDVA) or the IDVA (it referred to MARAC).",
        [
            row("2014-04-12", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                event_id="pol-april", details="Police attended an assault at home; Percy left before they arrived"),
            row("2014-05-06", "gp", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                referral_to="idva", event_id="gp-may", details="Vera told the GP of the assault; referred to IDVA"),
            row("2014-05-12", "idva", "vic;per", "risk_assessment", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="15", risk_level="high", referral_to="marac",
                referral_outcome="heard", event_id="idva-dash"),
            row("2014-06-20", "housing", "vic", "contact", event_id="housing-june", details="Rent arrears visit"),
            row("2014-10-02", "housing", "vic", "contact", event_id="housing-oct", details="Repairs"),
        ],
        must={("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
              ("risk.no_assessment", ("police",)), ("risk.no_assessment", ("gp",)),
              ("blind_spot", ("housing", "police"))},
        must_not={("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",)),
                  ("silo.relationship", ("idva",)), ("silo.abuse_by_perpetrator", ("idva",))},
        nothing_else=True,
        caveats={finding: "Test Police's records are partial" for finding in (
            ("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
            ("risk.no_assessment", ("police",)), ("blind_spot", ("housing", "police")))},
        no_caveats={("risk.no_assessment", ("gp",))},
        manifest=SUICIDE_PARTIAL,
    ),
]

def police_drunk(told: str, told_words: str) -> dict[str, str]:
    """Police attend Percy, drunk, pushing Vera (the row names both), grade it standard and tell `told`."""
    return row("2014-02-01", "police", "vic;per", "incident", learned="domestic_abuse;relationship;substance_misuse",
               risk_tool="DASH", risk_score="7", risk_level="standard", shared_with=told, event_id="pol-drunk",
               details=f"Percy, drunk, pushed Vera against a wall; standard risk; {told_words} informed")


SUICIDE_THREE = copy.deepcopy(SUICIDE)
SUICIDE_THREE["agencies"] = [a for a in BASE_MANIFEST["agencies"] if a["id"] in ("police", "gp", "mh")]

CASES += [
    ChairCase(
        "suicide_whose_health_is_it",
        "Police attend Percy, drunk, pushing Vera, grade it standard and tell the GP. The GP sees Vera for low mood "
        "and suicidal thoughts. Vera attends the mental health trust with Percy and speaks of wanting to die; the "
        "row names them both, as chronologies do. Accepted: the trust saw Vera after police knew of the abuse and "
        "was never told. Rejected: that Vera had domestic abuse, mental ill-health and substance misuse all "
        "recorded (the drinking was Percy's; the row naming both does not make it hers); that suicidality of "
        "Percy was known only to health services (the suicidal thoughts were Vera's; a row naming both does not "
        "make them his); nothing else.",
        [
            police_drunk("gp", "GP"),
            row("2014-03-01", "gp", "vic", "appointment", learned="mental_ill_health;suicidality",
                event_id="gp-mood", details="Low mood; fleeting thoughts of ending her life"),
            row("2014-04-10", "mh", "vic;per", "appointment", learned="mental_ill_health;suicidality",
                event_id="mh-both", details="Vera attended with her partner Percy; she spoke of wanting to die"),
        ],
        must={("blind_spot", ("mh", "police"))}, nothing_else=True,
        must_not={("cooccurrence.abuse_mental_health_substance", ("gp", "mh", "police")),
                  ("perpetrator.health_unshared", ("mh",))},
        manifest=SUICIDE_THREE,
    ),
]

CASES += [
    ChairCase(
        "suicide_partial_record_of_a_later_knower",
        "As the partial-record case, but the GP knows first (Vera tells it in March and it refers her to the IDVA) "
        "and police, whose record is partial, attend an assault in April and pass nothing on in what survives. "
        "Housing sees Vera in June and October and is never told. Accepted: housing was never told, saying it "
        "rests on police's partial record too (police knew before housing's contacts and could have told it, and "
        "the share may be in the lost logs), though the finding cites the GP's row as the first knowledge; "
        "police's silo and missing assessment, each saying so; the GP's standard and the IDVA's medium six days "
        "apart with nothing new between (resting on no absent row, so no caveat).",
        [
            row("2014-03-06", "gp", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="9", risk_level="standard", referral_to="idva", event_id="gp-march",
                details="Vera told the GP Percy hits her; DASH standard; referred to the IDVA"),
            row("2014-03-12", "idva", "vic;per", "risk_assessment", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="10", risk_level="medium", shared_with="gp", event_id="idva-dash",
                details="IDVA assessed Vera on the GP's referral; plan shared with the GP"),
            row("2014-04-12", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                event_id="pol-april", details="Police attended an assault at home; Percy left before they arrived"),
            row("2014-06-20", "housing", "vic", "contact", event_id="housing-june", details="Rent arrears visit"),
            row("2014-10-02", "housing", "vic", "contact", event_id="housing-oct", details="Repairs"),
        ],
        must={("blind_spot", ("gp", "housing")), ("silo.relationship", ("police",)),
              ("silo.abuse_by_perpetrator", ("police",)), ("risk.no_assessment", ("police",)),
              ("risk.inconsistent", ("gp", "idva"))},
        nothing_else=True,
        caveats={finding: "Test Police's records are partial" for finding in (
            ("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
            ("risk.no_assessment", ("police",)), ("blind_spot", ("gp", "housing")))},
        no_caveats={("risk.inconsistent", ("gp", "idva"))},
        manifest=SUICIDE_PARTIAL,
    ),
]

CASES += [
    ChairCase(
        "suicide_whose_health_is_said",
        "As the last case, but police tell the trust of the call-out, and the chair says whose health each row "
        "about the two of them records (`health_of`): the trust's row records Vera's suicidal thoughts, and a GP "
        "row about both records Percy's drinking. Accepted: the GP saw them after police knew and was never told; "
        "Percy's substance misuse known only to the GP, which never recorded the abuse or the relationship for "
        "him, nor passed it on (the police row's drinking is said of no one, so police are not a holder). "
        "Rejected: the trust's row as Percy's suicidality (a health-only finding against him), or Vera's drinking; "
        "abuse, mental ill-health and substance misuse all recorded for Vera (the drinking was Percy's).",
        [
            police_drunk("mh", "trust"),
            row("2014-03-01", "gp", "vic;per", "appointment", learned="substance_misuse", health_of="per",
                event_id="gp-drink", details="Vera and Percy seen together; Percy drinking heavily"),
            row("2014-04-10", "mh", "vic;per", "appointment", learned="mental_ill_health;suicidality",
                health_of="vic", event_id="mh-both",
                details="Vera attended with her partner Percy; she spoke of wanting to die"),
        ],
        must={("perpetrator.health_unshared", ("gp",)), ("blind_spot", ("gp", "police"))}, nothing_else=True,
        must_not={("cooccurrence.abuse_mental_health_substance", ("mh", "police")),
                  ("perpetrator.health_unshared", ("mh",))},
        cites={("perpetrator.health_unshared", ("gp",)): {"gp-drink"}},
        manifest=SUICIDE_THREE,
    ),
]

CASES += [
    ChairCase(
        "suicide_answers_dated_by_month",
        "The answering rows are dated by month only. Probation told the IDVA of Percy's release 'in July 2014' "
        "(day not recorded); he was released on 1 Aug. The IDVA graded Vera high on 5 Jul and a MARAC referral "
        "about her is recorded as 'June 2014'. Police recorded an assault on 20 May and a DASH 'in May 2014'. "
        "Each answer may fall inside its window (the notice as late as 31 Jul, the referral as late as 30 Jun, "
        "the DASH on or after 20 May): the order cannot be known, so no finding says the answer was missing. "
        "Also accepted: police's medium in May and the IDVA's high on 5 Jul, with nothing new certainly between "
        "(saying May is uncertain); the prison, releasing Percy, never told of the abuse. Nothing else: the IDVA "
        "passed what it knew to MARAC, and police theirs to the IDVA.",
        [
            row("2014-05-20", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                shared_with="idva", event_id="pol-may", details="Percy assaulted Vera; passed to the IDVA"),
            row("2014-05", "police", "vic;per", "risk_assessment", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="12", risk_level="medium", event_id="pol-dash",
                details="DASH completed with Vera (day not recorded)"),
            row("2014-06", "idva", "vic;per", "referral", learned="domestic_abuse;relationship",
                referral_to="marac", referral_outcome="heard", event_id="idva-marac",
                details="MARAC referral (day not recorded)"),
            row("2014-07-05", "idva", "vic;per", "risk_assessment", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="16", risk_level="high", event_id="idva-dash"),
            row("2014-07", "probation", "vic;per", "information_share", learned="domestic_abuse;relationship",
                shared_with="idva", event_id="prob-notice", details="Release date sent to the IDVA (day not recorded)"),
            row("2014-08-01", "prison", "per", "release", event_id="release", details="Released on licence"),
        ],
        must={("risk.inconsistent", ("idva", "police")), ("blind_spot", ("police", "prison"))}, nothing_else=True,
        must_not={("perpetrator.release_without_notice", ("prison",)), ("marac.visible_high_risk", ("idva",)),
                  ("risk.no_assessment", ("police",))},
        caveats={("risk.inconsistent", ("idva", "police")): "date is uncertain: May 2014, Test Police"},
        manifest=SUICIDE_MANAGED,
    ),
]

CASES += [
    ChairCase(
        "suicide_high_risk_unreferred_partial_police",
        "Police's record is partial (logs before June 2014 lost). Police attended an assault in April and referred "
        "Vera to the IDVA (that log survives); on 6 May the GP grades her high on DASH and refers her to the IDVA, "
        "and nobody refers her to MARAC in what the review holds. Accepted: the GP's high grade with no MARAC "
        "referral, saying that it rests on police's partial record as well as the GP's (police, who knew her, may "
        "have referred her to MARAC in a lost log: any agency's referral would answer it); police's standard and "
        "the GP's high for the same assault (the chair labels both rows one incident), with no caveat: it rests "
        "on two rows the review holds, not on a missing one. Nothing else: police and the GP passed what they knew "
        "to the IDVA and both assessed.",
        [
            row("2014-04-12", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="8", risk_level="standard", referral_to="idva", incident="april",
                event_id="pol-april", details="Police attended an assault at home; Vera referred to the IDVA"),
            row("2014-05-06", "gp", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="15", risk_level="high", referral_to="idva", incident="april",
                event_id="gp-high", details="Vera told the GP of the April assault; DASH 15; referred to the IDVA"),
        ],
        must={("marac.visible_high_risk", ("gp",)), ("risk.inconsistent", ("gp", "police"))}, nothing_else=True,
        caveats={("marac.visible_high_risk", ("gp",)): "Test Police's records are partial"},
        no_caveats={("risk.inconsistent", ("gp", "police"))},
        manifest=SUICIDE_PARTIAL,
    ),
]

CASES += [
    ChairCase(
        "suicide_escalation_referral_declined",
        "Three assaults within the year, each graded standard: police in March, the GP in June, police again in "
        "September, when police refer Vera to MARAC and the MARAC declines the referral (below its threshold). "
        "Accepted: potential escalation that never reached MARAC, naming the declined referral (police made it: "
        "'no MARAC referral followed' would be false against them). Also accepted: the GP recorded the abuse with "
        "a standard grade and passed it to no one; the GP's standard and police's standard agree. Nothing else.",
        [
            row("2014-03-02", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="6", risk_level="standard", referral_to="idva", event_id="pol-mar"),
            row("2014-06-15", "gp", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="7", risk_level="standard", event_id="gp-jun"),
            row("2014-09-20", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="9", risk_level="standard", referral_to="marac",
                referral_outcome="declined", shared_with="idva", event_id="pol-sep",
                details="Third assault; MARAC referral on escalation, declined by the MARAC as below threshold"),
        ],
        must={("marac.potential_escalation", ("gp", "police")), ("silo.relationship", ("gp",)),
              ("silo.abuse_by_perpetrator", ("gp",))},
        nothing_else=True,
        cites={("marac.potential_escalation", ("gp", "police")): {"pol-mar", "gp-jun", "pol-sep"}},
        manifest=SUICIDE_HEALTH,
    ),
    # Written after the session's fixes, as a new user would, answers decided before the first run.
    ChairCase(
        "eastmoor_every_share_made",
        "Police assess each of three incidents, tell the IDVA each time, and at the third (high risk, a threat to "
        "kill) refer Vera to MARAC (heard) and tell the GP. The IDVA's calls and the GP's later review of the MARAC "
        "safety plan record what they were told; the police share of the threat carried the abuse between Vera and "
        "Percy, and so their relationship. The GP saw Vera twice before it was told, but it was told, so it is no "
        "'never told' agency. A panel finds nothing: no silo, no repeat after the referral, no escalation (the "
        "referral came at the third incident), no assessment owed by the GP or the IDVA.",
        [
            row("2013-01-10", "police", "vic;per", "incident", learned="domestic_abuse;relationship", risk_tool="DASH",
                risk_score="5", risk_level="standard", shared_with="idva", event_id="east-1",
                details="Vera rang 999: Percy shouted and threw a cup"),
            row("2013-01-12", "idva", "vic;per", "contact", learned="domestic_abuse;relationship", event_id="east-2",
                details="IDVA rang Vera after the police notification"),
            row("2013-02-03", "gp", "vic", "appointment", learned="mental_ill_health", event_id="east-3",
                details="Anxiety; poor sleep"),
            row("2013-03-15", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_score="10", risk_level="medium", shared_with="idva", event_id="east-4",
                details="Percy pushed Vera during an argument"),
            row("2013-04-20", "gp", "vic", "appointment", event_id="east-5", details="Bruising to the arm; said she fell"),
            row("2013-05-02", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_score="15", risk_level="high", referral_to="marac", referral_outcome="heard",
                shared_with="idva;gp", event_id="east-6", details="Percy threatened to kill Vera; arrested"),
            row("2013-05-20", "gp", "vic;per", "appointment", learned="domestic_abuse;relationship",
                event_id="east-7", details="GP went through the MARAC safety plan with Vera"),
            row("2013-06-10", "idva", "vic", "contact", learned="domestic_abuse", event_id="east-8",
                details="Safety planning with Vera"),
        ],
        must=set(), nothing_else=True, manifest=THREE_AGENCIES,
    ),
    ChairCase(
        "westmoor_nothing_passed_on",
        "Police record three incidents in five months, pass nothing on and never refer; the GP hears Vera's "
        "disclosure, assesses nothing and passes nothing on; housing keeps seeing Vera and is never told. A panel "
        "accepts: police and GP silos (the relationship, the abuse by Percy), the GP's missing assessment, "
        "escalation held by police and the GP between them with no MARAC referral, and housing in contact and "
        "never told. Nothing else: housing knew nothing, Vera's own low mood is no finding, every grade is within "
        "its band.",
        [
            row("2014-02-01", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
                risk_tool="DASH", risk_score="6", risk_level="standard", event_id="west-1",
                details="Neighbour reported shouting; Vera said Percy slapped her"),
            row("2014-02-20", "housing", "vic", "contact", event_id="west-2", details="Rent arrears visit"),
            row("2014-03-05", "gp", "vic;per", "disclosure", learned="domestic_abuse;relationship",
                event_id="west-3", details="Vera told the GP Percy hits her"),
            row("2014-04-10", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_score="11", risk_level="medium", event_id="west-4",
                details="Percy damaged the front door; Vera bruised"),
            row("2014-05-01", "housing", "vic", "contact", event_id="west-5", details="Repair: broken front door"),
            row("2014-06-15", "police", "vic;per", "incident", learned="domestic_abuse", risk_tool="DASH",
                risk_score="8", risk_level="standard", event_id="west-6",
                details="Argument in the street; Percy grabbed Vera"),
            row("2014-07-01", "gp", "vic", "appointment", learned="mental_ill_health", event_id="west-7",
                details="Low mood"),
            row("2014-08-01", "housing", "vic", "contact", event_id="west-8",
                details="Vera asked for a transfer; no reason given"),
        ],
        must={("silo.relationship", ("police",)), ("silo.abuse_by_perpetrator", ("police",)),
              ("silo.relationship", ("gp",)), ("silo.abuse_by_perpetrator", ("gp",)),
              ("risk.no_assessment", ("gp",)), ("marac.potential_escalation", ("gp", "police")),
              ("blind_spot", ("housing", "police"))},
        nothing_else=True, manifest=TOLD_AGENCIES,
    ),
]
