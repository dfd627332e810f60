// name: rule_risk_no_assessment
// purpose: Rule risk.no_assessment: per victim and per agency of an assessing sector, the domestic abuse incidents
// or disclosures about the victim that the agency recorded with no risk assessment of its own about the victim
// (a row with a risk level or score, of event type risk_assessment, or referring to MARAC) possibly dated (its days overlapping the window)
// from the row's earliest day to `days` days after its latest day, or tied to the same incident by its label.
// One row per victim and agency with at least one such row.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param counted_event_types => ['incident', 'disclosure', 'contact', 'appointment', 'arrest', 'admission'];
:param assessing_sectors => ['police', 'probation', 'domestic_abuse_service', 'housing', 'mental_health', 'acute_hospital', 'gp', 'urgent_care', 'adult_social_care', 'childrens_social_care', 'substance_misuse', 'victim_support'];
:param days => 28;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py):
// - a counted row: `learned` has domestic_abuse, its event type is one of counted_event_types, and it is not a
//   told row (the told_rows fragment: an agency recording what another agency had told it); the victim need only
//   be among its subjects here;
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.
// Evidence is one map per chronology row: event_id, agency_id, date_start, date_end, date_precision, source_ref,
// `to` (the agencies and forums it was shared with or referred to, sorted) and `note` (why it is cited).

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

// Each row's agency sector, and whether it is a risk assessment: a risk level or score, event type
// risk_assessment, or a referral to MARAC whatever its outcome (SafeLives criteria make one only on an assessment
// of high risk).
WITH c, events,
     COLLECT { MATCH (a:Agency {case_id: c.case_id}) RETURN a } AS agencies,
     COLLECT { MATCH (m:Event {case_id: c.case_id})-[:REFERRED_TO]->(:Forum {case_id: c.case_id, type: 'marac'}) RETURN m.event_id }
       AS to_marac
WITH c, [x IN events | x {.*, sector: head([a IN agencies WHERE a.agency_id = x.agency_id | a.sector]),
                          assessment: x.risk_level IS NOT NULL OR x.risk_score IS NOT NULL
                                      OR x.event_type = 'risk_assessment' OR x.event_id IN to_marac}] AS events
CALL (c) {
  MATCH (v:Person {case_id: c.case_id, role: 'victim'})
  RETURN v.person_id AS victim
}

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
// The victim's counted rows by agencies of the assessing sectors, per agency.
WITH c, events, victim,
     [x IN events WHERE 'domestic_abuse' IN x.learned AND x.event_type IN $counted_event_types
                        AND NOT x.event_id IN told
                        AND victim IN x.subjects AND x.sector IN $assessing_sectors] AS rows
UNWIND COLLECT { UNWIND rows AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS agency_id

// Those no assessment of the agency's own about the victim followed in time.
WITH c, victim, agency_id,
     [x IN rows WHERE x.agency_id = agency_id
                      AND NOT any(a IN events WHERE a.agency_id = agency_id AND victim IN a.subjects AND a.assessment
                                                    AND ((a.date_end >= x.date_start
                                                          AND a.date_start <= x.date_end + duration({days: $days}))
                                                         OR coalesce(a.incident = x.incident, false)))]
       AS missed
WHERE size(missed) > 0
RETURN c.case_id AS case_id, 'risk.no_assessment' AS rule_id, victim AS victim_id, null AS perpetrator_id,
       [agency_id] AS agency_ids, missed[0].date_start AS window_start,
       reduce(last = missed[0].date_end, x IN missed | CASE WHEN x.date_end > last THEN x.date_end ELSE last END)
         AS window_end,
       [ev IN [x IN missed | x.evidence] | ev {.*, note: 'no risk assessment'}] AS evidence,
       {rows: size(missed)} AS facts
