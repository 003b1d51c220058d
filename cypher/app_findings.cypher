// Dashboard Ringkasan: the parser's findings on the current document of one satker-year.
// Parameters: $satker (satker code), $year (int).
MATCH (:Rka {satker: $satker, year: $year, current: true})-[:HAS_FINDING]->(f:Finding)
RETURN f.rule AS rule, f.severity AS severity, f.code AS code, f.message AS message,
       f.line AS line
ORDER BY f.line, f.rule
