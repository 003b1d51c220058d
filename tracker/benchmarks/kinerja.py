"""``tracker bench kinerja``: realisation at national scale. 550 synthetic satkers' plans
(tracker.synth.rka) with twelve months of synthetic realisation for every output
(tracker.synth.realisasi), then four questions from the issue:

* **load**: the whole year's realisation (550 satkers × 12 months × their outputs) as one
  template CSV through ``tracker.measure.loader`` (check pass, then write pass). Goal < 60 s.
* **tracker kinerja, one satker-year**: the command in-process (CliRunner: no interpreter
  start-up), JSON output, a different satker each sample. Goal < 200 ms. Baseline in the same
  run: a ``RETURN 1`` round trip, the floor any query pays.
* **the Kinerja page** in Chromium: from choosing a satker in the sidebar until its curve is
  drawn. Goal < 2 s. Baseline: the same switch to satkers already opened (cached).
* **the national ranking**, first visit: from the click on Nasional until the ranking by the
  partial IKPA score is drawn. Goal < 5 s. Also printed: the ranking computed in-process
  without any cache.

The graph lives in a dedicated server (``var/neo4j-bench-kinerja``, port 7714) unless
``--configured``; its data stays, so a second run skips loading the plans. Nothing passes or
fails: the figures and ratios are printed.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from tracker.benchmarks import ui
from tracker.benchmarks.common import Server, configured_option, keep_server_option, spread
from tracker.config import PROJECT_ROOT
from tracker.graph.cypher import query

BENCH_HOME = PROJECT_ROOT / "var" / "neo4j-bench-kinerja"
BENCH_PORT = 7714
YEAR = ui.YEAR
GOALS = {"load_s": 60.0, "cli_ms": 200.0, "page_s": 2.0, "national_s": 5.0}

_KINERJA_SHOWN = """
code => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.innerText.includes('(' + code + ') — TA')) return false;
  return !!main.querySelector('[data-testid="stPlotlyChart"] .main-svg');
}
"""
_RANKING_SHOWN = """
heading => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return false;
  const h = [...main.querySelectorAll('h3')].find(e => e.innerText.startsWith(heading));
  if (!h) return false;
  return main.querySelectorAll('[data-testid="stDataFrame"]').length > 0;
}
"""


def _ranking(page: object, timeout_ms: float) -> float:
    from tracker.app.i18n import STRINGS

    heading = STRINGS["kinerja.ranking"][0]
    nav = page.get_by_test_id("stSidebarNav")  # type: ignore[attr-defined]
    link = nav.get_by_role("link", name="Nasional", exact=True)
    t0 = time.perf_counter()
    link.click()
    page.wait_for_function(_RANKING_SHOWN, arg=heading, polling="raf", timeout=timeout_ms)  # type: ignore[attr-defined]
    return time.perf_counter() - t0


@click.command()
@click.option("--satkers", default=550, show_default=True, help="Synthetic satkers.")
@click.option("--samples", default=10, show_default=True, help="Samples per timed question.")
@click.option("--seed", default=0, show_default=True, help="Generator seed.")
@configured_option
@keep_server_option
@click.option("--no-browser", is_flag=True, help="Skip the Chromium questions.")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds per browser wait.")
def command(
    satkers: int,
    samples: int,
    seed: int,
    configured: bool,
    keep_server: bool,
    no_browser: bool,
    timeout: float,
) -> None:
    """Time loading a year of realisation for SATKERS satkers (goal < 60 s), ``tracker
    kinerja`` (< 200 ms), the Kinerja page (< 2 s) and the national ranking (< 5 s)."""
    from click.testing import CliRunner

    from tracker.cli import main as cli_main
    from tracker.graph import db
    from tracker.measure import loader, report
    from tracker.synth import realisasi as synth_realisasi
    from tracker.synth import rka as synth_rka

    console = Console(highlight=False)
    rows: list[tuple[str, str, str, str, str, str]] = []
    bench = Server(configured, keep_server, console, BENCH_HOME, BENCH_PORT)
    with bench as settings:
        codes = ui._ensure_loaded(settings, satkers, seed, console)
        driver = db.get_driver(settings)
        docs = [d.expected for d in synth_rka.documents(satkers, seed, YEAR)]
        with tempfile.TemporaryDirectory(prefix="bench-kinerja-") as tmp:
            path = Path(tmp) / "realisasi.csv"
            n_rows = synth_realisasi.write_template_csv(docs, path, seed=seed)
            size_mb = path.stat().st_size / 1e6
            with driver.session(database=settings.database) as session:  # auto-commit
                session.run(query("realisasi_wipe")).consume()
            t0 = time.perf_counter()
            result = loader.load_file(driver, path, database=settings.database)
            load_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = loader.load_file(driver, path, database=settings.database)
            reload_s = time.perf_counter() - t0
        rows.append(
            (
                f"load {n_rows:,} rows ({size_mb:.1f} MB CSV, {len(result.satker_years)} "
                f"satker-years)",
                "1",
                *(f"{load_s:.1f} s",) * 3,
                f"< {GOALS['load_s']:.0f} s",
            )
        )
        rows.append(
            (
                f"  the same file again ({again.changed} changed)",
                "1",
                *(f"{reload_s:.1f} s",) * 3,
                "",
            )
        )

        rng = random.Random(seed)
        picks = rng.sample(codes, min(samples, len(codes)))
        env = bench.app_env()
        runner = CliRunner()
        os.environ.update(env)
        runner.invoke(cli_main, ["kinerja", "--satker", picks[0], "--year", str(YEAR)])  # warm
        cli_ms, fn_ms, floor_ms = [], [], []
        for code in picks:
            t0 = time.perf_counter()
            res = runner.invoke(
                cli_main, ["kinerja", "--satker", code, "--year", str(YEAR), "--format", "json"]
            )
            cli_ms.append((time.perf_counter() - t0) * 1000)
            if res.exit_code != 0:
                raise click.ClickException(res.output)
            json.loads(res.output)
            t0 = time.perf_counter()
            report.kinerja(driver, code, YEAR, database=settings.database)
            fn_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            driver.execute_query(query("bench_round_trip"), database_=settings.database)
            floor_ms.append((time.perf_counter() - t0) * 1000)
        rows.append(
            (
                "tracker kinerja one satker-year (ms)",
                str(len(cli_ms)),
                *spread(cli_ms, 1),
                f"< {GOALS['cli_ms']:.0f} ms",
            )
        )
        rows.append(("  measures read and computed (ms)", str(len(fn_ms)), *spread(fn_ms, 1), ""))
        rows.append(
            ("  baseline: RETURN 1 round trip (ms)", str(len(floor_ms)), *spread(floor_ms, 1), "")
        )
        t0 = time.perf_counter()
        ranked = report.national(driver, YEAR, database=settings.database)
        national_s = time.perf_counter() - t0
        rows.append(
            (
                f"  national ranking computed uncached ({len(ranked)} satkers, s)",
                "1",
                *(f"{national_s:.2f}",) * 3,
                "",
            )
        )
        db.close()
        if not no_browser:
            rows += _browser(env, codes, picks, timeout * 1000)

    table = Table(title=f"tracker bench kinerja: {satkers} satkers × 12 months, TA {YEAR}")
    for name in ("measure", "n", "median", "p90", "max", "goal"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for r in rows:
        table.add_row(*r)
    console.print(table)
    median_cli = statistics.median(cli_ms)
    console.print(
        f"tracker kinerja vs RETURN 1: {median_cli / statistics.median(floor_ms):.0f}x the round "
        f"trip; load {n_rows / load_s:,.0f} rows/s; machine load average "
        f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)"
    )


def _browser(env: dict[str, str], codes: list[str], picks: list[str], timeout_ms: float) -> list:
    from playwright.sync_api import sync_playwright

    from tracker.benchmarks import browser

    with (
        tempfile.TemporaryDirectory(prefix="bench-kinerja-") as tmp,
        browser.streamlit_server(env=env, log=Path(tmp) / "streamlit.log") as url,
        sync_playwright() as pw,
    ):
        chromium = browser.launch(pw)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(timeout_ms)
        first = next(c for c in codes if c not in picks)
        browser.open_page(page, f"{url}/kinerja?year={YEAR}&satker={first}", timeout_ms)
        page.wait_for_function(_KINERJA_SHOWN, arg=first, polling="raf", timeout=timeout_ms)
        cold = [browser.choose_satker(page, code, _KINERJA_SHOWN, timeout_ms) for code in picks]
        warm = [browser.choose_satker(page, code, _KINERJA_SHOWN, timeout_ms) for code in picks]
        national = _ranking(page, timeout_ms)
        errors = browser.exceptions(page)
        chromium.close()
    rows = [
        (
            "Kinerja page: choose satker → curve drawn (s)",
            str(len(cold)),
            *spread(cold),
            f"< {GOALS['page_s']:.0f} s",
        ),
        ("  baseline: same switch, cached satker (s)", str(len(warm)), *spread(warm), ""),
        (
            "national ranking, first visit (s)",
            "1",
            *(f"{national:.2f}",) * 3,
            f"< {GOALS['national_s']:.0f} s",
        ),
    ]
    if errors:
        rows.append((f"exceptions on the page: {errors}", "", "", "", "", ""))
    return rows
