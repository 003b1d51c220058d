// Wait until every index is online (after tracker.graph.schema.install created any).
// Parameters: $timeout (seconds).
CALL db.awaitIndexes($timeout)
