"""One entry point for every file a satker holds: the kind of file is decided by its content,
never its name, because files travel renamed (``RKA 2023 final.pdf`` that is really the text
export, a workbook saved as ``.txt``).

* ``%PDF`` → the PDF source rebuilds the text export's rows, then the Bagian A layout is
  detected from them as for a text file;
* a zip (``PK\\x03\\x04``, xlsx) or OLE file (``\\xD0\\xCF\\x11\\xE0``, xls) → SAKTI's Rincian
  Kertas Kerja workbook;
* anything else → the text export.

A Bagian A's layout is told by its first program code: ``076.01.01`` is the TA 2020 layout,
``076.01.WA`` (two letters) the RSPP layout of TA 2021 on. Every reader returns the same
records (``tracker.read.records``) and refuses with ``RkaParseError``.

``read_file``/``read_bytes`` take any kind; ``parse_text``/``parse_file`` read the text export
only (a PDF's bytes given to them are refused as such).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from tracker.read.layouts import kertas_kerja, rka2020, rspp
from tracker.read.layouts.bagian_a import PROGRAM
from tracker.read.records import LAYOUT_2020, LAYOUT_RSPP, RkaDocument, RkaParseError
from tracker.read.sources import pdf, text
from tracker.read.sources.lines import Line

_XLSX = b"PK\x03\x04"
_XLS = b"\xd0\xcf\x11\xe0"


def read_file(path: str | Path) -> RkaDocument:
    """Read any RKA file a satker holds: text export, printed PDF or kertas kerja workbook."""
    return read_bytes(_bytes(path), str(path))


def read_bytes(data: bytes, source: str) -> RkaDocument:
    if data.startswith(b"%PDF"):
        doc = interpret(pdf.lines(data, source), source)
    elif data.startswith((_XLSX, _XLS)):
        doc = kertas_kerja.read_workbook(data, source)
    else:
        doc = interpret(text.rows(data, source), source)
    doc.content_hash = hashlib.sha256(data).hexdigest()
    return doc


def parse_file(path: str | Path) -> RkaDocument:
    """Read a text export from a file."""
    return parse_text(_bytes(path), str(path))


def parse_text(data: str | bytes, source: str = "<text>") -> RkaDocument:
    """Read one text export. ``bytes`` are decoded here (and hashed as given); ``str`` is
    hashed as its UTF-8 encoding, so the same text always gets the same ``content_hash``."""
    if isinstance(data, bytes):
        raw = data
        rows = text.rows(data, source)
    else:
        raw = data.encode("utf-8", "surrogatepass")
        rows = text.split(data, source)
    doc = interpret(rows, source)
    doc.content_hash = hashlib.sha256(raw).hexdigest()
    return doc


def interpret(lines: Sequence[Line] | Sequence[str], source: str) -> RkaDocument:
    """Read Bagian A rows (``Line`` rows of a PDF, or a text export's lines) in the layout
    they are written in."""
    if layout_of(lines) == LAYOUT_RSPP:
        return rspp.read(lines, source)
    return rka2020.read(lines, source)


def layout_of(lines: Sequence[Line] | Sequence[str]) -> str:
    """The layout of the first row coded like a program, KRO or RO; the 2020 layout when no
    row says (its messages then say what is missing)."""
    for line in lines:
        t = line if isinstance(line, str) else line.text
        tab = t.find("\t")
        if tab <= 0:
            continue
        code = t[:tab].strip()
        if rka2020.kind(code) == PROGRAM:
            return LAYOUT_2020
        if rspp.kind(code) in rspp.OWN_LEVELS:
            return LAYOUT_RSPP
    return LAYOUT_2020


def _bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise RkaParseError(
            str(path), 1, f"found no readable file ({e.strerror}), expected an RKA file"
        ) from None
