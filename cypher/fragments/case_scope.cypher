// fragment: case_scope
// One case by its id (an index seek on the Case key), or every case loaded when $case_id is null. Binds `c`.
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
