// title: IKP and IKK nothing funded serves
// answers: Which IKP and IKK of the current plans have no funded output behind them at all:
//   no output with money under their kegiatan (IKK) or program (IKP), and no link chain that
//   is not rejected from an output with money either?
// why: A performance target with no money behind it cannot be met as planned; either the
//   target is dead text or the budget for it sits somewhere the plan does not show.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// title.id: IKP dan IKK yang tidak dilayani apa pun yang berdana
// answers.id: IKP dan IKK mana dari rencana berlaku yang sama sekali tidak punya output berdana
//   di belakangnya: tidak ada output beruang di bawah kegiatannya (IKK) atau programnya (IKP),
//   dan tidak ada rantai tautan tak ditolak dari output beruang?
// why.id: Target kinerja tanpa uang di belakangnya tidak dapat dicapai sesuai rencana; entah
//   targetnya teks mati, entah anggarannya ada di tempat yang tidak ditunjukkan rencana.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
CALL () {
  MATCH (k:Kegiatan)
  WHERE ($satker IS NULL OR k.satker = $satker) AND ($year IS NULL OR k.year = $year)
    AND NOT EXISTS { (o:Output)-[:FUNDS]->(k) WHERE o.jumlah > 0 }
  MATCH (k)-[:HAS_INDICATOR]->(i:IndikatorKinerjaKegiatan)
  WHERE NOT EXISTS {
    (f:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(i)
    WHERE f.jumlah > 0 AND l.status <> 'rejected'
  }
  RETURN 'IKK' AS level, i, k AS parent
  UNION ALL
  MATCH (p:Program)
  WHERE ($satker IS NULL OR p.satker = $satker) AND ($year IS NULL OR p.year = $year)
    AND NOT EXISTS { (o:Output)-[:FUNDS]->(:Kegiatan)-[:FUNDS]->(p) WHERE o.jumlah > 0 }
  MATCH (p)-[:HAS_SASARAN]->(:SasaranProgram)-[:HAS_INDICATOR]->(i:IndikatorKinerjaProgram)
  WHERE NOT EXISTS {
    (f:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l1:SERVES]->
      (:IndikatorKinerjaKegiatan)-[l2:SERVES]->(i)
    WHERE f.jumlah > 0 AND l1.status <> 'rejected' AND l2.status <> 'rejected'
  }
  RETURN 'IKP' AS level, i, p AS parent
}
RETURN i.satker AS satker, i.year AS year, level, i.code AS code, i.seq AS seq,
       i.text AS text, parent.code AS parent_code, parent.name AS parent_name,
       parent.jumlah AS parent_jumlah,
       COUNT { (parent)<-[:FUNDS*1..2]-(:Output) } AS outputs_under_parent
ORDER BY satker, year, level DESC, parent_code, seq
