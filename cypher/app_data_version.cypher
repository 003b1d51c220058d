// Dashboard: a cheap fingerprint of what the cached answers depend on, read on every rerun, so
// a load or a link decision made outside this app (the CLI, another app server) clears the
// caches at once instead of after their TTL. Parameters: none.
// One row: documents, last_load, decisions, last_decision.
CALL () {
  MATCH (r:Rka)
  RETURN count(r) AS documents, max(r.loaded_at) AS last_load
}
CALL () {
  MATCH (d:LinkDecision)
  RETURN count(d) AS decisions, max(d.decided_at) AS last_decision
}
RETURN documents, last_load, decisions, last_decision
