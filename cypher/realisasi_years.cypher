// The years a satker has a plan on record for, oldest first (year-over-year measures).
// Parameters: $satker (satker code).
// One row per year: year.
MATCH (r:Rka {satker: $satker, current: true})
RETURN DISTINCT r.year AS year
ORDER BY year
