// Delete one satker-year from the graph (an admin's action): its plan (every :Plan node, with
// the SERVES links between them), its cost detail (Cost), its monthly realisation (Realisasi),
// every document record (Rka, KertasKerja) of that year and their findings,
// and the Satker itself when it filed nothing else. People's link decisions (LinkDecision) stay:
// they are keyed by stable text, not by node, so reloading the document brings them back.
// Parameters: $satker (string, satker code), $year (integer). Returns the nodes deleted.
OPTIONAL MATCH (n:Plan {satker: $satker, year: $year})
WITH collect(n) AS plan
OPTIONAL MATCH (c:Cost {satker: $satker, year: $year})
WITH plan, collect(c) AS costs
OPTIONAL MATCH (m:Realisasi {satker: $satker, year: $year})
WITH plan, costs, collect(m) AS months
WITH plan + costs + months AS plan
OPTIONAL MATCH (r:Rka|KertasKerja {satker: $satker, year: $year})
OPTIONAL MATCH (r)-[:HAS_FINDING]->(f:Finding)
WITH plan, collect(DISTINCT r) AS records, collect(DISTINCT f) AS findings
WITH plan + records + findings AS doomed
FOREACH (x IN doomed | DETACH DELETE x)
WITH size(doomed) AS deleted
OPTIONAL MATCH (s:Satker {code: $satker})
WHERE NOT (s)-[:FILED]->(:Rka|KertasKerja)
FOREACH (x IN CASE WHEN s IS NULL THEN [] ELSE [s] END | DETACH DELETE x)
RETURN deleted + CASE WHEN s IS NULL THEN 0 ELSE 1 END AS deleted
