// fragment: not_made_outcomes
// The referral outcomes that mean no referral was made: only considered, or offered and not taken up
// (graphdhr/vocab.py NOT_MADE_OUTCOMES; a test holds the two equal). An expression.
['considered_not_made', 'offered_not_taken_up']
