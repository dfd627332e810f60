// name: rule_role_inconsistency
// purpose: Rule role_inconsistency (graphdhr/rules/default.yaml): two rows about one incident (the same `incident`
// label) that recorded different people as the victim, the other way round: the two are a victim-perpetrator
// pair, or one row's recorded victim is the other's recorded perpetrator. Also one row, about both of a pair, that
// by itself records the perpetrator as the victim or the victim as the perpetrator (naming no one else in either
// role), when no two-row finding reports it already.
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
// - One row the other way round: both of a pair among its subjects, its recorded victim the pair's perpetrator or
//   its recorded perpetrator the pair's victim, and no third person recorded in either role (that would be another
//   relationship's incident). Named with the first such pair (by victim, then perpetrator); facts `single` true.
// - The rows are those the analyses read (the events fragment), in date order.

// include: events
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.analysed
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
  WITH e, to, to_agencies,
       // include: incident_key
       CASE WHEN coalesce(e.incident, '') = '' THEN
         COLLECT { MATCH (e)-[:SAME_EVENT_AS*0..]-(linked:Event) RETURN linked.event_id AS linked_id
                    ORDER BY linked_id LIMIT 1 }[0]
       ELSE e.incident END
       // end include: incident_key
       AS key
  ORDER BY e.date_start, e.event_id
  RETURN collect({
    event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
    event_type: e.event_type, incident: e.incident, learned: coalesce(e.learned, []),
    recorded_victim: e.recorded_victim, recorded_perpetrator: e.recorded_perpetrator, health_of: e.health_of,
    risk_tool: e.risk_tool, risk_score: e.risk_score, risk_level: e.risk_level,
    key: key,
    subjects: COLLECT { MATCH (e)-[:CONCERNS]->(s:Person) RETURN s.person_id },
    marac: EXISTS { (e)-[r:REFERRED_TO]->(:Forum {type: 'marac'})
                   WHERE r.outcome IN
                     // include: reached_outcomes
                     ['unknown', 'accepted', 'heard']
                     // end include: reached_outcomes
                   },
    to: to, to_agencies: to_agencies,
    evidence:
      // include: evidence
      {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
       date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
      // end include: evidence
  }) AS events
}
// end include: events
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
WITH c, pairs,
     [x IN events | x {.*, roles: COLLECT {
        MATCH (e:Event {case_id: c.case_id, event_id: x.event_id})
        RETURN {victim: e.recorded_victim, perpetrator: e.recorded_perpetrator} }[0]}] AS rows
WITH c, pairs, rows,
     [x IN rows WHERE coalesce(x.incident, '') <> '' AND coalesce(x.roles.victim, '') <> ''] AS labelled

// Every two rows of an incident with different recorded victims, the other way round.
CALL (pairs, labelled) {
  UNWIND COLLECT { UNWIND labelled AS x RETURN DISTINCT x.incident AS incident ORDER BY incident } AS incident
  WITH pairs, incident, [x IN labelled WHERE x.incident = incident] AS group
  UNWIND range(0, size(group) - 1) AS i
  UNWIND range(i + 1, size(group) - 1) AS j
  WITH pairs, incident, group[i] AS a, group[j] AS b
  WHERE a.roles.victim <> b.roles.victim
  WITH incident, a, b,
       head([q IN pairs WHERE (q.victim = a.roles.victim AND q.perpetrator = b.roles.victim)
                           OR (q.victim = b.roles.victim AND q.perpetrator = a.roles.victim)]) AS pair
  WHERE pair IS NOT NULL OR b.roles.victim = a.roles.perpetrator OR a.roles.victim = b.roles.perpetrator
  RETURN collect({pair: pair, rows: [a, b], start: a.date_start,
                  end: CASE WHEN b.date_end > a.date_end THEN b.date_end ELSE a.date_end END,
                  facts: {single: false, incident: incident, agency_a: a.agency_id, victim_a: a.roles.victim,
                          perpetrator_a: a.roles.perpetrator, agency_b: b.agency_id, victim_b: b.roles.victim}})
           AS two_rows
}

// One row the other way round by itself, not already reported with a second row.
WITH c, two_rows,
     [x IN rows WHERE NOT any(f IN two_rows WHERE any(y IN f.rows WHERE y.event_id = x.event_id))
      | {row: x, pair: head([q IN pairs WHERE (x.roles.victim = q.perpetrator OR x.roles.perpetrator = q.victim)
                                              AND all(r IN [x.roles.victim, x.roles.perpetrator]
                                                      WHERE coalesce(r, '') = '' OR r IN [q.victim, q.perpetrator])
                                              AND q.victim IN x.subjects AND q.perpetrator IN x.subjects])}]
       AS candidates
WITH c, two_rows + [x IN candidates WHERE x.pair IS NOT NULL
                    | {pair: x.pair, rows: [x.row], start: x.row.date_start, end: x.row.date_end,
                       facts: {single: true, incident: x.row.incident, agency_a: x.row.agency_id,
                               victim_a: x.row.roles.victim, perpetrator_a: x.row.roles.perpetrator,
                               agency_b: null, victim_b: null}}] AS found
UNWIND found AS f
RETURN c.case_id AS case_id, 'role_inconsistency' AS rule_id, f.pair.victim AS victim_id,
       f.pair.perpetrator AS perpetrator_id,
       COLLECT { UNWIND f.rows AS x RETURN DISTINCT x.agency_id AS agency_id ORDER BY agency_id } AS agency_ids,
       f.start AS window_start, f.end AS window_end,
       [ev IN [x IN f.rows | x.evidence] | ev {.*, note: 'recorded roles'}] AS evidence, f.facts AS facts
