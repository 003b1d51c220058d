"""Rows of cells from a CSV or XLSX file, one at a time, with the row number a spreadsheet
would show (the first line is row 1).

Realisation files can be long (a million rows for a province's year of payments), so nothing
here holds a file in memory: CSV is read line by line through :mod:`csv`, XLSX through
openpyxl's read-only mode, which streams the sheet's XML. Reading twice (the loader's check
pass, then its write pass) is cheaper than holding the rows.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class UnreadableFile(ValueError):
    """A file that is not a CSV or XLSX this module can read."""


def encoding_of(path: Path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as UTF-8, Windows-1252 otherwise;
    checked in 1 MiB steps so a large file is never read whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while block := f.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as f:
        first = f.readline()
    # Excel set to Indonesian writes ';' because ',' is its decimal separator.
    return ";" if first.count(";") > first.count(",") else ","


def rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for every row of the file's first sheet, blank rows included."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield from _csv_rows(path)
    elif suffix in XLSX_SUFFIXES:
        yield from _xlsx_rows(path)
    else:
        raise UnreadableFile(f"{path.name}: expected a .csv or .xlsx file, got {suffix or 'none'}")


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    encoding = encoding_of(path)
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=_delimiter(path, encoding))
        yield from enumerate(reader, start=1)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"{path.name}: not a readable .xlsx workbook ({exc})") from exc
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()


def header_key(cell: Any) -> str:
    """A header cell as a comparable key: lower case, single spaces."""
    return " ".join(str(cell or "").strip().lower().split())
