// Which satker-years have a current plan to link (tracker link run / link_all).
// Parameters: $year (int or null for every year), $satker (code or null for every satker).
MATCH (r:Rka {current: true})
WHERE ($year IS NULL OR r.year = $year) AND ($satker IS NULL OR r.satker = $satker)
RETURN DISTINCT r.satker AS satker, r.year AS year
ORDER BY year, satker
