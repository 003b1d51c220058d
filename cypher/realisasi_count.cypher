// How many realisation rows are on record, and the sum of their figures: a fingerprint tests
// and the loader's report compare before and after a load.
// Parameters: none.
// One row: rows, rpd, realisasi, volume, progres.
MATCH (x:Realisasi)
RETURN count(x) AS rows, sum(coalesce(x.rpd, 0)) AS rpd, sum(coalesce(x.realisasi, 0)) AS realisasi,
       sum(coalesce(x.volume, 0)) AS volume, sum(coalesce(x.progres, 0)) AS progres
