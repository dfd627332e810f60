"""The knowledge analyses on small hand-made cases with known answers (embedded engine)."""

from __future__ import annotations

import datetime as dt

from casekit import row, write_case

from graphdhr.engines.embedded import EmbeddedEngine
from graphdhr.loaders import load_case
from graphdhr.report import build_findings, build_report


def engine_for(tmp_path, rows, **kw):
    case = load_case(write_case(tmp_path / "case", rows, **kw))
    return EmbeddedEngine([case])


def findings(engine):
    return build_findings(engine, "t1", engine.directory("t1"))


def by_rule(engine):
    out: dict[str, list] = {}
    for f in findings(engine):
        out.setdefault(f.rule_id, []).append(f)
    return out


def test_nobody_knew_anything_is_a_valid_result(tmp_path):
    e = engine_for(tmp_path, [row("2013-01-05", "gp", "vic", "appointment"), row("2013-02-05", "mh", "per", "contact")])
    assert e.run("agency_knowledge", "t1") == []
    assert findings(e) == []
    report = build_report(e, "t1")
    assert report.awareness[0].knew == ()
    assert [a for a, _ in report.awareness[0].never_knew] == ["gp", "mh"]


def test_silo_when_an_agency_knew_and_never_passed_it_on(tmp_path):
    # The GP's record of abuse of Vera (abuser not named) is what makes the relationship police knew of matter.
    e = engine_for(tmp_path, [row("2013-01-05", "police", "vic;per", "incident", learned="relationship",
                                  source_ref="IMR 4.2"),
                              row("2013-02-01", "gp", "vic", "disclosure", learned="domestic_abuse")])
    [f] = by_rule(e)["silo.relationship"]
    assert f.agencies == ("police",)
    assert [(ev.agency_id, ev.source_ref, ev.date.start) for ev in f.evidence] == [
        ("police", "IMR 4.2", dt.date(2013, 1, 5))
    ]


def test_relationship_alone_is_no_silo_while_no_one_recorded_abuse(tmp_path):
    """Knowing that two people are a couple is nothing to pass on while no agency's records hold abuse of the
    victim: the knowledge is there, the silo is not."""
    e = engine_for(tmp_path, [row("2013-01-05", "police", "vic;per", "incident", learned="relationship")])
    assert [r["topic"] for r in e.run("agency_knowledge", "t1")] == ["relationship"]
    assert "silo.relationship" not in by_rule(e)


def test_share_with_explicit_learned_moves_knowledge_and_ends_the_silo(tmp_path):
    e = engine_for(tmp_path, [
        row("2013-01-05", "police", "vic;per", "incident", learned="domestic_abuse;relationship"),
        row("2013-01-07", "police", "vic;per", "information_share", learned="relationship", shared_with="idva"),
    ])
    rows = {(r["agency_id"], r["topic"]): r for r in e.run("agency_knowledge", "t1")}
    assert rows[("police", "relationship")]["passed_on"][0]["to"] == ["idva"]
    # Only the relationship was shared, not the abuse.
    assert rows[("police", "abuse_by_perpetrator")]["passed_on"] == []
    told = rows[("idva", "relationship")]["knowledge"][0]
    assert (told["agency_id"], told["date_start"]) == ("police", dt.date(2013, 1, 7))
    assert ("idva", "abuse_by_perpetrator") not in rows
    silos = {(f.agencies[0], f.rule_id) for f in findings(e) if f.rule_id.startswith("silo")}
    # The IDVA was only told: the knowledge had moved, so it is no silo (only an agency's own knowledge can be).
    assert silos == {("police", "silo.abuse_by_perpetrator")}


def test_blank_learned_share_carries_only_what_the_sender_knew_by_then(tmp_path):
    e = engine_for(tmp_path, [
        row("2013-01-05", "police", "vic;per", "incident", learned="relationship"),
        row("2013-01-07", "police", "vic", "referral", referral_to="idva"),
        row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse"),
    ])
    idva = {r["topic"] for r in e.run("agency_knowledge", "t1") if r["agency_id"] == "idva"}
    assert idva == {"relationship"}


def test_a_forum_receives_but_is_not_an_agency_that_knows(tmp_path):
    e = engine_for(tmp_path, [
        row("2013-01-05", "police", "vic;per", "incident", learned="relationship;domestic_abuse"),
        row("2013-01-06", "police", "vic;per", "referral", referral_to="marac"),
    ])
    rows = e.run("agency_knowledge", "t1")
    assert {r["agency_id"] for r in rows} == {"police"}
    assert all(r["passed_on"] and r["passed_on"][0]["to"] == ["marac"] for r in rows)
    assert not [f for f in findings(e) if f.rule_id.startswith("silo")]


def test_blind_spot_needs_contact_certainly_after_someone_knew(tmp_path):
    e = engine_for(tmp_path, [
        row("2013-01-15", "police", "vic;per", "incident", learned="domestic_abuse;relationship",
            shared_with="idva"),
        row("2012-12-01", "gp", "vic", "appointment"),  # before: not a blind spot contact
        row("2013-01", "mh", "per", "contact"),  # same month, order uncertain: not counted
        row("2013-02-01", "gp", "V. Smith", "appointment"),  # after, under an alias
        row("2013-03-01", "idva", "vic", "contact"),  # told: not a blind spot
    ])
    [f] = by_rule(e)["blind_spot"]
    assert f.agencies == ("gp", "police")
    assert [(ev.note, ev.event_id) for ev in f.evidence] == [("known elsewhere", "combined-2"), ("contact", "combined-5")]


def test_two_records_only_during_the_relationship_and_unlinked(tmp_path):
    rows = [
        row("2011-06-01", "mh", "per", "admission"),  # before the relationship (starts 2012-01-01)
        row("2012-03-01", "mh", "vic", "appointment"),
        row("2012-05-01", "mh", "per", "appointment", learned="suicidality"),
        row("2012-05-01", "gp", "vic", "appointment"),
    ]
    e = engine_for(tmp_path, rows)
    [f] = by_rule(e)["two_records"]
    assert f.agencies == ("mh",)
    assert [ev.event_id for ev in f.evidence] == ["combined-3", "combined-4"]

    # Both on its books, nothing of concern about either: two unremarkable contacts are no gap.
    plain = [r for r in rows if r.get("learned") != "suicidality"] + [row("2012-05-01", "mh", "per", "appointment")]
    assert "two_records" not in by_rule(engine_for(tmp_path / "plain", plain))

    linked = rows + [row("2012-06-01", "mh", "vic;per", "contact", learned="relationship")]
    e2 = engine_for(tmp_path / "b", linked)
    assert "two_records" not in by_rule(e2)


def test_fatal_incident_is_not_a_missed_contact(tmp_path):
    e = engine_for(tmp_path, [
        row("2013-01-15", "police", "vic;per", "incident", learned="domestic_abuse"),
        row("2015-03-01", "gp", "vic", "fatal_incident"),
    ])
    assert "blind_spot" not in by_rule(e)


def test_held_knowledge_records_what_never_moved(tmp_path):
    e = engine_for(tmp_path, [
        row("2013-01-15", "mh", "per", "admission", learned="suicidality;mental_ill_health"),
        row("2013-02-15", "mh", "per", "information_share", learned="suicidality", shared_with="gp"),
    ])
    rows = {(r["fact"]): r for r in e.run("held_knowledge", "t1")}
    assert rows["suicidality"]["passed_on"][0]["to"] == ["gp"]
    assert rows["mental_ill_health"]["passed_on"] == []


def test_no_relationship_declared_pairs_every_victim_with_every_perpetrator(tmp_path):
    from casekit import BASE_MANIFEST

    manifest = {**BASE_MANIFEST, "relationships": []}
    e = engine_for(tmp_path, [row("2013-01-05", "police", "vic;per", "incident", learned="relationship")],
                   manifest=manifest)
    [r] = e.run("agency_knowledge", "t1")
    assert (r["victim_id"], r["perpetrator_id"]) == ("vic", "per")


def test_lottie_reproduces_the_panels_1_7_6(lottie):
    """Only some agencies knew of the relationship (1.7.6); Thames Valley Police's knowledge never moved."""
    e = EmbeddedEngine([lottie])
    report = build_report(e, "lottie")
    [aware] = report.awareness
    knew = {a for a, _ in aware.knew}
    never = {a for a, _ in aware.never_knew}
    assert {"met-police", "tvp", "probation", "lbh-csc", "school", "hidva"} <= knew
    assert {"hillingdon-hospital", "cnwl-mh", "greenbrook-ucc", "gp-bert-5"} <= never
    assert not knew & never
    assert len(knew) < len(knew | never)

    tvp = [f for f in report.findings if f.agencies == ("tvp",)]
    assert [f.rule_id for f in tvp] == ["silo.relationship"]
    assert [(ev.event_id, ev.source_ref) for ev in tvp[0].evidence] == [("tvp-2014-11-08", "1.5.16")]
    held = {(h.fact, h.person_id): h for h in report.held if h.agency_id == "tvp"}
    assert held[("self_harm", "bert")].passed_on == ()
    assert held[("self_harm", "bert")].knowledge[0].source_ref == "1.5.15"
    # Every finding cites rows a panel can check.
    for f in report.findings:
        assert f.evidence and all(ev.source_ref and ev.agency_id for ev in f.evidence)
    # The mental health trust held both and never linked them (the seed's 1.5.20-1.5.22).
    assert any(f.rule_id == "two_records" and f.agencies == ("cnwl-mh",) for f in report.findings)


def test_homicide_timeline_tags(tmp_path):
    e = engine_for(tmp_path, [
        row("2011-05-01", "police", "per", "conviction", learned="violence_to_others"),  # before: stage 1
        row("2013-02-01", "idva", "vic;per", "disclosure", learned="domestic_abuse;coercive_control"),
        row("2013-06-01", "police", "vic;per", "incident", learned="separation"),
        row("2013-07-01", "gp", "per", "appointment", learned="suicidality"),
        row("2013-07-02", "mh", "vic", "contact", learned="suicidality"),  # the victim's: not a stage
        row("2013-08-01", "police", "vic;per", "incident", learned="threats_to_kill;stalking"),
        row("2015-03-01", "police", "vic", "fatal_incident"),
    ])
    tags = [(r["stage"], r["marker"], r["event"]["agency_id"]) for r in e.run("timeline_tags", "t1")]
    assert tags == [
        (1, "violence_to_others", "police"), (3, "coercive_control", "idva"), (4, "separation", "police"),
        (5, "suicidality", "gp"), (5, "stalking", "police"), (5, "threats_to_kill", "police"),
        (8, "fatal_incident", "police"),
    ]
    sep = [f for f in findings(e) if f.rule_id == "timeline.separation_escalation"]
    assert [(f.agencies, [ev.event_id for ev in f.evidence]) for f in sep] == [(("gp",), ["combined-4", "combined-5"])]


def test_held_facts_say_who_did_what_to_whom(tmp_path):
    """Strangulation recorded on a row about Vera and Percy is strangulation of Vera by Percy, never a fact about
    Percy; his own suicidality stays his."""
    from graphdhr.render.report import render

    e = engine_for(tmp_path, [
        row("2013-03-01", "police", "vic;per", "incident", learned="domestic_abuse;strangulation"),
        row("2013-04-01", "gp", "per", "appointment", learned="suicidality"),
        row("2013-05-01", "idva", "vic", "contact", learned="stalking"),
    ])
    held = {(r["agency_id"], r["person_id"], r["fact"], r["by_id"]) for r in e.run("held_knowledge", "t1")}
    assert held == {("police", "vic", "strangulation", "per"), ("gp", "per", "suicidality", None),
                    ("idva", "vic", "stalking", None)}
    text = render(build_report(e, "t1"), "text")
    assert "strangulation of Vera by Percy" in text
    assert "suicidality (Percy)" in text
    assert "stalking of Vera (perpetrator not recorded)" in text
    assert "strangulation (Percy)" not in text and "strangulation (Vera)" not in text


def test_the_silos_incident_key_is_the_rules(tmp_path):
    """The silo reads each row's incident key from the engines' rows; it is the key the rules count by
    (RuleInputs.key): a chair's label, else the smallest id of rows linked as recorded twice, a chain of links
    being one event."""
    from chair_cases import CASES

    from graphdhr.analyses import CaseRows, incident_keys
    from graphdhr.engines.embedded_rules import RuleInputs

    for case in CASES:
        loaded = load_case(case.write(tmp_path))
        engine = EmbeddedEngine([loaded])
        rules = RuleInputs(engine._view(loaded.case_id), {})
        keys = incident_keys(CaseRows.fetch(engine, loaded.case_id, ("chronology", "recorded_twice")))
        assert keys == {e["event_id"]: rules.key(e) for e in rules.view.all_events}, case.name
    linked = {"one_call_out_recorded_twice_and_one_more": "las-callout", "disclosure_and_share_recorded_twice":
               "nurse-feb"}  # a linked pair's smaller id is the key of both rows
    for name, key in linked.items():
        case = next(c for c in CASES if c.name == name)
        loaded = load_case(case.write(tmp_path))
        engine = EmbeddedEngine([loaded])
        keys = incident_keys(CaseRows.fetch(engine, loaded.case_id, ("chronology", "recorded_twice")))
        assert sorted(k for k in keys.values()).count(key) == 2, (name, keys)


def test_a_third_persons_abuse_is_not_the_perpetrators(tmp_path):
    """Percy calls police because Vera's adult son Sid threatened and pushed her (police record Sid as the
    perpetrator): police knew of abuse of Vera, but not by Percy, and the threats are Sid's."""
    import copy

    from casekit import BASE_MANIFEST, COLUMNS

    manifest = copy.deepcopy(BASE_MANIFEST)
    manifest["people"].append({"id": "sid", "pseudonym": "Sid", "role": "family"})
    e = engine_for(tmp_path, [
        row("2013-09-14", "police", "vic;per;sid", "incident", learned="domestic_abuse;threats", risk_tool="DASH",
            risk_level="standard", recorded_victim="vic", recorded_perpetrator="sid"),
    ], manifest=manifest, columns=[*COLUMNS, "recorded_victim", "recorded_perpetrator"])
    assert e.run("agency_knowledge", "t1") == []
    assert [(h["person_id"], h["fact"], h["by_id"]) for h in e.run("held_knowledge", "t1")] == [
        ("vic", "threats", "sid")]
    assert findings(e) == []


def test_stalking_by_the_perpetrator_is_abuse_known_but_a_strangers_harassment_is_not(tmp_path):
    """The GP told that Percy follows Vera (stalking, both named) knew of abuse of Vera by Percy; the housing
    officer told a neighbour harasses Vera (harassment, Vera alone, no `domestic_abuse`) knew of no domestic abuse."""
    e = engine_for(tmp_path, [
        row("2013-06-20", "gp", "vic;per", "appointment", learned="stalking"),
        row("2013-07-01", "idva", "vic", "contact", learned="harassment"),
    ])
    assert sorted((r["agency_id"], r["topic"]) for r in e.run("agency_knowledge", "t1")) == [
        ("gp", "abuse_by_perpetrator"), ("gp", "relationship")]
