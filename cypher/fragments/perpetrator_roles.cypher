// fragment: perpetrator_roles
// The roles paired with a victim (graphdhr/vocab.py PERPETRATOR_ROLES; a test holds the two equal): the
// perpetrator, an alleged perpetrator, a co-accused. An expression.
['perpetrator', 'alleged_perpetrator', 'co_accused']
