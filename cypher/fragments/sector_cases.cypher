// fragment: sector_cases
// For stored findings `f` (one row each), per sector of the finding's first agency: in how many cases, and which,
// most cases first. Ends the query (RETURN sector, cases, case_ids).
MATCH (a:Agency {case_id: f.case_id, agency_id: f.agency_ids[0]})
WITH DISTINCT a.sector AS sector, f.case_id AS case_id
ORDER BY sector, case_id
WITH sector, collect(case_id) AS case_ids
RETURN sector, size(case_ids) AS cases, case_ids
ORDER BY cases DESC, sector
