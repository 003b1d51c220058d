"""A PDF stream whose compression is wrapped in another filter (``[/ASCII85Decode
/FlateDecode]``, ``[/AHx /Fl]``) or compressed another way (LZW, RunLength) is sized before
PDFium opens the page: a 1.2 MB PDF whose page inflated to 400 MB behind ASCII85 used to cost
28 s and 6.4 GB before PDFium found nothing to read. Encoders are written here, and PDFium
reading the encoded pages proves them right, so the sizes are checked against the real
reader's idea of each filter. Pure: no database."""

from __future__ import annotations

import base64
import binascii
import random
import zlib
from collections.abc import Callable, Iterable, Iterator

import pytest
from conftest import FIGURES
from pdf_files import one_page, refusal

from tracker.read import pdf_streams
from tracker.read.document import read_bytes
from tracker.read.records import RkaParseError
from tracker.read.sources import pdf as pdf_source

LETTER = b"BT /F1 8 Tf 10 580 Td (SURAT KEPUTUSAN) Tj ET\n"


def _lzw_codes(data: bytes) -> Iterator[int]:
    """PDF's LZW: a clear code first, the table restarted when it fills, EOD last."""
    yield 256
    table = {bytes([i]): i for i in range(256)}
    word = b""
    for c in data:
        grown = word + bytes([c])
        if grown in table:
            word = grown
            continue
        yield table[word]
        table[grown] = len(table) + 2
        if len(table) + 2 >= 4094:
            yield 256
            table = {bytes([i]): i for i in range(256)}
        word = bytes([c])
    if word:
        yield table[word]
    yield 257


def _lzw_pack(codes: Iterable[int]) -> bytes:
    """Codes at the width PDF's decoder expects (early change): 9 bits until the table holds
    511 entries, then 10, 11, 12; a clear code starts again at 9."""
    out = bytearray()
    acc = nbits = 0
    width, entries, first = 9, 258, True
    for code in codes:
        acc = (acc << width) | code
        nbits += width
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 0xFF)
        acc &= (1 << nbits) - 1
        if code == 256:
            width, entries, first = 9, 258, True
            continue
        if not first:
            entries += 1  # the entry the decoder adds on reading this code
        first = False
        if entries + 1 >= 1 << width and width < 12:
            width += 1
    if nbits:
        out.append((acc << (8 - nbits)) & 0xFF)
    return bytes(out)


def _lzw(data: bytes) -> bytes:
    return _lzw_pack(_lzw_codes(data))


def _run_length(data: bytes) -> bytes:
    out = bytearray()
    at = 0
    while at < len(data):
        run = 1
        while at + run < len(data) and run < 128 and data[at + run] == data[at]:
            run += 1
        if run > 1:
            out += bytes([257 - run, data[at]])
        else:
            out += bytes([0, data[at]])
        at += run
    return bytes(out + b"\x80")


ENCODE: dict[str, Callable[[bytes], bytes]] = {
    "FlateDecode": lambda b: zlib.compress(b, 9),
    "ASCII85Decode": lambda b: base64.a85encode(b, adobe=True)[2:],  # the stream ends with ~>
    "ASCIIHexDecode": lambda b: binascii.hexlify(b) + b">",
    "LZWDecode": _lzw,
    "RunLengthDecode": _run_length,
}

# (the /Filter value, the encoders applied in order: the last applied is undone first)
CHAINS = {
    "A85 over Flate": (b"[/ASCII85Decode /FlateDecode]", ["FlateDecode", "ASCII85Decode"]),
    "AHx over Flate (short names)": (b"[/AHx /Fl]", ["FlateDecode", "ASCIIHexDecode"]),
    "LZW": (b"/LZWDecode", ["LZWDecode"]),
    "A85 over LZW": (b"[/A85 /LZW]", ["LZWDecode", "ASCII85Decode"]),
    "RunLength": (b"/RunLengthDecode", ["RunLengthDecode"]),
    "Flate": (b"/FlateDecode", ["FlateDecode"]),
}


def _encoded(content: bytes, encoders: list[str]) -> bytes:
    for name in encoders:
        content = ENCODE[name](content)
    return content


def _page_of_text(lines: int = 480) -> tuple[bytes, list[str]]:
    """Enough varied text that LZW's table widens to 12 bits and restarts several times."""
    rng = random.Random(lines)
    words = ["RENCANA", "KERJA", "SATKER", "ANGGARAN", "PROGRAM", "KEGIATAN", "OUTPUT"]
    texts = [
        " ".join(f"{rng.choice(words)}{rng.randint(0, 999)}" for _ in range(8))
        for _ in range(lines)
    ]
    content = b"".join(
        b"BT /F1 1 Tf %d %d Td (%s) Tj ET\n"
        % (10 + (i // 60) * 100, 580 - (i % 60) * 9, t.encode())
        for i, t in enumerate(texts)
    )
    return content, texts


@pytest.mark.parametrize(("filters", "encoders"), CHAINS.values(), ids=CHAINS.keys())
def test_each_chain_is_sized_as_pdfium_reads_it(filters: bytes, encoders: list[str]) -> None:
    content, texts = _page_of_text()
    stream = _encoded(content, encoders)
    assert pdf_streams.chain(b"<< /Filter " + filters + b" >>") == [
        pdf_streams.chain(b"/Filter /" + name.encode())[0] for name in reversed(encoders)
    ]
    size = pdf_streams.decoded_size(
        stream, 0, len(stream), pdf_streams.chain(b"/Filter " + filters), 10**8
    )
    assert size == len(content)
    document = pdf_source.pdfium.PdfDocument(one_page(stream, filters))
    read = document[0].get_textpage().get_text_range().splitlines()
    assert sorted(line.strip() for line in read) == sorted(texts)  # the encoders are right


@pytest.mark.parametrize(("filters", "encoders"), CHAINS.values(), ids=CHAINS.keys())
def test_an_ordinary_page_behind_each_chain_is_read(filters: bytes, encoders: list[str]) -> None:
    with pytest.raises(RkaParseError, match="'SURAT KEPUTUSAN' at the top of page 1"):
        read_bytes(one_page(_encoded(LETTER, encoders), filters), "letter.pdf")


def _zeros_lzw(size: int) -> bytes:
    """LZW codes for ``size`` zero bytes without encoding them byte by byte: each code is one
    zero longer than the last, so a few thousand codes make megabytes."""
    codes = [256]
    made = 0
    while made < size:
        codes.append(0)
        made += 1
        for code in range(258, 4093):
            codes.append(code)
            made += code - 256
            if made >= size:
                break
        codes.append(256)
    return _lzw_pack([*codes, 257])


DRAWING = b"0 0 m 100 100 l S\n"
DECLARED = 64 * 1024 * 1024  # eight times what a content stream may inflate to
BOMBS = {
    "A85 over Flate": lambda n: (
        _encoded(DRAWING * (n // len(DRAWING)), ["FlateDecode", "ASCII85Decode"]),
        b"[/ASCII85Decode /FlateDecode]",
    ),
    "AHx over Flate": lambda n: (
        _encoded(DRAWING * (n // len(DRAWING)), ["FlateDecode", "ASCIIHexDecode"]),
        b"[/AHx /Fl]",
    ),
    "LZW of zeros": lambda n: (_zeros_lzw(n), b"/LZWDecode"),
    "A85 over LZW": lambda n: (ENCODE["ASCII85Decode"](_zeros_lzw(n)), b"[/A85 /LZW]"),
    "A85 of z": lambda n: (b"z" * (n // 4) + b"~>", b"/ASCII85Decode"),
    "RunLength": lambda n: (b"\x81\x00" * (n // 128) + b"\x80", b"/RunLengthDecode"),
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_a_wrapped_bomb_is_refused_before_pdfium_opens_it(
    bomb: Callable[[int], tuple[bytes, bytes]],
) -> None:
    stream, filters = bomb(DECLARED)
    data = one_page(stream, filters)
    assert len(data) < pdf_source.MAX_BYTES
    message, took, peak = refusal(data, "bomb.pdf")
    assert message.startswith("bomb.pdf:1: found a stream at byte ") and "inflates past" in message
    assert peak < 8 * pdf_source.MAX_STREAM  # a bound, not the 400 MB the page declares
    FIGURES.append(
        f"stream bomb {filters.decode()} ({len(data) / 1e6:.2f} MB file, "
        f"{DECLARED / 1e6:.0f} MB page): "
        f"refused in {took:.2f} s, Python peak {peak / 1e6:.1f} MB"
    )


def test_damaged_or_unknown_chains_are_left_to_pdfium() -> None:
    """A stage that cannot undo its data counts what it has (PDFium will report the page),
    and an image's DCT after Flate counts what DCT is fed."""
    assert pdf_streams.decoded_size(b"not zlib", 0, 8, ["flate"], 100) == 0
    assert pdf_streams.decoded_size(b"\xff\xff\xff", 0, 3, ["lzw"], 100) == 0
    jpeg = zlib.compress(b"\xff\xd8" + bytes(5000))
    assert pdf_streams.decoded_size(jpeg, 0, len(jpeg), ["flate", "other"], 10**6) == 5002
    assert pdf_streams.chain(b"/Filter 7 0 R") == ["other"]
    assert pdf_streams.chain(b"/Length 5") == []
