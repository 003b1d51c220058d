// title: Links still suggested
// answers: Which IO → IKK and IKK → IKP links has nobody confirmed or rejected yet, with both
//   texts, how each was found and how sure the matcher is, and the money behind it?
// why: A suggested link is the matcher's guess; until a person decides, coverage figures that
//   count it rest on an unchecked claim. Biggest money and weakest scores first.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// param: status str(suggested|confirmed|rejected) = suggested — which links to list
// param: max_score float = 1.0 — only links scored at most this
// title.id: Tautan yang masih usulan
// answers.id: Tautan IO → IKK dan IKK → IKP mana yang belum dikonfirmasi atau ditolak siapa
//   pun, dengan kedua teksnya, cara ditemukan, keyakinan pencocok, dan uang di belakangnya?
// why.id: Tautan usulan adalah tebakan pencocok; sampai seseorang memutuskan, angka cakupan
//   yang menghitungnya bertumpu pada klaim yang belum diperiksa. Uang terbesar dan skor
//   terlemah lebih dulu.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: status status — tautan mana yang ditampilkan
// param.id: max_score skor_maksimum — hanya tautan dengan skor paling tinggi sebesar ini
MATCH (a:Indikator)-[l:SERVES]->(b:Indikator)
WHERE l.status = $status AND coalesce(l.score, 0.0) <= $max_score
  AND ($satker IS NULL OR a.satker = $satker) AND ($year IS NULL OR a.year = $year)
OPTIONAL MATCH (o:Output)-[:HAS_INDICATOR]->(a)
OPTIONAL MATCH (k:Kegiatan)-[:HAS_INDICATOR]->(a)
WITH a, l, b, coalesce(o, k) AS owner
RETURN a.satker AS satker, a.year AS year,
       CASE WHEN a:IndikatorOutput THEN 'IO → IKK' ELSE 'IKK → IKP' END AS link,
       owner.code AS from_owner, a.code AS from_code, a.text AS from_text,
       b.code AS to_code, b.text AS to_text, l.method AS method, l.score AS score,
       l.status AS status, owner.jumlah AS jumlah, a.uid AS from_uid, b.uid AS to_uid
ORDER BY jumlah DESC, score ASC, satker, year, from_uid
