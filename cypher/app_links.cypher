// Dashboard Keterlacakan/Graf: every inferred or decided SERVES link of one satker-year
// (IO → IKK and IKK → IKP) with its evidence.
// Parameters: $satker (satker code), $year (int).
MATCH (a:Plan {satker: $satker, year: $year})-[l:SERVES]->(b:Indikator)
RETURN a.uid AS source, b.uid AS target,
       l.method AS method, l.score AS score, l.status AS status,
       l.decided_by AS decided_by, l.decided_at AS decided_at
