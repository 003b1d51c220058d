// Write satker-years' whole plans, each under its current Rka, in one statement: programs,
// their sasaran and IKP, kegiatan and IKK, outputs and IO, with the structural relationships.
// Nested UNWINDs create each node next to its parent, so no node is looked up again.
// Parameters: $plans (list of {rka: uid of the Rka that plans it, programs: list of
//   {props, sasaran: [{props, indicators: [props]}],
//    kegiatan: [{props, indicators: [props], outputs: [{props, indicators: [props]}]}]}}),
//   where every props map holds exactly the node's properties (tracker.graph.model).
UNWIND $plans AS plan
MATCH (r:Rka {uid: plan.rka})
UNWIND plan.programs AS p
CREATE (r)-[:PLANS]->(program:Program:Plan)
SET program = p.props
WITH program, p
CALL (program, p) {
  UNWIND p.sasaran AS s
  CREATE (program)-[:HAS_SASARAN]->(sasaran:SasaranProgram:Plan)
  SET sasaran = s.props
  WITH sasaran, s
  UNWIND s.indicators AS i
  CREATE (sasaran)-[:HAS_INDICATOR]->(ikp:IndikatorKinerjaProgram:Indikator:Plan)
  SET ikp = i
}
CALL (program, p) {
  UNWIND p.kegiatan AS k
  CREATE (kegiatan:Kegiatan:Plan)-[:FUNDS]->(program)
  SET kegiatan = k.props
  WITH kegiatan, k
  CALL (kegiatan, k) {
    UNWIND k.indicators AS i
    CREATE (kegiatan)-[:HAS_INDICATOR]->(ikk:IndikatorKinerjaKegiatan:Indikator:Plan)
    SET ikk = i
  }
  CALL (kegiatan, k) {
    UNWIND k.outputs AS o
    CREATE (output:Output:Plan)-[:FUNDS]->(kegiatan)
    SET output = o.props
    WITH output, o
    UNWIND o.indicators AS i
    CREATE (output)-[:HAS_INDICATOR]->(io:IndikatorOutput:Indikator:Plan)
    SET io = i
  }
}
