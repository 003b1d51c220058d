"""PDFs written byte by byte, for the tests of what the PDF reader refuses before PDFium
opens a page: objects as given, a cross-reference table that points at them."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from tracker.read.document import read_bytes
from tracker.read.records import RkaParseError

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 5 0 R "
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_file(objects: dict[int, bytes]) -> bytes:
    """The objects under their numbers (1 the catalog), gaps left free."""
    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    for number in range(size):
        at = offsets.get(number)
        out += b"%010d 00000 n \n" % at if at is not None else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def stream(content: bytes, extra: bytes = b"") -> bytes:
    """A stream object's text: its dictionary (with ``extra``) and its bytes as given."""
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def one_page(content: bytes, filters: bytes = b"", resources: bytes = b"") -> bytes:
    """One page drawing ``content`` (already encoded by ``filters``) with Helvetica as /F1."""
    return pdf_file(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: PAGE + b"/Resources << /Font << /F1 4 0 R >> " + resources + b">> >>",
            4: HELVETICA,
            5: stream(content, b"/Filter " + filters if filters else b""),
        }
    )


def refusal(data: bytes, name: str) -> tuple[str, float, int]:
    """What reading ``data`` is refused with, in how many seconds, at what Python peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(RkaParseError) as refused:
            read_bytes(data, name)
        took = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(refused.value), took, peak
