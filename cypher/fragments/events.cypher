// fragment: events
// The case's chronology rows as the analyses read them (docs/graph-model.md, "What the analyses read"), bound to
// `events`: rows of event type fatal_incident, and rows certainly after the death (earliest day after the death's
// latest day), are left out; rows are in date order (earliest possible day, then event id). Each is a map of
// - event_id, agency_id, date_start, date_end, event_type, incident, risk_tool, risk_score, risk_level,
//   recorded_victim, recorded_perpetrator;
// - learned (the row's `learned` list, empty when blank) and subjects (the people it concerns);
// - key: the incident key (the incident_key fragment): the chair's `incident` label, else the smallest event id
//   of the row and the rows linked to it as one event recorded twice;
// - marac: the row is a MARAC referral (REFERRED_TO a forum of type marac) that reached it;
// - to, to_agencies (the recipients fragment) and evidence (the evidence fragment).
CALL (c) {
  MATCH (e:Event {case_id: c.case_id})
  WHERE e.analysed
  // include: recipients
  WITH e, to, to_agencies,
       // include: incident_key
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
                   },
    to: to, to_agencies: to_agencies,
    evidence:
      // include: evidence
  }) AS events
}
