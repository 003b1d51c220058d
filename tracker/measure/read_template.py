"""The office template (CSV, XLSX or XLS): ``satker,tahun,bulan,kode,rpd,realisasi,volume,progres``,
one row per satker, year, month and output, as ``tracker realisasi template`` writes it.

Offices fill it in their own way, and what they do to it is read, not refused: the columns in
any order, headers in any case, with ``_`` or a unit in parentheses (``Realisasi (Rp)``) or
a common alias (``kode_satker``, ``kode output``); the header below a title block (the first
row naming satker, tahun, bulan and kode is the header); the month as a number or a name
(``Januari``, ``Agt``); figures as Indonesian or English text (:func:`realisasi.number`);
codes as a spreadsheet mangles them (``3355.01`` for ``3355.010``). A short code (``956``,
``EBA.956``, a 2020 ``003``) is resolved under the kegiatan and KRO rows above it
(:class:`codes.Parents`), never by its string alone. Other columns (the template's nama,
pagu, target, satuan) are ignored. A row with no figures at all is skipped: a template row
nobody filled in says nothing; so is a total line (figures, but no satker, tahun, bulan or
kode: it belongs to no output).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.measure import codes, sheets
from tracker.measure.realisasi import FIGURES, BadRow, PlanIndex, Row, check

KEYS = ("satker", "tahun", "bulan", "kode")
ALIASES = {
    "kode satker": "satker",
    "kd satker": "satker",
    "kdsatker": "satker",
    "satuan kerja": "satker",
    "tahun anggaran": "tahun",
    "ta": "tahun",
    "thn": "tahun",
    "bln": "bulan",
    "kode output": "kode",
    "kd output": "kode",
    "kode ro": "kode",
    "kd ro": "kode",
    "kode rincian output": "kode",
    "rencana penarikan": "rpd",
    "rencana penarikan dana": "rpd",
    "rvro": "volume",
    "realisasi volume": "volume",
    "volume realisasi": "volume",
    "pcro": "progres",
    "progress": "progres",
    "progres capaian": "progres",
}
HEADER_SEARCH = 20  # rows a title block may take
CHUNK = 5000


def column(key: str) -> str:
    """A header key (:func:`sheets.header_key`) as the template's column name it stands for."""
    return ALIASES.get(key, key)


def matches(header: list[str]) -> bool:
    names = {column(h) for h in header}
    return all(k in names for k in KEYS)


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    values: dict[str, Any]
    filled: bool  # has any figure


def read(path: Path, index: PlanIndex, sheet: int = 0) -> Iterator[Row | BadRow]:
    """Rows in chunks of :data:`CHUNK`: the plans of a chunk's satker-years are fetched in one
    round trip before its rows are checked, so a file naming 550 satker-years costs a couple
    of queries, not 550; memory holds one chunk, never the file."""
    columns: dict[str, int] | None = None
    chunk: list[_Line] = []
    parents = codes.Parents()
    plans: list[dict] = [{}]  # the plan of the last row that named one, across chunks
    comma = sheets.decimal_comma(path)
    for number, cells in sheets.rows(path, sheet):
        if columns is None:
            header = [column(sheets.header_key(c)) for c in cells]
            if matches(header):
                columns = {}
                for name in (*KEYS, *FIGURES):
                    if name in header:
                        columns[name] = header.index(name)
            elif number >= HEADER_SEARCH:
                break
            continue
        width = len(cells)
        values = {k: (cells[i] if i < width else None) for k, i in columns.items()}
        filled = not all(_blank(values.get(name)) for name in FIGURES)
        if not filled and _blank(values.get("kode")):
            continue  # blank, or nobody filled in its figures
        if all(_blank(values.get(k)) for k in KEYS):
            continue  # a total line: it names no satker, year, month or output
        chunk.append(_Line(number, values, filled))
        if len(chunk) >= CHUNK:
            yield from _checked(chunk, index, parents, comma, plans)
            chunk = []
    if columns is None:
        yield BadRow(1, f"no header row naming {', '.join(KEYS)} in the first {HEADER_SEARCH} rows")
        return
    yield from _checked(chunk, index, parents, comma, plans)


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _checked(
    chunk: list[_Line],
    index: PlanIndex,
    parents: codes.Parents,
    comma: bool,
    plans: list[dict],
) -> Iterator[Row | BadRow]:
    keys = set()
    for line in chunk:
        v = line.values
        try:
            keys.add((codes.satker_written(v.get("satker")), int(float(str(v.get("tahun"))))))
        except ValueError:
            continue  # check() reports it
    index.prefetch(keys)
    for line in chunk:
        v = line.values
        code = codes.written(v.get("kode"))
        problem = ""
        if code:
            # A parent row may leave satker and tahun blank: it belongs to the rows around it.
            plans[0] = _plan_of(index, v) or plans[0]
            kind, resolved = parents.resolve(code, plans[0])
            if kind == "parent":
                if line.filled:
                    yield BadRow(line.number, f"kode {code} is not an output: no figures here")
                continue
            if kind == "output":
                code = resolved
            else:
                problem = resolved
        if not line.filled:
            continue  # an output row nobody filled in: it only told where the rows stand
        figures = {name: v.get(name) for name in FIGURES}
        row, problems = check(
            index, v.get("satker"), v.get("tahun"), v.get("bulan"), code, figures, comma, problem
        )
        if row is not None:
            yield row
        for p in problems:
            yield BadRow(line.number, p)


def _plan_of(index: PlanIndex, values: dict[str, Any]) -> dict | None:
    """The plan's outputs of the row's satker-year, when the row names one on record."""
    try:
        year = int(float(str(values.get("tahun"))))
    except ValueError:
        return None
    satker = codes.satker_written(values.get("satker"))
    return index.outputs(satker, year) if satker else None
