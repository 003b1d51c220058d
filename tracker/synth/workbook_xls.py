"""The kertas kerja rows of ``tracker.synth.workbook`` written as an older SAKTI .xls export
(BIFF8, through xlwt, a development dependency: only tests and ``tracker synth --workbooks
xls`` need it)."""

from __future__ import annotations

from pathlib import Path

import xlwt


def write_xls(rows: list[list[object]], path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Kertas Kerja")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                sheet.write(r, c, value)
    book.save(str(path))
    return path
