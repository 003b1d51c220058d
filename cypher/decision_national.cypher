// Every national link decision (scope 'national'): re-applied in every satker-year holding
// its pair of texts whenever that satker-year is (re)linked (tracker.trace.linker).
// Parameters: none. Rows: decision (the LinkDecision's properties).
MATCH (d:LinkDecision {scope: 'national'})
RETURN d {.*} AS decision
