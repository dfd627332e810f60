// fragment: not_reached_outcomes
// The referral outcomes of a referral made that did not reach its recipient: declined, not progressed, withdrawn
// (graphdhr/vocab.py NOT_REACHED_OUTCOMES; a test holds the two equal). An expression.
['declined', 'not_progressed', 'withdrawn']
