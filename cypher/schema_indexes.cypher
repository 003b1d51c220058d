// Which indexes (including those backing uniqueness constraints) the database has, and
// whether they are online. Parameters: none.
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, owningConstraint
RETURN name, type, entityType, labelsOrTypes, properties, state, owningConstraint
ORDER BY name
