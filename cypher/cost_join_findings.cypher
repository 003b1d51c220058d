// Replace the join findings (rules ro-bagian-a, ro-not-in-bagian-a, ro-without-cost) of
// satker-years' current workbooks, made again after their Bagian A changed. The reader's own
// findings on the workbook stay.
// Parameters: $joins (list of {kk: uid of the KertasKerja, findings: list of Finding props}).
UNWIND $joins AS j
MATCH (w:KertasKerja {uid: j.kk})
CALL (w) {
  MATCH (w)-[:HAS_FINDING]->(f:Finding)
  WHERE f.rule IN ['ro-bagian-a', 'ro-not-in-bagian-a', 'ro-without-cost']
  DETACH DELETE f
}
CALL (w, j) {
  UNWIND j.findings AS f
  CREATE (w)-[:HAS_FINDING]->(n:Finding)
  SET n = f
}
