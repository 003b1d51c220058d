"""Cypher lives in ``cypher/*.cypher`` so it can be read, reviewed and reused by the CLI, the
dashboard and auditors alike; Python only asks for a query by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from neo4j import Driver, Record, RoutingControl

from tracker.graph import db

CYPHER_DIR = Path(__file__).resolve().parents[2] / "cypher"


@cache
def query(name: str) -> str:
    """The text of ``cypher/<name>.cypher`` (``name`` may include a subfolder, e.g.
    ``audits/unreconciled_totals``). Header comments are kept: Cypher ignores them."""
    path = (CYPHER_DIR / f"{name}.cypher").resolve()
    if CYPHER_DIR not in path.parents:
        raise ValueError(f"query name {name!r} points outside {CYPHER_DIR}")
    if not path.exists():
        raise FileNotFoundError(f"no query named {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """A file holding several statements separated by ``;`` (schema files), split apart,
    with ``//`` comment lines dropped."""
    text = "\n".join(
        line for line in query(name).splitlines() if not line.lstrip().startswith("//")
    )
    return [s.strip() for s in text.split(";") if s.strip()]


def read(driver: Driver, name: str, database: str | None = None, **params: Any) -> list[Record]:
    """The records of the read-only query ``name``, routed to a server that takes reads (in
    a cluster, a follower), in ``database`` or the configured one."""
    records, _, _ = driver.execute_query(
        query(name), params, database_=db.database(database), routing_=RoutingControl.READ
    )
    return records
