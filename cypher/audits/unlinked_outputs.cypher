// title: Outputs with no indicator or serving no IKK
// answers: Which outputs of the current plans have no Indikator Output at all, and which have
//   indicators none of which is linked (not rejected) to an IKK of their kegiatan? Largest
//   Jumlah first.
// why: Money spent on an output that states no indicator, or whose indicator serves no
//   kegiatan target, cannot be shown to contribute to performance.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// param: count_suggested bool = true — suggested links count as links (false: only confirmed)
// param: min_jumlah int = 0 — only outputs with at least this Jumlah
// param: limit int = 1000 — at most this many outputs
// title.id: Output tanpa indikator atau tidak melayani IKK
// answers.id: Output mana dari rencana berlaku yang sama sekali tidak punya Indikator Output,
//   dan mana yang indikatornya tidak satu pun tertaut (tidak ditolak) ke IKK kegiatannya?
//   Jumlah terbesar lebih dulu.
// why.id: Uang untuk output yang tidak menyatakan indikator, atau yang indikatornya tidak
//   melayani target kegiatan, tidak dapat ditunjukkan sumbangannya pada kinerja.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: count_suggested hitung_usulan — tautan usulan dihitung sebagai tautan (false: hanya
//   yang dikonfirmasi)
// param.id: min_jumlah jumlah_minimum — hanya output dengan Jumlah paling sedikit sebesar ini
// param.id: limit batas — paling banyak sejumlah ini output
MATCH (o:Output)
WHERE ($satker IS NULL OR o.satker = $satker) AND ($year IS NULL OR o.year = $year)
  AND coalesce(o.jumlah, 0) >= $min_jumlah
WITH o, COUNT { (o)-[:HAS_INDICATOR]->(:IndikatorOutput) } AS indicators
WHERE indicators = 0 OR NOT EXISTS {
  (o)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(:IndikatorKinerjaKegiatan)
  WHERE l.status = 'confirmed' OR ($count_suggested AND l.status = 'suggested')
}
WITH o, indicators
ORDER BY o.jumlah DESC, o.satker, o.year, o.code
LIMIT $limit
RETURN o.satker AS satker, o.year AS year, o.kegiatan_code AS kegiatan, o.code AS code,
       o.name AS name, o.jumlah AS jumlah, indicators,
       CASE WHEN indicators = 0 THEN 'no indicator' ELSE 'serves no IKK' END AS problem
