// name: rule_risk_inconsistent
// purpose: Rule risk.inconsistent: per victim, two consecutive assessments of the victim (rows about the victim
// with a risk grade or a risk tool, in date order) that recorded different grades or different tools (tool names
// compared without regard to case), compared only when their order and gap are certain (the second's earliest day
// on or after the first's latest, and the second's latest day at most window_days after the first's earliest) and
// no new incident came between them (a counted row about the victim, of another incident than the first's, dated
// after the first's latest day and, earliest day, no later than the second's latest day).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param counted_event_types => ['incident', 'disclosure', 'contact', 'appointment', 'arrest', 'admission'];
:param window_days => 90;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, inconsistent):
// - a counted row: `learned` has domestic_abuse, its event type is one of $counted_event_types, and it is not a
//   told row (the told_rows fragment); rows of
//   the same `incident` label are one incident (the chair's label only, not the incident key's links: below);
// - days_apart: from the first's earliest day to the second's earliest day.

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
WITH c, events,
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
MATCH (v:Person {case_id: c.case_id, role: 'victim'})
WITH c, v,
     [x IN events WHERE v.person_id IN x.subjects
                        AND (coalesce(x.risk_level, '') <> '' OR coalesce(x.risk_tool, '') <> '')] AS graded,
     [x IN events WHERE v.person_id IN x.subjects AND 'domestic_abuse' IN x.learned
                        AND x.event_type IN $counted_event_types AND NOT x.event_id IN told] AS incidents

// Each assessment with the next one, when their order and gap are certain.
UNWIND range(0, size(graded) - 2) AS i
WITH c, v, incidents, graded[i] AS a, graded[i + 1] AS b
WHERE b.date_start >= a.date_end AND duration.inDays(a.date_start, b.date_end).days <= $window_days
// A new incident after the first assessment (the second row itself, or one between) explains a new grade: that is
// the risk changing, not the agencies disagreeing.
// New unless the chair tied it to the first by its label: the incident key's SAME_EVENT_AS links are not read here,
// since a wrong link would turn a new incident into the same one and so add a finding.
  AND NOT any(x IN incidents WHERE x.date_start > a.date_end AND x.date_start <= b.date_end
                               AND NOT coalesce(x.incident <> '' AND x.incident = a.incident, false))
WITH c, v, a, b, coalesce(a.risk_level, '') AS a_level, coalesce(b.risk_level, '') AS b_level,
     toLower(coalesce(a.risk_tool, '')) AS a_tool, toLower(coalesce(b.risk_tool, '')) AS b_tool
WHERE (a_level <> '' AND b_level <> '' AND a_level <> b_level) OR (a_tool <> '' AND b_tool <> '' AND a_tool <> b_tool)
RETURN c.case_id AS case_id, 'risk.inconsistent' AS rule_id, v.person_id AS victim_id, null AS perpetrator_id,
       COLLECT { UNWIND [a.agency_id, b.agency_id] AS x RETURN DISTINCT x ORDER BY x } AS agency_ids,
       a.date_start AS window_start, b.date_end AS window_end,
       [ev IN [a.evidence, b.evidence] | ev {.*, note: 'assessment'}] AS evidence,
       {days_apart: duration.inDays(a.date_start, b.date_start).days, first_event: a.event_id,
        first_level: a.risk_level, first_tool: a.risk_tool, second_event: b.event_id, second_level: b.risk_level,
        second_tool: b.risk_tool} AS facts
