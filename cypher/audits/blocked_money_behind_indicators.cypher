// title: Uang terblokir di balik indikator
// answers: Which indicators (IO, IKK, IKP) are served by outputs (ROs) part of whose money is
//   blocked (blokir: details marked * in the kertas kerja workbook), and how much of it?
// why: Blocked money cannot be spent until it is released, so a target that rests on it is at
//   risk however well the plan links it; the inspectorate asks for the release or the revision.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// param: limit int = 200 — how many rows
CALL () {
  MATCH (o:Output)-[:HAS_INDICATOR]->(i:IndikatorOutput)
  WHERE ($satker IS NULL OR o.satker = $satker) AND ($year IS NULL OR o.year = $year)
  RETURN 'IO' AS level, i, o
  UNION ALL
  MATCH (o:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(i:IndikatorKinerjaKegiatan)
  WHERE ($satker IS NULL OR o.satker = $satker) AND ($year IS NULL OR o.year = $year)
    AND l.status <> 'rejected'
  RETURN 'IKK' AS level, i, o
  UNION ALL
  MATCH (o:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l1:SERVES]->
        (:IndikatorKinerjaKegiatan)-[l2:SERVES]->(i:IndikatorKinerjaProgram)
  WHERE ($satker IS NULL OR o.satker = $satker) AND ($year IS NULL OR o.year = $year)
    AND l1.status <> 'rejected' AND l2.status <> 'rejected'
  RETURN 'IKP' AS level, i, o
}
WITH DISTINCT level, i, o
MATCH (o)-[:HAS_KOMPONEN]->(km:Komponen)
WITH level, i, o, sum(km.blokir_jumlah) AS blokir
WHERE blokir > 0
WITH level, i, collect(o.code) AS outputs, sum(blokir) AS blokir, sum(o.jumlah) AS jumlah
RETURN i.satker AS satker, i.year AS year, level, i.code AS code, i.seq AS seq,
       i.text AS text, outputs, blokir, jumlah
ORDER BY blokir DESC, satker, year, level, code, seq
LIMIT $limit
