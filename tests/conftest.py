"""Shared fixtures: a real Neo4j for the whole session, and a clean graph for each test; and
what several test modules share (documents written in tests, the dashboard, labelled links,
loads raced or killed midway, the server's own CPU read from /proc).

Tests never touch a developer's own database: unless ``NEO4J_URI`` or ``TRACKER_NEO4J_HOME`` /
``TRACKER_NEO4J_PORT`` say otherwise, they use the project's server in ``var/neo4j-test`` on
port 7690. These defaults are put into ``os.environ`` at import time, so everything run from a
test (CliRunner, subprocesses, the dashboard) reaches the same server.
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from neo4j import Driver, ManagedTransaction
from streamlit.testing.v1 import AppTest

from tracker.app import loading
from tracker.config import PROJECT_ROOT, Settings, load_settings
from tracker.graph import db, limits, loader, schema, server
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


# --- loads under concurrency and faults (test_loader, test_hardening_loads*) -----------------

# A load in a process of its own, to be killed midway: `tracker …`, and the app's loader (Muat).
TRACKER = [sys.executable, "-c", "from tracker.cli import main; main()"]
APP_LOAD = [
    sys.executable,
    "-c",
    "import sys; from pathlib import Path; from tracker.app import loading; "
    "loading.load_files([Path(p) for p in sys.argv[1:]])",
]

RACE_WINDOW = 0.5


class _SlowLockTx:
    """A loader transaction that, once its first statement has taken the satker's write lock
    (``load_lock_state``/``cost_lock_state``), holds it for RACE_WINDOW seconds before going
    on: two loads released together then surely overlap, so these tests show the lock at
    work rather than trusting two threads to collide by chance (without the lock the second
    load reads a stale state and fails on the revision's uniqueness)."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def run(self, text: str, parameters: dict | None = None, **kwargs: object):  # type: ignore[no-untyped-def, type-arg]
        result = self._tx.run(text, parameters, **kwargs)
        if "MERGE (s:Satker" in text:  # load_lock_state, cost_lock_state
            result.peek()  # the statement has run: the lock is held
            time.sleep(RACE_WINDOW)
        return result


@pytest.fixture
def race_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every loader transaction in this test holds its satker lock for RACE_WINDOW seconds."""
    write = loader._write

    def slow(tx: ManagedTransaction, docs: list, replace: bool):  # type: ignore[no-untyped-def, type-arg]
        return write(_SlowLockTx(tx), docs, replace)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_write", slow)


def together(*calls: Callable[[], object], join_s: float = 120) -> list[object]:
    """Run the calls on threads released at the same instant; re-raise the first failure."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int, call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except BaseException as exc:  # handed to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(join_s)
    if errors:
        raise errors[0]
    return results


def load_later(path_kind: str, path: Path, driver: Driver) -> Callable[[], object]:
    """A load of ``path`` as ``tracker load`` ("cli") or the app's Muat ("app") makes it, for
    :func:`together` to release: both paths share one loader, and so its guarantees. The
    app's is parsed now, as its upload is."""
    if path_kind == "cli":
        return lambda: loader.load_documents([path], driver, progress=False, link=False).results[0]
    doc = loading.parse_upload(path.read_bytes(), path.name)
    return lambda: loading.load(doc)


def _spawn(args: Sequence[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        list(args),
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(proc: subprocess.Popen[bytes], started: Callable[[], bool], within: float) -> None:
    """Until ``started()`` holds, the process ends or ``within`` seconds have passed."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and proc.poll() is None:
        if started():
            break
        time.sleep(0.02)


def kill_midway(args: Sequence[str], started: Callable[[], bool], within: float = 120) -> None:
    """Run ``args`` from the project root and SIGKILL it as soon as ``started()`` sees its
    first writes. Fails when it finished first: the test would prove nothing."""
    proc = _spawn(args, os.environ.copy())
    try:
        _wait_for(proc, started, within)
        assert proc.poll() is None, "the load finished before it could be killed"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    time.sleep(0.5)  # the server notices the dropped connection and rolls its transaction back


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[Settings, dict[str, str]]]:
    """A second Neo4j in this test's own home and port, so killing it harms nobody else."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    env |= {
        "TRACKER_NEO4J_HOME": str(tmp_path / "neo4j-kill"),
        "TRACKER_NEO4J_PORT": str(free_port()),
    }
    settings = load_settings(env)
    server.start(settings)
    settings = load_settings(env)
    try:
        yield settings, env
    finally:
        server.stop(settings, timeout=20)


def kill_server_midway(
    own: tuple[Settings, dict[str, str]],
    args: Sequence[str],
    started: Callable[[Driver], bool],
    within: float = 120,
) -> None:
    """Run ``args`` against the test's own server (``own_server``) and SIGKILL the server as
    soon as ``started`` sees the load's first writes; then kill the load (its retries would
    only wait for a server that is not there) and start the server again."""
    settings, env = own
    proc = _spawn(args, env)
    pid = server.running_pid(settings.home)
    assert pid is not None
    try:
        with db.open_driver(settings) as drv:
            _wait_for(proc, lambda: started(drv), within)
        assert proc.poll() is None, "the load finished before the server could be killed"
        os.kill(pid, signal.SIGKILL)
        while server._alive(pid):
            time.sleep(0.05)
        proc.kill()
        proc.wait()
        assert server.start(settings).started
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()


# --- the server's own CPU and memory, read from /proc (test_hardening_queries, _heldout) ------

TICK = os.sysconf("SC_CLK_TCK")
IDLE_CPU_PER_S = 0.2  # below this the JVM is doing background chores only
# What the measuring tests noted; test_hardening_heldout's last test prints them (run with -s).
FIGURES: list[str] = []
Measure = Callable[[str, Callable[[], object]], tuple[float, float]]


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seconds_to_idle(pid: int, within: float = 15.0) -> float:
    """Seconds until the server spends less than IDLE_CPU_PER_S of CPU per second."""
    t0 = time.monotonic()
    last = server_cpu(pid)
    while time.monotonic() - t0 < within:
        time.sleep(0.25)
        now = server_cpu(pid)
        if (now - last) / 0.25 < IDLE_CPU_PER_S:
            return time.monotonic() - t0
        last = now
    return float("inf")


@pytest.fixture(scope="module")
def server_pid(neo4j_settings: Settings) -> int:
    """The test server's JVM, whose CPU time /proc reports."""
    if neo4j_settings.external:
        pytest.skip("server CPU is read from /proc: needs the project's own server")
    pid = server.running_pid(neo4j_settings.home)
    if pid is None:
        pytest.skip("the test server was found answering without a pid file")
    return pid


@pytest.fixture(scope="module")
def limited(driver: Driver, neo4j_settings: Settings) -> None:
    """The server these tests hit carries the limits (a server started before they were
    added must be restarted once: `tracker db stop`)."""
    checked = limits.check(driver, neo4j_settings.database)
    missing = [c.setting for c in checked if (c.required and not c.ok) or c.ok is False]
    if missing:
        pytest.fail(f"the test server lacks {missing}: stop it so the next run restarts it")


@pytest.fixture
def measure(server_pid: int) -> Measure:
    """Run ``call``; return (server CPU seconds it cost until idle, seconds to idle after it
    returned), and note the figures for the report."""

    def run(label: str, call: Callable[[], object]) -> tuple[float, float]:
        seconds_to_idle(server_pid)  # what the fixtures set up (a wipe, a load) settles first
        before = server_cpu(server_pid)
        t0 = time.monotonic()
        try:
            call()
        finally:
            returned = time.monotonic() - t0
            idle = seconds_to_idle(server_pid)
            spent = server_cpu(server_pid) - before
            FIGURES.append(
                f"{label}: returned after {returned:.2f} s, idle {idle:.2f} s later, "
                f"server CPU {spent:.2f} s, server peak RSS {peak_rss_mb(server_pid):.0f} MB"
            )
            print(FIGURES[-1])
        return spent, idle

    return run


def assert_alive(driver: Driver, pid: int, neo4j_settings: Settings) -> None:
    """The same server process still answers (no OutOfMemoryError, no restart)."""
    assert server.running_pid(neo4j_settings.home) == pid, "the server process changed or died"
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
