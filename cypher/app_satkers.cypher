// Dashboard: the satkers with a current document for a year (satker picker, national list),
// each with its computed Jumlah (the sum of its outputs' Jumlah: stated totals do not always
// reconcile, and ranking satkers by a misprinted total misleads) and the Jumlah its
// document states, so a page can flag the difference.
// Parameters: $year (int).
// Rows: satker, name, province, location, jumlah (computed), stated_jumlah.
MATCH (s:Satker)-[:FILED]->(r:Rka {year: $year, current: true})
CALL (s) {
  MATCH (o:Output {satker: s.code, year: $year})
  RETURN coalesce(sum(o.jumlah), 0) AS jumlah
}
RETURN s.code AS satker, s.name AS name, s.province_name AS province,
       s.location_name AS location, jumlah, r.total_jumlah AS stated_jumlah
ORDER BY satker
