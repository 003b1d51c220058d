// The local decisions to re-apply when the given satker-years are (re)linked (national ones,
// whose satker and year only say where they were made, come from decision_national.cypher).
// Parameters: $keys (list of {satker, year}).
UNWIND $keys AS key
MATCH (d:LinkDecision {satker: key.satker, year: key.year})
WHERE coalesce(d.scope, 'local') = 'local'
RETURN d {.*} AS decision
