// Every national link decision (scope 'national'): re-applied in every satker-year holding
// its pair of texts whenever that satker-year is (re)linked (tracker.trace.linker). The scope is
// read from the properties map, so a database that never stored a decision (or only decisions
// written before scopes existed) names no unknown property.
// Parameters: none. Rows: decision (the LinkDecision's properties).
MATCH (d:LinkDecision)
WITH properties(d) AS decision
WHERE decision.scope = 'national'
RETURN decision
