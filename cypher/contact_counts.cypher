// name: contact_counts
// purpose: How many chronology rows each agency holds about each person (rows of event type fatal_incident left
// out).
// :param case_id => 'lottie'
// Set case_id to null to run it on every case loaded.
// columns: case_id, agency_id, person_id, rows

// One case by its id (an index seek), or every case when case_id is null.
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.event_type <> 'fatal_incident'
  MATCH (e)-[:CONCERNS]->(s:Person)
  RETURN e.agency_id AS agency_id, s.person_id AS person_id, count(DISTINCT e) AS rows
}
RETURN c.case_id AS case_id, agency_id, person_id, rows
ORDER BY case_id, agency_id, person_id
