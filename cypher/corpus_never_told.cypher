// name: corpus_never_told
// purpose: Per agency sector, in how many of the loaded cases an agency of that sector was in contact with the
// victim or perpetrator after another agency knew of the abuse and was never told (its blind spot findings), and
// which cases. Reads the findings that `graphdhr corpus --neo4j` stores.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: sector, cases, case_ids

MATCH (f:Finding {rule_id: 'blind_spot'})
// include: sector_cases
MATCH (a:Agency {case_id: f.case_id, agency_id: f.agency_ids[0]})
WITH DISTINCT a.sector AS sector, f.case_id AS case_id
ORDER BY sector, case_id
WITH sector, collect(case_id) AS case_ids
RETURN sector, size(case_ids) AS cases, case_ids
ORDER BY cases DESC, sector
// end include: sector_cases
