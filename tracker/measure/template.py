"""The workbook offices fill in: one row per output and month of a satker-year's plan, with
the output's name, pagu and volume target beside the columns to fill, and whatever is already
on record filled in (so the sheet is also the way to correct a month).

Its first columns are exactly the header ``tracker realisasi load`` reads
(``satker,tahun,bulan,kode,rpd,realisasi,volume,progres``); the columns after them (nama,
pagu, target, satuan) are there to help and are ignored on load.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from neo4j import Driver
from openpyxl import Workbook
from openpyxl.styles import Font

from tracker.measure import report
from tracker.measure.realisasi import FIGURES, TEMPLATE_HEADER

EXTRA = ("nama", "pagu", "target", "satuan")
HEADER = (*TEMPLATE_HEADER, *EXTRA)


def rows(driver: Driver, satker: str, year: int, database: str | None = None) -> list[list[Any]]:
    outputs = report.facts(driver, satker, year, database)
    result = []
    for o in outputs:
        for bulan in range(1, 13):
            x = o.months.get(bulan)
            figures = [_whole(getattr(x, f)) if x is not None else None for f in FIGURES]
            result.append(
                [satker, year, bulan, o.code, *figures, o.name, _whole(o.pagu), _whole(o.target)]
                + [o.unit]
            )
    return result


def _whole(value: Any) -> Any:
    """A whole number as an int (10000000, not 10000000.0, in the sheet an office reads)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def xlsx_bytes(table: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "realisasi"
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in table:
        sheet.append(r)
    for col in ("A", "D"):  # codes as text, so Excel keeps them as written
        for cell in sheet[col][1:]:
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["D"].width = 16
    sheet.column_dimensions["I"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(table: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(["" if v is None else v for v in r] for r in table)
    return buffer.getvalue()


def write(driver: Driver, satker: str, year: int, out: Path, database: str | None = None) -> int:
    """Write the template to ``out`` (.xlsx, or .csv); returns the number of rows."""
    table = rows(driver, satker, year, database)
    if out.suffix.lower() == ".csv":
        out.write_text(csv_text(table), encoding="utf-8")
    else:
        out.write_bytes(xlsx_bytes(table))
    return len(table)
