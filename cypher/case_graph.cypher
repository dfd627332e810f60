// name: case_graph
// kind: graph
// purpose: A case's whole subgraph for Neo4j Browser or Bloom: its people, aliases, agencies, forums, chronology
// rows and stored findings, and every relationship between them.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case, nodes, relationships
:param case_id => 'lottie';

MATCH (c:Case {case_id: $case_id})
CALL (c) {
  MATCH (n:Person|Alias|Agency|Forum|Event|Finding {case_id: c.case_id})
  RETURN collect(n) AS nodes
}
RETURN c AS case, nodes,
       COLLECT { UNWIND nodes AS n MATCH (n)-[r]->(m) WHERE m.case_id = c.case_id RETURN r } AS relationships
