"""A PDF's streams as the file holds them, and what their filters make of them, found with a
bound, so that :func:`tracker.read.limits.check_pdf_streams` and :mod:`tracker.read.pdf_forms`
can refuse a bomb before PDFium opens a page.

Streams are found by their ``stream`` keyword, not through the cross-reference table: a
damaged or lying table must not hide one. Their dictionaries' names are read with ``#xx``
escapes undone (``/Fl#61teDecode`` is ``/FlateDecode`` to PDFium, and must be here).

A stream may chain filters (``[/ASCII85Decode /FlateDecode]``): a text encoding wrapped
around a compression, so the compressed bytes do not start where the stream does. Every stage
but the last is undone here with its output capped at the bound (the ASCII stages shrink what
they read, a compressed stage stops at the bound), and the last is counted: Flate in chunks,
never held. A filter this module does not undo (an image's DCT, JBIG2, JPX, CCITT; a crypt
filter) ends the count there: what it is fed is what is counted, the rest is PDFium's."""

from __future__ import annotations

import binascii
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

_NAMES = {
    b"FlateDecode": "flate",
    b"Fl": "flate",
    b"ASCII85Decode": "a85",
    b"A85": "a85",
    b"ASCIIHexDecode": "ahx",
    b"AHx": "ahx",
    b"LZWDecode": "lzw",
    b"LZW": "lzw",
    b"RunLengthDecode": "rl",
    b"RL": "rl",
}
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_WHITESPACE = re.compile(rb"[\x00\t\n\x0c\r ]+")
_FEED = 1 << 16
_BASE85 = np.array([85**4, 85**3, 85**2, 85, 1], dtype=np.uint64)


# ``stream`` at a line end, not the ``endstream`` that closes one
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_OBJECT_NUMBER = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FORM = re.compile(rb"/Subtype\s*/Form\b")


@dataclass(frozen=True, slots=True)
class Stream:
    number: int | None  # its object number, when its ``N G obj`` header is in sight
    at: int  # where its ``stream`` keyword is
    head: bytes  # its dictionary, names unescaped
    start: int
    end: int

    @property
    def filters(self) -> list[str]:
        return chain(self.head)

    @property
    def image(self) -> bool:
        return b"/Image" in self.head

    @property
    def form(self) -> bool:
        return _FORM.search(self.head) is not None


def streams(data: bytes) -> Iterator[Stream]:
    for m in _STREAM.finditer(data):
        window = data[max(0, m.start() - 1024) : m.start()]
        found = list(_OBJECT_NUMBER.finditer(window))
        number = int(found[-1].group(1)) if found else None
        head = window[found[-1].end() :] if found else window
        head = _ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), head)
        end = data.find(b"endstream", m.end())
        yield Stream(number, m.start(), head, m.end(), end if end >= 0 else len(data))


def decoded(data: bytes, stream: Stream, limit: int) -> bytes | None:
    """The stream's bytes with its filters undone, at most ``limit + 1`` of them; None when a
    filter is one only PDFium undoes or the data is damaged."""
    stage = data[stream.start : stream.end]
    for name in stream.filters:
        if name == "other":
            return None
        try:
            stage = _UNDO[name](stage, limit + 1)
        except (ValueError, zlib.error):
            return None
        if len(stage) > limit:
            break
    return stage


def chain(head: bytes) -> list[str]:
    """The filters a stream dictionary names, in the order they are undone (empty: none);
    ``other`` for one this module does not undo, or a chain it cannot read (an indirect
    ``/Filter 7 0 R``)."""
    m = _FILTER.search(head)
    if m is None:
        return ["other"] if b"/Filter" in head else []
    return [_NAMES.get(name, "other") for name in _NAME.findall(m.group(1))]


def decoded_size(data: bytes, start: int, end: int, filters: list[str], limit: int) -> int:
    """The size of the stream at ``data[start:end]`` with ``filters`` undone, counting no
    further than ``limit + 1``; what there is so far when a stage finds its data damaged
    (PDFium will say so when it reads the page)."""
    if not filters:
        return end - start
    stage: bytes | memoryview = memoryview(data)[start:end]
    for i, name in enumerate(filters):
        if name == "other":
            return len(stage)
        last = i == len(filters) - 1
        if name == "flate" and last:
            return _inflated_size(stage, limit)
        try:
            stage = _UNDO[name](bytes(stage), limit + 1)
        except (ValueError, zlib.error):
            return 0
        if len(stage) > limit:
            return len(stage)
    return len(stage)


def _inflated_size(view: bytes | memoryview, limit: int) -> int:
    inflate = zlib.decompressobj()
    size = 0
    at = 0
    try:
        while at < len(view) and not inflate.eof:
            pending = bytes(view[at : at + _FEED])
            at += len(pending)
            while pending and size <= limit:
                size += len(inflate.decompress(pending, limit + 1 - size))
                pending = inflate.unconsumed_tail
            if size > limit:
                break
    except zlib.error:
        pass
    return size


def _flate(raw: bytes, cap: int) -> bytes:
    return zlib.decompressobj().decompress(raw, cap)


def _a85(raw: bytes, cap: int) -> bytes:
    text = _WHITESPACE.sub(b"", raw)
    text = text.removeprefix(b"<~")
    text = text[: text.find(b"~>")] if b"~>" in text else text
    zeros = text.count(b"z")  # one character for four zero bytes: the one way it grows
    if zeros * 4 + (len(text) - zeros) * 4 // 5 >= cap:
        return bytes(cap)  # past the bound: what the bytes are no longer matters
    # base64.a85decode loops in Python, ten times slower than PDFium opening the page;
    # groups of five base-85 digits are one 32-bit word each, so decode them all at once
    text = text.replace(b"z", b"!!!!!")
    pad = -len(text) % 5
    digits = np.frombuffer(text + b"u" * pad, dtype=np.uint8).astype(np.uint64) - 33
    if (digits > 84).any():
        raise ValueError("not ASCII85")
    words = (digits.reshape(-1, 5) * _BASE85).sum(axis=1)
    if (words >> 32).any():
        raise ValueError("an ASCII85 group past 32 bits")
    return words.astype(">u4").tobytes()[: len(text) // 5 * 4 + (4 - pad if pad else 0)]


def _ahx(raw: bytes, cap: int) -> bytes:
    text = _WHITESPACE.sub(b"", raw)
    text = text[: text.find(b">")] if b">" in text else text
    if len(text) % 2:
        text += b"0"
    return binascii.unhexlify(text)[:cap]  # one byte out per two in


def _run_length(raw: bytes, cap: int) -> bytes:
    out = bytearray()
    at = 0
    while at < len(raw) and len(out) < cap:
        n = raw[at]
        if n == 128:
            break
        if n < 128:
            out += raw[at + 1 : at + 2 + n]
            at += 2 + n
        else:
            out += raw[at + 1 : at + 2] * (257 - n)
            at += 2
    return bytes(out[:cap])


def _lzw(raw: bytes, cap: int) -> bytes:
    """PDF's LZW (early change on), stopped at ``cap`` bytes out."""
    out = bytearray()
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width, bits, buffered, previous = 9, 0, 0, b""
    for byte in raw:
        buffered = (buffered << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffered >> bits) & ((1 << width) - 1)
            if code == 256:
                table, width, previous = table[:258], 9, b""
                continue
            if code == 257:
                return bytes(out[:cap])
            if code < len(table):
                entry = table[code]
            elif code == len(table) and previous:
                entry = previous + previous[:1]
            else:
                raise ValueError(f"LZW code {code} out of range")
            out += entry
            if len(out) >= cap:
                return bytes(out[:cap])
            if previous:
                table.append(previous + entry[:1])
            previous = entry
            if len(table) + 1 >= 1 << width and width < 12:
                width += 1
        buffered &= (1 << bits) - 1
    return bytes(out[:cap])


_UNDO = {"flate": _flate, "a85": _a85, "ahx": _ahx, "rl": _run_length, "lzw": _lzw}
