"""Shared fixtures: a real Neo4j for the whole session, and a clean graph for each test.

Tests never touch a developer's own database: unless ``NEO4J_URI`` or ``TRACKER_NEO4J_HOME`` /
``TRACKER_NEO4J_PORT`` say otherwise, they use the project's server in ``var/neo4j-test`` on
port 7690. These defaults are put into ``os.environ`` at import time, so everything run from a
test (CliRunner, subprocesses, the dashboard) reaches the same server.
"""

from __future__ import annotations

import csv
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from neo4j import Driver
from streamlit.testing.v1 import AppTest

from tracker.config import PROJECT_ROOT, Settings, load_settings
from tracker.graph import db, loader, schema, server
from tracker.graph.cypher import query
from tracker.read.document import parse_text
from tracker.trace import linker

# The real RKA Satker (670714, 2020) most tests are written against. Test modules import it
# (`from conftest import SEED, wipe`) where a fixture cannot reach: module constants, parameters.
SEED = PROJECT_ROOT / "seeds" / "000_d6421c3a26a2bf97.txt"

# The plan's node labels in document order, as the loader counts them and Ringkasan lists them.
PLAN_LABELS = [
    "Program",
    "SasaranProgram",
    "IndikatorKinerjaProgram",
    "Kegiatan",
    "IndikatorKinerjaKegiatan",
    "Output",
    "IndikatorOutput",
]

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


def free_port() -> int:
    """A loopback port nobody listens on now (for a test's own server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


DB_FIXTURES = {"neo4j_settings", "driver", "graph", "seeded_graph"}


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


def wipe(driver: Driver, database: str | None = None, *, schema_too: bool = True) -> None:
    """Empty the database (the load benchmark's batched wipe: ``CALL … IN TRANSACTIONS`` needs
    an auto-commit run) and make sure the schema is installed."""
    database = db.database(database)
    with driver.session(database=database) as session:
        session.run(query("bench_wipe")).consume()
    if schema_too:
        _install_schema(driver, database)


@pytest.fixture
def graph(driver: Driver, neo4j_settings: Settings) -> Iterator[Driver]:
    """An empty database with the schema installed, neomodel connected to it."""
    wipe(driver, neo4j_settings.database)
    db.connect_neomodel(driver, neo4j_settings)
    yield driver


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


def seed_text(**replacements: tuple[str, str]) -> str:
    """The seed with some text replaced (each replacement must apply): a variant document
    without a file of its own."""
    text = SEED.read_text(encoding="utf-8")
    for old, new in replacements.values():
        assert old in text, old
        text = text.replace(old, new)
    return text


def load(driver: Driver, text: str, name: str = "seed.txt") -> None:
    """Load (and link) one document given as text; it must load without a linker error."""
    result = loader.load_document(parse_text(text, source=name), driver)
    assert result.status in ("loaded", "replaced") and not result.link_error, result


def load_seed(driver: Driver) -> loader.LoadSummary:
    """Load and link the seed (nothing happens when it is already loaded)."""
    return loader.load_documents([SEED], driver, progress=False)


@pytest.fixture
def seeded_graph(graph: Driver) -> Driver:
    """The seed document loaded and linked into an otherwise empty database."""
    summary = load_seed(graph)
    assert [r.status for r in summary.results] == ["loaded"], summary.results
    return graph


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


# --- documents written in tests ------------------------------------------------------------


def rows(text: str) -> str:
    """Table rows written with ``|`` between cells, padded to the export's six cells."""
    out = []
    for line in text.strip("\n").split("\n"):
        cells = line.split("|")
        out.append("\t".join(cells + [""] * (6 - len(cells))))
    return "\n".join(out) + "\n"


def without_lines(value: Any) -> Any:
    """A record tree (``to_dict()``) without what depends on the file: line numbers, so a
    PDF and the text it was printed from compare equal."""
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if k != "line"}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value


# --- the dashboard ---------------------------------------------------------------------------


def open_app(page: str | None = None, timeout: float = 60, **params: str) -> AppTest:
    """Run the dashboard in-process with ``params`` in its URL, switched to ``page`` if one
    is named; it must show no exception."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"tracker/app/pages/{page}.py").run()
    assert not at.exception, [(e.message, e.stack_trace[-3:]) for e in at.exception]
    return at


# --- labelled links (the matcher's precision and recall) -------------------------------------

Pair = tuple[str, int, str, str]  # satker, year, source uid, target uid


def labelled_rows(folder: Path) -> list[dict[str, str]]:
    """The rows of a labelled set's ``expected_links.csv``."""
    with open(folder / "expected_links.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def labelled_pairs(graph: Driver, labelled: list[dict[str, str]]) -> dict[Pair, dict[str, str]]:
    """Each labelled link as the indicator uids it names in the loaded graph, with its row."""
    # Imported here: the module reads TRACKER_DECISIONS_FILE when imported, after this file
    # has pointed it into var/test (above), never at the tracked seeds/ file.
    from tracker.trace import decisions

    keys = sorted({(r["satker"], int(r["year"])) for r in labelled})
    years = linker.fetch(graph, keys)
    out = {}
    for r in labelled:
        sy = years[(r["satker"], int(r["year"]))]
        src = decisions.find_indicator(sy, r["source"])
        tgt = decisions.find_indicator(sy, r["target"])
        out[(sy.satker, sy.year, src.uid, tgt.uid)] = r
    return out


def planned_pairs(graph: Driver, keys: list[tuple[str, int]], recall: bool) -> set[Pair]:
    """The links the matcher proposes (confirmed or suggested) in these satker-years, with
    the recall rungs or without (the ladder of issue 5)."""
    out = set()
    for key, sy in linker.fetch(graph, keys).items():
        links, _ = linker.plan_links(sy, recall=recall)
        out |= {(*key, lk["source"], lk["target"]) for lk in links if lk["status"] != "rejected"}
    return out


def precision_recall(found: set[Pair], expected: set[Pair]) -> tuple[float, float]:
    hits = len(found & expected)
    return (hits / len(found) if found else 1.0), hits / len(expected)
