// Everything the measures of one satker-year need, in one round trip: its outputs (pagu =
// Jumlah, target = volume) and every month of realisation on record for them.
// Parameters: $satker (satker code), $year (int).
// One row: outputs (list of {uid, code, name, kegiatan, jumlah, volume, unit}),
//          months (list of {code, bulan, rpd, realisasi, volume, progres}).
CALL () {
  MATCH (o:Output {satker: $satker, year: $year})
  RETURN collect(o {.uid, .code, .name, kegiatan: o.kegiatan_code, .jumlah, .volume, .unit}) AS outputs
}
CALL () {
  MATCH (x:Realisasi {satker: $satker, year: $year})
  RETURN collect(x {.code, .bulan, .rpd, .realisasi, .volume, .progres}) AS months
}
RETURN outputs, months
