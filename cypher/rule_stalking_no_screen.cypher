// name: rule_stalking_no_screen
// purpose: Rule stalking.no_screen: per victim-perpetrator pair, a separation recorded (`separation` learned, on a
// row about either of them), then, certainly after it (earliest day after the separation row's latest day) and
// certainly within $window_months calendar months of its earliest day, a row about the victim with `harassment` or
// `stalking` learned, by an agency of the $assessing_sectors, with no stalking screen by that agency about the
// victim possibly dated (its days overlapping the window) from the row's earliest day to $days days after its latest day, or tied to the same
// incident by its label. A stalking screen is a row with stalking_screen `asked`, or a risk assessment (a risk
// level or score, or event type risk_assessment; a DASH asks the stalking questions) whose stalking_screen is not
// `not_asked`. One row per pair and agency, citing the separations and the rows not screened (Homicide Timeline
// stages 4 and 5; stalking screening questions, DASH's or S-DASH).
// case_id: null runs it on every case loaded.
// requires: Neo4j 5.26 or later (scoped CALL (x) { } subqueries, COLLECT subqueries); paste the whole file
// into Neo4j Browser: it runs the :param lines, then the query.
// columns: case_id, rule_id, victim_id, perpetrator_id, agency_ids, window_start, window_end, evidence, facts
:param case_id => 'lottie';
:param assessing_sectors => ['police', 'probation', 'domestic_abuse_service', 'housing', 'mental_health', 'acute_hospital', 'gp', 'urgent_care', 'adult_social_care', 'childrens_social_care', 'substance_misuse', 'victim_support'];
:param window_months => 12;
:param days => 28;

// include: case_scope
UNWIND (CASE WHEN $case_id IS NULL THEN COLLECT { MATCH (x:Case) RETURN x.case_id } ELSE [$case_id] END) AS case_key
MATCH (c:Case {case_id: case_key})
// end include: case_scope

// Definitions (graphdhr/engines/embedded_rules.py, no_stalking_screen): the rows read are those of the events
// fragment (the fatal incident and rows after the death left out), in date order; a row's separations are every
// separation it follows as above, and the finding cites each separation some row not screened follows.

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

// Which agencies assess risk, and which rows screened for stalking.
WITH c, events,
     COLLECT { MATCH (a:Agency {case_id: c.case_id}) WHERE a.sector IN $assessing_sectors RETURN a.agency_id }
       AS assessing,
     COLLECT { MATCH (e:Event {case_id: c.case_id, stalking_screen: 'asked'}) RETURN e.event_id } AS asked,
     COLLECT { MATCH (e:Event {case_id: c.case_id, stalking_screen: 'not_asked'}) RETURN e.event_id } AS not_asked
WITH c, assessing, [x IN events | x {.*, screen: x.event_id IN asked
  OR ((x.risk_level IS NOT NULL OR x.risk_score IS NOT NULL OR x.event_type = 'risk_assessment')
      AND NOT x.event_id IN not_asked)}] AS events

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

WITH c, assessing, events, victim, perpetrator,
     [s IN events WHERE 'separation' IN s.learned AND (victim IN s.subjects OR perpetrator IN s.subjects)]
       AS separations
// The victim's rows of harassment or stalking by agencies that assess risk, each with the separations it follows.
WITH c, events, victim, perpetrator,
     [x IN events WHERE any(m IN ['harassment', 'stalking'] WHERE m IN x.learned) AND victim IN x.subjects
                        AND x.agency_id IN assessing
        | x {.*, after: [s IN separations WHERE s.date_end < x.date_start
                                              AND x.date_end <= s.date_start + duration({months: $window_months})]}]
       AS rows
// Those that follow a separation and that no stalking screen of the agency's own about the victim answered.
WITH c, victim, perpetrator,
     [x IN rows WHERE size(x.after) > 0
        AND NOT any(s IN events WHERE s.agency_id = x.agency_id AND victim IN s.subjects AND s.screen
                                      AND ((s.date_end >= x.date_start
                                            AND s.date_start <= x.date_end + duration({days: $days}))
                                           OR coalesce(x.incident <> '' AND s.incident = x.incident, false)))]
       AS unscreened
UNWIND COLLECT { UNWIND unscreened AS x RETURN DISTINCT x.agency_id AS a ORDER BY a } AS agency_id
WITH c, victim, perpetrator, agency_id, [x IN unscreened WHERE x.agency_id = agency_id] AS missed
WITH c, victim, perpetrator, agency_id, missed,
     COLLECT { UNWIND missed AS x UNWIND x.after AS s
               WITH DISTINCT s ORDER BY s.date_start, s.event_id RETURN s } AS seps
RETURN c.case_id AS case_id, 'stalking.no_screen' AS rule_id, victim AS victim_id, perpetrator AS perpetrator_id,
       [agency_id] AS agency_ids, seps[0].date_start AS window_start,
       COLLECT { UNWIND missed AS x RETURN x.date_end AS last ORDER BY last DESC }[0] AS window_end,
       [ev IN [s IN seps | s.evidence] | ev {.*, note: 'separation'}]
       + [ev IN [x IN missed | x.evidence] | ev {.*, note: 'harassment or stalking, not screened'}] AS evidence,
       {separated_event: seps[0].event_id, separations: size(seps), rows: size(missed),
        markers: [m IN ['harassment', 'stalking'] WHERE any(x IN missed WHERE m IN x.learned)]} AS facts
