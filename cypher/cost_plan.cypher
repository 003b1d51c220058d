// Write the bare plan of satker-years that have a workbook but no Bagian A yet: programs,
// kegiatan and ROs (as Output, with no indicators), under the current KertasKerja, so the
// ROs exist and their cost trees hang somewhere. A Bagian A's plan replaces it.
// Parameters: $plans (list of {kk: uid of the KertasKerja, programs: the shape of
//   tracker.graph.loader.plan_param: [{props, kegiatan: [{props, outputs: [{props}]}]}]}).
UNWIND $plans AS plan
MATCH (w:KertasKerja {uid: plan.kk})
UNWIND plan.programs AS p
CREATE (w)-[:PLANS]->(program:Program:Plan)
SET program = p.props
WITH program, p
CALL (program, p) {
  UNWIND p.kegiatan AS k
  CREATE (kegiatan:Kegiatan:Plan)-[:FUNDS]->(program)
  SET kegiatan = k.props
  WITH kegiatan, k
  UNWIND k.outputs AS o
  CREATE (output:Output:Plan)-[:FUNDS]->(kegiatan)
  SET output = o.props
}
