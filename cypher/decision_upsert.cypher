// Record people's link decisions (confirm, reject, add), one LinkDecision node per pair of
// indicator ends. A decision already in the graph is only replaced by a later one, so
// importing an old file never undoes a newer decision.
// Parameters: $decisions (list of maps holding every LinkDecision property; decided_at a
//   datetime). Returns: written (decisions created or replaced), kept (newer one kept).
UNWIND $decisions AS d
MERGE (n:LinkDecision {uid: d.uid})
WITH n, d, n.decided_at IS NULL OR n.decided_at <= d.decided_at AS newer
CALL (n, d, newer) {
  WITH n, d WHERE newer
  SET n = d
}
RETURN count(CASE WHEN newer THEN 1 END) AS written, count(CASE WHEN NOT newer THEN 1 END) AS kept
