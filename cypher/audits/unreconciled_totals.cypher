// title: Totals that do not reconcile
// answers: Which programs, kegiatan and outputs of the current plans state a Jumlah that is
//   not Angka Dasar + Inisiatif Baru, or money that is not the sum of the kegiatan or outputs
//   under them? Recomputed from the graph, with the parser's findings on the same code beside
//   each row.
// why: A total that does not add up is money nobody can account for; the inspectorate asks
//   the satker which figure is right before any performance claim is weighed.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// param: tolerance int = 0 — differences of at most this many Rupiah are ignored
// title.id: Total yang tidak cocok
// answers.id: Program, kegiatan dan output mana dari rencana berlaku yang menyatakan Jumlah
//   yang bukan Angka Dasar + Inisiatif Baru, atau uang yang bukan jumlah kegiatan atau output
//   di bawahnya? Dihitung ulang dari graf, dengan temuan pembaca pada kode yang sama di
//   sampingnya.
// why.id: Total yang tidak cocok adalah uang yang tidak dapat dipertanggungjawabkan;
//   inspektorat menanyakan angka mana yang benar sebelum klaim kinerja apa pun ditimbang.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: tolerance toleransi — selisih paling banyak sejumlah Rupiah ini diabaikan
CALL () {
  MATCH (p:Program)
  WHERE ($satker IS NULL OR p.satker = $satker) AND ($year IS NULL OR p.year = $year)
  OPTIONAL MATCH (k:Kegiatan)-[:FUNDS]->(p)
  WITH p, count(k) AS parts, sum(k.angka_dasar) AS ad, sum(k.inisiatif_baru) AS ib,
       sum(k.jumlah) AS jml
  RETURN 'Program' AS level, p AS row, parts, ad, ib, jml
  UNION ALL
  MATCH (k:Kegiatan)
  WHERE ($satker IS NULL OR k.satker = $satker) AND ($year IS NULL OR k.year = $year)
  OPTIONAL MATCH (o:Output)-[:FUNDS]->(k)
  WITH k, count(o) AS parts, sum(o.angka_dasar) AS ad, sum(o.inisiatif_baru) AS ib,
       sum(o.jumlah) AS jml
  RETURN 'Kegiatan' AS level, k AS row, parts, ad, ib, jml
  UNION ALL
  MATCH (o:Output)
  WHERE ($satker IS NULL OR o.satker = $satker) AND ($year IS NULL OR o.year = $year)
    AND abs(coalesce(o.jumlah, 0) - coalesce(o.angka_dasar, 0) - coalesce(o.inisiatif_baru, 0))
        > $tolerance
  RETURN 'Output' AS level, o AS row, 0 AS parts, null AS ad, null AS ib, null AS jml
}
WITH level, row, [
  {check: 'jumlah = angka_dasar + inisiatif_baru', stated: row.jumlah,
   computed: coalesce(row.angka_dasar, 0) + coalesce(row.inisiatif_baru, 0)},
  {check: 'jumlah = sum of parts', stated: row.jumlah,
   computed: CASE WHEN parts > 0 THEN jml END},
  {check: 'angka_dasar = sum of parts', stated: row.angka_dasar,
   computed: CASE WHEN parts > 0 THEN ad END},
  {check: 'inisiatif_baru = sum of parts', stated: row.inisiatif_baru,
   computed: CASE WHEN parts > 0 THEN ib END}
] AS checks
UNWIND checks AS c
WITH level, row, c
WHERE c.computed IS NOT NULL AND abs(coalesce(c.stated, 0) - c.computed) > $tolerance
RETURN row.satker AS satker, row.year AS year, level, row.code AS code, row.name AS name,
       c.check AS check, coalesce(c.stated, 0) AS stated, c.computed AS computed,
       coalesce(c.stated, 0) - c.computed AS difference,
       [(r:Rka {satker: row.satker, year: row.year, current: true})-[:HAS_FINDING]->(f:Finding)
        WHERE f.code = row.code | f.rule] AS parser_findings
ORDER BY satker, year, abs(difference) DESC, code
