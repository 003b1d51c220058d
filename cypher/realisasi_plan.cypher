// The outputs of the current plans of some satker-years, which realisation rows are checked
// against (tracker.measure.realisasi.PlanIndex): a satker-year missing from the result has no
// plan on record.
// Parameters: $keys (list of {satker, year}).
// One row per satker-year: satker, year, outputs (list of {code, name, kegiatan, jumlah, volume, unit}).
UNWIND $keys AS key
MATCH (o:Output {satker: key.satker, year: key.year})
RETURN key.satker AS satker, key.year AS year,
       collect(o {.code, .name, kegiatan: o.kegiatan_code, .jumlah, .volume, .unit}) AS outputs
