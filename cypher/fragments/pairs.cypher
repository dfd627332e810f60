// fragment: pairs
// The victim-perpetrator pairs of case `c` (docs/graph-model.md, "Pairs"), one row each: the relationships
// declared between a victim and a perpetrator, alleged perpetrator or co-accused (either direction), or, when the
// case declares none, every victim with every one of them. With each: `relationship_type` (of the earliest-starting declared relationship between
// them, null when none is declared), and the earliest possible start of the declared relationships between them,
// as `rel_from` (its earliest day) and `rel_latest` (its latest day), null when no start is recorded.
CALL (c) {
  MATCH (v:Person {case_id: c.case_id, role: 'victim'})
  MATCH (p:Person {case_id: c.case_id})
  WHERE p.role IN
    // include: perpetrator_roles
  WITH collect({v: v, p: p, declared: EXISTS { (v)-[:RELATED_TO]-(p) }}) AS candidates
  UNWIND CASE WHEN any(x IN candidates WHERE x.declared) THEN [x IN candidates WHERE x.declared]
              ELSE candidates END AS pair
  WITH pair.v AS v, pair.p AS p
  OPTIONAL MATCH (v)-[r:RELATED_TO]-(p)
  WHERE r.from_start IS NOT NULL
  WITH v, p, r
  ORDER BY r.from_start
  WITH v, p, head(collect(r)) AS r
  RETURN v.person_id AS victim, p.person_id AS perpetrator,
         COLLECT { MATCH (v)-[d:RELATED_TO]-(p) RETURN d.relationship_type AS t ORDER BY d.from_start, t }[0]
           AS relationship_type,
         r.from_start AS rel_from, r.from_end AS rel_latest
}
