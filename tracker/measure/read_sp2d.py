"""SAKTI's monitoring export of payments: one row per SP2D (the treasury's payment order)
with its date (``TANGGAL SP2D``), its chart-of-accounts code (``KODE COA``) and its amount
(``NILAI RUPIAH``), summed by output and month into ``realisasi``.

``KODE COA`` is one string of 16 dot-separated segments. Their order is :data:`SEGMENTS`
(one table, so an export that orders them differently is a one-line change); the ones read
are the satker, the kegiatan and KRO run together (``3357EBA``; a 2020 code has the kegiatan
alone, ``3355``) and the RO (``956``; a 2020 output's own three digits, ``003``). The RO is
resolved under its own kegiatan and KRO from the same code and must be in the satker-year's
plan; the year is the SP2D's.

The export is the whole truth for the months it covers: an output of the plan with no SP2D
in a month the file covers gets ``realisasi`` 0 for that month, so a payment moved or
cancelled between two exports does not linger. Months the file does not cover are left as
they are. Only the sums are held in memory (outputs × months), never the rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.measure import sheets
from tracker.measure.realisasi import BadRow, PlanIndex, Row, check, number

SEGMENTS = (
    "satker",
    "kppn",
    "akun",
    "program",
    "kegiatan_kro",
    "sumber_dana",
    "cara_tarik",
    "kewenangan",
    "lokasi",
    "ro",
    "komponen",
    "subkomponen",
    "register",
    "jenis_belanja",
    "intra_ekstra",
    "cadangan",
)
DATE_COLUMNS = ("tanggal sp2d", "tgl sp2d", "tanggal")
COA_COLUMNS = ("kode coa", "coa")
AMOUNT_COLUMNS = ("nilai rupiah", "nilai sp2d", "nilai")
HEADER_SEARCH = 20
KEG_KRO = re.compile(r"^(\d{4})([A-Z]{3})?$")
RO = re.compile(r"^[0-9A-Z]{3}$")
SATKER = re.compile(r"^\d{6}$")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def matches(header: list[str]) -> bool:
    return _find(header, COA_COLUMNS) is not None and _find(header, AMOUNT_COLUMNS) is not None


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return date(1899, 12, 30) + timedelta(days=int(value))  # an Excel serial date
    text = str(value or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def resolve_coa(coa: str) -> tuple[str, str]:
    """(satker, output code) of a KODE COA; ValueError saying what is wrong otherwise."""
    parts = [p.strip().upper() for p in str(coa or "").strip().split(".")]
    if len(parts) != len(SEGMENTS):
        raise ValueError(f"KODE COA {coa!r} has {len(parts)} segments, expected {len(SEGMENTS)}")
    seg = dict(zip(SEGMENTS, parts, strict=True))
    if not SATKER.match(seg["satker"]):
        raise ValueError(f"KODE COA {coa!r}: satker segment {seg['satker']!r} is not 6 digits")
    m = KEG_KRO.match(seg["kegiatan_kro"])
    if not m:
        raise ValueError(
            f"KODE COA {coa!r}: segment {seg['kegiatan_kro']!r} is not a kegiatan+KRO (3357EBA)"
        )
    if not RO.match(seg["ro"]):
        raise ValueError(f"KODE COA {coa!r}: RO segment {seg['ro']!r} is not 3 characters")
    kegiatan, kro = m.group(1), m.group(2)
    parent = f"{kegiatan}.{kro}" if kro else kegiatan
    return seg["satker"], f"{parent}.{seg['ro']}"


def read(path: Path, index: PlanIndex) -> Iterator[Row | BadRow]:
    columns: tuple[int, int, int] | None = None
    sums: dict[tuple[str, int, str, int], float] = defaultdict(float)
    months: dict[tuple[str, int], set[int]] = defaultdict(set)
    first_row: dict[tuple[str, int], int] = {}
    for number_, cells in sheets.rows(path):
        if columns is None:
            header = [sheets.header_key(c) for c in cells]
            if matches(header):
                d, c, a = (
                    _find(header, DATE_COLUMNS),
                    _find(header, COA_COLUMNS),
                    _find(header, AMOUNT_COLUMNS),
                )
                if d is None:
                    yield BadRow(number_, "no TANGGAL SP2D column")
                    return
                columns = (d, c, a)  # type: ignore[assignment]
            elif number_ >= HEADER_SEARCH:
                break
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        d, c, a = columns

        def cell(i: int, cells: list = cells) -> Any:
            return cells[i] if i < len(cells) else None

        problems: list[str] = []
        try:
            when = parse_date(cell(d))
        except ValueError:
            problems.append(f"TANGGAL SP2D {str(cell(d)).strip()!r} is not a date")
            when = None
        try:
            satker, code = resolve_coa(cell(c))
        except ValueError as exc:
            problems.append(str(exc))
            satker = code = ""
        if when is None or not satker:
            try:
                number(cell(a))
            except ValueError:
                problems.append(f"NILAI RUPIAH {str(cell(a)).strip()!r} is not a number")
            for p in problems:
                yield BadRow(number_, p)
            continue
        row, more = check(index, satker, when.year, when.month, code, {"realisasi": cell(a)})
        problems += more
        if row is None or "realisasi" not in row.values:
            problems = problems or ["NILAI RUPIAH is empty"]
            for p in problems:
                yield BadRow(number_, p.replace("realisasi ", "NILAI RUPIAH "))
            continue
        key = (row.satker, row.year)
        first_row.setdefault(key, number_)
        months[key].add(row.bulan)
        sums[(row.satker, row.year, row.code, row.bulan)] += row.values["realisasi"]
    if columns is None:
        yield BadRow(
            1, f"no header row with KODE COA and NILAI RUPIAH in the first {HEADER_SEARCH}"
        )
        return
    for (satker, year), covered in sorted(months.items()):
        outputs = index.outputs(satker, year) or {}
        for code in sorted(outputs):
            for bulan in sorted(covered):
                total = round(sums.get((satker, year, code, bulan), 0.0), 2)
                yield Row(satker, year, bulan, code, {"realisasi": total})
