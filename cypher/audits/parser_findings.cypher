// title: Parser findings
// answers: What did the parser flag in the filed documents (totals that do not add up,
//   repeated codes, empty kegiatan, missing signature…), per satker, year and revision?
// why: Findings are stored with the document as filed, never repaired; they are the list of
//   questions the inspectorate puts to the satker.
// param: satker str = null — satker code (null: every satker)
// param: year int = null — budget year (null: every year)
// param: severity str(error|warning) = null — error or warning (null: both)
// param: rule str = null — one rule, e.g. jumlah-arithmetic (null: every rule)
// param: current_only bool = true — only the current revision of each satker-year
// title.id: Temuan pembaca dokumen
// answers.id: Apa yang ditandai pembaca pada dokumen yang diajukan (total tidak cocok, kode
//   berulang, kegiatan kosong, tanda tangan hilang…), per satker, tahun dan revisi?
// why.id: Temuan disimpan bersama dokumen apa adanya, tidak pernah diperbaiki; inilah daftar
//   pertanyaan inspektorat kepada satker.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: severity tingkat — error atau warning (kosong: keduanya)
// param.id: rule aturan — satu aturan, mis. jumlah-arithmetic (kosong: semua aturan)
// param.id: current_only hanya_berlaku — hanya revisi yang berlaku untuk tiap satker-tahun
MATCH (r:Rka)-[:HAS_FINDING]->(f:Finding)
WHERE ($satker IS NULL OR r.satker = $satker) AND ($year IS NULL OR r.year = $year)
  AND ($severity IS NULL OR f.severity = $severity) AND ($rule IS NULL OR f.rule = $rule)
  AND (NOT $current_only OR r.current)
RETURN r.satker AS satker, r.year AS year, r.revision AS revision, r.file_name AS file,
       f.rule AS rule, f.severity AS severity, f.code AS code, f.line AS line,
       f.message AS message
ORDER BY satker, year, revision, line
