"""The printed table: glyphs with positions → the rows of the text export.

The export is what the Bagian A interpreters read, so a page is written back as it: page
header lines, the three column-header lines, then one line per table row, cells joined by
tabs, bold and italic runs as ``<b>…</b>`` / ``<i>…</i>``, a name wrapped over several lines
of its cell joined into one. Ruled and whitespace-aligned printings both read:

* columns: the column-number row ``(1) … (6)`` gives one point inside each column; between
  two of them the boundary is a vertical rule if there is one, else the widest strip of x no
  phrase on the page covers. A page without column headers (a long page spilled onto an
  extra sheet) keeps the previous page's columns;
* rows: between two horizontal rules when the body is ruled; otherwise a new row starts at a
  line gap wider than a wrapped line's, or at a line with a code in the code column;
* the table ends at the signature block (``Serang, 31 Januari 2020``) or a wide gap.
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
    """One glyph: its text, its box (top-down page coordinates), size and style."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "style")

    def __init__(
        self, text: str, x0: float, x1: float, top: float, bottom: float, size: float, style: str
    ) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.size, self.style = size, style


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
# their gaps run short); a gap as wide as two spaces is two (the export keeps double spaces).
_GAP = 0.1
_SPACE = 0.278  # the width of a space in Helvetica/Arial, in sizes


def _spaces(prev: Char, c: Char) -> str:
    gap = c.x0 - prev.x1
    if gap <= c.size * _GAP:
        return ""
    return " " * max(1, round(gap / (c.size * _SPACE) + 0.3))


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
    gap, space = size * _GAP, size * _SPACE
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
                    cells[col].append(("", " " * max(1, round(d / space + 0.3))))
                else:
                    text.append(" " * max(1, round(d / space + 0.3)))
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
        self.in_table = False
        self.ended = False  # the signature block has begun: no more table rows

    def emit(self, text: str, page: int) -> None:
        self.out.append(Line(text, len(self.out) + 1, page))

    def header_line(self, text: str, page: int) -> None:
        """A page-header line; ``Halaman : n`` printed at the right of another line is a line
        of its own in the export."""
        at = text.find(" Halaman")
        if at > 0:
            self.emit(text[:at].rstrip(), page)
            text = text[at + 1 :]
        self.emit(text, page)

    def fail(self, page: int, message: str) -> RkaParseError:
        return RkaParseError(self.source, len(self.out) + 1, message, page)

    def page(self, number: int, chars: list[Char], edges: list[Edge]) -> None:
        rows = _physical_lines(chars)
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
            for r in rows[:kode]:
                self.header_line(r.text(), number)
            centres = _markers(rows[marks])
            assert centres is not None
            self.bounds = _bounds(centres, rows[kode:marks], rows[marks + 1 :], edges)
            self._column_header(rows[kode:marks], number)
            self.in_table = True
            self.ended = False
            body_from = marks + 1
        elif not self.in_table or self.bounds is None:
            for r in rows:
                self.header_line(r.text(), number)
            return
        elif rows[0].text().startswith("RENCANA KERJA ANGGARAN"):
            # a page header with no table under it (the signature alone on its page)
            for r in rows:
                self.header_line(r.text(), number)
            return
        self._body(rows[body_from:], edges, number)

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
        groups: list[list[_Line]] = []
        prev: _Line | None = None
        for r in body:
            if prev is None or self._starts_row(r, prev, rules, bounds):
                groups.append([r])
            else:
                groups[-1].append(r)
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
    def _starts_row(r: _Line, prev: _Line, rules: list[float], bounds: list[float]) -> bool:
        if rules:
            # ruled: a rule between the two lines ends the row above
            i = bisect_right(rules, prev.bottom - 0.5)
            return i < len(rules) and rules[i] < r.top + 0.5
        if r.top - prev.bottom > 0.45 * r.size:
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
            self.emit("\t".join(_cell_text(c) if c else "" for c in cells), page)


def _row_rules(edges: list[Edge], bounds: list[float], body: list[_Line]) -> list[float]:
    """The y of the horizontal rules across the table (segments at one height joined) that
    fall between the body's lines; none when the body is not ruled (a rule under the column
    header alone does not make a ruled table)."""
    if len(body) < 2:
        return []
    spans: dict[float, list[float]] = {}
    for e in edges:
        if e.orientation == "h":
            span = spans.setdefault(round(e.top, 1), [e.x0, e.x1])
            span[0], span[1] = min(span[0], e.x0), max(span[1], e.x1)
    top, bottom = body[0].bottom, body[-1].top
    return sorted(
        y
        for y, (x0, x1) in spans.items()
        if x0 <= bounds[0] and x1 >= bounds[-1] and top < y < bottom
    )


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
    """x spans of runs of glyphs no more than half a size apart (a single space joins)."""
    out: list[tuple[float, float]] = []
    start = end = None
    limit = r.size * 0.5
    for c in r.chars:
        if start is None:
            start, end = c.x0, c.x1
        elif c.x0 - end > limit:  # type: ignore[operator]
            out.append((start, end))  # type: ignore[arg-type]
            start, end = c.x0, c.x1
        else:
            end = max(end, c.x1)  # type: ignore[type-var]
    if start is not None:
        out.append((start, end))  # type: ignore[arg-type]
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
