// Empty the database the load benchmark writes into (only after its emptiness check or an
// explicit --wipe). Batched, so it needs an auto-commit transaction. Parameters: none.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
