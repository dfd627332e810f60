// fragment: reached_outcomes
// The referral outcomes that mean a referral reached its agency or forum (graphdhr/vocab.py REACHED_OUTCOMES; a
// test holds the two equal): only such a referral passes knowledge on or answers a rule. An expression.
['unknown', 'accepted', 'heard']
