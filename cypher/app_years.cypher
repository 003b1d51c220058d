// Dashboard: the budget years that have a current document, newest first (year picker): a
// Bagian A, or a kertas kerja workbook loaded before its Bagian A.
// Parameters: none.
MATCH (r:Rka|KertasKerja {current: true})
RETURN DISTINCT r.year AS year
ORDER BY year DESC
