// name: rule_role_inconsistency
// purpose: Rule role_inconsistency (graphdhr/rules/default.yaml): two rows about one incident (the same `incident`
// label) that recorded different people as the victim, the other way round: the two are a victim-perpetrator
// pair, or one row's recorded victim is the other's recorded perpetrator.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, role_inconsistency):
// - Rows with an `incident` label and a `recorded_victim`, per label; every two of them (a the earlier, b the later)
//   whose recorded victims differ, of the same agency or of two.
// - Other way round: the two recorded victims are a victim-perpetrator pair (docs/graph-model.md), which the finding
//   names; or a's recorded victim is b's recorded perpetrator, or b's recorded victim is a's (the finding then names
//   no pair). Two people each recorded as a victim (a parent and a child, say) are not a reversal.
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.

// include: pair_list
CALL (c) {
  // include: pairs
  CALL (c) {
    MATCH (v:Person {case_id: c.case_id, role: 'victim'})
    MATCH (p:Person {case_id: c.case_id})
    WHERE p.role IN
      // include: perpetrator_roles
      ['perpetrator', 'alleged_perpetrator', 'co_accused']
      // end include: perpetrator_roles
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
  // end include: pairs
  WITH victim, perpetrator
  ORDER BY victim, perpetrator
  RETURN collect({victim: victim, perpetrator: perpetrator}) AS pairs
}
// end include: pair_list

// The rows of each incident that recorded a victim, in date order.
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.analysed AND e.incident IS NOT NULL AND e.recorded_victim IS NOT NULL
  // include: cited_row
  // include: recipients
  CALL (e) {
    OPTIONAL MATCH (e)-[s:SHARED_WITH|REFERRED_TO]->(r)
    WHERE s:SHARED_WITH OR s.outcome IN
      // include: reached_outcomes
      ['unknown', 'accepted', 'heard']
      // end include: reached_outcomes
    WITH DISTINCT coalesce(r.agency_id, r.forum_id) AS id, r:Agency AS is_agency
    ORDER BY id
    RETURN collect(id) AS to, collect(CASE WHEN is_agency THEN id END) AS to_agencies
  }
  // end include: recipients
  WITH *,
       // include: evidence
       {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
        date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
       // end include: evidence
       AS ev
  // end include: cited_row
  WITH e, ev
  ORDER BY e.date_start, e.event_id
  RETURN e.incident AS incident,
         collect({victim: e.recorded_victim, perpetrator: e.recorded_perpetrator,
                  ev: ev {.*, note: 'recorded roles'}}) AS rows
}

// Every two rows of an incident with different recorded victims, the other way round.
UNWIND range(0, size(rows) - 1) AS i
UNWIND range(i + 1, size(rows) - 1) AS j
WITH c, pairs, incident, i, j, rows[i] AS a, rows[j] AS b
WHERE a.victim <> b.victim
WITH c, incident, i, j, a, b,
     head([x IN pairs WHERE (x.victim = a.victim AND x.perpetrator = b.victim)
                         OR (x.victim = b.victim AND x.perpetrator = a.victim)]) AS pair
WHERE pair IS NOT NULL
   OR (a.perpetrator IS NOT NULL AND b.victim = a.perpetrator)
   OR (b.perpetrator IS NOT NULL AND a.victim = b.perpetrator)
RETURN c.case_id AS case_id, 'role_inconsistency' AS rule_id, pair.victim AS victim_id,
       pair.perpetrator AS perpetrator_id,
       CASE WHEN a.ev.agency_id = b.ev.agency_id THEN [a.ev.agency_id]
            WHEN a.ev.agency_id < b.ev.agency_id THEN [a.ev.agency_id, b.ev.agency_id]
            ELSE [b.ev.agency_id, a.ev.agency_id] END AS agency_ids,
       a.ev.date_start AS window_start,
       CASE WHEN b.ev.date_end > a.ev.date_end THEN b.ev.date_end ELSE a.ev.date_end END AS window_end,
       [a.ev, b.ev] AS evidence,
       {incident: incident, agency_a: a.ev.agency_id, victim_a: a.victim, agency_b: b.ev.agency_id,
        victim_b: b.victim} AS facts
ORDER BY case_id, incident, i, j
