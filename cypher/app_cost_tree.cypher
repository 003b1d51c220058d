// Dashboard Keterlacakan: the cost build-up of a satker-year's ROs from its kertas kerja
// workbook: one row per detail (or per akun / komponen without one), in workbook order.
// Parameters: $satker (satker code), $year (int).
// Rows: output (RO code), komponen, komponen_name, komponen_jumlah, akun, akun_name,
//   akun_jumlah, text, volume, satuan, harga, jumlah, blokir (bool), sumber_dana, grp.
MATCH (o:Output {satker: $satker, year: $year})-[:HAS_KOMPONEN]->(km:Komponen)
OPTIONAL MATCH (km)-[:HAS_AKUN]->(a:Akun)
OPTIONAL MATCH (a)-[:HAS_DETAIL]->(d:Detail)
RETURN DISTINCT o.code AS output, km.seq AS km_seq, km.code AS komponen, km.name AS komponen_name,
       km.jumlah AS komponen_jumlah, a.seq AS a_seq, a.code AS akun, a.name AS akun_name,
       a.jumlah AS akun_jumlah, d.seq AS d_seq, d.text AS text, d.volume AS volume,
       d.satuan AS satuan, d.harga AS harga, d.jumlah AS jumlah,
       coalesce(d.blokir, false) AS blokir, d.sumber_dana AS sumber_dana, d.group AS grp
ORDER BY output, km_seq, a_seq, d_seq
