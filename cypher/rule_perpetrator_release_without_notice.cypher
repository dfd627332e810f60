// name: rule_perpetrator_release_without_notice
// purpose: Rule perpetrator.release_without_notice (graphdhr/rules/default.yaml): the perpetrator's release from
// custody (during the relationship, with an agency already supporting the victim) of which no agency supporting the
// victim was told between $notice_days_before days before and $notice_days_after days after; with the recall that
// preceded it, if any.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param victim_facing_sectors => ['domestic_abuse_service', 'victim_support', 'childrens_social_care', 'adult_social_care', 'housing'];
:param notice_days_before => 28;
:param notice_days_after => 7;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, release_without_notice):
// - A release is a row of event type release about the perpetrator; one certainly before the relationship (its
//   latest day before the relationship's earliest possible start) is left out.
// - Agencies supporting the victim: agencies of the $victim_facing_sectors with a row about the victim whose earliest
//   day is on or before the release's latest day. A release with none gives no finding.
// - Told: a referral or share row about the victim or the perpetrator, possibly dated (its days overlapping the window) from the release's
//   earliest day minus $notice_days_before days to its latest day plus $notice_days_after days, naming an agency
//   supporting the victim other than its own agency.
// - The recall: the last row (by earliest day, then event id) of event type recall about the perpetrator whose
//   latest day is on or before the release's latest day, unless another release of his came between them;
//   recall_for_abuse when the victim is among its subjects and it has `domestic_abuse` learned.
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death).

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

// The perpetrator's releases during the relationship.
MATCH (rel:Event {case_id: c.case_id, event_type: 'release'})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: perpetrator})
WHERE rel.analysed AND (rel_from IS NULL OR rel.date_end >= rel_from)

// The agencies supporting the victim by then.
WITH c, victim, perpetrator, rel, COLLECT {
  MATCH (x:Event {case_id: c.case_id})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: victim})
  WHERE x.analysed AND x.date_start <= rel.date_end
  MATCH (a:Agency {case_id: c.case_id, agency_id: x.agency_id})
  WHERE a.sector IN $victim_facing_sectors
  RETURN DISTINCT a.agency_id AS agency_id ORDER BY agency_id
} AS facing
WHERE size(facing) > 0

// None of them was told within the notice window.
  AND NOT EXISTS {
    MATCH (s:Event {case_id: c.case_id})-[told:SHARED_WITH|REFERRED_TO]->(t:Agency {case_id: c.case_id})
    WHERE s.analysed
      AND (told:SHARED_WITH OR told.outcome IN
        // include: reached_outcomes
        ['unknown', 'accepted', 'heard']
        // end include: reached_outcomes
      )
      AND s.date_end >= rel.date_start - duration({days: $notice_days_before})
      AND s.date_start <= rel.date_end + duration({days: $notice_days_after})
      AND t.agency_id IN facing AND t.agency_id <> s.agency_id
      AND EXISTS { (s)-[:CONCERNS]->(p:Person) WHERE p.person_id IN [victim, perpetrator] }
  }

// The recall that preceded the release, if he was not released again in between.
WITH c, victim, perpetrator, rel, facing, head(COLLECT {
  MATCH (r:Event {case_id: c.case_id, event_type: 'recall'})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: perpetrator})
  WHERE r.analysed AND r.date_end <= rel.date_end
  RETURN r ORDER BY r.date_start DESC, r.event_id DESC
}) AS recall
WITH c, victim, perpetrator, rel, facing,
     CASE WHEN recall IS NOT NULL AND EXISTS {
       MATCH (x:Event {case_id: c.case_id, event_type: 'release'})-[:CONCERNS]->(:Person {case_id: c.case_id, person_id: perpetrator})
       WHERE x.analysed AND (x.date_start > recall.date_start OR (x.date_start = recall.date_start AND x.event_id > recall.event_id))
         AND (x.date_start < rel.date_start OR (x.date_start = rel.date_start AND x.event_id < rel.event_id))
     } THEN null ELSE recall END AS recall

WITH c, victim, perpetrator, rel, facing, recall,
     COLLECT { MATCH (rel)-[t:SHARED_WITH|REFERRED_TO]->(r)
               WHERE t:SHARED_WITH OR t.outcome IN
                 // include: reached_outcomes
                 ['unknown', 'accepted', 'heard']
                 // end include: reached_outcomes
               RETURN DISTINCT coalesce(r.agency_id, r.forum_id) AS id ORDER BY id } AS rel_to,
     COLLECT { MATCH (recall)-[t:SHARED_WITH|REFERRED_TO]->(r)
               WHERE t:SHARED_WITH OR t.outcome IN
                 // include: reached_outcomes
                 ['unknown', 'accepted', 'heard']
                 // end include: reached_outcomes
               RETURN DISTINCT coalesce(r.agency_id, r.forum_id) AS id ORDER BY id } AS recall_to
RETURN c.case_id AS case_id, 'perpetrator.release_without_notice' AS rule_id, victim AS victim_id,
       perpetrator AS perpetrator_id, [rel.agency_id] AS agency_ids, rel.date_start AS window_start,
       rel.date_end AS window_end,
       CASE WHEN recall IS NULL THEN [] ELSE
         [{event_id: recall.event_id, agency_id: recall.agency_id, date_start: recall.date_start,
           date_end: recall.date_end, date_precision: recall.date_precision, date_label: recall.date_label,
           source_ref: recall.source_ref,
           to: recall_to, note: 'recall'}] END
       + [{event_id: rel.event_id, agency_id: rel.agency_id, date_start: rel.date_start, date_end: rel.date_end,
           date_precision: rel.date_precision, date_label: rel.date_label, source_ref: rel.source_ref, to: rel_to,
           note: 'release'}] AS evidence,
       {released_event: rel.event_id, recall_event: recall.event_id,
        recall_for_abuse: recall IS NOT NULL AND 'domestic_abuse' IN coalesce(recall.learned, [])
                          AND EXISTS { (recall)-[:CONCERNS]->(:Person {person_id: victim}) },
        not_told: facing} AS facts
ORDER BY case_id, victim_id, perpetrator_id, window_start, rel.event_id
