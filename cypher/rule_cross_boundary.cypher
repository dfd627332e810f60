// name: rule_cross_boundary
// purpose: Rule cross_boundary (graphdhr/rules/default.yaml): two agencies of the $sectors (police forces, by
// default) in different areas that both dealt with the victim or the perpetrator and never shared with each other.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param sectors => ['police'];

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, cross_boundary):
// - Per victim-perpetrator pair, the agencies of the $sectors with an area recorded and a row about the victim or the
//   perpetrator; every two of them (by agency id) whose areas differ.
// - Never shared: no referral or share row of either, at any date, names the other.
// - Evidence: both agencies' rows about the victim or the perpetrator, each noted with its agency's area.
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

// Each agency of the sectors, with an area, and its rows about the victim or the perpetrator.
CALL (c, victim, perpetrator) {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(s:Person {case_id: c.case_id})
  WHERE s.person_id IN [victim, perpetrator] AND e.analysed
  WITH DISTINCT e
  MATCH (a:Agency {case_id: c.case_id, agency_id: e.agency_id})
  WHERE a.sector IN $sectors AND a.area IS NOT NULL AND a.area <> ''
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
  WITH a, e, ev
  ORDER BY e.date_start, e.event_id
  WITH a, collect(ev {.*, note: a.area}) AS rows
  ORDER BY a.agency_id
  RETURN collect({agency_id: a.agency_id, area: a.area, rows: rows}) AS held
}

// Every two of them in different areas that never shared with each other.
UNWIND range(0, size(held) - 1) AS i
UNWIND range(i + 1, size(held) - 1) AS j
WITH c, victim, perpetrator, held[i] AS a, held[j] AS b
WHERE a.area <> b.area
  AND NOT EXISTS {
    MATCH (e:Event {case_id: c.case_id})-[t:SHARED_WITH|REFERRED_TO]->(:Agency {case_id: c.case_id, agency_id: b.agency_id})
    WHERE e.agency_id = a.agency_id AND e.analysed AND (t:SHARED_WITH OR t.outcome IN
      // include: reached_outcomes
      ['unknown', 'accepted', 'heard']
      // end include: reached_outcomes
    )
  }
  AND NOT EXISTS {
    MATCH (e:Event {case_id: c.case_id})-[t:SHARED_WITH|REFERRED_TO]->(:Agency {case_id: c.case_id, agency_id: a.agency_id})
    WHERE e.agency_id = b.agency_id AND e.analysed AND (t:SHARED_WITH OR t.outcome IN
      // include: reached_outcomes
      ['unknown', 'accepted', 'heard']
      // end include: reached_outcomes
    )
  }
WITH c, victim, perpetrator, a, b,
     COLLECT { UNWIND a.rows + b.rows AS x RETURN x ORDER BY x.date_start, x.event_id } AS both
RETURN c.case_id AS case_id, 'cross_boundary' AS rule_id, victim AS victim_id, perpetrator AS perpetrator_id,
       [a.agency_id, b.agency_id] AS agency_ids, both[0].date_start AS window_start,
       reduce(m = both[0].date_end, x IN both | CASE WHEN x.date_end > m THEN x.date_end ELSE m END) AS window_end,
       both AS evidence,
       {agency_a: a.agency_id, area_a: a.area, agency_b: b.agency_id, area_b: b.area} AS facts
ORDER BY case_id, victim_id, perpetrator_id, a.agency_id, b.agency_id
