// title: Indicators served only structurally
// answers: Which IKP and IKK of the current plans are reached by money only because they are
//   listed under a funded kegiatan or program, with no accepted link from a funded output
//   (IO → IKK, and for an IKP IO → IKK → IKP)? Largest structural budget first.
// why: "Listed under the same kegiatan" is not evidence that the money works toward this
//   target; these are the claims a planner still has to show, largest first.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// param: count_suggested bool = true — suggested links count as links (false: only confirmed)
// param: limit int = 1000 — at most this many indicators
// title.id: Indikator yang hanya terlayani secara struktural
// answers.id: IKP dan IKK mana dari rencana berlaku yang dijangkau uang hanya karena tercantum
//   di bawah kegiatan atau program berdana, tanpa tautan yang diterima dari output berdana?
//   Anggaran struktural terbesar lebih dulu.
// why.id: "Tercantum di bawah kegiatan yang sama" bukan bukti bahwa uang itu bekerja untuk
//   target ini; inilah klaim yang masih harus ditunjukkan perencana, yang terbesar lebih dulu.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: count_suggested hitung_usulan — tautan usulan dihitung sebagai tautan (false: hanya
//   yang dikonfirmasi)
// param.id: limit batas — paling banyak sejumlah ini indikator
CALL () {
  MATCH (k:Kegiatan)
  WHERE ($satker IS NULL OR k.satker = $satker) AND ($year IS NULL OR k.year = $year)
  CALL (k) {
    MATCH (o:Output)-[:FUNDS]->(k)
    WHERE o.jumlah > 0
    RETURN sum(o.jumlah) AS structural
  }
  WITH k, structural
  WHERE structural > 0
  MATCH (k)-[:HAS_INDICATOR]->(i:IndikatorKinerjaKegiatan)
  WHERE NOT EXISTS {
    (f:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(i)
    WHERE f.jumlah > 0
      AND (l.status = 'confirmed' OR ($count_suggested AND l.status = 'suggested'))
  }
  RETURN 'IKK' AS level, i, k.code AS parent_code, k.name AS parent_name, structural
  UNION ALL
  MATCH (p:Program)
  WHERE ($satker IS NULL OR p.satker = $satker) AND ($year IS NULL OR p.year = $year)
  CALL (p) {
    MATCH (o:Output)-[:FUNDS]->(:Kegiatan)-[:FUNDS]->(p)
    WHERE o.jumlah > 0
    RETURN sum(o.jumlah) AS structural
  }
  WITH p, structural
  WHERE structural > 0
  MATCH (p)-[:HAS_SASARAN]->(:SasaranProgram)-[:HAS_INDICATOR]->(i:IndikatorKinerjaProgram)
  WHERE NOT EXISTS {
    (f:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l1:SERVES]->
      (:IndikatorKinerjaKegiatan)-[l2:SERVES]->(i)
    WHERE f.jumlah > 0
      AND (l1.status = 'confirmed' OR ($count_suggested AND l1.status = 'suggested'))
      AND (l2.status = 'confirmed' OR ($count_suggested AND l2.status = 'suggested'))
  }
  RETURN 'IKP' AS level, i, p.code AS parent_code, p.name AS parent_name, structural
}
WITH level, i, parent_code, parent_name, structural
ORDER BY structural DESC, i.satker, i.year, level DESC, parent_code, i.seq
LIMIT $limit
RETURN i.satker AS satker, i.year AS year, level, i.code AS code, i.seq AS seq,
       i.text AS text, parent_code, parent_name, structural AS structural_jumlah,
       [(i)<-[l:SERVES]-(src) WHERE l.status <> 'rejected' | src.code + ' (' + l.status + ')']
         AS other_links
