// Outputs whose realisation to date is above their pagu (Jumlah), in some satker-years:
// accepted on load, and reported as findings (tracker.measure.loader.above_pagu).
// Parameters: $keys (list of {satker, year}).
// One row per such output: satker, year, code, pagu, realisasi.
UNWIND $keys AS key
MATCH (x:Realisasi {satker: key.satker, year: key.year})
WITH key, x.code AS code, sum(coalesce(x.realisasi, 0)) AS realisasi
MATCH (o:Output {satker: key.satker, year: key.year, code: code})
WITH key, code, realisasi, sum(o.jumlah) AS pagu
WHERE realisasi > pagu
RETURN key.satker AS satker, key.year AS year, code, pagu, realisasi
ORDER BY satker, year, code
