// The decisions to re-apply when the given satker-years are (re)linked.
// Parameters: $keys (list of {satker, year}).
UNWIND $keys AS key
MATCH (d:LinkDecision {satker: key.satker, year: key.year})
RETURN d {.*} AS decision
