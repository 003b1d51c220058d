// Dashboard Ringkasan: the current documents of one satker-year with its satker, its totals
// and how many items it plans at each level. `rka` is the Bagian A (null while only a kertas
// kerja workbook is loaded: the plan counted is then the workbook's bare one), `kk` the
// current workbook (null when none). No row when the satker-year has neither.
// Parameters: $satker (satker code), $year (int).
MATCH (s:Satker {code: $satker})-[:FILED]->(d:Rka|KertasKerja {year: $year, current: true})
WITH s, collect(d) AS docs
WITH s, [d IN docs WHERE d:Rka][0] AS r, [d IN docs WHERE d:KertasKerja][0] AS w
RETURN s {.*} AS satker,
       CASE WHEN r IS NULL THEN null ELSE r {.*} END AS rka,
       CASE WHEN w IS NULL THEN null ELSE w {.*} END AS kk,
       COUNT { MATCH (n:Program {satker: $satker, year: $year}) } AS Program,
       COUNT { MATCH (n:SasaranProgram {satker: $satker, year: $year}) } AS SasaranProgram,
       COUNT { MATCH (n:IndikatorKinerjaProgram {satker: $satker, year: $year}) }
         AS IndikatorKinerjaProgram,
       COUNT { MATCH (n:Kegiatan {satker: $satker, year: $year}) } AS Kegiatan,
       COUNT { MATCH (n:IndikatorKinerjaKegiatan {satker: $satker, year: $year}) }
         AS IndikatorKinerjaKegiatan,
       COUNT { MATCH (n:Output {satker: $satker, year: $year}) } AS Output,
       COUNT { MATCH (n:IndikatorOutput {satker: $satker, year: $year}) } AS IndikatorOutput
