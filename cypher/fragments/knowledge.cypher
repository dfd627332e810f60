// fragment: knowledge
// What each row of `events` tells about one victim-perpetrator pair (docs/graph-model.md, "Topics" and "Being
// told"), after the events and pairs fragments. Adds to each row:
// - topics: what its own `learned` column gives its agency, where "abuse" is `domestic_abuse` or a fact of what
//   was done (the abuse_facts fragment; graphdhr/vocab.py ABUSE_WORDS), on a row that records no one outside the
//   pair as victim or perpetrator (the pair_roles fragment): `relationship` or abuse with both people as subjects
//   (knowing of abuse between them is knowing of their relationship); abuse with both as subjects
//   (abuse_by_perpetrator); `domestic_abuse` itself (a fact of what was done with no one named may not be
//   domestic) with the victim but not the perpetrator as subject and no one recorded as perpetrator, on a row whose latest possible day is on or after
//   the relationship's earliest possible start, or any row when no start is recorded (abuse_unattributed);
// - carries: what a share or reached referral passes to each agency it names: the topics its own `learned` column
//   gives, and the relationship when both people are subjects; when that column is blank and the victim or
//   perpetrator is a subject, every topic the sender's own rows gave it on or before the row's latest possible
//   day (a share whose order against the knowing row is uncertain may have carried it); nothing for a row that
//   told no one.
WITH c, victim, perpetrator, rel_from, [x IN events | x {.*, topics:
  [t IN ['relationship', 'abuse_by_perpetrator', 'abuse_unattributed'] WHERE CASE t
    WHEN 'relationship'
      THEN ('relationship' IN x.learned OR (any(w IN x.learned WHERE w = 'domestic_abuse' OR w IN
                  // include: abuse_facts
                  // end include: abuse_facts
                  ) AND
             // include: pair_roles
             // end include: pair_roles
           ))
           AND victim IN x.subjects AND perpetrator IN x.subjects
    WHEN 'abuse_by_perpetrator'
      THEN any(w IN x.learned WHERE w = 'domestic_abuse' OR w IN
                  // include: abuse_facts
                  // end include: abuse_facts
                  ) AND victim IN x.subjects AND perpetrator IN x.subjects AND
           // include: pair_roles
           // end include: pair_roles
    ELSE 'domestic_abuse' IN x.learned AND victim IN x.subjects AND NOT perpetrator IN x.subjects
         AND x.recorded_perpetrator IS NULL AND (rel_from IS NULL OR x.date_end >= rel_from) AND
         // include: pair_roles
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
