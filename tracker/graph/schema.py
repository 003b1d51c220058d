"""Install the graph's constraints and indexes, idempotently, from ``cypher/schema.cypher``.

The schema is installed from that one file (neomodel cannot declare the composite
``(satker, year)`` indexes); the model's ``unique_index``/``index`` flags say the same for single
properties, and ``tests/test_model_api.py`` keeps the two in step. Every statement is
``CREATE … IF NOT EXISTS``, so ``tracker db init``, ``make run`` and the test fixture can all
run it every time. Installation waits for the indexes to come online, because a loader
racing a populating index would fall back to label scans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from neo4j import Driver

from tracker.graph.cypher import query, statements

SCHEMA_FILE = "schema"
_NAME = re.compile(r"^CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class IndexInfo:
    name: str
    type: str
    entity_type: str
    labels: tuple[str, ...]
    properties: tuple[str, ...]
    state: str
    owning_constraint: str | None


def declared_names() -> list[str]:
    """Names of every constraint and index ``cypher/schema.cypher`` declares, in file order."""
    names = []
    for stmt in statements(SCHEMA_FILE):
        match = _NAME.match(stmt)
        if match is None:
            raise ValueError(f"cypher/{SCHEMA_FILE}.cypher: statement without a name: {stmt!r}")
        names.append(match.group(1))
    return names


def install(driver: Driver, database: str | None = None, timeout_s: int = 300) -> list[str]:
    """Create whatever is missing and wait until every index is online.

    Returns the names of the constraints and indexes declared (all of which now exist).
    Each statement runs in its own auto-commit transaction: Neo4j refuses schema changes
    mixed with other work in one transaction.
    """
    for stmt in statements(SCHEMA_FILE):
        driver.execute_query(stmt, database_=database)
    with driver.session(database=database) as session:
        session.run(query("schema_await"), timeout=timeout_s).consume()
    return declared_names()


def indexes(driver: Driver, database: str | None = None) -> list[IndexInfo]:
    """The indexes the database has now (constraint-backed ones included)."""
    records, _, _ = driver.execute_query(query("schema_indexes"), database_=database)
    return [
        IndexInfo(
            name=r["name"],
            type=r["type"],
            entity_type=r["entityType"],
            labels=tuple(r["labelsOrTypes"] or ()),
            properties=tuple(r["properties"] or ()),
            state=r["state"],
            owning_constraint=r["owningConstraint"],
        )
        for r in records
    ]
