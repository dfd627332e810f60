// name: corpus_rule_counts
// purpose: How often each rule and analysis fired across every loaded case, and in which cases. Reads the
// findings that `graphdhr corpus --neo4j` stores as (:Finding) nodes (run it again after loading new cases).
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: rule_id, findings, cases, case_ids

MATCH (f:Finding)
WITH f.rule_id AS rule_id, f.case_id AS case_id, count(*) AS n
ORDER BY rule_id, case_id
WITH rule_id, sum(n) AS findings, collect(case_id) AS case_ids
RETURN rule_id, findings, size(case_ids) AS cases, case_ids
ORDER BY cases DESC, rule_id
