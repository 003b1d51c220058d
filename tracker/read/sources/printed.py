"""The printed table: glyphs with positions → the rows of the text export.

The export is what the Bagian A interpreters read, so a page is written back as it: page
header lines, the three column-header lines, then one line per table row, cells joined by
tabs, bold and italic runs as ``<b>…</b>`` / ``<i>…</i>``, a name wrapped over several lines
of its cell joined into one. Ruled and whitespace-aligned printings both read:

* columns: the column-number row ``(1) … (6)`` gives one point inside each column; between
  two of them the boundary is a vertical rule if there is one, else the widest strip of x no
  phrase on the page covers (a phrase: glyphs no further apart than a space of their font).
  A sheet without column headers (a long page spilled onto an extra sheet, or a page that
  repeats only its page header) keeps the previous page's columns and finds where they meet
  again from its own rows. KODE may sit centred in its two header rows, below the ALOKASI
  ANGGARAN title: the column header starts at the last page-header line above it;
* rows: between two horizontal rules when the body is ruled (a sheet too short for a rule
  between its lines is read as the sheet before it); at the gaps when unruled rows stand apart
  by padding (a code centred in a tall row is not its first line); in a tight table, at a
  line with a code, or whose first word would have fit on the line before (a wrapped line
  starts with the word that did not) or is an indicator's code;
* the table ends at the signature block (``Serang, 31 Januari 2020``) or a wide gap. What a
  report engine prints in a sheet's margins (a footer with the print date or sheet number, a
  running header above the title) is not in the export and is dropped; so are bold and italic
  outside the name column (a level row printed bold throughout).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from operator import attrgetter

from tracker.read.records import RkaParseError
from tracker.read.sources.lines import Line

_MARKERS = tuple(f"({i})" for i in range(1, 7))
_SIGNED = re.compile(r"[^\d,][^,]*?\s*,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}")


class Char:
    """One glyph: its text, its box (top-down page coordinates), size and style, and the
    width of a space in its font (Helvetica's when the font does not say)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "style", "space")

    def __init__(
        self,
        text: str,
        x0: float,
        x1: float,
        top: float,
        bottom: float,
        size: float,
        style: str,
        space: float = 0.0,
    ) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.size, self.style, self.space = size, style, space or size * SPACE or 1.0


class Edge:
    """A ruling line: ``h`` (y = top = bottom) or ``v`` (x = x0 = x1)."""

    __slots__ = ("orientation", "x0", "x1", "top", "bottom")

    def __init__(self, orientation: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.orientation, self.x0, self.x1, self.top, self.bottom = (
            orientation,
            x0,
            x1,
            top,
            bottom,
        )


SPACE = 0.278  # the width of a space in Helvetica/Arial, in sizes
_X0, _TOP, _BOTTOM, _SIZE = (attrgetter(a) for a in ("x0", "top", "bottom", "size"))


class _Line:
    """One physical line of text: its characters left to right, and where it sits."""

    __slots__ = ("chars", "top", "bottom", "size")

    def __init__(self, chars: list[Char]) -> None:
        chars.sort(key=_X0)
        self.chars = chars
        self.top = min(map(_TOP, chars))
        self.bottom = max(map(_BOTTOM, chars))
        self.size = max(map(_SIZE, chars))

    def text(self) -> str:
        return _plain(self.chars)

    def starts(self, word: str) -> bool:
        """Whether the line begins with ``word``, without building its text."""
        chars = self.chars
        return len(chars) >= len(word) and all(chars[i].text == w for i, w in enumerate(word))

    def words(self) -> list[tuple[str, float, float]]:
        """(word, x0, x1) for the words of the line."""
        out: list[tuple[str, float, float]] = []
        word: list[Char] = []
        for c in self.chars:
            if word and c.x0 - word[-1].x1 > c.size * _GAP:
                out.append(("".join(w.text for w in word), word[0].x0, word[-1].x1))
                word = []
            word.append(c)
        if word:
            out.append(("".join(w.text for w in word), word[0].x0, word[-1].x1))
        return out


def _physical_lines(chars: list[Char]) -> list[_Line]:
    """Characters grouped by baseline (their bottoms agree within a fraction of the size)."""
    chars.sort(key=_BOTTOM)
    out: list[_Line] = []
    group: list[Char] = [chars[0]]
    base = chars[0].bottom
    for c in chars[1:]:
        if c.bottom - base > c.size * 0.35:
            out.append(_Line(group))
            group = [c]
            base = c.bottom
        else:
            group.append(c)
    out.append(_Line(group))
    return out


# Spaces are read from the gaps between glyphs, not from space characters: PDFium keeps some
# and makes up others. A gap over a tenth of the size is a space (italic boxes overlap, so
# their gaps run short); a gap as wide as two spaces of the glyph's font is two (the export
# keeps double spaces). Fonts differ: a space is a quarter of the size in Times, 0.6 in Courier.
_GAP = 0.1


def _plain(chars: list[Char]) -> str:
    """A line's text as written, one space where glyphs stand apart (a page-header line's
    label, colon and value are joined so however far apart they are printed)."""
    parts: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None and c.x0 - prev.x1 > c.size * _GAP:
            parts.append(" ")
        parts.append(c.text)
        prev = c
    return "".join(parts)


Run = tuple[str, str]  # (style, text) of a stretch of one cell on one line


def _line_cells(chars: list[Char], bounds: list[float], size: float) -> list[list[Run]]:
    """One physical line cut into the six cells, each as its style runs, spaces read from
    the gaps: one pass over the glyphs, the busiest loop of the reader."""
    cells: list[list[Run]] = [[], [], [], [], [], []]
    col = 0
    edge = bounds[0]
    gap = size * _GAP
    text: list[str] = []
    style = ""
    prev_x1 = None
    for c in chars:
        if (c.x0 + c.x1) * 0.5 >= edge:
            if text:
                cells[col].append((style, "".join(text)))
                text = []
            while col < 5 and (c.x0 + c.x1) * 0.5 >= bounds[col]:
                col += 1
            edge = bounds[col] if col < 5 else float("inf")
            prev_x1 = None
        if prev_x1 is not None:
            d = c.x0 - prev_x1
            if d > gap:
                if c.style != style:
                    cells[col].append((style, "".join(text)))
                    text = []
                    style = c.style
                    cells[col].append(("", " " * max(1, round(d / c.space + 0.3))))
                else:
                    text.append(" " * max(1, round(d / c.space + 0.3)))
            elif c.style != style:
                cells[col].append((style, "".join(text)))
                text = []
                style = c.style
        elif not text:
            style = c.style
        text.append(c.text)
        prev_x1 = c.x1
    if text:
        cells[col].append((style, "".join(text)))
    return cells


def _cell_plain(lines: list[list[Run]]) -> str:
    """A cell over one or more physical lines without its styles, the lines joined with a
    space."""
    if len(lines) == 1 and len(lines[0]) == 1:
        return lines[0][0][1]
    return " ".join("".join(text for _, text in runs) for runs in lines)


def _cell_text(lines: list[list[Run]]) -> str:
    """A cell over one or more physical lines, as the export writes it: the lines joined
    with a space, bold and italic runs tagged (the spaces between runs left outside)."""
    if len(lines) == 1 and len(lines[0]) == 1:
        style, text = lines[0][0]
        return f"<{style}>{text}</{style}>" if style else text
    out: list[str] = []
    style = ""
    for n, runs in enumerate(lines):
        if n:
            runs = [("", " "), *runs]
        for s, text in runs:
            if not text:
                continue
            if s == "" and text.isspace() and style:
                out.append(text)  # a gap: kept inside the run unless the style changes
                continue
            if s != style:
                if style:
                    # spaces just written belong outside the closing tag
                    trail = len(out[-1]) - len(out[-1].rstrip(" ")) if out else 0
                    if trail:
                        out[-1] = out[-1][:-trail]
                    out.append(f"</{style}>")
                    if trail:
                        out.append(" " * trail)
                if s:
                    out.append(f"<{s}>")
                style = s
            out.append(text)
    if style:
        out.append(f"</{style}>")
    return "".join(out)


class Reader:
    """The document so far: rows written out, and the columns of the table being read (kept
    across pages, for a spilled page that repeats no column header)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[Line] = []
        self.bounds: list[float] | None = None  # the five x boundaries between six columns
        self.running: set[str] = set()  # running header and footer lines, digits as #
        self.centres: list[float] = []  # the x of the column numbers (1) … (6)
        self.header_rows: list[_Line] = []  # the column header they were read from
        self.name_centre = 0.0  # the x of the column number (2), the name column's middle
        self.ruled = False  # the last page's rows were ruled
        self.padded = False  # the last page's unruled rows stood apart by padding
        self.in_table = False
        self.ended = False  # the signature block has begun: no more table rows

    def emit(self, text: str, page: int) -> None:
        self.out.append(Line(text, len(self.out) + 1, page))

    def header_line(self, text: str, page: int) -> None:
        """A page-header line; ``Halaman : n`` (or ``Hal. n/m``) printed at the right of
        another line is a line of its own in the export."""
        m = _PAGE_BESIDE.search(text)
        if m is not None and m.start() > 0:
            self.emit(text[: m.start()].rstrip(), page)
            text = text[m.start() + 1 :]
        self.emit(text, page)

    def fail(self, page: int, message: str) -> RkaParseError:
        return RkaParseError(self.source, len(self.out) + 1, message, page)

    def page(self, number: int, chars: list[Char], edges: list[Edge], height: float = 0.0) -> None:
        rows = self._running(_physical_lines(chars), height)
        kode = next((i for i, r in enumerate(rows) if r.starts("KODE")), None)
        if number == 1:
            first = rows[0].text()
            if not first.startswith("RENCANA KERJA ANGGARAN"):
                raise self.fail(
                    1,
                    f"found {_show(first)} at the top of page 1, expected the RKA page header "
                    "'RENCANA KERJA ANGGARAN SATKER' (is this an RKA Satker PDF?)",
                )
            if kode is None:
                raise self.fail(
                    1,
                    "found no column header (KODE … (1) … (6)) on page 1, expected the "
                    "table of an RKA Satker Bagian A",
                )
        body_from = 0
        if kode is not None:
            marks = next(
                (i for i in range(kode, min(kode + 8, len(rows))) if _markers(rows[i])), None
            )
            if marks is None:
                raise self.fail(
                    number,
                    f"found the column header KODE on page {number} without its column "
                    "numbers (1) … (6) below it, expected the RKA table header",
                )
            start = _header_top(rows, kode)
            for r in rows[:start]:
                self.header_line(r.text(), number)
            centres = _markers(rows[marks])
            assert centres is not None
            self.centres, self.header_rows = centres, rows[start:marks]
            self.name_centre = centres[1]
            body = rows[marks + 1 :]
            body = body[: _table_end(body, centres[1])]
            self.bounds = _bounds(centres, self.header_rows, body, edges)
            self._column_header(rows[start:marks], number)
            self.in_table = True
            self.ended = False
            body_from = marks + 1
        elif not self.in_table or self.bounds is None:
            for r in rows:
                self.header_line(r.text(), number)
            return
        else:
            # a sheet the page spilled onto, or a page that repeats its page header but not
            # the column header: the columns are the last ones, but where one column ends and
            # the next begins is read again from this sheet's own rows (a column empty on the
            # page before, such as VOLUME under programs only, gave no evidence of its edge)
            if rows[0].text().startswith("RENCANA KERJA ANGGARAN"):
                while body_from < len(rows) and _PAGE_LINE.match(rows[body_from].text()):
                    self.header_line(rows[body_from].text(), number)
                    body_from += 1
                if body_from == len(rows):
                    return
            body = rows[body_from:]
            body = body[: _table_end(body, self.centres[1])]
            self.bounds = _bounds(self.centres, self.header_rows, body, edges)
        self._body(rows[body_from:], edges, number)

    def _running(self, rows: list[_Line], height: float) -> list[_Line]:
        """The sheet's lines without what the report engine prints in its margins on every
        sheet: a print date or sheet number in the bottom margin, apart from the rest by a wide
        gap (a footer), and lines above the RKA title in the top margin (a running header). The
        text export has neither. A line that repeats (digits aside) one already taken for a
        running line is one too, wherever on the sheet it starts."""
        if height <= 0 or not rows:
            return rows
        band = height * _BAND
        end = len(rows)
        # a footer seen on an earlier sheet, wherever it sits (close under a signature block)
        while end > 1 and rows[end - 1].top > height - band:
            if _shape(rows[end - 1].text()) not in self.running:
                break
            end -= 1
        rows = rows[:end]
        while end > 1 and rows[end - 1].top > height - band:
            end -= 1
            if rows[end].top - rows[end - 1].bottom > 2.5 * rows[end].size:
                footer = rows[end:]  # the lowest lines, apart from those above them
                if not any(_signature_line(r) for r in footer):
                    self.running.update(_shape(r.text()) for r in footer)
                    rows = rows[:end]
                break
        start = 0
        title = next((i for i, r in enumerate(rows[:4]) if r.starts("RENCANA KERJA")), None)
        if title is not None and all(r.bottom < band for r in rows[:title]):
            self.running.update(_shape(r.text()) for r in rows[:title])
            start = title
        elif self.running:
            while start < len(rows) and _shape(rows[start].text()) in self.running:
                start += 1
        return rows[start:]

    def _column_header(self, rows: list[_Line], page: int) -> None:
        """The three column-header lines of the export, whatever the header's wrapping."""
        bounds = self.bounds
        assert bounds is not None
        top: list[list[str]] = [[] for _ in range(6)]
        sub: list[list[str]] = [[] for _ in range(6)]
        below = False
        for r in rows:
            words = r.words()
            if any(w == "VOLUME" for w, _, _ in words):
                below = True
            for w, x0, x1 in words:
                i = bisect_right(bounds, (x0 + x1) / 2)
                (sub if below and i >= 2 else top)[i].append(w)
        alloc = " ".join(w for cell in top[2:] for w in cell)
        self.emit(f"KODE\t{' '.join(top[1])}\t{alloc}\t\t\t", page)
        self.emit("\t\t" + "\t".join(" ".join(cell) for cell in sub[2:]), page)
        self.emit("\t".join(_MARKERS), page)

    def _body(self, rows: list[_Line], edges: list[Edge], page: int) -> None:
        bounds = self.bounds
        assert bounds is not None
        end = len(rows)
        for i, r in enumerate(rows):
            gap = r.top - rows[i - 1].bottom if i else 0.0
            if gap > 2.5 * r.size or self._signature(r, bounds):
                end = i  # the table stops at a wide gap or at the signature block
                break
        body = rows[:end]
        rules = _row_rules(edges, bounds, body)
        # a sheet of one or two rows (a spilled page's end) is too short to tell how its
        # rows stand apart: it is printed as the page before it was
        ruled = bool(rules) or (self.ruled and _closing_rule(edges, bounds, body))
        judged = _padded(body, bounds)
        padded = not ruled and (self.padded if judged is None else judged)
        tight = not ruled and not padded
        self.ruled, self.padded = ruled, padded
        if tight:
            names = [_name_span(r, bounds) for r in body]
            spans = [n for n in names if n is not None]
            # the name cell is centred on its column number (2) and its text starts a
            # padding from the cell's left side, so it wraps a padding short of the right
            starts = sorted(n[0] for n in spans)
            left = starts[len(starts) // 2] if starts else bounds[0]
            limit = max([2 * self.name_centre - left] + [n[1] for n in spans])
        groups: list[list[_Line]] = []
        prev: _Line | None = None
        coded = False  # the row being gathered has a code in the code column
        last_name: tuple[float, float, float, bool] | None = None  # its last name line
        for n, r in enumerate(body):
            code = r.chars[0].x1 <= bounds[0]
            if prev is None:
                start = True
            elif padded:
                # rows stand apart by their padding; a code centred in a tall row sits on
                # a later line of it, so a code starts a row only where the row has one
                start = r.top - prev.bottom > _PAD * r.size or (code and coded)
            else:
                start = self._starts_row(r, prev, ruled, rules, bounds)
                if tight and not start:
                    # rows as close as wrapped lines: a name cell's next line is the rest of
                    # it only if its first word did not fit on the line before, and is not an
                    # indicator's code (``02 …``, the indicator written in the name column)
                    name = names[n]
                    if name is not None and last_name is not None:
                        start = last_name[1] + name[2] < limit - 0.5 or name[3]
            if start:
                groups.append([r])
                coded = False
                last_name = None
            else:
                groups[-1].append(r)
            coded = coded or code
            if tight and names[n] is not None:
                last_name = names[n]
            prev = r
        self._rows(groups, bounds, page)
        if end < len(rows):
            self.ended = True
            self.in_table = False
            for r in rows[end:]:
                self.emit(r.text(), page)

    @staticmethod
    def _signature(r: _Line, bounds: list[float]) -> bool:
        if r.chars[0].x0 < bounds[1]:
            return False
        return _SIGNED.fullmatch(r.text()) is not None

    @staticmethod
    def _starts_row(
        r: _Line, prev: _Line, ruled: bool, rules: list[float], bounds: list[float]
    ) -> bool:
        if ruled:
            # ruled: a rule between the two lines ends the row above
            i = bisect_right(rules, prev.bottom - 0.5)
            return i < len(rules) and rules[i] < r.top + 0.5
        if r.top - prev.bottom > _PAD * r.size:
            return True  # wider than a wrapped line's gap: row padding
        return r.chars[0].x1 <= bounds[0]

    def _rows(self, groups: list[list[_Line]], bounds: list[float], page: int) -> None:
        for group in groups:
            if len(group) == 1:
                cells = [
                    [runs] if runs else []
                    for runs in _line_cells(group[0].chars, bounds, group[0].size)
                ]
            else:
                cells = [[], [], [], [], [], []]
                for r in group:
                    for i, runs in enumerate(_line_cells(r.chars, bounds, r.size)):
                        if runs:
                            cells[i].append(runs)
            # only the name column marks bold and italic, as the export does: a level row
            # printed bold throughout keeps its code and amounts plain
            texts = [_cell_plain(c) for c in cells]
            texts[1] = _cell_text(cells[1]) if cells[1] else ""
            self.emit("\t".join(texts), page)


def _table_end(rows: list[_Line], middle: float) -> int:
    """Where the table stops, for finding its columns: at a gap wider than a row's padding
    could be, or at the signature block (a place and date right of the name column's middle),
    whose lines would otherwise cover the gaps between the money columns."""
    for i, r in enumerate(rows):
        if i and r.top - rows[i - 1].bottom > 2.5 * r.size:
            return i
        if r.chars[0].x0 > middle and _SIGNED.fullmatch(r.text()):
            return i
    return len(rows)


def _name_span(r: _Line, bounds: list[float]) -> tuple[float, float, float, bool] | None:
    """Where the line's text in the name column starts and ends, how wide its first word is
    with the space before it, and whether that word is an indicator's code (``01``, ``01.02``)
    with more after it; None when the line has nothing there."""
    lo, hi = bounds[0], bounds[1]
    chars = [c for c in r.chars if lo <= (c.x0 + c.x1) * 0.5 < hi]
    if not chars:
        return None
    first = chars[0]
    end = first.x1
    n = 1
    for prev, c in zip(chars, chars[1:], strict=False):
        if c.x0 - prev.x1 > c.size * _GAP:
            break
        end = c.x1
        n += 1
    code = n < len(chars) and _INDICATOR_CODE.fullmatch("".join(c.text for c in chars[:n]))
    return first.x0, chars[-1].x1, end - first.x0 + first.space, bool(code)


_INDICATOR_CODE = re.compile(r"\d{2}(?:\.\d{2})?")
_PAD = 0.45  # a gap between lines wider than this many sizes is row padding, not wrapping


def _padded(body: list[_Line], bounds: list[float]) -> bool | None:
    """Whether the unruled rows of this page stand apart by padding: as many gaps wider than a
    wrapped line's as there are rows with a code after the first. Then the gaps alone tell
    rows apart (a code centred in its row is not the row's first line); in a tight table,
    without such gaps, a line with a code is what starts a row. None when the page has too few
    lines to say."""
    wide = sum(1 for a, b in zip(body, body[1:], strict=False) if b.top - a.bottom > _PAD * b.size)
    codes = sum(1 for r in body[1:] if r.chars[0].x1 <= bounds[0])
    if codes <= 1 and wide <= 1:
        return None
    # a code centred in the page's first row sits on a later line of it: one code more
    return wide > 0 and wide >= codes - 1


_BAND = 0.1  # the top and bottom margins of a sheet, as a share of its height
_DIGITS = re.compile(r"\d+")


def _shape(text: str) -> str:
    """A running line's text with its numbers (date, time, sheet number) as ``#``."""
    return _DIGITS.sub("#", text)


def _signature_line(r: _Line) -> bool:
    """A line of the signature block (which may fall in the bottom margin of its sheet)."""
    text = r.text()
    return text[:3].upper() == "NIP" or _SIGNED.fullmatch(text) is not None


# the page number at the right of a page-header line
_PAGE_BESIDE = re.compile(r" (?:Halaman|Hal\.)\s*:?\s*\d+(?:\s*(?:dari|/|of)\s*\d+)?$", re.I)
# the lines of a page header, as the export writes them
_PAGE_LINE = re.compile(
    r"RENCANA|TAHUN\s+ANGGARAN|BAGIAN|Halaman|Hal\.|(?:KEMEN|K/L|UNIT|SATUAN\s+KERJA|SATKER|"
    r"PRO[PV]INSI|LOKASI)[^:]{0,30}:",
    re.I,
)
_PAGE_HEADER_START = ("RENCANA", "TAHUN", "BAGIAN", "HALAMAN", "HAL.")


def _header_top(rows: list[_Line], kode: int) -> int:
    """The first line of the column header whose ``KODE`` line is ``rows[kode]``. KODE and
    the name header are printed in cells two rows high, often centred in them, so the
    ``ALOKASI ANGGARAN`` title over the money columns (or the name header's first line) can sit
    above the KODE line. Such lines are the column header's, up to the last page-header line
    (a label and its colon, or the title) or a gap wider than the header's own lines."""
    start = kode
    while start > 0:
        above = rows[start - 1]
        text = above.text()
        if ":" in text or text.upper().startswith(_PAGE_HEADER_START):
            break
        if rows[start].top - above.bottom > 3 * above.size:
            break
        start -= 1
    return start


def _row_rules(edges: list[Edge], bounds: list[float], body: list[_Line]) -> list[float]:
    """The y of the horizontal rules across the table (segments at one height joined) that
    fall between the body's lines; none when the body is not ruled (a rule under the column
    header alone does not make a ruled table)."""
    if len(body) < 2:
        return []
    top, bottom = body[0].bottom, body[-1].top
    return sorted(y for y in _across(edges, bounds) if top < y < bottom)


def _across(edges: list[Edge], bounds: list[float]) -> list[float]:
    """The y of the horizontal rules across the whole table, segments at one height joined
    (a table ruled cell by cell draws a row's rule in pieces)."""
    spans: dict[float, list[float]] = {}
    for e in edges:
        if e.orientation == "h":
            span = spans.setdefault(round(e.top, 1), [e.x0, e.x1])
            span[0], span[1] = min(span[0], e.x0), max(span[1], e.x1)
    return [y for y, (x0, x1) in spans.items() if x0 <= bounds[0] and x1 >= bounds[-1]]


def _closing_rule(edges: list[Edge], bounds: list[float], body: list[_Line]) -> bool:
    """A rule across the table just under its last line, as a ruled table closes its last
    row (a page too short for a rule between its lines)."""
    if not body:
        return False
    low, high = body[-1].bottom, body[-1].bottom + 2 * body[-1].size
    return any(low < y < high for y in _across(edges, bounds))


def _markers(r: _Line) -> list[float] | None:
    """The centres of the column numbers (1) … (6), when this is their row."""
    words = r.words()
    found = {w: (x0 + x1) / 2 for w, x0, x1 in words if w in _MARKERS}
    if len(found) != 6 or len(words) != 6:
        return None
    return [found[m] for m in _MARKERS]


def _bounds(
    centres: list[float], header: list[_Line], body: list[_Line], edges: list[Edge]
) -> list[float]:
    """The x boundaries between the six columns: a vertical rule between two column centres
    when there is one, else the middle of the widest strip no phrase covers."""
    verticals = sorted(
        (e.x0 + e.x1) / 2 for e in edges if e.orientation == "v" and e.bottom - e.top > 4
    )
    spans: list[tuple[float, float]] = []
    for r in body:
        spans.extend(_phrases(r))
    below = False
    for r in header:
        # the header's own words, but not the title spanning the money columns (ALOKASI …)
        words = r.words()
        below = below or any(w == "VOLUME" for w, _, _ in words)
        spans.extend((x0, x1) for _, x0, x1 in words if below or x1 < centres[2])
    spans = [s for s in spans if not (s[0] < centres[2] - 1 and s[1] > centres[5])]
    spans.sort()
    out: list[float] = []
    for a, b in zip(centres, centres[1:], strict=False):
        rule = [x for x in verticals if a < x < b]
        if rule:
            out.append(rule[len(rule) // 2])
            continue
        out.append(_widest_gap(a, b, spans))
    return out


def _phrases(r: _Line) -> list[tuple[float, float]]:
    """x spans of runs of glyphs no further apart than a single space (a quarter more, at most
    half a size): two columns printed with little padding between them stay apart."""
    chars = r.chars
    limit = min(r.size * 0.5, 1.25 * max(chars[0].space, chars[-1].space))
    out: list[tuple[float, float]] = []
    start, end = chars[0].x0, chars[0].x1
    for c in chars:
        if c.x0 - end > limit:
            out.append((start, end))
            start, end = c.x0, c.x1
        elif c.x1 > end:
            end = c.x1
    out.append((start, end))
    return out


def _widest_gap(a: float, b: float, spans: list[tuple[float, float]]) -> float:
    """The middle of the widest stretch of (a, b) that no span covers."""
    best, best_at = -1.0, (a + b) / 2
    at = a
    for x0, x1 in spans:
        if x1 <= at:
            continue
        if x0 >= b:
            break
        if x0 > at and x0 - at > best:
            best, best_at = x0 - at, (at + x0) / 2
        at = max(at, x1)
        if at >= b:
            break
    if at < b and b - at > best:
        best_at = (at + b) / 2
    return best_at


def _show(text: str, limit: int = 50) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
