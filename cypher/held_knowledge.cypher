// name: held_knowledge
// purpose: Per agency, victim or perpetrator, and fact about that person other than the relationship and domestic
// abuse (mental ill-health, suicidality, self-harm, violence to others, substance misuse, ...): the agency's own
// rows that gave it, and its referrals or shares, dated on or after it first knew, that passed it to anyone but
// itself, carrying the fact (in the row's `learned` column, or a blank `learned` column on a row about that person).
// :param case_id => 'lottie'
// Set case_id to null to run it on every case loaded.
// columns: case_id, agency_id, person_id, fact, first_known, knowledge, passed_on

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

// The people followed: every victim and perpetrator.
WITH c, events, COLLECT {
  MATCH (s:Person {case_id: c.case_id})
  WHERE s.role IN ['victim', 'perpetrator']
  RETURN s.person_id
} AS tracked

// What each agency's own rows gave it about each of them.
CALL (events, tracked) {
  UNWIND events AS x
  UNWIND [s IN x.subjects WHERE s IN tracked] AS person_id
  UNWIND [f IN x.learned WHERE NOT f IN ['relationship', 'domestic_abuse']] AS fact
  WITH x.agency_id AS agency_id, person_id, fact, x
  ORDER BY x.date_start, x.event_id
  RETURN agency_id, person_id, fact, collect(x.evidence) AS knowledge
}
WITH c, events, agency_id, person_id, fact, knowledge, knowledge[0].date_start AS first_known
RETURN c.case_id AS case_id, agency_id, person_id, fact, first_known, knowledge,
       [x IN events WHERE x.agency_id = agency_id AND x.date_start >= first_known
                      AND any(r IN x.to WHERE r <> agency_id) AND person_id IN x.subjects
                      AND (fact IN x.learned OR size(x.learned) = 0) | x.evidence] AS passed_on
ORDER BY case_id, agency_id, person_id, fact
