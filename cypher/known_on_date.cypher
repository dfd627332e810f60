// name: known_on_date
// kind: graph
// purpose: What an agency knew on a date: its own chronology rows and the rows other agencies referred or shared to
// it, each certainly on or before the date (latest possible day on or before it), with the agency that recorded
// each row and the people it concerns. only rows the analyses read are used (analysed: not the fatal incident, nor after the death).
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// on: a day as 'YYYY-MM-DD'.
// columns: row, people
:param case_id => 'lottie';
:param agency_id => 'lbh-csc';
:param on => '2013-12-31';

MATCH (a:Agency {case_id: $case_id, agency_id: $agency_id})
MATCH row = (sender:Agency)-[:RECORDED]->(e:Event {case_id: $case_id})
WHERE e.analysed AND e.date_end <= date($on)
  AND (sender = a OR EXISTS { (e)-[:SHARED_WITH|REFERRED_TO]->(a) })
RETURN row,
       COLLECT { MATCH p = (e)-[:SHARED_WITH|REFERRED_TO]->(a) RETURN p }
       + COLLECT { MATCH p = (e)-[:CONCERNS]->(:Person) RETURN p } AS people
ORDER BY e.date_start, e.event_id
