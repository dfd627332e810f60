// fragment: agency_knowledge
// Per pair, agency and topic (after the knowledge fragment): `knowledge`, every row by which the agency knew (its
// own rows, or another agency's referrals and shares to it) in date order; `first_known`, the earliest day of the
// first; and `passed_on`, every referral or share of its own that carries the topic, possibly dated on or after
// it first knew (its latest possible day), sent to anyone but itself (docs/graph-model.md, "Passing on").
CALL (events) {
  // include: holders
  UNWIND holder.topics AS topic
  WITH holder.agency_id AS agency_id, topic, x
  ORDER BY x.date_start, x.event_id
  RETURN agency_id, topic, collect(x.evidence) AS knowledge
}
WITH c, victim, perpetrator, events, agency_id, topic, knowledge, knowledge[0].date_start AS first_known
WITH c, victim, perpetrator, agency_id, topic, knowledge, first_known,
     [x IN events WHERE x.agency_id = agency_id AND topic IN x.carries AND x.date_end >= first_known
                    AND any(r IN x.to WHERE r <> agency_id) | x.evidence] AS passed_on
