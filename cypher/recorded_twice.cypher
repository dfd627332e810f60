// name: recorded_twice
// purpose: Events recorded twice: each pair of rows from different agencies that describe one event (the
// SAME_EVENT_AS links graphdhr found when it read the case: a shared subject, single-day dates a few days apart at
// most, similar text, and neither row telling the other's agency), the earlier row first, with the texts'
// similarity (0-100) and the days between them. A match is evidence that both agencies knew of the event; it
// adds nothing to what either knew and is no information share (docs/rules.md, "Events recorded twice").
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, first, second, score, days_apart
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope
MATCH (e:Event {case_id: c.case_id})-[same:SAME_EVENT_AS]->(other:Event)
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
WITH c, same, other,
     // include: evidence
     {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
      date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
     // end include: evidence
     AS first
// The second row's evidence, with its own recipients: the same two fragments, on the other row.
WITH c, same, first, other AS e
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
RETURN c.case_id AS case_id, first,
       // include: evidence
       {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
        date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
       // end include: evidence
       AS second,
       same.score AS score, same.days_apart AS days_apart
ORDER BY case_id, first.date_start, first.event_id, second.event_id
