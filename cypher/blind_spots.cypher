// name: blind_spots
// purpose: Agencies in contact with the victim or the perpetrator after another agency knew of abuse between them,
// that never knew of the relationship or of that abuse (not from their own records, nor told by another agency).
// "After" is certain: the contact's earliest possible day falls after the latest possible day of the first row (by
// that measure) in which an agency's own record gave abuse of the victim by the perpetrator.
// :param case_id => 'lottie'
// Set case_id to null to run it on every case loaded.
// columns: case_id, agency_id, victim_id, perpetrator_id, known_elsewhere, contacts

// One case by its id (an index seek), or every case when case_id is null.
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})

// Definitions (docs/graph-model.md, "What the analyses read"):
// - An agency knows a topic from its own row whose `learned` column gives it: `relationship` with both people as
//   subjects; `domestic_abuse` with both as subjects (abuse_by_perpetrator); `domestic_abuse` with the victim but
//   not the perpetrator as subject, on a row whose latest possible day is on or after the relationship's earliest
//   possible start, or any row when no start is recorded (abuse_unattributed).
// - A referral or share row carries to each agency it names (forums receive but do not "know") the topics its own
//   `learned` column gives; when that column is blank and the victim or perpetrator is a subject, every topic the
//   sender's own rows gave it on or before the row's earliest day.
// - Rows of event type fatal_incident are left out; rows are ordered by earliest possible day, then event id.
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
// when the case declares none, every victim with every perpetrator; with the relationship's possible start.
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
  RETURN v.person_id AS victim, p.person_id AS perpetrator, r.from_start AS rel_from
}

// The topics each row's own `learned` column gives about the pair.
WITH c, victim, perpetrator, [x IN events | x {.*, topics:
  [t IN ['relationship', 'abuse_by_perpetrator', 'abuse_unattributed'] WHERE CASE t
    WHEN 'relationship'
      THEN 'relationship' IN x.learned AND victim IN x.subjects AND perpetrator IN x.subjects
    WHEN 'abuse_by_perpetrator'
      THEN 'domestic_abuse' IN x.learned AND victim IN x.subjects AND perpetrator IN x.subjects
    ELSE 'domestic_abuse' IN x.learned AND victim IN x.subjects AND NOT perpetrator IN x.subjects
         AND (rel_from IS NULL OR x.date_end >= rel_from)
  END]}] AS events

// The day each agency first knew each topic from its own rows.
WITH c, victim, perpetrator, events, COLLECT {
  UNWIND events AS x
  UNWIND x.topics AS topic
  WITH x.agency_id AS agency_id, topic, min(x.date_start) AS first
  RETURN {agency_id: agency_id, topic: topic, first: first}
} AS own_first

// The topics each referral or share row carries (none for a row that names no one).
WITH c, victim, perpetrator, [x IN events | x {.*, carries: CASE
    WHEN size(x.to) = 0 THEN []
    WHEN size(x.learned) = 0 AND (victim IN x.subjects OR perpetrator IN x.subjects)
      THEN [t IN ['relationship', 'abuse_by_perpetrator', 'abuse_unattributed']
            WHERE any(f IN own_first WHERE f.agency_id = x.agency_id AND f.topic = t AND f.first <= x.date_start)]
    ELSE x.topics
  END}] AS events

// The row by which some agency had certainly learned, from its own record, of abuse of the victim by the
// perpetrator: of those rows, the one with the earliest latest-possible day (then earliest day, then id). A pair
// with no such row has no blind spots.
CALL (events) {
  UNWIND events AS x
  WITH x
  WHERE 'abuse_by_perpetrator' IN x.topics
  RETURN x.evidence AS known_elsewhere
  ORDER BY x.date_end, x.date_start, x.event_id
  LIMIT 1
}

// The agencies that knew of the relationship or of abuse by the perpetrator, from their own rows or told.
WITH c, victim, perpetrator, events, known_elsewhere, COLLECT {
  UNWIND events AS x
  UNWIND [{agency_id: x.agency_id, topics: x.topics}]
         + [a IN x.to_agencies WHERE a <> x.agency_id | {agency_id: a, topics: x.carries}] AS holder
  WITH holder
  WHERE 'relationship' IN holder.topics OR 'abuse_by_perpetrator' IN holder.topics
  RETURN DISTINCT holder.agency_id
} AS knowing

// Every other agency's rows about the victim or the perpetrator that certainly came after: the row's earliest
// possible day after the latest possible day of that first row.
CALL (events, victim, perpetrator, known_elsewhere, knowing) {
  UNWIND events AS x
  WITH x
  WHERE NOT x.agency_id IN knowing AND (victim IN x.subjects OR perpetrator IN x.subjects)
        AND x.date_start > known_elsewhere.date_end
  WITH x
  ORDER BY x.date_start, x.event_id
  RETURN x.agency_id AS agency_id, collect(x.evidence) AS contacts
}
RETURN c.case_id AS case_id, agency_id, victim AS victim_id, perpetrator AS perpetrator_id, known_elsewhere, contacts
ORDER BY case_id, victim_id, perpetrator_id, agency_id
