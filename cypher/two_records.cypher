// name: two_records
// purpose: Agencies that held both the victim and the perpetrator on their books during the relationship,
// recorded something of concern about either of them there, and never linked them in their own records. "During"
// is certain: rows whose earliest possible day is on or after the relationship's latest possible start (every row
// when no start is recorded). "Of concern": one of those rows, about the victim or the perpetrator, has anything
// in `learned` beyond who lives in the household (household_facts; two unrelated, unremarkable contacts are no
// gap). "Never linked": no row of the agency's own, at any date, has both people as subjects (a row naming both
// records the link, whatever it learned).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, agency_id, victim_id, perpetrator_id, victim_events, perpetrator_events
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

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

// The agencies whose own rows linked the two: a row, at any date, with both as subjects.
WITH c, victim, perpetrator, rel_latest, events,
     [x IN events WHERE victim IN x.subjects AND perpetrator IN x.subjects | x.agency_id] AS linked

// Each other agency's rows during the relationship, about the victim and about the perpetrator.
CALL (events, victim, perpetrator, rel_latest, linked) {
  UNWIND events AS x
  WITH x
  WHERE (rel_latest IS NULL OR x.date_start >= rel_latest) AND NOT x.agency_id IN linked
  WITH x
  ORDER BY x.date_start, x.event_id
  WITH x.agency_id AS agency_id,
       collect(CASE WHEN victim IN x.subjects THEN x.evidence END) AS victim_events,
       collect(CASE WHEN perpetrator IN x.subjects THEN x.evidence END) AS perpetrator_events,
       collect(CASE WHEN any(l IN x.learned WHERE NOT l IN
                                 // include: household_facts
                                 ['child_in_household']
                                 // end include: household_facts
                                 ) AND (victim IN x.subjects OR perpetrator IN x.subjects)
                    THEN x.event_id END) AS concerns
  WHERE size(victim_events) > 0 AND size(perpetrator_events) > 0 AND size(concerns) > 0
  RETURN agency_id, victim_events, perpetrator_events
}
RETURN c.case_id AS case_id, agency_id, victim AS victim_id, perpetrator AS perpetrator_id, victim_events,
       perpetrator_events
ORDER BY case_id, victim_id, perpetrator_id, agency_id
