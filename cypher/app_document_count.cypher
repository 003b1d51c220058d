// Dashboard: how many documents are loaded at all, Bagian A and kertas kerja workbooks alike
// (0 = show the first-run screen; a workbook loaded alone is something to look at).
// Parameters: none.
MATCH (r:Rka|KertasKerja)
RETURN count(r) AS documents
