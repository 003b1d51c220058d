"""The monthly withdrawal plan (RPD, halaman III DIPA) as a workbook: one row per item of
the cost tree (program, kegiatan, KRO, RO, komponen, subkomponen, akun) with a code column
and twelve monthly columns, in thousands of rupiah; the header block above the table names
the satker and the budget year (``--satker`` / ``--year`` name them when it does not).

The month columns are found by their headers (``Jan``, ``Januari``, ``Agt``, ``Aug``, ``1``,
``Jan 2024``…), in the code column's header row or in the row or two under it (a header of
two rows, ``Rencana Penarikan`` over the months), wherever they sit (merged cells leave
columns between them). The satker is the six-digit code on a header line naming the satker
(``Satker``, ``Satuan Kerja``), else the only six-digit code in the block; the year likewise
with ``Tahun``/``T.A.``, else the only year.

Only output (RO) rows are read, each code resolved under its parent rows by
:class:`tracker.measure.codes.Context`; their twelve months become ``rpd`` (× 1,000, a blank
month is 0: the plan covers the whole year). Loading it again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.measure import codes, sheets
from tracker.measure.codes import Context
from tracker.measure.realisasi import BadRow, PlanIndex, Row, check, month_number, number

CODE_COLUMNS = ("kode", "kode akun", "kd", "kode rincian", "kode anggaran")
HEADER_SEARCH = 30
HEADER_DEPTH = 2  # rows under the code column's header that may hold the month headers
SATKER = re.compile(r"\b(\d{6})\b")
YEAR = re.compile(r"\b(20\d{2})\b")
SATKER_WORDS = ("satker", "satuan kerja")
YEAR_WORDS = ("tahun", "t.a", "ta ", "ta.", "ta:")
MONTH_HEADER = re.compile(r"^(?:bulan |bln )?([a-z]+|\d{1,2})\.?(?:[ \-/']+\d{2,4})?$")


def month_of(header: str) -> int | None:
    """A month column's header as its month number, else None."""
    m = MONTH_HEADER.match(header)
    if not m:
        return None
    word = m.group(1)
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    return month_number(word)


def month_columns(header: list[str]) -> list[int] | None:
    """The column of each month 1–12 (the first column naming it), or None unless all twelve
    are there."""
    found: dict[int, int] = {}
    for i, h in enumerate(header):
        b = month_of(h)
        if b is not None and b not in found:
            found[b] = i
    if len(found) < 12:
        return None
    return [found[b] for b in range(1, 13)]


def code_column(header: list[str]) -> int | None:
    return next((i for i, h in enumerate(header) if h in CODE_COLUMNS), None)


def matches(header: list[str]) -> bool:
    return month_columns(header) is not None and code_column(header) is not None


@dataclass
class _Block:
    """What the header block above the table says: the satker and year on a labelled line,
    and every six-digit code and year it shows (the fallback when exactly one)."""

    satker: str = ""
    year: int | None = None
    codes: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)

    def scan(self, cells: list[Any]) -> None:
        text = " ".join(str(c) for c in cells if c is not None)
        low = text.lower()
        found = SATKER.findall(text)
        self.codes.update(found)
        self.years.update(int(y) for y in YEAR.findall(text))
        if not self.satker and found and any(w in low for w in SATKER_WORDS):
            self.satker = found[0]
        if self.year is None and any(w in low for w in YEAR_WORDS) and (m := YEAR.search(text)):
            self.year = int(m.group(1))

    def named(self, satker: str, year: int | None) -> tuple[str, int | None]:
        satker = satker or self.satker or (next(iter(self.codes)) if len(self.codes) == 1 else "")
        if year is None:
            year = self.year or (next(iter(self.years)) if len(self.years) == 1 else None)
        return satker, year


def read(
    path: Path, index: PlanIndex, satker: str = "", year: int | None = None, sheet: int = 0
) -> Iterator[Row | BadRow]:
    code_at: int | None = None
    months: list[int] = []
    context: Context | None = None
    block = _Block()
    pending: tuple[int, int] | None = None  # (code column, its row) awaiting month headers
    comma = sheets.decimal_comma(path)
    for number_, cells in sheets.rows(path, sheet):
        if context is None:
            header = [sheets.header_key(c) for c in cells]
            found = code_column(header)
            columns = month_columns(header)
            if found is None and pending is not None and number_ - pending[1] <= HEADER_DEPTH:
                found = pending[0]
            elif found is not None and columns is None:
                pending = (found, number_)
            if found is None or columns is None:
                block.scan(cells)
                if number_ >= HEADER_SEARCH:
                    break
                continue
            code_at, months = found, columns
            satker, year = block.named(satker, year)
            if not satker or year is None:
                yield BadRow(
                    number_,
                    "the header block names no satker (6 digits) and tahun; "
                    "give --satker and --year",
                )
                return
            outputs = index.outputs(satker, year)
            if outputs is None:
                yield BadRow(number_, f"satker-year {satker}/{year} has no plan on record")
                return
            context = Context(set(outputs))
            continue
        assert code_at is not None
        code = cells[code_at] if code_at < len(cells) else None
        if code is None or str(code).strip() == "":
            continue
        kind, output = context.step(codes.written(code))
        if kind == "unknown":
            yield BadRow(number_, f"output {output} is not in the plan of {satker}/{year}")
            continue
        if kind != "output":
            continue
        for bulan, at in enumerate(months, start=1):
            raw = cells[at] if at < len(cells) else None
            try:
                thousands = number(raw, "money", comma)
            except ValueError:
                yield BadRow(number_, f"month {bulan} {str(raw).strip()!r} is not a number")
                continue
            rupiah = round((thousands or 0.0) * 1000, 2)
            row, problems = check(index, satker, year, bulan, output, {"rpd": rupiah})
            for p in problems:
                yield BadRow(number_, f"month {bulan}: {p}")
            if row is not None:
                yield row
    if context is None:
        yield BadRow(
            1, f"no header row with KODE and twelve month columns in the first {HEADER_SEARCH}"
        )
