// Dashboard: the satkers with a current document for a year (satker picker, national list).
// Parameters: $year (int).
MATCH (s:Satker)-[:FILED]->(r:Rka {year: $year, current: true})
RETURN s.code AS satker, s.name AS name, s.province_name AS province,
       s.location_name AS location, r.total_jumlah AS jumlah
ORDER BY satker
