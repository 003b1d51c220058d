// title: One output code, different names across satkers
// answers: Which national output codes are written under different names by different satkers
//   (compared ignoring case and surrounding spaces), and which satkers use each name?
// why: A code means the same thing nationally; a satker naming it differently may be funding
//   something else under a borrowed code, or the national reference needs correcting.
// param: year int = null — budget year (null: every year)
// param: code str = null — one output code (null: every code)
// title.id: Satu kode output, nama berbeda antar satker
// answers.id: Kode output nasional mana yang ditulis dengan nama berbeda oleh satker berbeda
//   (tanpa membedakan huruf besar dan spasi), dan satker mana memakai tiap nama?
// why.id: Sebuah kode berarti hal yang sama secara nasional; satker yang menamainya lain
//   mungkin mendanai hal lain dengan kode pinjaman, atau acuan nasionalnya perlu dibetulkan.
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: code kode — satu kode output (kosong: semua kode)
MATCH (o:Output)
WHERE ($year IS NULL OR o.year = $year) AND ($code IS NULL OR o.code = $code)
WITH o.code AS code, toLower(trim(o.name)) AS key, o
ORDER BY o.satker
WITH code, key, collect(DISTINCT o.name) AS spellings, collect(DISTINCT o.satker) AS satkers,
     collect(DISTINCT o.year) AS years, sum(o.jumlah) AS jumlah
WITH code, collect({name: spellings[0], satkers: satkers, years: years, jumlah: jumlah})
     AS variants, count(*) AS n
WHERE n > 1 AND size(reduce(acc = [], v IN variants |
        acc + [s IN v.satkers WHERE NOT s IN acc])) > 1
UNWIND variants AS v
RETURN code, n AS variant_count, v.name AS name, size(v.satkers) AS satker_count,
       v.satkers AS satkers, v.years AS years, v.jumlah AS jumlah
ORDER BY variant_count DESC, code, satker_count DESC, name
