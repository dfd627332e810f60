// fragment: pair_list
// The victim-perpetrator pairs of case `c` (the pairs fragment) as one list, `pairs`, of maps {victim, perpetrator}
// ordered by victim then perpetrator; an empty list when the case has none.
CALL (c) {
  // include: pairs
  WITH victim, perpetrator
  ORDER BY victim, perpetrator
  RETURN collect({victim: victim, perpetrator: perpetrator}) AS pairs
}
