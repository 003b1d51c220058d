// Antar tahun: one satker's years side by side. Per year with a current document: the Jumlah
// its outputs add up to and the Jumlah it states, how many IKP, IKK, outputs and IO it plans,
// and its links by status. A year with only a kertas kerja workbook (no Bagian A yet) is a
// row too, with bagian_a false: its outputs are the workbook's ROs, its stated Jumlah the
// workbook's, and it plans no indicator.
// Parameters: $satker (satker code).
// Rows: year, jumlah, stated_jumlah, ikp, ikk, outputs, io, confirmed, suggested, rejected,
//   bagian_a.
MATCH (:Satker {code: $satker})-[:FILED]->(d:Rka|KertasKerja {current: true})
WITH d.year AS year, collect(d) AS docs
WITH year, [d IN docs WHERE d:Rka][0] AS a, [d IN docs WHERE d:KertasKerja][0] AS w
WITH {year: year, total_jumlah: coalesce(a, w).total_jumlah, bagian_a: a IS NOT NULL} AS r
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
       confirmed, suggested, rejected, r.bagian_a AS bagian_a
ORDER BY year
