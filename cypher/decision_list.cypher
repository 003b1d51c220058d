// People's link decisions, for export and for the dashboard's history of a satker-year.
// Parameters: $satker (code or null for all), $year (int or null for all).
MATCH (d:LinkDecision)
WHERE ($satker IS NULL OR d.satker = $satker) AND ($year IS NULL OR d.year = $year)
RETURN d {.*} AS decision
ORDER BY d.satker, d.year, d.source_level DESC, d.source_owner, d.source_seq,
         d.target_owner, d.target_seq
