// title: Biggest budgets behind weak links
// answers: Which outputs carry the most money while their best link to an IKK is weak: only a
//   suggestion, a fuzzy match or a score below the threshold, or no link at all (structural)?
// why: The larger the Jumlah, the more it matters that its claim to serve a target was
//   checked; this is where a reviewer's hour saves the most.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// param: min_score float = 0.9 — links scored below this are weak unless confirmed
// param: include_structural bool = true — include outputs with no link at all
// param: limit int = 25 — how many outputs
// title.id: Anggaran terbesar di balik tautan lemah
// answers.id: Output mana yang membawa uang terbanyak sementara tautan terbaiknya ke IKK lemah:
//   hanya usulan, cocok kabur atau skor di bawah ambang, atau tanpa tautan sama sekali
//   (struktural)?
// why.id: Makin besar Jumlah, makin penting klaimnya melayani target diperiksa; di sinilah satu
//   jam peninjau paling berharga.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: min_score skor_minimum — tautan dengan skor di bawah ini lemah kecuali dikonfirmasi
// param.id: include_structural termasuk_struktural — sertakan output tanpa tautan sama sekali
// param.id: limit batas — berapa output
MATCH (o:Output)
WHERE ($satker IS NULL OR o.satker = $satker) AND ($year IS NULL OR o.year = $year)
  AND o.jumlah > 0
OPTIONAL MATCH (o)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(ikk:IndikatorKinerjaKegiatan)
WHERE l.status <> 'rejected'
WITH o, l, ikk,
     CASE WHEN l IS NULL THEN 0
          WHEN l.status = 'confirmed' THEN 3
          WHEN l.method <> 'fuzzy' AND coalesce(l.score, 0.0) >= $min_score THEN 2
          ELSE 1 END AS strength
ORDER BY strength DESC, coalesce(l.score, 0.0) DESC
WITH o, collect({l: l, ikk: ikk, strength: strength})[0] AS best
WHERE best.strength = 1 OR (best.strength = 0 AND $include_structural)
RETURN o.satker AS satker, o.year AS year, o.code AS code, o.name AS name, o.jumlah AS jumlah,
       coalesce(best.l.method, 'structural') AS best_method, best.l.score AS best_score,
       best.l.status AS best_status, best.ikk.code AS ikk_code, best.ikk.text AS ikk_text
ORDER BY jumlah DESC, satker, year, code
LIMIT $limit
