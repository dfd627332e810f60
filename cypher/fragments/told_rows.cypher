// fragment: told_rows
// The event ids of the case `c`'s told rows (graphdhr/recorded_twice.py told_rows; docs/rules.md, "Told rows"): a
// row of an agency that records what another agency had already told it. Its type brings no new information (not
// an incident or disclosure: graphdhr/vocab.py NEW_INFORMATION_TYPES), it learned the abuse or the relationship
// (TOLD_TOPICS), and another agency's row that told this agency (a share, or a referral that reached it),
// certainly on or before this row's first possible day, concerned every person this row concerns and carried every
// one of those topics: its `learned` words, or when it has none, those of its agency's own rows on or before its
// first day about anyone it concerns (what a share with a blank `learned` carries for knowledge); abuse carried
// about two or more people carries their relationship. Such a row is not counted as an incident or disclosure, nor is it the agency's own
// knowledge for a silo. An expression.
COLLECT {
  MATCH (e:Event {case_id: c.case_id})
  WHERE NOT e.event_type IN
    // include: new_information_types
    // end include: new_information_types
    AND any(t IN
            // include: told_topics
            // end include: told_topics
            WHERE t IN coalesce(e.learned, []))
    AND EXISTS {
      MATCH (s:Event {case_id: c.case_id})-[k:SHARED_WITH|REFERRED_TO]->(:Agency {case_id: c.case_id, agency_id: e.agency_id})
      WHERE s.agency_id <> e.agency_id AND s.date_end <= e.date_start
        AND (k:SHARED_WITH OR k.outcome IN
          // include: reached_outcomes
          // end include: reached_outcomes
        )
        AND all(t IN
                // include: told_topics
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
                                     // end include: abuse_facts
                                   ))))
        AND NOT EXISTS { MATCH (e)-[:CONCERNS]->(q:Person) WHERE NOT (s)-[:CONCERNS]->(q) }
    }
  RETURN e.event_id
}
