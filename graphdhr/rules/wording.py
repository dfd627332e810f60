"""How each rule words its finding: the placeholders its statement (default.yaml) and its one plain sentence for the
briefing (`BRIEFS`) quote beyond the common ones.

Every function takes a `RuleWording` (names, parameters, the row's facts and evidence) and returns the extra
placeholders; the common ones (victim, perpetrator, agency, agencies, the parameters and the facts themselves) are
filled by `graphdhr.findings.rule_findings`. A rule registers its function in `graphdhr.rules.registry`.

Every date is written as a person reads it (graphdhr.dates.date_label, "10 Feb 2014", "Feb 2014"); a placeholder
named *_on carries its preposition ("on 10 Feb 2014", "in Feb 2014", "by 7 Jul 2014").
"""

from __future__ import annotations

from graphdhr.dates import on_date
from graphdhr.findings import RuleWording, count_words, names


def nothing_more(w: RuleWording) -> dict[str, str]:
    """For rules whose statement quotes only the common placeholders."""
    return {}


def _unreached(w: RuleWording, recipient: str, reached: str, none_brief: str) -> dict[str, str]:
    """A referral that was made and never reached its recipient (declined, not progressed, withdrawn): the finding
    names it and never says that no referral followed, which a panel would reject against the professional who made
    it. `reached_text` narrows "no referral" to one that reached; `unreached_text` names the one made, by whom and
    what became of it (facts `unreached_event`, `unreached_outcome`); `referral_brief` is the briefing's short
    clause, `none_brief` when no referral was made."""
    event, outcome = w.facts.get("unreached_event"), w.facts.get("unreached_outcome")
    if not event or not outcome or event not in w.evidence:
        return {"reached_text": "", "unreached_text": "", "became": "", "referral_brief": none_brief}
    became = str(outcome).replace("_", " ")
    return {"reached_text": f"that reached {reached} ",
            "unreached_text": (f" (the referral to {recipient} by {w.agency(w.evidence[event].agency_id)} "
                               f"{w.on(event)} was {became})"),
            "became": became,
            "referral_brief": f"the referral to {recipient} made was {became}"}


def visible_high_risk(w: RuleWording) -> dict[str, str]:
    f = w.facts
    first = next(iter(w.evidence.values()))
    score = f" score {f['score']}" if f.get("score") is not None else ""
    return {
        "grade": "high risk" if f.get("level") == "high" else f"a score of {f.get('score')}",
        "assessment": f"{f.get('tool') or 'tool not named'}, {w.when(first.event_id)}" + ("," + score if score else ""),
        "assessed_on": w.on(first.event_id),
        **_unreached(w, "MARAC", "MARAC", "no MARAC referral followed"),
    }


def potential_escalation(w: RuleWording) -> dict[str, str]:
    f, p = w.facts, w.params
    if f.get("single_agency_id"):
        single = (f" (no single agency held {p['incidents']} until {w.when(f.get('single_agency_event'))}, "
                  f"{w.agency(f['single_agency_id'])})")
    else:
        single = f" (no single agency ever held {p['incidents']})"
    later = f.get("later") or 0
    last = f.get("last_referral_event")
    return {
        **_unreached(w, "MARAC", "MARAC", "no MARAC referral followed"),
        "met_on": f"by {w.when(f.get('met_event'))}",
        "incidents_words": count_words(int(p["incidents"]), "domestic abuse incident or disclosure",
                                       "domestic abuse incidents or disclosures"),
        "held_by": (w.agency(w.agency_ids[0]) if len(w.agency_ids) == 1
                    else count_words(len(w.agency_ids), "agency", "agencies").capitalize() + " between them"),
        "single_agency_text": single,
        "later_text": (f"; {later} further incident{'s' if later != 1 else ''} followed within {p['window_months']} months, "
                       "still not referred"
                       if later else ""),
        "last_referral_text": (
            f"; the last MARAC referral about {w.victim_them} before then was {w.on(last)} "
            f"({w.agency(w.evidence[last].agency_id)})" if last in w.evidence
            else f"; no earlier MARAC referral about {w.victim_them} is recorded"
        ),
    }


def repeat(w: RuleWording) -> dict[str, str]:
    n = w.facts.get("incidents")
    were = "was" if n == 1 else "were"
    # A referral back made and not heard is named, never denied: "not referred back" would be false for it.
    made = _unreached(w, "MARAC", "MARAC", "")
    return {"referral_on": w.on(w.facts.get("referral_event")),
            "incidents_text": f"{n} further incident{'' if n == 1 else 's'}",
            "were": were,
            "not_referred_text": (f"{were} not heard at MARAC again{made['unreached_text']}" if made["became"]
                                  else f"{were} not referred back to MARAC"),
            "not_referred_brief": (f"{were} not heard at MARAC again (the referral back was {made['became']})"
                                   if made["became"] else f"{were} not referred back")}


def no_assessment(w: RuleWording) -> dict[str, str]:
    n = w.facts.get("rows")
    return {"rows_text": ("1 domestic abuse incident or disclosure" if n == 1
                          else f"{n} domestic abuse incidents or disclosures")}


def inconsistent(w: RuleWording) -> dict[str, str]:
    out = {}
    for which in ("first", "second"):
        e = w.evidence.get(w.facts.get(f"{which}_event") or "")
        grade = w.facts.get(f"{which}_level") or "no grade"
        tool = w.facts.get(f"{which}_tool") or "tool not named"
        out[which] = f"{grade} ({tool}) by {w.agency(e.agency_id)} {on_date(e.date)}" if e else "?"
    return out


def no_csc_referral(w: RuleWording) -> dict[str, str]:
    kids = [w.person(k) for k in w.facts.get("children") or []]
    return {"children": ", ".join(kids) if kids else "recorded as a child in the household",
            **_unreached(w, "children's social care", "it", "did not tell children's social care")}


def mappa_no_link(w: RuleWording) -> dict[str, str]:
    reasons = []
    if w.facts.get("sentence_months", 0) >= w.params["sentence_months"]:
        reasons.append(f"a custodial sentence of {w.facts['sentence_months']} months for violence")
    if w.facts.get("mappa_referral"):
        reasons.append("a MAPPA referral")
    return {"reason": " and ".join(reasons)}


def release_without_notice(w: RuleWording) -> dict[str, str]:
    recall = w.facts.get("recall_event")
    recall_text = ""
    if recall:
        recall_text = f" after recall {w.on(recall)}"
        if w.facts.get("recall_for_abuse"):
            recall_text += f" for abuse of {w.victim}"
    not_told = list(w.facts.get("not_told") or [])
    # Named before in the sentence only when the recall was for abuse of the victim ("... for abuse of Lottie").
    supported = w.victim_them if recall and w.facts.get("recall_for_abuse") else w.victim
    return {
        "released_on": w.on(w.facts.get("released_event")),
        "recall_text": recall_text,
        "recalled": ("" if not recall else f" after a recall for abuse of {w.victim}" if w.facts.get("recall_for_abuse")
                     else " after a recall"),
        "not_told": names(not_told, w.directory),
        "supported": supported,
        "not_told_brief": (f"{names(not_told, w.directory)}, supporting {supported}, was not told" if len(not_told) == 1
                           else f"neither of the two agencies supporting {supported} was told" if len(not_told) == 2
                           else f"none of the {count_words(len(not_told), 'agency', 'agencies')} supporting "
                                f"{supported} was told"),
    }


def health_unshared(w: RuleWording) -> dict[str, str]:
    words = str(w.facts.get("fact", "")).replace("_", " ")
    # One health service is named as one ("known only to one health service, which never recorded ..."), not as
    # "health services (one agency), none of which ...".
    one, named = len(w.agency_ids) == 1, names(list(w.agency_ids), w.directory)
    return {"fact": words.capitalize(), "fact_words": words,
            "agency_count": count_words(len(w.agency_ids), "agency", "agencies"),
            "known_to": f"one health service ({named})" if one else f"health services ({named})",
            "none_recorded": "which never recorded" if one else "none of which recorded",
            "known_to_brief": (f"one health service, {named}," if one else
                               f"health services ({count_words(len(w.agency_ids), 'agency', 'agencies')})"),
            "none_brief": ("it never recorded the relationship or abuse, or shared what it knew" if one else
                           "none of them recorded the relationship or abuse, or shared what they knew")}


def cooccurrence(w: RuleWording) -> dict[str, str]:
    held = [set(w.facts[part]) for part in ("abuse", "mental_health", "substance")]
    all_three = sorted(held[0] & held[1] & held[2])
    return {
        "agency_count": count_words(len(held[0] | held[1] | held[2]), "agency", "agencies"),
        "all_three": (", and no one agency held all three" if not all_three
                      else f", and only {names(all_three, w.directory)} held all three"),
        "person": w.person(w.facts["person"]),
        # Each part's holders in brackets, so that lists of names holding commas stay apart.
        "holders": "domestic abuse ({}), mental ill-health ({}) and substance misuse ({})".format(
            *(names(w.facts[part], w.directory) for part in ("abuse", "mental_health", "substance"))),
    }


def cross_boundary(w: RuleWording) -> dict[str, str]:
    return {"agency_a": w.agency(w.facts["agency_a"]), "agency_b": w.agency(w.facts["agency_b"])}


def role_inconsistency(w: RuleWording) -> dict[str, str]:
    """Two rows of one incident that disagree (`recorded` names both), or one row that by itself turns the review's
    roles round (`recorded` says what it recorded and when; `reversed` names the review's roles)."""
    f = w.facts
    if not f.get("single"):
        return {
            "agency_a": w.agency(f["agency_a"]), "agency_b": w.agency(f["agency_b"]),
            "victim_a": w.person(f["victim_a"]), "victim_b": w.person(f["victim_b"]),
            "recorded": (f"In incident {f['incident']}, {w.agency(f['agency_a'])} recorded {w.person(f['victim_a'])} "
                         f"as the victim and {w.agency(f['agency_b'])} recorded {w.person(f['victim_b'])} as the "
                         "victim"),
            "reversed": "the roles are the other way round",
        }
    roles = [f"{w.person(f[key])} as the {role}"
             for key, role in (("victim_a", "victim"), ("perpetrator_a", "perpetrator")) if f.get(key)]
    row = next(iter(w.evidence.values()))
    incident = f" (incident {f['incident']})" if f.get("incident") else ""
    return {
        "agency_a": w.agency(f["agency_a"]),
        "recorded": f"{w.agency(f['agency_a'])} recorded {' and '.join(roles)} {on_date(row.date)}{incident}",
        "reversed": (f"the other way round from the review's roles ({w.victim} the victim, {w.perpetrator} the "
                     "perpetrator)"),
    }


def separation_escalation(w: RuleWording) -> dict[str, str]:
    separated = w.facts.get("separated_event")
    out = {
        "separated_on": w.on(separated),
        "markers": ", ".join(m.replace("_", " ") for m in w.facts.get("markers") or []),
    }
    if separated in w.evidence:
        out["agency"] = w.agency(w.evidence[separated].agency_id)
    return out


def considered_not_made(w: RuleWording) -> dict[str, str]:
    f = w.facts
    return {
        "person": w.person(f["person"]) if f.get("person") else w.victim,
        "recipient": w.agency(f["recipient"]),
        "considered_on": w.on(f.get("considered_event")),
    }


def no_stalking_screen(w: RuleWording) -> dict[str, str]:
    f = w.facts
    separated = f.get("separated_event")
    later = (f.get("separations") or 1) - 1
    out = {
        "separated_on": w.on(separated) + (f" (and {later} later separation{'s' if later > 1 else ''})"
                                             if later else ""),
        "markers": " and ".join(m.replace("_", " ") for m in f.get("markers") or []),
        "rows_text": "1 row" if f.get("rows") == 1 else f"{f.get('rows')} rows",
    }
    if separated in w.evidence:
        out["separation_agency"] = w.agency(w.evidence[separated].agency_id)
    return out


# Each rule's finding in one plain sentence for the briefing: the point, with no list of agencies, no threshold and
# no rule id; the statement (default.yaml) keeps the detail for the appendix and the letters. Empty: the statement
# already reads as one plain sentence.
BRIEFS: dict[str, str] = {
    "marac.visible_high_risk": "{agency} assessed {victim} as {grade} {assessed_on} and {referral_brief}.",
    "marac.potential_escalation": (
        "{held_by} recorded {incidents_words} involving {victim} and {perpetrator} within "
        "{window_months} months, {met_on}, and {referral_brief} as the abuse escalated."),
    "marac.repeat": ("After {victim} was referred to MARAC {referral_on}, {incidents_text} between {victim_them} and "
                     "{perpetrator} within {window_months} months {not_referred_brief}."),
    "risk.no_assessment": "{agency} recorded domestic abuse of {victim} and made no risk assessment of its own soon after.",
    "risk.grade_below_band": "{agency} graded the risk to {victim} as {grade} although the score of {score} falls in the "
                             "{band} band.",
    "risk.inconsistent": "{agencies} assessed the risk to {victim} differently within {days_apart} days.",
    "children.no_csc_referral": ("{agency} recorded domestic abuse with a child in the household ({children}) and "
                                 "{referral_brief}."),
    "referral.considered_not_made": "{agency} considered referring {person} to {recipient} {considered_on} and did not.",
    "perpetrator.mappa_no_link": ("{perpetrator} was eligible for MAPPA (multi-agency public protection arrangements) "
                                  "and neither {agency} nor any other agency managing {perpetrator} shared with an "
                                  "agency supporting {victim}."),
    "perpetrator.release_without_notice": "{perpetrator} was released from custody {released_on}{recalled}, and {not_told_brief}.",
    "perpetrator.health_unshared": "Only {known_to_brief} knew of {perpetrator}'s {fact_words}, and {none_brief}.",
    "cooccurrence.abuse_mental_health_substance": (
        "Domestic abuse, mental ill-health and substance misuse were all recorded for {person} by {agency_count} "
        "between them{all_three}."),
    "cross_boundary": ("{agency_a} and {agency_b}, in different areas, both dealt with {victim} or {perpetrator} and "
                       "never shared with each other."),
    "role_inconsistency": "",
    "timeline.separation_escalation": ("After separation was recorded {separated_on}, other agencies recorded signs of "
                                       "escalation ({markers}) within {window_months} months."),
    "stalking.no_screen": ("{agency} recorded {markers} of {victim} after the separation and asked no stalking "
                           "screening questions."),
}
