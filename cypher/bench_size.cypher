// How much the database holds: the load benchmark refuses to wipe one that holds anything
// (unless told to), and reports what it wrote. Parameters: none. Row: nodes, relationships.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
