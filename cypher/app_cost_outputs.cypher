// Dashboard Cakupan: per RO of a satker-year, what its kertas kerja says about the money:
// the costed amount, the part blocked (details marked *), and the funding sources.
// Parameters: $satker (satker code), $year (int).
// Rows: output (RO code), name, jumlah (Bagian A), costed (sum of its komponen), blokir,
//   sumber_dana (list), has_cost (bool).
MATCH (o:Output {satker: $satker, year: $year})
OPTIONAL MATCH (o)-[:HAS_KOMPONEN]->(km:Komponen)
WITH o, collect(km) AS komponen
RETURN o.code AS output, o.name AS name, o.jumlah AS jumlah,
       reduce(s = 0, k IN komponen | s + coalesce(k.jumlah, 0)) AS costed,
       reduce(s = 0, k IN komponen | s + coalesce(k.blokir_jumlah, 0)) AS blokir,
       reduce(s = [], k IN komponen |
              s + [x IN coalesce(k.sumber_dana, []) WHERE NOT x IN s]) AS sumber_dana,
       size(komponen) > 0 AS has_cost
ORDER BY output
