"""The monthly withdrawal plan (RPD, halaman III DIPA) as a workbook: one row per item of
the cost tree (program, kegiatan, KRO, RO, komponen, subkomponen, akun) with a code column
and twelve monthly columns, in thousands of rupiah; the header block above the table names
the satker and the budget year (``--satker`` / ``--year`` name them when it does not).

Only output (RO) rows are read, each code resolved under its parent rows by
:class:`tracker.measure.codes.Context`; their twelve months become ``rpd`` (× 1,000, a blank
month is 0: the plan covers the whole year). Loading it again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tracker.measure import sheets
from tracker.measure.codes import Context
from tracker.measure.realisasi import BadRow, PlanIndex, Row, check, number

MONTHS = (
    ("jan", "januari", "1"),
    ("feb", "februari", "pebruari", "2"),
    ("mar", "maret", "3"),
    ("apr", "april", "4"),
    ("mei", "may", "5"),
    ("jun", "juni", "6"),
    ("jul", "juli", "7"),
    ("agu", "agt", "ags", "agustus", "aug", "8"),
    ("sep", "september", "9"),
    ("okt", "oktober", "oct", "10"),
    ("nov", "nopember", "november", "11"),
    ("des", "desember", "dec", "12"),
)
CODE_COLUMNS = ("kode", "kode akun", "kd")
HEADER_SEARCH = 30
SATKER = re.compile(r"\b(\d{6})\b")
YEAR = re.compile(r"\b(20\d{2})\b")


def month_columns(header: list[str]) -> list[int] | None:
    found = []
    for names in MONTHS:
        at = next((i for i, h in enumerate(header) if h in names), None)
        if at is None:
            return None
        found.append(at)
    return found


def matches(header: list[str]) -> bool:
    return month_columns(header) is not None and any(h in CODE_COLUMNS for h in header)


def _scan_block(cells: list[Any], satker: str, year: int | None) -> tuple[str, int | None]:
    text = " ".join(str(c) for c in cells if c is not None)
    low = text.lower()
    if not satker and "satker" in low and (m := SATKER.search(text)):
        satker = m.group(1)
    if (
        year is None
        and ("tahun" in low or "t.a" in low or "ta " in low)
        and (m := YEAR.search(text))
    ):
        year = int(m.group(1))
    return satker, year


def read(
    path: Path, index: PlanIndex, satker: str = "", year: int | None = None
) -> Iterator[Row | BadRow]:
    code_at: int | None = None
    months: list[int] = []
    context: Context | None = None
    for number_, cells in sheets.rows(path):
        if code_at is None:
            header = [sheets.header_key(c) for c in cells]
            if matches(header):
                code_at = next(i for i, h in enumerate(header) if h in CODE_COLUMNS)
                months = month_columns(header) or []
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
            else:
                satker, year = _scan_block(cells, satker, year)
                if number_ >= HEADER_SEARCH:
                    break
            continue
        assert context is not None
        code = cells[code_at] if code_at < len(cells) else None
        if code is None or str(code).strip() == "":
            continue
        kind, output = context.step(str(code))
        if kind == "unknown":
            yield BadRow(number_, f"output {output} is not in the plan of {satker}/{year}")
            continue
        if kind != "output":
            continue
        for bulan, at in enumerate(months, start=1):
            raw = cells[at] if at < len(cells) else None
            try:
                thousands = number(raw)
            except ValueError:
                yield BadRow(number_, f"month {bulan} {str(raw).strip()!r} is not a number")
                continue
            rupiah = round((thousands or 0.0) * 1000, 2)
            row, problems = check(index, satker, year, bulan, output, {"rpd": rupiah})
            for p in problems:
                yield BadRow(number_, f"month {bulan}: {p}")
            if row is not None:
                yield row
    if code_at is None:
        yield BadRow(
            1, f"no header row with KODE and twelve month columns in the first {HEADER_SEARCH}"
        )
