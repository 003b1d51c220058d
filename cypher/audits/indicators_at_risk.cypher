// title: Indicators at risk: served only by outputs behind
// answers: Which IKK and IKP are served only by outputs whose capaian (realised volume against
//   target, at month bulan) is under the threshold: every output behind them that has a
//   target is behind?
// why: An indicator is met through its outputs; when all of them lag, the indicator will miss
//   its target unless someone acts now, whatever the money says.
// param: satker str = null — satker code (null: every satker)
// param: year int = 2020 — budget year
// param: bulan int = 12 — realisation up to this month
// param: threshold float = 50.0 — capaian (percent) under which an output is behind
// param: limit int = 100 — how many indicators
// title.id: Indikator berisiko: hanya dilayani output yang tertinggal
// answers.id: IKK dan IKP mana yang hanya dilayani output dengan capaian (volume realisasi
//   terhadap target, pada bulan tertentu) di bawah ambang: semua output bertarget di
//   belakangnya tertinggal?
// why.id: Indikator dicapai melalui outputnya; bila semuanya tertinggal, indikator akan
//   meleset dari target kecuali ada tindakan sekarang, apa pun kata realisasi uangnya.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran
// param.id: bulan bulan — realisasi sampai bulan ini
// param.id: threshold ambang — capaian (persen) di bawah ini berarti output tertinggal
// param.id: limit batas — berapa indikator
// The outputs behind an indicator follow tracker.trace.coverage's routes: funded outputs
// whose IO serves the IKK (active links), else the kegiatan's funded outputs; for an IKP, the
// outputs of the IKK serving it, else the program's funded outputs. Every active route
// counts here, not only the best tier.
CALL () {
  MATCH (k:Kegiatan)-[:HAS_INDICATOR]->(i:IndikatorKinerjaKegiatan)
  WHERE ($satker IS NULL OR k.satker = $satker) AND k.year = $year
  OPTIONAL MATCH (o:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(i)
  WHERE o.jumlah > 0 AND l.status <> 'rejected'
  WITH k, i, collect(DISTINCT o) AS linked
  OPTIONAL MATCH (s:Output)-[:FUNDS]->(k) WHERE s.jumlah > 0
  WITH k, i, linked, collect(DISTINCT s) AS own
  RETURN 'IKK' AS level, i, k.code AS owner,
         CASE WHEN size(linked) > 0 THEN linked ELSE own END AS outputs
  UNION ALL
  MATCH (p:Program)-[:HAS_SASARAN]->(:SasaranProgram)-[:HAS_INDICATOR]->(i:IndikatorKinerjaProgram)
  WHERE ($satker IS NULL OR p.satker = $satker) AND p.year = $year
  OPTIONAL MATCH (ikk:IndikatorKinerjaKegiatan)-[l2:SERVES]->(i) WHERE l2.status <> 'rejected'
  OPTIONAL MATCH (o:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l1:SERVES]->(ikk)
  WHERE o.jumlah > 0 AND l1.status <> 'rejected'
  WITH p, i, ikk, collect(DISTINCT o) AS linked
  OPTIONAL MATCH (s:Output)-[:FUNDS]->(:Kegiatan)-[:HAS_INDICATOR]->(ikk) WHERE s.jumlah > 0
  WITH p, i, ikk, linked, collect(DISTINCT s) AS own_ikk
  WITH p, i, ikk, CASE WHEN size(linked) > 0 THEN linked ELSE own_ikk END AS via
  WITH p, i, [x IN collect(via) WHERE x IS NOT NULL] AS lists
  WITH p, i, reduce(acc = [], x IN lists | acc + [o IN x WHERE NOT o IN acc]) AS via_ikk
  OPTIONAL MATCH (s:Output)-[:FUNDS]->(:Kegiatan)-[:FUNDS]->(p) WHERE s.jumlah > 0
  WITH p, i, via_ikk, collect(DISTINCT s) AS own
  RETURN 'IKP' AS level, i, p.code AS owner,
         CASE WHEN size(via_ikk) > 0 THEN via_ikk ELSE own END AS outputs
}
WITH level, i, owner, outputs
WHERE size(outputs) > 0
UNWIND outputs AS o
OPTIONAL MATCH (x:Realisasi {satker: o.satker, year: o.year, code: o.code})
WHERE x.bulan <= $bulan AND x.volume IS NOT NULL
WITH level, i, owner, o, x ORDER BY x.bulan DESC
WITH level, i, owner, o, head(collect(x.volume)) AS v
WITH level, i, owner, o,
     CASE WHEN coalesce(o.volume, 0) > 0
          THEN CASE WHEN coalesce(v, 0.0) / o.volume < 1 THEN coalesce(v, 0.0) / o.volume ELSE 1.0 END * 100
     END AS capaian
WITH level, i, owner, collect({code: o.code, capaian: capaian, jumlah: o.jumlah}) AS outs
WITH level, i, owner, outs, [c IN outs WHERE c.capaian IS NOT NULL] AS measured
WHERE size(measured) > 0 AND all(c IN measured WHERE c.capaian < $threshold)
RETURN i.satker AS satker, i.year AS year, level, owner, i.code AS code, i.seq AS seq,
       i.text AS text, [c IN outs | c.code] AS outputs,
       reduce(s = 0, c IN outs | s + c.jumlah) AS jumlah,
       reduce(s = 0.0, c IN measured | s + c.capaian) / size(measured) AS capaian
ORDER BY jumlah DESC, satker, level DESC, owner, seq
LIMIT $limit
