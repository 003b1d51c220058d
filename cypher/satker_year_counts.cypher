// For every satker-year with a current document: its Rka, and how many nodes of each plan
// level are reachable from it (programs, then HAS_SASARAN / HAS_INDICATOR / FUNDS and the RSPP
// HAS_KRO / HAS_OUTPUT_PROGRAM within the plan tree) and how many findings it has. A complete
// load shows exactly the counts of its parsed document; tests use it to prove no satker-year
// is ever partial.
// Parameters: none.
// Rows: satker, year, uid, file_name, content_hash, plan (list of [label, count]), findings.
MATCH (r:Rka {current: true})
CALL (r) {
  OPTIONAL MATCH (r)-[:PLANS]->(:Program)
        -[:HAS_SASARAN|HAS_INDICATOR|FUNDS|HAS_KRO|HAS_OUTPUT_PROGRAM*0..]-(n:Plan)
  WITH DISTINCT n
  WHERE n IS NOT NULL
  WITH [l IN labels(n) WHERE NOT l IN ['Plan', 'Indikator']][0] AS label, count(*) AS c
  RETURN collect([label, c]) AS plan
}
CALL (r) {
  OPTIONAL MATCH (r)-[:HAS_FINDING]->(f:Finding)
  RETURN count(f) AS findings
}
RETURN r.satker AS satker, r.year AS year, r.uid AS uid, r.file_name AS file_name,
       r.content_hash AS content_hash, plan, findings
ORDER BY satker, year
