// fragment: health_facts
// Facts about one person's own health (graphdhr/vocab.py HEALTH_FACTS; a test holds the two equal). An expression.
['mental_ill_health', 'suicidality', 'self_harm', 'substance_misuse']
