// title: Satkers below a coverage threshold
// answers: Which satker-years (current plans) have the smallest share of their budget, or of
//   their IKP and IKK, covered by funded outputs through links that are not rejected?
// why: Coverage is the plan's own answer to "what is this money for"; satkers far below their
//   peers are where review (or help with linking) is needed first.
// param: year int = null — budget year (null: every year)
// param: metric str(budget|indicators) = budget — budget (share of Jumlah serving an IKK)
//   or indicators (share of IKP and IKK served)
// param: threshold float = 0.5 — list satker-years whose coverage is below this (0 to 1)
// title.id: Satker di bawah ambang cakupan
// answers.id: Satker-tahun mana (rencana berlaku) yang bagian anggarannya, atau IKP dan
//   IKK-nya, paling sedikit terlayani output berdana lewat tautan yang tidak ditolak?
// why.id: Cakupan adalah jawaban rencana sendiri atas "untuk apa uang ini"; satker yang jauh di
//   bawah rekan-rekannya perlu ditinjau (atau dibantu menautkan) lebih dulu.
// param.id: year tahun — tahun anggaran (kosong: semua tahun)
// param.id: metric ukuran — budget (bagian Jumlah yang melayani IKK) atau indicators (bagian
//   IKP dan IKK yang terlayani)
// param.id: threshold ambang — tampilkan satker-tahun dengan cakupan di bawah nilai ini (0
//   sampai 1)
MATCH (r:Rka {current: true})
WHERE $year IS NULL OR r.year = $year
CALL (r) {
  OPTIONAL MATCH (o:Output {satker: r.satker, year: r.year})
  WITH o, EXISTS {
    (o)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(:IndikatorKinerjaKegiatan)
    WHERE l.status <> 'rejected'
  } AS linked
  RETURN sum(coalesce(o.jumlah, 0)) AS budget,
         sum(CASE WHEN linked THEN o.jumlah ELSE 0 END) AS budget_linked
}
CALL (r) {
  OPTIONAL MATCH (i:IndikatorKinerjaKegiatan {satker: r.satker, year: r.year})
  RETURN count(i) AS ikk,
         count(CASE WHEN EXISTS {
           (f:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l:SERVES]->(i)
           WHERE l.status <> 'rejected' AND f.jumlah > 0 } THEN 1 END) AS ikk_covered
}
CALL (r) {
  OPTIONAL MATCH (i:IndikatorKinerjaProgram {satker: r.satker, year: r.year})
  RETURN count(i) AS ikp,
         count(CASE WHEN EXISTS {
           (f:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[l1:SERVES]->
             (:IndikatorKinerjaKegiatan)-[l2:SERVES]->(i)
           WHERE l1.status <> 'rejected' AND l2.status <> 'rejected' AND f.jumlah > 0
         } THEN 1 END) AS ikp_covered
}
WITH r, budget, budget_linked, ikk, ikk_covered, ikp, ikp_covered,
     CASE WHEN budget > 0 THEN toFloat(budget_linked) / budget END AS budget_coverage,
     CASE WHEN ikk + ikp > 0 THEN toFloat(ikk_covered + ikp_covered) / (ikk + ikp) END
       AS indicator_coverage
WITH r, budget, budget_linked, ikk, ikk_covered, ikp, ikp_covered, budget_coverage,
     indicator_coverage,
     CASE WHEN $metric = 'indicators' THEN indicator_coverage ELSE budget_coverage END AS coverage
WHERE coverage IS NULL OR coverage < $threshold
OPTIONAL MATCH (s:Satker {code: r.satker})
RETURN r.satker AS satker, s.name AS satker_name, r.year AS year, r.revision AS revision,
       round(coverage, 4) AS coverage, budget, budget_linked,
       round(budget_coverage, 4) AS budget_coverage, ikk, ikk_covered, ikp, ikp_covered,
       round(indicator_coverage, 4) AS indicator_coverage
ORDER BY coverage ASC, budget DESC, satker, year
