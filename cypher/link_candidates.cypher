// The linker's input: every indicator of the given satker-years, with the groups it may be
// matched in. An IO is matched against IKK of its own kegiatan; an IKK against IKP of its own
// program. `source_group` is the group an indicator looks for targets in, `target_group` the
// group in which it can be found as a target (both are uids of a Kegiatan or Program).
// Parameters: $keys (list of {satker, year}).
// Rows: satker, year, level ('output'|'kegiatan'|'program'), uid, owner (code of the output,
//   kegiatan or program the indicator belongs to), code, seq, text, source_group, target_group,
//   by_name (true: it stands for the name of an RSPP RO that lists no indicator; read from the
//   properties map, as a graph of 2020 documents never stores the key).
UNWIND $keys AS key
CALL (key) {
  MATCH (o:Output {satker: key.satker, year: key.year})-[:HAS_INDICATOR]->(i:IndikatorOutput)
  MATCH (o)-[:FUNDS]->(k:Kegiatan)
  RETURN 'output' AS level, i, o.code AS owner, k.uid AS source_group, null AS target_group
  UNION ALL
  MATCH (k:Kegiatan {satker: key.satker, year: key.year})-[:HAS_INDICATOR]->(i:IndikatorKinerjaKegiatan)
  MATCH (k)-[:FUNDS]->(p:Program)
  RETURN 'kegiatan' AS level, i, k.code AS owner, p.uid AS source_group, k.uid AS target_group
  UNION ALL
  MATCH (p:Program {satker: key.satker, year: key.year})-[:HAS_SASARAN]->(:SasaranProgram)
        -[:HAS_INDICATOR]->(i:IndikatorKinerjaProgram)
  RETURN 'program' AS level, i, p.code AS owner, null AS source_group, p.uid AS target_group
}
RETURN key.satker AS satker, key.year AS year, level, i.uid AS uid, owner, i.code AS code,
       i.seq AS seq, i.text AS text, source_group, target_group,
       coalesce(properties(i).by_name, false) AS by_name
