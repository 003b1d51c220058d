"""The RSPP case of ``tracker bench load``: RSPP Bagian A documents plus their kertas kerja
workbooks (the satker-years' cost detail) through the same loader, in one run.

The Bagian A texts go first and the workbooks after, as an office would file them, so each
workbook is joined to a plan already there (and the batches stay full: a batch never holds two
documents of one satker-year). Goals, from the issue: 550 + 550 under 120 s, peak Python memory
(tracemalloc, a run of its own because it slows every allocation) under 500 MB.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver
from rich.console import Console

from tracker.benchmarks.common import empty_database, timed_load, verdict

GOALS = {"seconds": 120.0, "peak_mb": 500.0}


@dataclass
class CostRun:
    documents: int
    workbooks: int
    seconds: float
    nodes: int
    relationships: int
    peak_mb: float | None = None
    generated_s: float = 0.0


def write_files(n: int, seed: int, folder: Path) -> tuple[list[Path], list[Path]]:
    """``n`` RSPP Bagian A texts (``tracker.synth.rspp``) and their workbooks."""
    from tracker.synth import rspp
    from tracker.synth import workbook as synth

    folder.mkdir(parents=True, exist_ok=True)
    texts, books = [], []
    for sd in rspp.documents(n, seed=seed):
        path = folder / sd.file_name
        path.write_text(sd.text, encoding="utf-8")
        texts.append(path)
        (made,) = synth.generate([sd.expected], folder, seed=seed)
        books.append(made.path)
    return texts, books


def run(driver: Driver, database: str, n: int, seed: int, folder: Path, memory: bool) -> CostRun:
    """Generate, load timed, and (``memory``) load again under tracemalloc."""
    t = time.perf_counter()
    texts, books = write_files(n, seed, folder / "rspp")
    generated = time.perf_counter() - t
    empty_database(driver, database)
    seconds, summary, _ = timed_load(texts + books, driver, database, False, progress=False)
    counters = summary.counters
    result = CostRun(
        n,
        len(books),
        seconds,
        counters.nodes_created,
        counters.relationships_created,
        generated_s=generated,
    )
    if memory:
        empty_database(driver, database)
        _, _, result.peak_mb = timed_load(texts + books, driver, database, True, progress=False)
    return result


def report(console: Console, r: CostRun) -> None:
    console.print(
        f"RSPP + kertas kerja: {r.documents} Bagian A documents and {r.workbooks} workbooks "
        f"(generated in {r.generated_s:.1f} s) loaded in {r.seconds:.1f} s "
        f"({(r.documents + r.workbooks) / r.seconds:.1f} files/s, {r.nodes:,} nodes, "
        f"{r.relationships:,} relationships)"
    )
    if r.documents >= 550:
        console.print(
            f"goal {GOALS['seconds']:.0f} s for {r.documents} + {r.workbooks}: "
            f"{verdict(r.seconds < GOALS['seconds'])}"
        )
    if r.peak_mb is not None:
        console.print(
            f"peak Python memory (tracemalloc) {r.peak_mb:.0f} MB: goal < "
            f"{GOALS['peak_mb']:.0f} MB {verdict(r.peak_mb < GOALS['peak_mb'])}"
        )
