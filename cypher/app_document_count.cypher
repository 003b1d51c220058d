// Dashboard: how many RKA documents are loaded at all (0 = show the first-run screen).
// Parameters: none.
MATCH (r:Rka)
RETURN count(r) AS documents
