// name: chronology
// purpose: Every chronology row of a case in date order (the fatal incident included), with its agency,
// subjects, what was learned and who it went to: the combined chronology a chair reads, and the data of the
// HTML view's timeline.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, event, event_type, subjects, learned, risk_level, details, analysed, record, referred_to, shared_with
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope
MATCH (e:Event {case_id: c.case_id})
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
WITH c, e, to, COLLECT { MATCH (e)-[:CONCERNS]->(s:Person) RETURN s.person_id ORDER BY s.person_id } AS subjects
ORDER BY c.case_id, e.date_start, e.event_id
RETURN c.case_id AS case_id,
       // include: evidence
       {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
        date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
       // end include: evidence
       AS event,
       e.event_type AS event_type,
       subjects,
       coalesce(e.learned, []) AS learned,
       e.risk_level AS risk_level,
       e.details AS details,
       e.analysed AS analysed,
       // What else the row said (graphdhr/schema.py EVENT_RECORD), and each referral's outcome.
       e {.time, .contact_type, .action, .comment, .risk_tool, .risk_score, .recorded_victim, .recorded_perpetrator,
          .health_of, .incident, .sentence_months, .stalking_screen, .source_file, .source_row,
          referral_outcomes: COLLECT { MATCH (e)-[o:REFERRED_TO]->(r)
                                       RETURN [coalesce(r.agency_id, r.forum_id), o.outcome] AS pair ORDER BY pair }}
         AS record,
       COLLECT { MATCH (e)-[:REFERRED_TO]->(r) RETURN DISTINCT coalesce(r.agency_id, r.forum_id) AS id ORDER BY id }
         AS referred_to,
       COLLECT { MATCH (e)-[:SHARED_WITH]->(r) RETURN DISTINCT coalesce(r.agency_id, r.forum_id) AS id ORDER BY id }
         AS shared_with
