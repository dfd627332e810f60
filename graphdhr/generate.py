"""Generated cases about nobody: seeded, deterministic case folders in the real case format, with known answers.

For tests, benchmarks, trainers and demos. Each case has 5 to 20 agencies and 50 to 3,000 chronology rows
(aliases, month-only and approximate dates, referrals and shares, victim-only disclosures that were assessed and
referred), and a random subset of four planted patterns: a silo, a blind spot, a missed MARAC escalation and a
release without notice. Some cases have no knowledge of abuse at all.

Background rows are built so that they trigger nothing on their own, which makes the planted answers the complete
expected findings: each background agency only ever sees one of the two people (so no agency holds both
unlinked); background shares come only from agencies that know nothing; every background disclosure of abuse is
risk-assessed on its own row (DASH, standard, a score below 10) and referred to MARAC; there is one police force;
and every background row falls at least two months before the planted period, in which the patterns are laid out
in an order that keeps them from touching each other (release, silo, escalation, blind spot).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PATTERNS = ("release_without_notice", "silo", "missed_escalation", "blind_spot")

# (sector, name) pool for background agencies; police, probation and an IDVA service are added as patterns need.
POOL = (
    ("gp", "GP practice"),
    ("gp", "Second GP practice"),
    ("mental_health", "Mental health trust"),
    ("acute_hospital", "Acute hospital"),
    ("urgent_care", "Urgent care centre"),
    ("ambulance", "Ambulance service"),
    ("childrens_social_care", "Children's social care"),
    ("adult_social_care", "Adult social care"),
    ("housing", "Housing"),
    ("education", "School"),
    ("victim_support", "Victim support"),
    ("substance_misuse", "Substance misuse service"),
    ("community_health", "Community health"),
    ("other", "Voluntary sector support"),
    ("housing", "Housing association"),
    ("acute_hospital", "Second hospital"),
    ("mental_health", "Liaison psychiatry"),
    ("other", "Employment support"),
)

COLUMNS = ("date", "date_precision", "agency", "subjects", "event_type", "contact_type", "details", "learned",
           "risk_tool", "risk_score", "risk_level", "referral_to", "referral_outcome", "shared_with", "incident",
           "event_id", "source_ref")


@dataclass
class GeneratedCase:
    case_id: str
    folder: Path
    rows: int
    planted: list[dict[str, Any]] = field(default_factory=list)


def _row(**values: Any) -> dict[str, str]:
    return {c: "" if values.get(c) is None else str(values.get(c)) for c in COLUMNS}


class _CaseBuilder:
    def __init__(self, case_id: str, rnd: random.Random, rows_min: int, rows_max: int) -> None:
        self.case_id = case_id
        self.rnd = rnd
        self.rows: list[dict[str, str]] = []
        self.target = int(math.exp(rnd.uniform(math.log(rows_min), math.log(rows_max))))
        self.tor_start = dt.date(2010 + rnd.randrange(8), 1 + rnd.randrange(12), 1)
        self.rel_start = self.tor_start + dt.timedelta(days=rnd.randrange(60, 300))
        self.t0 = self.tor_start + dt.timedelta(days=4 * 365)  # the planted period starts here
        self.death = self.t0 + dt.timedelta(days=420)
        self.patterns = [p for p in PATTERNS if rnd.random() < 0.45]
        self.quiet = not self.patterns and rnd.random() < 0.5  # nobody knew anything
        n_agencies = rnd.randint(5, 20)
        pool = list(POOL)
        rnd.shuffle(pool)
        self.agencies: list[dict[str, Any]] = [
            {"id": "police", "name": "Police force", "sector": "police", "contribution": "imr", "area": "Area A"},
            {"id": "idva", "name": "IDVA service", "sector": "domestic_abuse_service", "contribution": "imr"},
        ]
        if "release_without_notice" in self.patterns or rnd.random() < 0.5:
            self.agencies.append({"id": "probation", "name": "Probation", "sector": "probation", "contribution": "imr"})
        for i, (sector, name) in enumerate(pool[: max(n_agencies - len(self.agencies), 2)]):
            contribution = rnd.choice(("imr", "imr", "imr", "chronology_only", "information_only"))
            self.agencies.append({"id": f"ag{i + 1:02d}", "name": name, "sector": sector, "contribution": contribution})
        # Every background agency sees only one of the two people; the police and the IDVA see the victim.
        self.sees: dict[str, str] = {}
        for a in self.agencies:
            if a["id"] in ("police", "idva"):
                self.sees[a["id"]] = "v"
            elif a["id"] == "probation":
                self.sees[a["id"]] = "p"
            else:
                self.sees[a["id"]] = rnd.choice("vp")
        self.silent = [a["id"] for a in self.agencies if a["id"] not in ("police", "idva")]

    def date_text(self, day: dt.date) -> tuple[str, str]:
        """A background date as written: mostly a day, some month-only, a few approximate."""
        r = self.rnd.random()
        if r < 0.8:
            return day.isoformat(), "day" if self.rnd.random() < 0.5 else ""
        if r < 0.95:
            return day.strftime("%Y-%m"), "month"
        return day.strftime("%Y-%m"), "approximate"

    def name_of(self, who: str) -> str:
        if self.rnd.random() < 0.1:
            return {"v": "Vee Alias", "p": "Pea Alias"}[who]
        return who

    def background(self) -> None:
        latest = self.t0 - dt.timedelta(days=92)  # an approximate month may reach a month later: still > 60 days
        span = (latest - self.tor_start).days
        planted_rows = {"release_without_notice": 1, "silo": 2, "missed_escalation": 3, "blind_spot": 2}
        count = self.target - 1 - sum(planted_rows[p] for p in self.patterns)  # the case has `target` rows
        # The IDVA service knows the victim early, so a release has someone to notify.
        self.rows.append(_row(date=(self.tor_start + dt.timedelta(days=20)).isoformat(), agency="idva", subjects="v",
                              event_type="contact", details="First contact", event_id="b-idva",
                              source_ref="IMR idva 2.1"))
        for n in range(count):
            day = self.tor_start + dt.timedelta(days=self.rnd.randrange(span))
            agency = self.rnd.choice(self.agencies)["id"]
            who = self.sees[agency]
            date, precision = self.date_text(day)
            values: dict[str, Any] = dict(
                date=date, date_precision=precision, agency=agency, subjects=self.name_of(who),
                event_type=self.rnd.choice(("contact", "appointment", "contact", "did_not_attend", "meeting")),
                details=f"Routine contact {n}", event_id=f"b{n:05d}", source_ref=f"IMR {agency} row {n + 1}",
            )
            r = self.rnd.random()
            if agency in ("police", "idva") and not self.quiet and r < 0.04:
                # A disclosure by the victim about someone: assessed on the row and referred to MARAC.
                values.update(event_type="disclosure", learned="domestic_abuse", risk_tool="DASH",
                              risk_score=self.rnd.randint(2, 9), risk_level="standard", referral_to="marac",
                              referral_outcome=self.rnd.choice(("accepted", "heard", "unknown")), subjects="v")
            elif agency in self.silent and r < 0.06:
                target = self.rnd.choice([a["id"] for a in self.agencies if a["id"] != agency])
                if self.rnd.random() < 0.5:
                    values.update(event_type="referral", referral_to=target,
                                  referral_outcome=self.rnd.choice(("accepted", "declined", "unknown")))
                else:
                    values.update(event_type="information_share", shared_with=target)
            if self.rnd.random() < 0.05:
                values["contact_type"] = self.rnd.choice(("phone", "letter", "face_to_face"))
            self.rows.append(_row(**values))

    def plant(self) -> list[dict[str, Any]]:
        planted = []
        t0 = self.t0

        def at(days: int) -> str:
            return (t0 + dt.timedelta(days=days)).isoformat()

        if "release_without_notice" in self.patterns:
            self.rows.append(_row(date=at(10), agency="probation", subjects="p", event_type="release",
                                  details="Released from custody", event_id="pl-release", source_ref="IMR probation 9.1"))
            planted.append({"pattern": "release_without_notice", "rule_id": "perpetrator.release_without_notice",
                            "agencies": ["probation"], "people": ["v", "p"]})
        holder = None
        if "silo" in self.patterns:
            holder = self.rnd.choice([a for a in self.silent if a != "probation"])
            # The victim tells the IDVA service of abuse without naming the abuser (assessed and referred to MARAC,
            # so it finds nothing of its own): the relationship the holder knew of is what would have tied that abuse
            # to the perpetrator. Knowing of a couple with no abuse recorded anywhere is no silo (docs/rules.md).
            self.rows.append(_row(date=at(35), agency="idva", subjects="v", event_type="disclosure",
                                  details="Disclosed abuse, abuser not named", learned="domestic_abuse",
                                  risk_tool="DASH", risk_score=5, risk_level="standard", referral_to="marac",
                                  referral_outcome="heard", event_id="pl-silo-abuse", source_ref="IMR idva 4.1"))
            self.rows.append(_row(date=at(40), agency=holder, subjects="v;p", event_type="contact",
                                  details="Learned they are a couple", learned="relationship", event_id="pl-silo",
                                  source_ref=f"IMR {holder} 4.2"))
            planted.append({"pattern": "silo", "rule_id": "silo.relationship", "agencies": [holder],
                            "people": ["v", "p"]})
        if "missed_escalation" in self.patterns:
            for k, days in enumerate((70, 130, 190)):
                self.rows.append(_row(date=at(days), agency="police", subjects="v;p", event_type="incident",
                                      details=f"Domestic incident {k + 1}", learned="domestic_abuse", risk_tool="DASH",
                                      risk_score=5, risk_level="standard", shared_with="mappa",
                                      incident=f"inc-{k + 1}", event_id=f"pl-esc-{k + 1}",
                                      source_ref=f"IMR police 6.{k + 1}"))
            planted.append({"pattern": "missed_escalation", "rule_id": "marac.potential_escalation",
                            "agencies": ["police"], "people": ["v", "p"]})
        if "blind_spot" in self.patterns:
            unaware = self.rnd.choice([a for a in self.silent if self.sees[a] == "v" and a != holder] or ["idva"])
            self.rows.append(_row(date=at(250), agency="police", subjects="v;p", event_type="incident",
                                  details="Assault reported", learned="domestic_abuse;relationship", risk_tool="DASH",
                                  risk_score=6, risk_level="standard", referral_to="marac", referral_outcome="heard",
                                  event_id="pl-known", source_ref="IMR police 7.1"))
            self.rows.append(_row(date=at(300), agency=unaware, subjects="v", event_type="appointment",
                                  details="Seen; nothing asked", event_id="pl-unaware",
                                  source_ref=f"IMR {unaware} 8.3"))
            planted.append({"pattern": "blind_spot", "rule_id": "blind_spot", "agencies": [unaware, "police"],
                            "people": ["v", "p"]})
        return planted

    def manifest(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "title": f"Generated case {self.case_id} (about nobody)",
            "area": "Generated",
            "date_of_death": self.death.isoformat(),
            "terms_of_reference": {"start": self.tor_start.isoformat(), "end": self.death.isoformat()},
            "source": "graphdhr generate",
            "people": [
                {"id": "v", "pseudonym": "Vee", "role": "victim", "aliases": ["Vee Alias"], "age": self.rnd.randint(18, 80)},
                {"id": "p", "pseudonym": "Pea", "role": "perpetrator", "aliases": ["Pea Alias"]},
                {"id": "c", "pseudonym": "Cee", "role": "child", "aliases": []},
            ],
            "relationships": [
                {"person": "v", "other": "p", "type": "intimate_partner", "start": self.rel_start.isoformat()},
                {"person": "v", "other": "c", "type": "parent"},
            ],
            "agencies": self.agencies,
            "forums": [{"id": "marac", "type": "marac", "name": "MARAC"}, {"id": "mappa", "type": "mappa", "name": "MAPPA"}],
        }


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def generate_case(folder: Path, case_id: str, seed: int, rows_min: int = 50, rows_max: int = 3000) -> GeneratedCase:
    """Write one generated case folder; return what was planted in it."""
    import yaml

    rnd = random.Random(seed)
    builder = _CaseBuilder(case_id, rnd, rows_min, rows_max)
    builder.background()
    planted = builder.plant()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(yaml.safe_dump(builder.manifest(), sort_keys=False), encoding="utf-8")
    chronology = folder / "chronology"
    chronology.mkdir(exist_ok=True)
    for old in chronology.glob("*.csv"):
        old.unlink()
    if rnd.random() < 0.5:
        (chronology / "combined.csv").write_text(_csv(builder.rows, COLUMNS), encoding="utf-8")
    else:
        per_agency: dict[str, list[dict[str, str]]] = {}
        for r in builder.rows:
            per_agency.setdefault(r["agency"], []).append(r)
        columns = tuple(c for c in COLUMNS if c != "agency")
        for agency, rows in sorted(per_agency.items()):
            (chronology / f"{agency}.csv").write_text(_csv(rows, columns), encoding="utf-8")
    return GeneratedCase(case_id, folder, len(builder.rows), planted)


def generate_corpus(out: str | Path, cases: int, seed: int, rows_min: int = 50, rows_max: int = 3000,
                    progress: Any = None) -> list[GeneratedCase]:
    """Write `cases` case folders under `out` and `out/planted.json` with the findings each must produce."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(cases):
        case_id = f"gen-{seed}-{i + 1:04d}"
        made.append(generate_case(root / case_id, case_id, seed * 100_003 + i, rows_min, rows_max))
        if progress is not None:
            progress(1)
    answers = {
        "seed": seed,
        "cases": {g.case_id: {"rows": g.rows, "planted": g.planted} for g in made},
    }
    (root / "planted.json").write_text(json.dumps(answers, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return made
