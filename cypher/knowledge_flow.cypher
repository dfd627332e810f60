// name: knowledge_flow
// kind: graph
// purpose: How knowledge moved between two agencies: every referral or share row of either agency that went to
// the other, in date order, as the path sending agency - row - receiving agency, with the people the row concerns.
// A one-way flow shows only one direction; none at all returns nothing.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: flow, people
:param case_id => 'lottie';
:param agency_a => 'met-police';
:param agency_b => 'hidva';

MATCH (a:Agency {case_id: $case_id, agency_id: $agency_a})
MATCH (b:Agency {case_id: $case_id, agency_id: $agency_b})
MATCH flow = (sender:Agency)-[:RECORDED]->(e:Event)-[:SHARED_WITH|REFERRED_TO]->(receiver:Agency)
WHERE (sender = a AND receiver = b) OR (sender = b AND receiver = a)
RETURN flow, COLLECT { MATCH p = (e)-[:CONCERNS]->(:Person) RETURN p } AS people
ORDER BY e.date_start, e.event_id
