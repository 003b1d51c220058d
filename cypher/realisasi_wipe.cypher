// Benchmarks only (tracker bench kinerja): remove every realisation row, in batches, so the
// load is timed on an empty slate. Run in an auto-commit transaction. Parameters: none.
MATCH (x:Realisasi)
CALL (x) { DETACH DELETE x } IN TRANSACTIONS OF 10000 ROWS
