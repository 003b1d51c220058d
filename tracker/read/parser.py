"""Reads the text export of an RKA Satker (Bagian A) into typed records.

The export is a stream of rows whose meaning depends on what came before: a row coded ``01``
is a Sasaran, an IKK or an Indikator Output depending on the last level row or list header;
indicators wander between the code column, the text column and the output's own row; page
headers interrupt lists anywhere. So this is one pass of a small state machine over lines,
not a grammar: it stays linear, and every refusal can name the line it happened on.

Two kinds of trouble are kept apart on purpose. A document that cannot be read (not text, not
an RKA, an amount that is not a number, a row in no known shape) raises ``RkaParseError`` with
``FILE:LINE: found …, expected …``. A document that reads fine but does not add up, or is
missing its signature, is returned whole with ``findings``: that is data for the
inspectorate, and the parser never repairs it.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from datetime import date
from pathlib import Path

from tracker.read import findings as reconciliation
from tracker.read.records import (
    CodeName,
    DocumentHeader,
    Finding,
    Indicator,
    Kegiatan,
    Output,
    OutputTag,
    Program,
    RkaDocument,
    RkaParseError,
    Sasaran,
    Signatory,
)

# Dotted code shapes: digits mapped to 9, then looked up (cheaper than a regex per row).
_DIGITS = str.maketrans("0123456789", "9999999999")
_PROGRAM, _KEGIATAN, _OUTPUT, _IKP, _NUMBER = range(5)
_DOTTED = {"999.99.99": _PROGRAM, "9999.999": _OUTPUT, "99.99": _IKP}


def _kind(code: str) -> int | None:
    """Which level a code names, by its shape (076.01.01, 3355, 3355.003, 01.01, 01)."""
    if code.isdigit():
        n = len(code)
        return _NUMBER if n < 4 else _KEGIATAN if n == 4 else None
    return _DOTTED.get(code.translate(_DIGITS))


# What a bare number (``01``) means depends on the open list.
_IN_PROGRAM, _IN_IKK, _IN_IO = range(3)

_HEADERS = {
    "sasaranprogram:": "sasaran",
    "indikatorkinerjaprogram:": "ikp",
    "indikatorkinerjakegiatan:": "ikk",
    "indikatoroutput:": "io",
}

# List headers exactly as the export writes them, to skip normalizing the usual ones.
_HEADER_CELLS = {
    f"<{t}>{title}</{t}>": key
    for t in "bi"
    for title, key in (
        ("Sasaran Program :", "sasaran"),
        ("Indikator Kinerja Program :", "ikp"),
        ("Indikator Kinerja Kegiatan :", "ikk"),
        ("Indikator Output :", "io"),
    )
}

_TAG = re.compile(r"</?[bi]>", re.IGNORECASE)
_INLINE_CODE = re.compile(r"(\d{1,3}(?:\.\d{2})?)\s+(\S.*)")
_INLINE_IO = re.compile(r"\s*(?:<[bi]>)?\s*Indikator\s+Output\s*:\s*(?:</[bi]>)?\s*", re.I)
_COLUMN_YEAR = re.compile(r"T\.?\s*A\.?\s*(\d{4})")

_FIELD = re.compile(
    r"(KEMEN/LEMB|UNIT ORG|SATUAN KERJA|PROPINSI|PROVINSI|LOKASI)\s*:\s*\(([^)]*)\)\s*(.*)"
)
_FIELD_KEYS = {
    "KEMEN/LEMB": "ministry",
    "UNIT ORG": "unit",
    "SATUAN KERJA": "satker",
    "PROPINSI": "province",
    "PROVINSI": "province",
    "LOKASI": "location",
}
_REQUIRED = ("ministry", "unit", "satker", "province", "location", "year", "page")
_LABELS = {
    "ministry": "KEMEN/LEMB",
    "unit": "UNIT ORG",
    "satker": "SATUAN KERJA",
    "province": "PROPINSI",
    "location": "LOKASI",
    "year": "TAHUN ANGGARAN",
    "page": "Halaman",
}
_YEAR = re.compile(r"TAHUN\s+ANGGARAN\s+(\d{4})")
_PAGE = re.compile(r"Halaman\s*:\s*(\d+)")
_SIGNED = re.compile(r"([^\d,][^,]*?)\s*,\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")
_NIP = re.compile(r"NIP\s*\.?\s*:?\s*([\d ]*)", re.I)

MONTHS = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
}

_EMPTY_TAIL = ["", "", "", ""]  # cells 3-6 of an indicator row
_RUPIAH_HINT = "an amount in Rupiah like 2,390,384,000 (or an empty cell)"


def _show(text: str, limit: int = 60) -> str:
    """Quote what was found, short enough to keep the error on one readable line."""
    text = text.replace("\t", " ").strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


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


def parse_file(path: str | Path) -> RkaDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RkaParseError(
            str(path), 1, f"found no readable file ({e.strerror}), expected an RKA text file"
        ) from None
    return parse_text(data, str(path))


def parse_text(text: str | bytes, source: str = "<text>") -> RkaDocument:
    """Parse one document. ``bytes`` are decoded here (and hashed as given); ``str`` is hashed
    as its UTF-8 encoding, so the same text always gets the same ``content_hash``."""
    if isinstance(text, bytes):
        raw = text
        text = decode(raw, source)
    else:
        raw = text.encode("utf-8", "surrogatepass")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise RkaParseError(source, 1, "found an empty file, expected an RKA Satker text export")
    doc = _Reader(source).read(text)
    doc.content_hash = hashlib.sha256(raw).hexdigest()
    return doc


class _Reader:
    """One document's worth of parsing state. Level rows open a context (program, kegiatan,
    output) and the kind of list a bare ``01`` belongs to; list headers re-open a list (the
    export repeats them after a page break); page headers are checked and skipped."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.programs: list[Program] = []
        self.program: Program | None = None
        self.sasaran: Sasaran | None = None
        self.kegiatan: Kegiatan | None = None
        self.output: Output | None = None
        self.mode: int | None = None
        self.target: list[Indicator] | None = None
        self.fast: list[Indicator] | None = None  # target, when a bare 01 is an IKK or IO
        self.header_lines: dict[str, tuple[str, object]] = {}  # page header lines, parsed
        self.lines: list[str] = []
        self.page_start = 0  # line of the current page header's first line
        self.block: list[str] | None = None  # page 1's header lines, to recognise repeats
        self.block_page_at = 0  # where the Halaman line sits in it
        self.skip = 0  # lines up to this one are a repeated page header already checked
        self.notes: list[Finding] = []
        # page headers: the first one is the document's, later ones must repeat it
        self.first_page: dict[str, object] | None = None
        self.page: dict[str, object] | None = None  # the page header being read, if any
        self.page_lines: dict[str, int] = {}
        self.page_numbers: list[tuple[int, int]] = []  # (number, line)
        self.in_table = False  # table rows allowed: after a page header, before the signature
        # signature block
        self.signed: tuple[str, date, int] | None = None
        self.name_lines: list[str] = []
        self.nip: str | None = None

    def fail(self, line: int, message: str) -> RkaParseError:
        return RkaParseError(self.source, line, message)

    # ----------------------------------------------------------------- the line loop

    def read(self, text: str) -> RkaDocument:
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        self.lines = lines = text.split("\n")
        row = self._row
        plain = self._plain
        header = self._header
        empty = _EMPTY_TAIL
        headers = _HEADER_CELLS
        tag = _TAG.sub
        for no, line in enumerate(lines, 1):
            if no <= self.skip:
                continue  # a page header known to repeat the first one
            if "\t" in line:
                cells = line.split("\t")
                if not self.in_table:
                    self._enter_table(cells, no)
                # Fast paths for most of a document: an IKK or IO coded in column 1, and the
                # list headers as the export writes them.
                target = self.fast
                code = cells[0]
                if target is not None and code.isdigit() and len(code) < 4 and cells[2:] == empty:
                    text = cells[1].strip()
                    if "<" in text:
                        text = tag("", text).strip()
                    target.append(Indicator(code, text, len(target) + 1, no))
                elif not code and cells[2:] == empty and cells[1] in headers:
                    header(headers[cells[1]], no)
                else:
                    row(cells, no)
            elif line and not line.isspace():
                s = line.strip()
                if s[0] == "*" or s[-1] == "*":
                    s = s.strip("*").strip()
                    if not s:
                        continue
                plain(s, no)
        return self._finish(len(lines))

    def _open(self, mode: int, target: list[Indicator] | None) -> None:
        """Say what a bare ``01`` means from now on, and which list it goes to."""
        self.mode, self.target = mode, target
        self.fast = target if mode != _IN_PROGRAM else None

    def _enter_table(self, cells: list[str], no: int) -> None:
        if self.page is not None:
            self._close_page(no)
        if not self.in_table:
            self._misplaced_row(cells, no)

    def _row(self, cells: list[str], no: int) -> None:
        code = cells[0].strip()
        if code:
            kind = _kind(code)
            if kind == _OUTPUT:
                self._output(cells, code, no)  # its name cell needs more than stripping
                return
            if kind is None:
                self._odd_code(cells, code, no)
                return
        text = cells[1].strip()
        if "<" in text:
            text = _TAG.sub("", text).strip()
        if not code:
            if not text:
                self._blank_code_row(cells, no)
                return
            header = _HEADERS.get(text.replace(" ", "").lower())
            if header is not None:
                self._no_amounts(cells, no, "list header")
                self._header(header, no)
                return
            m = _INLINE_CODE.fullmatch(text)
            if m is None:
                raise self.fail(
                    no,
                    f"found text without a code {_show(text)}, expected a code in column 1, "
                    "a list header such as 'Indikator Output :', or an indicator like '01 …'",
                )
            code, text = m.group(1), m.group(2)
            kind = _kind(code)
            if kind not in (_IKP, _NUMBER):
                raise self.fail(
                    no, f"found {_show(code + ' ' + text)}, expected an indicator like '01 …'"
                )
        if kind == _KEGIATAN:
            self._kegiatan(cells, code, text, no)
        elif kind == _PROGRAM:
            self._program(cells, code, text, no)
        else:
            self._no_amounts(cells, no, "indicator row")
            self._indicator(kind, code, text, no)  # type: ignore[arg-type]

    def _misplaced_row(self, cells: list[str], no: int) -> None:
        if self.first_page is None:
            raise self.fail(
                no,
                f"found a table row {_show(cells[0] + ' ' + cells[1])}, expected the RKA "
                "page header (RENCANA KERJA ANGGARAN SATKER, KEMEN/LEMB, SATUAN KERJA …) first",
            )
        raise self.fail(
            no,
            f"found a table row {_show(' '.join(cells))} after the signature block, "
            "expected the end of the document",
        )

    # ----------------------------------------------------------------- level rows

    def _program(self, cells: list[str], code: str, name: str, no: int) -> None:
        ad, ib, jumlah = self._money(cells, no, "program", code)
        if cells[2] and not cells[2].isspace():
            self._volume_note(cells[2], no, "program", code)
        p = Program(code, name, ad, ib, jumlah, seq=len(self.programs) + 1, line=no)
        self.programs.append(p)
        self.program, self.sasaran, self.kegiatan, self.output = p, None, None, None
        self._open(_IN_PROGRAM, None)

    def _kegiatan(self, cells: list[str], code: str, name: str, no: int) -> None:
        p = self.program
        if p is None:
            raise self.fail(
                no, f"found kegiatan {code} before any program, expected a program row first"
            )
        ad, ib, jumlah = self._money(cells, no, "kegiatan", code)
        if cells[2] and not cells[2].isspace():
            self._volume_note(cells[2], no, "kegiatan", code)
        k = Kegiatan(code, name, ad, ib, jumlah, seq=len(p.kegiatan) + 1, line=no)
        p.kegiatan.append(k)
        self.kegiatan, self.sasaran, self.output = k, None, None
        self._open(_IN_IKK, k.indicators)

    def _output(self, cells: list[str], code: str, no: int) -> None:
        k = self.kegiatan
        if k is None:
            raise self.fail(
                no, f"found output {code} outside any kegiatan, expected a kegiatan row first"
            )
        ad, ib, jumlah = self._money(cells, no, "output", code)
        name = cells[1]
        indicators: list[Indicator] = []
        if "ndikator" in name:
            m = _INLINE_IO.search(name)
            if m is not None:
                rest = name[m.end() :].strip()
                name = name[: m.start()]
                if rest:
                    rest = _TAG.sub("", rest).strip() if "<" in rest else rest
                    mi = _INLINE_CODE.fullmatch(rest)
                    if mi is None:
                        raise self.fail(
                            no,
                            f"found {_show(rest)} after 'Indikator Output :' on output {code}, "
                            "expected an indicator like '01 Jumlah …' or nothing",
                        )
                    indicators.append(Indicator(mi.group(1), mi.group(2), 1, no))
        if "<" in name:
            name = _TAG.sub("", name)
        tag, name = split_tag(name.strip())
        volume: float | None = None
        unit = ""
        vol = cells[2].strip()
        if vol:
            number, _, unit = vol.partition(" ")
            number = number.replace(",", "")
            if not number.replace(".", "", 1).isdigit():
                raise self.fail(
                    no,
                    f"found volume {_show(vol)} on output {code}, expected a number and a "
                    "unit like '1.00 Laporan'",
                )
            volume = float(number)
            unit = unit.strip()
        seq = len(k.outputs) + 1
        o = Output(code, name, tag, volume, unit, ad, ib, jumlah, indicators, seq=seq, line=no)
        k.outputs.append(o)
        self.output = o
        self._open(_IN_IO, indicators)

    def _money(self, cells: list[str], no: int, level: str, code: str) -> tuple[int, int, int]:
        """Angka Dasar, Inisiatif Baru, Jumlah. Checked by formatting the number back: only
        the export's own form (``2,390,384,000``, or empty) is accepted, so a letter O for a
        zero, a lost digit group or a stray underscore is refused, not read as something."""
        if len(cells) != 6:
            self._cell_count(cells, no, level, code)
        a, b, c = cells[3].strip(), cells[4].strip(), cells[5].strip()
        try:
            ad = int(a.replace(",", "")) if a else 0
            ib = int(b.replace(",", "")) if b else 0
            jumlah = int(c.replace(",", "")) if c else 0
        except ValueError:
            ad = ib = jumlah = None  # type: ignore[assignment]
        if (
            ad is None
            or (a and f"{ad:,}" != a)
            or (b and f"{ib:,}" != b)
            or (c and f"{jumlah:,}" != c)
        ):
            for column, s in (("Angka Dasar", a), ("Inisiatif Baru", b), ("Jumlah", c)):
                if s and not _is_rupiah(s):
                    raise self.fail(
                        no, f"found {column} {_show(s)} on {level} {code}, expected {_RUPIAH_HINT}"
                    )
        return ad, ib, jumlah

    def _cell_count(self, cells: list[str], no: int, level: str, code: str) -> None:
        n = len(cells)
        if n < 6:
            raise self.fail(
                no,
                f"found {n} cells on the row of {level} {code}, expected 6 (code, name, volume, "
                "angka dasar, inisiatif baru, jumlah): is the file cut short?",
            )
        extra = " ".join(c.strip() for c in cells[6:]).strip()
        if extra:
            raise self.fail(
                no,
                f"found {_show(extra)} beyond the JUMLAH column of {level} {code}, "
                "expected 6 cells",
            )

    def _volume_note(self, vol: str, no: int, level: str, code: str) -> None:
        self.notes.append(
            Finding(
                "unexpected-volume",
                "warning",
                code,
                f"{level} {code} has a volume {vol.strip()!r}; only outputs have one, "
                "so it is not recorded",
                no,
            )
        )

    def _no_amounts(self, cells: list[str], no: int, what: str) -> None:
        for i in range(2, len(cells)):
            c = cells[i]
            if c and not c.isspace():
                raise self.fail(
                    no,
                    f"found {_show(c)} in column {i + 1} of an {what}, expected amounts only "
                    "on program, kegiatan and output rows",
                )

    # ----------------------------------------------------------------- lists

    def _header(self, header: str, no: int) -> None:
        if header == "sasaran":
            if self.program is None:
                raise self.fail(no, "found 'Sasaran Program :' before any program row")
            self._open(_IN_PROGRAM, None)
            self.sasaran = None
        elif header == "ikp":
            if self.sasaran is None:
                raise self.fail(
                    no,
                    "found 'Indikator Kinerja Program :' with no sasaran before it, "
                    "expected a sasaran row (01 …) first",
                )
            self._open(_IN_PROGRAM, self.sasaran.indicators)
        elif header == "ikk":
            if self.kegiatan is None:
                raise self.fail(
                    no, "found 'Indikator Kinerja Kegiatan :' with no kegiatan before it"
                )
            if self.output is not None:
                raise self.fail(
                    no,
                    f"found 'Indikator Kinerja Kegiatan :' after output {self.output.code}, "
                    "expected it before the kegiatan's outputs",
                )
            self._open(_IN_IKK, self.kegiatan.indicators)
        else:
            if self.output is None:
                raise self.fail(no, "found 'Indikator Output :' with no output before it")
            self._open(_IN_IO, self.output.indicators)

    def _indicator(self, kind: int, code: str, text: str, no: int) -> None:
        mode = self.mode
        if mode == _IN_PROGRAM:
            p = self.program
            assert p is not None
            if kind == _IKP:
                s = self.sasaran
                if s is None:
                    raise self.fail(
                        no,
                        f"found IKP {code} with no sasaran before it, expected a sasaran "
                        "row (01 …) first",
                    )
                s.indicators.append(Indicator(code, text, len(s.indicators) + 1, no))
            else:
                s = Sasaran(code, text, seq=len(p.sasaran) + 1, line=no)
                p.sasaran.append(s)
                self.sasaran = s
            return
        target = self.target
        if mode is None or target is None:
            raise self.fail(
                no, f"found indicator {code} before any program, expected a program row first"
            )
        if kind == _IKP:
            where = "kegiatan" if mode == _IN_IKK else "output"
            raise self.fail(
                no,
                f"found a program indicator code {code} under a {where}, expected a code like 01",
            )
        target.append(Indicator(code, text, len(target) + 1, no))

    # ----------------------------------------------------------------- odd rows

    def _odd_code(self, cells: list[str], code: str, no: int) -> None:
        """Column-header rows repeat on every page; anything else in column 1 is unknown."""
        if code == "KODE":
            m = _COLUMN_YEAR.search(" ".join(cells[2:]))
            year = self.first_page["year"] if self.first_page else None
            if m is not None and year is not None and int(m.group(1)) != year:
                raise self.fail(
                    no,
                    f"found T.A {m.group(1)} in the column header, expected {year} as in "
                    "TAHUN ANGGARAN",
                )
            return
        if code.startswith("(") and code.endswith(")"):
            # the (1) (2) … column number row, last of the page header
            if self.block is None and len(self.page_numbers) == 1:
                self.block = self.lines[self.page_start - 1 : no]
                self.block_page_at = self.page_numbers[0][1] - self.page_start
            return
        raise self.fail(
            no,
            f"found code {_show(code)}, expected a program (076.01.01), kegiatan (3355), "
            "output (3355.003), IKP (01.01) or indicator (01) code",
        )

    def _blank_code_row(self, cells: list[str], no: int) -> None:
        rest = " ".join(c.strip() for c in cells[2:]).strip()
        if not rest or rest.startswith("VOLUME"):
            return  # an empty row, or the second column-header row
        raise self.fail(
            no, f"found {_show(rest)} on a row with no code and no name, expected a code"
        )

    # ----------------------------------------------------------------- page header, signature

    def _plain(self, s: str, no: int) -> None:
        if self.nip is not None:
            raise self.fail(
                no, f"found {_show(s)} after the signature block, expected the end of the document"
            )
        if s.startswith("RENCANA KERJA ANGGARAN"):
            if self.signed is not None:
                raise self.fail(
                    no,
                    "found a new page header after the signature block, expected the end of "
                    "the document (two documents in one file?)",
                )
            if self.page is not None:
                self._close_page(no)
            if self.block is not None and self._repeated_page_header(no):
                return
            self.page = {}
            self.page_lines = {}
            self.page_start = no
            self.in_table = False
            return
        page = self.page
        if page is not None:
            # Every page repeats the same header lines: parse each distinct line once.
            hit = self.header_lines.get(s)
            if hit is None:
                hit = self.header_lines[s] = self._page_line(s, no)
            key, value = hit
            if key:
                page[key] = value
                self.page_lines[key] = no
            return
        if self.first_page is None:
            raise self.fail(
                no,
                f"found {_show(s)}, expected the RKA page header 'RENCANA KERJA ANGGARAN "
                "SATKER' (is this an RKA Satker text export?)",
            )
        if self.signed is None:
            m = _SIGNED.fullmatch(s)
            if m is None or not self.programs:
                raise self.fail(
                    no,
                    f"found {_show(s)} outside the table, expected a tab-separated row, a "
                    "page header or the signature block ('Serang, 31 Januari 2020')",
                )
            self.signed = (m.group(1).strip(), self._date(m, no), no)
            self.in_table = False
            return
        if s[:3].upper() == "NIP":
            m = _NIP.fullmatch(s)
            nip = m.group(1).replace(" ", "") if m is not None else ""
            if not nip:
                raise self.fail(
                    no, f"found {_show(s)}, expected 'NIP. ' and the official's NIP (digits)"
                )
            self.nip = nip
            return
        self.name_lines.append(s)

    def _repeated_page_header(self, no: int) -> bool:
        """Most pages repeat page 1's header line for line but for the page number. Those are
        checked by comparing the lines as a whole and skipped; any other goes line by line."""
        block, at = self.block, self.block_page_at
        assert block is not None
        seg = self.lines[no - 1 : no - 1 + len(block)]
        if seg[:at] != block[:at] or seg[at + 1 :] != block[at + 1 :]:
            return False
        m = _PAGE.fullmatch(seg[at].strip().strip("*").strip())
        if m is None:
            return False
        self.page_numbers.append((int(m.group(1)), no + at))
        self.page = None
        self.in_table = True
        self.skip = no - 1 + len(block)
        return True

    def _page_line(self, s: str, no: int) -> tuple[str, object]:
        if s.startswith(("RENCANA KINERJA", "BAGIAN")):
            return "", None
        m = _FIELD.fullmatch(s)
        if m is not None:
            return _FIELD_KEYS[m.group(1)], CodeName(m.group(2).strip(), m.group(3).strip())
        m = _YEAR.fullmatch(s)
        if m is not None:
            return "year", int(m.group(1))
        m = _PAGE.fullmatch(s)
        if m is not None:
            return "page", int(m.group(1))
        raise self.fail(
            no,
            f"found {_show(s)} in the page header, expected KEMEN/LEMB, UNIT ORG, "
            "SATUAN KERJA, PROPINSI, LOKASI, TAHUN ANGGARAN or Halaman",
        )

    def _date(self, m: re.Match[str], no: int) -> date:
        month = MONTHS.get(m.group(3).lower())
        if month is None:
            raise self.fail(
                no,
                f"found month {_show(m.group(3))} in the signature date, expected an "
                "Indonesian month name (Januari … Desember)",
            )
        try:
            return date(int(m.group(4)), month, int(m.group(2)))
        except ValueError:
            raise self.fail(
                no, f"found the date {_show(m.group(0))}, expected a real calendar date"
            ) from None

    def _close_page(self, no: int) -> None:
        """A page header ends at its first table row: check it is complete and, after page 1,
        that it names the same document (two satkers glued together must not pass)."""
        page = self.page
        assert page is not None
        self.page = None
        missing = [_LABELS[k] for k in _REQUIRED if k not in page]
        if missing:
            raise self.fail(
                no,
                f"found the table before the page header gave {', '.join(missing)}, "
                "expected a complete page header",
            )
        number = page.pop("page")
        assert isinstance(number, int)
        self.page_numbers.append((number, self.page_lines["page"]))
        self.in_table = self.signed is None
        if self.first_page is None:
            self.first_page = page
            return
        for key, value in page.items():
            first = self.first_page[key]
            if value != first:
                raise self.fail(
                    self.page_lines[key],
                    f"found {_LABELS[key]} {_describe(value)} on page {number}, expected "
                    f"{_describe(first)} as on the first page",
                )

    # ----------------------------------------------------------------- the end

    def _finish(self, n_lines: int) -> RkaDocument:
        if self.page is not None and self.first_page is None:
            raise self.fail(
                n_lines,
                "found only a page header, expected the table of programs after it",
            )
        first = self.first_page
        if first is None:
            raise self.fail(
                1, "found no RKA page header, expected 'RENCANA KERJA ANGGARAN SATKER' …"
            )
        if not self.programs:
            raise self.fail(
                n_lines, "found no program row, expected at least one program (e.g. 076.01.01)"
            )
        last_line = n_lines
        notes = self.notes
        place: str | None = None
        signed: date | None = None
        signatory: Signatory | None = None
        if self.signed is None:
            notes.append(
                Finding(
                    "missing-signature",
                    "warning",
                    _code(first["satker"]),
                    "the document ends without the place, date and official's signature "
                    "(unsigned, or the file is cut short)",
                    last_line,
                )
            )
        else:
            place, signed, signed_line = self.signed
            name = self.name_lines[-1] if self.name_lines else ""
            if name or self.nip:
                signatory = Signatory(name, self.nip or "")
            if not name or not self.nip:
                lacking = "the official's name" if not name else "the official's NIP"
                notes.append(
                    Finding(
                        "missing-signature",
                        "warning",
                        _code(first["satker"]),
                        f"the signature block dated {signed.isoformat()} lacks {lacking}",
                        signed_line,
                    )
                )
        numbers = [n for n, _ in self.page_numbers]
        wrong = [line for i, (n, line) in enumerate(self.page_numbers, 1) if n != i]
        if wrong:
            notes.append(
                Finding(
                    "page-numbers",
                    "warning",
                    _code(first["satker"]),
                    f"pages are numbered {numbers}, expected 1 to {len(numbers)}: "
                    "a page may be missing or out of order",
                    wrong[0],
                )
            )
        header = DocumentHeader(
            year=first["year"],  # type: ignore[arg-type]
            ministry=first["ministry"],  # type: ignore[arg-type]
            unit=first["unit"],  # type: ignore[arg-type]
            satker=first["satker"],  # type: ignore[arg-type]
            province=first["province"],  # type: ignore[arg-type]
            location=first["location"],  # type: ignore[arg-type]
            pages=len(numbers),
            signed_place=place,
            signed_date=signed,
            signatory=signatory,
        )
        doc = RkaDocument(header, self.programs, source=self.source)
        doc.findings = sorted(
            notes + reconciliation.check(doc), key=lambda f: (f.line, f.rule, f.code)
        )
        return doc


def _is_rupiah(s: str) -> bool:
    try:
        return f"{int(s.replace(',', '')):,}" == s
    except ValueError:
        return False


def _code(value: object) -> str:
    return value.code if isinstance(value, CodeName) else str(value)


def _describe(value: object) -> str:
    if isinstance(value, CodeName):
        return f"({value.code}) {value.name}"
    return str(value)


# ----------------------------------------------------------------------------- output tags

_TAG_TAILS: dict[str, OutputTag] = {
    "(Base": "baseline",
    "[Base": "baseline",
    "(Base Line)": "baseline",
    "[Base Line]": "baseline",
    "[Output": "new",
    "[Output Baru": "new",
    "[Output Baru -": "new",
}  # the usual spellings, looked up before the general rule below
_BASELINE = "base line"
_NEW = "output baru"


def split_tag(name: str) -> tuple[OutputTag | None, str]:
    """Output names end in a tag saying whether the output is a baseline one or new, often
    cut by the export: ``[Base Line]``, ``(Base Line)``, ``(Base``, ``[Base``,
    ``[Output Baru - …]``, ``[Output Baru -``, ``[Output``. The only tags the format knows are
    Base Line and Output Baru, so a cut ``[Output`` can only be the start of Output Baru.
    A cut shorter than a whole first word (``(Ba``) is not taken as a tag: it is too likely to
    be a real abbreviation. Returns (tag, name without the tag)."""
    i = max(name.rfind("["), name.rfind("("))
    if i < 0:
        return None, name
    known = _TAG_TAILS.get(name[i:])
    if known is not None:
        return known, name[:i].rstrip()
    t = " ".join(name[i + 1 :].rstrip(")]").lower().split())
    if t.startswith(_NEW) or (len(t) >= 6 and _NEW.startswith(t)):
        return "new", name[:i].rstrip()
    if len(t) >= 4 and _BASELINE.startswith(t):
        return "baseline", name[:i].rstrip()
    return None, name
