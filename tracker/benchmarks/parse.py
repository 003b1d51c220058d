"""``tracker bench parse``: how fast the parser reads documents, against the floor of merely
reading the same files and splitting them into lines and tab-separated cells.

The floor is measured in the same run, file by file, interleaved with the parse, so a busy
machine slows both alike and the ratio stays meaningful where absolute times do not.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import click

from tracker.benchmarks.common import interleaved
from tracker.config import PROJECT_ROOT

SEED = PROJECT_ROOT / "seeds" / "000_d6421c3a26a2bf97.txt"
GOAL = 10.0  # the parser should cost at most this many floors


def floor(path: Path) -> int:
    """The least any parser must do: read the bytes, decode, split lines and cells."""
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    n = 0
    for line in text.splitlines():
        n += len(line.split("\t"))
    return n


def measure(files: list[Path], rounds: int) -> tuple[list[float], list[float]]:
    """Median seconds per file over ``rounds``, for the floor and for the parser."""
    from tracker.read.document import parse_file

    return interleaved(
        len(files), rounds, lambda i: floor(files[i]), lambda i: parse_file(files[i])
    )


@click.command()
@click.option("--satkers", default=550, show_default=True, help="Synthetic documents to parse.")
@click.option("--rounds", default=5, show_default=True, help="Timed passes over all files.")
@click.option("--seed", default=0, show_default=True, help="Generator seed.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Parse the *.txt here instead of generating documents.",
)
@click.option(
    "--pdfs",
    default=20,
    show_default=True,
    help="Synthetic documents printed as PDF for the PDF case (0: skip it).",
)
@click.option(
    "--workbooks",
    type=int,
    help="Kertas kerja workbooks for the workbook case (default: as many as --satkers, at "
    "most 100; 0: skip it).",
)
def command(
    satkers: int, rounds: int, seed: int, folder: Path | None, pdfs: int, workbooks: int | None
) -> None:
    """Parse the seed and SATKERS synthetic documents in each Bagian A layout (2020, RSPP);
    print time per document, MB/s and the ratio to the read-and-split floor (goal: within
    10x)."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        rspp_files: list[Path] = []
        if folder is None:
            from tracker.synth import rka, rspp

            folder = Path(tmp)
            t = time.perf_counter()
            rka.generate(satkers, seed=seed, out_dir=folder)
            rspp.generate(satkers, seed=seed, out_dir=folder / "rspp")
            rspp_files = sorted((folder / "rspp").glob("*.txt"))
            console.print(
                f"generated {satkers} documents in each layout (2020, RSPP) in "
                f"{time.perf_counter() - t:.1f} s ({folder})"
            )
        synthetic = sorted(folder.glob("*.txt"))
        files = [SEED, *synthetic, *rspp_files]
        sizes = [p.stat().st_size for p in files]
        floors, parses = measure(files, rounds)

    table = Table(title=f"tracker bench parse ({rounds} rounds)", show_edge=False)
    for col in ("set", "docs", "KiB/doc", "floor µs/doc", "parse µs/doc", "MB/s", "× floor"):
        table.add_column(col, justify="left" if col == "set" else "right")
    ratios = {}
    n2020 = 1 + len(synthetic)
    sets = (
        ("seed", slice(0, 1)),
        ("synthetic", slice(1, n2020)),
        ("rspp", slice(n2020, None)),
        ("all", slice(None)),
    )
    for label, sl in sets:
        f, p, b = floors[sl], parses[sl], sizes[sl]
        if not p:
            continue
        # per document: its parse time over its floor; then the median over documents, so a
        # document slowed by a neighbour's burst does not move the figure
        ratio = statistics.median(pi / fi for pi, fi in zip(p, f, strict=True))
        ratios[label] = ratio
        table.add_row(
            label,
            str(len(p)),
            f"{statistics.mean(b) / 1024:.1f}",
            f"{statistics.median(f) * 1e6:.0f}",
            f"{statistics.median(p) * 1e6:.0f}",
            f"{sum(b) / sum(p) / 1e6:.2f}",
            f"{ratio:.1f}",
        )
    console.print(table)
    worst = max(ratios.values())
    verdict = "[green]within[/]" if worst <= GOAL else "[red]outside[/]"
    console.print(
        f"parse costs {worst:.1f}× the read-and-split floor: {verdict} the {GOAL:.0f}× goal"
    )
    if pdfs:
        from tracker.benchmarks import pdf

        pdf.report(pdfs, rounds, seed)
    workbooks = min(satkers, 100) if workbooks is None else workbooks
    if workbooks:
        from tracker.benchmarks import parse_workbook

        parse_workbook.report(workbooks, rounds, seed)
