// Write satker-years' whole plans, each under its current Rka, in one statement: programs,
// their sasaran and IKP, kegiatan and IKK, outputs and IO, with the structural relationships;
// for RSPP documents also Output Program, Sasaran Kegiatan (measured by IKK), KRO and their
// indicators, each KRO joined to its ROs (the Output nodes).
// Nested UNWINDs create each node next to its parent; only a Sasaran Kegiatan's IKK and a
// KRO's ROs are looked up again, by seq, among their kegiatan's own children.
// Parameters: $plans (list of {rka: uid of the Rka that plans it, programs: list of
//   {props, sasaran: [{props, indicators: [props]}],
//    output_program: [{props, indicators: [props]}],
//    kegiatan: [{props, indicators: [props], outputs: [{props, indicators: [props]}],
//                sasaran: [{props, ikk: [IKK seq]}],
//                kro: [{props, indicators: [props], ros: [Output seq]}]}]}}),
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
  UNWIND p.output_program AS op
  CREATE (program)-[:HAS_OUTPUT_PROGRAM]->(outprog:OutputProgram:Plan)
  SET outprog = op.props
  WITH outprog, op
  UNWIND op.indicators AS i
  CREATE (outprog)-[:HAS_INDICATOR]->(iop:IndikatorOutputProgram:Indikator:Plan)
  SET iop = i
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
  CALL (kegiatan, k) {
    UNWIND k.sasaran AS s
    CREATE (kegiatan)-[:HAS_SASARAN]->(sk:SasaranKegiatan:Plan)
    SET sk = s.props
    WITH kegiatan, sk, s
    UNWIND s.ikk AS n
    MATCH (kegiatan)-[:HAS_INDICATOR]->(ikk:IndikatorKinerjaKegiatan {seq: n})
    CREATE (ikk)-[:MEASURES]->(sk)
  }
  CALL (kegiatan, k) {
    UNWIND k.kro AS r
    CREATE (kegiatan)-[:HAS_KRO]->(kro:Kro:Plan)
    SET kro = r.props
    WITH kegiatan, kro, r
    CALL (kro, r) {
      UNWIND r.indicators AS i
      CREATE (kro)-[:HAS_INDICATOR]->(ikro:IndikatorKro:Indikator:Plan)
      SET ikro = i
    }
    CALL (kegiatan, kro, r) {
      UNWIND r.ros AS n
      MATCH (ro:Output {seq: n})-[:FUNDS]->(kegiatan)
      CREATE (kro)-[:HAS_RO]->(ro)
    }
  }
}
