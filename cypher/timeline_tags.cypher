// name: timeline_tags
// purpose: Chronology rows tagged with a stage of the Homicide Timeline (Monckton Smith 2020), per victim-perpetrator
// pair, with the marker that placed them: 1, the perpetrator's violence or abuse certainly before the relationship
// began; 3, coercive control; 4, separation; 5, stalking, threats to kill, strangulation, a weapon, or the
// perpetrator's suicidality (on a row naming no victim: the health_of fragment) (3-5 only on rows that may fall
// within the relationship); 8, the fatal incident. Stages
// 2, 6 and 7 are not in what chronologies record, so nothing is tagged with them.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, victim_id, perpetrator_id, stage, marker, event
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

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

// Every row (the fatal incident included) about either of the pair, with the stages its facts and type show.
MATCH (e:Event {case_id: c.case_id})
WITH c, victim, perpetrator, rel_from, e,
     COLLECT { MATCH (e)-[:CONCERNS]->(s:Person) RETURN s.person_id } AS subjects,
     coalesce(e.learned, []) AS learned
WHERE victim IN subjects OR perpetrator IN subjects
WITH c, victim, perpetrator, e, learned,
     rel_from IS NULL OR e.date_end >= rel_from AS within,
     perpetrator IN subjects AS about_perpetrator,
     rel_from IS NOT NULL AND e.date_end < rel_from AS before,
     {subjects: subjects, health_of: e.health_of} AS x
// The perpetrator's suicidality: his own health, on a row naming no victim (the health_of fragment).
WITH c, victim, perpetrator, e, learned, within, about_perpetrator, before,
     coalesce(
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
       = perpetrator, false) AS his_health
WITH c, victim, perpetrator, e,
     CASE WHEN e.event_type = 'fatal_incident' THEN [{stage: 8, marker: 'fatal_incident'}] ELSE [] END
     + CASE WHEN about_perpetrator AND before AND 'domestic_abuse' IN learned
            THEN [{stage: 1, marker: 'domestic_abuse'}]
            WHEN about_perpetrator AND before AND 'violence_to_others' IN learned
            THEN [{stage: 1, marker: 'violence_to_others'}] ELSE [] END
     + CASE WHEN within THEN
         [m IN ['coercive_control'] WHERE m IN learned | {stage: 3, marker: m}]
         + [m IN ['separation'] WHERE m IN learned | {stage: 4, marker: m}]
         + [m IN ['stalking', 'threats_to_kill', 'strangulation', 'weapon'] WHERE m IN learned | {stage: 5, marker: m}]
         + CASE WHEN his_health AND 'suicidality' IN learned THEN [{stage: 5, marker: 'suicidality'}] ELSE [] END
       ELSE [] END AS tags
UNWIND tags AS tag
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
WITH DISTINCT c.case_id AS case_id, victim, perpetrator, tag.stage AS stage, tag.marker AS marker, e, to
ORDER BY case_id, victim, perpetrator, e.date_start, e.event_id, stage, marker
RETURN case_id, victim AS victim_id, perpetrator AS perpetrator_id, stage, marker,
       // include: evidence
       {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
        date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
       // end include: evidence
       AS event
