"""The referral and risk rules on the embedded graph: the Python twin of each `cypher/rule_*.cypher`.

Every rule returns rows of one shape, so one finding builder serves them all:

    case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts

`evidence` is a list of evidence maps (see embedded.evidence) each with a `note` saying why the row is cited;
`facts` holds the figures the finding's statement quotes. Definitions shared by several rules:

- a *counted* row: `learned` has domestic_abuse, its event type is one of the `counted_event_types` setting
  (a share, referral or meeting about an incident is not a new incident), and it is not a told row (an agency
  recording what another agency had told it, graphdhr.recorded_twice.told_rows);
- the pair's incidents (escalation, repeat): counted rows with both of the pair among the subjects that record no
  one outside the pair as victim or perpetrator (graphdhr.engines.graph.roles_within_pair: an adult son's assault
  of the victim is not an incident between her and the perpetrator);
- an *incident key*: the row's `incident` label when the chair gave one, else the smallest event id among the row
  and the rows joined to it by SAME_EVENT_AS links (one event recorded by two agencies, docs/graph-model.md; a
  chain of links is one event), so that rows of several agencies about one incident count once. A rule reads the
  key only where a merge can lower a count or answer a finding, never where it would add one (docs/rules.md,
  "Events recorded twice");
- a *MARAC referral about a person*: a row with a REFERRED_TO relationship to a forum of type marac, whose outcome
  is not declined, not_progressed or withdrawn, and the person among its subjects;
- date windows use the certain order (docs/graph-model.md) and calendar months as Neo4j's duration does, with one
  exception: a row that *answers* a finding (the referral, assessment, screen, notice or share whose absence the
  finding would claim) answers it when it is *possibly* within its window (`possibly_within`: its latest possible
  day on or after the window's first, its earliest on or before the window's last). A notice dated "July 2014" may
  have come within 28 days of a release on 1 Aug, and a finding that none did would rest on an order the chronology
  cannot give.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from graphdhr import vocab
from graphdhr.engines.graph import CaseView, evidence, order, roles_within_pair
from graphdhr.recorded_twice import incident_key

RISK_RANK = {"standard": 0, "medium": 1, "high": 2}
MENTAL_HEALTH = ("mental_ill_health", "suicidality", "self_harm")
STALKING_MARKERS = ("harassment", "stalking")  # what a stalking screen asks about


def possibly_within(row: dict[str, Any], low: dt.date, high: dt.date) -> bool:
    """The row may fall within [low, high]: the days it can mean overlap the window (module docstring)."""
    return bool(row["date_end"] >= low and row["date_start"] <= high)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day + duration({months: n})` as Cypher computes it: the day of month is clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class RuleInputs:
    """Indexes over one case view that the rules share."""

    def __init__(self, view: CaseView, params: dict[str, Any]) -> None:
        self.view = view
        self.params = params
        self.events = view.events  # sorted by (date_start, event_id); fatal incident excluded
        self.sector = {a: d["sector"] for a, d in view.agencies.items()}
        self.marac = {f for f, d in view.forums.items() if d["type"] == "marac"}
        self.victims = sorted(p for p, d in view.people.items() if d["role"] == "victim")
        self._linked_key = view.linked_keys
        self.told = view.told_rows

    def key(self, e: dict[str, Any]) -> str:
        """The row's incident key (module docstring): its label, else the smallest id of its linked rows."""
        return incident_key(e["event_id"], e.get("incident"), self._linked_key)

    def subjects(self, e: dict[str, Any]) -> set[str]:
        return self.view.subjects[e["event_id"]]

    def ev(self, e: dict[str, Any], note: str) -> dict[str, Any]:
        out = evidence(e, self.view.recipients[e["event_id"]])
        out["note"] = note
        return out

    def counted(self, e: dict[str, Any]) -> bool:
        return ("domestic_abuse" in e["learned"] and e["event_type"] in self.params["counted_event_types"]
                and e["event_id"] not in self.told)

    def pair_incidents(self, victim: str, perpetrator: str) -> list[dict[str, Any]]:
        """Counted rows (incidents or disclosures of domestic abuse) with both of the pair among the subjects and no
        one outside the pair recorded as victim or perpetrator (graphdhr.engines.graph.roles_within_pair)."""
        return [e for e in self.events if self.counted(e) and {victim, perpetrator} <= self.subjects(e)
                and roles_within_pair(e, victim, perpetrator)]

    def unreached(self, e: dict[str, Any], targets: set[str]) -> str | None:
        """The outcome of a referral the row made to one of `targets` that did not reach it (declined, not progressed,
        withdrawn; the first in order when there are several), or None."""
        outcomes = self.view.referral_outcomes[e["event_id"]]
        return min((o for to, o in outcomes.items() if to in targets and o in vocab.NOT_REACHED_OUTCOMES), default=None)

    def marac_referrals(self, person: str) -> list[dict[str, Any]]:
        """Referrals to MARAC about a person that the chronology does not say were declined or not progressed."""
        return [
            e for e in self.events
            if self.view.referral_reached[e["event_id"]] & self.marac and person in self.subjects(e)
        ]

    def unreached_marac_referrals(self, person: str) -> list[dict[str, Any]]:
        """Referrals to MARAC about a person that were made and did not reach it (declined, not progressed or
        withdrawn): no MARAC referral for any rule, but a referral made all the same, which a finding names."""
        return [e for e in self.events if person in self.subjects(e) and self.unreached(e, self.marac)]

    def unreached_facts(self, unreached: list[dict[str, Any]], targets: set[str]) -> dict[str, str | None]:
        """A finding's facts naming the first referral made that did not reach (`unreached_event`, with what
        became of it, `unreached_outcome`; both None when there is none): the wording names it, never denies it."""
        first = unreached[0] if unreached else None
        return {"unreached_event": first["event_id"] if first else None,
                "unreached_outcome": self.unreached(first, targets) if first else None}

    def row(
        self,
        rule_id: str,
        victim: str | None,
        perpetrator: str | None,
        agencies: Iterable[str],
        start: dt.date,
        end: dt.date,
        evs: list[dict[str, Any]],
        facts: dict[str, Any],
    ) -> dict[str, Any]:
        return {
            "case_id": self.view.case_id,
            "rule_id": rule_id,
            "victim_id": victim,
            "perpetrator_id": perpetrator,
            "agency_ids": sorted(set(agencies)),
            "window_start": start,
            "window_end": end,
            "evidence": evs,
            "facts": facts,
        }


def _first_met(
    rows: list[dict[str, Any]], needed: int, months: int, key: Callable[[dict[str, Any]], str],
    accept: Callable[[dt.date, list[dict[str, Any]]], bool] | None = None,
) -> tuple[dt.date, list[dict[str, Any]]] | None:
    """The earliest day by which `needed` distinct incidents certainly fell within `months` months (and that
    `accept(day, rows)` allows, when given), and those rows."""
    for day in sorted({e["date_end"] for e in rows}):
        low = add_months(day, -months)
        window = sorted((e for e in rows if e["date_end"] <= day and e["date_start"] >= low), key=order)
        if len({key(e) for e in window}) >= needed and (accept is None or accept(day, window)):
            return day, window
    return None


def visible_high_risk(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for e in r.events:
        high = (e["risk_score"] is not None and e["risk_score"] >= p["score_threshold"]) or e["risk_level"] == "high"
        if not high:
            continue
        # A MARAC referral about the victim shortly before the assessment, shortly after it, or tied to the same
        # incident answers it: the assessment may be the forum's own work on a referral already made.
        days = dt.timedelta(days=p["referral_days"])

        def answers(m: dict[str, Any]) -> bool:
            return (possibly_within(m, e["date_start"] - days, e["date_end"] + days)
                    or bool(e["incident"] and m["incident"] == e["incident"]))

        for victim in r.victims:
            if victim not in r.subjects(e):
                continue
            if any(answers(m) for m in r.marac_referrals(victim)):
                continue
            # A referral made in that time that never reached MARAC (declined, not progressed, withdrawn) answers
            # nothing, but the finding cites it and says so: "no MARAC referral followed" would deny a referral made.
            unreached = [m for m in r.unreached_marac_referrals(victim) if answers(m)]
            out.append(r.row(
                "marac.visible_high_risk", victim, None, [e["agency_id"]], e["date_start"], e["date_end"],
                [r.ev(e, "assessment")] + [r.ev(m, "referral not reached") for m in unreached if m is not e],
                {"score": e["risk_score"], "level": e["risk_level"], "tool": e["risk_tool"],
                 **r.unreached_facts(unreached, r.marac)},
            ))
    return out


def potential_escalation(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for victim, perpetrator, _rel_from, _rel_latest in r.view.pairs:
        rows = r.pair_incidents(victim, perpetrator)
        marac = r.marac_referrals(victim)
        days = dt.timedelta(days=p["referral_days"])

        def unreferred(day: dt.date, window: list[dict[str, Any]]) -> bool:
            # An escalation a MARAC referral answered is not one; a later one more than 12 months on may be.
            return not any(possibly_within(m, window[0]["date_start"], day + days) for m in marac)

        met = _first_met(rows, p["incidents"], p["window_months"], r.key, unreferred)
        if met is None:
            continue
        met_on, trigger = met
        first_start = trigger[0]["date_start"]
        next_referral = min((m["date_start"] for m in marac if m["date_start"] > met_on), default=None)
        horizon = add_months(met_on, p["window_months"])
        trigger_keys = {r.key(e) for e in trigger}
        later = [  # certainly after met_on and within the window; a new incident; no MARAC referral followed
            e for e in rows
            if e["date_start"] > met_on and e["date_end"] <= horizon and r.key(e) not in trigger_keys
            and (next_referral is None or e["date_end"] + days < next_referral)
        ]
        before = [m for m in marac if m["date_start"] < first_start]
        last = max(before, key=order) if before else None
        single: tuple[dt.date, str, str] | None = None  # (day, agency, event) when one agency alone met it
        for agency in sorted({e["agency_id"] for e in rows}):
            own = _first_met([e for e in rows if e["agency_id"] == agency], p["incidents"], p["window_months"],
                             r.key, lambda day, _window: day >= met_on)
            if own is not None:
                last_row = max((e for e in own[1] if e["date_end"] == own[0]), key=order)
                candidate = (own[0], agency, last_row["event_id"])
                if single is None or candidate < single:
                    single = candidate
        met_row = max((e for e in trigger if e["date_end"] == met_on), key=order)
        # A referral to MARAC made in the span and not heard answers nothing, but is named, not denied.
        unreached = [m for m in r.unreached_marac_referrals(victim)
                     if possibly_within(m, first_start, met_on + days)]
        evs = [r.ev(e, "incident or disclosure") for e in trigger]
        evs += [r.ev(e, "later incident, not referred to MARAC") for e in sorted(later, key=order)]
        if last is not None:
            evs.append(r.ev(last, "last MARAC referral before"))
        cited = {e["event_id"] for e in trigger + later}
        evs += [r.ev(m, "referral not reached") for m in unreached if m["event_id"] not in cited]
        out.append(r.row(
            "marac.potential_escalation", victim, perpetrator, [e["agency_id"] for e in trigger],
            first_start, met_on, evs,
            {
                "incidents": len({r.key(e) for e in trigger}),
                "met_event": met_row["event_id"],
                "single_agency_id": single[1] if single else None,
                "single_agency_event": single[2] if single else None,
                "later": len({r.key(e) for e in later}),
                "last_referral_event": last["event_id"] if last else None,
                **r.unreached_facts(unreached, r.marac),
            },
        ))
    return out


def repeat(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for victim, perpetrator, _rel_from, _rel_latest in r.view.pairs:
        rows = r.pair_incidents(victim, perpetrator)
        marac = r.marac_referrals(victim)
        for referral in marac:
            if perpetrator not in r.subjects(referral):
                continue  # the referral was about abuse by someone else: a new pair is a new referral
            horizon = add_months(referral["date_start"], p["window_months"])
            # A further incident is a new one: a row of the referral's own incident, or of an incident recorded
            # (possibly) by the day of the referral, is what was referred, told again (its key, module docstring).
            referred = {r.key(referral)} | {r.key(x) for x in rows if x["date_start"] <= referral["date_end"]}
            missed = []
            for e in rows:
                if not (e["date_start"] > referral["date_end"] and e["date_end"] <= horizon):
                    continue
                if r.key(e) in referred:
                    continue
                if any(order(n) > order(referral) and e["date_start"] > n["date_end"] and perpetrator in r.subjects(n)
                       for n in marac):
                    continue  # a repeat of the later (last) referral about them, reported there
                limit = e["date_end"] + dt.timedelta(days=p["referral_days"])
                if not any(possibly_within(m, e["date_start"], limit) for m in marac):
                    missed.append(e)
            if missed:
                # A referral back that was made and did not reach MARAC answers nothing, but is named, not denied.
                back = dt.timedelta(days=p["referral_days"])
                unreached = [m for m in r.unreached_marac_referrals(victim)
                             if any(possibly_within(m, e["date_start"], e["date_end"] + back) for e in missed)]
                out.append(r.row(
                    "marac.repeat", victim, perpetrator, [e["agency_id"] for e in missed],
                    referral["date_start"], max(e["date_end"] for e in missed),
                    [r.ev(referral, "MARAC referral")] + [r.ev(e, "incident not referred back") for e in missed]
                    + [r.ev(m, "referral not reached") for m in unreached if m not in missed],
                    {"incidents": len({r.key(e) for e in missed}), "referral_event": referral["event_id"],
                     **r.unreached_facts(unreached, r.marac)},
                ))
    return out


def _is_assessment(e: dict[str, Any], r: RuleInputs) -> bool:
    """A row that records risk: a grade or score, a risk_assessment row, or a referral to MARAC (which SafeLives
    criteria make only on an assessment of high risk)."""
    return (e["risk_level"] is not None or e["risk_score"] is not None or e["event_type"] == "risk_assessment"
            or bool(r.view.referred_to[e["event_id"]] & r.marac))


def no_assessment(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for victim in r.victims:
        by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in r.events:
            if r.counted(e) and victim in r.subjects(e) and r.sector[e["agency_id"]] in p["assessing_sectors"]:
                by_agency[e["agency_id"]].append(e)
        for agency, rows in sorted(by_agency.items()):
            assessments = [a for a in r.events if a["agency_id"] == agency and victim in r.subjects(a) and _is_assessment(a, r)]
            # Assessed: an assessment within the window, or one the chair tied to the same incident (its label).
            missed = [
                e for e in rows
                if not any(
                    possibly_within(a, e["date_start"], e["date_end"] + dt.timedelta(days=p["days"]))
                    or (e["incident"] and a["incident"] == e["incident"])
                    for a in assessments
                )
            ]
            if missed:
                out.append(r.row(
                    "risk.no_assessment", victim, None, [agency], missed[0]["date_start"],
                    max(e["date_end"] for e in missed), [r.ev(e, "no risk assessment") for e in missed],
                    {"rows": len(missed)},
                ))
    return out


def grade_below_band(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for e in r.events:
        score, level = e["risk_score"], e["risk_level"]
        if score is None or level is None:
            continue
        band = "high" if score >= p["high_from"] else "medium" if score >= p["medium_from"] else "standard"
        if RISK_RANK[level] >= RISK_RANK[band]:
            continue
        for victim in r.victims:
            if victim in r.subjects(e):
                out.append(r.row(
                    "risk.grade_below_band", victim, None, [e["agency_id"]], e["date_start"], e["date_end"],
                    [r.ev(e, "assessment")], {"score": score, "level": level, "grade": level, "band": band},
                ))
    return out


def inconsistent(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for victim in r.victims:
        graded = [e for e in r.events if victim in r.subjects(e) and (e["risk_level"] or e["risk_tool"])]
        incidents = [e for e in r.events if r.counted(e) and victim in r.subjects(e)]
        for a, b in zip(graded, graded[1:]):
            # Only when the order and the gap are certain: b certainly not before a, and at most window_days
            # apart whatever days their dates mean.
            if b["date_start"] < a["date_end"] or (b["date_end"] - a["date_start"]).days > p["window_days"]:
                continue
            # A new incident after the first assessment (the second row itself, or one between) explains a new
            # grade: that is the risk changing, not the agencies disagreeing.
            # New unless the chair tied it to the first by its label: the link is not read here, since a wrong
            # link would turn a new incident into the same one and so add a finding.
            if any(x["date_start"] > a["date_end"] and x["date_start"] <= b["date_end"]
                   and not (x["incident"] and x["incident"] == a["incident"]) for x in incidents):
                continue
            days = (b["date_start"] - a["date_start"]).days
            levels = a["risk_level"] and b["risk_level"] and a["risk_level"] != b["risk_level"]
            tools = a["risk_tool"] and b["risk_tool"] and a["risk_tool"].lower() != b["risk_tool"].lower()
            if levels or tools:
                out.append(r.row(
                    "risk.inconsistent", victim, None, [a["agency_id"], b["agency_id"]], a["date_start"],
                    b["date_end"], [r.ev(a, "assessment"), r.ev(b, "assessment")],
                    {"days_apart": days, "first_event": a["event_id"], "first_level": a["risk_level"],
                     "first_tool": a["risk_tool"], "second_event": b["event_id"], "second_level": b["risk_level"],
                     "second_tool": b["risk_tool"]},
                ))
    return out


def no_csc_referral(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    children = sorted(k for k, d in r.view.people.items() if d["role"] == "child")
    targets = {a for a, s in r.sector.items() if s == "childrens_social_care"}
    targets |= {f for f, d in r.view.forums.items() if d["type"] in ("mash", "child_protection_conference")}
    pairs = r.view.pairs
    out = []
    for e in r.events:
        subjects = r.subjects(e)
        victims = [v for v in r.victims if v in subjects]
        if not (r.counted(e) and victims) or r.sector[e["agency_id"]] == "childrens_social_care":
            continue
        kids = [c for c in children if c in subjects]
        if not kids and "child_in_household" not in e["learned"]:
            continue
        limit = e["date_end"] + dt.timedelta(days=p["days"])
        # About that incident (the row itself, or a row of the same incident key), made before the row or within
        # `days` after it: a referral of the same incident made before answers it, since the incident had reached
        # children's social care (the school referred the assault a week before the GP heard of it).
        covered = any(
            r.key(s) == r.key(e)
            and r.view.recipients[s["event_id"]] & targets
            and s["date_start"] <= limit
            for s in r.events
        )
        if covered:
            continue
        # A referral of the incident that never reached children's social care answers nothing, but is cited.
        unreached = [s for s in r.events if r.key(s) == r.key(e) and r.unreached(s, targets) and s["date_start"] <= limit]
        victim = victims[0]
        # The pair's perpetrator, unless the row records the abuse as someone else's (an adult son's assault).
        perpetrator = next((pp for v, pp, _f, _l in pairs
                            if v == victim and pp in subjects and roles_within_pair(e, victim, pp)), None)
        out.append(r.row(
            "children.no_csc_referral", victim, perpetrator, [e["agency_id"]], e["date_start"], e["date_end"],
            [r.ev(e, "incident or disclosure")] + [r.ev(s, "referral not reached") for s in unreached if s is not e],
            {"children": kids, **r.unreached_facts(unreached, targets)},
        ))
    return out


def mappa_no_link(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    mappa = {f for f, d in r.view.forums.items() if d["type"] == "mappa"}
    out = []
    for victim, perpetrator, _rel_from, _rel_latest in r.view.pairs:
        eligible = [
            e for e in r.events
            if perpetrator in r.subjects(e) and (
                (e["event_type"] in ("conviction", "custody") and (e["sentence_months"] or 0) >= p["sentence_months"]
                 and ("violence_to_others" in e["learned"] or "domestic_abuse" in e["learned"]))
                or r.view.referred_to[e["event_id"]] & mappa
            )
        ]
        facing = {
            e["agency_id"] for e in r.events
            if victim in r.subjects(e) and r.sector[e["agency_id"]] in p["victim_facing_sectors"]
        }
        if not facing:
            continue  # no agency supported the victim: there was no one to link with
        # The link MAPPA asks for is between the agencies managing him (those holding his eligibility) and those
        # supporting her: probation telling her IDVA links them, and the prison that held him is no gap for not
        # telling the IDVA too.
        managing = {e["agency_id"] for e in eligible}
        for agency in sorted(managing):
            mine = [e for e in eligible if e["agency_id"] == agency]
            first = mine[0]
            linked = any(
                s["agency_id"] in managing and s["date_end"] >= first["date_start"]
                and (r.view.agency_recipients[s["event_id"]] & facing) - {s["agency_id"]}
                for s in r.events
            )
            if linked:
                continue
            out.append(r.row(
                "perpetrator.mappa_no_link", victim, perpetrator, [agency], first["date_start"],
                mine[-1]["date_end"], [r.ev(e, "MAPPA eligibility") for e in mine],
                {
                    "sentence_months": max((e["sentence_months"] or 0) for e in mine),
                    "mappa_referral": any(r.view.referred_to[e["event_id"]] & mappa for e in mine),
                },
            ))
    return out


def release_without_notice(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for victim, perpetrator, rel_from, _rel_latest in r.view.pairs:
        for release in r.events:
            if release["event_type"] != "release" or perpetrator not in r.subjects(release):
                continue
            if rel_from is not None and release["date_end"] < rel_from:
                continue  # released before the relationship began
            facing = sorted({
                e["agency_id"] for e in r.events
                if victim in r.subjects(e) and r.sector[e["agency_id"]] in p["victim_facing_sectors"]
                and e["date_start"] <= release["date_end"]
            })
            if not facing:
                continue
            low = release["date_start"] - dt.timedelta(days=p["notice_days_before"])
            high = release["date_end"] + dt.timedelta(days=p["notice_days_after"])
            told = {
                to for s in r.events
                if possibly_within(s, low, high) and (victim in r.subjects(s) or perpetrator in r.subjects(s))
                for to in r.view.agency_recipients[s["event_id"]]
                if to in facing and to != s["agency_id"]
            }
            if told:
                continue
            recalls = [
                e for e in r.events
                if e["event_type"] == "recall" and perpetrator in r.subjects(e) and e["date_end"] <= release["date_end"]
            ]
            recall = max(recalls, key=order) if recalls else None
            if recall and any(
                x["event_type"] == "release" and perpetrator in r.subjects(x) and order(recall) < order(x) < order(release)
                for x in r.events
            ):
                recall = None  # he was released again after that recall: this custody did not follow it
            evs = ([r.ev(recall, "recall")] if recall else []) + [r.ev(release, "release")]
            out.append(r.row(
                "perpetrator.release_without_notice", victim, perpetrator, [release["agency_id"]],
                release["date_start"], release["date_end"], evs,
                {
                    "released_event": release["event_id"],
                    "recall_event": recall["event_id"] if recall else None,
                    "recall_for_abuse": bool(
                        recall and victim in r.subjects(recall) and "domestic_abuse" in recall["learned"]
                    ),
                    "not_told": facing,
                },
            ))
    return out


def health_unshared(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    seen: set[str] = set()
    for victim, perpetrator, _rel_from, _rel_latest in r.view.pairs:
        if perpetrator in seen:
            continue
        seen.add(perpetrator)
        about = [e for e in r.events if perpetrator in r.subjects(e)]
        for fact in p["facts"]:
            # His own health: a row naming the victim too does not say whose it is (CaseView.health_of).
            rows = [e for e in about if fact in e["learned"]
                    and (fact not in vocab.HEALTH_FACTS or r.view.health_of(e) == perpetrator)]
            holders = sorted({e["agency_id"] for e in rows})
            if not holders or any(r.sector[a] not in p["health_sectors"] for a in holders):
                continue
            # A holder that recorded abuse (vocab.ABUSE_WORDS) or the relationship for the perpetrator knew of it.
            enquired = any(
                e["agency_id"] in holders
                and any(w in e["learned"] for w in ("relationship", *vocab.ABUSE_WORDS))
                for e in about
            )
            first = {a: min(e["date_start"] for e in rows if e["agency_id"] == a) for a in holders}
            # Only a share or referral that leaves the health services counts: one health service telling another
            # keeps the fact where it was.
            shared = any(
                e["agency_id"] in holders and e["date_start"] >= first[e["agency_id"]]
                and any(r.sector.get(to) not in p["health_sectors"] for to in r.view.recipients[e["event_id"]])
                and (fact in e["learned"] or not e["learned"])
                for e in about
            )
            if enquired or shared:
                continue
            out.append(r.row(
                "perpetrator.health_unshared", victim, perpetrator, holders, rows[0]["date_start"],
                max(e["date_end"] for e in rows), [r.ev(e, fact) for e in rows], {"fact": fact},
            ))
    return out


def cooccurrence(r: RuleInputs) -> list[dict[str, Any]]:
    out = []
    pairs = r.view.pairs
    people = sorted(k for k, d in r.view.people.items() if d["role"] == "victim" or d["role"] in vocab.PERPETRATOR_ROLES)
    for person in people:
        role = r.view.people[person]["role"]
        parts: dict[str, list[dict[str, Any]]] = {"abuse": [], "mental_health": [], "substance": []}
        for e in r.events:
            if person not in r.subjects(e):
                continue
            if "domestic_abuse" in e["learned"]:
                parts["abuse"].append(e)
            # Health is the person's own only on a row naming no other victim or perpetrator (CaseView.health_of):
            # Percy's drinking on a row about the two of them is no substance misuse of Vera's.
            own_health = r.view.health_of(e) == person
            if own_health and any(f in e["learned"] for f in MENTAL_HEALTH):
                parts["mental_health"].append(e)
            if own_health and "substance_misuse" in e["learned"]:
                parts["substance"].append(e)
        if not all(parts.values()):
            continue
        victim: str | None
        perpetrator: str | None
        if role == "victim":
            victim, perpetrator = person, next((pp for v, pp, _f, _l in pairs if v == person), None)
        else:
            victim, perpetrator = next((v for v, pp, _f, _l in pairs if pp == person), None), person
        evs = []
        for part, label in (("abuse", "domestic abuse"), ("mental_health", "mental ill-health"),
                            ("substance", "substance misuse")):
            firsts: dict[str, dict[str, Any]] = {}
            for e in parts[part]:
                firsts.setdefault(e["agency_id"], e)
            evs += [r.ev(e, label) for e in sorted(firsts.values(), key=order)]
        involved = [e for rows in parts.values() for e in rows]
        out.append(r.row(
            "cooccurrence.abuse_mental_health_substance", victim, perpetrator, [e["agency_id"] for e in involved],
            min(e["date_start"] for e in involved), max(e["date_end"] for e in involved), evs,
            {
                "person": person,
                "abuse": sorted({e["agency_id"] for e in parts["abuse"]}),
                "mental_health": sorted({e["agency_id"] for e in parts["mental_health"]}),
                "substance": sorted({e["agency_id"] for e in parts["substance"]}),
            },
        ))
    return out


def cross_boundary(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    areas = {a: d.get("area") for a, d in r.view.agencies.items()}
    for victim, perpetrator, _rel_from, _rel_latest in r.view.pairs:
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in r.events:
            a = e["agency_id"]
            if r.sector[a] in p["sectors"] and areas[a] and r.subjects(e) & {victim, perpetrator}:
                rows[a].append(e)
        names = sorted(rows)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if areas[a] == areas[b]:
                    continue
                talked = any(
                    (e["agency_id"] == a and b in r.view.recipients[e["event_id"]])
                    or (e["agency_id"] == b and a in r.view.recipients[e["event_id"]])
                    for e in r.events
                )
                if talked:
                    continue
                both = sorted(rows[a] + rows[b], key=order)
                out.append(r.row(
                    "cross_boundary", victim, perpetrator, [a, b], both[0]["date_start"],
                    max(e["date_end"] for e in both), [r.ev(e, f"{areas[e['agency_id']]}") for e in both],
                    {"agency_a": a, "area_a": areas[a], "agency_b": b, "area_b": areas[b]},
                ))
    return out


def _reversed_in_one_row(e: dict[str, Any], subjects: set[str], victim: str, perpetrator: str) -> bool:
    """The row, about both of the pair, records the perpetrator as the victim or the victim as the perpetrator, and
    names no one else in either role (a third person recorded in the other role makes it another relationship's
    incident, not this one turned round)."""
    recorded = {p for p in (e["recorded_victim"], e["recorded_perpetrator"]) if p}
    return (
        (e["recorded_victim"] == perpetrator or e["recorded_perpetrator"] == victim)
        and recorded <= {victim, perpetrator}
        and {victim, perpetrator} <= subjects
    )


def role_inconsistency(r: RuleInputs) -> list[dict[str, Any]]:
    out = []
    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in r.events:
        if e["incident"] and e["recorded_victim"]:
            by_incident[e["incident"]].append(e)
    pairs = r.view.pairs
    reported: set[str] = set()
    for incident, rows in sorted(by_incident.items()):
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if a["recorded_victim"] == b["recorded_victim"]:
                    continue
                people = {a["recorded_victim"], b["recorded_victim"]}
                pair = next(((v, pp) for v, pp, _f, _l in pairs if {v, pp} == people), (None, None))
                if pair == (None, None) and b["recorded_victim"] != a["recorded_perpetrator"] \
                        and a["recorded_victim"] != b["recorded_perpetrator"]:
                    continue  # two people each recorded as a victim (e.g. a parent and a child), not reversed
                reported |= {a["event_id"], b["event_id"]}
                out.append(r.row(
                    "role_inconsistency", pair[0], pair[1], [a["agency_id"], b["agency_id"]], a["date_start"],
                    max(a["date_end"], b["date_end"]), [r.ev(a, "recorded roles"), r.ev(b, "recorded roles")],
                    {"single": False, "incident": incident, "agency_a": a["agency_id"],
                     "victim_a": a["recorded_victim"], "perpetrator_a": a["recorded_perpetrator"],
                     "agency_b": b["agency_id"], "victim_b": b["recorded_victim"]},
                ))
    # One row can turn the roles round by itself, with no second row giving the other direction: a counter-allegation
    # recorded as it was made. Reported once, under the first pair it reverses; rows reported above are not repeated.
    for e in r.events:
        if e["event_id"] in reported:
            continue
        turned = next(((v, pp) for v, pp, _f, _l in pairs if _reversed_in_one_row(e, r.subjects(e), v, pp)), None)
        if turned is None:
            continue
        out.append(r.row(
            "role_inconsistency", turned[0], turned[1], [e["agency_id"]], e["date_start"], e["date_end"],
            [r.ev(e, "recorded roles")],
            {"single": True, "incident": e["incident"], "agency_a": e["agency_id"], "victim_a": e["recorded_victim"],
             "perpetrator_a": e["recorded_perpetrator"], "agency_b": None, "victim_b": None},
        ))
    return out


def separation_escalation(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    out = []
    for victim, perpetrator, _rel_from, _rel_latest in r.view.pairs:
        pair = {victim, perpetrator}
        for sep in r.events:
            if "separation" not in sep["learned"] or not (r.subjects(sep) & pair):
                continue
            horizon = add_months(sep["date_end"], p["window_months"])

            def marks(e: dict[str, Any]) -> list[str]:
                # Suicidality marks escalation only when it is the perpetrator's (Homicide Timeline stage 5), and
                # a row naming the victim too does not say whose it is (CaseView.health_of).
                return [m for m in p["markers"]
                        if m in e["learned"] and (m != "suicidality" or r.view.health_of(e) == perpetrator)]

            later = [
                e for e in r.events
                if e["agency_id"] != sep["agency_id"] and r.subjects(e) & pair
                and sep["date_end"] < e["date_start"] <= horizon and marks(e)
            ]
            if not later:
                continue
            markers = sorted({m for e in later for m in marks(e)})
            out.append(r.row(
                "timeline.separation_escalation", victim, perpetrator, [e["agency_id"] for e in later],
                sep["date_start"], max(e["date_end"] for e in later),
                [r.ev(sep, "separation")] + [r.ev(e, "escalation") for e in later],
                {"separated_event": sep["event_id"], "markers": markers},
            ))
    return out


def considered_not_made(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    days = dt.timedelta(days=p["days"])
    pairs = r.view.pairs
    out = []
    for e in r.events:
        outcomes = r.view.referral_outcomes[e["event_id"]]
        considered = sorted(to for to, outcome in outcomes.items() if outcome == "considered_not_made")
        if not considered:
            continue
        subjects = r.subjects(e)
        # The row is about a victim, or about the perpetrator of a pair (a referral of him or her considered).
        victim = next((v for v in r.victims if v in subjects), None)
        if victim is None:
            victim = next((v for v, pp, _f, _l in pairs if pp in subjects), None)
        if victim is None:
            continue
        perpetrator = next((pp for v, pp, _f, _l in pairs if v == victim and pp in subjects), None)
        person = victim if victim in subjects else perpetrator
        for recipient in considered:
            # A referral of the person to the same recipient made shortly before or after, by this agency or
            # another, answers the decision: the referral considered was made (police's MARAC referral four days
            # before is why the mental health nurse did not make it again).
            made = any(
                possibly_within(m, e["date_start"] - days, e["date_end"] + days)
                and person in r.subjects(m)
                and r.view.referral_outcomes[m["event_id"]].get(recipient) in vocab.MADE_OUTCOMES
                for m in r.events
            )
            if made:
                continue
            out.append(r.row(
                "referral.considered_not_made", victim, perpetrator, [e["agency_id"]], e["date_start"],
                e["date_end"], [r.ev(e, "referral considered, not made")],
                {"person": person, "recipient": recipient,
                 "considered_event": e["event_id"]},
            ))
    return out


def _stalking_screen(e: dict[str, Any]) -> bool:
    """A row that asked stalking screening questions: one that says so, or a risk assessment (a DASH asks them)
    that does not say they were left out."""
    screen: str | None = e["stalking_screen"]
    assessment = e["risk_level"] is not None or e["risk_score"] is not None or e["event_type"] == "risk_assessment"
    return screen == "asked" or (assessment and screen != "not_asked")


def no_stalking_screen(r: RuleInputs) -> list[dict[str, Any]]:
    p = r.params
    days = dt.timedelta(days=p["days"])
    out = []
    for victim, perpetrator, _rel_from, _rel_latest in r.view.pairs:
        pair = {victim, perpetrator}
        separations = [s for s in r.events if "separation" in s["learned"] and r.subjects(s) & pair]
        missed: dict[str, list[tuple[dict[str, Any], list[dict[str, Any]]]]] = defaultdict(list)
        for e in r.events:
            if not (any(m in e["learned"] for m in STALKING_MARKERS) and victim in r.subjects(e)
                    and r.sector[e["agency_id"]] in p["assessing_sectors"]):
                continue
            # Certainly after the separation, and certainly within the window of it.
            after = [s for s in separations if s["date_end"] < e["date_start"]
                     and e["date_end"] <= add_months(s["date_start"], p["window_months"])]
            if not after:
                continue
            screened = any(
                s["agency_id"] == e["agency_id"] and victim in r.subjects(s) and _stalking_screen(s)
                and (possibly_within(s, e["date_start"], e["date_end"] + days)
                     or (e["incident"] and s["incident"] == e["incident"]))
                for s in r.events
            )
            if not screened:
                missed[e["agency_id"]].append((e, after))
        for agency, found in sorted(missed.items()):
            seps = sorted({s["event_id"]: s for _e, after in found for s in after}.values(), key=order)
            rows = [e for e, _after in found]
            out.append(r.row(
                "stalking.no_screen", victim, perpetrator, [agency], seps[0]["date_start"],
                max(e["date_end"] for e in rows),
                [r.ev(s, "separation") for s in seps] + [r.ev(e, "harassment or stalking, not screened") for e in rows],
                {"separated_event": seps[0]["event_id"], "separations": len(seps), "rows": len(rows),
                 "markers": [m for m in STALKING_MARKERS if any(m in e["learned"] for e in rows)]},
            ))
    return out
