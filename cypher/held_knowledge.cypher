// name: held_knowledge
// purpose: Per agency, victim or perpetrator, and fact about that person other than the relationship and domestic
// abuse (mental ill-health, suicidality, self-harm, violence to others, substance misuse, strangulation, ...), with
// `by_id`, who did it, for a fact about what was done to a victim (null for the others): the agency's own
// rows that gave it, and its referrals or shares, dated on or after it first knew, that passed it to anyone but
// itself, carrying the fact (in the row's `learned` column, or a blank `learned` column on a row about that person).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, agency_id, person_id, fact, by_id, first_known, knowledge, passed_on
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

// The pairs, and the people followed: every victim and every perpetrator (alleged or co-accused too).
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
WITH c, events, pairs,
     COLLECT { MATCH (s:Person {case_id: c.case_id, role: 'victim'}) RETURN s.person_id ORDER BY s.person_id }
       AS victims,
     COLLECT { MATCH (s:Person {case_id: c.case_id})
               WHERE s.role IN
                 // include: perpetrator_roles
                 ['perpetrator', 'alleged_perpetrator', 'co_accused']
                 // end include: perpetrator_roles
               RETURN s.person_id ORDER BY s.person_id } AS perpetrators

// What each agency's own rows gave it about each of them. A fact about what was done belongs to the victim it was
// done to, with who did it (`by_id`): the person the row records as perpetrator when that is someone outside the
// pair (an adult son's threats are his), else the perpetrator paired with that victim among the row's subjects
// unless the row records someone outside the pair as the victim, else null; it belongs to a perpetrator only on a
// row about no victim. A fact about one person's health belongs to the row's one victim or perpetrator (the
// health_of fragment).
CALL (c, events, victims, perpetrators, pairs) {
  UNWIND events AS x
  UNWIND [f IN x.learned WHERE NOT f IN ['relationship', 'domestic_abuse']] AS fact
  WITH x, fact, CASE WHEN fact IN
      // include: abuse_facts
      ['coercive_control', 'threats_to_kill', 'strangulation', 'stalking', 'harassment', 'threats', 'weapon']
      // end include: abuse_facts
    THEN [v IN victims WHERE v IN x.subjects] ELSE [] END AS harmed
  UNWIND CASE WHEN size(harmed) > 0
           THEN [v IN harmed | {person: v,
                 by: CASE WHEN x.recorded_perpetrator IS NOT NULL AND x.recorded_perpetrator <> v
                               AND NOT any(p IN pairs WHERE p.victim = v AND p.perpetrator = x.recorded_perpetrator)
                          THEN x.recorded_perpetrator
                          ELSE head([p IN pairs WHERE p.victim = v AND p.perpetrator IN x.subjects
                                     AND all(q IN [x.recorded_victim, x.recorded_perpetrator]
                                             WHERE q IS NULL OR q IN [v, p.perpetrator]) | p.perpetrator]) END}]
           // A fact about one person's health belongs to the row's one victim or perpetrator, to no one on a row
           // naming both: the row does not say whose it is.
           WHEN fact IN
             // include: health_facts
             ['mental_ill_health', 'suicidality', 'self_harm', 'substance_misuse']
             // end include: health_facts
           THEN [owner IN [
             // include: health_of
             coalesce(x.health_of, [parties IN [COLLECT {
                MATCH (q:Person {case_id: c.case_id})
                WHERE q.person_id IN x.subjects
                  AND (q.role = 'victim' OR q.role IN
                    // include: perpetrator_roles
                    ['perpetrator', 'alleged_perpetrator', 'co_accused']
                    // end include: perpetrator_roles
                  )
                RETURN q.person_id
              }] WHERE size(parties) = 1 | parties[0]][0])
             // end include: health_of
             ] WHERE owner IS NOT NULL | {person: owner, by: null}]
           ELSE [s IN x.subjects WHERE s IN victims OR s IN perpetrators | {person: s, by: null}] END AS holder
  WITH x.agency_id AS agency_id, holder.person AS person_id, fact, holder.by AS by_id, x
  ORDER BY x.date_start, x.event_id
  RETURN agency_id, person_id, fact, by_id, collect(x.evidence) AS knowledge
}
WITH c, events, agency_id, person_id, fact, by_id, knowledge, knowledge[0].date_start AS first_known
RETURN c.case_id AS case_id, agency_id, person_id, fact, by_id, first_known, knowledge,
       [x IN events WHERE x.agency_id = agency_id AND x.date_start >= first_known
                      AND any(r IN x.to WHERE r <> agency_id) AND person_id IN x.subjects
                      AND (fact IN x.learned OR size(x.learned) = 0) | x.evidence] AS passed_on
ORDER BY case_id, agency_id, person_id, fact, by_id
