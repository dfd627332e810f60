// name: search_events
// kind: graph
// purpose: Chronology rows of a case whose free text (details, action, comment) matches a full-text search (the
// event_text index of schema.cypher; Lucene syntax: words, "a phrase", stalk*, a OR b), best match first, each
// as the path agency - row with the people it concerns, and its score.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: found, people, score
:param case_id => 'lottie';
:param search => 'overdose';

CALL db.index.fulltext.queryNodes('event_text', $search) YIELD node AS e, score
WHERE e.case_id = $case_id
MATCH found = (:Agency)-[:RECORDED]->(e)
RETURN found, COLLECT { MATCH p = (e)-[:CONCERNS]->(:Person) RETURN p } AS people, score
ORDER BY score DESC, e.event_id
