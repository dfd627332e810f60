// fragment: new_information_types
// The event types by which an agency learns something new of its own (graphdhr/vocab.py NEW_INFORMATION_TYPES; a
// test holds the two equal): a row of any other type can be a told row. An expression.
['incident', 'disclosure']
