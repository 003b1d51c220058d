"""The workbook case of ``tracker bench parse``: reading SAKTI's kertas kerja against the floor
of merely opening it with calamine and iterating its cells.

Interleaved file by file in the same run, like the text case, so the ratio holds on a busy
machine; the goal is the issue's: parse cost within 3x that floor.
"""

from __future__ import annotations

import io
import statistics
import tempfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from tracker.benchmarks.common import interleaved

GOAL = 3.0


def floor(data: bytes) -> int:
    """The least any reader must do: open the workbook and touch every cell of its sheet."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    n = 0
    for row in book.get_sheet_by_index(0).iter_rows():
        n += len(row)
    return n


def workbooks(n: int, seed: int, folder: Path) -> list[Path]:
    """``n`` synthetic kertas kerja workbooks of RSPP satker-years (``tracker.synth``)."""
    from tracker.synth import rspp
    from tracker.synth import workbook as synth

    docs = [d.expected for d in rspp.documents(n, seed=seed)]
    return [w.path for w in synth.generate(docs, folder, seed=seed)]


def measure(files: list[Path], rounds: int) -> dict[str, float]:
    """Median per file of floor and parse seconds, and the median per-file ratio."""
    from tracker.read.layouts.kertas_kerja import read_workbook

    blobs = [p.read_bytes() for p in files]
    f, p = interleaved(
        len(blobs),
        rounds,
        lambda i: floor(blobs[i]),
        lambda i: read_workbook(blobs[i], str(files[i])),
    )
    return {
        "docs": len(blobs),
        "kib": statistics.mean(len(b) for b in blobs) / 1024,
        "floor": statistics.median(f),
        "parse": statistics.median(p),
        "ratio": statistics.median(pi / fi for pi, fi in zip(p, f, strict=True)),
    }


def report(n: int, rounds: int, seed: int) -> dict[str, float]:
    """Generate ``n`` workbooks, measure, print one line of figures (goal within 3x)."""
    from rich.console import Console

    with tempfile.TemporaryDirectory(prefix="bench-parse-xlsx-") as tmp:
        m = measure(workbooks(n, seed, Path(tmp)), rounds)
    verdict = "[green]within[/]" if m["ratio"] <= GOAL else "[red]outside[/]"
    Console().print(
        f"kertas kerja: {m['docs']:.0f} workbooks of {m['kib']:.1f} KiB, floor (calamine, "
        f"every cell) {m['floor'] * 1e3:.2f} ms, parse {m['parse'] * 1e3:.2f} ms: "
        f"{m['ratio']:.2f}× the floor, {verdict} the {GOAL:.0f}× goal"
    )
    return m
