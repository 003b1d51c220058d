"""``tracker bench ui``: the dashboard in real Chromium with 550 synthetic satkers loaded.

Two questions from the issue, answered in the browser a planner uses:

* **choose a satker → its trace table shown** (Keterlacakan): from the click on a satker in the
  sidebar until the page has finished and shows that satker's trace table. Goal < 2 s. Each
  sample is a satker not opened before in this run, so its answers are not cached yet.
* **the national page shown** (Nasional, every satker side by side plus the IKP roll-up): from
  the click on "Nasional" until the table and the chart are drawn. Goal < 5 s. The app
  computes a year's national tables in the background once any page is open, so the first
  visit usually finds them ready; ``--no-warmup`` turns that off to time the truly cold page,
  and the table also prints what computing them uncached costs in-process.

The baseline, measured in the same run and the same browser, is the same satker switch back
to satkers already opened (cached answers): what Streamlit and the browser cost on this
machine by themselves. The figures are printed; nothing here passes or fails a test.

The graph lives in a dedicated server (``var/neo4j-bench-ui`` on port 7696, started here,
stopped afterwards unless ``--keep-server``; its data stays, so a second run skips loading)
unless ``--configured`` is given.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import click
from neo4j import Driver, NotificationMinimumSeverity
from rich.console import Console
from rich.table import Table

from tracker.benchmarks.common import (
    Server,
    configured_option,
    keep_server_option,
    spread,
    verdict,
)
from tracker.config import PROJECT_ROOT, Settings
from tracker.graph.cypher import query

BENCH_HOME = PROJECT_ROOT / "var" / "neo4j-bench-ui"
BENCH_PORT = 7696
YEAR = 2020
GOALS = {"satker_s": 2.0, "national_s": 5.0}

# True once the page has finished a run that shows satker ``code``: its caption names it and
# the trace table (or the "nothing serves it" notice) is drawn.
_SATKER_SHOWN = """
code => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.innerText.includes('(' + code + ') — TA')) return false;
  return !!main.querySelector('[data-testid="stTable"], [data-testid="stAlert"]');
}
"""
_NATIONAL_SHOWN = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  const main = document.querySelector('[data-testid="stMain"]');
  const title = main && main.querySelector('h1');
  if (!title || !title.innerText.startsWith('Nasional')) return false;
  return !!main.querySelector('[data-testid="stDataFrame"]')
      && !!main.querySelector('[data-testid="stVegaLiteChart"] svg.marks');
}
"""


def _satkers(driver: Driver, database: str, year: int = YEAR) -> list[str]:
    # Notifications off: on the empty bench database every property the query names is
    # unknown yet, and the driver would log a warning for each.
    with driver.session(
        database=database, notifications_min_severity=NotificationMinimumSeverity.OFF
    ) as session:
        return [r["satker"] for r in session.run(query("app_satkers"), year=year)]


def _ensure_loaded(
    settings: Settings, n: int, seed: int, console: Console, years: int = 1
) -> list[str]:
    """The ``n`` synthetic satkers of ``seed`` in the database for ``years`` budget years
    ending in :data:`YEAR` (loaded and linked once; a year already there is skipped)."""
    from tracker.graph import db, loader, schema
    from tracker.synth import rka as synth

    driver = db.get_driver(settings)
    schema.install(driver, database=settings.database)
    wanted = [i.satker.code for i in synth.identities(n, seed)]
    for year in range(YEAR - years + 1, YEAR + 1):
        present = set(_satkers(driver, settings.database, year))
        if set(wanted) <= present:
            console.print(f"{n} synthetic satkers of {year} already loaded")
            continue
        with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
            t = time.perf_counter()
            docs = synth.generate(n, seed=seed, year=year, out_dir=tmp)
            paths = [Path(tmp) / d.file_name for d in docs]
            summary = loader.load_documents(
                paths, driver, progress=True, database=settings.database
            )
            console.print(
                f"{year}: loaded and linked {summary.loaded} documents "
                f"({summary.unchanged} unchanged) in {time.perf_counter() - t:.0f} s"
            )
            if summary.refused:
                raise click.ClickException(f"documents refused: {summary.refused[:3]}")
    return wanted


def _national_compute_s(settings: Settings) -> float:
    """The national tables computed once without any cache, in this process: the work the
    page (or the app's background warm-up) does on a cold cache."""
    import pandas as pd

    from tracker.app import national
    from tracker.graph import db
    from tracker.trace import coverage

    driver = db.get_driver(settings)
    t0 = time.perf_counter()
    run = driver.execute_query
    ikps = coverage.national_ikps(driver, YEAR, settings.database)
    reduced = run(query("app_national_satkers"), year=YEAR, database_=settings.database)
    listed = run(query("app_satkers"), year=YEAR, database_=settings.database)
    coverage.rollup(ikps)
    satkers = pd.DataFrame([r.data() for r in listed.records])
    national.per_satker(satkers, ikps, [r.data() for r in reduced.records])
    return time.perf_counter() - t0


def _open_national(page: object, timeout_ms: float) -> float:
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Nasional", exact=True)  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    link.click()
    page.wait_for_function(_NATIONAL_SHOWN, polling="raf", timeout=timeout_ms)  # type: ignore[attr-defined]
    return time.perf_counter() - t0


def _back_to_trace(page: object, timeout_ms: float) -> None:
    from tracker.benchmarks.browser import wait_idle

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Keterlacakan").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Keterlacakan").wait_for(timeout=timeout_ms)  # type: ignore[attr-defined]
    wait_idle(page, timeout_ms)  # type: ignore[arg-type]


@click.command()
@click.option("--satkers", default=550, show_default=True, help="Synthetic satkers loaded.")
@click.option(
    "--years",
    default=1,
    show_default=True,
    help=f"Budget years loaded, ending in {YEAR} (the issue's national case: 557 × 7).",
)
@click.option("--samples", default=10, show_default=True, help="Satker switches measured.")
@click.option("--national-repeats", default=3, show_default=True, help="Warm national visits.")
@click.option("--seed", default=0, show_default=True, help="Generator seed.")
@configured_option
@keep_server_option
@click.option("--timeout", default=120.0, show_default=True, help="Seconds per wait.")
@click.option(
    "--no-warmup",
    is_flag=True,
    help="Turn off the app's background computation of the national view (cold first visit).",
)
def command(
    satkers: int,
    years: int,
    samples: int,
    national_repeats: int,
    seed: int,
    configured: bool,
    keep_server: bool,
    timeout: float,
    no_warmup: bool,
) -> None:
    """Time the dashboard in Chromium with SATKERS synthetic satkers: choosing a satker until
    its trace table shows (goal < 2 s), and the national page (goal < 5 s)."""
    from playwright.sync_api import sync_playwright

    from tracker.benchmarks import browser
    from tracker.graph import db

    console = Console(highlight=False)
    timeout_ms = timeout * 1000
    bench = Server(configured, keep_server, console, BENCH_HOME, BENCH_PORT)
    with bench as settings:
        codes = _ensure_loaded(settings, satkers, seed, console, years)
        compute_s = _national_compute_s(settings)
        db.close()
        env = bench.app_env()
        if no_warmup:
            env["TRACKER_APP_WARMUP"] = "0"
        rng = random.Random(seed)
        picks = rng.sample(codes[1:], min(samples, len(codes) - 1))
        with (
            tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp,
            browser.streamlit_server(env=env, log=Path(tmp) / "streamlit.log") as url,
            sync_playwright() as pw,
        ):
            chromium = browser.launch(pw)
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(timeout_ms)
            browser.open_page(page, f"{url}/keterlacakan?year={YEAR}&satker={codes[0]}", timeout_ms)
            page.wait_for_function(_SATKER_SHOWN, arg=codes[0], polling="raf", timeout=timeout_ms)
            cold = [browser.choose_satker(page, code, _SATKER_SHOWN, timeout_ms) for code in picks]
            warm = [browser.choose_satker(page, code, _SATKER_SHOWN, timeout_ms) for code in picks]
            national = [_open_national(page, timeout_ms)]
            for _ in range(national_repeats):
                _back_to_trace(page, timeout_ms)
                national.append(_open_national(page, timeout_ms))
            errors = browser.exceptions(page)
            chromium.close()

    load = os.getloadavg()
    table = Table(
        title=f"tracker bench ui: {len(codes)} satkers × {years} years "
        f"(TA {YEAR - years + 1}–{YEAR}), national page of TA {YEAR}, Chromium headless"
    )
    for name in ("measure", "n", "median s", "p90 s", "max s", "goal"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    table.add_row(
        "choose satker → trace table (new satker)",
        str(len(cold)),
        *spread(cold),
        f"< {GOALS['satker_s']:.0f} s",
    )
    table.add_row("  baseline: same switch, cached satker", str(len(warm)), *spread(warm), "")
    table.add_row(
        "national page, first visit" + (" (no warm-up)" if no_warmup else " (warm-up on)"),
        "1",
        *(f"{national[0]:.2f}",) * 3,
        f"< {GOALS['national_s']:.0f} s",
    )
    if national[1:]:
        table.add_row("national page, cached", str(len(national) - 1), *spread(national[1:]), "")
    table.add_row(
        "  national tables computed uncached (in-process)", "1", *(f"{compute_s:.2f}",) * 3, ""
    )
    console.print(table)
    ratio = statistics.median(cold) / statistics.median(warm)
    console.print(
        f"new satker vs cached: {ratio:.1f}x the browser+Streamlit floor; "
        f"machine load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min, "
        f"{os.cpu_count()} cores)"
    )
    if errors:
        console.print(f"[red]exceptions on the page:[/] {errors}")

    console.print(
        f"goal satker < {GOALS['satker_s']:.0f} s (median): "
        f"{verdict(statistics.median(cold) < GOALS['satker_s'])}; "
        f"goal national < {GOALS['national_s']:.0f} s (first visit): "
        f"{verdict(national[0] < GOALS['national_s'])}"
    )
