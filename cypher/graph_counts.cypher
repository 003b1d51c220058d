// How many nodes carry each label and how many relationships have each type (a cheap picture
// of the whole graph for load summaries and tests). Parameters: none.
// Rows: kind ('label' or 'type'), name, count.
CALL () {
  MATCH (n)
  UNWIND labels(n) AS name
  RETURN 'label' AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'type' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
ORDER BY kind, name
