// fragment: holders
// For each row `x` of `events` (after the knowledge fragment), each agency that knew something by it, as `holder`
// {agency_id, topics}: the row's own agency the topics its own `learned` column gives; each other agency it names
// the topics it carries.
UNWIND events AS x
UNWIND [{agency_id: x.agency_id, topics: x.topics}]
       + [a IN x.to_agencies WHERE a <> x.agency_id | {agency_id: a, topics: x.carries}] AS holder
