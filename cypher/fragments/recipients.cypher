// fragment: recipients
// Who a chronology row `e` went to: `to`, the agencies and forums it was shared with or referred to (ids, distinct,
// sorted), and `to_agencies`, the agencies among them (forums receive but are not agencies that "know"). One row
// for every row `e`, with empty lists when it went to no one.
CALL (e) {
  OPTIONAL MATCH (e)-[:SHARED_WITH|REFERRED_TO]->(r)
  WITH DISTINCT coalesce(r.agency_id, r.forum_id) AS id, r:Agency AS is_agency
  ORDER BY id
  RETURN collect(id) AS to, collect(CASE WHEN is_agency THEN id END) AS to_agencies
}
