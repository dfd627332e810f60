// name: rule_referral_considered_not_made
// purpose: Rule referral.considered_not_made: a chronology row about a victim, or about the perpetrator of a
// victim-perpetrator pair, on which the row's agency considered a referral to an agency or forum and did not make it
// (referral outcome considered_not_made), with no referral of the same person to that same recipient made by any
// agency (any outcome of a referral made, reached or not) possibly dated (its days overlapping the window) from $days days before the row's
// earliest day to $days days after its latest day. One row per such chronology row and recipient. A referral
// offered to the person and not taken up (offered_not_taken_up) was the person's choice, not the agency's, and
// finds nothing.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param days => 28;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, considered_not_made):
// - the finding's victim: the first victim (by id) among the row's subjects, else the victim of the first pair (by
//   victim, then perpetrator) whose perpetrator is among them; its perpetrator: the first of that victim's pairs
//   whose perpetrator is among the row's subjects, else null; `person`: who the referral was of, the victim when a
//   subject, else that perpetrator;
// - a referral of the person to the recipient made shortly before or after, by this agency or another, answers
//   the decision: the referral the agency considered was made (one made by police four days before a mental
//   health nurse considered the same MARAC referral is why the nurse did not make it again);
// - the rows read are those of the events fragment (the fatal incident and rows after the death left out).

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

// include: pair_list
CALL (c) {
  // include: pairs
  CALL (c) {
    MATCH (v:Person {case_id: c.case_id, role: 'victim'})
    MATCH (p:Person {case_id: c.case_id})
    WHERE p.role IN
      // include: perpetrator_roles
      ['perpetrator', 'alleged_perpetrator', 'co_accused']
      // end include: perpetrator_roles
    WITH collect({v: v, p: p, declared: EXISTS { (v)-[:RELATED_TO]-(p) }}) AS candidates
    UNWIND CASE WHEN any(x IN candidates WHERE x.declared) THEN [x IN candidates WHERE x.declared]
                ELSE candidates END AS pair
    WITH pair.v AS v, pair.p AS p
    OPTIONAL MATCH (v)-[r:RELATED_TO]-(p)
    WHERE r.from_start IS NOT NULL
    WITH v, p, r
    ORDER BY r.from_start
    WITH v, p, head(collect(r)) AS r
    RETURN v.person_id AS victim, p.person_id AS perpetrator,
           COLLECT { MATCH (v)-[d:RELATED_TO]-(p) RETURN d.relationship_type AS t ORDER BY d.from_start, t }[0]
             AS relationship_type,
           r.from_start AS rel_from, r.from_end AS rel_latest
  }
  // end include: pairs
  WITH victim, perpetrator
  ORDER BY victim, perpetrator
  RETURN collect({victim: victim, perpetrator: perpetrator}) AS pairs
}
// end include: pair_list

WITH c, events, pairs, [x IN events | x.event_id] AS analysed,
     COLLECT { MATCH (v:Person {case_id: c.case_id, role: 'victim'}) RETURN v.person_id AS v ORDER BY v } AS victims
UNWIND events AS x
// Each referral the row's agency considered and did not make.
MATCH (:Event {case_id: c.case_id, event_id: x.event_id})-[:REFERRED_TO {outcome: 'considered_not_made'}]->(to)
WITH c, pairs, analysed, x, to, coalesce(to.agency_id, to.forum_id) AS recipient,
     coalesce(head([v IN victims WHERE v IN x.subjects]),
              head([p IN pairs WHERE p.perpetrator IN x.subjects | p.victim])) AS victim
WHERE victim IS NOT NULL
WITH c, analysed, x, to, recipient, victim,
     head([p IN pairs WHERE p.victim = victim AND p.perpetrator IN x.subjects | p.perpetrator]) AS perpetrator
WITH c, analysed, x, to, recipient, victim, perpetrator,
     CASE WHEN victim IN x.subjects THEN victim ELSE perpetrator END AS person
// No agency made a referral of the person to the same recipient in the window.
WHERE NOT EXISTS {
    MATCH (m:Event {case_id: c.case_id})-[r:REFERRED_TO]->(to)
    WHERE m.event_id IN analysed AND NOT r.outcome IN
      // include: not_made_outcomes
      ['considered_not_made', 'offered_not_taken_up']
      // end include: not_made_outcomes
      AND m.date_end >= x.date_start - duration({days: $days})
      AND m.date_start <= x.date_end + duration({days: $days})
      AND EXISTS { (m)-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: person}) }
  }
WITH c, x, recipient, victim, perpetrator, person, x.evidence AS ev
RETURN c.case_id AS case_id, 'referral.considered_not_made' AS rule_id, victim AS victim_id,
       perpetrator AS perpetrator_id, [x.agency_id] AS agency_ids, x.date_start AS window_start,
       x.date_end AS window_end, [ev {.*, note: 'referral considered, not made'}] AS evidence,
       {person: person, recipient: recipient, considered_event: x.event_id} AS facts
ORDER BY case_id, x.date_start, x.event_id, recipient
