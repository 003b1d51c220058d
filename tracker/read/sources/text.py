"""The text export: bytes → decoded text → ``Line`` rows.

Exports come from different machines, so the encoding is guessed here, once, and nothing
after this module sees bytes. Refusals name line 1 or the line the bad byte sits on, because
that is where a person opening the file in an editor will look.
"""

from __future__ import annotations

import codecs

from tracker.read.records import RkaParseError
from tracker.read.sources.lines import Line


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) first, Windows-1252 second: a cp1252 file almost never
    decodes as UTF-8 by accident, while the reverse is always "successful" and wrong."""
    if data.startswith(b"%PDF"):
        raise RkaParseError(
            source, 1, "found PDF bytes (%PDF-…), expected the text exported from the PDF"
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            raise RkaParseError(
                source, line, "found broken UTF-16, expected UTF-8 or Windows-1252 text"
            ) from None
    if not data.strip():
        raise RkaParseError(source, 1, "found an empty file, expected an RKA Satker text export")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise RkaParseError(source, line, "found binary data (a NUL byte), expected text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise RkaParseError(
            source,
            line,
            f"found byte 0x{data[e.start]:02X} at offset {e.start}, "
            "expected UTF-8 or Windows-1252 text",
        ) from None


def split(text: str, source: str) -> list[str]:
    """The text's lines, line ``n`` at index ``n - 1``. Plain strings, because a text line has
    no page and building a ``Line`` for each costs as much as reading it; the interpreters take
    either. A text with no content is refused here, so every layout sees at least one line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise RkaParseError(source, 1, "found an empty file, expected an RKA Satker text export")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text.split("\n")


def rows(data: bytes, source: str) -> list[str]:
    """The lines of a text export given as bytes (what ``tracker.read.document`` reads)."""
    return split(decode(data, source), source)


def lines(data: bytes, source: str) -> list[Line]:
    """The same as ``Line`` rows, the shape every source hands a layout."""
    texts = rows(data, source)
    return list(map(Line, texts, range(1, len(texts) + 1)))
