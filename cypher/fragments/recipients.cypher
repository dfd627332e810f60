// fragment: recipients
// Who a chronology row `e` told: `to`, the agencies and forums it shared with or referred to by a referral that
// reached them (not declined, not progressed, withdrawn, only considered or offered; ids, distinct, sorted), and
// `to_agencies`, the agencies among them (forums receive but are not agencies that "know"). One row for every
// row `e`, with empty lists when it told no one.
CALL (e) {
  OPTIONAL MATCH (e)-[s:SHARED_WITH|REFERRED_TO]->(r)
  WHERE s:SHARED_WITH OR s.outcome IN
    // include: reached_outcomes
  WITH DISTINCT coalesce(r.agency_id, r.forum_id) AS id, r:Agency AS is_agency
  ORDER BY id
  RETURN collect(id) AS to, collect(CASE WHEN is_agency THEN id END) AS to_agencies
}
