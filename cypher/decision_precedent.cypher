// Precedent for the matcher's suggestions: every pair people confirmed or added locally, in
// any satker-year (tracker.trace.linker keys them by owner codes and normalized texts, and
// tells a suggestion "confirmed in N other satker-years" or "in this satker's previous year").
// Read as whole maps, so a young database without decisions names no unknown property.
// Parameters: none. Rows: decision (the LinkDecision's properties).
MATCH (d:LinkDecision)
WHERE d.action IN ['confirm', 'add'] AND coalesce(d.scope, 'local') = 'local'
RETURN d {.*} AS decision
