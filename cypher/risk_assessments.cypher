// name: risk_assessments
// purpose: Every risk assessment about a victim: a chronology row about the victim with a risk level or score, or
// of event type risk_assessment, with the tool, score and level it recorded (any of them may be missing); in date
// order for each victim.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, victim_id, agency_id, assessment, tool, score, level
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.
// The assessment is the row's evidence map: event_id, agency_id, date_start, date_end, date_precision,
// source_ref, and `to` (the agencies and forums it was shared with or referred to, sorted).
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.analysed
        AND (e.risk_level IS NOT NULL OR e.risk_score IS NOT NULL OR e.event_type = 'risk_assessment')
  MATCH (e)-[:CONCERNS]->(v:Person {case_id: c.case_id, role: 'victim'})
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
  RETURN v.person_id AS victim_id, e, to
}
RETURN c.case_id AS case_id, victim_id, e.agency_id AS agency_id,
       // include: evidence
       {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
        date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
       // end include: evidence
       AS assessment,
       e.risk_tool AS tool, e.risk_score AS score, e.risk_level AS level
ORDER BY case_id, victim_id, e.date_start, e.event_id
