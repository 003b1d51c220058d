# ruff: noqa: E501  (the document's rows are as wide as the export writes them)
"""The printed PDF read from printings ``tracker.synth.pdf`` never makes, by a small printer of
its own here: other fonts (Times, Courier, an embedded TrueType), portrait and landscape, a
column header whose KODE is centred in its two rows, codes and amounts centred in tall rows,
rows ruled by lines, by cell boxes, by rules between rows only or not at all, tight rows
without padding, level rows bold in every cell, a row split across a spilled sheet, a page
spilling where its volume column was still empty, and a footer on every sheet. Whatever the
printing (also with its column header on the first page only, and ``Hal. n/m`` beside the
title), the PDF gives the records of its text. Also PDFs whose streams inflate to
gigabytes: refused before PDFium loads a page."""

from __future__ import annotations

import io
import re
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import reportlab
from conftest import rows, without_lines
from pdf_files import one_page
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tracker.read.document import parse_text, read_bytes
from tracker.read.records import RkaParseError


def page(n: int) -> str:
    return f"""
**RENCANA KERJA ANGGARAN SATKER
RENCANA KINERJA SATUAN KERJA
TAHUN ANGGARAN 2022**

**BAGIAN-A**

KEMENTERIAN NEGARA/LEMBAGA : (024) KEMENTERIAN KESEHATAN
UNIT ORGANISASI : (04) Direktorat Jenderal Pelayanan Kesehatan
SATUAN KERJA : (415523) RSUP DR. MOHAMMAD HOESIN PALEMBANG
PROVINSI : (06) SUMATERA SELATAN
LOKASI : (51) KOTA PALEMBANG

Halaman : {n}

KODE\tPROGRAM/SASARAN PROGRAM/INDIKATOR KINERJA PROGRAM/KEGIATAN/SASARAN KEGIATAN/INDIKATOR KINERJA KEGIATAN/KRO/RO\tALOKASI ANGGARAN T.A 2022\t\t\t
\t\tVOLUME / SATUAN\tANGKA DASAR\tINISIATIF BARU\tJUMLAH
(1)\t(2)\t(3)\t(4)\t(5)\t(6)
"""


# RSUP Palembang, TA 2022: page 1 has no volume at all (programs, kegiatan, lists), page 2
# the KRO and ROs, with long names that wrap in a narrow column, an indicator inline on an RO
# row and one in the text column, and a Rupiah-heavy KRO.
TEXT = (
    page(1)
    + rows("""
024.04.DK|<b>Program Pelayanan Kesehatan dan Jaminan Kesehatan Nasional</b>||412,500,000,000|7,250,000,000|419,750,000,000
|<b>Sasaran Program :</b>
01|Meningkatnya akses dan mutu pelayanan kesehatan rujukan nasional
|<b>Indikator Kinerja Program :</b>
01.01|Persentase rumah sakit rujukan yang terakreditasi paripurna
01.02|Jumlah layanan unggulan rumah sakit vertikal yang dikembangkan
|<b>Output Program :</b>
01|Layanan kesehatan rujukan tingkat lanjut
|<b>Indikator Output Program :</b>
4753|<b>Pelayanan Kesehatan Rujukan Tingkat Lanjut di Rumah Sakit Vertikal</b>||412,500,000,000|7,250,000,000|419,750,000,000
|<b>Sasaran Kegiatan :</b>
01|Meningkatnya mutu pelayanan rumah sakit vertikal
|<b>Indikator Kinerja Kegiatan :</b>
01.01|Persentase pasien rujukan yang dilayani sesuai standar waktu tunggu
01.02|Indeks kepuasan pasien rawat inap dan rawat jalan
""")
    + page(2)
    + rows("""
4753.BDB|<b>Fasilitasi dan Pembinaan Pemerintah Daerah</b>|1,200.00 Layanan|412,500,000,000|7,250,000,000|419,750,000,000
|<i>Indikator KRO :</i>
01|Jumlah layanan rujukan yang difasilitasi
4753.BDB.001|Layanan Kesehatan Rujukan Rumah Sakit Umum Pusat Dr. Mohammad Hoesin Palembang|1,000.00 Layanan|400,000,000,000||400,000,000,000
|<i>Indikator RO :</i>
01|Persentase pasien rujukan yang tertangani dalam waktu kurang dari enam jam
|02 Bed Occupancy Rate rawat inap kelas tiga
4753.BDB.002|Layanan Pengampuan Jejaring Kanker <i>Indikator RO :</i> 01 Jumlah rumah sakit jejaring yang diampu|200.00 Layanan|12,500,000,000|7,250,000,000|19,750,000,000
""")
    + "\nPalembang, 3 Januari 2022\n\nKuasa Pengguna Anggaran\n\n**dr. SITI RAHMAWATI, Sp.PD**\n NIP. 197203152000032001\n"
)

VERA = Path(reportlab.__file__).parent / "fonts"
_FAMILIES = {
    "helv": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "courier": ("Courier", "Courier-Bold", "Courier-Oblique"),
    "vera": ("Vera", "VeraBd", "VeraIt"),  # embedded TrueType subsets
}
_RUN = re.compile(r"<([bi])>(.*?)</\1>")


@dataclass(frozen=True)
class Look:
    """How the printer lays a document out (every field a way SAKTI's own printing varies)."""

    portrait: bool = False
    family: str = "helv"
    size: float = 7.5
    widths: tuple[float, ...] = (70, 330, 80, 95, 80, 95)
    ruling: str = "grid"  # grid | boxes | hlines | none
    middle: bool = False  # code, volume and amounts centred in a tall row
    pad: float = 3.0
    spill_rows: int | None = None  # rows on a sheet before the page spills onto another
    split_after: int | None = None  # rows on a sheet after which a tall row splits over it
    footer: str = ""  # printed at the foot of every sheet ({n}: the sheet's number)
    bold_rows: bool = False  # a level row bold in every cell, not only its name
    centred: bool = False  # KODE centred in its two header rows, under ALOKASI ANGGARAN's line
    header_once: bool = False  # the column header on the first page only
    short_page: bool = False  # "Hal. n/m" at the right of the title, not "Halaman : n"
    signature_low: bool = False  # the signature block at the foot of its sheet, on the footer


class Printer:
    """Draws a text export's pages the way ``Look`` says."""

    def __init__(self, look: Look) -> None:
        if "Vera" not in pdfmetrics.getRegisteredFontNames():
            for name in _FAMILIES["vera"]:
                pdfmetrics.registerFont(TTFont(name, str(VERA / f"{name}.ttf")))
        self.look = look
        self.width, self.height = A4 if look.portrait else landscape(A4)
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=(self.width, self.height), invariant=1)
        self.fonts = dict(zip(("", "b", "i"), _FAMILIES[look.family], strict=True))
        self.xs = [28.0]
        for w in look.widths:
            self.xs.append(self.xs[-1] + w)
        assert self.xs[-1] < self.width - 20
        self.lead = look.size * 1.2
        self.y = 0.0
        self.sheets = 0

    def words(self, cell: str) -> list[tuple[str, str]]:
        out, at = [], 0
        for m in _RUN.finditer(cell):
            out += [("", w) for w in cell[at : m.start()].split()]
            out += [(m.group(1), w) for w in m.group(2).split()]
            at = m.end()
        return out + [("", w) for w in cell[at:].split()]

    def measure(self, text: str, style: str) -> float:
        return stringWidth(text, self.fonts[style], self.look.size)

    def wrap(self, cell: str, width: float) -> list[list[tuple[str, str]]]:
        lines: list[list[tuple[str, str]]] = []
        line: list[tuple[str, str]] = []
        used = 0.0
        for style, word in self.words(cell):
            w = self.measure(word, style)
            space = self.measure(" ", "") if line else 0.0
            if line and used + space + w > width:
                lines.append(line)
                line, used, space = [], 0.0, 0.0
            if line and line[-1][0] == style:
                line[-1] = (style, line[-1][1] + " " + word)
            else:
                line += [("", " "), (style, word)] if line else [(style, word)]
            used += space + w
        return [*lines, line] if line else lines

    def draw(self, x: float, y: float, line: list[tuple[str, str]]) -> None:
        for style, text in line:
            self.c.setFont(self.fonts[style], self.look.size)
            self.c.drawString(x, y, text)
            x += self.measure(text, style)

    def sheet(self) -> None:
        if self.sheets:
            self.foot()
            self.c.showPage()
        self.sheets += 1
        self.y = self.height - 28

    def foot(self) -> None:
        if self.look.footer:
            self.c.setFont(self.fonts[""], 6)
            self.c.drawString(28, 16, self.look.footer.format(n=self.sheets))

    def header(self, lines: list[str], sheets: int) -> None:
        c = self.c
        for text in lines:
            c.setFont(self.fonts["b" if text.isupper() else ""], 8)
            if text.startswith("Halaman") and self.look.short_page:
                # "Hal. n/m" at the right of the title's first line
                number = text.split(":")[1].strip()
                c.drawRightString(self.xs[-1], self.height - 39, f"Hal. {number}/{sheets}")
                continue
            self.y -= 11
            if text.startswith(("RENCANA", "TAHUN", "BAGIAN")):
                c.drawCentredString(self.width / 2, self.y, text)
            elif text.startswith("Halaman"):
                c.drawRightString(self.xs[-1], self.y, text)
            else:
                label, _, value = text.partition(":")
                c.drawString(28, self.y, label.strip())
                c.drawString(190, self.y, ":")
                c.drawString(198, self.y, value.strip())
        self.y -= 8

    def column_header(self) -> None:
        """KODE and the name header in cells two rows high (at their top, or centred),
        ALOKASI ANGGARAN over the money columns, then the column numbers."""
        c, xs, size, pad = self.c, self.xs, self.look.size, 3.0
        name = self.wrap(
            "PROGRAM/SASARAN PROGRAM/INDIKATOR KINERJA PROGRAM/KEGIATAN/SASARAN KEGIATAN/"
            "INDIKATOR KINERJA KEGIATAN/KRO/RO",
            xs[2] - xs[1] - 2 * pad,
        )
        labels = ["VOLUME / SATUAN", "ANGKA DASAR", "INISIATIF BARU", "JUMLAH"]
        wrapped = [self.wrap(t, xs[i + 3] - xs[i + 2] - 2 * pad) for i, t in enumerate(labels)]
        lower = max(len(w) for w in wrapped) * self.lead + 2 * pad
        height = max(self.lead + 2 * pad + lower, len(name) * self.lead + 2 * pad)
        top = self.y
        c.setFont(self.fonts["b"], size)
        at = top - height / 2 - size / 3 if self.look.centred else top - pad - size
        c.drawCentredString((xs[0] + xs[1]) / 2, at, "KODE")
        y = top - (height - len(name) * self.lead) / 2 - size if self.look.centred else at
        c.setFont(self.fonts[""], size)
        for line in name:
            c.drawCentredString((xs[1] + xs[2]) / 2, y, "".join(t for _, t in line))
            y -= self.lead
        c.drawCentredString((xs[2] + xs[6]) / 2, top - pad - size, "ALOKASI ANGGARAN T.A 2022")
        for i, lines in enumerate(wrapped):
            y = top - (height - lower) - pad - size
            for line in lines:
                c.drawCentredString((xs[i + 2] + xs[i + 3]) / 2, y, "".join(t for _, t in line))
                y -= self.lead
        bottom = top - height
        end = bottom - self.lead - 2 * pad
        for i in range(6):
            c.drawCentredString((xs[i] + xs[i + 1]) / 2, bottom - pad - size, f"({i + 1})")
        if self.look.ruling != "none":
            for y in (top, bottom, end):
                c.line(xs[0], y, xs[6], y)
            if self.look.ruling != "hlines":
                c.line(xs[2], top - (height - lower), xs[6], top - (height - lower))
                for x in xs:
                    c.line(x, top, x, end)
        self.y = end

    def cells(self, cells: list[str]) -> list[list[list[tuple[str, str]]]]:
        if self.look.bold_rows and cells[0] and cells[1].startswith("<b>"):
            cells = [f"<b>{t}</b>" if t and i != 1 else t for i, t in enumerate(cells)]
        return [
            self.wrap(t, self.xs[i + 1] - self.xs[i] - 2 * self.look.pad) if t else []
            for i, t in enumerate(cells)
        ]

    def row(self, wrapped: list[list[list[tuple[str, str]]]], first: bool) -> None:
        c, xs, look = self.c, self.xs, self.look
        height = max([len(w) for w in wrapped] + [1]) * self.lead + 2 * look.pad
        top = self.y
        for i, lines in enumerate(wrapped):
            if look.middle and i != 1:
                y = top - (height - len(lines) * self.lead) / 2 - look.size
            else:
                y = top - look.pad - look.size
            for line in lines:
                w = sum(self.measure(t, s) for s, t in line)
                self.draw(xs[i + 1] - look.pad - w if i >= 3 else xs[i] + look.pad, y, line)
                y -= self.lead
        bottom = top - height
        if look.ruling == "grid":
            c.line(xs[0], bottom, xs[6], bottom)
            if first:
                c.line(xs[0], top, xs[6], top)
            for x in xs:
                c.line(x, top, x, bottom)
        elif look.ruling == "boxes":
            for i in range(6):
                c.rect(xs[i], bottom, xs[i + 1] - xs[i], height)
        elif look.ruling == "hlines":
            c.line(xs[0], bottom, xs[6], bottom)
        self.y = bottom

    def print(self, text: str) -> bytes:
        pages: list[tuple[list[str], list[list[str]]]] = []
        trailer: list[str] = []
        for line in text.split("\n"):
            if line.startswith("**RENCANA KERJA"):
                pages.append(([], []))
            if not pages or not line.strip():
                continue
            head, body = pages[-1]
            cells = line.split("\t")
            if len(cells) == 6:
                if cells[0] not in ("KODE", "(1)") and "VOLUME" not in cells[2]:
                    body.append(cells)
            elif body:
                trailer.append(line.strip("* "))
            else:
                head.append(line.strip("* "))
        look = self.look
        for n, (head, body) in enumerate(pages):
            self.sheet()
            self.header(head, len(pages))
            if n == 0 or not look.header_once:
                self.column_header()
            count, first = 0, True
            for cells in body:
                wrapped = self.cells(cells)
                lines = max([len(w) for w in wrapped] + [1])
                room = int((self.y - 40 - 2 * look.pad) // self.lead)
                if look.split_after is not None and count >= look.split_after and lines > 2:
                    self.row([w[:2] for w in wrapped], first)  # the rest on a spilled sheet
                    self.sheet()
                    self.row([w[2:] for w in wrapped], True)
                    count, first = 1, False
                    continue
                if lines > room or count == look.spill_rows:
                    self.sheet()
                    count, first = 0, True
                self.row(wrapped, first)
                count, first = count + 1, False
        self.y -= 24
        if look.signature_low:  # the signature block ends just above the footer
            self.y = min(self.y, 28 + 11 * 4 + 30)
        for i, text in enumerate(trailer):
            self.c.setFont(self.fonts["b" if text.isupper() else ""], 8)
            self.y -= 30 if i == 3 else 11
            self.c.drawString(self.xs[-1] - 200, self.y, text)
        self.foot()
        self.c.save()
        return self.buf.getvalue()


LOOKS = {
    "landscape-grid": Look(),
    "kode-centred-in-its-header": Look(centred=True),
    "portrait-times-whitespace": Look(
        portrait=True, family="times", size=7, widths=(62, 200, 58, 72, 62, 76), ruling="none"
    ),
    "portrait-truetype-boxes-centred": Look(
        portrait=True, family="vera", size=6.5, widths=(70, 170, 60, 80, 60, 80), ruling="boxes",
        middle=True, centred=True,
    ),
    "courier-rules-between-rows": Look(
        family="courier", size=6.5, widths=(75, 300, 90, 100, 90, 100), ruling="hlines"
    ),
    "whitespace-centred-spilling": Look(
        widths=(90, 260, 70, 90, 90, 90), ruling="none", middle=True, spill_rows=5
    ),
    "grid-spilling-often": Look(
        portrait=True, size=7, widths=(66, 150, 66, 76, 66, 80), spill_rows=3
    ),
    "narrow-name-split-over-sheets": Look(
        widths=(70, 150, 80, 95, 80, 95), ruling="none", pad=4, split_after=2, size=8
    ),
    "grid-split-over-sheets": Look(
        portrait=True, widths=(70, 140, 60, 80, 60, 90), split_after=3
    ),
    "tight-whitespace": Look(
        family="times", size=8, widths=(70, 400, 80, 80, 80, 80), ruling="none", pad=1.5
    ),
    "footer-on-every-sheet": Look(
        portrait=True, family="vera", size=7, widths=(66, 180, 66, 76, 66, 80), ruling="boxes",
        footer="Dicetak dari SAKTI pada 03-01-2022 10:15:02   Halaman {n}",
    ),
    "footer-close-under-the-signature": Look(
        portrait=True, widths=(66, 180, 66, 76, 66, 80), ruling="none", footer="{n}",
        signature_low=True,
    ),
    "bold-level-rows": Look(ruling="none", bold_rows=True, middle=True, family="vera"),
    "column-header-on-page-one-only": Look(header_once=True, short_page=True),
}  # fmt: skip


@pytest.mark.parametrize("look", LOOKS.values(), ids=LOOKS.keys())
def test_a_printing_gives_the_records_of_its_text(look: Look) -> None:
    data = Printer(look).print(TEXT)
    text = parse_text(TEXT, "rsup.txt")
    pdf = read_bytes(data, "rsup.pdf")
    assert without_lines(pdf.to_dict()) == without_lines(text.to_dict())
    assert pdf.document.pages == 2 and pdf.findings == []


def test_the_text_itself_reads_whole() -> None:
    """What the printings are compared with: every name and indicator as written."""
    doc = parse_text(TEXT, "rsup.txt")
    (k,) = doc.programs[0].kegiatan
    r1, r2 = k.outputs
    assert r1.name.endswith("Dr. Mohammad Hoesin Palembang")
    assert [i.code for i in r1.indicators] == ["01", "02"]
    assert [i.text for i in r2.indicators] == ["Jumlah rumah sakit jejaring yang diampu"]
    assert (k.kro[0].volume, k.kro[0].jumlah) == (1200.0, 419_750_000_000)


def test_a_row_split_over_sheets_really_splits() -> None:
    """The split printings do put a name's lines on two sheets (else they test nothing)."""
    look = LOOKS["narrow-name-split-over-sheets"]
    from tracker.read.sources import pdf as source

    lines = source.lines(Printer(look).print(TEXT), "rsup.pdf")
    sheets = {line.page for line in lines}
    assert len(sheets) > 2  # two pages, and sheets they spilled onto
    starts = [
        line for i, line in enumerate(lines[1:], 1) if line.page != lines[i - 1].page
    ]  # first rows of each sheet
    assert any(line.text.startswith("\t") and "\t\t\t\t" in line.text for line in starts)


def _pdf(content: bytes) -> bytes:
    """A one-page PDF whose page content is ``content``, deflated."""
    return one_page(zlib.compress(content, 9), b"/FlateDecode")


@pytest.mark.parametrize(
    "operator",
    [
        b"BT /F1 8 Tf 10 10 Td (RENCANA KERJA ANGGARAN SATKER) Tj ET\n",  # text drawn over itself
        b"0 0 m 100 100 l S\n",  # a path drawn millions of times
    ],
)
def test_a_page_that_inflates_to_gigabytes_is_refused_before_it_is_loaded(
    operator: bytes,
) -> None:
    data = _pdf(operator * (10_000_000 // len(operator)))
    assert len(data) < 100_000
    started = time.perf_counter()
    with pytest.raises(RkaParseError) as e:
        read_bytes(data, "bomb.pdf")
    assert time.perf_counter() - started < 5
    message = str(e.value)
    assert message.startswith("bomb.pdf:1: found a stream at byte ") and "inflates past" in message


def test_an_ordinary_page_passes_the_stream_bounds() -> None:
    """The bounds leave room: a real page's content is far under them."""
    data = _pdf(b"BT /F1 8 Tf 10 580 Td (SURAT KEPUTUSAN) Tj ET\n")
    with pytest.raises(RkaParseError, match="'SURAT KEPUTUSAN' at the top of page 1"):
        read_bytes(data, "letter.pdf")
