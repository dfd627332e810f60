// name: rule_marac_visible_high_risk
// purpose: Rule marac.visible_high_risk (SafeLives MARAC referral criteria, 1): a risk assessment of a victim
// with a score at or above the threshold, or graded high, that no MARAC referral about the victim answered: none
// possibly dated (its days overlapping the window) from referral_days before the assessment's earliest day to referral_days after its latest
// day, and none tied to it by the same `incident` label. One row per assessment and victim.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param score_threshold => 14;
:param referral_days => 28;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py):
// - a MARAC referral about a person: a row with a REFERRED_TO relationship to a forum of type marac and the person
//   among its subjects;
// - a referral to MARAC made in the same window that did not reach it (declined, not progressed, withdrawn) answers
//   nothing, but is cited and named in the facts (`unreached_event`, `unreached_outcome`), so the finding never says
//   no referral followed when one was made;
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.
// Evidence is one map per chronology row: event_id, agency_id, date_start, date_end, date_precision, source_ref,
// `to` (the agencies and forums it was shared with or referred to, sorted) and `note` (why it is cited).

// include: events
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.analysed
  // include: recipients
  CALL (e) {
    OPTIONAL MATCH (e)-[s:SHARED_WITH|REFERRED_TO]->(r)
    WHERE s:SHARED_WITH OR s.outcome IN
      // include: reached_outcomes
      ['unknown', 'accepted', 'heard']
      // end include: reached_outcomes
    WITH DISTINCT coalesce(r.agency_id, r.forum_id) AS id, r:Agency AS is_agency
    ORDER BY id
    RETURN collect(id) AS to, collect(CASE WHEN is_agency THEN id END) AS to_agencies
  }
  // end include: recipients
  WITH e, to, to_agencies,
       // include: incident_key
       CASE WHEN coalesce(e.incident, '') = '' THEN
         COLLECT { MATCH (e)-[:SAME_EVENT_AS*0..]-(linked:Event) RETURN linked.event_id AS linked_id
                    ORDER BY linked_id LIMIT 1 }[0]
       ELSE e.incident END
       // end include: incident_key
       AS key
  ORDER BY e.date_start, e.event_id
  RETURN collect({
    event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
    event_type: e.event_type, incident: e.incident, learned: coalesce(e.learned, []),
    recorded_victim: e.recorded_victim, recorded_perpetrator: e.recorded_perpetrator, health_of: e.health_of,
    risk_tool: e.risk_tool, risk_score: e.risk_score, risk_level: e.risk_level,
    key: key,
    subjects: COLLECT { MATCH (e)-[:CONCERNS]->(s:Person) RETURN s.person_id },
    marac: EXISTS { (e)-[r:REFERRED_TO]->(:Forum {type: 'marac'})
                   WHERE r.outcome IN
                     // include: reached_outcomes
                     ['unknown', 'accepted', 'heard']
                     // end include: reached_outcomes
                   },
    to: to, to_agencies: to_agencies,
    evidence:
      // include: evidence
      {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
       date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
      // end include: evidence
  }) AS events
}
// end include: events
WITH c, events,
     COLLECT { MATCH (v:Person {case_id: c.case_id, role: 'victim'}) RETURN v.person_id ORDER BY v.person_id }
       AS victims

// Each high assessment, once for each victim among its subjects.
UNWIND events AS x
WITH c, events, victims, x
WHERE x.risk_score >= $score_threshold OR x.risk_level = 'high'
UNWIND [v IN victims WHERE v IN x.subjects] AS victim

// No MARAC referral about the victim answered it: one shortly before (the assessment may be the forum's own work
// on a referral already made), one shortly after, or one the chair tied to the same incident.
WITH c, events, x, victim,
     [m IN events WHERE victim IN m.subjects
                        AND ((m.date_end >= x.date_start - duration({days: $referral_days})
                              AND m.date_start <= x.date_end + duration({days: $referral_days}))
                             OR (coalesce(x.incident, '') <> '' AND coalesce(m.incident, '') = x.incident))]
       AS near
WHERE NOT any(m IN near WHERE m.marac)
// A MARAC referral made in that time that never reached MARAC (declined, not progressed, withdrawn) answers
// nothing, but is cited, and the finding says so: "no MARAC referral followed" would deny a referral made.
CALL (c, near) {
  UNWIND near AS m
  WITH m, COLLECT { MATCH (:Event {case_id: c.case_id, event_id: m.event_id})-[k:REFERRED_TO]->(:Forum {type: 'marac'})
                    WHERE k.outcome IN
                      // include: not_reached_outcomes
                      ['declined', 'not_progressed', 'withdrawn']
                      // end include: not_reached_outcomes
                    RETURN k.outcome AS o ORDER BY o } AS outcomes
  WHERE size(outcomes) > 0
  WITH m, outcomes, m.evidence AS cited ORDER BY m.date_start, m.event_id
  RETURN collect({event_id: m.event_id, outcome: outcomes[0],
                  evidence: cited {.*, note: 'referral not reached'}}) AS unreached
}
RETURN c.case_id AS case_id, 'marac.visible_high_risk' AS rule_id, victim AS victim_id, null AS perpetrator_id,
       [x.agency_id] AS agency_ids, x.date_start AS window_start, x.date_end AS window_end,
       [ev IN [x.evidence] | ev {.*, note: 'assessment'}]
         + [u IN unreached WHERE u.event_id <> x.event_id | u.evidence] AS evidence,
       {score: x.risk_score, level: x.risk_level, tool: x.risk_tool,
        unreached_event: unreached[0].event_id, unreached_outcome: unreached[0].outcome} AS facts
