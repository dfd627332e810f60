// name: rule_risk_inconsistent
// purpose: Rule risk.inconsistent: per victim, two consecutive assessments of the victim (rows about the victim
// with a risk grade or a risk tool, in date order) at most window_days days apart (earliest days) that recorded
// different grades or different tools (tool names compared without regard to case).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param window_days => 90;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.
// Evidence is one map per chronology row: event_id, agency_id, date_start, date_end, date_precision, source_ref,
// `to` (the agencies and forums it was shared with or referred to, sorted) and `note` (why it is cited).
CALL (c) {
  MATCH (v:Person {case_id: c.case_id, role: 'victim'})
  RETURN v
}
CALL (c, v) {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(v)
  WHERE e.analysed
        AND (coalesce(e.risk_level, '') <> '' OR coalesce(e.risk_tool, '') <> '')
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
  WITH e, to
  ORDER BY e.date_start, e.event_id
  RETURN collect({
    event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
    level: coalesce(e.risk_level, ''), tool: coalesce(e.risk_tool, ''),
    risk_level: e.risk_level, risk_tool: e.risk_tool,
    evidence:
      // include: evidence
      {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
       date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
      // end include: evidence
  }) AS graded
}

// Each assessment with the next one.
UNWIND range(0, size(graded) - 2) AS i
WITH c, v, graded[i] AS a, graded[i + 1] AS b
WITH c, v, a, b, duration.inDays(a.date_start, b.date_start).days AS days
WHERE days <= $window_days
  AND ((a.level <> '' AND b.level <> '' AND a.level <> b.level)
       OR (a.tool <> '' AND b.tool <> '' AND toLower(a.tool) <> toLower(b.tool)))
RETURN c.case_id AS case_id, 'risk.inconsistent' AS rule_id, v.person_id AS victim_id, null AS perpetrator_id,
       COLLECT { UNWIND [a.agency_id, b.agency_id] AS x RETURN DISTINCT x ORDER BY x } AS agency_ids,
       a.date_start AS window_start, b.date_end AS window_end,
       [ev IN [a.evidence, b.evidence] | ev {.*, note: 'assessment'}] AS evidence,
       {days_apart: days, first_event: a.event_id, first_level: a.risk_level, first_tool: a.risk_tool,
        second_event: b.event_id, second_level: b.risk_level, second_tool: b.risk_tool} AS facts
