"""Rows of cells from a CSV, XLSX or XLS file, one at a time, with the row number a
spreadsheet would show (the first line is row 1).

Realisation files can be long (a million rows for a province's year of payments), so nothing
here holds a file in memory: CSV is read line by line through :mod:`csv`, XLSX through
openpyxl's read-only mode, which streams the sheet's XML. Reading twice (the loader's check
pass, then its write pass) is cheaper than holding the rows. Older ``.xls`` exports (BIFF)
cannot be streamed and are read with python-calamine, after their cell records are checked
for the box calamine would allocate.

What a spreadsheet's locale did to a file is undone here, where it is known: a CSV's
separator (``,``, ``;`` as Excel set to Indonesian saves it, or a tab) is told from its
first lines, and a cell formatted as a percentage (shown 45%, stored 0.45) is given as the
number shown.

A realisation file is untrusted input like a document: a workbook is a zip, and a few
kilobytes can declare gigabytes of sheet XML or one shared string of a gigabyte, which
openpyxl would hold. So a workbook's zip is checked against what it declares before anything
is inflated (:func:`tracker.read.limits.open_zip`), its dimensions are not trusted (a sheet
claiming the whole grid is read as the rows it holds), a sheet whose row numbers leap over
more than ``MAX_GAP`` rows it does not hold is refused (openpyxl would hand out every missing
row, a million of them for two cells), a row is read to at most ``MAX_COLUMNS`` cells, and
every kind of file stops at ``MAX_ROWS`` rows with a clear refusal.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tracker.read.limits import check_xls, open_zip
from tracker.read.records import RkaParseError

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
XLS_SUFFIXES = {".xls"}
SEPARATORS = (",", ";", "\t")
SNIFF_LINES = 20  # lines a separator is told from (a title block may come first)
# A year of a province's SP2D is about a million rows; twice that is no realisation file.
MAX_ROWS = 2_000_000
MAX_COLUMNS = 64  # the widest export (RPD: code, name, pagu, twelve months…) is ~30
# What an XLSX may inflate to: a million-row export's sheet XML is ~150 MB.
MAX_XLSX_INFLATED = 1 << 30
# an .xls (BIFF8: at most 65,536 rows) is read by calamine as one dense box of cells
MAX_XLS_BYTES = 64 * 1024 * 1024
MAX_XLS_COLUMNS = 256
MAX_XLS_CELLS = 4_000_000
MAX_GAP = 10_000  # rows a sheet may skip in all (blank rows an export leaves are held rows)
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_KEEP = 512  # bytes carried between chunks: longer than any <row …> start tag


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


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES | XLS_SUFFIXES:
        raise UnreadableFile(
            f"{path.name}: expected a .csv, .xlsx or .xls file, got {suffix or 'none'}"
        )
    return suffix


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets in order (a CSV is one unnamed sheet): offices put a cover or
    instructions sheet before the data often enough that the data's sheet is searched for."""
    suffix = _suffix(path)
    if suffix in CSV_SUFFIXES:
        return [""]
    if suffix in XLSX_SUFFIXES:
        _open_zip(path).close()  # openpyxl reads shared strings on opening: sizes first
    try:
        if suffix in XLS_SUFFIXES:
            return list(CalamineWorkbook.from_path(str(path)).sheet_names)
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # both libraries raise many kinds for a damaged file
        raise UnreadableFile(f"{path.name}: not a readable {suffix} workbook ({exc})") from exc
    try:
        return [ws.title for ws in book.worksheets]  # chart sheets hold no rows
    finally:
        book.close()


def rows(path: Path, sheet: int = 0) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for every row of one sheet (by position), blank rows included."""
    suffix = _suffix(path)
    if suffix in CSV_SUFFIXES:
        yield from _bounded(path, _csv_rows(path))
    elif suffix in XLSX_SUFFIXES:
        yield from _bounded(path, _xlsx_rows(path, sheet))
    else:
        yield from _bounded(path, _xls_rows(path, sheet))


def _bounded(
    path: Path, numbered: Iterator[tuple[int, list[Any]]]
) -> Iterator[tuple[int, list[Any]]]:
    """The rows, refused at ``MAX_ROWS`` (each kind of file streams, so this bounds time)."""
    for number, cells in numbered:
        if number > MAX_ROWS:
            raise UnreadableFile(
                f"{path.name} row {number:,}: found more than {MAX_ROWS:,} rows, expected a "
                "realisation file of at most that many (split it by month or satker)"
            )
        yield number, cells[:MAX_COLUMNS]


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    encoding = encoding_of(path)
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=_delimiter(path, encoding))
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:  # a cell over csv's 128 KiB, a NUL byte, a quote left open
            raise UnreadableFile(
                f"{path.name} row {reader.line_num:,}: {exc}, expected a CSV of short cells"
            ) from None


def _open_zip(path: Path) -> zipfile.ZipFile:
    """The workbook's zip, refused when what it declares would inflate past the bounds."""
    try:
        return open_zip(path.read_bytes(), path.name, MAX_XLSX_INFLATED)
    except RkaParseError as exc:
        raise UnreadableFile(f"{path.name}: {exc.message}") from None


def _xlsx_rows(path: Path, index: int) -> Iterator[tuple[int, list[Any]]]:
    with _open_zip(path) as archive:
        _check_row_numbers(archive, path.name)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"{path.name}: not a readable .xlsx workbook ({exc})") from exc
    try:
        sheet = book.worksheets[index]
        # Rows are padded to the declared width: trust it up to MAX_COLUMNS. The declared
        # height is not trusted at all (A1:XFD1048576 in a few bytes): the rows read are
        # those the sheet holds.
        declared = sheet.max_column
        width = declared if declared and declared <= MAX_COLUMNS else MAX_COLUMNS
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(max_col=width), start=1):
            yield number, [_shown(c) for c in cells]
    finally:
        book.close()


def _check_row_numbers(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a worksheet whose row numbers run far past the rows it holds, reading its XML as
    a stream (one chunk in memory): what is skipped would otherwise be handed out row by row."""
    for member in archive.infolist():
        if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
            continue
        held = last = 0
        tail = b""
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 20):
                    data = tail + chunk
                    cut = max(0, len(data) - _KEEP)
                    for m in _ROW_NUMBER.finditer(data, 0, cut):
                        held, last = held + 1, max(last, int(m.group(1)))
                    tail = data[cut:]
                for m in _ROW_NUMBER.finditer(tail):
                    held, last = held + 1, max(last, int(m.group(1)))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise UnreadableFile(f"{name}: not a readable .xlsx workbook ({exc})") from None
        if last > MAX_ROWS or last - held > MAX_GAP:
            raise UnreadableFile(
                f"{name} row {last:,}: found a sheet numbering its rows up to {last:,} while it "
                f"holds {held:,}, expected a realisation file without "
                f"{last - held:,} missing rows"
            )


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


def _xls_rows(path: Path, index: int) -> Iterator[tuple[int, list[Any]]]:
    """Rows from calamine one at a time; the sheet's box is checked first, because calamine
    holds it dense (two cells in opposite corners of a 5 KB file are 16.7 million cells)."""
    data = path.read_bytes()
    try:
        check_xls(data, path.name, MAX_XLS_BYTES, MAX_ROWS, MAX_XLS_COLUMNS, MAX_XLS_CELLS)
    except RkaParseError as exc:
        raise UnreadableFile(f"{path.name}: {exc.message}") from None
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(index)
    except Exception as exc:  # calamine raises its own kinds for a damaged file
        raise UnreadableFile(f"{path.name}: not a readable .xls workbook ({exc})") from exc
    # every row from the first (those above the data empty), columns from the first holding
    # a cell: padded back to column A
    left = (sheet.start or (0, 0))[1]
    pad: list[Any] = [None] * left
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        yield number, pad + [None if c == "" else c for c in cells]


def header_key(cell: Any) -> str:
    """A header cell as a comparable key: lower case, ``_`` as a space, single spaces, a
    unit in parentheses after the name left out (``Realisasi (Rp)`` → ``realisasi``)."""
    text = " ".join(str(cell or "").replace("_", " ").strip().lower().split())
    if text.endswith(")") and "(" in text and not text.startswith("("):
        text = text[: text.rindex("(")].strip()
    return text
