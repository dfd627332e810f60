// name: finding_evidence
// kind: graph
// purpose: A stored finding's evidence as paths: the finding, the chronology rows it cites, the agency that
// recorded each row, the people each row concerns, and the agencies and forums each row went to. Reads the
// findings that `graphdhr corpus --neo4j` stores.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// finding_id: null shows every stored finding of the case.
// columns: finding, cited, context
:param case_id => 'lottie';
:param finding_id => null;

MATCH (f:Finding {case_id: $case_id})
WHERE $finding_id IS NULL OR f.finding_id = $finding_id
MATCH cited = (f)-[:CITES]->(e:Event)
RETURN f AS finding, cited,
       COLLECT { MATCH p = (:Agency)-[:RECORDED]->(e) RETURN p }
       + COLLECT { MATCH p = (e)-[:CONCERNS]->(:Person) RETURN p }
       + COLLECT { MATCH p = (e)-[:SHARED_WITH|REFERRED_TO]->() RETURN p } AS context
ORDER BY f.finding_id, e.date_start, e.event_id
