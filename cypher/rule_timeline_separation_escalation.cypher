// name: rule_timeline_separation_escalation
// purpose: Rule timeline.separation_escalation (graphdhr/rules/default.yaml): a separation recorded by one agency,
// followed within $window_months months by escalation markers ($markers) recorded by other agencies (Homicide
// Timeline stages 4 and 5).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param window_months => 12;
:param markers => ['stalking', 'threats_to_kill', 'strangulation', 'weapon', 'suicidality'];

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, separation_escalation):
// - Per victim-perpetrator pair, each row with `separation` learned and the victim or the perpetrator among its
//   subjects.
// - Escalation: a row of another agency, about the victim or the perpetrator, with one of $markers learned, certainly
//   after the separation (its earliest day after the separation row's latest day) and no later than that latest day
//   plus $window_months calendar months.
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.

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

// The separations recorded about either of them.
MATCH (sep:Event {case_id: c.case_id})-[:CONCERNS]->(s:Person {case_id: c.case_id})
WHERE s.person_id IN [victim, perpetrator] AND sep.analysed
  AND 'separation' IN coalesce(sep.learned, [])
WITH DISTINCT c, victim, perpetrator, sep

// The escalation that other agencies recorded after each.
CALL (c, victim, perpetrator, sep) {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(s:Person {case_id: c.case_id})
  WHERE s.person_id IN [victim, perpetrator] AND e.analysed AND e.agency_id <> sep.agency_id
    AND e.date_start > sep.date_end AND e.date_start <= sep.date_end + duration({months: $window_months})
  WITH DISTINCT e, {subjects: COLLECT { MATCH (e)-[:CONCERNS]->(q:Person) RETURN q.person_id },
                    health_of: e.health_of} AS x
  // Suicidality marks escalation only when it is the perpetrator's (Homicide Timeline stage 5), and a row naming
  // the victim too does not say whose it is (the health_of fragment).
  WITH e,
       // include: health_of
       coalesce(x.health_of, [parties IN [COLLECT {
          MATCH (q:Person {case_id: c.case_id})
          WHERE q.person_id IN x.subjects
            AND (q.role = 'victim' OR q.role IN
              // include: perpetrator_roles
              ['perpetrator', 'alleged_perpetrator', 'co_accused']
              // end include: perpetrator_roles
            )
          RETURN q.person_id
        }] WHERE size(parties) = 1 | parties[0]][0])
       // end include: health_of
       AS owner
  WITH e, [m IN $markers WHERE m IN coalesce(e.learned, []) AND (m <> 'suicidality' OR owner = perpetrator)] AS marks
  WHERE size(marks) > 0
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
  WITH e, marks, ev
  ORDER BY e.date_start, e.event_id
  RETURN collect({marks: marks,
                  ev: ev {.*, note: 'escalation'}}) AS later
}
WITH c, victim, perpetrator, sep, later
WHERE size(later) > 0
WITH c, victim, perpetrator, sep, later,
     COLLECT { MATCH (sep)-[t:SHARED_WITH|REFERRED_TO]->(r)
               WHERE t:SHARED_WITH OR t.outcome IN
                 // include: reached_outcomes
                 ['unknown', 'accepted', 'heard']
                 // end include: reached_outcomes
               RETURN DISTINCT coalesce(r.agency_id, r.forum_id) AS id ORDER BY id } AS sep_to
RETURN c.case_id AS case_id, 'timeline.separation_escalation' AS rule_id, victim AS victim_id,
       perpetrator AS perpetrator_id,
       COLLECT { UNWIND later AS x RETURN DISTINCT x.ev.agency_id AS a ORDER BY a } AS agency_ids,
       sep.date_start AS window_start,
       reduce(m = later[0].ev.date_end, x IN later | CASE WHEN x.ev.date_end > m THEN x.ev.date_end ELSE m END)
         AS window_end,
       [{event_id: sep.event_id, agency_id: sep.agency_id, date_start: sep.date_start, date_end: sep.date_end,
         date_precision: sep.date_precision, date_label: sep.date_label, source_ref: sep.source_ref, to: sep_to,
         note: 'separation'}]
       + [x IN later | x.ev] AS evidence,
       {separated_event: sep.event_id,
        markers: COLLECT { UNWIND later AS x UNWIND x.marks AS m RETURN DISTINCT m ORDER BY m }} AS facts
ORDER BY case_id, victim_id, perpetrator_id, window_start, sep.event_id
