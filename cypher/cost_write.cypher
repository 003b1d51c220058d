// Write satker-years' cost trees (komponen → akun → details) under their current KertasKerja,
// in one statement, hanging each komponen under the plan's Output with its RO code (the plan,
// a Bagian A's or the workbook's bare one, is already written).
// Parameters: $trees (list of {kk: uid of the KertasKerja, satker, year, komponen: [{props,
//   akun: [{props, details: [props]}]}]}), every props map exactly the node's properties
//   (tracker.graph.cost_model).
UNWIND $trees AS tree
MATCH (w:KertasKerja {uid: tree.kk})
UNWIND tree.komponen AS km
CREATE (w)-[:COSTS]->(komponen:Komponen:Cost)
SET komponen = km.props
WITH komponen, km, tree
CALL (komponen, tree) {
  MATCH (o:Output {satker: tree.satker, year: tree.year, code: komponen.ro_code})
  CREATE (o)-[:HAS_KOMPONEN]->(komponen)
}
CALL (komponen, km) {
  UNWIND km.akun AS a
  CREATE (komponen)-[:HAS_AKUN]->(akun:Akun:Cost)
  SET akun = a.props
  WITH akun, a
  UNWIND a.details AS d
  CREATE (akun)-[:HAS_DETAIL]->(detail:Detail:Cost)
  SET detail = d
}
