// After a Bagian A is written: the current workbook of each of its satker-years, if any, with
// its ROs' amounts, so the join's findings (RO in the workbook vs in the Bagian A) can be
// made again. Parameters: $keys (list of {satker, year}).
// Returns one row per satker-year that has a workbook: satker, year, kk (uid), codes, jumlah,
//   lines (the ROs' rows in the workbook), findings (uids of its current join findings).
UNWIND $keys AS key
MATCH (w:KertasKerja {satker: key.satker, year: key.year, current: true})
RETURN key.satker AS satker, key.year AS year, w.uid AS kk, w.ro_codes AS codes,
       w.ro_jumlah AS jumlah, w.ro_lines AS lines
