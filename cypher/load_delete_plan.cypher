// Delete satker-years' plans (every :Plan node of each, with its relationships, including
// inferred SERVES links) before a new or replacing revision writes its own. Document records
// (Rka) and their findings stay.
// Parameters: $keys (list of {satker, year}). Returns the number of nodes deleted.
UNWIND $keys AS key
MATCH (n:Plan {satker: key.satker, year: key.year})
DETACH DELETE n
RETURN count(n) AS deleted
