"""SAKTI's Rincian Kertas Kerja Satker workbook into records: the satker-year's cost detail.

The workbook is one table under a header block (year, K/L, unit organisasi, satker, alokasi).
A row's level is told by the shape of its code (``076.01.WA`` program, ``3357`` kegiatan,
``3357.EBA`` KRO, ``3357.EBA.956`` RO, ``051`` komponen, ``A`` subkomponen, ``521211`` akun,
``-`` detail), except for three-character codes, which are an RO right under its KRO (or,
under a KRO, when the row has a volume: komponen rows have none) and a komponen anywhere else,
and codes the export shortens (``EBA.956``), which are resolved against the open parent rows
rather than read alone. Columns are found from the column-header row
(KODE, URAIAN, VOLUME, HARGA SATUAN, JUMLAH, BLOKIR, SUMBER DANA) because exports differ in
where they put them; the letters of the common export (A, D, G, H, J) are the fallback.

Amounts come as numbers or as Indonesian text (``1.234.567``, ``1.234,50``); a cell that is
neither is a refusal naming the cell. Stated amounts that disagree with their children
(details → akun → subkomponen → komponen → RO → KRO → kegiatan → program → alokasi, and a
closing JUMLAH / TOTAL row) are findings, never repairs: the stated amount is kept, the sum
is in the message. A row's own amount, when it has none, is the sum of its children.

The workbook does not split Angka Dasar from Inisiatif Baru, so an RO's whole Jumlah is
reported as Angka Dasar (and Inisiatif Baru 0), which keeps Jumlah = Angka Dasar + Inisiatif
Baru true for every record whatever layout it came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NoReturn

from tracker.read.records import (
    LAYOUT_KERTAS_KERJA,
    Akun,
    CodeName,
    Detail,
    DocumentHeader,
    Finding,
    Kegiatan,
    Komponen,
    Kro,
    Output,
    Program,
    RkaDocument,
    RkaParseError,
)
from tracker.read.sources.workbook import Cell, Row, Workbook, column_letter

SUMBER_DANA = ("RM", "PNBP", "PLN", "HLN", "PDN", "HDN", "BLU", "SBSN", "RMP", "PHLN", "PDP")

_PROGRAM = re.compile(r"\d{3}\.\d{2}\.(?:[A-Z]{2}|\d{2})")
_KEGIATAN = re.compile(r"\d{4}")
_KRO = re.compile(r"\d{4}\.[A-Z]{3}")
_RO = re.compile(r"\d{4}\.[A-Z]{3}\.[A-Z0-9]{3}")
_SHORT_RO = re.compile(r"[A-Z]{3}\.[A-Z0-9]{3}")
_KOMPONEN = re.compile(r"\d{3}")
_RO_ALONE = re.compile(r"[A-Z0-9]{3}")
_SUBKOMPONEN = re.compile(r"[A-Z]{1,2}")
_AKUN = re.compile(r"\d{6}")

_YEAR = re.compile(r"(?:\bT\.?\s?A\b\.?|TAHUN\s+ANGGARAN)\s*:?\s*(\d{4})", re.I)
_FIELDS = {
    "ministry": re.compile(
        r"(?:KEMENTERIAN\s*(?:NEGARA)?\s*/?\s*LEMBAGA|KEMEN/LEMB|K/L)\s*:?\s*\(?(\d{3})\)?\s*(.*)",
        re.I,
    ),
    "unit": re.compile(
        r"UNIT\s*(?:ORGANISASI|ORG|ESELON\s*I)\.?\s*:?\s*\(?(\d{3}\.\d{2}|\d{2})\)?\s*(.*)", re.I
    ),
    "satker": re.compile(r"(?:SATUAN\s*KERJA|SATKER)\s*:?\s*\(?(\d{6})\)?\s*(.*)", re.I),
    "province": re.compile(r"PRO[VP]INSI\s*:?\s*\(?(\d{2})\)?\s*(.*)", re.I),
}
_ALOKASI = re.compile(r"ALOKASI\s*(?:DANA)?\s*:?\s*(?:RP\.?)?\s*([\d.,]+)", re.I)
_LOKASI = re.compile(r"(LOKASI|KPPN)\s*:?\s*(.*)", re.I)
_VOLUME = re.compile(r"(-?[\d.,]+)\s*(.*)")
_NUMBERING = re.compile(r"\(?\d{1,2}\)?")
# a closing total row, its label in the code or the name column
_TOTAL = re.compile(
    r"(?:JUMLAH|TOTAL)(?:\s+(?:TOTAL|SELURUHNYA|KESELURUHAN|BIAYA|PAGU|ALOKASI))?|GRAND\s+TOTAL",
    re.I,
)

# Column-header words → field; first match wins, so the specific ones come first.
_HEADER_WORDS = (
    ("harga", ("HARGA",)),
    ("jumlah", ("JUMLAH", "BIAYA", "PAGU")),
    ("volume", ("VOLUME", "VOL")),
    ("satuan", ("SATUAN",)),  # a unit column of its own, in exports that split it off
    ("blokir", ("BLOKIR", "BLOCKIR")),
    ("sumber", ("SUMBER", "SD/CP", "SD")),
    ("name", ("URAIAN", "PROGRAM", "KEGIATAN", "DETIL", "DETAIL")),
    ("code", ("KODE",)),
)
_DEFAULT_COLUMNS = {"code": 0, "name": 3, "volume": 6, "harga": 7, "jumlah": 9}


def read_workbook(data: bytes, source: str) -> RkaDocument:
    """Read a kertas kerja workbook's bytes (.xlsx or .xls) into a document of layout
    ``kertas-kerja``: programs → kegiatan → outputs (the ROs) with their komponen, akun and
    details, the KRO under each kegiatan, and the reconciliation findings."""
    book = Workbook(data, source)
    tried: list[str] = []
    for index, name in enumerate(book.sheet_names):
        reader = _SheetReader(source, name)
        rows = book.rows(index)
        if reader.find_header(rows):
            doc = reader.read(rows)
            doc.content_hash = hashlib.sha256(data).hexdigest()
            return doc
        tried.append(name)
    named = ", ".join(repr(t) for t in tried[:5]) + (
        f" and {len(tried) - 5:,} more" if len(tried) > 5 else ""
    )
    raise RkaParseError(
        source,
        0,
        f"found a workbook of another kind (sheets {named} have no "
        "KODE … JUMLAH column header under a header block), expected SAKTI's Rincian Kertas "
        "Kerja Satker",
    )


class _Ahead:
    """The sheet's rows with a look ahead: what follows a row can tell what the row is."""

    LIMIT = 50  # rows looked ahead at most (Lokasi, KPPN and blank rows come between)

    def __init__(self, rows: Iterator[Row]) -> None:
        self._rows = rows
        self._buffer: list[Row] = []

    def __iter__(self) -> _Ahead:
        return self

    def __next__(self) -> Row:
        if self._buffer:
            return self._buffer.pop(0)
        return next(self._rows)

    def upcoming(self) -> Iterator[list[Cell]]:
        """The cells of the next rows, without consuming them."""
        for row in self._buffer:
            yield row.cells
        while len(self._buffer) < self.LIMIT:
            row = next(self._rows, None)
            if row is None:
                return
            self._buffer.append(row)
            yield row.cells


def _text(cell: Cell) -> str:
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, bool):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(cell: Cell) -> float | None:
    """A number cell, or text in Indonesian (``1.234.567``, ``1.234,50``) or English
    (``1,234,567.50``) form; None for an empty cell. Raises ValueError for anything else."""
    kind = type(cell)
    if kind is float or kind is int:
        return float(cell)
    if kind is bool:
        raise ValueError(cell)
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip()
    if text.isdigit():
        return float(text)
    plain = text.replace(".", "")
    if plain.isdigit() and all(len(g) == 3 for g in text.split(".")[1:]):
        return float(plain)  # 1.234.567, the usual case
    text = text.replace(" ", "").replace("\u00a0", "")
    if text.upper().startswith("RP"):
        text = text[2:].lstrip(".")
    text = text.strip("*")
    if not text or text == "-":
        return None
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        # 1.234,50 (Indonesian) or 1,234.50 (English): the last separator is the decimal one
        comma_last = comma > dot
        text = text.replace(".", "").replace(",", ".") if comma_last else text.replace(",", "")
    elif dot >= 0:
        groups = text.split(".")
        if len(groups) > 2 or len(groups[-1]) == 3:  # 1.234 / 1.234.567: thousands
            text = text.replace(".", "")
    elif comma >= 0:
        groups = text.split(",")
        if len(groups) > 2 or len(groups[-1]) == 3:  # 1,234,567
            text = text.replace(",", "")
        else:  # 1,5
            text = text.replace(",", ".")
    return float(text)


def _rupiah(x: float) -> int:
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def _fmt(n: int) -> str:
    return f"{n:,}"


@dataclass
class _Level:
    """A row with a stated amount (None when its cell is empty) and the row it came from."""

    code: str
    name: str
    stated: int | None
    row: int
    volume: float | None = None
    unit: str = ""
    children: list = field(default_factory=list)  # type: ignore[type-arg]
    blokir: bool = False  # an akun marked ``*``: all its details are frozen
    sumber: str = ""  # an akun's sumber dana, which its details inherit


class _SheetReader:
    def __init__(self, source: str, sheet: str) -> None:
        self.source, self.sheet = source, sheet
        self.cols = dict(_DEFAULT_COLUMNS)
        self.satuan_col: int | None = None
        self.head: dict[str, CodeName] = {}
        self.year: int | None = None
        self.alokasi: int | None = None
        self.header_row = 0
        self.findings: list[Finding] = []
        self._leaves: dict[int, int] = {}  # id(record) -> sum of the details beneath it

    # --- header -------------------------------------------------------------------------

    def find_header(self, rows: Iterator[Row]) -> bool:
        """Read the header block up to the column-header row (within the first 40 rows).
        False when the sheet has none: then it is not a kertas kerja."""
        for row in rows:
            if row.no > 40:
                return False
            texts = [_text(c) for c in row.cells]
            upper = [t.upper() for t in texts]
            if any(t.startswith("KODE") for t in upper):
                if any("JUMLAH" in t or "BIAYA" in t for t in upper):
                    self._columns(upper)
                    self.header_row = row.no
                    return True
                if any(w in t for t in upper for w in ("URAIAN", "PERHITUNGAN")):
                    # the amount's title may sit in a second header row, under a merged
                    # PERHITUNGAN cell: then the header is both rows
                    below = next(rows, None)
                    while below is not None and all(_text(c) == "" for c in below.cells):
                        below = next(rows, None)  # a blank row between the two header rows
                    if below is None:
                        return False
                    under = [_text(c).upper() for c in below.cells]
                    if any("JUMLAH" in t or "BIAYA" in t for t in under):
                        self._columns(upper)
                        self._columns(under)
                        self.header_row = below.no
                        return True
                    continue
            self._block(" ".join(t for t in texts if t))
        return False

    def _block(self, line: str) -> None:
        if not line:
            return
        if self.year is None and (m := _YEAR.search(line)):
            self.year = int(m.group(1))
        for key, pattern in _FIELDS.items():
            if key not in self.head and (m := pattern.search(line)):
                name = re.sub(r"^[:\s]+|^-\s+", "", m.group(2)).strip()  # (418899) or 418899 -
                self.head[key] = CodeName(m.group(1), name)
        if self.alokasi is None and (m := _ALOKASI.search(line)):
            value = parse_number(m.group(1))
            self.alokasi = None if value is None else _rupiah(value)

    def _columns(self, upper: list[str]) -> None:
        found: dict[str, int] = {}
        for index, text in enumerate(upper):
            if not text:
                continue
            for key, words in _HEADER_WORDS:
                if key not in found and any(text.startswith(w) or f" {w}" in text for w in words):
                    found[key] = index
                    break
        self.cols.update(found)

    def _more_columns(self, upper: list[str]) -> bool:
        """A second column-header row (VOLUME / HARGA SATUAN / JUMLAH under a merged
        PERHITUNGAN cell, or the (1) (2) (3) numbering row): True if it was one."""
        texts = [t for t in upper if t]
        if texts and all(_NUMBERING.fullmatch(t) for t in texts):
            return True
        if any(t.startswith(("VOLUME", "HARGA", "JUMLAH")) for t in texts):
            self._columns(upper)
            return True
        return False

    def _document_header(self) -> DocumentHeader:
        if self.year is None:
            self._refuse(self.header_row, "found no budget year, expected T.A. YYYY in the title")
        if "satker" not in self.head:
            self._refuse(
                self.header_row, "found no SATUAN KERJA : (kode) nama line above the table"
            )
        empty = CodeName("", "")
        return DocumentHeader(
            year=self.year or 0,
            ministry=self.head.get("ministry", empty),
            unit=self.head.get("unit", empty),
            satker=self.head["satker"],
            province=self.head.get("province", empty),
            location=empty,
            pages=0,
        )

    def _refuse(self, row: int, message: str) -> NoReturn:
        raise RkaParseError(self.source, row, f"sheet '{self.sheet}': {message}")

    # --- body ---------------------------------------------------------------------------

    def read(self, rows: Iterator[Row]) -> RkaDocument:
        header = self._document_header()
        c = self.cols
        code_col, name_col, vol_col = c["code"], c["name"], c["volume"]
        harga_col, jumlah_col = c["harga"], c["jumlah"]
        blokir_col, sumber_col = c.get("blokir"), c.get("sumber")
        self.satuan_col = c.get("satuan")
        programs: list[_Level] = []
        program = kegiatan = kro = ro = komponen = sub = akun = None
        ro_fresh = False  # an RO row has been read since the last KRO row
        group = ""
        groups: list[tuple[int, _Level]] = []  # the open > / >> groups: (depth, group)
        lokasi = ""
        seen_ro: dict[str, int] = {}
        second_header = True
        totals: list[tuple[int, int]] = []  # closing JUMLAH / TOTAL rows: amount, row
        width = max(v for v in c.values() if v is not None) + 1
        ahead = _Ahead(rows)
        for row in ahead:
            cells = row.cells
            if cells.count("") == len(cells):
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            code = _text(cells[code_col])
            if second_header:
                second_header = False
                if self._more_columns([_text(x).upper() for x in cells]):
                    continue
            if code[:4].upper() == "KODE":
                second_header = True  # the column header repeated on a new page, and maybe
                continue  # its numbering row under it
            names = cells[code_col + 1 : vol_col] if vol_col > code_col else cells[name_col:]
            name_cells = [t for t in map(_text, (n for n in names if n != "")) if t]
            name = name_cells[0] if name_cells else ""
            label = code or name
            if label[:1] in "JTGjtg" and _TOTAL.fullmatch(label):
                stated = self._amount(cells, jumlah_col, row.no, "an amount")
                if stated is not None:
                    totals.append((stated, row.no))
                continue

            blokir = self._blokir(cells, blokir_col)
            sumber = self._sumber(cells, sumber_col, jumlah_col)

            # detail rows: "-" in the code column or at the start of the name columns
            dash = code == "-" or (not code and name.startswith("-"))
            if dash:
                if akun is None:
                    self._refuse(row.no, f"found a detail row ({name!r}) outside any akun")
                if name == "-":
                    text = name_cells[1] if len(name_cells) > 1 else ""
                else:
                    text = name.lstrip("-").strip() if code != "-" else name
                volume, satuan = self._volume(cells, row.no, vol_col)
                harga = self._amount(cells, harga_col, row.no, "a unit price") or 0
                jumlah = self._amount(cells, jumlah_col, row.no, "an amount")
                if jumlah is None:
                    jumlah = _rupiah((volume or 0) * harga)
                elif volume is not None and harga and abs(volume * harga - jumlah) >= 1:
                    self._finding(
                        "detail-arithmetic",
                        akun.code,
                        f"detail {text!r} of akun {akun.code}: {volume:g} x {_fmt(harga)} = "
                        f"{_fmt(_rupiah(volume * harga))}, but its amount is {_fmt(jumlah)}",
                        row.no,
                    )
                detail = Detail(
                    text=text,
                    volume=volume,
                    satuan=satuan,
                    harga=harga,
                    jumlah=jumlah,
                    blokir=blokir or akun.blokir,
                    sumber_dana=sumber or akun.sumber,
                    group=group,
                    line=row.no,
                )
                akun.children.append(detail)
                for _, open_group in groups:  # a >> group's details are its > group's too
                    open_group.children.append(detail)
                continue

            if not code and name.startswith(">"):
                if akun is None:
                    self._refuse(row.no, f"found a group header ({name!r}) outside any akun")
                depth = len(name) - len(name.lstrip(">"))
                label = name.lstrip(">").strip()
                stated = self._amount(cells, jumlah_col, row.no, "an amount")
                while groups and groups[-1][0] >= depth:
                    self._close_group(groups.pop()[1])
                groups.append((depth, _Level(label, label, stated, row.no)))
                group = " / ".join(g.name for _, g in groups)
                continue

            lok = _LOKASI.match(code or name)
            if lok and (not code or not _code_shape(code)):
                if lok.group(1).upper() == "LOKASI" and not lokasi:
                    lokasi = re.sub(r"^[:\s]+", "", lok.group(2)).strip()
                continue

            if not code:
                continue  # a wrapped name's second line, a note, the signature block

            stated = self._amount(cells, jumlah_col, row.no, "an amount")
            while groups:
                self._close_group(groups.pop()[1])
            group = ""
            upper_code = code.upper()
            if _PROGRAM.fullmatch(upper_code):
                program = _Level(upper_code, name, stated, row.no)
                programs.append(program)
                kegiatan = kro = ro = komponen = sub = akun = None
            elif _KEGIATAN.fullmatch(code):
                if program is None:
                    self._refuse(row.no, f"found kegiatan {code} before any program")
                kegiatan = _Level(code, name, stated, row.no)
                program.children.append(kegiatan)
                kro = ro = komponen = sub = akun = None
            elif _KRO.fullmatch(upper_code) or (
                upper_code.isalpha()
                and len(upper_code) == 3
                and (kro is None or (ro_fresh and not self._costs_next(ahead, code_col, vol_col)))
            ):
                if kegiatan is None:
                    self._refuse(row.no, f"found KRO {code} before any kegiatan")
                full = upper_code if "." in upper_code else f"{kegiatan.code}.{upper_code}"
                volume, unit = self._volume(cells, row.no, vol_col)
                kro = _Level(full, name, stated, row.no, volume, unit)
                kegiatan.children.append(kro)
                ro, ro_fresh = None, False
                komponen = sub = akun = None
            elif (
                _RO.fullmatch(upper_code)
                or _SHORT_RO.fullmatch(upper_code)
                or (
                    kro is not None
                    # ``001`` typed as a number loses its zeros: ``1``
                    and (_RO_ALONE.fullmatch(upper_code) or (code.isdigit() and len(code) < 3))
                    # right under its KRO, or a later one: an RO has a volume, a komponen none
                    and (not ro_fresh or _text(cells[vol_col]) != "")
                )
            ):
                if kegiatan is None or kro is None:
                    self._refuse(row.no, f"found RO {code} outside any KRO")
                if _RO.fullmatch(upper_code):
                    full = upper_code
                elif "." in upper_code:
                    full = f"{kegiatan.code}.{upper_code}"
                else:
                    full = f"{kro.code}.{upper_code.zfill(3)}"
                if not full.startswith(kro.code + "."):
                    self._finding(
                        "output-kegiatan-code",
                        full,
                        f"RO {full} is listed under KRO {kro.code}",
                        row.no,
                    )
                if full in seen_ro:
                    self._finding(
                        "duplicate-code",
                        full,
                        f"RO code {full} appears again (first at row {seen_ro[full]})",
                        row.no,
                    )
                seen_ro.setdefault(full, row.no)
                volume, unit = self._volume(cells, row.no, vol_col)
                ro = _Level(full, name, stated, row.no, volume, unit)
                kro.children.append(ro)
                ro_fresh = True
                komponen = sub = akun = None
            elif _AKUN.fullmatch(code):
                if komponen is None:
                    self._refuse(row.no, f"found akun {code} outside any komponen")
                akun = _Level(code, name, stated, row.no, blokir=blokir, sumber=sumber)
                (sub or komponen).children.append(akun)
            elif _KOMPONEN.fullmatch(code) or (code.isdigit() and len(code) < 3):
                if ro is None:
                    self._refuse(row.no, f"found komponen {code} outside any RO")
                komponen = _Level(code.zfill(3), name, stated, row.no)
                ro.children.append(komponen)
                sub = akun = None
            elif _SUBKOMPONEN.fullmatch(upper_code):
                if komponen is None:
                    self._refuse(row.no, f"found subkomponen {code} outside any komponen")
                sub = _Level(upper_code, name, stated, row.no)
                komponen.children.append(sub)
                akun = None
            else:
                self._refuse(
                    row.no,
                    f"cell {column_letter(code_col)}{row.no}: found code {code!r}, expected a "
                    "program (076.01.WA), kegiatan (3357), KRO (3357.EBA), RO (3357.EBA.956), "
                    "komponen (051), subkomponen (A), akun (521211) or '-' for a detail",
                )
        while groups:
            self._close_group(groups.pop()[1])
        if not programs:
            self._refuse(self.header_row, "found no program row under the column header")
        doc = RkaDocument(
            document=header,
            programs=[self._program(p, n) for n, p in enumerate(programs, 1)],
            source=self.source,
            layout=LAYOUT_KERTAS_KERJA,
        )
        if lokasi:
            doc.document = _with_location(header, lokasi)
        total = sum(p.jumlah for p in doc.programs)
        if self.alokasi is not None and self.alokasi != total:
            self._finding(
                "alokasi-rollup",
                header.satker.code,
                f"alokasi {_fmt(self.alokasi)} in the header, but the programs sum to "
                f"{_fmt(total)} (off by {_fmt(self.alokasi - total)})",
                self.header_row,
            )
        for stated, at in totals:
            if stated != total:
                self._finding(
                    "total-rollup",
                    header.satker.code,
                    f"the total row states {_fmt(stated)}, but the programs sum to "
                    f"{_fmt(total)} (off by {_fmt(stated - total)})",
                    at,
                )
        doc.findings = sorted(self.findings, key=lambda f: (f.line, f.rule))
        return doc

    @staticmethod
    def _costs_next(rows: _Ahead, code_col: int, vol_col: int) -> bool:
        """Whether the next coded row is a komponen, akun or detail: then a three-letter code
        written alone after an RO (``AAA``) is another RO, whose costs follow, rather than a
        new KRO (``EBB``), which an RO would follow."""
        for cells in rows.upcoming():
            code = _text(cells[code_col]) if code_col < len(cells) else ""
            if not code or _LOKASI.match(code):
                continue
            volume = _text(cells[vol_col]) if vol_col < len(cells) else ""
            return code == "-" or (code.isdigit() and (len(code) == 6 or not volume))
        return False

    # --- cells ----------------------------------------------------------------------------

    def _amount(self, cells: list[Cell], index: int, row: int, what: str) -> int | None:
        raw = cells[index]
        if raw == "":
            return None
        try:
            value = parse_number(raw)
        except ValueError:
            self._refuse(
                row,
                f"cell {column_letter(index)}{row}: found {raw!r}, expected {what} "
                "(a number, or text like 1.234.567 or 1.234,50)",
            )
        return None if value is None else _rupiah(value)

    def _volume(self, cells: list[Cell], row: int, col: int) -> tuple[float | None, str]:
        """Volume and unit, together in one cell (``12 OB``) or, in exports with a SATUAN
        column, the number here and the unit there."""
        volume, unit = self._volume_cell(cells[col], row, col)
        at = self.satuan_col
        if not unit and at is not None and at < len(cells) and at != col:
            unit = _text(cells[at])
        return volume, unit

    def _volume_cell(self, raw: Cell, row: int, col: int) -> tuple[float | None, str]:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return float(raw), ""
        text = _text(raw)
        if not text:
            return None, ""
        number, _, unit = text.partition(" ")
        try:
            value = parse_number(number)
        except ValueError:
            value = None
        if value is not None:
            return value, unit.strip()
        m = _VOLUME.match(text)
        if m:
            try:
                value = parse_number(m.group(1))
            except ValueError:
                value = None
            if value is not None:
                return value, m.group(2).strip()
        self._refuse(
            row,
            f"cell {column_letter(col)}{row}: found {text!r}, expected a volume and unit "
            "like '12 OB'",
        )
        return None, ""

    @staticmethod
    def _blokir(cells: list[Cell], blokir_col: int | None) -> bool:
        """A mark in the BLOKIR column, or a lone ``*`` anywhere on the row."""
        if blokir_col is not None and blokir_col < len(cells):
            mark = cells[blokir_col]
            if mark not in ("", "0", "-", 0) and _text(mark) not in ("", "0", "-"):
                return True
        return "*" in cells

    @staticmethod
    def _sumber(cells: list[Cell], sumber_col: int | None, jumlah_col: int) -> str:
        """The SUMBER DANA column's code; without such a column, the first cell right of the
        amount that names one."""
        if sumber_col is not None:
            return _source(cells[sumber_col]) if cells[sumber_col] != "" else ""
        for cell in cells[jumlah_col + 1 :]:
            if isinstance(cell, str) and cell and (found := _source(cell)):
                return found
        return ""

    def _finding(self, rule: str, code: str, message: str, row: int) -> None:
        self.findings.append(Finding(rule, "error", code, message, row))

    def _close_group(self, group: _Level) -> None:
        if group.stated is None:
            return
        total = sum(d.jumlah for d in group.children)
        if total != group.stated:
            self._finding(
                "group-rollup",
                group.code,
                f"group {group.name!r}: its details sum to {_fmt(total)}, but it states "
                f"{_fmt(group.stated)}",
                group.row,
            )

    # --- levels into records, reconciling on the way up ------------------------------------

    def _settle(self, level: str, node: _Level, children: list, what: str) -> tuple[int, int]:  # type: ignore[type-arg]
        """The row's amount (stated, else its children's) and the sum of the details beneath
        it. A stated amount that matches neither its children's amounts nor the details
        beneath them is a finding; one that matches the details is not, because then a child
        row carries the error and its own finding says so (each fact reported once)."""
        effective = sum([c.jumlah for c in children])
        if level == "akun":  # details are the leaves
            leaves = effective
        else:
            get = self._leaves.get
            leaves = sum([get(id(c), c.jumlah) for c in children])
        if node.stated is None:
            return effective, leaves
        if node.stated not in (effective, leaves):
            self._finding(
                f"{level}-rollup",
                node.code,
                f"{level} {node.code}: its {what} sum to {_fmt(effective)}, but its amount is "
                f"{_fmt(node.stated)} (off by {_fmt(node.stated - effective)})",
                node.row,
            )
        return node.stated, leaves

    def _record(self, record, leaves: int):  # type: ignore[no-untyped-def]
        self._leaves[id(record)] = leaves
        return record

    def _akun(self, a: _Level, seq: int) -> Akun:
        details: list[Detail] = a.children
        jumlah, leaves = self._settle("akun", a, details, "details")
        return self._record(Akun(a.code, a.name, jumlah, details, seq, a.row), leaves)

    def _komponen(self, k: _Level) -> list[Komponen]:
        """Subkomponen fold into their komponen's code (``051.A``), as the records have it;
        akun straight under a komponen that also has subkomponen stay under ``051``."""
        out: list[Komponen] = []
        direct = [a for a in k.children if _AKUN.fullmatch(a.code)]
        subs = [s for s in k.children if not _AKUN.fullmatch(s.code)]
        if direct or not subs:
            akun = [self._akun(a, n) for n, a in enumerate(direct, 1)]
            if subs:
                own, leaves = sum(a.jumlah for a in akun), sum(self._leaves[id(a)] for a in akun)
            else:
                own, leaves = self._settle("komponen", k, akun, "akun")
            out.append(self._record(Komponen(k.code, k.name, own, akun, 0, k.row), leaves))
        for s in subs:
            akun = [self._akun(a, n) for n, a in enumerate(s.children, 1)]
            code = f"{k.code}.{s.code}"
            own, leaves = self._settle(
                "subkomponen", _Level(code, s.name, s.stated, s.row), akun, "akun"
            )
            out.append(self._record(Komponen(code, s.name, own, akun, 0, s.row), leaves))
        if subs:
            self._settle("komponen", k, out, "subkomponen and akun")
        return out

    def _program(self, p: _Level, seq: int) -> Program:
        kegiatan = [self._kegiatan(k, n) for n, k in enumerate(p.children, 1)]
        jumlah, _ = self._settle("program", p, kegiatan, "kegiatan")
        return Program(p.code, p.name, jumlah, 0, jumlah, kegiatan=kegiatan, seq=seq, line=p.row)

    def _kegiatan(self, k: _Level, seq: int) -> Kegiatan:
        kros: list[Kro] = []
        outputs: list[Output] = []
        for kro_level in k.children:
            ros = []
            for r in kro_level.children:
                komponen: list[Komponen] = []
                for km in r.children:
                    komponen += self._komponen(km)
                for n, km in enumerate(komponen, 1):
                    km.seq = n
                jumlah, leaves = self._settle("ro", r, komponen, "komponen")
                ro = Output(
                    code=r.code,
                    name=r.name,
                    volume=r.volume,
                    unit=r.unit,
                    angka_dasar=jumlah,
                    jumlah=jumlah,
                    komponen=komponen,
                    kro=kro_level.code,
                    seq=len(outputs) + 1,
                    line=r.row,
                )
                outputs.append(self._record(ro, leaves))
                ros.append(ro)
            jumlah, leaves = self._settle("kro", kro_level, ros, "ROs")
            kro = Kro(
                code=kro_level.code,
                name=kro_level.name,
                volume=kro_level.volume,
                unit=kro_level.unit,
                angka_dasar=jumlah,
                jumlah=jumlah,
                outputs=ros,
                seq=len(kros) + 1,
                line=kro_level.row,
            )
            kros.append(self._record(kro, leaves))
        jumlah, leaves = self._settle("kegiatan", k, kros, "KRO")
        keg = Kegiatan(
            k.code, k.name, jumlah, 0, jumlah, outputs=outputs, kro=kros, seq=seq, line=k.row
        )
        return self._record(keg, leaves)


_SOURCES = frozenset(SUMBER_DANA)


# sumber dana as some exports spell it out
_SOURCE_NAMES = (
    ("RUPIAH MURNI PENDAMPING", "RMP"),
    ("RUPIAH MURNI", "RM"),
    ("PENERIMAAN NEGARA BUKAN PAJAK", "PNBP"),
    ("PINJAMAN LUAR NEGERI", "PLN"),
    ("HIBAH LUAR NEGERI", "HLN"),
    ("PINJAMAN DALAM NEGERI", "PDN"),
    ("HIBAH DALAM NEGERI", "HDN"),
    ("BADAN LAYANAN UMUM", "BLU"),
    ("SURAT BERHARGA SYARIAH NEGARA", "SBSN"),
)


def _source(cell: Cell) -> str:
    """``RM``, ``PNBP`` … from a cell such as ``RM``, ``pnbp``, ``RM/ PNBP`` (the first),
    ``RM-019`` or ``Rupiah Murni``."""
    token = _text(cell).upper()
    if token in _SOURCES:
        return token
    found = next((part for part in re.findall(r"[A-Z]+", token) if part in _SOURCES), "")
    if found:
        return found
    words = " ".join(re.findall(r"[A-Z]+", token))
    return next((code for name, code in _SOURCE_NAMES if name in words), "")


def _code_shape(code: str) -> bool:
    return bool(_KEGIATAN.fullmatch(code) or _AKUN.fullmatch(code) or _KOMPONEN.fullmatch(code))


def _with_location(header: DocumentHeader, lokasi: str) -> DocumentHeader:
    """The first ``Lokasi`` row names where the satker's money is spent: its location."""
    m = re.match(r"\(?(\d[\d.]*)\)?\s*(.*)", lokasi)
    location = CodeName(m.group(1), m.group(2).strip()) if m else CodeName("", lokasi)
    header.location = location
    return header
