"""Random cases for property tests (hypothesis): every field the analyses and rules read, drawn at random."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from graphdhr import vocab
from graphdhr.dates import ChronoDate, parse_date
from graphdhr.model import Agency, Case, Event, Forum, InformationShare, Person, Referral, Relationship, RiskAssessment, Where

AGENCIES = (
    Agency("pol-a", "Police A", "police", "imr", "North"),
    Agency("pol-b", "Police B", "police", "imr", "South"),
    Agency("gp", "GP", "gp", "imr"),
    Agency("mh", "Mental health", "mental_health", "imr"),
    Agency("idva", "IDVA", "domestic_abuse_service", "imr"),
    Agency("csc", "Children's services", "childrens_social_care", "imr"),
    Agency("prob", "Probation", "probation", "imr"),
    Agency("housing", "Housing", "housing", "imr"),
)
FORUMS = (Forum("marac", "marac", "MARAC"), Forum("mappa", "mappa", "MAPPA"))
RECIPIENTS = [a.id for a in AGENCIES] + [f.id for f in FORUMS]
FACTS = ("domestic_abuse", "relationship", "mental_ill_health", "suicidality", "substance_misuse",
         "child_in_household", "separation", "stalking", "violence_to_others", "self_harm", "harassment", "threats")
TYPES = ("incident", "disclosure", "contact", "referral", "information_share", "release", "recall", "conviction",
         "risk_assessment", "meeting", "fatal_incident")


@st.composite
def chrono(draw) -> ChronoDate:
    year = draw(st.integers(2012, 2014))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    form = draw(st.sampled_from(["day", "day", "day", "month", "year", "approximate", "range"]))
    if form == "range":  # a season or "between": a span with the words it was written in
        start = dt.date(year, month, day)
        return ChronoDate(start, start + dt.timedelta(days=draw(st.integers(1, 120))), "range", f"spring {year}")
    if form == "year":
        return parse_date(str(year))
    if form == "month":
        return parse_date(f"{year}-{month:02d}")
    return parse_date(f"{year}-{month:02d}-{day:02d}", "approximate" if form == "approximate" else None)


@st.composite
def cases(draw) -> Case:
    people = [Person("v1", "Vera", "victim"), Person("p1", "Percy", "perpetrator"), Person("k1", "Kit", "child")]
    if draw(st.booleans()):
        people.append(Person("v2", "Viv", "victim", aliases=("Vivienne",)))
    if draw(st.booleans()):
        people.append(Person("p2", "Pat", draw(st.sampled_from(vocab.PERPETRATOR_ROLES))))
    ids = [p.id for p in people]
    victims = [p.id for p in people if p.role == "victim"]
    perps = [p.id for p in people if p.role in vocab.PERPETRATOR_ROLES]
    relationships = []
    for v in victims:
        for p in perps:
            if draw(st.integers(0, 2)) == 0:
                start = draw(st.one_of(st.none(), chrono()))
                relationships.append(Relationship(v, p, "intimate_partner", start=start))
    # The pairs the model follows (model.victim_perpetrator_pairs): declared ones, else every combination.
    pairs = [(r.person, r.other) for r in relationships] or [(v, p) for v in victims for p in perps]
    events = []
    for n in range(draw(st.integers(0, 14))):
        agency = draw(st.sampled_from(AGENCIES)).id
        subjects = tuple(dict.fromkeys(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3))))
        learned = tuple(dict.fromkeys(draw(st.lists(st.sampled_from(FACTS), max_size=3))))
        if "relationship" in learned and not any(v in subjects and p in subjects for v, p in pairs):
            learned = tuple(f for f in learned if f != "relationship")
        refs = draw(st.lists(st.sampled_from(RECIPIENTS), max_size=2, unique=True))
        refs = [r for r in refs if r != agency]
        shares = draw(st.lists(st.sampled_from(RECIPIENTS), max_size=2, unique=True))
        level = draw(st.sampled_from([None, None, "standard", "medium", "high"]))
        score = draw(st.one_of(st.none(), st.integers(0, 24)))
        tool = draw(st.sampled_from([None, "DASH", "dash", "SPECSS"]))
        risk = RiskAssessment(tool, score, level) if (level or score is not None or tool) else None
        events.append(Event(
            event_id=f"e{n}",
            agency=agency,
            date=draw(chrono()),
            event_type=draw(st.sampled_from(TYPES)),
            subjects=subjects,
            details=f"row {n}",
            source_ref=f"ref {n}",
            where=Where("random.csv", n + 2),
            learned=learned,
            risk=risk,
            referrals=tuple(Referral(r, draw(st.sampled_from(vocab.REFERRAL_OUTCOMES))) for r in refs),
            shares=tuple(InformationShare(s) for s in shares),
            recorded_victim=draw(st.sampled_from([None, *subjects])),
            recorded_perpetrator=draw(st.sampled_from([None, *subjects])),
            incident=draw(st.sampled_from([None, None, "inc-a", "inc-b"])),
            sentence_months=draw(st.sampled_from([None, 6, 12, 27])),
            stalking_screen=draw(st.sampled_from([None, None, *vocab.STALKING_SCREEN])),
        ))
    return Case(
        case_id="rnd",
        title="Random case",
        area=None,
        # The analyses stop at the death: a death inside the chronology's years leaves later rows out.
        date_of_death=draw(st.one_of(st.none(), chrono())),
        tor_start=parse_date("2012-01-01"),
        tor_end=parse_date("2015-12-31"),
        people=tuple(people),
        relationships=tuple(relationships),
        agencies=AGENCIES,
        forums=FORUMS,
        events=tuple(events),
    ).check()
