"""Rows of cells from a CSV, XLSX or XLS file, one at a time, with the row number a
spreadsheet would show (the first line is row 1).

Realisation files can be long (a million rows for a province's year of payments), so nothing
here holds a file in memory: CSV is read line by line through :mod:`csv`, XLSX through
openpyxl's read-only mode, which streams the sheet's XML. Reading twice (the loader's check
pass, then its write pass) is cheaper than holding the rows. Older ``.xls`` exports (BIFF)
cannot be streamed and are read whole with python-calamine; they are small.

What a spreadsheet's locale did to a file is undone here, where it is known: a CSV's
separator (``,``, ``;`` as Excel set to Indonesian saves it, or a tab) is told from its
first lines, and a cell formatted as a percentage (shown 45%, stored 0.45) is given as the
number shown.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
XLS_SUFFIXES = {".xls"}
SEPARATORS = (",", ";", "\t")
SNIFF_LINES = 20  # lines a separator is told from (a title block may come first)


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
    """The separator used most in the first lines (a title line may have none)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    with path.open(encoding=encoding, newline="") as f:
        for _, line in zip(range(SNIFF_LINES), f, strict=False):
            for sep in SEPARATORS:
                counts[sep] += line.count(sep)
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def decimal_comma(path: Path) -> bool:
    """True when the file writes decimals with a comma: a CSV separated by ``;`` (Excel set
    to Indonesian saves so, because ``,`` is its decimal mark). Workbooks store numbers as
    numbers, and their text cells say nothing about the locale."""
    if path.suffix.lower() not in CSV_SUFFIXES:
        return False
    return _delimiter(path, encoding_of(path)) == ";"


def rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for every row of the file's first sheet, blank rows included."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield from _csv_rows(path)
    elif suffix in XLSX_SUFFIXES:
        yield from _xlsx_rows(path)
    elif suffix in XLS_SUFFIXES:
        yield from _xls_rows(path)
    else:
        raise UnreadableFile(
            f"{path.name}: expected a .csv, .xlsx or .xls file, got {suffix or 'none'}"
        )


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
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, [_shown(c) for c in cells]
    finally:
        book.close()


def _shown(cell: Any) -> Any:
    """A cell's value as the sheet shows it: a number formatted as a percentage is
    multiplied by 100 (45% is stored as 0.45)."""
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    ):
        return value * 100
    return value


def _xls_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        book = CalamineWorkbook.from_path(str(path))
        table = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own kinds for a damaged file
        raise UnreadableFile(f"{path.name}: not a readable .xls workbook ({exc})") from exc
    for number, cells in enumerate(table, start=1):
        yield number, [None if c == "" else c for c in cells]


def header_key(cell: Any) -> str:
    """A header cell as a comparable key: lower case, ``_`` as a space, single spaces, a
    unit in parentheses after the name left out (``Realisasi (Rp)`` → ``realisasi``)."""
    text = " ".join(str(cell or "").replace("_", " ").strip().lower().split())
    if text.endswith(")") and "(" in text and not text.startswith("("):
        text = text[: text.rindex("(")].strip()
    return text
