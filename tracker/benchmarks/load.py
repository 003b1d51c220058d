"""``tracker bench load``: load synthetic satker documents into an empty database and compare
with the way a neomodel user would naively write the same graph, measured in the same run.

The fast path is :func:`tracker.graph.loader.load_documents` (files parsed on the way, one
transaction and four statements per document). The baseline uses the same neomodel classes
the way their documentation teaches single objects: ``save()`` each node and ``connect()`` each
relationship, every call its own auto-committed round trip. Both write the same graph from
the same documents, and the benchmark checks that they do before printing the ratio.

It writes into a dedicated server (``var/neo4j-bench`` on port 7695, started and stopped here)
unless ``--configured`` points it at the configured database, and it never wipes a database
that holds anything unless ``--wipe`` says so.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
from neo4j import Driver
from neomodel import StructuredNode
from rich.console import Console
from rich.table import Table

from tracker.benchmarks.common import (
    Server,
    configured_option,
    empty_database,
    keep_server_option,
    size,
    timed_load,
    verdict,
    wipe_option,
)
from tracker.config import PROJECT_ROOT

BENCH_HOME = PROJECT_ROOT / "var" / "neo4j-bench"
BENCH_PORT = 7695
GOALS = {"seconds": 60.0, "speedup": 20.0, "peak_mb": 500.0}


@dataclass
class Run:
    docs: int
    seconds: float
    nodes: int
    relationships: int
    peak_mb: float | None = None

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds

    @property
    def nodes_per_s(self) -> float:
        return self.nodes / self.seconds

    @property
    def rels_per_s(self) -> float:
        return self.relationships / self.seconds


def write_documents(n: int, seed: int, folder: Path) -> list[Path]:
    """Generate and write ``n`` documents one at a time (none is kept in memory)."""
    from tracker.synth.rka import documents

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sd in documents(n, seed=seed):
        path = folder / sd.file_name
        path.write_text(sd.text, encoding="utf-8")
        paths.append(path)
    return paths


def fast(
    paths: list[Path],
    driver: Driver,
    database: str,
    memory: bool,
    batch_size: int | None = None,
    progress: bool = True,
) -> Run:
    from tracker.graph.loader import BATCH_DOCS

    seconds, summary, peak = timed_load(
        paths, driver, database, memory, progress=progress, batch_size=batch_size or BATCH_DOCS
    )
    c = summary.counters
    return Run(len(paths), seconds, c.nodes_created, c.relationships_created, peak)


def _naive_document(path: Path) -> tuple[int, int]:
    """One document the way a neomodel user writes objects one by one. Returns (nodes, rels)."""
    from datetime import UTC, datetime

    from tracker.graph import model as m
    from tracker.graph.loader import finding_props, plan_param, rka_props, satker_props
    from tracker.read.document import parse_file

    doc = parse_file(path)
    nodes = rels = 0

    def save(node: StructuredNode) -> StructuredNode:
        nonlocal nodes
        nodes += 1
        return node.save()

    def connect(manager: object, other: StructuredNode) -> None:
        nonlocal rels
        rels += 1
        manager.connect(other)  # type: ignore[attr-defined]

    props = satker_props(doc)
    satker = m.Satker.nodes.get_or_none(code=props["code"])
    if satker is None:
        satker = save(m.Satker(**props))
    rka_data = rka_props(doc, 1, datetime.now(UTC))
    rka_data["signed_date"] = doc.document.signed_date
    rka = save(m.Rka(**rka_data))
    connect(satker.filed, rka)
    for f in finding_props(doc, rka.uid):
        connect(rka.findings, save(m.Finding(**f)))
    for p in plan_param(doc):
        program = save(m.Program(**p["props"]))
        connect(rka.programs, program)
        for s in p["sasaran"]:
            sasaran = save(m.SasaranProgram(**s["props"]))
            connect(program.sasaran, sasaran)
            for i in s["indicators"]:
                connect(sasaran.indicators, save(m.IndikatorKinerjaProgram(**i)))
        for k in p["kegiatan"]:
            kegiatan = save(m.Kegiatan(**k["props"]))
            connect(kegiatan.funds, program)
            for i in k["indicators"]:
                connect(kegiatan.indicators, save(m.IndikatorKinerjaKegiatan(**i)))
            for o in k["outputs"]:
                output = save(m.Output(**o["props"]))
                connect(output.funds, kegiatan)
                for i in o["indicators"]:
                    connect(output.indicators, save(m.IndikatorOutput(**i)))
    return nodes, rels


def naive(paths: list[Path]) -> Run:
    t0 = time.perf_counter()
    nodes = rels = 0
    for path in paths:
        n, r = _naive_document(path)
        nodes, rels = nodes + n, rels + r
    return Run(len(paths), time.perf_counter() - t0, nodes, rels)


def _table(rows: Iterator[tuple[str, ...]], title: str, header: tuple[str, ...]) -> Table:
    table = Table(title=title)
    for name in header:
        table.add_column(name, justify="right" if name != "path" else "left")
    for row in rows:
        table.add_row(*row)
    return table


@click.command()
@click.option("--docs", default=550, show_default=True, help="Synthetic documents to load.")
@click.option("--naive-docs", default=20, show_default=True, help="Documents for the baseline.")
@click.option("--seed", default=0, show_default=True, help="Generator seed.")
@configured_option
@wipe_option
@keep_server_option
@click.option("--no-memory", is_flag=True, help="Skip the second, memory-traced load.")
@click.option(
    "--warmup",
    default=150,
    show_default=True,
    help="Documents (another seed) loaded and wiped before timing, to warm the server's JIT.",
)
@click.option(
    "--rspp-docs",
    type=int,
    help="RSPP Bagian A documents loaded with their kertas kerja workbooks (default: as many "
    "as --docs; 0: skip).",
)
def command(
    docs: int,
    naive_docs: int,
    seed: int,
    configured: bool,
    wipe: bool,
    keep_server: bool,
    no_memory: bool,
    warmup: int,
    rspp_docs: int | None,
) -> None:
    """Load DOCS synthetic satker documents into an empty database and print documents/s,
    nodes/s and relationships/s; load them again under tracemalloc for peak Python memory;
    then write NAIVE_DOCS of them the naive neomodel way (save()/connect() per object) and
    print the speed-up.

    Goals: the 550-document load under 60 s, at least 20x the naive path, peak memory under
    500 MB. The database must be empty, or given --wipe.
    """
    from tracker.graph import db

    console = Console(highlight=False)
    with Server(configured, keep_server, console, BENCH_HOME, BENCH_PORT) as settings:
        driver = db.get_driver(settings)
        db.connect_neomodel(driver, settings)
        database = settings.database
        held = size(driver, database)
        if held[0] and not wipe:
            raise click.ClickException(
                f"{settings.uri} (database {database}) holds {held[0]} nodes; the benchmark "
                "needs an empty database. Pass --wipe to empty it, or point it at an empty one."
            )
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
            t = time.perf_counter()
            paths = write_documents(docs, seed, Path(tmp))
            console.print(f"generated {docs} documents in {time.perf_counter() - t:.1f} s")

            if warmup:
                # A fresh server runs interpreted Java until its JIT has compiled the write
                # paths; measure the steady state, as a long-running server would see it.
                warm = write_documents(warmup, seed + 1, Path(tmp) / "warmup")
                empty_database(driver, database)
                fast(warm, driver, database, memory=False, progress=False)
                empty_database(driver, database)
                naive(warm[:2])
                for path in warm:
                    path.unlink()
            empty_database(driver, database)
            run = fast(paths, driver, database, memory=False)
            stored = size(driver, database)
            traced = None
            if not no_memory:
                # tracemalloc slows every Python allocation, so memory gets a run of its own
                empty_database(driver, database)
                traced = fast(paths, driver, database, memory=True)

            sample = paths[:naive_docs]
            empty_database(driver, database)
            like = fast(sample, driver, database, memory=False)
            like_size = size(driver, database)
            empty_database(driver, database)
            single = fast(sample, driver, database, memory=False, batch_size=1)
            empty_database(driver, database)
            base = naive(sample)
            base_size = size(driver, database)
            empty_database(driver, database)
            costs = None
            rspp_n = docs if rspp_docs is None else rspp_docs
            if rspp_n:
                from tracker.benchmarks import load_costs

                costs = load_costs.run(driver, database, rspp_n, seed, Path(tmp), not no_memory)
                empty_database(driver, database)

    if base_size != like_size:
        raise click.ClickException(
            f"the naive path wrote {base_size} (nodes, relationships), the loader {like_size}"
        )
    speedup = run.docs_per_s / base.docs_per_s
    speedup_like = like.docs_per_s / base.docs_per_s
    speedup_single = single.docs_per_s / base.docs_per_s

    def row(name: str, r: Run) -> tuple[str, ...]:
        peak = f"{r.peak_mb:.0f}" if r.peak_mb is not None else "-"
        return (
            name,
            str(r.docs),
            f"{r.seconds:.1f}",
            f"{r.docs_per_s:.1f}",
            f"{r.nodes_per_s:,.0f}",
            f"{r.rels_per_s:,.0f}",
            peak,
        )

    header = ("path", "docs", "s", "docs/s", "nodes/s", "rels/s", "peak MB")
    rows = [
        row("loader (batched UNWIND)", run),
        *([row("loader, under tracemalloc", traced)] if traced else []),
        row("loader, naive's sample", like),
        row("loader, 1 doc per tx, sample", single),
        row("naive neomodel save()/connect()", base),
    ]
    console.print(_table(iter(rows), "tracker bench load", header))
    console.print(
        f"graph: {stored[0]:,} nodes, {stored[1]:,} relationships for {docs} documents; "
        f"both paths wrote the same {like_size[0]:,} nodes for the {len(sample)}-document sample"
    )
    console.print(
        f"speed-up vs naive: {speedup:.1f}x (same sample: {speedup_like:.1f}x batched, "
        f"{speedup_single:.1f}x with one transaction per document)"
    )

    if docs >= 550:
        in_time = verdict(run.seconds < GOALS["seconds"])
        console.print(f"goal {GOALS['seconds']:.0f} s for {docs} docs: {in_time}")
    console.print(f"goal >= {GOALS['speedup']:.0f}x: {verdict(speedup >= GOALS['speedup'])}")
    if traced is not None and traced.peak_mb is not None:
        low = verdict(traced.peak_mb < GOALS["peak_mb"])
        console.print(f"goal peak < {GOALS['peak_mb']:.0f} MB: {low}")
    if costs is not None:
        load_costs.report(console, costs)
