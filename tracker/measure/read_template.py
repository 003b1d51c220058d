"""The office template (CSV or XLSX): ``satker,tahun,bulan,kode,rpd,realisasi,volume,progres``,
one row per satker, year, month and output, as ``tracker realisasi template`` writes it.

The header may sit below a title block (the first row naming satker, tahun, bulan and kode is
the header); other columns (the template's nama, pagu, target, satuan) are ignored. A row
with no figures at all is skipped: a template row nobody filled in says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracker.measure import sheets
from tracker.measure.realisasi import FIGURES, BadRow, PlanIndex, Row, check

KEYS = ("satker", "tahun", "bulan", "kode")
HEADER_SEARCH = 20  # rows a title block may take
CHUNK = 5000


def matches(header: list[str]) -> bool:
    return all(k in header for k in KEYS)


def read(path: Path, index: PlanIndex) -> Iterator[Row | BadRow]:
    """Rows in chunks of :data:`CHUNK`: the plans of a chunk's satker-years are fetched in one
    round trip before its rows are checked, so a file naming 550 satker-years costs a couple
    of queries, not 550; memory holds one chunk, never the file."""
    columns: dict[str, int] | None = None
    chunk: list[tuple[int, dict[str, object]]] = []
    for number, cells in sheets.rows(path):
        if columns is None:
            header = [sheets.header_key(c) for c in cells]
            if matches(header):
                columns = {name: header.index(name) for name in (*KEYS, *FIGURES) if name in header}
            elif number >= HEADER_SEARCH:
                break
            continue
        width = len(cells)
        values = {k: (cells[i] if i < width else None) for k, i in columns.items()}
        if all(values.get(name) is None or str(values[name]).strip() == "" for name in FIGURES):
            continue  # blank, or nobody filled in its figures
        chunk.append((number, values))
        if len(chunk) >= CHUNK:
            yield from _checked(chunk, index)
            chunk = []
    if columns is None:
        yield BadRow(1, f"no header row naming {', '.join(KEYS)} in the first {HEADER_SEARCH} rows")
        return
    yield from _checked(chunk, index)


def _checked(
    chunk: list[tuple[int, dict[str, object]]], index: PlanIndex
) -> Iterator[Row | BadRow]:
    keys = set()
    for _, v in chunk:
        try:
            keys.add((str(v.get("satker") or "").strip(), int(float(str(v.get("tahun"))))))
        except ValueError:
            continue  # check() reports it
    index.prefetch(keys)
    for number, v in chunk:
        figures = {name: v.get(name) for name in FIGURES}
        row, problems = check(
            index, v.get("satker"), v.get("tahun"), v.get("bulan"), v.get("kode"), figures
        )
        if row is not None:
            yield row
        for p in problems:
            yield BadRow(number, p)
