// name: rule_perpetrator_health_unshared
// purpose: Rule perpetrator.health_unshared (graphdhr/rules/default.yaml): a fact about the perpetrator (each of
// $facts: mental ill-health, suicidality, ...) known only to health services, none of which recorded domestic abuse
// or the relationship for him or her, or passed the fact on outside the health services (one health service
// telling another keeps the fact where it was).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param health_sectors => ['mental_health', 'acute_hospital', 'gp', 'urgent_care', 'ambulance', 'community_health', 'substance_misuse'];
:param facts => ['mental_ill_health', 'suicidality', 'self_harm', 'substance_misuse'];

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, health_unshared):
// - One finding per perpetrator and fact, named with the first victim (by id) paired with that perpetrator.
// - The holders: the agencies with a row about the perpetrator that has the fact learned; all must be of the
//   $health_sectors. A fact about one's health (the health_facts fragment) is his only on a row naming no victim or
//   other perpetrator (the health_of fragment).
// - Recorded domestic abuse or the relationship: a holder's row about the perpetrator with `relationship`,
//   `domestic_abuse` or a fact of what was done (the abuse_facts fragment: stalking, ...) learned, at any date.
// - Passed on: a holder's share or reached referral about the perpetrator (the events fragment's `to`) to an agency
//   outside the $health_sectors or to a forum, dated (earliest day) on or after its own first row with the fact,
//   with the fact learned or nothing learned (as in held_knowledge).

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
WITH c, perpetrator, min(victim) AS victim
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
WITH c, victim, perpetrator, [x IN events WHERE perpetrator IN x.subjects] AS about,
     COLLECT { MATCH (a:Agency {case_id: c.case_id}) WHERE a.sector IN $health_sectors RETURN a.agency_id } AS health
UNWIND range(0, size($facts) - 1) AS i
WITH c, victim, perpetrator, about, health, i, $facts[i] AS fact
// His own health: a row naming the victim too does not say whose it is (the health_of fragment).
WITH c, victim, perpetrator, about, health, i, fact,
     [x IN about WHERE fact IN x.learned
                       AND (NOT fact IN
                              // include: health_facts
                              ['mental_ill_health', 'suicidality', 'self_harm', 'substance_misuse']
                              // end include: health_facts
                            OR
                              // include: health_of
                              coalesce(x.health_of, [parties IN [COLLECT {
                                 MATCH (q:Person {case_id: c.case_id})
                                 WHERE q.person_id IN x.subjects
                                   AND (q.role = 'victim' OR q.role IN
                                     // include: perpetrator_roles
                                     ['perpetrator', 'alleged_perpetrator', 'co_accused']
                                     // end include: perpetrator_roles
                                   )
                                 RETURN q.person_id
                               }] WHERE size(parties) = 1 | parties[0]][0])
                              // end include: health_of
                            = perpetrator)] AS rows
WITH c, victim, perpetrator, about, health, i, fact, rows,
     COLLECT { UNWIND rows AS x RETURN DISTINCT x.agency_id AS agency_id ORDER BY agency_id } AS holders
WHERE size(rows) > 0 AND all(h IN holders WHERE h IN health)
// No holder recorded domestic abuse or the relationship for the perpetrator.
  AND NOT any(x IN about WHERE x.agency_id IN holders
                               AND any(f IN x.learned WHERE f IN ['domestic_abuse', 'relationship'] OR f IN
                                       // include: abuse_facts
                                       ['coercive_control', 'threats_to_kill', 'strangulation', 'stalking', 'harassment', 'threats', 'weapon']
                                       // end include: abuse_facts
                                       ))
// No holder passed the fact on outside the health services.
  AND NOT any(x IN about WHERE x.agency_id IN holders
                               AND x.date_start >= head([y IN rows WHERE y.agency_id = x.agency_id | y.date_start])
                               AND (fact IN x.learned OR size(x.learned) = 0)
                               AND any(t IN x.to WHERE NOT t IN health))
RETURN c.case_id AS case_id, 'perpetrator.health_unshared' AS rule_id, victim AS victim_id,
       perpetrator AS perpetrator_id, holders AS agency_ids, rows[0].date_start AS window_start,
       reduce(m = rows[0].date_end, x IN rows | CASE WHEN x.date_end > m THEN x.date_end ELSE m END) AS window_end,
       [ev IN [x IN rows | x.evidence] | ev {.*, note: fact}] AS evidence, {fact: fact} AS facts
ORDER BY case_id, victim_id, perpetrator_id, i
