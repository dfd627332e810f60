// fragment: incident_key
// The incident key of one chronology row `e` (graphdhr/engines/embedded_rules.py, module docstring): its `incident`
// label when the chair gave one, else the smallest event id among `e` and the rows its SAME_EVENT_AS links join it
// to, however many links apart (one event recorded by two agencies; docs/rules.md, "Events recorded twice"), so
// that rows of several agencies about one incident count once. An expression.
CASE WHEN coalesce(e.incident, '') = '' THEN
  COLLECT { MATCH (e)-[:SAME_EVENT_AS*0..]-(linked:Event) RETURN linked.event_id AS linked_id
             ORDER BY linked_id LIMIT 1 }[0]
ELSE e.incident END
