"""Read queries of the measure stage, with the server's notifications off: until the first
realisation is loaded, every query naming ``Realisasi``'s properties would otherwise make
the driver log a warning per property on every command."""

from __future__ import annotations

from typing import Any

from neo4j import READ_ACCESS, Driver, ManagedTransaction, NotificationMinimumSeverity

from tracker.graph import db
from tracker.graph.cypher import query


def rows(driver: Driver, name: str, database: str | None = None, **params: Any) -> list[dict]:
    """The rows of ``cypher/<name>.cypher`` as dicts, in a read transaction (retried on
    transient errors)."""
    text = query(name)

    def work(tx: ManagedTransaction) -> list[dict]:
        return [r.data() for r in tx.run(text, params)]

    with driver.session(
        database=db.database(database),
        default_access_mode=READ_ACCESS,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    ) as session:
        return session.execute_read(work)
