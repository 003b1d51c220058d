// Antar tahun: one satker's years side by side. Per year with a current document: the Jumlah
// its outputs add up to and the Jumlah it states, how many IKP, IKK, outputs and IO it plans,
// and its links by status.
// Parameters: $satker (satker code).
// Rows: year, jumlah, stated_jumlah, ikp, ikk, outputs, io, confirmed, suggested, rejected.
MATCH (:Satker {code: $satker})-[:FILED]->(r:Rka {current: true})
CALL (r) {
  MATCH (o:Output {satker: $satker, year: r.year})
  RETURN coalesce(sum(o.jumlah), 0) AS jumlah, count(o) AS outputs
}
CALL (r) {
  MATCH (a:Plan {satker: $satker, year: r.year})-[l:SERVES]->()
  RETURN count(CASE WHEN l.status = 'confirmed' THEN 1 END) AS confirmed,
         count(CASE WHEN l.status = 'suggested' THEN 1 END) AS suggested,
         count(CASE WHEN l.status = 'rejected' THEN 1 END) AS rejected
}
RETURN r.year AS year, jumlah, r.total_jumlah AS stated_jumlah,
       COUNT { MATCH (:IndikatorKinerjaProgram {satker: $satker, year: r.year}) } AS ikp,
       COUNT { MATCH (:IndikatorKinerjaKegiatan {satker: $satker, year: r.year}) } AS ikk,
       outputs,
       COUNT { MATCH (:IndikatorOutput {satker: $satker, year: r.year}) } AS io,
       confirmed, suggested, rejected
ORDER BY year
