"""The generic input bounds: a zip that would inflate far beyond its size is refused from its
declarations alone, in bounded time and memory; members are read with a hard cap."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest

from tracker.read import limits
from tracker.read.records import RkaParseError


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_declarations_in_bounded_time_and_memory() -> None:
    bomb = _zip({f"xl/worksheets/sheet{i}.xml": b"\0" * (64 << 20) for i in range(4)})
    assert len(bomb) < 1 << 20  # 256 MB declared in well under 1 MB
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(RkaParseError, match=r"^bomb\.xlsx:1: found a zip that inflates"):
        limits.open_zip(bomb, "bomb.xlsx", max_inflated=1 << 30)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < 1.0 and peak < 8 << 20
    with pytest.raises(RkaParseError, match="inflates to 268,435,456 bytes"):
        limits.open_zip(bomb, "bomb.xlsx", max_inflated=100 << 20, max_ratio=10**9)


def test_an_ordinary_zip_opens_and_members_are_read_with_a_cap() -> None:
    data = _zip({"a.xml": b"".join(f"<row r='{i}'>{i * 7919}</row>".encode() for i in range(999))})
    archive = limits.open_zip(data, "ok.xlsx", max_inflated=1 << 20)
    assert limits.read_member(archive, "a.xml", "ok.xlsx", 1 << 20).startswith(b"<row r='0'>")
    with pytest.raises(RkaParseError, match="a.xml inflates past 100 bytes"):
        limits.read_member(archive, "a.xml", "ok.xlsx", 100)


def test_corrupt_zips_sizes_and_pages_are_refused_with_the_file_named() -> None:
    with pytest.raises(RkaParseError, match=r"^x\.xlsx:1: found a corrupt zip"):
        limits.open_zip(b"PK\x03\x04 not really", "x.xlsx", max_inflated=1 << 20)
    with pytest.raises(RkaParseError, match="expected at most 10"):
        limits.check_size(b"x" * 11, "big.pdf", 10, "PDF")
    with pytest.raises(RkaParseError, match=r"^doc\.pdf:1: found a document of 301 pages"):
        limits.check_pages(301, "doc.pdf", 300)
    limits.check_pages(300, "doc.pdf", 300)
