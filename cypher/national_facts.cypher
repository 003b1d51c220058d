// The facts tracker.trace.coverage needs for every satker of one year at once (the dashboard's
// national page: statuses per satker). Same shape as coverage_facts, minus texts and
// evidence a national view does not show; uids carry the satker, so one pass computes all.
// The roll-up of budget per IKP code has its own, lighter query (national_rollup).
// Parameters: $year (int).
// One row: programs, kegiatan, outputs, ios, ikks, ikps, links (lists of maps).
CALL () {
  MATCH (p:Program {year: $year})
  RETURN collect(p {.uid, .code, .satker, .jumlah}) AS programs
}
CALL () {
  MATCH (k:Kegiatan {year: $year})-[:FUNDS]->(p:Program)
  RETURN collect(k {.uid, .code, .jumlah, parent: p.uid}) AS kegiatan
}
CALL () {
  MATCH (o:Output {year: $year})-[:FUNDS]->(k:Kegiatan)
  RETURN collect(o {.uid, .code, .jumlah, parent: k.uid}) AS outputs
}
CALL () {
  MATCH (o:Output {year: $year})-[:HAS_INDICATOR]->(i:IndikatorOutput)
  RETURN collect(i {.uid, parent: o.uid}) AS ios
}
CALL () {
  MATCH (k:Kegiatan {year: $year})-[:HAS_INDICATOR]->(i:IndikatorKinerjaKegiatan)
  RETURN collect(i {.uid, parent: k.uid}) AS ikks
}
CALL () {
  MATCH (p:Program {year: $year})-[:HAS_SASARAN]->(:SasaranProgram)
        -[:HAS_INDICATOR]->(i:IndikatorKinerjaProgram)
  RETURN collect(i {.uid, .code, .seq, .text, .satker, parent: p.uid}) AS ikps
}
CALL () {
  MATCH (a:Indikator {year: $year})-[r:SERVES]->(b:Indikator)
  WHERE r.status <> 'rejected'
  RETURN collect(r {source: a.uid, target: b.uid, .status}) AS links
}
RETURN programs, kegiatan, outputs, ios, ikks, ikps, links
