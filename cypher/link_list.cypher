// Every indicator-to-indicator link of one satker-year (IO -> IKK, IKK -> IKP) with both ends
// described by level, owner code, indicator code, seq and text, and the link's evidence
// (`evidence`: the SERVES properties method, score, status and, once decided, decided_by and
// decided_at; read as a map because undecided links do not carry the last two).
// Used by `tracker links`, tracker.trace.linker.links() and the dashboard.
// Parameters: $satker (satker code), $year (int).
CALL () {
  MATCH (o:Output {satker: $satker, year: $year})-[:HAS_INDICATOR]->(a:IndikatorOutput)
        -[r:SERVES]->(b:IndikatorKinerjaKegiatan)<-[:HAS_INDICATOR]-(k:Kegiatan)
  RETURN 'output' AS source_level, o.code AS source_owner, a AS source, r,
         'kegiatan' AS target_level, k.code AS target_owner, b AS target
  UNION ALL
  MATCH (k:Kegiatan {satker: $satker, year: $year})-[:HAS_INDICATOR]->(a:IndikatorKinerjaKegiatan)
        -[r:SERVES]->(b:IndikatorKinerjaProgram)<-[:HAS_INDICATOR]-(:SasaranProgram)
        <-[:HAS_SASARAN]-(p:Program)
  RETURN 'kegiatan' AS source_level, k.code AS source_owner, a AS source, r,
         'program' AS target_level, p.code AS target_owner, b AS target
}
RETURN source_level, source_owner, source.code AS source_code, source.seq AS source_seq,
       source.text AS source_text, source.uid AS source_uid,
       target_level, target_owner, target.code AS target_code, target.seq AS target_seq,
       target.text AS target_text, target.uid AS target_uid,
       properties(r) AS evidence
ORDER BY source_level DESC, source_owner, source_seq, target_owner, target_seq
