// After a Bagian A is written: the current workbook of each of its satker-years, if any, with
// its ROs' amounts, so the join's findings (RO in the workbook vs in the Bagian A) can be
// made again. Parameters: $keys (list of {satker, year}).
// Returns one row per satker-year that has a workbook: satker, year, kk (uid), codes, jumlah,
//   lines (the ROs' rows in the workbook). Read through properties(): on a graph that has
//   never held a workbook the ro_* keys do not exist, and naming them would warn on every load.
UNWIND $keys AS key
MATCH (w:KertasKerja {satker: key.satker, year: key.year, current: true})
WITH key, properties(w) AS kk
RETURN key.satker AS satker, key.year AS year, kk.uid AS kk, kk.ro_codes AS codes,
       kk.ro_jumlah AS jumlah, kk.ro_lines AS lines
