// name: rule_children_no_csc_referral
// purpose: Rule children.no_csc_referral (graphdhr/rules/default.yaml): a domestic abuse incident or disclosure
// about a victim, recorded by an agency other than children's social care, with a child in the household (a person
// of role child among the row's subjects, or `child_in_household` learned), with no referral or share to
// children's social care about that incident made before it or within $days days after it.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param counted_event_types => ['incident', 'disclosure', 'contact', 'appointment', 'arrest', 'admission'];
:param days => 28;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, no_csc_referral):
// - The row is counted: `domestic_abuse` learned, its event type one of $counted_event_types, and not a told row
//   (the told_rows fragment: an agency recording what another agency had told it); a victim is among
//   its subjects; its agency is not of sector childrens_social_care.
// - Children's social care: any agency of sector childrens_social_care, and any forum of type mash or
//   child_protection_conference.
// - "About that incident": any row of the same incident key (the incident_key fragment: the row itself, a row with
//   the same `incident` label, or, when neither is labelled, a row linked to it as one event recorded twice);
//   "followed within $days days": that row's earliest day falls no later than the incident row's latest day plus
//   $days. A referral of the same incident made before the row answers it too: the incident had reached
//   children's social care (the school referred the assault a week before the GP heard of it).
// - The finding names the first victim (by id) among the row's subjects and, of the victim-perpetrator pairs
//   (docs/graph-model.md), the first perpetrator paired with that victim who is also a subject, unless the row
//   records someone outside the pair as victim or perpetrator (as the pair_roles fragment; else null).
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death).

// Who counts as children's social care, the victims and children of the case.
WITH c,
     COLLECT { MATCH (a:Agency {case_id: c.case_id}) WHERE a.sector = 'childrens_social_care' RETURN a.agency_id }
     + COLLECT { MATCH (f:Forum {case_id: c.case_id}) WHERE f.type IN ['mash', 'child_protection_conference']
                 RETURN f.forum_id } AS targets,
     COLLECT { MATCH (v:Person {case_id: c.case_id, role: 'victim'}) RETURN v.person_id AS id ORDER BY id } AS victims,
     COLLECT { MATCH (k:Person {case_id: c.case_id, role: 'child'}) RETURN k.person_id AS id ORDER BY id } AS children

// include: pair_list
CALL (c) {
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
  WITH victim, perpetrator
  ORDER BY victim, perpetrator
  RETURN collect({victim: victim, perpetrator: perpetrator}) AS pairs
}
// end include: pair_list

// include: events
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.analysed
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
  WITH e, to, to_agencies,
       // include: incident_key
       CASE WHEN coalesce(e.incident, '') = '' THEN
         COLLECT { MATCH (e)-[:SAME_EVENT_AS*0..]-(linked:Event) RETURN linked.event_id AS linked_id
                    ORDER BY linked_id LIMIT 1 }[0]
       ELSE e.incident END
       // end include: incident_key
       AS key
  ORDER BY e.date_start, e.event_id
  RETURN collect({
    event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
    event_type: e.event_type, incident: e.incident, learned: coalesce(e.learned, []),
    recorded_victim: e.recorded_victim, recorded_perpetrator: e.recorded_perpetrator, health_of: e.health_of,
    risk_tool: e.risk_tool, risk_score: e.risk_score, risk_level: e.risk_level,
    key: key,
    subjects: COLLECT { MATCH (e)-[:CONCERNS]->(s:Person) RETURN s.person_id },
    marac: EXISTS { (e)-[r:REFERRED_TO]->(:Forum {type: 'marac'})
                   WHERE r.outcome IN
                     // include: reached_outcomes
                     ['unknown', 'accepted', 'heard']
                     // end include: reached_outcomes
                   },
    to: to, to_agencies: to_agencies,
    evidence:
      // include: evidence
      {event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
       date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
      // end include: evidence
  }) AS events
}
// end include: events

// The case's told rows: not counted (an agency recording what it was told).
WITH *,
     // include: told_rows
     COLLECT {
       MATCH (e:Event {case_id: c.case_id})
       WHERE NOT e.event_type IN
         // include: new_information_types
         ['incident', 'disclosure']
         // end include: new_information_types
         AND any(t IN
                 // include: told_topics
                 ['domestic_abuse', 'relationship']
                 // end include: told_topics
                 WHERE t IN coalesce(e.learned, []))
         AND EXISTS {
           MATCH (s:Event {case_id: c.case_id})-[k:SHARED_WITH|REFERRED_TO]->(:Agency {case_id: c.case_id, agency_id: e.agency_id})
           WHERE s.agency_id <> e.agency_id AND s.date_end <= e.date_start
             AND (k:SHARED_WITH OR k.outcome IN
               // include: reached_outcomes
               ['unknown', 'accepted', 'heard']
               // end include: reached_outcomes
             )
             AND all(t IN
                     // include: told_topics
                     ['domestic_abuse', 'relationship']
                     // end include: told_topics
                     WHERE NOT t IN coalesce(e.learned, [])
                           // What s carries: its `learned` words, or with none, its agency's words up to then.
                           OR any(w IN CASE WHEN size(coalesce(s.learned, [])) > 0 THEN s.learned ELSE COLLECT {
                                    MATCH (o:Event {case_id: c.case_id, agency_id: s.agency_id})-[:CONCERNS]->(:Person)<-[:CONCERNS]-(s)
                                    WHERE o.date_start <= s.date_start
                                    UNWIND coalesce(o.learned, []) AS x RETURN x } END
                                  WHERE w = t
                                    // Abuse between two or more people carries their relationship, as for knowledge.
                                    OR (t = 'relationship' AND COUNT { (e)-[:CONCERNS]->(:Person) } > 1
                                        AND (w = 'domestic_abuse' OR w IN
                                          // include: abuse_facts
                                          ['coercive_control', 'threats_to_kill', 'strangulation', 'stalking', 'harassment', 'threats', 'weapon']
                                          // end include: abuse_facts
                                        ))))
             AND NOT EXISTS { MATCH (e)-[:CONCERNS]->(q:Person) WHERE NOT (s)-[:CONCERNS]->(q) }
         }
       RETURN e.event_id
     }
     // end include: told_rows
     AS told
// Counted rows about a victim with a child in the household, by an agency other than children's social care.
MATCH (e:Event {case_id: c.case_id})
WHERE e.analysed AND e.event_type IN $counted_event_types AND NOT e.event_id IN told
  AND 'domestic_abuse' IN coalesce(e.learned, [])
MATCH (a:Agency {case_id: c.case_id, agency_id: e.agency_id})
WHERE a.sector <> 'childrens_social_care'
WITH c, targets, victims, children, pairs, events, e,
     COLLECT { MATCH (e)-[:CONCERNS]->(s:Person) RETURN s.person_id } AS subjects,
     // include: incident_key
     CASE WHEN coalesce(e.incident, '') = '' THEN
       COLLECT { MATCH (e)-[:SAME_EVENT_AS*0..]-(linked:Event) RETURN linked.event_id AS linked_id
                  ORDER BY linked_id LIMIT 1 }[0]
     ELSE e.incident END
     // end include: incident_key
     AS key
WITH c, targets, pairs, events, e, key, subjects,
     [v IN victims WHERE v IN subjects] AS victims_here, [k IN children WHERE k IN subjects] AS kids
WHERE size(victims_here) > 0 AND (size(kids) > 0 OR 'child_in_household' IN coalesce(e.learned, []))

// No referral or share to children's social care about that incident followed within $days days.
  AND NOT any(s IN events WHERE s.key = key AND any(t IN s.to WHERE t IN targets)
                             AND s.date_start <= e.date_end + duration({days: $days}))

// A referral of the incident that never reached children's social care (declined, ...) answers nothing, but is
// cited, and the finding says so.
WITH c, targets, pairs, e, subjects, victims_here[0] AS victim, kids,
     [s IN events WHERE s.key = key AND s.date_start <= e.date_end + duration({days: $days})] AS same
CALL (c, targets, same) {
  UNWIND same AS s
  WITH s, COLLECT { MATCH (:Event {case_id: c.case_id, event_id: s.event_id})-[k:REFERRED_TO]->(t)
                    WHERE coalesce(t.agency_id, t.forum_id) IN targets AND k.outcome IN
                      // include: not_reached_outcomes
                      ['declined', 'not_progressed', 'withdrawn']
                      // end include: not_reached_outcomes
                    RETURN k.outcome AS o ORDER BY o } AS outcomes
  WHERE size(outcomes) > 0
  WITH s, outcomes, s.evidence AS cited ORDER BY s.date_start, s.event_id
  RETURN collect({event_id: s.event_id, outcome: outcomes[0],
                   evidence: cited {.*, note: 'referral not reached'}}) AS unreached
}
WITH c, pairs, e, subjects, victim, kids, unreached
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
RETURN c.case_id AS case_id, 'children.no_csc_referral' AS rule_id, victim AS victim_id,
       head([x IN pairs WHERE x.victim = victim AND x.perpetrator IN subjects
                 AND all(q IN [e.recorded_victim, e.recorded_perpetrator] WHERE q IS NULL OR q IN [victim, x.perpetrator])
             | x.perpetrator]) AS perpetrator_id,
       [e.agency_id] AS agency_ids, e.date_start AS window_start, e.date_end AS window_end,
       [ev {.*, note: 'incident or disclosure'}]
         + [u IN unreached WHERE u.event_id <> e.event_id | u.evidence] AS evidence,
       {children: kids, unreached_event: unreached[0].event_id, unreached_outcome: unreached[0].outcome} AS facts
ORDER BY case_id, window_start, e.event_id
