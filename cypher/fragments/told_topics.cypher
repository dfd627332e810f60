// fragment: told_topics
// The `learned` words a told row must have been told of (graphdhr/vocab.py TOLD_TOPICS; a test holds the two
// equal). An expression.
['domestic_abuse', 'relationship']
