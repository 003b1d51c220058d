// Write checked realisation rows (tracker.measure.loader): one Realisasi node per satker,
// year, output code and month; a row sets only the figures it carries (rpd, realisasi,
// volume, progres) and replaces those already on record, so loading a file twice changes
// nothing.
// Parameters: $rows (list of {uid, satker, year, bulan, code, values: map of figures}).
// One row: changed (how many rows changed something on record).
UNWIND $rows AS r
MERGE (x:Realisasi {uid: r.uid})
  ON CREATE SET x.satker = r.satker, x.year = r.year, x.bulan = r.bulan, x.code = r.code
WITH x, r, [k IN keys(r.values) WHERE x[k] IS NULL OR x[k] <> r.values[k]] AS changed
SET x += r.values
RETURN count(CASE WHEN size(changed) > 0 THEN 1 END) AS changed
