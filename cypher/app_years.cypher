// Dashboard: the budget years that have a current document, newest first (year picker).
// Parameters: none.
MATCH (r:Rka {current: true})
RETURN DISTINCT r.year AS year
ORDER BY year DESC
