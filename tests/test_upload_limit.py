"""Uploads are capped (TRACKER_MAX_UPLOAD_MB): a bigger file is refused before any reader sees
it, with a message naming the file and the limit; Streamlit's own cap is not below ours. A
file under the cap that inflates far beyond its size (a workbook spanning its whole grid or
zipping hundreds of megabytes, a PDF page of hundreds of megabytes of drawing) is refused by
the same upload path in bounded time and memory."""

from __future__ import annotations

import io
import re
import time
import tomllib
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.app import loading, realisasi_upload
from tracker.config import PROJECT_ROOT, config
from tracker.measure import sheets
from tracker.read.records import RkaParseError


def test_the_default_cap_is_20_mb_and_within_streamlits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_MAX_UPLOAD_MB", raising=False)
    assert loading.max_upload_bytes() == 20 * 1024 * 1024
    streamlit = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert streamlit["server"]["maxUploadSize"] * 1024 * 1024 >= loading.max_upload_bytes()


def test_a_bigger_upload_is_refused_naming_the_file_and_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRACKER_MAX_UPLOAD_MB", "1")
    body = b"x" * (1024 * 1024 + 1)
    with pytest.raises(loading.UploadTooLarge) as refused:
        loading.parse_upload(body, "rka_besar.pdf")
    message = str(refused.value)
    assert message.startswith("rka_besar.pdf: 1,048,577 bytes")
    assert "1,048,576 bytes (1 MB, TRACKER_MAX_UPLOAD_MB)" in message
    loading.check_upload("rka.txt", 1024 * 1024)  # at the limit is fine


@pytest.mark.parametrize("value", ["", "zero", "0", "-5"])
def test_a_cap_that_is_not_a_positive_number_falls_back_to_20_mb(value: str) -> None:
    assert config({"TRACKER_MAX_UPLOAD_MB": value}).max_upload_bytes == 20 * 1024 * 1024


# --- what the Muat page's upload path does with files that inflate ------------------------------

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _xlsx(sheet: bytes) -> bytes:
    """A minimal workbook around one worksheet's XML (with the package parts openpyxl needs)."""
    rels = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" '
            b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="' + rels + b'/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            b"<workbook " + _NS + b' xmlns:r="' + rels + b'"><sheets>'
            b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="' + rels + b'/worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _pdf_with_stream(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of drawing."""
    deflate = zlib.compressobj(9)
    line = b"0 0 m 1 1 l S\n" * 10_000
    body = b"".join(deflate.compress(line) for _ in range(inflated // len(line))) + deflate.flush()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(body)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + body
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


BOMBS = {
    # two cells, one in the grid's last corner: a reader would allocate 17 billion cells
    "a workbook spanning its whole grid": lambda: _xlsx(
        b"<worksheet " + _NS + b'><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>'
    ),
    # 600 MB of one cell's text in well under a megabyte
    "a workbook that inflates": lambda: _xlsx(
        b"<worksheet "
        + _NS
        + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b" " * (600 << 20)
        + b"</t></is></c></row></sheetData></worksheet>"
    ),
    # 300 MB of drawing operators on one page
    "a PDF whose page inflates": lambda: _pdf_with_stream(300 << 20),
}


@pytest.mark.parametrize("make", BOMBS.values(), ids=BOMBS.keys())
def test_an_upload_that_inflates_is_refused_in_bounded_time_and_memory(
    make: Callable[[], bytes],
) -> None:
    data = make()
    assert len(data) < loading.max_upload_bytes()  # small enough to pass the size cap
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(RkaParseError, match=r"^bomb:\d+: "):
        loading.parse_upload(data, "bomb")
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{len(data):,} bytes refused in {seconds:.2f} s, peak {peak / 1e6:.1f} MB")
    assert seconds < 15 and peak < 64e6


# --- realisation files: the same cap, and the same distrust of what a workbook declares -------


def test_a_realisation_upload_over_the_cap_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRACKER_MAX_UPLOAD_MB", "1")
    body = b"satker,tahun,bulan,kode,rpd,realisasi,volume,progres\n" * 20_000
    assert len(body) > 1024 * 1024
    with pytest.raises(loading.UploadTooLarge, match=r"^realisasi\.csv: [\d,]+ bytes, over"):
        realisasi_upload.load_upload(body, "realisasi.csv")


REALISASI_BOMBS = {
    "a workbook spanning its whole grid": BOMBS["a workbook spanning its whole grid"],
    # 100 MB of one cell's text: over a thousand times its packed size
    "a workbook that inflates": lambda: _xlsx(
        b"<worksheet "
        + _NS
        + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b" " * (100 << 20)
        + b"</t></is></c></row></sheetData></worksheet>"
    ),
    # one cell at the grid's last column of every row: a row is never 16,384 cells
    "a workbook with far cells": lambda: _xlsx(
        b"<worksheet "
        + _NS
        + b"><sheetData>"
        + b"".join(
            b'<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>2</v></c></row>' % (i, i, i)
            for i in range(1, 2001)
        )
        + b"</sheetData></worksheet>"
    ),
}


@pytest.mark.parametrize("make", REALISASI_BOMBS.values(), ids=REALISASI_BOMBS.keys())
def test_a_realisation_workbook_is_read_in_bounded_time_and_memory(
    make: Callable[[], bytes], tmp_path: Path
) -> None:
    path = tmp_path / "realisasi.xlsx"
    path.write_bytes(make())
    tracemalloc.start()
    t0 = time.perf_counter()
    widest = rows = 0
    try:
        for _, cells in sheets.rows(path):
            rows += 1
            widest = max(widest, len(cells))
    except sheets.UnreadableFile as exc:
        assert re.match(r"realisasi\.xlsx( row [\d,]+)?: found a (zip|sheet)", str(exc)), exc
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{rows:,} rows, widest {widest}, in {seconds:.2f} s, peak {peak / 1e6:.1f} MB")
    assert widest <= sheets.MAX_COLUMNS and rows <= 2000
    assert seconds < 15 and peak < 64e6


def test_a_realisation_file_stops_at_the_row_cap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 100)
    path = tmp_path / "panjang.csv"
    path.write_text("satker,tahun,bulan\n" + "670714,2020,1\n" * 150, encoding="utf-8")
    with pytest.raises(sheets.UnreadableFile, match=r"^panjang\.csv row 101: found more than 100"):
        for _ in sheets.rows(path):
            pass
