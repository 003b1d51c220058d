// The national review queue: links of a status (usually 'suggested') across every satker-year,
// grouped by their pair of raw texts under the same owner codes, with how many satker-years
// hold the pair and the Jumlah behind it (the outputs' Jumlah for IO -> IKK; for IKK -> IKP the
// sum of the kegiatan's outputs, not its stated Jumlah, which may not reconcile; each output or
// kegiatan counted once per pair). tracker.trace.review merges
// groups whose texts are equal once normalized and ranks them by Jumlah.
// Parameters: $status (link status), $year (int, or null for every year).
// Rows: source_level, source_owner, source_text, target_owner, target_code, target_text,
//   keys (list of {satker, year}), jumlah, score (best), method, reason, example ({satker,
//   year, source, target}: indicator uids of one satker-year holding it).
CALL () {
  MATCH (o:Output)-[:HAS_INDICATOR]->(a:IndikatorOutput)-[r:SERVES {status: $status}]
        ->(b:IndikatorKinerjaKegiatan)<-[:HAS_INDICATOR]-(k:Kegiatan)
  WHERE $year IS NULL OR a.year = $year
  RETURN 'output' AS source_level, o.code AS source_owner, a.text AS source_text,
         k.code AS target_owner, b.code AS target_code, b.text AS target_text, o AS owner,
         a, b, r
  UNION ALL
  MATCH (k:Kegiatan)-[:HAS_INDICATOR]->(a:IndikatorKinerjaKegiatan)-[r:SERVES {status: $status}]
        ->(b:IndikatorKinerjaProgram)<-[:HAS_INDICATOR]-(:SasaranProgram)<-[:HAS_SASARAN]-(p:Program)
  WHERE $year IS NULL OR a.year = $year
  RETURN 'kegiatan' AS source_level, k.code AS source_owner, a.text AS source_text,
         p.code AS target_owner, b.code AS target_code, b.text AS target_text, k AS owner,
         a, b, r
}
WITH source_level, source_owner, source_text, target_owner, target_code, target_text,
     owner, collect({satker: a.satker, year: a.year, source: a.uid, target: b.uid}) AS ends,
     max(r.score) AS score, head(collect(r.method)) AS method, head(collect(r.reason)) AS reason
WITH source_level, source_owner, source_text, target_owner, target_code, target_text, ends,
     score, method, reason,
     CASE source_level
       WHEN 'kegiatan' THEN reduce(s = 0, j IN COLLECT {
         MATCH (o:Output)-[:FUNDS]->(owner) RETURN coalesce(o.jumlah, 0)
       } | s + j)
       ELSE coalesce(owner.jumlah, 0)
     END AS owner_jumlah
WITH source_level, source_owner, source_text, target_owner, target_code, target_text,
     collect(ends[0]) AS ends, sum(owner_jumlah) AS jumlah, max(score) AS score,
     head(collect(method)) AS method, head(collect(reason)) AS reason
RETURN source_level, source_owner, source_text, target_owner, target_code, target_text,
       [e IN ends | {satker: e.satker, year: e.year}] AS keys, jumlah, score, method, reason,
       ends[0] AS example
ORDER BY jumlah DESC
