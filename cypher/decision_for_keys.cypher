// The local decisions to re-apply when the given satker-years are (re)linked (national ones,
// whose satker and year only say where they were made, come from decision_national.cypher).
// Parameters: $keys (list of {satker, year}).
// The scope is read from the properties map: no warning on a database that never stored one.
UNWIND $keys AS key
MATCH (d:LinkDecision {satker: key.satker, year: key.year})
WITH properties(d) AS decision
WHERE coalesce(decision.scope, 'local') = 'local'
RETURN decision
