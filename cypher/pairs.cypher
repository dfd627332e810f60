// name: pairs
// purpose: The victim-perpetrator pairs whose relationship the analyses follow: the relationships declared between a
// victim and a perpetrator (either direction), or, when the case declares none, every victim with every
// perpetrator; with the relationship's type and its earliest declared start (earliest and latest possible day).
// :param case_id => 'lottie'
// Set case_id to null to run it on every case loaded.
// columns: case_id, victim_id, perpetrator_id, relationship_type, from_start, from_end

UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
CALL (c) {
  MATCH (v:Person {case_id: c.case_id, role: 'victim'})
  MATCH (p:Person {case_id: c.case_id, role: 'perpetrator'})
  WITH collect({v: v, p: p, declared: EXISTS { (v)-[:RELATED_TO]-(p) }}) AS candidates
  UNWIND CASE WHEN any(x IN candidates WHERE x.declared) THEN [x IN candidates WHERE x.declared]
              ELSE candidates END AS pair
  WITH pair.v AS v, pair.p AS p
  OPTIONAL MATCH (v)-[r:RELATED_TO]-(p)
  WITH v, p, r
  ORDER BY r.from_start
  WITH v, p, head(collect(r)) AS r
  RETURN v.person_id AS victim, p.person_id AS perpetrator, r.relationship_type AS relationship_type,
         r.from_start AS from_start, r.from_end AS from_end
}
RETURN c.case_id AS case_id, victim AS victim_id, perpetrator AS perpetrator_id, relationship_type, from_start,
       from_end
ORDER BY case_id, victim_id, perpetrator_id
