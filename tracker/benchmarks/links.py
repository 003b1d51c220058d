"""``tracker bench links``: link 550 synthetic satkers, then time the two questions people ask
of the links: one satker-year's coverage table and the national roll-up.

Figures come with baselines measured in the same run, because absolute times drift on a
shared machine and ratios do not:

* linking all satker-years in batches (:func:`tracker.trace.linker.link_all`) against linking a
  sample one satker-year at a time (:func:`tracker.trace.linker.link_satker_year`, three round
  trips each), extrapolated per satker-year;
* a coverage table against the floor of one trivial round trip (``RETURN 1``);
* the national roll-up against the floor of reading every output's Jumlah of the year.

It writes into the dedicated bench server (``var/neo4j-bench`` on port 7695, shared with
``tracker bench load`` and started here) unless ``--configured``, and never wipes a
database that holds anything unless ``--wipe`` says so; ``--reuse`` links what is there.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import click
from neo4j import Driver, RoutingControl
from rich.console import Console
from rich.table import Table

from tracker.benchmarks import load
from tracker.benchmarks.common import (
    Server,
    configured_option,
    empty_database,
    keep_server_option,
    percentile,
    size,
    verdict,
    wipe_option,
)
from tracker.graph.cypher import query

GOALS = {"link_s": 60.0, "coverage_p95_ms": 100.0, "rollup_s": 2.0}
YEAR = 2020


def timings(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Seconds per call, after ``warmup`` calls that are not counted (plan caches)."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


class Cycle:
    """Hands out the sample's satker-years in turn, so timings are not one cached table."""

    def __init__(self, keys: list[tuple[str, int]]) -> None:
        self.keys, self.i = keys, 0

    def __call__(self) -> tuple[str, int]:
        self.i += 1
        return self.keys[self.i % len(self.keys)]


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def load_synthetic(
    driver: Driver, database: str, satkers: int, seed: int, console: Console
) -> None:
    from tracker.graph.loader import load_documents
    from tracker.synth.rka import documents

    t0 = time.perf_counter()
    summary = load_documents(
        (d.expected for d in documents(satkers, seed=seed, year=YEAR)),
        driver,
        progress=True,
        link=False,
        database=database,
    )
    if summary.refused:
        raise click.ClickException(f"the loader refused documents: {summary.refused[:3]}")
    seconds = time.perf_counter() - t0
    console.print(f"loaded {len(summary.results)} documents in {seconds:.1f} s (not linked)")


@click.command()
@click.option("--satkers", default=550, show_default=True, help="Synthetic satkers to load.")
@click.option("--seed", default=0, show_default=True, help="Generator seed.")
@click.option("--sample", default=30, show_default=True, help="Satker-years for baselines.")
@click.option("--runs", default=100, show_default=True, help="Coverage tables to time.")
@click.option("--rollups", default=7, show_default=True, help="National roll-ups to time.")
@configured_option
@wipe_option
@click.option(
    "--reuse", is_flag=True, help="Link the satker-years already loaded instead of loading."
)
@keep_server_option
def command(
    satkers: int,
    seed: int,
    sample: int,
    runs: int,
    rollups: int,
    configured: bool,
    wipe: bool,
    reuse: bool,
    keep_server: bool,
) -> None:
    """Load SATKERS synthetic satkers (2020), link them all, then time one satker-year's
    coverage table (median, p95) and the national roll-up (budget per IKP code across all
    satkers). Goals: linking 550 satkers under 60 s, coverage p95 under 100 ms, roll-up under
    2 s. The database must be empty (or given --wipe), unless --reuse."""
    from tracker.graph import db
    from tracker.trace import coverage, linker

    console = Console(highlight=False)
    with Server(configured, keep_server, console, load.BENCH_HOME, load.BENCH_PORT) as settings:
        driver = db.get_driver(settings)
        database = settings.database
        held = size(driver, database)
        if not reuse:
            if held[0] and not wipe:
                raise click.ClickException(
                    f"{settings.uri} (database {database}) holds {held[0]} nodes; the benchmark "
                    "needs an empty database. Pass --wipe to empty it, --reuse to link what it "
                    "holds, or point it at an empty one."
                )
            empty_database(driver, database)
            load_synthetic(driver, database, satkers, seed, console)

        keys = linker.satker_years(driver, year=YEAR, database=database)
        if not keys:
            raise click.ClickException(f"no satker-years of {YEAR} to link")
        picks = random.Random(seed).sample(keys, min(sample, len(keys)))

        # Baseline: one satker-year at a time (warm the plan caches on the first).
        linker.link_satker_year(driver, *picks[0], database=database)
        cycle = Cycle(picks)
        one_by_one = timings(
            lambda: linker.link_satker_year(driver, *cycle(), database), len(picks), warmup=0
        )
        t0 = time.perf_counter()
        stats = linker.link_all(driver, progress=True, year=YEAR, database=database)
        link_s = time.perf_counter() - t0
        per_key = statistics.mean(one_by_one)

        # Coverage of one satker-year, over the sample, against a bare round trip.
        def floor() -> None:
            driver.execute_query("RETURN 1", database_=database, routing_=RoutingControl.READ)

        def one_table() -> None:
            coverage.coverage(driver, *cycle(), database=database)

        floor_s = timings(floor, runs, warmup=3)
        cov_s = timings(one_table, runs, warmup=3)
        rows = len(coverage.coverage(driver, *picks[0], database=database))

        # The national roll-up, against reading the year's outputs.
        def outputs_floor() -> None:
            driver.execute_query(
                query("national_floor"),
                year=YEAR,
                database_=database,
                routing_=RoutingControl.READ,
            )

        rollup_floor = timings(outputs_floor, rollups)
        rollup_s = timings(lambda: coverage.national_rollup(driver, YEAR, database), rollups)
        ikp_codes = len(coverage.national_rollup(driver, YEAR, database))
        stored = size(driver, database)

    ms = 1000.0
    table = Table(title="tracker bench links")
    for name in ("measure", "value", "baseline", "ratio"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    table.add_row(
        f"link all {len(keys)} satker-years (batched)",
        f"{link_s:.1f} s",
        f"{per_key * len(keys):.1f} s one at a time (est.)",
        f"{per_key * len(keys) / link_s:.1f}x faster",
    )
    table.add_row(
        "  per satker-year",
        f"{link_s / len(keys) * ms:.1f} ms",
        f"{per_key * ms:.1f} ms",
        "",
    )
    table.add_row(
        f"coverage table ({rows} rows), median",
        f"{statistics.median(cov_s) * ms:.1f} ms",
        f"{statistics.median(floor_s) * ms:.1f} ms RETURN 1",
        f"{statistics.median(cov_s) / statistics.median(floor_s):.1f}x",
    )
    table.add_row(
        "coverage table, p95",
        f"{p95(cov_s) * ms:.1f} ms",
        f"{p95(floor_s) * ms:.1f} ms RETURN 1",
        f"{p95(cov_s) / p95(floor_s):.1f}x",
    )
    table.add_row(
        f"national roll-up ({ikp_codes} IKP codes), median",
        f"{statistics.median(rollup_s):.2f} s",
        f"{statistics.median(rollup_floor):.2f} s reading outputs",
        f"{statistics.median(rollup_s) / statistics.median(rollup_floor):.1f}x",
    )
    table.add_row(
        "national roll-up, max", f"{max(rollup_s):.2f} s", f"{max(rollup_floor):.2f} s", ""
    )
    console.print(table)
    console.print(
        f"graph: {stored[0]:,} nodes, {stored[1]:,} relationships; links: "
        f"{stats.confirmed:,} confirmed, {stats.suggested:,} suggested, "
        f"{stats.rejected:,} rejected"
    )

    if len(keys) >= 550:
        console.print(
            f"goal link 550 < {GOALS['link_s']:.0f} s: {verdict(link_s < GOALS['link_s'])}"
        )
    else:
        console.print(f"(link goal is for 550 satkers; {len(keys)} linked)")
    goal_cov = GOALS["coverage_p95_ms"]
    console.print(f"goal coverage p95 < {goal_cov:.0f} ms: {verdict(p95(cov_s) * ms < goal_cov)}")
    goal_rollup = GOALS["rollup_s"]
    console.print(
        f"goal national roll-up < {goal_rollup:.0f} s: {verdict(max(rollup_s) < goal_rollup)}"
    )
