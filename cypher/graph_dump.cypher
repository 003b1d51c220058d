// Everything in the database, in a stable order, for a fingerprint: one row per node (element
// id, labels, properties) and one per relationship (element id, type, ends, properties).
// Used to prove that a refused load left the database exactly as it was. Small graphs only.
// Parameters: none.
CALL () {
  MATCH (n)
  RETURN 'node' AS kind, elementId(n) AS id, labels(n) AS labels, properties(n) AS props,
         null AS start, null AS end
  UNION ALL
  MATCH (a)-[r]->(b)
  RETURN 'rel' AS kind, elementId(r) AS id, [type(r)] AS labels, properties(r) AS props,
         elementId(a) AS start, elementId(b) AS end
}
RETURN kind, id, labels, props, start, end
ORDER BY kind, id
