// name: rule_marac_repeat
// purpose: Rule marac.repeat (SafeLives repeat definition): after each MARAC referral about a victim with the
// perpetrator among its subjects, the domestic abuse incidents or disclosures involving both, certainly after the
// referral and within window_months months of it, that no MARAC referral about the victim followed within
// referral_days days. A row of the incident referred (its incident key that of the referral or of a row possibly on
// or before the referral's day) is that incident told again, not a further one. An incident certainly after a later
// MARAC referral about the pair is reported with that later (last) referral instead. One row per referral with at
// least one such incident.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param counted_event_types => ['incident', 'disclosure', 'contact', 'appointment', 'arrest', 'admission'];
:param window_months => 12;
:param referral_days => 28;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py):
// - a counted row: `learned` has domestic_abuse, its event type is one of counted_event_types, and it is not a
//   told row (the told_rows fragment: an agency recording what another agency had told it);
// - the pair's incidents: counted rows with both of the pair as subjects that record no one outside the pair as
//   victim or perpetrator (the pair_roles fragment: an adult son's assault is not an incident between the pair);
// - an incident key (the incident_key fragment): the row's `incident` label when the chair gave one, else the
//   smallest event id of the row and the rows linked to it as one event recorded twice;
// - a MARAC referral about a person: a row with a REFERRED_TO relationship to a forum of type marac and the person
//   among its subjects;
// - a referral back answers an incident when it is possibly within referral_days of it (its days overlap the span);
// - "after" is certain (the incident's earliest day after the referral's latest day); "within window_months
//   months" is certain (the incident's latest day on or before the referral's earliest day plus the months,
//   calendar months with the day clamped);
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
// The pair's counted rows, the MARAC referrals about the victim, and those about the pair (in date order).
WITH c, victim, perpetrator,
     [x IN events WHERE 'domestic_abuse' IN x.learned AND x.event_type IN $counted_event_types
                        AND NOT x.event_id IN told
                        AND victim IN x.subjects AND perpetrator IN x.subjects AND
                        // include: pair_roles
                        all(q IN [x.recorded_victim, x.recorded_perpetrator] WHERE q IS NULL OR q IN [victim, perpetrator])
                        // end include: pair_roles
                       ] AS rows,
     [m IN events WHERE m.marac AND victim IN m.subjects] AS marac, events
WITH c, victim, perpetrator, rows, marac, events, [m IN marac WHERE perpetrator IN m.subjects] AS pair_referrals
UNWIND pair_referrals AS referral

// The incidents after this referral and within the window, not after a later referral about the pair, that no
// MARAC referral followed in time. A further incident is a new one: a row whose incident key is the referral's, or
// that of a row possibly on or before the referral's day, is the incident referred, told again.
WITH c, victim, perpetrator, referral,
     [referral.key] + [y IN rows WHERE y.date_start <= referral.date_end | y.key] AS referred_keys,
     rows, marac, pair_referrals, events
WITH c, victim, perpetrator, referral,
     [x IN rows WHERE x.date_start > referral.date_end
                      AND x.date_end <= referral.date_start + duration({months: $window_months})
                      AND NOT x.key IN referred_keys
                      AND NOT any(n IN pair_referrals
                                  WHERE (n.date_start > referral.date_start
                                         OR (n.date_start = referral.date_start AND n.event_id > referral.event_id))
                                        AND x.date_start > n.date_end)
                      AND NOT any(m IN marac WHERE m.date_end >= x.date_start
                                                   AND m.date_start <= x.date_end + duration({days: $referral_days}))]
       AS missed, events
WHERE size(missed) > 0
// A referral back that was made and did not reach MARAC (declined, not progressed, withdrawn) answers nothing, but
// the finding names it rather than deny it.
WITH c, victim, perpetrator, referral, missed,
     [m IN events WHERE victim IN m.subjects
                        AND any(x IN missed WHERE m.date_end >= x.date_start
                                                  AND m.date_start <= x.date_end + duration({days: $referral_days}))
                        AND EXISTS {
                          MATCH (:Event {case_id: c.case_id, event_id: m.event_id})-[r:REFERRED_TO]->(:Forum {type: 'marac'})
                          WHERE r.outcome IN
                            // include: not_reached_outcomes
                            ['declined', 'not_progressed', 'withdrawn']
                            // end include: not_reached_outcomes
                        }] AS unreached
RETURN c.case_id AS case_id, 'marac.repeat' AS rule_id, victim AS victim_id, perpetrator AS perpetrator_id,
       COLLECT { UNWIND missed AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS agency_ids,
       referral.date_start AS window_start,
       reduce(last = missed[0].date_end, x IN missed | CASE WHEN x.date_end > last THEN x.date_end ELSE last END)
         AS window_end,
       [ev IN [referral.evidence] | ev {.*, note: 'MARAC referral'}]
       + [ev IN [x IN missed | x.evidence] | ev {.*, note: 'incident not referred back'}]
       + [ev IN [m IN unreached WHERE NOT m IN missed | m.evidence] | ev {.*, note: 'referral not reached'}]
       AS evidence,
       {
         incidents: size(reduce(ks = [], x IN missed | CASE WHEN x.key IN ks THEN ks ELSE ks + x.key END)),
         referral_event: referral.event_id,
         unreached_event: unreached[0].event_id,
         unreached_outcome: COLLECT {
           MATCH (:Event {case_id: c.case_id, event_id: unreached[0].event_id})-[r:REFERRED_TO]->(:Forum {type: 'marac'})
           WHERE r.outcome IN
             // include: not_reached_outcomes
             ['declined', 'not_progressed', 'withdrawn']
             // end include: not_reached_outcomes
           RETURN r.outcome ORDER BY r.outcome
         }[0]
       } AS facts
