"""What the two Bagian A layouts share: page headers, the signature block, amounts, list
headers and indicator lists. ``rka2020`` and ``rspp`` add their own level rows on top.

The rows are a stream whose meaning depends on what came before: a row coded ``01`` is a
Sasaran, an IKK or an indicator of an output depending on the last level row or list header;
indicators wander between the code column, the text column and the output's own row; page
headers interrupt lists anywhere. So this is one pass of a small state machine over lines,
not a grammar: it stays linear, and every refusal can name the line it happened on.

Two kinds of trouble are kept apart on purpose. A document that cannot be read (not an RKA, an
amount that is not a number, a row in no known shape) raises ``RkaParseError`` with
``FILE:LINE: found …, expected …`` (and the page, when the source knows it). A document that
reads fine but does not add up, or is missing its signature, is returned whole with
``findings``: that is data for the inspectorate, and the reader never repairs it.

What a bare code means is the *mode*: in ``GOALS`` a bare ``01`` opens a goal (a Sasaran
Program, an RSPP Sasaran Kegiatan or Output Program) and a dotted ``01.01`` is an indicator of
the last goal; in ``LIST`` every code is one more item of one list (IKK, indicators of an
output or KRO). Level rows and list headers set the mode; page headers leave it alone, which
is what lets a list run across a page break. Some documents code a goal's indicators as the
2020 IKK are (``01``, ``02``, not ``01.01``): under the goal's indicator header, a bare code
not followed by an indicator header of its own is read as an indicator (``_bare_item``), which
is the one place the reader looks ahead.

The printed PDF adds one trap of its own: a name wrapped in its cell can run over a page
break, and the new page (or the sheet a long page spilled onto) then starts with the rest of
the name alone, which ``_continues`` adds to the row before the break.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from tracker.read import findings as reconciliation
from tracker.read.records import (
    CodeName,
    DocumentHeader,
    Finding,
    Indicator,
    Kegiatan,
    Kro,
    Output,
    OutputProgram,
    Program,
    RkaDocument,
    RkaParseError,
    Sasaran,
    Signatory,
)
from tracker.read.sources.lines import Line

# List headers that announce a goal's indicators: a row coded like a goal and followed by one
# of them is the next goal.
_ITEM_HEADERS = ("ikp_header", "ikk_header", "output_program_indicator_header")
# Code kinds, by the code's shape.
PROGRAM, KEGIATAN, OUTPUT, KRO, IKP, NUMBER = range(6)
# Modes: what a bare code means (see the module docstring).
GOALS, LIST = range(2)

TAG = re.compile(r"</?[bi]>", re.IGNORECASE)
INLINE_CODE = re.compile(r"(\d{1,3}(?:\.\d{2})?)\s+(\S.*)")
_CODE_ONLY = re.compile(r"\d{1,3}(?:\.\d{2})?")
_COLUMN_YEAR = re.compile(r"T\.?\s*A\.?\s*(\d{4})")

# The labels the export prints, and the spellings other exports and years use for them.
_FIELD = re.compile(
    r"(KEMEN/LEMB|KEMENTERIAN\s*(?:NEGARA\s*)?/\s*LEMBAGA|K/L|UNIT\s+ORG(?:ANISASI)?|"
    r"UNIT\s+ESELON\s+I|SATUAN\s+KERJA|SATKER|PRO[PV]INSI|LOKASI)\s*:\s*\(([^)]*)\)\s*(.*)",
    re.IGNORECASE,
)
_FIELD_KEYS = {
    "KEMEN/LEMB": "ministry",
    "K/L": "ministry",
    "KEMENTERIAN": "ministry",
    "UNIT": "unit",
    "SATUAN": "satker",
    "SATKER": "satker",
    "PROPINSI": "province",
    "PROVINSI": "province",
    "LOKASI": "location",
}


def _field_key(label: str) -> str:
    """The header field a label names (``Kementerian Negara/Lembaga`` → ministry)."""
    label = label.upper()
    return _FIELD_KEYS.get(label) or _FIELD_KEYS[label.replace("/", " ").split()[0]]


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
_YEAR = re.compile(r"(?:TAHUN\s+ANGGARAN|T\.\s*A\.?)\s*:?\s*(\d{4})", re.IGNORECASE)
# "Halaman : 2", and the "Halaman : 2 dari 5" / "Hal. 2/5" of other exports
_PAGE = re.compile(r"(?:Halaman|Hal\.?)\s*:?\s*(\d+)(?:\s*(?:dari|/|of)\s*\d+)?", re.IGNORECASE)
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
# the short and English forms some offices type in the signature date
MONTHS.update(
    {name[:3]: n for name, n in MONTHS.items()}
    | {"agt": 8, "ags": 8, "sept": 9, "nop": 11, "peb": 2}
    | {"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7}
    | {"august": 8, "october": 10, "december": 12}
)

_VOLUME = re.compile(r"(\d[\d.,]*)\s*(.*)")  # "1.00 Laporan", "0,5 Layanan", "12Orang"
_EMPTY_TAIL = ["", "", "", ""]  # cells 3-6 of an indicator row
_RUPIAH_HINT = "an amount in Rupiah like 2,390,384,000 (or an empty cell)"


def show(text: str, limit: int = 60) -> str:
    """Quote what was found, short enough to keep the error on one readable line."""
    text = text.replace("\t", " ").strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def header_cells(titles: dict[str, str]) -> dict[str, str]:
    """List headers exactly as the export writes them (``<b>Sasaran Program :</b>``), to skip
    normalizing the usual ones."""
    return {f"<{t}>{title}</{t}>": key for t in "bi" for title, key in titles.items()}


def header_keys(titles: dict[str, str]) -> dict[str, str]:
    """The same headers normalized (no spaces, lower case), for the unusual spellings."""
    return {title.replace(" ", "").lower(): key for title, key in titles.items()}


@dataclass(frozen=True, slots=True)
class Goals:
    """What ``GOALS`` mode builds: the goal's name in messages, its indicator's name, and the
    record a bare-coded row becomes."""

    noun: str
    item: str
    make: Callable[[str, str, int, int], Sasaran | OutputProgram]


SASARAN_PROGRAM = Goals(
    "sasaran", "IKP", lambda code, text, seq, no: Sasaran(code, text, seq=seq, line=no)
)


class Reader:
    """One document's worth of reading state. Level rows open a context (program, kegiatan,
    output) and a mode; list headers re-open a list (the export repeats them after a page
    break); page headers are checked and skipped. Subclasses give the code shapes, the list
    headers and the rows below the kegiatan."""

    LAYOUT = ""
    TITLES: dict[str, str] = {}  # list header as printed → the name of its handler
    INLINE: re.Pattern[str]  # an indicator list header inside an output's name cell
    CODES = ""  # the code shapes the layout knows, for the unknown-code message
    PROGRAM_EXAMPLE = ""
    AMOUNT_ROWS = "program, kegiatan and output"

    def __init__(self, source: str) -> None:
        self.source = source
        self.programs: list[Program] = []
        self.program: Program | None = None
        self.kegiatan: Kegiatan | None = None
        self.output: Output | None = None  # the last output (RSPP: RO) row
        self.mode: int | None = None
        self.target: list[Indicator] | None = None  # the open list, in LIST mode
        self.fast: list[Indicator] | None = None  # the same, for the fast path
        self.where = ""  # what the open list belongs to, for messages
        self.goals: list[Sasaran] | list[OutputProgram] | None = None  # GOALS mode's list
        self.goal: Sasaran | OutputProgram | None = None  # the last goal opened
        self.goal_flat: list[Indicator] | None = None  # also gets a goal's indicators
        self.goal_kind = SASARAN_PROGRAM
        self.listed: Sasaran | OutputProgram | None = None  # the goal whose indicator header
        # came last: the bare codes after it may be its indicators (``_bare_item``)
        self.src: Sequence[Line] = ()  # empty for plain-string rows
        self.lines: list[str] = []
        self.header_lines: dict[str, tuple[str, object]] = {}  # page header lines, parsed
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
        # the rows read so far on this page are column headers or repeated level rows: a level
        # row repeated at the top of a page continues the open one (see ``_resumes``)
        self.resume = False
        # signature block
        self.signed: tuple[str, date, int] | None = None
        self.name_lines: list[str] = []
        self.nip: str | None = None
        keys = header_keys(self.TITLES)
        self.headers = {k: getattr(self, name) for k, name in keys.items()}
        self.cells = {k: getattr(self, name) for k, name in header_cells(self.TITLES).items()}

    # ----------------------------------------------------------------- layout hooks

    @staticmethod
    def kind(code: str) -> int | None:
        raise NotImplementedError

    def opened_kegiatan(self, k: Kegiatan) -> None:
        """Set the mode after a kegiatan row."""
        raise NotImplementedError

    def clear_levels(self) -> None:
        """A new program or kegiatan row: forget the rows below the last one."""
        self.output = None

    def level_row(self, kind: int, cells: list[str], code: str, no: int) -> None:
        """A row of a level below the kegiatan (OUTPUT, KRO): its name cell needs more than
        stripping (indicators inline, tags)."""
        raise NotImplementedError

    def after_kegiatan(self) -> str | None:
        """The code of the first level row under the current kegiatan, if any (an IKK header
        after it is misplaced)."""
        raise NotImplementedError

    # ----------------------------------------------------------------- the line loop

    def fail(self, no: int, message: str) -> RkaParseError:
        page = None
        line = no
        if 0 < no <= len(self.src):
            at = self.src[no - 1]
            line, page = at.no, at.page
        return RkaParseError(self.source, line, message, page)

    def read(self, src: Sequence[Line] | Sequence[str]) -> RkaDocument:
        """Read the rows of one document: ``Line`` rows (their ``no`` and ``page`` go into
        messages), or plain strings, line ``n`` at index ``n - 1`` (the text export)."""
        if src and isinstance(src[0], str):
            self.lines = lines = list(src)  # type: ignore[arg-type]
        else:
            self.src = src  # type: ignore[assignment]
            self.lines = lines = [x.text for x in src]  # type: ignore[union-attr]
        row = self._row
        plain = self._plain
        empty = _EMPTY_TAIL
        cells_headers = self.cells
        tag = TAG.sub
        for no, line in enumerate(lines, 1):
            if no <= self.skip:
                continue  # a page header known to repeat the first one
            if "\t" in line:
                cells = line.split("\t")
                if not self.in_table and self._enter_table(cells, no):
                    continue
                if self.resume and self._resumes(cells, no):
                    continue
                # Fast paths for most of a document: an indicator coded in column 1 of an
                # open list, and the list headers as the export writes them.
                target = self.fast
                code = cells[0]
                if target is not None and code.isdigit() and len(code) < 4 and cells[2:] == empty:
                    text = cells[1].strip()
                    if "<" in text:
                        text = tag("", text).strip()
                    target.append(Indicator(code, text, len(target) + 1, no))
                elif not code and cells[2:] == empty and cells[1] in cells_headers:
                    cells_headers[cells[1]](no)
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

    def _resumes(self, cells: list[str], no: int) -> bool:
        """At the top of a page, some exports print the program, kegiatan, KRO or RO row the
        previous page was inside again before its rows continue. Such a row (the open row's
        code and name, its amounts again or none) is the same row, not a second one: True, and
        the row is skipped with the reading state left as it was, so the list it interrupted
        runs on. Column-header rows keep the top of the page open; any other row closes it.
        A first row with text alone is the rest of a name the page break cut (``_continues``)."""
        code = cells[0].strip()
        if not code:
            if len(cells) < 2 or not cells[1].strip():
                return False  # a blank row or the VOLUME / SATUAN header row: still the top
            self.resume = False
            return self._continues(cells, no)
        if code == "KODE" or (code[0] == "(" and code[-1] == ")"):
            return False
        self.resume = False
        kind = self.kind(code)
        if kind == PROGRAM:
            row: Program | Kegiatan | Output | Kro | None = self.program
        elif kind == KEGIATAN:
            row = self.kegiatan
        elif kind == OUTPUT:
            row = self.output
        elif kind == KRO:
            row = getattr(self, "kro", None)
        else:
            return False
        if row is None or row.code != code or len(cells) < 6:
            return False
        name = " ".join(TAG.sub("", self.INLINE.split(cells[1], 1)[0]).lower().split())
        known = " ".join(row.name.lower().split())
        if not (name.startswith(known) or known.startswith(name)):
            return False
        amounts = [c.strip() for c in cells[3:6]]
        if any(amounts) and not all(_is_rupiah(a) or not a for a in amounts):
            return False
        stated = [int(a.replace(",", "")) if a else 0 for a in amounts]
        if any(amounts) and stated != [row.angka_dasar, row.inisiatif_baru, row.jumlah]:
            return False
        self.resume = True  # a kegiatan row may follow its repeated program row, and so on
        return True

    def _continues(self, cells: list[str], no: int) -> bool:
        """A name (or indicator text) wrapped in its cell runs over the page break in the
        printed PDF: the new page's first row is then the rest of the text alone, no code, no
        amounts, and the last table row before the break is the row it belongs to. True, and
        the text is added to that row's record; False for any other row (a list header, an
        indicator written in the text column), which is read as usual."""
        if any(c and not c.isspace() for c in cells[2:]):
            return False
        text = cells[1].strip()
        if "<" in text:
            text = TAG.sub("", text).strip()
        if text.replace(" ", "").lower() in self.headers or INLINE_CODE.fullmatch(text):
            return False
        before = self._row_before(no)
        if before is None:
            return False
        program, kegiatan = self.program, self.kegiatan
        candidates: list[object] = [program, kegiatan, getattr(self, "kro", None), self.output]
        if self.goal is not None:
            candidates.append(self.goal)
            if self.goal.indicators:
                candidates.append(self.goal.indicators[-1])
        if self.target:
            candidates.append(self.target[-1])
        # an indicator inline on a KRO or RO row ends that row's cell: it is what wrapped
        hits = [c for c in candidates if c is not None and getattr(c, "line", 0) == before]
        if not hits:
            return False
        record = next((c for c in hits if isinstance(c, Indicator)), hits[-1])
        self.continue_text(record, text, no)
        return True

    def _break_after(self, no: int) -> bool:
        """Whether a page or sheet break follows row ``no``."""
        if self._sheet_top(no + 1):
            return True
        lines = self.lines
        for i in range(no, min(len(lines), no + 4)):
            line = lines[i].strip().strip("*").strip()
            if line:
                return line.startswith("RENCANA KERJA ANGGARAN")
        return False

    def _sheet_top(self, no: int) -> bool:
        """Whether row ``no`` is the first of a printed sheet (a PDF's rows know their sheet):
        a page too long for one sheet spills onto the next without repeating its headers."""
        src = self.src
        return 2 <= no <= len(src) and src[no - 1].page != src[no - 2].page

    def _row_before(self, no: int) -> int | None:
        """The line of the last table row before line ``no``, past the page header and the
        column-header rows between them."""
        lines = self.lines
        i = no - 2
        while i >= 0:
            line = lines[i]
            i -= 1
            if "\t" not in line:
                continue  # a page header line or a blank one
            cells = line.split("\t")
            code = cells[0].strip()
            if code == "KODE" or (code[:1] == "(" and code[-1:] == ")"):
                continue
            if not code and not cells[1].strip():
                continue  # the VOLUME / SATUAN row
            return i + 2
        return None

    def continue_text(self, record: object, text: str, no: int) -> None:
        """Add the rest of a cut name or text to its record. A KRO's or RO's rest may hold the
        indicator the export put inline after the name."""
        if isinstance(record, Indicator | Sasaran):
            record.text = f"{record.text} {text}" if record.text else text
        elif isinstance(record, Kro | Output) and "ndikator" in f"{record.name} {text}":
            level = "KRO" if isinstance(record, Kro) else "RO"
            record.name, found = self.name_cell(f"{record.name} {text}", level, record.code, no)
            record.indicators.extend(found)
        elif isinstance(record, Program | Kegiatan | Kro | Output | OutputProgram):
            record.name = f"{record.name} {text}"

    def open_list(self, target: list[Indicator], where: str) -> None:
        """From now on every indicator row is one more item of ``target``."""
        self.mode, self.target, self.fast, self.where = LIST, target, target, where

    def open_goals(
        self,
        goals: list[Sasaran] | list[OutputProgram],
        kind: Goals,
        flat: list[Indicator] | None = None,
    ) -> None:
        """From now on a bare code opens a goal in ``goals`` and a dotted one is its
        indicator (also appended to ``flat``, when the level keeps one list of them all)."""
        # The same list re-opened (its header repeated after a page break) keeps its last
        # goal, so the indicators continuing on the new page still have one.
        goal = self.goal if self.mode == GOALS and self.goals is goals else None
        self.mode, self.target, self.fast = GOALS, None, None
        self.goals, self.goal, self.goal_kind, self.goal_flat = goals, goal, kind, flat

    def _enter_table(self, cells: list[str], no: int) -> bool:
        """A row with a tab outside the table: a page header line whose label and value the
        export put a tab between (``KEMEN/LEMB<TAB>: (076) …``) is read as that line (True);
        otherwise the page header ends here and the row is the table's first."""
        if self.page is not None:
            s = " ".join(" ".join(cells).split()).strip("*").strip()
            if s and (s.startswith("RENCANA KERJA ANGGARAN") or self._is_page_line(s)):
                self._plain(s, no)
                return True
            self._close_page(no)
        if not self.in_table:
            self._misplaced_row(cells, no)
        return False

    @staticmethod
    def _is_page_line(s: str) -> bool:
        if s.startswith(("RENCANA KINERJA", "BAGIAN")):
            return True
        return any(p.fullmatch(s) for p in (_FIELD, _YEAR, _PAGE))

    def _row(self, cells: list[str], no: int) -> None:
        code = cells[0].strip()
        if code:
            kind = self.kind(code)
            if kind in (OUTPUT, KRO):
                self.level_row(kind, cells, code, no)
                return
            if kind is None:
                self._odd_code(cells, code, no)
                return
        text = cells[1].strip()
        if "<" in text:
            text = TAG.sub("", text).strip()
        if not code:
            if not text:
                self._blank_code_row(cells, no)
                return
            header = self.headers.get(text.replace(" ", "").lower())
            if header is not None:
                self.no_amounts(cells, no, "list header")
                header(no)
                return
            m = INLINE_CODE.fullmatch(text)
            if m is None:
                if self._sheet_top(no) and self._continues(cells, no):
                    return  # the rest of a name, on a sheet the page spilled onto
                raise self.fail(
                    no,
                    f"found text without a code {show(text)}, expected a code in column 1, "
                    f"a list header such as {self.example_header()!r}, or an indicator "
                    "like '01 …'",
                )
            code, text = m.group(1), m.group(2)
            kind = self.kind(code)
            if kind not in (IKP, NUMBER):
                raise self.fail(
                    no, f"found {show(code + ' ' + text)}, expected an indicator like '01 …'"
                )
        if kind == KEGIATAN:
            self._kegiatan(cells, code, text, no)
        elif kind == PROGRAM:
            self._program(cells, code, text, no)
        else:
            self.no_amounts(cells, no, "indicator row")
            self._indicator(kind, code, text, no)  # type: ignore[arg-type]

    def example_header(self) -> str:
        return "Indikator Output :"

    def _misplaced_row(self, cells: list[str], no: int) -> None:
        if self.first_page is None:
            raise self.fail(
                no,
                f"found a table row {show(cells[0] + ' ' + cells[1])}, expected the RKA "
                "page header (RENCANA KERJA ANGGARAN SATKER, KEMEN/LEMB, SATUAN KERJA …) first",
            )
        raise self.fail(
            no,
            f"found a table row {show(' '.join(cells))} after the signature block, "
            "expected the end of the document",
        )

    # ----------------------------------------------------------------- level rows

    def _program(self, cells: list[str], code: str, name: str, no: int) -> None:
        ad, ib, jumlah = self.money(cells, no, "program", code)
        if cells[2] and not cells[2].isspace():
            self._volume_note(cells[2], no, "program", code)
        p = Program(code, name, ad, ib, jumlah, seq=len(self.programs) + 1, line=no)
        self.programs.append(p)
        self.program, self.kegiatan = p, None
        self.clear_levels()
        self.open_goals(p.sasaran, SASARAN_PROGRAM)

    def _kegiatan(self, cells: list[str], code: str, name: str, no: int) -> None:
        p = self.program
        if p is None:
            raise self.fail(
                no, f"found kegiatan {code} before any program, expected a program row first"
            )
        ad, ib, jumlah = self.money(cells, no, "kegiatan", code)
        if cells[2] and not cells[2].isspace():
            self._volume_note(cells[2], no, "kegiatan", code)
        k = Kegiatan(code, name, ad, ib, jumlah, seq=len(p.kegiatan) + 1, line=no)
        p.kegiatan.append(k)
        self.kegiatan = k
        self.clear_levels()
        self.opened_kegiatan(k)

    def name_cell(self, cell: str, level: str, code: str, no: int) -> tuple[str, list[Indicator]]:
        """The name of an output-like row and the indicator the export may have put inline
        after it (``… [Base Line] <i>Indikator Output :</i> 01 Jumlah …``)."""
        indicators: list[Indicator] = []
        name = cell
        if "ndikator" in name:
            m = self.INLINE.search(name)
            if m is not None:
                rest = name[m.end() :].strip()
                label = TAG.sub("", m.group(0)).strip()
                name = name[: m.start()]
                if rest:
                    rest = TAG.sub("", rest).strip() if "<" in rest else rest
                    mi = INLINE_CODE.fullmatch(rest)
                    if mi is not None:
                        indicators.append(Indicator(mi.group(1), mi.group(2), 1, no))
                    elif _CODE_ONLY.fullmatch(rest) and self._break_after(no):
                        # its text went over the page break (``_continues`` adds it there)
                        indicators.append(Indicator(rest, "", 1, no))
                    else:
                        raise self.fail(
                            no,
                            f"found {show(rest)} after {label!r} on {level} {code}, "
                            "expected an indicator like '01 Jumlah …' or nothing",
                        )
        if "<" in name:
            name = TAG.sub("", name)
        return name.strip(), indicators

    def volume(self, cell: str, no: int, level: str, code: str) -> tuple[float | None, str]:
        vol = cell.strip()
        if not vol:
            return None, ""
        m = _VOLUME.fullmatch(vol)
        value = volume_number(m.group(1)) if m is not None else None
        if value is None:
            raise self.fail(
                no,
                f"found volume {show(vol)} on {level} {code}, expected a number and a "
                "unit like '1.00 Laporan'",
            )
        return value, m.group(2).strip()  # type: ignore[union-attr]

    def money(self, cells: list[str], no: int, level: str, code: str) -> tuple[int, int, int]:
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
                        no, f"found {column} {show(s)} on {level} {code}, expected {_RUPIAH_HINT}"
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
                f"found {show(extra)} beyond the JUMLAH column of {level} {code}, expected 6 cells",
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

    def no_amounts(self, cells: list[str], no: int, what: str) -> None:
        for i in range(2, len(cells)):
            c = cells[i]
            if c and not c.isspace():
                raise self.fail(
                    no,
                    f"found {show(c)} in column {i + 1} of an {what}, expected amounts only "
                    f"on {self.AMOUNT_ROWS} rows",
                )

    # ----------------------------------------------------------------- lists

    def sasaran_header(self, no: int) -> None:
        if self.program is None:
            raise self.fail(no, "found 'Sasaran Program :' before any program row")
        self.open_goals(self.program.sasaran, SASARAN_PROGRAM)

    def ikp_header(self, no: int) -> None:
        self.goal_indicators(no, SASARAN_PROGRAM, "Indikator Kinerja Program", "a sasaran")

    def goal_indicators(self, no: int, kind: object, header: str, goal: str) -> None:
        """The indicator header under a goal row of ``kind`` (``goal`` names it, with its
        article, in the message): the items that follow are that goal's indicators."""
        if self.mode != GOALS or self.goal_kind is not kind or self.goal is None:
            raise self.fail(
                no,
                f"found '{header} :' with no {goal.split(' ', 1)[1]} before it, "
                f"expected {goal} row (01 …) first",
            )
        self.listed = self.goal

    def output_indicators(self, no: int, header: str, level: str) -> None:
        """The indicator header under the funded output (``level``: the 2020 output, the
        RSPP RO): the items that follow are its indicators."""
        if self.output is None:
            raise self.fail(no, f"found '{header} :' with no {level} before it")
        self.open_list(self.output.indicators, level)

    def _bare_item(self, goal: Sasaran | OutputProgram, no: int) -> bool:
        """Whether a row coded like a goal (``01``), after its goal's indicator header, is an
        indicator of that goal rather than the next goal. Indicators are usually dotted
        (``01.01``), and then a bare code is the next goal; but some documents code them as
        the 2020 IKK are, ``01``, ``02``. A next goal is followed by its own indicator header
        (which the export prints even when the list under it is empty); an indicator is not.
        Past a page break the export repeats the header of a list that goes on, so there the
        row after the header tells: if it is a goal (its own header follows), the row was an
        indicator when that goal is the one after the open goal; if it is an indicator, the
        row was one too when the numbering goes on (``02`` then ``02`` or ``03``), and a goal
        when it starts again (``01``) or is dotted."""
        if any("." in i.code for i in goal.indicators):
            return False
        mine = self.lines[no - 1].split("\t")[0].strip()
        after = self._next_row(no)
        if after is None:
            return True
        at, code, header = after
        if not header:
            return True  # an indicator, a level row: the row was an indicator
        if at == no + 1 or not any(
            "\t" not in line and line.strip() for line in self.lines[no : at - 1]
        ):
            return False  # its own header, on the same page: the row is a goal
        following = self._next_row(at)  # past the header repeated after the page break
        if following is None:
            return True
        at, code, _ = following
        if not (code.isdigit() and mine.isdigit()):
            return False  # dotted items follow: the row was their goal
        then = self._next_row(at)
        if then is not None and then[2]:  # the row after the header is a goal
            return goal.code.isdigit() and int(code) == int(goal.code) + 1
        return int(code) in (int(mine), int(mine) + 1)

    def _next_row(self, no: int) -> tuple[int, str, bool] | None:
        """The table row after line ``no`` (past page and column headers, and the open level
        rows some exports repeat at the top of a page): its line, its code (from the code column
        or the start of the text), and whether it is a list header that announces a goal's
        indicators."""
        lines = self.lines
        rows = (self.program, self.kegiatan, getattr(self, "kro", None), self.output)
        repeated = {r.code for r in rows if r is not None}
        for i in range(no, min(len(lines), no + 60)):
            line = lines[i]
            if "\t" not in line:
                continue
            cells = line.split("\t")
            code = cells[0].strip()
            text = TAG.sub("", cells[1]).strip() if len(cells) > 1 else ""
            if code == "KODE" or code[:1] == "(" or not (code or text) or code in repeated:
                continue  # the column header, or an open level row repeated on a new page
            handler = self.headers.get(text.replace(" ", "").lower()) if not code else None
            if handler is not None:
                return i + 1, "", getattr(handler, "__name__", "") in _ITEM_HEADERS
            if not code:
                m = INLINE_CODE.fullmatch(text)
                if m is None:
                    continue  # the rest of a name the page break cut (``_continues``)
                code = m.group(1)
            return i + 1, code, False
        return None

    def ikk_list_header(self, no: int) -> None:
        """An IKK header: the kegiatan's one list of IKK (the 2020 layout)."""
        k = self.kegiatan
        if k is None:
            raise self.fail(no, "found 'Indikator Kinerja Kegiatan :' with no kegiatan before it")
        below = self.after_kegiatan()
        if below is not None:
            raise self.fail(
                no,
                f"found 'Indikator Kinerja Kegiatan :' after {below}, "
                "expected it before the kegiatan's outputs",
            )
        self.open_list(k.indicators, "kegiatan")

    def _indicator(self, kind: int, code: str, text: str, no: int) -> None:
        mode = self.mode
        if mode == GOALS:
            g = self.goal_kind
            goals = self.goals
            assert goals is not None
            s = self.goal
            if kind != IKP and s is not None and self.listed is s and self._bare_item(s, no):
                kind = IKP  # an indicator coded like its goal (``01``), under its header
            if kind == IKP:
                if s is None:
                    raise self.fail(
                        no,
                        f"found {g.item} {code} with no {g.noun} before it, expected a "
                        f"{g.noun} row (01 …) first",
                    )
                flat = self.goal_flat
                if flat is None:
                    s.indicators.append(Indicator(code, text, len(s.indicators) + 1, no))
                else:  # one object in both lists; seq is its place in the level's list
                    i = Indicator(code, text, len(flat) + 1, no)
                    flat.append(i)
                    s.indicators.append(i)
            else:
                s = g.make(code, text, len(goals) + 1, no)
                goals.append(s)  # type: ignore[arg-type]
                self.goal = s
            return
        target = self.target
        if mode is None or target is None:
            raise self.fail(
                no, f"found indicator {code} before any program, expected a program row first"
            )
        if kind == IKP:
            raise self.fail(
                no,
                f"found a program indicator code {code} under a {self.where}, "
                "expected a code like 01",
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
        raise self.fail(no, f"found code {show(code)}, expected {self.CODES} code")

    def _blank_code_row(self, cells: list[str], no: int) -> None:
        rest = " ".join(c.strip() for c in cells[2:]).strip()
        if not rest or rest.startswith("VOLUME"):
            return  # an empty row, or the second column-header row
        raise self.fail(
            no, f"found {show(rest)} on a row with no code and no name, expected a code"
        )

    # ----------------------------------------------------------------- page header, signature

    def _plain(self, s: str, no: int) -> None:
        if self.nip is not None:
            raise self.fail(
                no, f"found {show(s)} after the signature block, expected the end of the document"
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
                f"found {show(s)}, expected the RKA page header 'RENCANA KERJA ANGGARAN "
                "SATKER' (is this an RKA Satker text export?)",
            )
        if self.signed is None:
            m = _SIGNED.fullmatch(s)
            if m is None or not self.programs:
                raise self.fail(
                    no,
                    f"found {show(s)} outside the table, expected a tab-separated row, a "
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
                    no, f"found {show(s)}, expected 'NIP. ' and the official's NIP (digits)"
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
        self.resume = True
        self.skip = no - 1 + len(block)
        return True

    def _page_line(self, s: str, no: int) -> tuple[str, object]:
        if s.startswith(("RENCANA KINERJA", "BAGIAN")):
            return "", None
        m = _FIELD.fullmatch(s)
        if m is not None:
            return _field_key(m.group(1)), CodeName(m.group(2).strip(), m.group(3).strip())
        m = _YEAR.fullmatch(s)
        if m is not None:
            return "year", int(m.group(1))
        m = _PAGE.fullmatch(s)
        if m is not None:
            return "page", int(m.group(1))
        raise self.fail(
            no,
            f"found {show(s)} in the page header, expected KEMEN/LEMB, UNIT ORG, "
            "SATUAN KERJA, PROPINSI, LOKASI, TAHUN ANGGARAN or Halaman",
        )

    def _date(self, m: re.Match[str], no: int) -> date:
        month = MONTHS.get(m.group(3).lower())
        if month is None:
            raise self.fail(
                no,
                f"found month {show(m.group(3))} in the signature date, expected an "
                "Indonesian month name (Januari … Desember)",
            )
        try:
            return date(int(m.group(4)), month, int(m.group(2)))
        except ValueError:
            raise self.fail(
                no, f"found the date {show(m.group(0))}, expected a real calendar date"
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
        self.resume = True
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
                n_lines,
                f"found no program row, expected at least one program (e.g. "
                f"{self.PROGRAM_EXAMPLE})",
            )
        notes = self.notes
        place: str | None = None
        signed: date | None = None
        signatory: Signatory | None = None
        satker = _code(first["satker"])
        if self.signed is None:
            notes.append(
                Finding(
                    "missing-signature",
                    "warning",
                    satker,
                    "the document ends without the place, date and official's signature "
                    "(unsigned, or the file is cut short)",
                    n_lines,
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
                        satker,
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
                    satker,
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
        doc = RkaDocument(header, self.programs, source=self.source, layout=self.LAYOUT)
        doc.findings = sorted(
            notes + reconciliation.check(doc), key=lambda f: (f.line, f.rule, f.code)
        )
        return doc


def volume_number(s: str) -> float | None:
    """A volume as the export writes it (``1.00``, ``1,200.00``) or with a decimal comma
    (``0,5``, ``1.234,50``), which some offices type; None if it is not a number. A comma
    followed by groups of three digits only (``1,000``) is the export's thousands separator."""
    dot, comma = s.rfind("."), s.rfind(",")
    if comma > dot and (dot >= 0 or any(len(g) != 3 for g in s.split(",")[1:])):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    if not s.replace(".", "", 1).isdigit():
        return None
    return float(s)


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
