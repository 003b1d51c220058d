// What one satker-year funds for one IKP code (e.g. "what does KPU Kota Serang 2020 fund for
// IKP 05.01"): the outputs whose Indikator Output serves an IKK that serves that IKP (links
// not rejected), with their Jumlah and the weakest link status on the way.
// Parameters: $satker (satker code), $year (int), $ikp (IKP code, e.g. '05.01').
// Rows: output, name, jumlah, ikk (codes of the IKK on the way), status.
MATCH (ikp:IndikatorKinerjaProgram {satker: $satker, year: $year, code: $ikp})
      <-[up:SERVES]-(ikk:IndikatorKinerjaKegiatan)
      <-[down:SERVES]-(:IndikatorOutput)<-[:HAS_INDICATOR]-(o:Output)
WHERE up.status <> 'rejected' AND down.status <> 'rejected'
WITH o, collect(DISTINCT ikk.code) AS ikk,
     collect(up.status) + collect(down.status) AS statuses
RETURN o.code AS output, o.name AS name, o.jumlah AS jumlah, ikk,
       CASE WHEN 'suggested' IN statuses THEN 'suggested' ELSE 'confirmed' END AS status
ORDER BY output
