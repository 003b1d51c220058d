"""What the benchmarks share: the database they write into, how they time a load, how they
alternate a parse with its floor, and how they summarise and judge the figures.

Each benchmark writes into a dedicated server of its own (a home under ``var/`` and a port),
started here and stopped afterwards unless it was already running or ``--keep-server`` says
so; ``--configured`` points it at the configured database instead. Heavy modules (the graph,
the loader) are imported where they are used: ``tracker bench --help`` stays quick.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from neo4j import Driver
from rich.console import Console

from tracker.config import Settings, load_settings
from tracker.graph.cypher import query

if TYPE_CHECKING:
    from tracker.graph.loader import LoadSummary

configured_option = click.option(
    "--configured",
    is_flag=True,
    help="Use the configured database (NEO4J_URI / TRACKER_NEO4J_*), not the bench server.",
)
keep_server_option = click.option(
    "--keep-server", is_flag=True, help="Leave the bench server running afterwards."
)
wipe_option = click.option(
    "--wipe", is_flag=True, help="Empty the database first even if it holds data."
)


class Server:
    """The benchmark's database: its dedicated server (``home`` on ``port``; started here,
    stopped after unless it was already running or ``keep``), or the configured one."""

    def __init__(
        self, configured: bool, keep: bool, console: Console, home: Path, port: int
    ) -> None:
        self.configured, self.keep, self.console = configured, keep, console
        self.home, self.port = home, port
        self.started = False
        self.settings = self._settings()

    def _settings(self) -> Settings:
        if self.configured:
            return load_settings()
        env = {"TRACKER_NEO4J_HOME": str(self.home), "TRACKER_NEO4J_PORT": str(self.port)}
        return load_settings(env)

    def __enter__(self) -> Settings:
        from tracker.graph import server

        if not self.configured:
            self.console.print(f"bench server: {self.settings.home} on port {self.port}")
            try:
                self.started = server.start(self.settings).started
            except server.ServerError as exc:
                raise click.ClickException(f"{exc}\n{exc.log_tail}") from None
            self.settings = self._settings()  # its password exists now
        return self.settings

    def app_env(self) -> dict[str, str]:
        """The environment that points a child process (the app, the CLI) at this database:
        the bench server, whatever ``NEO4J_URI`` the parent inherited; nothing to change for
        the configured one."""
        if self.configured:
            return {}
        return {
            "TRACKER_NEO4J_HOME": str(self.settings.home),
            "TRACKER_NEO4J_PORT": str(self.settings.bolt_port),
            "NEO4J_URI": "",
        }

    def __exit__(self, *exc: object) -> None:
        from tracker.graph import db, server

        if self.configured:
            return  # the process's shared driver: not ours to close
        db.close()
        if self.started and not self.keep:
            server.stop(self.settings)


def size(driver: Driver, database: str) -> tuple[int, int]:
    """Nodes and relationships in the database."""
    records, _, _ = driver.execute_query(query("bench_size"), database_=database)
    return records[0]["nodes"], records[0]["relationships"]


def empty_database(driver: Driver, database: str) -> None:
    """Delete everything and install the schema again: each timed load starts alike."""
    from tracker.graph import schema

    with driver.session(database=database) as session:
        session.run(query("bench_wipe")).consume()
    schema.install(driver, database=database)


def timed_load(
    paths: Iterable[Path], driver: Driver, database: str, memory: bool, **options: Any
) -> tuple[float, LoadSummary, float | None]:
    """Load documents without linking them: seconds, the summary, and with ``memory`` the
    peak Python memory in MB (under tracemalloc, which slows every allocation, so a timed
    figure wants a run of its own). A refused document fails the benchmark."""
    from tracker.graph.loader import load_documents

    paths = list(paths)
    if memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    summary = load_documents(paths, driver, link=False, database=database, **options)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if memory else None
    if memory:
        tracemalloc.stop()
    if summary.refused or summary.loaded != len(paths):
        raise click.ClickException(f"the load refused documents: {summary.refused[:3]}")
    return seconds, summary, peak


def interleaved(
    n: int,
    rounds: int,
    floor: Callable[[int], object],
    work: Callable[[int], object],
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[list[float], list[float]]:
    """Median seconds per item ``i`` over ``rounds`` of ``floor(i)`` and ``work(i)``, the two
    alternated item by item so a busy machine slows both alike and their ratio holds. Round 0
    warms caches and is not counted."""
    floors: list[list[float]] = [[] for _ in range(n)]
    works: list[list[float]] = [[] for _ in range(n)]
    for r in range(rounds + 1):
        for i in range(n):
            t0 = clock()
            floor(i)
            t1 = clock()
            work(i)
            t2 = clock()
            if r:
                floors[i].append(t1 - t0)
                works[i].append(t2 - t1)
    return [statistics.median(x) for x in floors], [statistics.median(x) for x in works]


def percentile(values: list[float], q: float) -> float:
    """The value at quantile ``q`` (nearest rank): no interpolation between samples."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def spread(values: list[float], digits: int = 2) -> tuple[str, str, str]:
    """Median, p90 and max, as the tables print them."""
    median, p90, top = (
        f"{v:.{digits}f}" for v in (statistics.median(values), percentile(values, 0.9), max(values))
    )
    return median, p90, top


def verdict(ok: bool) -> str:
    """A goal met or missed, coloured for the console."""
    return "[green]met[/]" if ok else "[red]missed[/]"
