// Replace the SERVES links of the given satker-years with the ones the linker computed
// (matcher proposals merged with people's decisions). Runs in one transaction, so readers
// see either the old links or the new ones.
// Parameters: $keys (list of {satker, year}) whose links are replaced;
//   $io_links, $ikk_links (lists of {source, target, method, score, status, decided_by,
//   decided_at, origin, decided_from, reason}): IO -> IKK and IKK -> IKP links, ends given by
//   uid; origin says where the status comes from (matcher, local or national decision),
//   decided_from the satker-year a decision was made in, reason why the matcher proposed it.
// Returns: deleted, created.
CALL () {
  UNWIND $keys AS key
  MATCH (:Plan {satker: key.satker, year: key.year})-[r:SERVES]->()
  DELETE r
  RETURN count(r) AS deleted
}
CALL () {
  UNWIND $io_links AS l
  MATCH (a:IndikatorOutput {uid: l.source})
  MATCH (b:IndikatorKinerjaKegiatan {uid: l.target})
  CREATE (a)-[r:SERVES {method: l.method, score: l.score, status: l.status,
                        decided_by: l.decided_by, decided_at: l.decided_at, origin: l.origin,
                        decided_from: l.decided_from, reason: l.reason}]->(b)
  RETURN count(r) AS io_created
}
CALL () {
  UNWIND $ikk_links AS l
  MATCH (a:IndikatorKinerjaKegiatan {uid: l.source})
  MATCH (b:IndikatorKinerjaProgram {uid: l.target})
  CREATE (a)-[r:SERVES {method: l.method, score: l.score, status: l.status,
                        decided_by: l.decided_by, decided_at: l.decided_at, origin: l.origin,
                        decided_from: l.decided_from, reason: l.reason}]->(b)
  RETURN count(r) AS ikk_created
}
RETURN deleted, io_created + ikk_created AS created
