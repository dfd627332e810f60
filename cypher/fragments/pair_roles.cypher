// fragment: pair_roles
// Whether the abuse row `x` records can be abuse between the pair `victim` and `perpetrator`: it records no one
// outside the pair as the victim or the perpetrator (graphdhr/engines/graph.py roles_within_pair). An adult son
// recorded as the perpetrator, or a new partner recorded as the victim, makes it abuse of or by someone else.
// An expression.
all(q IN [x.recorded_victim, x.recorded_perpetrator] WHERE q IS NULL OR q IN [victim, perpetrator])
