// Which satker-years hold a national decision's pair (the preview before deciding, and the
// satker-years to re-link after): the distinct texts of the source's and the target's owner
// codes across every satker-year, each with the satker-years writing it; the caller keeps the
// texts equal to the pair's once normalized (tracker.trace.matching) and intersects.
// Parameters: $source_level ('output' or 'kegiatan'), $source_owner (output or kegiatan code),
//   $target_owner (kegiatan or program code).
// Rows: side ('source' | 'target'), text, keys (list of {satker, year}).
CALL () {
  MATCH (o:Output {code: $source_owner})-[:HAS_INDICATOR]->(a:IndikatorOutput)
  WHERE $source_level = 'output' AND EXISTS { (o)-[:FUNDS]->(:Kegiatan {code: $target_owner}) }
  RETURN 'source' AS side, a.text AS text, collect(DISTINCT {satker: a.satker, year: a.year}) AS keys
  UNION ALL
  MATCH (k:Kegiatan {code: $target_owner})-[:HAS_INDICATOR]->(b:IndikatorKinerjaKegiatan)
  WHERE $source_level = 'output'
  RETURN 'target' AS side, b.text AS text, collect(DISTINCT {satker: b.satker, year: b.year}) AS keys
  UNION ALL
  MATCH (k:Kegiatan {code: $source_owner})-[:HAS_INDICATOR]->(a:IndikatorKinerjaKegiatan)
  WHERE $source_level = 'kegiatan' AND EXISTS { (k)-[:FUNDS]->(:Program {code: $target_owner}) }
  RETURN 'source' AS side, a.text AS text, collect(DISTINCT {satker: a.satker, year: a.year}) AS keys
  UNION ALL
  MATCH (p:Program {code: $target_owner})-[:HAS_SASARAN]->(:SasaranProgram)
        -[:HAS_INDICATOR]->(b:IndikatorKinerjaProgram)
  WHERE $source_level = 'kegiatan'
  RETURN 'target' AS side, b.text AS text, collect(DISTINCT {satker: b.satker, year: b.year}) AS keys
}
RETURN side, text, keys
