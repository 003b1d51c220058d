// Nasional, by year: for every budget year, how many satkers filed, the Jumlah their outputs
// add up to, and how much of it serves an IKK through a link that is not rejected (the
// by-year chart of the national page). Reduced next to the data: one row per year. A satker
// with only a kertas kerja workbook counts too: its ROs' Jumlah is in the year's sum.
// Parameters: none. Rows: year, satkers, jumlah, jumlah_linked.
MATCH (r:Rka|KertasKerja {current: true})
WITH r.year AS year, count(DISTINCT r.satker) AS satkers
CALL (year) {
  MATCH (o:Output {year: year})
  WITH o, EXISTS {
         MATCH (o)-[:HAS_INDICATOR]->(:IndikatorOutput)-[s:SERVES]->(:IndikatorKinerjaKegiatan)
         WHERE s.status <> 'rejected'
       } AS linked
  RETURN coalesce(sum(o.jumlah), 0) AS jumlah,
         coalesce(sum(CASE WHEN linked THEN o.jumlah ELSE 0 END), 0) AS jumlah_linked
}
RETURN year, satkers, jumlah, jumlah_linked
ORDER BY year
