// Record kertas kerja versions, each as the current KertasKerja of its satker-year, with its
// findings (the reader's and the join's). Earlier versions stay on record, no longer current;
// overwriting one in place (--replace) replaces its properties and findings.
// Parameters: $records (list of {satker: code, year: int, kk: map of KertasKerja properties
//   with `uid`, findings: list of maps of Finding properties with `uid`}).
UNWIND $records AS rec
MATCH (s:Satker {code: rec.satker})
CALL (s, rec) {
  MATCH (s)-[:FILED]->(old:KertasKerja {year: rec.year, current: true})
  WHERE old.uid <> rec.kk.uid
  SET old.current = false
}
MERGE (w:KertasKerja {uid: rec.kk.uid})
SET w = rec.kk
MERGE (s)-[:FILED]->(w)
WITH w, rec
CALL (w) {
  MATCH (w)-[:HAS_FINDING]->(stale:Finding)
  DETACH DELETE stale
}
CALL (w, rec) {
  UNWIND rec.findings AS f
  CREATE (w)-[:HAS_FINDING]->(finding:Finding)
  SET finding = f
}
