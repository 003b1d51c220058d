// Dashboard Ringkasan: the current document of one satker-year with its satker, its totals
// and how many items it plans at each level.
// Parameters: $satker (satker code), $year (int).
MATCH (s:Satker {code: $satker})-[:FILED]->(r:Rka {year: $year, current: true})
RETURN s {.*} AS satker,
       r {.*} AS rka,
       COUNT { MATCH (n:Program {satker: $satker, year: $year}) } AS Program,
       COUNT { MATCH (n:SasaranProgram {satker: $satker, year: $year}) } AS SasaranProgram,
       COUNT { MATCH (n:IndikatorKinerjaProgram {satker: $satker, year: $year}) }
         AS IndikatorKinerjaProgram,
       COUNT { MATCH (n:Kegiatan {satker: $satker, year: $year}) } AS Kegiatan,
       COUNT { MATCH (n:IndikatorKinerjaKegiatan {satker: $satker, year: $year}) }
         AS IndikatorKinerjaKegiatan,
       COUNT { MATCH (n:Output {satker: $satker, year: $year}) } AS Output,
       COUNT { MATCH (n:IndikatorOutput {satker: $satker, year: $year}) } AS IndikatorOutput
