// name: rule_marac_potential_escalation
// purpose: Rule marac.potential_escalation (SafeLives MARAC referral criteria, 3): for each victim-perpetrator pair,
// the first day by which `incidents` distinct domestic abuse incidents or disclosures involving both certainly
// fell within window_months months, held by any agencies, with no MARAC referral about the victim from the first
// of those rows to referral_days days after that day. With it: the first day (on or after it) by which a single
// agency alone held as many, the later incidents certainly within window_months months after it that were not
// referred to MARAC within referral_days days (up to the next MARAC referral), and the last MARAC referral about
// the victim before the first of those rows.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param counted_event_types => ['incident', 'disclosure', 'contact', 'appointment', 'arrest', 'admission'];
:param incidents => 3;
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
//   smallest event id of the row and the rows linked to it as one event recorded twice, so that rows of several
//   agencies about one incident count once;
// - a MARAC referral about a person: a row with a REFERRED_TO relationship to a forum of type marac and the person
//   among its subjects;
// - windows use the certain order: a row is within [day - window_months months, day] when its earliest day is on
//   or after the first and its latest day on or before the second; months are calendar months (day clamped); a
//   MARAC referral answers the escalation when it is possibly within its span (its days overlap it);
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
// The pair's counted rows (both people subjects, no one else in a recorded role) and the MARAC referrals about the victim, in date order.
WITH c, victim, perpetrator,
     [x IN events WHERE 'domestic_abuse' IN x.learned AND x.event_type IN $counted_event_types
                        AND NOT x.event_id IN told
                        AND victim IN x.subjects AND perpetrator IN x.subjects AND
                        // include: pair_roles
                        all(q IN [x.recorded_victim, x.recorded_perpetrator] WHERE q IS NULL OR q IN [victim, perpetrator])
                        // end include: pair_roles
                       ] AS rows,
     [m IN events WHERE m.marac AND victim IN m.subjects] AS marac,
     // Referrals to MARAC about the victim made and not heard (declined, not progressed, withdrawn): they answer
     // nothing, but the finding names one rather than say none followed.
     [m IN events WHERE victim IN m.subjects AND EXISTS {
        MATCH (:Event {case_id: c.case_id, event_id: m.event_id})-[r:REFERRED_TO]->(:Forum {type: 'marac'})
        WHERE r.outcome IN
          // include: not_reached_outcomes
          ['declined', 'not_progressed', 'withdrawn']
          // end include: not_reached_outcomes
      }] AS unreached_all
WITH c, victim, perpetrator, rows, marac, unreached_all,
     COLLECT { UNWIND rows AS x RETURN DISTINCT x.date_end AS day ORDER BY day } AS days

// The first day (a row's latest day) whose window holds enough distinct incidents and that no MARAC referral
// answered (none from the window's first row to referral_days after the day).
WITH c, victim, perpetrator, rows, marac, unreached_all, days,
     [w IN [day IN days | {day: day, rows: [x IN rows WHERE x.date_end <= day
                                                         AND x.date_start >= day - duration({months: $window_months})]}]
      WHERE size(reduce(ks = [], x IN w.rows | CASE WHEN x.key IN ks THEN ks ELSE ks + x.key END)) >= $incidents
        AND NOT any(m IN marac WHERE m.date_end >= w.rows[0].date_start
                                     AND m.date_start <= w.day + duration({days: $referral_days}))][0] AS met
WHERE met IS NOT NULL
WITH c, victim, perpetrator, rows, marac, unreached_all, days, met.day AS met_on, met.rows AS trigger

// Per agency, the first day on or after met_on by which its own rows alone held enough; the earliest of those
// (ties: the first agency by id), with the last row of that day.
WITH c, victim, perpetrator, rows, marac, unreached_all, met_on, trigger,
     [a IN COLLECT { UNWIND rows AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } |
       head([w IN [day IN days WHERE day >= met_on AND any(x IN rows WHERE x.agency_id = a AND x.date_end = day) |
                   {day: day, agency_id: a,
                    rows: [x IN rows WHERE x.agency_id = a AND x.date_end <= day
                                           AND x.date_start >= day - duration({months: $window_months})]}]
             WHERE size(reduce(ks = [], x IN w.rows | CASE WHEN x.key IN ks THEN ks ELSE ks + x.key END))
                   >= $incidents])] AS own
WITH c, victim, perpetrator, rows, marac, unreached_all, met_on, trigger,
     reduce(best = null, w IN own | CASE WHEN w IS NOT NULL AND (best IS NULL OR w.day < best.day) THEN w
                                         ELSE best END) AS single

// Later incidents: certainly after met_on and within window_months months of it, not one of the incidents already
// counted, and not followed by a MARAC referral within referral_days days (before the next referral).
WITH c, victim, perpetrator, rows, marac, unreached_all, met_on, trigger, single,
     [x IN trigger | x.key] AS trigger_keys,
     met_on + duration({months: $window_months}) AS horizon,
     [m IN marac WHERE m.date_start > met_on][0].date_start AS next_referral
WITH c, victim, perpetrator, met_on, trigger, single,
     [m IN unreached_all WHERE m.date_end >= trigger[0].date_start
                             AND m.date_start <= met_on + duration({days: $referral_days})] AS unreached,
     [x IN rows WHERE x.date_start > met_on AND x.date_end <= horizon AND NOT x.key IN trigger_keys
                      AND (next_referral IS NULL OR x.date_end + duration({days: $referral_days}) < next_referral)]
       AS later,
     [m IN marac WHERE m.date_start < trigger[0].date_start][-1] AS last
RETURN c.case_id AS case_id, 'marac.potential_escalation' AS rule_id, victim AS victim_id,
       perpetrator AS perpetrator_id,
       COLLECT { UNWIND trigger AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS agency_ids,
       trigger[0].date_start AS window_start, met_on AS window_end,
       [ev IN [x IN trigger | x.evidence] | ev {.*, note: 'incident or disclosure'}]
       + [ev IN [x IN later | x.evidence] | ev {.*, note: 'later incident, not referred to MARAC'}]
       + [ev IN [x IN [last] WHERE x IS NOT NULL | x.evidence] | ev {.*, note: 'last MARAC referral before'}]
       + [ev IN [m IN unreached WHERE NOT m.event_id IN [x IN trigger + later | x.event_id] | m.evidence]
          | ev {.*, note: 'referral not reached'}]
         AS evidence,
       {
         incidents: size(reduce(ks = [], x IN trigger | CASE WHEN x.key IN ks THEN ks ELSE ks + x.key END)),
         met_event: [x IN trigger WHERE x.date_end = met_on][-1].event_id,
         single_agency_id: single.agency_id,
         single_agency_event: [x IN single.rows WHERE x.date_end = single.day][-1].event_id,
         later: size(reduce(ks = [], x IN later | CASE WHEN x.key IN ks THEN ks ELSE ks + x.key END)),
         last_referral_event: last.event_id,
         unreached_event: unreached[0].event_id,
         unreached_outcome: COLLECT {
           MATCH (:Event {case_id: c.case_id, event_id: unreached[0].event_id})-[r:REFERRED_TO]->(f:Forum {type: 'marac'})
           WHERE r.outcome IN
             // include: not_reached_outcomes
             ['declined', 'not_progressed', 'withdrawn']
             // end include: not_reached_outcomes
           RETURN r.outcome ORDER BY r.outcome
         }[0]
       } AS facts
