// The measures' facts of every satker of one year, for the national ranking
// (tracker.measure.report.national): per satker its name, outputs and months of realisation.
// Parameters: $year (int).
// One row per satker with a plan: satker, name, outputs (list of maps), months (list of maps).
MATCH (r:Rka {year: $year, current: true})
OPTIONAL MATCH (s:Satker {code: r.satker})
CALL (r) {
  MATCH (o:Output {satker: r.satker, year: $year})
  RETURN collect(o {.uid, .code, .name, kegiatan: o.kegiatan_code, .jumlah, .volume, .unit}) AS outputs
}
CALL (r) {
  MATCH (x:Realisasi {satker: r.satker, year: $year})
  RETURN collect(x {.code, .bulan, .rpd, .realisasi, .volume, .progres}) AS months
}
RETURN r.satker AS satker, s.name AS name, outputs, months
ORDER BY satker
