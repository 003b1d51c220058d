"""Rows of cells from a spreadsheet (.xlsx or .xls), read with python-calamine, within bounds.

calamine is fast because it loads a whole sheet into one rectangular range in Rust before
handing out a single row, and that is also its danger: the range is as large as the box around
the sheet's outermost cells, so an .xlsx of a few kilobytes with one cell at A1 and one at
P1048576 (or a zip whose members inflate to gigabytes) would take the process down before the
first row. So before calamine sees the bytes, this module measures what they would become:

* .xlsx: the zip's declared uncompressed sizes, then each worksheet's XML inflated as a
  stream with a byte budget (a member that lies about its size fails its CRC, and one that
  inflates past the budget is stopped there), with its ``<dimension>`` and the rows and columns
  its cells name;
* .xls: the OLE container's workbook stream, whose BIFF cell records name their rows and
  columns (and whose DIMENSIONS records claim a size).

A workbook over the bounds, truncated, or corrupt is refused with one ``RkaParseError`` line
naming the file (and the sheet when it is one sheet's fault). Rows are then handed out lazily,
at most ``MAX_ROWS`` of them.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from python_calamine import CalamineError, CalamineWorkbook

from tracker.read import limits
from tracker.read.records import RkaParseError

Cell = int | float | str | bool | date | datetime | time | timedelta

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MAX_BYTES = 32 * 1024 * 1024  # a kertas kerja of the largest satker is a few MB
MAX_INFLATED = 256 * 1024 * 1024  # all zip members together, as they would inflate
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 4_000_000  # the box calamine would allocate: rows x columns of one sheet

_CHUNK = 1 << 20
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?\"")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a person finds the cell."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


@dataclass(frozen=True, slots=True)
class Row:
    no: int  # 1-based row number as the spreadsheet shows it
    cells: list[Cell]  # from column A; empty cells are ""


def kind_of(data: bytes) -> str | None:
    """ "xlsx", "xls", or None: by the bytes, never by the file name."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(XLS_MAGIC):
        return "xls"
    return None


class Workbook:
    """An opened, bounds-checked workbook. ``rows(i)`` iterates sheet ``i`` lazily."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        kind = kind_of(data)
        if kind is None:
            raise RkaParseError(source, 0, "found no spreadsheet, expected an .xlsx or .xls file")
        if len(data) > MAX_BYTES:
            raise RkaParseError(
                source,
                0,
                f"found a workbook of {len(data):,} bytes, expected at most {MAX_BYTES:,}",
            )
        self.kind = kind
        if kind == "xlsx":
            _check_xlsx(data, source)
        else:
            limits.check_xls(data, source, MAX_BYTES, MAX_ROWS, MAX_COLUMNS, MAX_CELLS)
        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except (CalamineError, ValueError, OSError) as exc:
            raise RkaParseError(source, 0, f"found a corrupt {kind} workbook ({exc})") from None
        self.sheet_names: list[str] = list(self._book.sheet_names)

    def rows(self, index: int) -> Iterator[Row]:
        name = self.sheet_names[index]
        try:
            sheet = self._book.get_sheet_by_index(index)
        except (CalamineError, ValueError, OSError) as exc:
            raise RkaParseError(
                self.source, 0, f"sheet '{name}': found a corrupt sheet ({exc})"
            ) from None
        # calamine hands out every row from the first (those above the data empty) but the
        # columns only from the first that holds a cell: pad them back to column A
        start = sheet.start or (0, 0)
        pad: list[Cell] = [""] * start[1]
        for no, cells in enumerate(sheet.iter_rows(), start=1):
            if no > MAX_ROWS:
                raise RkaParseError(self.source, no, f"sheet '{name}': more than {MAX_ROWS:,} rows")
            yield Row(no, pad + cells if pad else cells)


def _check_box(source: str, sheet: str, rows: int, columns: int) -> None:
    limits.check_box(source, sheet, rows, columns, MAX_ROWS, MAX_COLUMNS, MAX_CELLS)


def _check_xlsx(data: bytes, source: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RkaParseError(
            source, 0, f"found a truncated or corrupt .xlsx (zip: {exc}), expected a whole workbook"
        ) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise RkaParseError(source, 0, "found a zip without xl/workbook.xml, expected an .xlsx")
    declared = sum(m.file_size for m in members)
    if declared > MAX_INFLATED:
        raise RkaParseError(
            source,
            0,
            f"found a workbook that inflates to {declared:,} bytes, expected at most "
            f"{MAX_INFLATED:,}",
        )
    budget = MAX_INFLATED
    for member in members:
        name = member.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            budget -= _SheetScan(source, name).run(archive, member, budget)
        elif name == "xl/sharedStrings.xml":  # calamine holds every shared string at once
            budget -= _stream(archive, member, budget, source, lambda chunk, last: None)


def _stream(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    budget: int,
    source: str,
    take: Callable[[bytes, bool], None],
) -> int:
    """Inflate a member as a stream, chunk by chunk into ``take`` (the last one flagged), never
    past ``budget`` bytes whatever its header declares (a member that lies about its size then
    fails its CRC). Nothing is kept: memory stays at one chunk. Returns the inflated size."""
    sheet = member.filename.rsplit("/", 1)[-1]
    size = 0
    try:
        with archive.open(member) as stream:
            chunk = stream.read(_CHUNK)
            while chunk:
                size += len(chunk)
                if size > budget:
                    raise RkaParseError(
                        source,
                        0,
                        f"'{sheet}' inflates past {MAX_INFLATED:,} bytes, expected a "
                        "workbook of ordinary size",
                    )
                after = stream.read(_CHUNK)
                take(chunk, not after)
                chunk = after
    except RkaParseError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise RkaParseError(
            source, 0, f"'{sheet}': found truncated or corrupt data ({exc})"
        ) from None
    return size


# References that can reach past the bounds: a cell's with two or more column letters or five
# or more row digits. Shorter ones are counted, not parsed, so C-speed scans find the few
# candidates instead of Python parsing every reference.
_FAR_CELL = re.compile(rb' r="([A-Z]{2,}|[A-Z](?=\d{5}))(\d+)"')
_CELLS = (b"<c ", b"<c>", b"<c/>")
_KEEP = 256  # bytes carried into the next chunk, longer than any tag looked at


class _SheetScan:
    """The box calamine would allocate for one worksheet, measured as its XML streams by: the
    rows and cells counted, the far references parsed, and a refusal as soon as the box passes
    the bounds (a sheet that inflates to millions of rows is stopped within its first ones)."""

    def __init__(self, source: str, name: str) -> None:
        self.source, self.sheet = source, name.rsplit("/", 1)[-1]
        self.rows = 0  # <row> elements
        self.far_row = 0  # the largest row number a far cell reference names
        self.far_column = 0  # the widest column a far reference names (1-based)
        self.cells = 0  # <c> elements
        self.refs = 0  # r="…" attributes, of rows and cells
        self.widest = 0  # the most cells in one row (for cells that name no column)
        self.row_cells = 0  # cells of the row still open at the chunk's end
        self.tail = b""
        self.head = True

    def run(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> int:
        return _stream(archive, member, budget, self.source, self.take)

    def take(self, chunk: bytes, last: bool) -> None:
        data = self.tail + chunk
        if self.head:
            self.head = False
            self._dimension(data)
        cut = len(data) if last else max(0, len(data) - _KEEP)
        self.tail = data[cut:]
        # an occurrence counts here when it starts before ``cut`` (the rest carry over)
        rows = data.count(b"<row", 0, min(len(data), cut + 3))
        cells = sum(data.count(c, 0, min(len(data), cut + len(c) - 1)) for c in _CELLS)
        refs = data.count(b' r="', 0, min(len(data), cut + 3))
        self.rows += rows
        self.cells += cells
        self.refs += refs
        for m in _FAR_CELL.finditer(data, 0, len(data)):
            if m.start() < cut:
                self.far_row = max(self.far_row, int(m.group(2)))
                self.far_column = max(self.far_column, _column_index(m.group(1) or b"A") + 1)
        if self.cells > self.refs - self.rows:
            # cells that name no column: calamine places them one after another, so the
            # widest row counts (the rows split here, a row running on into the next chunk)
            parts = data[:cut].split(b"<row")
            for n, part in enumerate(parts):
                count = sum(part.count(c) for c in _CELLS)
                if n == 0:
                    self.row_cells += count
                else:
                    self.widest = max(self.widest, self.row_cells)
                    self.row_cells = count
            self.widest = max(self.widest, self.row_cells)
        _check_box(
            self.source,
            self.sheet,
            max(self.rows, self.far_row),
            max(self.far_column, self.widest, 1),
        )

    def _dimension(self, data: bytes) -> None:
        head = _DIMENSION.search(data, 0, 4096)
        if head is not None and head.group(4):
            top = int(head.group(2) or 1)
            bottom = int(head.group(4))
            left = _column_index(head.group(1) or b"A")
            right = _column_index(head.group(3) or b"A")
            _check_box(self.source, self.sheet, bottom - top + 1, right - left + 1)
