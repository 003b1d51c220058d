"""``tracker load FILE…``: parse RKA documents and load them into Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
from rich.table import Table

from tracker.cli import common
from tracker.config import load_settings
from tracker.graph.loader import (
    BATCH_DOCS,
    DocResult,
    LoadSummary,
    delete_satker_year,
    load_documents,
)

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".xlsx", ".xls")


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; a directory stands for the documents directly in it (text exports,
    printed PDFs, workbooks), sorted. The reader still decides each file's kind by content."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES))
        else:
            files.append(path)
    return files


def _summary_table(summary: LoadSummary) -> Table:
    c = summary.counters
    table = Table(title="load summary", show_header=False, box=None)
    table.add_row("documents", str(len(summary.results)))
    table.add_row("  loaded (new revision)", str(summary.loaded))
    table.add_row("  replaced in place", str(summary.replaced))
    table.add_row("  unchanged", str(summary.unchanged))
    table.add_row("  refused (unreadable)", str(summary.count("refused")))
    if summary.count("failed"):
        table.add_row("  failed (database refused)", str(summary.count("failed")))
    table.add_row("findings stored", str(sum(r.findings for r in summary.results)))
    table.add_row("nodes created / deleted", f"{c.nodes_created} / {c.nodes_deleted}")
    table.add_row(
        "relationships created / deleted",
        f"{c.relationships_created} / {c.relationships_deleted}",
    )
    table.add_row("time", f"{summary.seconds:.1f} s ({summary.docs_per_second:.1f} docs/s)")
    return table


def _lines(results: list[DocResult]) -> Iterator[str]:
    for r in results:
        if r.status in ("refused", "failed"):
            yield f"{r.status}: {r.message}"
        elif r.link_error:
            yield f"loaded, but {r.link_error}"


@click.command()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=True, path_type=Path),
)
@click.option(
    "--replace",
    is_flag=True,
    help="Overwrite the current revision of each satker-year in place (its record and "
    "findings are dropped) instead of recording the document as a new revision.",
)
@click.option("--no-link", is_flag=True, help="Do not run the linker after loading.")
@click.option("--no-progress", is_flag=True, help="No progress bar (logs, CI).")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=BATCH_DOCS,
    show_default=True,
    help="Documents per transaction (1: one transaction per document). A document is never "
    "split across transactions.",
)
def load(
    files: tuple[Path, ...], replace: bool, no_link: bool, no_progress: bool, batch_size: int
) -> None:
    """Parse RKA Satker documents (FILES, or directories of *.txt) and load them into Neo4j.

    Each document is written inside one transaction: all of it lands or none (consecutive
    documents share a transaction, see --batch-size). A satker-year is identified by the
    satker code and budget year in the document's header.

    \b
    * A document whose content (file bytes) is already on record for its satker-year, in any
      revision, is left alone: loading the same files again changes nothing.
    * Otherwise it becomes the next revision (r1, r2, …) and the current one: the satker-year's
      plan is replaced by the new one; earlier revisions stay on record with their findings.
    * With --replace, it overwrites the current revision instead (same revision number; the
      overwritten version's record and findings are gone). Use it to correct a bad load.

    Transient database errors (deadlocks, lost connections) are retried with backoff. After
    each batch commits, the linker links the loaded satker-years (unless --no-link).

    A file the parser cannot read is refused with the parser's message (file:line: what was
    expected) and nothing of it is written; the others still load, and the exit status is 1.
    Parser findings never block a load: they are stored with the document.
    """
    driver, database = common.driver()
    out, err = common.out(), common.err()
    summary = load_documents(
        _expand(files),
        driver,
        replace=replace,
        progress=not no_progress,
        link=not no_link,
        database=database,
        batch_size=batch_size,
    )
    for line in _lines(summary.results):
        err.print(line, markup=False)
    out.print(_summary_table(summary))
    if summary.refused:
        raise SystemExit(1)


@click.command(name="delete")
@click.option("--satker", required=True, help="Satker code, e.g. 670714.")
@click.option("--year", required=True, type=int, help="Budget year, e.g. 2020.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete(satker: str, year: int, yes: bool) -> None:
    """Remove one satker-year: its plan, every revision's record and findings. Link decisions
    stay (and stay in the decisions file), so loading the document again restores them."""
    console = common.err()
    settings = load_settings()
    driver, database = common.driver(settings)
    if not yes:
        click.confirm(f"Delete satker {satker}, year {year} from {settings.uri}?", abort=True)
    deleted = delete_satker_year(driver, satker, year, database=database)
    if deleted == 0:
        console.print(f"Nothing loaded for satker {satker}, year {year}.")
        raise SystemExit(1)
    console.print(f"Deleted satker {satker}, year {year}: {deleted} nodes.")
