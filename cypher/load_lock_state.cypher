// Start loading a batch of documents: upsert each one's Satker (which write-locks that node,
// so two loads of the same satker queue up instead of racing for the same revision number),
// then answer "which versions of this satker-year are on record already?".
// Parameters: $keys (list of {satker: map of Satker properties with `code`, year: int}); no
//   satker-year appears twice.
// Returns one row per key: satker, year, versions (list of {uid, revision, content_hash,
//   current}, oldest revision first; empty on a first load).
UNWIND $keys AS key
MERGE (s:Satker {code: key.satker.code})
SET s += key.satker
WITH s, key
CALL (s, key) {
  OPTIONAL MATCH (s)-[:FILED]->(r:Rka {year: key.year})
  WITH r ORDER BY r.revision
  RETURN collect(r {.uid, .revision, .content_hash, .current}) AS versions
}
RETURN key.satker.code AS satker, key.year AS year, versions
