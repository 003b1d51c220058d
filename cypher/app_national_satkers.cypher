// Dashboard Nasional: for every satker of one year, how its IKK are served and how much of its
// outputs' Jumlah serves an indicator through a link, reduced next to the data (a few rows
// per satker cross the wire, not its whole plan). The IKK rule is tracker.trace.coverage's: an IKK
// is `covered` when a funded output's IO has a confirmed link to it, `suggested` when only
// suggested links reach it, `structural` when none does but its kegiatan has funded outputs,
// else `uncovered` (tests/test_app.py checks the two agree). IKP statuses come from
// national_rollup.cypher via tracker.trace.coverage.ikp_from_chains.
// Parameters: $year (int).
// Rows: satker, ikk (list of {status, n}), outputs_jumlah, linked_jumlah.
CALL () {
  MATCH (k:Kegiatan {year: $year})-[:HAS_INDICATOR]->(i:IndikatorKinerjaKegiatan)
  WITH k, i,
       EXISTS { MATCH (o:Output)-[:FUNDS]->(k) WHERE o.jumlah > 0 } AS funded,
       [(o:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[s:SERVES]->(i)
        WHERE s.status <> 'rejected' AND o.jumlah > 0 | s.status] AS links
  WITH k.satker AS satker,
       CASE
         WHEN 'confirmed' IN links THEN 'covered'
         WHEN size(links) > 0 THEN 'suggested'
         WHEN funded THEN 'structural'
         ELSE 'uncovered'
       END AS status
  WITH satker, status, count(*) AS n
  RETURN satker, collect({status: status, n: n}) AS ikk
}
CALL (satker) {
  MATCH (o:Output {satker: satker, year: $year})
  WITH o, EXISTS {
         MATCH (o)-[:HAS_INDICATOR]->(:IndikatorOutput)-[s:SERVES]->(:IndikatorKinerjaKegiatan)
         WHERE s.status <> 'rejected'
       } AS linked
  RETURN coalesce(sum(o.jumlah), 0) AS outputs_jumlah,
         coalesce(sum(CASE WHEN linked THEN o.jumlah ELSE 0 END), 0) AS linked_jumlah
}
RETURN satker, ikk, outputs_jumlah, linked_jumlah
ORDER BY satker
