// fragment: health_of
// Whose the health facts of a row are (graphdhr/vocab.py HEALTH_FACTS; CaseView.health_of in
// graphdhr/engines/graph.py): the person its `health_of` column names, else the one victim or perpetrator among its
// subjects, or null when it names none of them or more than one, since a row about the two of them ("Vera attended
// with Percy and spoke of wanting to die") does not say whose they are. An expression over `x` (a row map with
// `subjects` and `health_of`) and `c` (its case).
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
