// Across all satkers of one year, how much funds outputs serving one IKP code (the national
// question): per satker, the distinct outputs whose Indikator Output serves an IKK serving
// that IKP (links not rejected), each output counted once, and their total Jumlah.
// Parameters: $year (int), $ikp (IKP code, e.g. '05.01').
// Rows: satker, outputs, jumlah.
MATCH (ikp:IndikatorKinerjaProgram {year: $year, code: $ikp})
      <-[up:SERVES]-(:IndikatorKinerjaKegiatan)
      <-[down:SERVES]-(:IndikatorOutput)<-[:HAS_INDICATOR]-(o:Output)
WHERE up.status <> 'rejected' AND down.status <> 'rejected'
WITH DISTINCT ikp.satker AS satker, o
RETURN satker, count(o) AS outputs, sum(o.jumlah) AS jumlah
ORDER BY satker
