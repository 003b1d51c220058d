// Precedent for the matcher's suggestions: every pair people confirmed or added locally, in
// any satker-year (tracker.trace.linker keeps those, keys them by owner codes and normalized
// texts, and tells a suggestion "confirmed in N other satker-years" or "in this satker's
// previous year"). Read as whole maps and filtered in Python, so a young database without
// decisions names no unknown property (the server would warn on every link run).
// Parameters: none. Rows: decision (the LinkDecision's properties).
MATCH (d:LinkDecision)
RETURN properties(d) AS decision
