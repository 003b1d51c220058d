// Everything coverage needs about one satker-year, in one round trip: the money-bearing
// hierarchy (programs, kegiatan, outputs with Jumlah), the indicators at each level with the
// uid of what they belong to, and every SERVES link with its evidence. tracker.trace.coverage
// derives statuses, routes and budgets from these facts (see its docstring).
// Parameters: $satker (satker code), $year (int).
// One row: programs, kegiatan, outputs, ios, ikks, ikps, links (lists of maps).
CALL () {
  MATCH (p:Program {satker: $satker, year: $year})
  RETURN collect(p {.uid, .code, .name, .seq, .jumlah}) AS programs
}
CALL () {
  MATCH (k:Kegiatan {satker: $satker, year: $year})-[:FUNDS]->(p:Program)
  RETURN collect(k {.uid, .code, .name, .seq, .jumlah, parent: p.uid}) AS kegiatan
}
CALL () {
  MATCH (o:Output {satker: $satker, year: $year})-[:FUNDS]->(k:Kegiatan)
  RETURN collect(o {.uid, .code, .name, .seq, .jumlah, parent: k.uid}) AS outputs
}
CALL () {
  MATCH (o:Output {satker: $satker, year: $year})-[:HAS_INDICATOR]->(i:IndikatorOutput)
  RETURN collect(i {.uid, .code, .seq, .text, parent: o.uid}) AS ios
}
CALL () {
  MATCH (k:Kegiatan {satker: $satker, year: $year})-[:HAS_INDICATOR]->(i:IndikatorKinerjaKegiatan)
  RETURN collect(i {.uid, .code, .seq, .text, parent: k.uid}) AS ikks
}
CALL () {
  MATCH (p:Program {satker: $satker, year: $year})-[:HAS_SASARAN]->(s:SasaranProgram)
        -[:HAS_INDICATOR]->(i:IndikatorKinerjaProgram)
  RETURN collect(i {.uid, .code, .seq, .text, parent: p.uid, sasaran: s.code, sasaran_seq: s.seq})
         AS ikps
}
CALL () {
  MATCH (a:Plan {satker: $satker, year: $year})-[r:SERVES]->(b:Indikator)
  RETURN collect(r {.*, source: a.uid, target: b.uid}) AS links
}
RETURN programs, kegiatan, outputs, ios, ikks, ikps, links
