// name: rule_perpetrator_mappa_no_link
// purpose: Rule perpetrator.mappa_no_link (graphdhr/rules/default.yaml): a perpetrator eligible for MAPPA (a
// conviction or custody for violence or domestic abuse with a custodial sentence of $sentence_months months or
// more, or a referral to a MAPPA forum) where neither the agency holding the row nor any other agency holding such
// a row about him shared, from that agency's first such row on, with an agency supporting the victim.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param victim_facing_sectors => ['domestic_abuse_service', 'victim_support', 'childrens_social_care', 'adult_social_care', 'housing'];
:param sentence_months => 12;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, mappa_no_link):
// - An eligibility row is about the perpetrator and is either a conviction or custody row with `sentence_months` of
//   $sentence_months or more and `violence_to_others` or `domestic_abuse` learned, or a row referred to a forum of
//   type mappa (whatever the outcome).
// - Agencies supporting the victim: agencies of the $victim_facing_sectors with a row about the victim, at any date.
//   A case with none gives no finding (there was no one to link with).
// - Per agency that holds eligibility rows: a finding unless a referral or share by an agency holding eligibility
//   rows (itself or another: the agencies managing him), possibly dated (latest day) on or after its first eligibility
//   row, went to an agency supporting the victim other than the sender. The link MAPPA asks for is between those
//   managing him and those supporting her: when probation, managing him under MAPPA, told the victim's IDVA, the
//   prison that held him made no gap by not telling the IDVA too.
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

// The agencies supporting the victim.
WITH c, victim, perpetrator, COLLECT {
  MATCH (x:Event {case_id: c.case_id})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: victim})
  WHERE x.analysed
  MATCH (a:Agency {case_id: c.case_id, agency_id: x.agency_id})
  WHERE a.sector IN $victim_facing_sectors
  RETURN DISTINCT a.agency_id
} AS facing
WHERE size(facing) > 0

// The eligibility rows about the perpetrator, each with its evidence map.
CALL (c, perpetrator) {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: perpetrator})
  WHERE e.analysed
  WITH e, EXISTS { (e)-[:REFERRED_TO]->(:Forum {type: 'mappa'}) } AS to_mappa
  WHERE to_mappa
     OR (e.event_type IN ['conviction', 'custody'] AND coalesce(e.sentence_months, 0) >= $sentence_months
         AND any(f IN coalesce(e.learned, []) WHERE f IN ['violence_to_others', 'domestic_abuse']))
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
  RETURN e, to_mappa, ev {.*, note: 'MAPPA eligibility'} AS ev
}
WITH c, victim, perpetrator, facing, collect({e: e, to_mappa: to_mappa, ev: ev}) AS eligible
WITH c, victim, perpetrator, facing, eligible, [x IN eligible | x.e.agency_id] AS managing
UNWIND eligible AS x
WITH c, victim, perpetrator, facing, managing, x.e AS e, x.to_mappa AS to_mappa, x.ev AS ev
ORDER BY e.date_start, e.event_id
WITH c, victim, perpetrator, facing, managing, e.agency_id AS agency,
     collect({sentence: coalesce(e.sentence_months, 0), to_mappa: to_mappa, ev: ev}) AS mine
WITH c, victim, perpetrator, facing, managing, agency, mine, mine[0].ev AS first

// No agency managing him shared, from this agency's first eligibility row on, with an agency supporting the victim.
WHERE NOT EXISTS {
  MATCH (s:Event {case_id: c.case_id})-[told:SHARED_WITH|REFERRED_TO]->(t:Agency {case_id: c.case_id})
  WHERE s.agency_id IN managing AND s.analysed AND s.date_end >= first.date_start
    AND (told:SHARED_WITH OR told.outcome IN
      // include: reached_outcomes
      ['unknown', 'accepted', 'heard']
      // end include: reached_outcomes
    )
    AND t.agency_id IN facing AND t.agency_id <> s.agency_id
}
RETURN c.case_id AS case_id, 'perpetrator.mappa_no_link' AS rule_id, victim AS victim_id,
       perpetrator AS perpetrator_id, [agency] AS agency_ids, first.date_start AS window_start,
       mine[-1].ev.date_end AS window_end, [x IN mine | x.ev] AS evidence,
       {sentence_months: reduce(m = 0, x IN mine | CASE WHEN x.sentence > m THEN x.sentence ELSE m END),
        mappa_referral: any(x IN mine WHERE x.to_mappa)} AS facts
ORDER BY case_id, victim_id, perpetrator_id, agency
