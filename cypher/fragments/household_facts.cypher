// fragment: household_facts
// The `learned` facts that say who lives in the household, not something of concern about the person
// (graphdhr/vocab.py HOUSEHOLD_FACTS; a test holds the two equal). An expression.
['child_in_household']
