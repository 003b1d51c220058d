"""The PDF case of ``tracker bench parse``: reading a printed RKA against the floor of merely
getting its pages' words with positions out of the same library (PDFium).

Why that floor: opening the file, laying out each page's text and asking where every glyph
sits is what any reader of a PDF must pay, and it is most of the cost; what the reader adds
(rows, cells, bold runs, the text layout's interpretation) should stay within a few floors.
Documents are printed once, outside the timing; floor and parse alternate file by file.
"""

from __future__ import annotations

import ctypes
import random
import statistics
import time

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from tracker.benchmarks.common import interleaved
from tracker.read.sources.pdf import LOOSE_BOX

GOAL = 3.0  # the PDF reader should cost at most this many floors


def floor(data: bytes) -> int:
    """Every page's words with their boxes: open, text page, one box per glyph, split at
    spaces. Returns the number of words, so that nothing is optimized away."""
    pdf = pdfium.PdfDocument(data)
    words = 0
    rect = raw.FS_RECTF()
    box = ctypes.addressof(rect)
    loose = LOOSE_BOX  # the reader's own fast call, so the floor is no slower than it
    try:
        for page in pdf:
            textpage = page.get_textpage()
            tp = textpage.raw
            tpv = ctypes.cast(tp, ctypes.c_void_p).value
            n = raw.FPDFText_CountChars(tp)
            text = textpage.get_text_range(0, n) if n > 0 else ""
            word: list[tuple[float, float]] = []
            for i, t in enumerate(text):
                if t.isspace():
                    if word:
                        words += 1
                        word = []
                    continue
                loose(tpv, i, box)
                word.append((rect.left, rect.right))
            words += bool(word)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return words


def documents(n: int, seed: int) -> list[tuple[str, bytes]]:
    """The seed and ``n`` synthetic documents of both layouts, printed in varied styles."""
    from tracker.config import PROJECT_ROOT
    from tracker.synth import rka, rspp
    from tracker.synth.pdf import STYLES, render

    pick = random.Random(f"bench-pdf:{seed}")
    seed_text = (PROJECT_ROOT / "seeds" / "000_d6421c3a26a2bf97.txt").read_text("utf-8")
    out = [("seed", render(seed_text, STYLES[0]))]
    half = n // 2
    for d in [*rka.documents(half, seed=seed), *rspp.documents(n - half, seed=seed)]:
        out.append((d.file_name, render(d.text, pick.choice(STYLES))))
    return out


def measure(docs: list[tuple[str, bytes]], rounds: int) -> tuple[list[float], list[float]]:
    """Median CPU seconds per document over ``rounds``: the floor, and the full read to
    records."""
    from tracker.read.document import read_bytes

    # CPU time of this process: on a machine shared with other jobs, wall time charges
    # whichever side was descheduled, and the ratio wanders by a third
    return interleaved(
        len(docs),
        rounds,
        lambda i: floor(docs[i][1]),
        lambda i: read_bytes(docs[i][1], docs[i][0]),
        clock=time.process_time,
    )


def report(n: int, rounds: int, seed: int) -> float:
    """Print the PDF table; returns the median ratio to the floor."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    t = time.perf_counter()
    docs = documents(n, seed)
    pages = [len(pdfium.PdfDocument(data)) for _, data in docs]
    console.print(f"printed {len(docs)} PDFs in {time.perf_counter() - t:.1f} s")
    floors, parses = measure(docs, rounds)
    ratio = statistics.median(p / f for p, f in zip(parses, floors, strict=True))
    table = Table(title=f"PDF ({rounds} rounds)", show_edge=False)
    for col in ("docs", "pages/doc", "floor cpu ms/doc", "parse cpu ms/doc", "ms/page", "× floor"):
        table.add_column(col, justify="right")
    table.add_row(
        str(len(docs)),
        f"{statistics.mean(pages):.1f}",
        f"{statistics.median(floors) * 1e3:.1f}",
        f"{statistics.median(parses) * 1e3:.1f}",
        f"{sum(parses) / sum(pages) * 1e3:.1f}",
        f"{ratio:.2f}",
    )
    console.print(table)
    verdict = "[green]within[/]" if ratio <= GOAL else "[red]outside[/]"
    console.print(
        f"PDF parse costs {ratio:.2f}× the floor of extracting its words with PDFium: "
        f"{verdict} the {GOAL:.0f}× goal"
    )
    return ratio
