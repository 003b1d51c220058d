// The floor under the national roll-up (tracker bench links): only read the Jumlah of every
// output of one year, which any roll-up of money across satkers must at least do.
// Parameters: $year (int). Row: outputs, jumlah.
MATCH (o:Output {year: $year})
RETURN count(o) AS outputs, sum(o.jumlah) AS jumlah
