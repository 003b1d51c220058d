"""SAKTI's monitoring export of payments: one row per SP2D (the treasury's payment order)
with its date (``TANGGAL SP2D``), its chart-of-accounts code (``KODE COA``) and its amount
(``NILAI RUPIAH``), summed by output and month into ``realisasi``.

``KODE COA`` is one string of 16 dot-separated segments. Their order is :data:`SEGMENTS`, as
the public parsers of the export split it (satker, KPPN, akun, program, kegiatan and KRO run
together, funding source, cara tarik, kewenangan, lokasi, then the register, intraco and
reserve segments, then the RO, komponen, subkomponen and one more reserve); one table, so an
export that orders them differently is a one-line change. The ones read are the satker, the
kegiatan and KRO run together (``3357EBA``; a 2020 code has the kegiatan alone, ``3355``) and
the RO (``956``; a 2020 output's own three digits, ``003``). The RO is resolved under its own
kegiatan and KRO from the same code and must be in the satker-year's plan; the year is the
SP2D's.

The date is read as offices' exports write it: a date cell, an Excel serial number, or text
day first (``15/01/2024``, ``15-01-2024``, ``15.01.2024``, ``15 Januari 2024``,
``15-Jan-24``), year first (``2024-01-15``, with or without a time), or ``20240115``. A row
with neither a date nor a code (the export's total line) is not a payment and is passed over.

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
from tracker.measure.realisasi import BadRow, PlanIndex, Row, check, month_number, number

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
    "register",
    "intraco",
    "cadangan",
    "ro",
    "komponen",
    "subkomponen",
    "cadangan_2",
)
DATE_COLUMNS = ("tanggal sp2d", "tgl sp2d", "tanggal")
COA_COLUMNS = ("kode coa", "coa")
AMOUNT_COLUMNS = ("nilai rupiah", "nilai sp2d", "nilai")
HEADER_SEARCH = 20
KEG_KRO = re.compile(r"^(\d{4})([A-Z]{3})?$")
RO = re.compile(r"^[0-9A-Z]{3}$")
SATKER = re.compile(r"^\d{6}$")
DAY_FIRST = re.compile(r"^(\d{1,2})[-/. ]+(\d{1,2}|[a-z]+)\.?[-/. ,]+(\d{4}|\d{2})$")
YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
TIME = re.compile(r"[t ]\d{1,2}[:.]\d{2}([:.]\d{2}([.,]\d+)?)?( ?[ap]m)?(z|[+-]\d{2}:?\d{2})?$")
WEEKDAY = re.compile(r"^[a-z']+,\s*")
EXCEL_EPOCH = date(1899, 12, 30)


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def matches(header: list[str]) -> bool:
    return _find(header, COA_COLUMNS) is not None and _find(header, AMOUNT_COLUMNS) is not None


def parse_date(value: Any) -> date:
    """A ``TANGGAL SP2D`` cell as a date (see the module docstring for the forms read);
    ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    text = " ".join(str(value or "").strip().lower().split())
    text = TIME.sub("", WEEKDAY.sub("", text)).strip()
    if m := YEAR_FIRST.match(text):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := COMPACT.match(text):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := DAY_FIRST.match(text):
        day, month, year = m.groups()
        number_ = int(month) if month.isdigit() else month_number(month)
        if number_ is None:
            raise ValueError(text)
        full = int(year) + 2000 if len(year) == 2 else int(year)
        return date(full, number_, int(day))
    if text.replace(".", "", 1).isdigit():
        return _serial(float(text))
    raise ValueError(text)


def _serial(value: float) -> date:
    """An Excel serial date (days since 1899-12-30), within the years a budget can have."""
    if not 1 <= value < 2_958_466:
        raise ValueError(str(value))
    return EXCEL_EPOCH + timedelta(days=int(value))


def resolve_coa(coa: Any) -> tuple[str, str]:
    """(satker, output code) of a KODE COA; ValueError saying what is wrong otherwise."""
    if coa is None or not str(coa).strip():
        raise ValueError("KODE COA is empty")
    parts = [p.strip().upper() for p in str(coa).strip().split(".")]
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


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def read(path: Path, index: PlanIndex, sheet: int = 0) -> Iterator[Row | BadRow]:
    columns: tuple[int, int, int] | None = None
    sums: dict[tuple[str, int, str, int], float] = defaultdict(float)
    months: dict[tuple[str, int], set[int]] = defaultdict(set)
    comma = sheets.decimal_comma(path)
    for number_, cells in sheets.rows(path, sheet):
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
        d, c, a = columns

        def cell(i: int, cells: list = cells) -> Any:
            return cells[i] if i < len(cells) else None

        if _blank(cell(d)) and _blank(cell(c)):
            continue  # a blank row, or the export's total line: not a payment

        problems: list[str] = []
        try:
            when = parse_date(cell(d))
        except ValueError:
            shown = str(cell(d) if cell(d) is not None else "").strip()
            problems.append(
                f"TANGGAL SP2D {shown!r} is not a date" if shown else "TANGGAL SP2D is empty"
            )
            when = None
        try:
            satker, code = resolve_coa(cell(c))
        except ValueError as exc:
            problems.append(str(exc))
            satker = code = ""
        if when is None or not satker:
            try:
                number(cell(a), "money", comma)
            except ValueError:
                problems.append(f"NILAI RUPIAH {str(cell(a)).strip()!r} is not a number")
            for p in problems:
                yield BadRow(number_, p)
            continue
        row, more = check(index, satker, when.year, when.month, code, {"realisasi": cell(a)}, comma)
        problems += more
        if row is None or "realisasi" not in row.values:
            problems = problems or ["NILAI RUPIAH is empty"]
            for p in problems:
                yield BadRow(number_, p.replace("realisasi ", "NILAI RUPIAH "))
            continue
        key = (row.satker, row.year)
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
