"""Graph: the Neo4j model, schema, server, connection and loader."""
