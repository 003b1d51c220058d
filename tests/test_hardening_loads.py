"""Loads under concurrency and faults, against the real server: two loads of one satker-year
at once, a link decision taken while a reload runs, a loader killed with SIGKILL, and the Neo4j
server itself killed mid-load (a second server of this test's own, so the shared one lives).

``tracker load`` (tracker.graph.loader) and the app's Muat path (tracker.app.loading) are both
exercised: they share one loader, and so its guarantees.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import SEED, free_port
from neo4j import Driver, GraphDatabase, ManagedTransaction
from test_loader import counts, expected_graph, plan_counts, satker_years, variant

from tracker.app import loading
from tracker.config import PROJECT_ROOT, Settings, load_settings
from tracker.graph import loader, schema, server
from tracker.graph.loader import expected_counts, load_documents
from tracker.read.document import parse_file
from tracker.synth import rka as synth
from tracker.trace import decisions, linker

SATKER, YEAR = "670714", 2020
CONFIRM_SUGGESTED = ("output:3355.007#1", "kegiatan:3355#5")


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


RACE_WINDOW = 0.5


@pytest.fixture
def race_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every loader transaction in this test holds its satker lock for RACE_WINDOW seconds."""
    write = loader._write

    def slow(tx: ManagedTransaction, docs: list, replace: bool):  # type: ignore[no-untyped-def, type-arg]
        return write(_SlowLockTx(tx), docs, replace)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_write", slow)


def revised(tmp_path: Path, n: int = 1) -> Path:
    """The seed with another satker name: another content, so another revision."""
    return variant(
        tmp_path,
        f"revised{n}.txt",
        satker=("(670714) KPU KOTA SERANG", f"(670714) KPU KOTA SERANG REVISI {n}"),
    )


def _together(*calls: Callable[[], object]) -> list[object]:
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
        th.join(120)
    if errors:
        raise errors[0]
    return results


def _unlinked(graph: dict[str, int]) -> dict[str, int]:
    """The counts without the matcher's links (the app's loader links, the plan is the same)."""
    return {k: v for k, v in graph.items() if k != ":SERVES"}


def _revisions(driver: Driver) -> list[tuple[int, bool]]:
    records, _, _ = driver.execute_query(
        "MATCH (r:Rka {satker: $s, year: $y}) RETURN r.revision AS n, r.current AS current "
        "ORDER BY n",
        s=SATKER,
        y=YEAR,
    )
    return [(r["n"], r["current"]) for r in records]


def _one_whole_current_plan(driver: Driver, *paths: Path) -> None:
    docs = {doc.content_hash: doc for doc in map(parse_file, paths)}
    rows = satker_years(driver)
    assert list(rows) == [(SATKER, YEAR)]
    row = rows[(SATKER, YEAR)]
    current = docs[row["content_hash"]]
    assert plan_counts(row) == expected_counts(current)
    graph = counts(driver)
    expected = expected_graph(current)
    # every revision keeps its record; only the current one has a plan
    assert graph["Rka"] == len(paths)
    records = ("Rka", ":FILED", "Finding", ":HAS_FINDING", ":SERVES")  # links: not the plan
    plan = {k: v for k, v in graph.items() if k not in records}
    assert plan == {k: v for k, v in expected.items() if k not in records}


# --- two loads of one satker-year at once ------------------------------------------------------


@pytest.mark.usefixtures("race_window")
@pytest.mark.parametrize("path_kind", ["cli+cli", "app+app", "cli+app"])
def test_two_loads_of_one_satker_year_at_once_end_as_two_revisions(
    graph: Driver, tmp_path: Path, path_kind: str
) -> None:
    first, second = SEED, revised(tmp_path)

    def by_cli(path: Path) -> Callable[[], object]:
        return lambda: load_documents([path], graph, progress=False, link=False).results[0]

    def by_app(path: Path) -> Callable[[], object]:
        doc = loading.parse_upload(path.read_bytes(), path.name)
        return lambda: loading.load(doc)

    makers = {"cli": by_cli, "app": by_app}
    a, b = path_kind.split("+")
    results = _together(makers[a](first), makers[b](second))
    assert sorted(r.status for r in results) == ["loaded", "loaded"]  # type: ignore[attr-defined]
    assert [n for n, _ in _revisions(graph)] == [1, 2]
    assert sum(current for _, current in _revisions(graph)) == 1
    _one_whole_current_plan(graph, first, second)


# --- a decision taken while a reload runs ------------------------------------------------------


def _link_status(driver: Driver, source: str, target: str) -> str | None:
    sy = linker.fetch(driver, [(SATKER, YEAR)])[(SATKER, YEAR)]
    src, tgt = decisions.find_indicator(sy, source), decisions.find_indicator(sy, target)
    df = linker.links(driver, SATKER, YEAR)
    hit = df[(df.source_uid == src.uid) & (df.target_uid == tgt.uid)]
    return None if hit.empty else str(hit.iloc[0]["status"])


@pytest.mark.usefixtures("race_window")
@pytest.mark.parametrize("reload_path", ["cli", "app"])
def test_a_decision_taken_during_a_reload_survives_it(
    graph: Driver, tmp_path: Path, reload_path: str
) -> None:
    load_documents([SEED], graph, progress=False)
    assert _link_status(graph, *CONFIRM_SUGGESTED) == "suggested"
    for n in (1, 2, 3):  # several races: the decision lands before, during or after the write
        path = revised(tmp_path, n)
        if reload_path == "cli":
            reload: Callable[[], object] = lambda p=path: load_documents(  # noqa: E731
                [p], graph, progress=False
            )
        else:
            doc = loading.parse_upload(path.read_bytes(), path.name)
            reload = lambda d=doc: loading.load(d)  # noqa: E731
        _together(
            reload,
            lambda: decisions.confirm(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="alice"),
        )
        assert _link_status(graph, *CONFIRM_SUGGESTED) == "confirmed", f"round {n}"
    assert [n for n, _ in _revisions(graph)] == [1, 2, 3, 4]


# --- the app's loader killed with SIGKILL ------------------------------------------------------


APP_LOAD = (
    "import sys; from pathlib import Path; from tracker.app import loading; "
    "loading.load_files([Path(p) for p in sys.argv[1:]])"
)


def test_the_apps_load_killed_midway_leaves_no_partial_satker_year(
    graph: Driver, tmp_path: Path
) -> None:
    n = 60
    docs = synth.generate(n, seed=12, year=2020, out_dir=tmp_path)
    files = [Path(d.expected.source) for d in docs]
    parsed = {(doc.document.satker.code, 2020): doc for doc in map(parse_file, files)}
    cmd = [sys.executable, "-c", APP_LOAD, *map(str, files)]
    proc = subprocess.Popen(
        cmd,
        cwd=PROJECT_ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if counts(graph).get("Rka", 0) >= 8:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the load finished before it could be killed"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    time.sleep(0.5)

    rows = satker_years(graph)
    assert 1 <= len(rows) < n, len(rows)
    for key, row in rows.items():
        assert plan_counts(row) == expected_counts(parsed[key]), key
    assert _unlinked(counts(graph)) == expected_graph(*(parsed[key] for key in rows))

    summary = loading.load_files(files)
    assert summary.unchanged == len(rows) and summary.loaded == n - len(rows)
    assert _unlinked(counts(graph)) == expected_graph(*parsed.values())


# --- the server killed with SIGKILL mid-load ---------------------------------------------------


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


def _driver(settings: Settings) -> Driver:
    return GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))


@pytest.mark.timeout(600)  # two server starts: a minute each on a busy machine
def test_a_server_killed_mid_load_leaves_no_partial_satker_year(
    own_server: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    settings, env = own_server
    n = 24
    docs = synth.generate(n, seed=13, year=2021, out_dir=tmp_path / "docs")
    files = [Path(d.expected.source) for d in docs]
    parsed = {(doc.document.satker.code, 2021): doc for doc in map(parse_file, files)}
    with _driver(settings) as drv:
        schema.install(drv, database=settings.database)

    code = "from tracker.cli import main; main()"
    options = ["--no-progress", "--no-link", "--batch-size", "2"]
    cmd = [sys.executable, "-c", code, "load", *options, *map(str, files)]
    proc = subprocess.Popen(
        cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    pid = server.running_pid(settings.home)
    assert pid is not None
    try:
        with _driver(settings) as drv:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                if counts(drv).get("Rka", 0) >= 4:
                    break
                time.sleep(0.02)
        assert proc.poll() is None, "the load finished before the server could be killed"
        os.kill(pid, signal.SIGKILL)
        while server._alive(pid):
            time.sleep(0.05)
        proc.kill()  # its retries would only wait for a server that is not there
        proc.wait()
        restarted = server.start(settings)
        assert restarted.started
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()

    with _driver(settings) as drv:
        rows = satker_years(drv)
        assert 4 <= len(rows) < n, len(rows)
        for key, row in rows.items():
            assert plan_counts(row) == expected_counts(parsed[key]), key
        assert counts(drv) == expected_graph(*(parsed[key] for key in rows))

        summary = load_documents(files, drv, progress=False, link=False, database=settings.database)
        assert summary.unchanged == len(rows) and summary.loaded == n - len(rows)
        assert counts(drv) == expected_graph(*parsed.values())
