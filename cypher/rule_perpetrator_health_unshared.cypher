// name: rule_perpetrator_health_unshared
// purpose: Rule perpetrator.health_unshared (graphdhr/rules/default.yaml): a fact about the perpetrator (each of
// $facts: mental ill-health, suicidality, ...) known only to health services, none of which recorded domestic abuse
// or the relationship for him or her, or passed the fact on.
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
//   $health_sectors.
// - Recorded domestic abuse or the relationship: a holder's row about the perpetrator with `domestic_abuse` or
//   `relationship` learned, at any date.
// - Passed on: a holder's referral or share about the perpetrator, to anyone but itself, dated (earliest day) on or
//   after its own first row with the fact, with the fact learned or nothing learned (as in held_knowledge).
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.

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
UNWIND range(0, size($facts) - 1) AS i
WITH c, victim, perpetrator, i, $facts[i] AS fact

// The rows about the perpetrator with the fact learned, with their agency's sector and evidence map.
CALL (c, perpetrator, fact) {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: perpetrator})
  WHERE e.analysed AND fact IN coalesce(e.learned, [])
  MATCH (a:Agency {case_id: c.case_id, agency_id: e.agency_id})
  // include: cited_row
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
  WITH *,
       // include: evidence
       {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
        date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
       // end include: evidence
       AS ev
  // end include: cited_row
  WITH e, a, ev
  ORDER BY e.date_start, e.event_id
  RETURN collect({sector: a.sector, ev: ev {.*, note: fact}}) AS rows
}
WITH c, victim, perpetrator, i, fact, rows
WHERE size(rows) > 0 AND all(x IN rows WHERE x.sector IN $health_sectors)
WITH c, victim, perpetrator, i, fact, rows,
     COLLECT { UNWIND rows AS x RETURN DISTINCT x.ev.agency_id AS agency_id ORDER BY agency_id } AS holders

// No holder recorded domestic abuse or the relationship for the perpetrator.
WHERE NOT EXISTS {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: perpetrator})
  WHERE e.analysed AND e.agency_id IN holders
    AND any(f IN coalesce(e.learned, []) WHERE f IN ['domestic_abuse', 'relationship'])
}
// No holder passed the fact on.
  AND NOT EXISTS {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: perpetrator})
  WHERE e.analysed AND e.agency_id IN holders
    AND e.date_start >= head([x IN rows WHERE x.ev.agency_id = e.agency_id | x.ev.date_start])
    AND (fact IN coalesce(e.learned, []) OR size(coalesce(e.learned, [])) = 0)
    AND EXISTS { MATCH (e)-[:SHARED_WITH|REFERRED_TO]->(t) WHERE coalesce(t.agency_id, t.forum_id) <> e.agency_id }
}
RETURN c.case_id AS case_id, 'perpetrator.health_unshared' AS rule_id, victim AS victim_id,
       perpetrator AS perpetrator_id, holders AS agency_ids, rows[0].ev.date_start AS window_start,
       reduce(m = rows[0].ev.date_end, x IN rows | CASE WHEN x.ev.date_end > m THEN x.ev.date_end ELSE m END)
         AS window_end,
       [x IN rows | x.ev] AS evidence, {fact: fact} AS facts
ORDER BY case_id, victim_id, perpetrator_id, i
