// Record document versions, each as the current Rka of its satker-year, with its findings.
// Earlier versions stay on record, no longer current. Overwriting an Rka in place (--replace)
// replaces all its properties and findings.
// Parameters: $records (list of {satker: code, year: int, rka: map of Rka properties with
//   `uid`, findings: list of maps of Finding properties with `uid`}).
UNWIND $records AS rec
MATCH (s:Satker {code: rec.satker})
CALL (s, rec) {
  MATCH (s)-[:FILED]->(old:Rka {year: rec.year, current: true})
  WHERE old.uid <> rec.rka.uid
  SET old.current = false
}
MERGE (r:Rka {uid: rec.rka.uid})
SET r = rec.rka
MERGE (s)-[:FILED]->(r)
WITH r, rec
CALL (r) {
  MATCH (r)-[:HAS_FINDING]->(stale:Finding)
  DETACH DELETE stale
}
CALL (r, rec) {
  UNWIND rec.findings AS f
  CREATE (r)-[:HAS_FINDING]->(finding:Finding)
  SET finding = f
}
