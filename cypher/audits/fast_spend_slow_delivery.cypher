// title: Outputs spending fast but delivering slowly
// answers: Which outputs have spent a large share of their pagu (penyerapan) by month bulan
//   while their capaian (realised volume against target) lags that share by more than the
//   gap?
// why: Money gone without the output to show for it is the first thing an inspector asks
//   about: either delivery is late and will need more money, or the money went elsewhere.
// param: satker str = null — satker code (null: every satker)
// param: year int = 2020 — budget year
// param: bulan int = 12 — realisation up to this month
// param: min_penyerapan float = 50.0 — only outputs that spent at least this share (percent)
// param: gap float = 25.0 — penyerapan minus capaian (percentage points) at least this
// param: limit int = 50 — how many outputs
// title.id: Output yang cepat menyerap tetapi lambat menghasilkan
// answers.id: Output mana yang sudah menyerap sebagian besar pagunya (penyerapan) sampai bulan
//   tertentu sementara capaiannya (volume realisasi terhadap target) tertinggal lebih dari
//   selisih yang ditentukan?
// why.id: Uang habis tanpa output yang bisa ditunjukkan adalah hal pertama yang ditanyakan
//   pemeriksa: penyelesaian terlambat dan akan butuh uang lagi, atau uangnya dipakai di tempat
//   lain.
// param.id: satker satker — kode satker (kosong: semua satker)
// param.id: year tahun — tahun anggaran
// param.id: bulan bulan — realisasi sampai bulan ini
// param.id: min_penyerapan penyerapan_minimum — hanya output yang sudah menyerap sekurangnya
//   sebesar ini (persen)
// param.id: gap selisih — penyerapan dikurangi capaian (poin persen) sekurangnya sebesar ini
// param.id: limit batas — berapa output
MATCH (o:Output)
WHERE ($satker IS NULL OR o.satker = $satker) AND o.year = $year AND o.jumlah > 0
MATCH (x:Realisasi {satker: o.satker, year: o.year, code: o.code})
WHERE x.bulan <= $bulan
WITH o, x ORDER BY x.bulan DESC
WITH o, sum(coalesce(x.realisasi, 0)) AS realisasi,
     head([v IN collect(x.volume) WHERE v IS NOT NULL]) AS v
WITH o, realisasi, realisasi * 100.0 / o.jumlah AS penyerapan,
     CASE WHEN coalesce(o.volume, 0) > 0
          THEN CASE WHEN coalesce(v, 0.0) / o.volume < 1 THEN coalesce(v, 0.0) / o.volume ELSE 1.0 END * 100
     END AS capaian
WHERE capaian IS NOT NULL AND penyerapan >= $min_penyerapan AND penyerapan - capaian >= $gap
RETURN o.satker AS satker, o.year AS year, o.code AS code, o.name AS name, o.jumlah AS pagu,
       realisasi, penyerapan, capaian, penyerapan - capaian AS selisih
ORDER BY selisih DESC, pagu DESC, satker, code
LIMIT $limit
