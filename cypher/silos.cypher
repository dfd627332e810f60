// name: silos
// purpose: Agencies whose own records gave them a victim-perpetrator pair's relationship, abuse of the victim by
// the perpetrator, or abuse of the victim with the perpetrator not recorded, and that never passed it on: no share
// or reached referral of their own, dated on or after they first knew, carried it to anyone. Each row lists the
// chronology rows by which the agency knew (the agency_knowledge rows with nothing passed on), less those of an
// incident another agency passed the same topic on to a third agency (docs/rules.md, "Silos") and the agency's own
// told rows (docs/rules.md, "Told rows": recording what another agency had told it); with no own row left, there
// is no silo. The relationship is a silo only when some agency's own records held abuse of the victim (by the
// perpetrator, or with the perpetrator not recorded): otherwise there was nothing it should have been tied to.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// case_id: null runs it on every case loaded.
// columns: case_id, agency_id, topic, victim_id, perpetrator_id, first_known, knowledge
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope
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
// include: knowledge
WITH c, victim, perpetrator, rel_from, [x IN events | x {.*, topics:
  [t IN ['relationship', 'abuse_by_perpetrator', 'abuse_unattributed'] WHERE CASE t
    WHEN 'relationship'
      THEN ('relationship' IN x.learned OR (any(w IN x.learned WHERE w = 'domestic_abuse' OR w IN
                  // include: abuse_facts
                  ['coercive_control', 'threats_to_kill', 'strangulation', 'stalking', 'harassment', 'threats', 'weapon']
                  // end include: abuse_facts
                  ) AND
             // include: pair_roles
             all(q IN [x.recorded_victim, x.recorded_perpetrator] WHERE q IS NULL OR q IN [victim, perpetrator])
             // end include: pair_roles
           ))
           AND victim IN x.subjects AND perpetrator IN x.subjects
    WHEN 'abuse_by_perpetrator'
      THEN any(w IN x.learned WHERE w = 'domestic_abuse' OR w IN
                  // include: abuse_facts
                  ['coercive_control', 'threats_to_kill', 'strangulation', 'stalking', 'harassment', 'threats', 'weapon']
                  // end include: abuse_facts
                  ) AND victim IN x.subjects AND perpetrator IN x.subjects AND
           // include: pair_roles
           all(q IN [x.recorded_victim, x.recorded_perpetrator] WHERE q IS NULL OR q IN [victim, perpetrator])
           // end include: pair_roles
    ELSE 'domestic_abuse' IN x.learned AND victim IN x.subjects AND NOT perpetrator IN x.subjects
         AND x.recorded_perpetrator IS NULL AND (rel_from IS NULL OR x.date_end >= rel_from) AND
         // include: pair_roles
         all(q IN [x.recorded_victim, x.recorded_perpetrator] WHERE q IS NULL OR q IN [victim, perpetrator])
         // end include: pair_roles
  END]}] AS events
WITH c, victim, perpetrator, rel_from, events, COLLECT {
  UNWIND events AS x
  UNWIND x.topics AS topic
  WITH x.agency_id AS agency_id, topic, min(x.date_start) AS first
  RETURN {agency_id: agency_id, topic: topic, first: first}
} AS own_first
WITH c, victim, perpetrator, rel_from, [x IN events | x {.*, carries: CASE
    WHEN size(x.to) = 0 THEN []
    WHEN size(x.learned) = 0 AND (victim IN x.subjects OR perpetrator IN x.subjects)
      THEN [t IN ['relationship', 'abuse_by_perpetrator', 'abuse_unattributed']
            WHERE any(f IN own_first WHERE f.agency_id = x.agency_id AND f.topic = t AND f.first <= x.date_end)]
    WHEN victim IN x.subjects AND perpetrator IN x.subjects
      THEN CASE WHEN 'relationship' IN x.topics THEN x.topics ELSE ['relationship'] + x.topics END
    ELSE x.topics
  END}] AS events
// end include: knowledge
// include: agency_knowledge
CALL (events) {
  // include: holders
  UNWIND events AS x
  UNWIND [{agency_id: x.agency_id, topics: x.topics}]
         + [a IN x.to_agencies WHERE a <> x.agency_id | {agency_id: a, topics: x.carries}] AS holder
  // end include: holders
  UNWIND holder.topics AS topic
  WITH holder.agency_id AS agency_id, topic, x
  ORDER BY x.date_start, x.event_id
  RETURN agency_id, topic, collect(x.evidence) AS knowledge
}
WITH c, victim, perpetrator, events, agency_id, topic, knowledge, knowledge[0].date_start AS first_known
WITH c, victim, perpetrator, agency_id, topic, knowledge, first_known,
     [x IN events WHERE x.agency_id = agency_id AND topic IN x.carries AND x.date_end >= first_known
                    AND any(r IN x.to WHERE r <> agency_id) | x.evidence] AS passed_on
// end include: agency_knowledge
// A row of the knowledge is answered when its incident key is that of a row by which another agency passed the
// same topic on (one of its passed_on rows) to a third agency or forum: that incident's information moved, through
// the other agency, so "never passed on" would mislead (docs/rules.md, "Silos"). The keys of every row cited.
WITH c, victim, perpetrator,
     collect({agency_id: agency_id, topic: topic, knowledge: knowledge, passed_on: passed_on}) AS held
WITH c, victim, perpetrator, held, COLLECT {
  UNWIND held AS h
  UNWIND h.knowledge + h.passed_on AS k
  WITH DISTINCT k.event_id AS id
  MATCH (e:Event {case_id: c.case_id, event_id: id})
  RETURN {event_id: id, key:
    // include: incident_key
    CASE WHEN coalesce(e.incident, '') = '' THEN
      COLLECT { MATCH (e)-[:SAME_EVENT_AS*0..]-(linked:Event) RETURN linked.event_id AS linked_id
                 ORDER BY linked_id LIMIT 1 }[0]
    ELSE e.incident END
    // end include: incident_key
  }
} AS row_keys
WITH c, victim, perpetrator, held, row_keys,
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
     AS told,
     COLLECT {
       UNWIND held AS h
       UNWIND h.passed_on AS p
       RETURN {agency_id: h.agency_id, topic: h.topic, to: p.to,
               key: [x IN row_keys WHERE x.event_id = p.event_id][0].key}
     } AS passing
// Whether any agency's own records held abuse of the victim (by the perpetrator, or with the perpetrator not
// recorded): only then is knowing of the relationship something that should have moved.
WITH c, victim, perpetrator, held, row_keys, told, passing,
     any(x IN held WHERE x.topic IN ['abuse_by_perpetrator', 'abuse_unattributed']
                         AND any(k IN x.knowledge WHERE k.agency_id = x.agency_id)) AS abuse_known
UNWIND held AS h
// A told row of the agency's own records what it was told, not its own knowledge: it is not cited.
WITH c, victim, perpetrator, h, row_keys, passing, told, abuse_known,
     [k IN h.knowledge WHERE NOT any(p IN passing
        WHERE p.topic = h.topic AND p.agency_id <> h.agency_id
          AND p.key = [x IN row_keys WHERE x.event_id = k.event_id][0].key
          AND any(r IN p.to WHERE NOT r IN [p.agency_id, h.agency_id]))
        AND NOT (k.agency_id = h.agency_id AND k.event_id IN told)] AS cited
// A silo is the agency's own knowledge (an own row among the rows cited) that never moved; an agency only told is
// not one: the knowledge had already moved (and an agency whose own rows are all told rows was only told).
// Knowing only that two people are a couple is nothing to pass on while no one's records held abuse of the victim.
WHERE size(h.passed_on) = 0 AND any(k IN cited WHERE k.agency_id = h.agency_id)
  AND (h.topic <> 'relationship' OR abuse_known)
RETURN c.case_id AS case_id, h.agency_id AS agency_id, h.topic AS topic, victim AS victim_id,
       perpetrator AS perpetrator_id, cited[0].date_start AS first_known, cited AS knowledge
ORDER BY case_id, victim_id, perpetrator_id, agency_id, topic
