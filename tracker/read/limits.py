"""Generic bounds for untrusted input files, checked before a reader inflates anything.

A workbook is a zip and a PDF a set of compressed streams: a few hundred kilobytes on disk can
declare gigabytes once inflated, and a reader that trusts them takes the process (the app, for
everyone) down with it. These checks read only what the container declares, then read members
in chunks with a hard cap, so a refusal costs bounded time and memory. Readers
(tracker.read.sources.*) call them with their own limits; every refusal is an
``RkaParseError`` naming the file and what was expected.
"""

from __future__ import annotations

import io
import struct
import zipfile

import olefile

from tracker.read import pdf_streams
from tracker.read.records import RkaParseError

#: Declared inflated size over compressed size beyond which a zip is refused: office files
#: compress XML about 5-50 times; deflate tops out near 1,000 (a zip bomb of zeros).
MAX_ZIP_RATIO = 500
MAX_ZIP_MEMBERS = 10_000
CHUNK = 1 << 20


def check_size(data: bytes, source: str, max_bytes: int, what: str = "file") -> None:
    if len(data) > max_bytes:
        raise RkaParseError(
            source, 1, f"found a {what} of {len(data):,} bytes, expected at most {max_bytes:,}"
        )


def open_zip(
    data: bytes,
    source: str,
    max_inflated: int,
    max_ratio: float = MAX_ZIP_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> zipfile.ZipFile:
    """The archive, once its central directory says it inflates to at most ``max_inflated``
    bytes in all, at most ``max_ratio`` times its compressed size, in at most ``max_members``
    members. Nothing is inflated here."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RkaParseError(
            source, 1, f"found a corrupt zip ({exc}), expected a whole file"
        ) from None
    if len(members) > max_members:
        raise RkaParseError(
            source, 1, f"found a zip of {len(members):,} members, expected at most {max_members:,}"
        )
    declared = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if declared > max_inflated:
        raise RkaParseError(
            source,
            1,
            f"found a zip that inflates to {declared:,} bytes, expected at most {max_inflated:,}",
        )
    if declared / packed > max_ratio:
        raise RkaParseError(
            source,
            1,
            f"found a zip that inflates {declared / packed:,.0f} times its size (a zip bomb?), "
            f"expected at most {max_ratio:g} times",
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, source: str, max_bytes: int) -> bytes:
    """One member, inflated in chunks and refused as soon as it passes ``max_bytes``, whatever
    its header declared."""
    out = bytearray()
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                out += chunk
                if len(out) > max_bytes:
                    raise RkaParseError(
                        source, 1, f"zip member {name} inflates past {max_bytes:,} bytes"
                    )
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        raise RkaParseError(source, 1, f"zip member {name} cannot be read ({exc})") from None
    return bytes(out)


def check_pages(count: int, source: str, max_pages: int) -> None:
    if count > max_pages:
        raise RkaParseError(
            source, 1, f"found a document of {count:,} pages, expected at most {max_pages:,}"
        )


def check_pdf_streams(
    data: bytes, source: str, max_stream: int, max_image: int, max_total: int
) -> list[pdf_streams.Stream]:
    """Refuse a PDF whose streams inflate past the bounds, before PDFium loads a page: PDFium
    inflates and parses a page's whole content when the page is opened, so a page of a few
    hundred kilobytes that inflates to gigabytes of drawing operators would cost that much
    memory first. Each stream is inflated here in chunks and counted, never kept: a content or
    font stream to at most ``max_stream`` bytes, an image (``/Subtype /Image``) to at most
    ``max_image``, all of them to ``max_total``. A stream with no filter counts its raw length;
    a chain of filters is undone stage by stage (:mod:`tracker.read.pdf_streams`) up to a
    filter only PDFium undoes (images' DCT, a crypt filter), whose input is what counts.
    Returns the streams, for the checks that look inside them."""
    total = 0
    found = []
    for stream in pdf_streams.streams(data):
        found.append(stream)
        limit = max_image if stream.image else max_stream
        size = pdf_streams.decoded_size(data, stream.start, stream.end, stream.filters, limit)
        if size > limit:
            what = "an image" if stream.image else "a stream"
            raise RkaParseError(
                source,
                1,
                f"found {what} at byte {stream.at:,} that inflates past {limit:,} bytes, "
                "expected the PDF of an RKA Satker (a few megabytes at most)",
            )
        total += size
        if total > max_total:
            raise RkaParseError(
                source,
                1,
                f"found streams that inflate past {max_total:,} bytes in all, expected the "
                "PDF of an RKA Satker (a few megabytes at most)",
            )
    return found


def check_box(
    source: str,
    sheet: str,
    rows: int,
    columns: int,
    max_rows: int,
    max_columns: int,
    max_cells: int,
) -> None:
    if rows > max_rows or columns > max_columns or rows * columns > max_cells:
        raise RkaParseError(
            source,
            0,
            f"sheet '{sheet}' spans {rows:,} rows x {columns:,} columns, expected at most "
            f"{max_rows:,} rows, {max_columns} columns and {max_cells:,} cells",
        )


# BIFF cell records: (row, col) first; MULRK/MULBLANK end with their last column.
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x0205, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}
_DIMENSIONS = 0x0200
_BOF, _EOF = 0x0809, 0x000A


def check_xls(
    data: bytes, source: str, max_bytes: int, max_rows: int, max_columns: int, max_cells: int
) -> None:
    """Refuse an .xls whose sheets span more than the bounds, from its BIFF records (declared
    dimensions and the cells themselves), before calamine allocates the dense box of every
    sheet: two cells in opposite corners of a 5 KB file span 65,536 x 256 cells."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        stream = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
        if stream is None:
            raise RkaParseError(source, 0, "found an OLE file without a workbook, expected an .xls")
        if ole.get_size(stream) > max_bytes:
            raise RkaParseError(source, 0, f"found a workbook stream over {max_bytes:,} bytes")
        biff = ole.openstream(stream).read()
    except RkaParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises many kinds for a broken container
        raise RkaParseError(
            source, 0, f"found a truncated or corrupt .xls ({exc}), expected a whole workbook"
        ) from None
    pos, end, sheet = 0, len(biff), 0
    max_row = max_col = -1
    unpack = struct.unpack_from
    while pos + 4 <= end:
        kind, length = unpack("<HH", biff, pos)
        body = pos + 4
        if body + length > end:
            raise RkaParseError(
                source, 0, "found a truncated .xls (a record runs past the end of the stream)"
            )
        if kind in _CELL_RECORDS and length >= 4:
            row, col = unpack("<HH", biff, body)
            max_row, max_col = max(max_row, row), max(max_col, col)
        elif kind in _MULTI_RECORDS and length >= 6:
            row = unpack("<H", biff, body)[0]
            col = unpack("<H", biff, body + length - 2)[0]
            max_row, max_col = max(max_row, row), max(max_col, col)
        elif kind == _DIMENSIONS and length >= 14:
            _, last_row, _, last_col = unpack("<IIHH", biff, body)
            check_box(source, f"#{sheet}", last_row, last_col, max_rows, max_columns, max_cells)
        elif kind == _BOF:
            sheet += 1
        elif kind == _EOF:
            check_box(
                source, f"#{sheet}", max_row + 1, max_col + 1, max_rows, max_columns, max_cells
            )
            max_row = max_col = -1
        pos = body + length
    check_box(source, f"#{sheet}", max_row + 1, max_col + 1, max_rows, max_columns, max_cells)
