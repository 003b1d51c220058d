// Start loading kertas kerja workbooks: make sure each one's Satker exists (filling in a new
// one from the workbook's header; a Bagian A's header, which says more, is never overwritten),
// which write-locks it as load_lock_state does, so a workbook and a Bagian A of the same
// satker queue up. Then answer: which workbook versions are on record, and does the
// satker-year have a current Bagian A (its outputs, for the join)?
// Parameters: $keys (list of {satker: map of Satker properties with `code`, year: int}).
// Returns one row per key: satker, year, versions (list of {uid, revision, content_hash,
//   current}, oldest first), rka (uid of the current Bagian A, or null), codes and jumlah (its
//   outputs, from the Rka's snapshot lists).
UNWIND $keys AS key
MERGE (s:Satker {code: key.satker.code})
SET s.code = key.satker.code
FOREACH (_ IN CASE WHEN s.name IS NULL THEN [1] ELSE [] END | SET s += key.satker)
WITH s, key
CALL (s, key) {
  OPTIONAL MATCH (s)-[:FILED]->(w:KertasKerja {year: key.year})
  WITH w ORDER BY w.revision
  RETURN collect(w {.uid, .revision, .content_hash, .current}) AS versions
}
CALL (s, key) {
  OPTIONAL MATCH (s)-[:FILED]->(r:Rka {year: key.year, current: true})
  RETURN r.uid AS rka, coalesce(r.output_codes, []) AS codes,
         coalesce(r.output_jumlah, []) AS jumlah
}
RETURN key.satker.code AS satker, key.year AS year, versions, rka, codes, jumlah
