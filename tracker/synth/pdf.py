"""Renders a document's text-export lines as the PDF SAKTI prints, for tests and benchmarks.

Why: the PDF reader must give the same records as the text reader, and the only way to know
is to print a document whose text we have and read it back. So the input is the text export
(the seed, or what ``tracker.synth`` writes) and the output is an A4-landscape PDF laid out
as the printed RKA is: the page header block on every page, the column headers, bold level
names, names wrapping inside a narrow column, amounts right-aligned, ruled or aligned only by
whitespace, and pages too long for one sheet spilling onto sheets that repeat no header.

The text's own pages (``Halaman : n``) are kept: each starts a new sheet, so page breaks fall
wherever the text put them (mid list included).
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

_FONTS = {"": "Helvetica", "b": "Helvetica-Bold", "i": "Helvetica-Oblique"}
_RUN = re.compile(r"<([bi])>(.*?)</\1>", re.S)
_SPACES = re.compile(r"( +)")


@dataclass(frozen=True)
class Style:
    """How the sheet looks. ``text_width`` narrower than the names makes them wrap;
    ``spill_after`` forces a text page onto an extra, headerless sheet after that many rows
    (pages that do not fit a sheet spill anyway)."""

    ruled: bool = True
    text_width: float = 330.0
    spill_after: int | None = None
    size: float = 7.5
    encrypt: str | None = None  # a user password: the PDF opens only with it
    halaman_beside: bool = False  # "Halaman : n" at the right of the last header line
    header_rules: bool = False  # unruled body, but rules above and below the column header
    signature_sheet: bool = False  # the signature block alone on a last, headerless sheet
    cell_boxes: bool = False  # ruled by a rectangle per cell rather than by lines


@dataclass
class _Page:
    header: list[str] = field(default_factory=list)
    columns: list[list[str]] = field(default_factory=list)  # the three column-header rows
    rows: list[list[str]] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)


def _pages(text: str) -> list[_Page]:
    """Split the export into its printed pages: header lines, column headers, rows, and what
    follows the table (the signature block)."""
    pages: list[_Page] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if "\t" in raw:
            cells = raw.split("\t")
            cells += [""] * (6 - len(cells))
            page = pages[-1]
            first = cells[0].strip()
            is_column_header = (
                first == "KODE"
                or (first.startswith("(") and first.endswith(")"))
                or (not first and not cells[1].strip() and cells[2].strip().startswith("VOLUME"))
            )
            if is_column_header and not page.rows:
                page.columns.append(cells)
            else:
                page.rows.append(cells)
            continue
        s = raw.strip().strip("*").strip()
        if not s:
            continue
        if s.startswith("RENCANA KERJA ANGGARAN") or not pages:
            pages.append(_Page())
        page = pages[-1]
        (page.trailer if page.rows or page.columns else page.header).append(s)
    return pages


def _runs(cell: str) -> list[tuple[str, str]]:
    """A cell's text as (style, text) runs: ``<b>…</b>`` bold, ``<i>…</i>`` italic."""
    out: list[tuple[str, str]] = []
    at = 0
    for m in _RUN.finditer(cell):
        if m.start() > at:
            out.append(("", cell[at : m.start()]))
        out.append((m.group(1), m.group(2)))
        at = m.end()
    if at < len(cell):
        out.append(("", cell[at:]))
    return [(s, t) for s, t in out if t]


def _wrap(cell: str, width: float, size: float) -> list[list[tuple[str, str]]]:
    """Break a cell's runs into physical lines no wider than ``width``, at single spaces only
    (so that joining the lines with one space gives the cell back, double spaces and all:
    words around a double space stay on one line)."""
    chunks: list[list[tuple[str, str]]] = [[]]  # unbreakable pieces, single spaces between
    for style, text in _runs(cell.strip()):
        for t in _SPACES.split(text):
            if t == " ":
                chunks.append([])
            elif t:
                chunks[-1].append((style, t))
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    space = stringWidth(" ", _FONTS[""], size)
    for chunk in chunks:
        if not chunk:
            continue
        w = sum(stringWidth(t, _FONTS[s], size) for s, t in chunk)
        if lines[-1] and used + space + w > width:
            lines.append([])
            used = 0.0
        if lines[-1]:
            lines[-1].append((chunk[0][0], " "))
            used += space
        lines[-1].extend(chunk)
        used += w
    return lines if lines[0] else []


class _Sheet:
    """Draws one document on a reportlab canvas, sheet by sheet."""

    MARGIN = 28.0
    PAD = 4.0  # cell padding, left/right
    VPAD = 3.0  # cell padding, top/bottom

    def __init__(self, canvas: Canvas, style: Style) -> None:
        self.c = canvas
        self.style = style
        self.size = style.size
        self.leading = style.size * 1.2
        self.width, self.height = landscape(A4)
        self.widths = [62.0, style.text_width, 80.0, 95.0, 95.0, 95.0]
        xs = [self.MARGIN]
        for w in self.widths:
            xs.append(xs[-1] + w)
        self.xs = xs
        self.y = 0.0
        self.started = False

    def new_sheet(self) -> None:
        if self.started:
            self.c.showPage()
        self.started = True
        self.y = self.height - self.MARGIN

    def text(self, x: float, y: float, runs: list[tuple[str, str]], size: float) -> None:
        merged: list[tuple[str, str]] = []  # one string per style run, as printers write
        for style, t in runs:
            if merged and merged[-1][0] == style:
                merged[-1] = (style, merged[-1][1] + t)
            else:
                merged.append((style, t))
        for style, t in merged:
            font = _FONTS[style]
            self.c.setFont(font, size)
            self.c.drawString(x, y, t)
            x += stringWidth(t, font, size)

    def header(self, lines: list[str]) -> None:
        c = self.c
        for s in lines:
            if s.startswith(("RENCANA", "TAHUN", "BAGIAN")):
                c.setFont("Helvetica-Bold", 10)
                self.y -= 13
                c.drawCentredString(self.width / 2, self.y, s)
            elif s.startswith("Halaman"):
                c.setFont("Helvetica", 8)
                if not self.style.halaman_beside:
                    self.y -= 11
                c.drawRightString(self.xs[-1], self.y, s)
            else:
                label, _, value = s.partition(":")
                c.setFont("Helvetica", 8)
                self.y -= 11
                c.drawString(self.MARGIN, self.y, label.strip())
                c.drawString(self.MARGIN + 70, self.y, ":")
                c.drawString(self.MARGIN + 78, self.y, value.strip())
        self.y -= 8

    def column_header(self, rows: list[list[str]]) -> None:
        """KODE and the name header span two rows, ALOKASI ANGGARAN spans the money columns;
        then the column numbers (1)…(6)."""
        c, xs, size = self.c, self.xs, self.size
        first = next((r for r in rows if r[0].strip() == "KODE"), None)
        second = next((r for r in rows if r[2].strip().startswith("VOLUME")), None)
        numbers = next((r for r in rows if r[0].strip().startswith("(")), None)
        top = self.y
        name_lines = _wrap(first[1], self.widths[1] - 2 * self.PAD, size) if first else []
        labels = [_wrap(second[i], self.widths[i] - 2 * self.PAD, size) for i in range(2, 6)]
        height_b = max([len(x) for x in labels] + [1]) * self.leading + 2 * self.VPAD
        height_a = self.leading + 2 * self.VPAD
        height = max(height_a + height_b, len(name_lines) * self.leading + 2 * self.VPAD)
        height_a = height - height_b
        c.setFont("Helvetica-Bold", size)
        if first:
            c.drawCentredString((xs[0] + xs[1]) / 2, top - self.VPAD - size, first[0].strip())
            y = top - self.VPAD - size
            for line in name_lines:
                w = sum(stringWidth(t, _FONTS[s], size) for s, t in line)
                self.text((xs[1] + xs[2] - w) / 2, y, [("", t) for _, t in line], size)
                y -= self.leading
            c.setFont("Helvetica", size)
            c.drawCentredString((xs[2] + xs[6]) / 2, top - self.VPAD - size, first[2].strip())
        for i, lines in enumerate(labels, 2):
            y = top - height_a - self.VPAD - size
            for line in lines:
                t = "".join(t for _, t in line)
                c.setFont("Helvetica", size)
                c.drawCentredString((xs[i] + xs[i + 1]) / 2, y, t)
                y -= self.leading
        bottom = top - height
        if numbers:
            c.setFont("Helvetica", size)
            for i in range(6):
                c.drawCentredString((xs[i] + xs[i + 1]) / 2, bottom - self.VPAD - size, numbers[i])
        if self.style.ruled:
            c.setLineWidth(0.5)
            c.line(xs[0], top, xs[6], top)
            c.line(xs[2], top - height_a, xs[6], top - height_a)
            c.line(xs[0], bottom, xs[6], bottom)
            for i, x in enumerate(xs):
                c.line(x, top if i in (0, 1, 2, 6) else top - height_a, x, bottom)
            if numbers:
                end = bottom - self.leading - 2 * self.VPAD
                c.line(xs[0], end, xs[6], end)
                for x in xs:
                    c.line(x, bottom, x, end)
        self.y = bottom - (self.leading + 2 * self.VPAD if numbers else 0)
        if self.style.header_rules and not self.style.ruled:
            c.setLineWidth(0.8)
            c.line(xs[0], top, xs[6], top)
            c.line(xs[0], self.y, xs[6], self.y)

    def row_height(self, cells: list[str]) -> tuple[float, list[list[list[tuple[str, str]]]]]:
        wrapped = [_wrap(cells[i], self.widths[i] - 2 * self.PAD, self.size) for i in range(6)]
        n = max([len(w) for w in wrapped] + [1])
        return n * self.leading + 2 * self.VPAD, wrapped

    def row(self, cells: list[str]) -> None:
        height, wrapped = self.row_height(cells)
        c, xs, size = self.c, self.xs, self.size
        top = self.y
        for i, lines in enumerate(wrapped):
            y = top - self.VPAD - size
            for line in lines:
                if i >= 3:  # amounts, right-aligned
                    w = sum(stringWidth(t, _FONTS[s], size) for s, t in line)
                    self.text(xs[i + 1] - self.PAD - w, y, line, size)
                else:
                    self.text(xs[i] + self.PAD, y, line, size)
                y -= self.leading
        if self.style.ruled and self.style.cell_boxes:
            c.setLineWidth(0.5)
            for i in range(6):  # each cell its own rectangle, as report engines draw them
                c.rect(xs[i], top - height, xs[i + 1] - xs[i], height, stroke=1, fill=0)
        elif self.style.ruled:
            c.setLineWidth(0.5)
            c.line(xs[0], top - height, xs[6], top - height)
            for x in xs:
                c.line(x, top, x, top - height)
        self.y = top - height

    def body_top(self) -> None:
        if self.style.ruled:
            self.c.setLineWidth(0.5)
            self.c.line(self.xs[0], self.y, self.xs[6], self.y)

    def trailer(self, lines: list[str]) -> None:
        c = self.c
        if self.style.signature_sheet:
            self.new_sheet()
        self.y -= 24
        x = self.xs[-1] - 160
        for i, s in enumerate(lines):
            bold = i > 0 and not s.upper().startswith("NIP")
            c.setFont("Helvetica-Bold" if bold else "Helvetica", 8)
            self.y -= 40 if i == 1 else 11
            if self.y < self.MARGIN:
                self.new_sheet()
                self.y -= 11
            c.drawString(x, self.y, s)


def render(text: str, style: Style | None = None) -> bytes:
    """The PDF of one text export (``str``, as read or as generated)."""
    style = style or Style()
    buf = io.BytesIO()
    canvas = Canvas(
        buf,
        pagesize=landscape(A4),
        encrypt=style.encrypt,
        invariant=1,
        pageCompression=1,
    )
    canvas.setTitle("RKA Satker")
    sheet = _Sheet(canvas, style)
    for page in _pages(text):
        sheet.new_sheet()
        sheet.header(page.header)
        if page.columns:
            sheet.column_header(page.columns)
        sheet.body_top()
        count = 0
        for cells in page.rows:
            height, _ = sheet.row_height(cells)
            full = sheet.y - height < sheet.MARGIN
            if full or (style.spill_after is not None and count == style.spill_after):
                sheet.new_sheet()  # spilled: no page header, no column header
                sheet.body_top()
                count = 0
            sheet.row(cells)
            count += 1
        if page.trailer:
            sheet.trailer(page.trailer)
    canvas.save()
    return buf.getvalue()


def scan(pages: int = 1) -> bytes:
    """A PDF as a scanner makes it: every page one image and no text layer."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=landscape(A4), invariant=1)
    picture = Image.new("L", (200, 140), 235)
    for x in range(20, 180, 4):
        for y in range(20, 30):
            picture.putpixel((x, y), 30)
    reader = ImageReader(picture)
    width, height = landscape(A4)
    for _ in range(pages):
        canvas.drawImage(reader, 20, 20, width - 40, height - 40)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def plain(lines: list[str], pages: int = 1) -> bytes:
    """A PDF with text that is not an RKA (a letter, an invoice): ``lines`` on each page."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=landscape(A4), invariant=1)
    for _ in range(pages):
        y = landscape(A4)[1] - 40
        canvas.setFont("Helvetica", 10)
        for s in lines:
            canvas.drawString(40, y, s)
            y -= 14
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


STYLES = (
    Style(),
    Style(ruled=False),
    Style(text_width=170.0),
    Style(ruled=False, text_width=170.0),
    Style(text_width=150.0, spill_after=12),
    Style(ruled=False, halaman_beside=True),
    Style(ruled=False, header_rules=True, text_width=200.0),
    Style(cell_boxes=True, text_width=190.0),
)  # ruled or whitespace-aligned, wide or wrapping names, a spilling variant


def write(texts: list[tuple[str, str]], out_dir: Path, seed: int = 0) -> list[Path]:
    """Print each (file name, text) as ``name.pdf`` into ``out_dir``, the style varied by
    document (same seed, same PDFs)."""
    pick = random.Random(f"pdf:{seed}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts:
        path = out_dir / (Path(name).stem + ".pdf")
        path.write_bytes(render(text, pick.choice(STYLES)))
        paths.append(path)
    return paths
