// People's link decisions, for export and for the dashboard's history of a satker-year. Read
// through the properties map, so a database that never stored a decision names no unknown
// property (the server would warn on every export).
// Parameters: $satker (code or null for all), $year (int or null for all).
MATCH (d:LinkDecision)
WITH properties(d) AS decision
WHERE ($satker IS NULL OR decision.satker = $satker) AND ($year IS NULL OR decision.year = $year)
RETURN decision
ORDER BY decision.satker, decision.year, decision.source_level DESC, decision.source_owner,
         decision.source_seq, decision.target_owner, decision.target_seq
