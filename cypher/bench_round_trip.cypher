// Benchmarks: the cheapest query there is, whose time is the round trip every query pays
// (the baseline `tracker bench kinerja` compares against). Parameters: none.
RETURN 1 AS one
