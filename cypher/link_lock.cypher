// Start re-linking some satker-years: write-lock their Satker nodes (a no-op SET takes the
// lock) so two re-links of one satker, or a load and a re-link, queue up instead of one
// writing links from decisions the other has not seen. Keys come sorted, so batches lock in
// the same order and cannot deadlock each other.
// Parameters: $keys (list of {satker, year}). Returns: locked (Satker nodes locked).
UNWIND $keys AS key
MATCH (s:Satker {code: key.satker})
SET s.code = s.code
RETURN count(DISTINCT s) AS locked
