// fragment: cited_row
// For a chronology row `e`: its recipients (`to`, `to_agencies`, the recipients fragment) and `ev`, its evidence
// map (the evidence fragment), keeping every variable already bound.
// include: recipients
WITH *,
     // include: evidence
     AS ev
