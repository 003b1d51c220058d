// Dashboard Keterlacakan/Graf: every plan node of one satker-year (all seven levels, and the
// RSPP ones: Output Program, Sasaran Kegiatan, KRO and their indicators) with its parent's
// uid, so the app can draw the tree and the graph from one round trip. An RO's parent stays
// its kegiatan (what it funds), beside its KRO.
// Parameters: $satker (satker code), $year (int).
MATCH (n:Plan {satker: $satker, year: $year})
OPTIONAL MATCH (parent)-[:HAS_SASARAN|HAS_INDICATOR|HAS_KRO|HAS_OUTPUT_PROGRAM]->(n)
OPTIONAL MATCH (n)-[:FUNDS]->(funded)
WITH n, coalesce(parent, funded) AS up
RETURN n.uid AS uid,
       [l IN labels(n) WHERE NOT l IN ['Plan', 'Indikator']][0] AS level,
       n.code AS code,
       coalesce(n.name, n.text) AS text,
       n.seq AS seq,
       n.angka_dasar AS angka_dasar,
       n.inisiatif_baru AS inisiatif_baru,
       n.jumlah AS jumlah,
       n.volume AS volume,
       n.unit AS unit,
       n.tag AS tag,
       up.uid AS parent
