// Dashboard Ringkasan: every loaded version of one satker-year's RKA, newest first, with the
// per-output snapshot lists used to describe what each revision changed.
// Parameters: $satker (satker code), $year (int).
MATCH (r:Rka {satker: $satker, year: $year})
RETURN r.revision AS revision, r.file_name AS file_name, r.loaded_at AS loaded_at,
       r.current AS current, r.content_hash AS content_hash,
       r.total_angka_dasar AS angka_dasar, r.total_inisiatif_baru AS inisiatif_baru,
       r.total_jumlah AS jumlah, r.output_codes AS output_codes,
       r.output_jumlah AS output_jumlah
ORDER BY revision DESC
