// Dashboard: a cheap fingerprint of what the cached answers depend on, read on every rerun, so
// a load or a link decision made outside this app (the CLI, another app server) clears the
// caches at once instead of after their TTL. Parameters: none.
// One row: documents, last_load, decisions, last_decision, realisations (issue 13).
CALL () {
  MATCH (r:Rka|KertasKerja)
  RETURN count(r) AS documents, max(r.loaded_at) AS last_load
}
CALL () {
  MATCH (d:LinkDecision)
  RETURN count(d) AS decisions, max(d.decided_at) AS last_decision
}
CALL () {
  MATCH (x:Realisasi)
  RETURN count(x) AS realisations
}
RETURN documents, last_load, decisions, last_decision, realisations
