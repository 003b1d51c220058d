// Dashboard: the satkers with a current document for a year (satker picker, national list),
// each with its computed Jumlah (the sum of its outputs' Jumlah: stated totals do not always
// reconcile, and ranking satkers by a misprinted total misleads) and the Jumlah its
// document states, so a page can flag the difference. A satker-year that has only a kertas
// kerja workbook (its Bagian A not loaded yet) is listed too, with bagian_a false: its plan
// is the workbook's bare one (ROs serving no indicator), and its stated Jumlah the workbook's.
// Parameters: $year (int).
// Rows: satker, name, province, location, jumlah (computed), stated_jumlah, bagian_a (bool).
MATCH (s:Satker)-[:FILED]->(d:Rka|KertasKerja {year: $year, current: true})
WITH s, collect(d) AS docs
WITH s, [d IN docs WHERE d:Rka][0] AS r, [d IN docs WHERE d:KertasKerja][0] AS w
CALL (s) {
  MATCH (o:Output {satker: s.code, year: $year})
  RETURN coalesce(sum(o.jumlah), 0) AS jumlah
}
RETURN s.code AS satker, s.name AS name, s.province_name AS province,
       s.location_name AS location, jumlah,
       CASE WHEN r IS NULL THEN w.total_jumlah ELSE r.total_jumlah END AS stated_jumlah,
       r IS NOT NULL AS bagian_a
ORDER BY satker
