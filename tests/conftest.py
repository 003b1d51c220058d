"""Shared fixtures: a real Neo4j for the whole session, and a clean graph for each test.

Tests never touch a developer's own database: unless ``NEO4J_URI`` or ``TRACKER_NEO4J_HOME`` /
``TRACKER_NEO4J_PORT`` say otherwise, they use the project's server in ``var/neo4j-test`` on
port 7690. These defaults are put into ``os.environ`` at import time, so everything run from a
test (CliRunner, subprocesses, the dashboard) reaches the same server.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

import pytest
from click.testing import CliRunner, Result
from neo4j import Driver

from tracker.config import PROJECT_ROOT, Settings, load_settings
from tracker.graph import db, schema, server

TEST_HOME = PROJECT_ROOT / "var" / "neo4j-test"
TEST_PORT = 7690

if not os.environ.get("NEO4J_URI"):
    os.environ.setdefault("TRACKER_NEO4J_HOME", str(TEST_HOME))
    os.environ.setdefault("TRACKER_NEO4J_PORT", str(TEST_PORT))
# Decisions made by tests (CLI, dashboard) are exported here, never into the tracked seeds/ file;
# the audit console's log likewise.
os.environ.setdefault(
    "TRACKER_DECISIONS_FILE", str(PROJECT_ROOT / "var" / "test" / "link_decisions.csv")
)
os.environ.setdefault("TRACKER_AUDIT_LOG", str(PROJECT_ROOT / "var" / "test" / "audit-log.jsonl"))

DB_FIXTURES = {"neo4j_settings", "driver", "graph"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that needs the database carries the ``neo4j`` mark (`-m "not neo4j"` runs
    the pure ones), without each author having to remember it."""
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


def _install_schema(driver: Driver, database: str) -> None:
    online = {i.name for i in schema.indexes(driver, database) if i.state == "ONLINE"}
    if not set(schema.declared_names()) <= online:  # a cheap check: installing takes ~0.3 s
        schema.install(driver, database=database)


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """The test server's settings. An external server (NEO4J_URI) or a local one already
    running is reused; otherwise one is started here and stopped at the end of the session."""
    settings = load_settings()
    started = False
    if not settings.external:
        try:
            result = server.start(settings)
        except server.ServerError as exc:
            pytest.fail(f"could not start the test Neo4j: {exc}\n{exc.log_tail}", pytrace=False)
        started = result.started
        settings = load_settings()  # the password file exists now
    try:
        db.verify(settings)
    except db.DatabaseUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield settings
    db.close()
    if started:
        server.stop(settings)


@pytest.fixture(scope="session")
def driver(neo4j_settings: Settings) -> Driver:
    return db.get_driver(neo4j_settings)


@pytest.fixture
def graph(driver: Driver, neo4j_settings: Settings) -> Iterator[Driver]:
    """An empty database with the schema installed, neomodel connected to it."""
    with driver.session(database=neo4j_settings.database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    _install_schema(driver, neo4j_settings.database)
    db.connect_neomodel(driver, neo4j_settings)
    yield driver


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``tracker …`` in-process, as a user would type it; returns click's Result
    (exit_code, output, stderr)."""
    from tracker.cli import main

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
        argv: Sequence[str] = [str(a) for a in args]
        return runner.invoke(main, argv, env=env, catch_exceptions=True)

    return invoke
