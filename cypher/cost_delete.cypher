// Delete satker-years' cost trees (every :Cost node) before a new or replacing workbook
// version writes its own, and, where the satker-year has no Bagian A (`bare`), the bare plan
// the previous workbook wrote (then every :Plan node of the satker-year is that plan).
// Parameters: $keys (list of {satker, year, bare: bool}). Returns the nodes deleted.
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (n:Cost {satker: key.satker, year: key.year})
  DETACH DELETE n
  RETURN count(n) AS costs
}
CALL (key) {
  OPTIONAL MATCH (n:Plan {satker: key.satker, year: key.year})
  WHERE key.bare
  DETACH DELETE n
  RETURN count(n) AS plan
}
RETURN sum(costs + plan) AS deleted
