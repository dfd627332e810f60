// name: schema
// kind: schema
// purpose: Constraints and indexes of the graphdhr graph model (docs/graph-model.md). graphdhr runs this before
// it writes anything; every statement is IF NOT EXISTS, so running it again changes nothing. Every node is keyed
// by its case_id and its own id, so many cases live in one database; the case_id indexes make case-scoped
// queries index seeks. The full-text index over a row's free text (details, action, comment) serves
// search_events.
// requires: Neo4j 5.26 or later
// columns:
CREATE CONSTRAINT case_key IF NOT EXISTS FOR (n:Case) REQUIRE n.case_id IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE (n.case_id, n.person_id) IS UNIQUE;
CREATE CONSTRAINT alias_key IF NOT EXISTS FOR (n:Alias) REQUIRE (n.case_id, n.name) IS UNIQUE;
CREATE CONSTRAINT agency_key IF NOT EXISTS FOR (n:Agency) REQUIRE (n.case_id, n.agency_id) IS UNIQUE;
CREATE CONSTRAINT forum_key IF NOT EXISTS FOR (n:Forum) REQUIRE (n.case_id, n.forum_id) IS UNIQUE;
CREATE CONSTRAINT event_key IF NOT EXISTS FOR (n:Event) REQUIRE (n.case_id, n.event_id) IS UNIQUE;
CREATE INDEX person_case IF NOT EXISTS FOR (n:Person) ON (n.case_id);
CREATE INDEX alias_case IF NOT EXISTS FOR (n:Alias) ON (n.case_id);
CREATE INDEX agency_case IF NOT EXISTS FOR (n:Agency) ON (n.case_id);
CREATE INDEX forum_case IF NOT EXISTS FOR (n:Forum) ON (n.case_id);
CREATE INDEX event_case IF NOT EXISTS FOR (n:Event) ON (n.case_id);
CREATE INDEX event_case_type IF NOT EXISTS FOR (n:Event) ON (n.case_id, n.event_type);
CREATE CONSTRAINT finding_key IF NOT EXISTS FOR (n:Finding) REQUIRE (n.case_id, n.finding_id) IS UNIQUE;
CREATE INDEX finding_case IF NOT EXISTS FOR (n:Finding) ON (n.case_id);
CREATE INDEX finding_rule IF NOT EXISTS FOR (n:Finding) ON (n.rule_id);
CREATE FULLTEXT INDEX event_text IF NOT EXISTS FOR (n:Event) ON EACH [n.details, n.action, n.comment];
