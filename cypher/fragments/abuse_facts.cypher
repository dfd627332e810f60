// fragment: abuse_facts
// The `learned` facts about what was done to someone (graphdhr/vocab.py ABUSE_FACTS; a test holds the two equal):
// held knowledge names who did it to whom. An expression.
['coercive_control', 'threats_to_kill', 'strangulation', 'stalking', 'harassment', 'threats', 'weapon']
