"""How each rule words its finding: the placeholders its statement (default.yaml) quotes beyond the common ones.

Every function takes a `RuleWording` (names, parameters, the row's facts and evidence) and returns the extra
placeholders; the common ones (victim, perpetrator, agency, agencies, the parameters and the facts themselves) are
filled by `graphdhr.findings.rule_findings`. A rule registers its function in `graphdhr.rules.registry`.
"""

from __future__ import annotations

from graphdhr.findings import RuleWording, names


def nothing_more(w: RuleWording) -> dict[str, str]:
    """For rules whose statement quotes only the common placeholders."""
    return {}


def visible_high_risk(w: RuleWording) -> dict[str, str]:
    f = w.facts
    first = next(iter(w.evidence.values()))
    score = f" score {f['score']}" if f.get("score") is not None else ""
    return {
        "grade": "high risk" if f.get("level") == "high" else f"a score of {f.get('score')}",
        "assessment": f"{f.get('tool') or 'tool not named'}, {first.date.text}" + ("," + score if score else ""),
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
        "met_on": w.when(f.get("met_event")),
        "single_agency_text": single,
        "later_text": (f"; {later} further incident{'s' if later != 1 else ''} followed within {p['window_months']} months, "
                       "still not referred"
                       if later else ""),
        "last_referral_text": (
            f"; the last MARAC referral about {w.victim} before then was {w.when(last)} "
            f"({w.agency(w.evidence[last].agency_id)})" if last in w.evidence
            else f"; no earlier MARAC referral about {w.victim} is recorded"
        ),
    }


def repeat(w: RuleWording) -> dict[str, str]:
    n = w.facts.get("incidents")
    return {"referral_on": w.when(w.facts.get("referral_event")),
            "incidents_text": f"{n} further incident{'' if n == 1 else 's'}"}


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
        out[which] = f"{grade} ({tool}) by {w.agency(e.agency_id)} on {e.date.text}" if e else "?"
    return out


def no_csc_referral(w: RuleWording) -> dict[str, str]:
    kids = [w.person(k) for k in w.facts.get("children") or []]
    return {"children": ", ".join(kids) if kids else "recorded as a child in the household"}


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
        recall_text = f" after recall on {w.when(recall)}"
        if w.facts.get("recall_for_abuse"):
            recall_text += f" for abuse of {w.victim}"
    return {
        "released_on": w.when(w.facts.get("released_event")),
        "recall_text": recall_text,
        "not_told": names(w.facts.get("not_told") or [], w.directory),
    }


def health_unshared(w: RuleWording) -> dict[str, str]:
    return {"fact": str(w.facts.get("fact", "")).replace("_", " ").capitalize()}


def cooccurrence(w: RuleWording) -> dict[str, str]:
    return {
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
        "recorded": f"{w.agency(f['agency_a'])} recorded {' and '.join(roles)} on {row.date.text}{incident}",
        "reversed": (f"the other way round from the review's roles ({w.victim} the victim, {w.perpetrator} the "
                     "perpetrator)"),
    }


def separation_escalation(w: RuleWording) -> dict[str, str]:
    separated = w.facts.get("separated_event")
    out = {
        "separated_on": w.when(separated),
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
        "considered_on": w.when(f.get("considered_event")),
    }


def no_stalking_screen(w: RuleWording) -> dict[str, str]:
    f = w.facts
    separated = f.get("separated_event")
    later = (f.get("separations") or 1) - 1
    out = {
        "separated_on": w.when(separated) + (f" (and {later} later separation{'s' if later > 1 else ''})"
                                             if later else ""),
        "markers": " and ".join(f.get("markers") or []),
        "rows_text": "1 row" if f.get("rows") == 1 else f"{f.get('rows')} rows",
    }
    if separated in w.evidence:
        out["separation_agency"] = w.agency(w.evidence[separated].agency_id)
    return out
