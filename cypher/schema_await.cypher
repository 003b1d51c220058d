// Wait until every index is online (after tracker.schema.install created any).
// Parameters: $timeout (seconds).
CALL db.awaitIndexes($timeout)
