// name: two_records
// purpose: Agencies that held both the victim and the perpetrator on their books during the relationship and never
// linked them in their own records. "During" is certain: rows whose earliest possible day is on or after the
// relationship's latest possible start (every row when no start is recorded). "Never linked": no row of the
// agency's own, at any date, gives the relationship or domestic abuse with both people as subjects.
// :param case_id => 'lottie'
// Set case_id to null to run it on every case loaded.
// columns: case_id, agency_id, victim_id, perpetrator_id, victim_events, perpetrator_events

// One case by its id (an index seek), or every case when case_id is null.
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})

// Rows of event type fatal_incident are left out; rows are ordered by earliest possible day, then event id.
// Evidence is one map per chronology row: event_id, agency_id, date_start, date_end, date_precision, source_ref,
// and `to` (the agencies and forums it was shared with or referred to, sorted).

// The case's chronology rows in date order, each with its subjects, its recipients and its evidence map.
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.event_type <> 'fatal_incident'
  CALL (e) {
    OPTIONAL MATCH (e)-[:SHARED_WITH|REFERRED_TO]->(r)
    WITH DISTINCT coalesce(r.agency_id, r.forum_id) AS id, r:Agency AS is_agency
    ORDER BY id
    RETURN collect(id) AS to, collect(CASE WHEN is_agency THEN id END) AS to_agencies
  }
  WITH e, to, to_agencies
  ORDER BY e.date_start, e.event_id
  RETURN collect({
    event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
    learned: coalesce(e.learned, []),
    subjects: COLLECT { MATCH (e)-[:CONCERNS]->(s:Person) RETURN s.person_id },
    to: to, to_agencies: to_agencies,
    evidence: {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
               date_precision: e.date_precision, source_ref: e.source_ref, to: to}
  }) AS events
}

// The victim-perpetrator pairs: relationships declared between a victim and a perpetrator (either direction), or,
// when the case declares none, every victim with every perpetrator; with the relationship's earliest and latest
// possible start.
CALL (c) {
  MATCH (v:Person {case_id: c.case_id, role: 'victim'})
  MATCH (p:Person {case_id: c.case_id, role: 'perpetrator'})
  WITH collect({v: v, p: p, declared: EXISTS { (v)-[:RELATED_TO]-(p) }}) AS candidates
  UNWIND CASE WHEN any(x IN candidates WHERE x.declared) THEN [x IN candidates WHERE x.declared]
              ELSE candidates END AS pair
  WITH pair.v AS v, pair.p AS p
  OPTIONAL MATCH (v)-[r:RELATED_TO]-(p)
  WHERE r.from_start IS NOT NULL
  WITH v, p, r
  ORDER BY r.from_start
  WITH v, p, head(collect(r)) AS r
  RETURN v.person_id AS victim, p.person_id AS perpetrator, r.from_start AS rel_from, r.from_end AS rel_latest
}

// The agencies whose own rows linked the two: `relationship` or `domestic_abuse` learned with both as subjects.
WITH c, victim, perpetrator, rel_latest, events,
     [x IN events WHERE ('relationship' IN x.learned OR 'domestic_abuse' IN x.learned)
                        AND victim IN x.subjects AND perpetrator IN x.subjects | x.agency_id] AS linked

// Each other agency's rows during the relationship, about the victim and about the perpetrator.
CALL (events, victim, perpetrator, rel_latest, linked) {
  UNWIND events AS x
  WITH x
  WHERE (rel_latest IS NULL OR x.date_start >= rel_latest) AND NOT x.agency_id IN linked
  WITH x
  ORDER BY x.date_start, x.event_id
  WITH x.agency_id AS agency_id,
       collect(CASE WHEN victim IN x.subjects THEN x.evidence END) AS victim_events,
       collect(CASE WHEN perpetrator IN x.subjects THEN x.evidence END) AS perpetrator_events
  WHERE size(victim_events) > 0 AND size(perpetrator_events) > 0
  RETURN agency_id, victim_events, perpetrator_events
}
RETURN c.case_id AS case_id, agency_id, victim AS victim_id, perpetrator AS perpetrator_id, victim_events,
       perpetrator_events
ORDER BY case_id, victim_id, perpetrator_id, agency_id
