// name: rule_cooccurrence_abuse_mental_health_substance
// purpose: Rule cooccurrence.abuse_mental_health_substance (graphdhr/rules/default.yaml): a victim or perpetrator
// for whom domestic abuse, mental ill-health and substance misuse were all recorded, with which agencies held which
// part. Co-occurrence only, never a score.
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, cooccurrence):
// - The parts, from rows with the person among their subjects: domestic abuse (`domestic_abuse` learned), mental
//   ill-health (`mental_ill_health`, `suicidality` or `self_harm`), substance misuse (`substance_misuse`); the two
//   health parts only from rows whose health facts are the person's (the health_of fragment: a row naming no other
//   victim or perpetrator).
// - Evidence: per part (in that order), each agency's first row for it. The finding names, for a victim, the first
//   perpetrator (by id) paired with him or her, and for a perpetrator the first victim.
// - only rows the analyses read are used (analysed: not the fatal incident, nor after the death); rows are ordered by earliest possible day, then event id.

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

// Each victim and perpetrator, with the rows about him or her that give a part.
MATCH (person:Person {case_id: c.case_id})
WHERE person.role = 'victim' OR person.role IN
  // include: perpetrator_roles
  ['perpetrator', 'alleged_perpetrator', 'co_accused']
  // end include: perpetrator_roles
CALL (c, person) {
  MATCH (e:Event {case_id: c.case_id})-[:CONCERNS]->(person)
  WHERE e.analysed
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
  WITH c, person, e, coalesce(e.learned, []) AS learned, ev,
       {subjects: COLLECT { MATCH (e)-[:CONCERNS]->(q:Person) RETURN q.person_id }, health_of: e.health_of} AS x
  // Health is the person's own only on a row naming no other victim or perpetrator (the health_of fragment):
  // Percy's drinking on a row about the two of them is no substance misuse of Vera's.
  WITH e, learned, ev,
       coalesce(
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
         = person.person_id, false) AS own_health
  ORDER BY e.date_start, e.event_id
  RETURN collect({abuse: 'domestic_abuse' IN learned,
                  mental_health: own_health
                                 AND any(f IN learned WHERE f IN ['mental_ill_health', 'suicidality', 'self_harm']),
                  substance: own_health AND 'substance_misuse' IN learned,
                  ev: ev}) AS rows
}
WITH c, pairs, person, [x IN rows WHERE x.abuse | x.ev] AS abuse,
     [x IN rows WHERE x.mental_health | x.ev] AS mental_health, [x IN rows WHERE x.substance | x.ev] AS substance
WHERE size(abuse) > 0 AND size(mental_health) > 0 AND size(substance) > 0

// Each agency's first row per part.
WITH c, pairs, person, abuse, mental_health, substance,
     [i IN range(0, size(abuse) - 1)
      WHERE NOT abuse[i].agency_id IN [x IN abuse[0..i] | x.agency_id] | abuse[i]] AS abuse_first,
     [i IN range(0, size(mental_health) - 1)
      WHERE NOT mental_health[i].agency_id IN [x IN mental_health[0..i] | x.agency_id] | mental_health[i]] AS mh_first,
     [i IN range(0, size(substance) - 1)
      WHERE NOT substance[i].agency_id IN [x IN substance[0..i] | x.agency_id] | substance[i]] AS substance_first
WITH c, pairs, person, abuse + mental_health + substance AS involved,
     [x IN abuse_first | x {.*, note: 'domestic abuse'}]
     + [x IN mh_first | x {.*, note: 'mental ill-health'}]
     + [x IN substance_first | x {.*, note: 'substance misuse'}] AS evidence,
     COLLECT { UNWIND abuse AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS abuse_agencies,
     COLLECT { UNWIND mental_health AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS mh_agencies,
     COLLECT { UNWIND substance AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS substance_agencies
RETURN c.case_id AS case_id, 'cooccurrence.abuse_mental_health_substance' AS rule_id,
       CASE WHEN person.role = 'victim' THEN person.person_id
            ELSE head([x IN pairs WHERE x.perpetrator = person.person_id | x.victim]) END AS victim_id,
       CASE WHEN person.role = 'victim' THEN head([x IN pairs WHERE x.victim = person.person_id | x.perpetrator])
            ELSE person.person_id END AS perpetrator_id,
       COLLECT { UNWIND involved AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS agency_ids,
       reduce(m = involved[0].date_start, x IN involved | CASE WHEN x.date_start < m THEN x.date_start ELSE m END)
         AS window_start,
       reduce(m = involved[0].date_end, x IN involved | CASE WHEN x.date_end > m THEN x.date_end ELSE m END)
         AS window_end,
       evidence,
       {person: person.person_id, abuse: abuse_agencies, mental_health: mh_agencies, substance: substance_agencies}
         AS facts
ORDER BY case_id, person.person_id
