// Dashboard Ringkasan: the readers' findings on the current documents of one satker-year (its
// Bagian A and its kertas kerja workbook, with the findings of their join).
// Parameters: $satker (satker code), $year (int).
MATCH (:Rka|KertasKerja {satker: $satker, year: $year, current: true})-[:HAS_FINDING]->(f:Finding)
RETURN f.rule AS rule, f.severity AS severity, f.code AS code, f.message AS message,
       f.line AS line
ORDER BY f.line, f.rule
