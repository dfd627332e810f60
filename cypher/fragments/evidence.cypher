// fragment: evidence
// The evidence map of one chronology row `e`, as every analysis and rule cites it: event_id, agency_id,
// date_start, date_end, date_precision, date_label (the words a range or open date was written in, else null),
// source_ref, and `to` (from the recipients fragment). An expression.
{event_id: e.event_id, agency_id: e.agency_id, date_start: e.date_start, date_end: e.date_end,
 date_precision: e.date_precision, date_label: e.date_label, source_ref: e.source_ref, to: to}
