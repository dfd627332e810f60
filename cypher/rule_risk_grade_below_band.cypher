// name: rule_risk_grade_below_band
// purpose: Rule risk.grade_below_band: risk assessments of a victim that recorded both a score and a grade, where
// the grade is below the band the score falls in (standard below medium_from, medium from medium_from, high from
// high_from). One row per assessment and victim.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param medium_from => 10;
:param high_from => 14;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// only rows the analyses read are used (analysed: not the fatal incident, nor after the death). Evidence is one map per chronology row: event_id, agency_id,
// date_start, date_end, date_precision, source_ref, `to` (the agencies and forums it was shared with or referred
// to, sorted) and `note` (why it is cited).
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.analysed AND e.risk_score IS NOT NULL AND e.risk_level IS NOT NULL
  RETURN e
}
WITH c, e, CASE WHEN e.risk_score >= $high_from THEN 'high'
                WHEN e.risk_score >= $medium_from THEN 'medium'
                ELSE 'standard' END AS band
WITH c, e, band, {standard: 0, medium: 1, high: 2} AS rank
WHERE rank[e.risk_level] < rank[band]
MATCH (e)-[:CONCERNS]->(v:Person {role: 'victim'})
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
RETURN c.case_id AS case_id, 'risk.grade_below_band' AS rule_id, v.person_id AS victim_id, null AS perpetrator_id,
       [e.agency_id] AS agency_ids, e.date_start AS window_start, e.date_end AS window_end,
       [ev {.*, note: 'assessment'}] AS evidence,
       {score: e.risk_score, level: e.risk_level, grade: e.risk_level, band: band} AS facts
