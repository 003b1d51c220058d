// title: Changes between revisions or years
// answers: For each satker, which outputs are new, dropped, re-budgeted or renamed from one
//   filed revision to the next (mode revisions), or from one year's latest revision to the
//   next year's (mode years)? Read from the output snapshots every Rka record keeps.
// why: Revisions move money during the year; the inspectorate wants to see what was added,
//   cut or shifted, and by how much, even after the old plan was replaced.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — only pairs ending in this budget year (null: every year)
// param: mode str(revisions|years) = revisions — compare revisions within a year, or
//   years (each year's latest revision)
// param: include_renamed bool = true — also list outputs whose name alone changed
// title.id: Perubahan antar revisi atau antar tahun
// answers.id: Untuk tiap satker, output mana yang baru, hilang, berubah anggaran atau berganti
//   nama dari satu revisi ke revisi berikutnya (mode revisions), atau dari revisi terakhir satu
//   tahun ke tahun berikutnya (mode years)?
// why.id: Revisi memindahkan uang sepanjang tahun; inspektorat ingin melihat apa yang ditambah,
//   dipotong atau digeser, dan seberapa besar, bahkan setelah rencana lama diganti.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — hanya pasangan yang berakhir pada tahun anggaran ini (kosong: semua
//   tahun)
// param.id: mode mode — bandingkan revisi dalam satu tahun (revisions), atau antar tahun
//   (years)
// param.id: include_renamed termasuk_ganti_nama — tampilkan juga output yang hanya berganti
//   nama
MATCH (r:Rka)
WHERE $satker IS NULL OR r.satker = $satker
WITH r ORDER BY r.satker, r.year, r.revision
WITH r.satker AS satker, r.year AS year, collect(r) AS revisions
WITH satker, year,
     CASE WHEN $mode = 'years' THEN [revisions[-1]] ELSE revisions END AS picked
ORDER BY satker, year
WITH satker, reduce(acc = [], rs IN collect(picked) | acc + rs) AS chain
UNWIND range(1, size(chain) - 1) AS n
WITH satker, chain[n - 1] AS a, chain[n] AS b
WHERE (($mode = 'years' AND a.year < b.year) OR ($mode <> 'years' AND a.year = b.year))
  AND ($year IS NULL OR b.year = $year)
WITH satker, a, b,
     [i IN range(0, size(coalesce(a.output_codes, [])) - 1) |
       {code: a.output_codes[i], name: a.output_names[i], jumlah: a.output_jumlah[i]}] AS olds,
     [i IN range(0, size(coalesce(b.output_codes, [])) - 1) |
       {code: b.output_codes[i], name: b.output_names[i], jumlah: b.output_jumlah[i]}] AS news
WITH satker, a, b, olds, news,
     [x IN olds | x.code] AS old_codes, [x IN news | x.code] AS new_codes
WITH satker, a, b,
     [x IN news WHERE NOT x.code IN old_codes | {code: x.code, old: null, new: x}] +
     [x IN olds WHERE NOT x.code IN new_codes | {code: x.code, old: x, new: null}] +
     [x IN news WHERE x.code IN old_codes |
       {code: x.code, old: [y IN olds WHERE y.code = x.code][0], new: x}] AS pairs
UNWIND pairs AS p
WITH satker, a, b, p,
     CASE WHEN p.old IS NULL THEN 'new'
          WHEN p.new IS NULL THEN 'dropped'
          WHEN p.old.jumlah <> p.new.jumlah THEN 'rebudgeted'
          WHEN p.old.name <> p.new.name THEN 'renamed'
     END AS change
WHERE change IS NOT NULL AND (change <> 'renamed' OR $include_renamed)
RETURN satker, a.uid AS from_rka, b.uid AS to_rka, change, p.code AS code,
       p.old.name AS old_name, p.new.name AS new_name,
       p.old.jumlah AS old_jumlah, p.new.jumlah AS new_jumlah,
       coalesce(p.new.jumlah, 0) - coalesce(p.old.jumlah, 0) AS delta
ORDER BY satker, to_rka, change, abs(delta) DESC, code
