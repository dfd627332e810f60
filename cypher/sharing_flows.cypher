// name: sharing_flows
// purpose: How many share or reached-referral rows went from each agency to each other agency or forum (a row
// that both refers and shares to the same place counts once; only rows the analyses read: not the fatal incident,
// nor after the death).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, from_agency_id, to_id, rows
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope
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
  UNWIND to AS to_id
  WITH e, to_id
  WHERE to_id <> e.agency_id
  RETURN e.agency_id AS from_agency_id, to_id, count(DISTINCT e) AS rows
}
RETURN c.case_id AS case_id, from_agency_id, to_id, rows
ORDER BY case_id, from_agency_id, to_id
