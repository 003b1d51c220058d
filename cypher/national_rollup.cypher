// The national roll-up's input (tracker.trace.coverage.national_rollup), reduced next to the data so
// only a few maps per satker cross the wire. Parameters: $year (int). One row:
// * ikps: every IKP of the year with its program code, satker, code, text and `funded`, the
//   Jumlah of its program's funded outputs (the structural fallback);
// * chains: one per active (not rejected) IKK -> IKP link: the IKP's uid, the link's status,
//   `io` (funded outputs whose IO has an active link to that IKK: code, Jumlah, link status)
//   and `structural` (funded outputs of the IKK's kegiatan: code, Jumlah; left empty when
//   `io` is not, as the coverage rules then ignore it).
// tracker.trace.coverage applies the same coverage rules to these as to one satker-year.
CALL () {
  MATCH (prog:Program {year: $year})
  OPTIONAL MATCH (o:Output)-[:FUNDS]->(:Kegiatan)-[:FUNDS]->(prog)
  WHERE o.jumlah > 0
  WITH prog, coalesce(sum(o.jumlah), 0) AS funded
  MATCH (prog)-[:HAS_SASARAN]->(:SasaranProgram)-[:HAS_INDICATOR]->(p:IndikatorKinerjaProgram)
  RETURN collect({uid: p.uid, program: prog.code, satker: p.satker, code: p.code,
                  text: p.text, funded: funded}) AS ikps
}
CALL () {
  MATCH (k:IndikatorKinerjaKegiatan)-[l:SERVES]->(p:IndikatorKinerjaProgram {year: $year})
  WHERE l.status <> 'rejected'
  WITH k, l, p,
       [(o:Output)-[:HAS_INDICATOR]->(:IndikatorOutput)-[s:SERVES]->(k)
        WHERE s.status <> 'rejected' AND o.jumlah > 0
        | {output: o.code, jumlah: o.jumlah, status: s.status}] AS io
  // The kegiatan's outputs only matter when no IO link reaches the IKK.
  WITH l, p, io,
       CASE WHEN size(io) > 0 THEN [] ELSE
         [(o:Output)-[:FUNDS]->(:Kegiatan)-[:HAS_INDICATOR]->(k) WHERE o.jumlah > 0
          | {output: o.code, jumlah: o.jumlah}]
       END AS structural
  RETURN collect({ikp: p.uid, status: l.status, io: io, structural: structural}) AS chains
}
RETURN ikps, chains
