// Hang satker-years' current cost trees under the plan's Output with the same RO code: run
// after a workbook or a Bagian A (whose new plan has new Output nodes) is written, in the
// same transaction. Idempotent (MERGE).
// Parameters: $keys (list of {satker, year}). Returns attached (komponen-output pairs).
UNWIND $keys AS key
MATCH (:KertasKerja {satker: key.satker, year: key.year, current: true})-[:COSTS]->(km:Komponen)
MATCH (o:Output {satker: key.satker, year: key.year, code: km.ro_code})
MERGE (o)-[:HAS_KOMPONEN]->(km)
RETURN count(*) AS attached
