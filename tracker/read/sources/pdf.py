"""The RKA Satker PDF as SAKTI prints it: the file → its pages' glyphs and ruling lines.

Why rebuild the export's rows rather than read the PDF into records directly: the Bagian A
interpreters (``tracker.read.layouts``) already know every trap of the format, and a document
must give the same records whichever file it came in. This module opens the file and takes
from each page, through PDFium (pypdfium2: some twenty times faster than pdfminer here), the
glyphs with their boxes, fonts and sizes, and the ruling lines; ``printed`` turns them into
the text export's rows.

Refusals are one line: ``FILE:1: …`` for what is wrong with the whole file (a password, a
damaged or truncated file, more than ``MAX_PAGES`` pages or ``MAX_BYTES`` bytes, streams that
inflate past ``MAX_STREAM``, all checked before any page is read) and ``FILE: page P, line L:
…`` for a page (no text layer: a scan, not read, no OCR; a first page that is not an RKA,
after which nothing more is read).
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from tracker.read import limits, pdf_forms, pdf_plain
from tracker.read.records import RkaParseError
from tracker.read.sources.lines import Line
from tracker.read.sources.printed import SPACE, Char, Edge, Reader

MAX_PAGES = 300  # a Bagian A of the largest satker is some tens of pages
MAX_BYTES = 64 * 1024 * 1024
MAX_CHARS = 40_000  # characters on one page: a dense landscape A4 page holds ~8,000
MAX_OBJECTS = 50_000  # drawing objects looked at on one page, for its rules
# what the file's streams may inflate to (``limits.check_pdf_streams``): a dense page's content
# is a few hundred kilobytes, an embedded font subset less, a logo image a few megabytes
MAX_STREAM = 8 * 1024 * 1024
MAX_IMAGE = 64 * 1024 * 1024
MAX_INFLATED = 256 * 1024 * 1024
# what drawing the file's form XObjects may make PDFium parse (``pdf_forms.check``): a page's
# own content is under MAX_STREAM, a printed RKA draws a small form or two per page
MAX_FORM_WORK = 32 * 1024 * 1024

_LOCK = threading.Lock()  # PDFium is not thread-safe, and Streamlit serves from threads


def lines(data: bytes, source: str) -> list[Line]:
    """The rows of the text export this PDF was printed from, each with its sheet number."""
    if len(data) > MAX_BYTES:
        raise RkaParseError(
            source,
            1,
            f"found a PDF of {len(data) / 1e6:.0f} MB, expected at most "
            f"{MAX_BYTES / 1e6:.0f} MB for an RKA Satker",
        )
    if b"%%EOF" not in data[-2048:]:
        raise RkaParseError(
            source,
            1,
            "found a PDF without its %%EOF end marker (truncated?), expected a complete PDF",
        )
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data)  # the cross-references only: no page is parsed yet
        except pdfium.PdfiumError as e:
            if getattr(e, "err_code", None) == raw.FPDF_ERR_PASSWORD:
                raise RkaParseError(
                    source,
                    1,
                    "found an encrypted PDF that needs a password, expected an unprotected "
                    "PDF (print or save it again without a password)",
                ) from None
            raise RkaParseError(
                source, 1, f"found a damaged PDF ({_why(e)}), expected a readable PDF"
            ) from None
        try:
            _check_bounds(data, pdf, source)
            return _read(pdf, source)
        finally:
            pdf.close()


def _check_bounds(data: bytes, pdf: pdfium.PdfDocument, source: str) -> None:
    """What PDFium will inflate and parse when a page is opened, checked before any is: read
    from the decrypted file when it is encrypted (PDFium itself says whether it is, however
    the trailer spells it)."""
    if raw.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
        data = pdf_plain.decrypted(data, source)
    streams = limits.check_pdf_streams(data, source, MAX_STREAM, MAX_IMAGE, MAX_INFLATED)
    pdf_forms.check(data, streams, source, MAX_FORM_WORK, MAX_STREAM)


def _read(pdf: pdfium.PdfDocument, source: str) -> list[Line]:
    count = len(pdf)
    if count > MAX_PAGES:
        raise RkaParseError(
            source,
            1,
            f"found a PDF of {count} pages, expected at most {MAX_PAGES} for the "
            "Bagian A of one satker (split it, or is this more than one document?)",
        )
    if count == 0:
        raise RkaParseError(source, 1, "found a PDF with no pages, expected an RKA Satker")
    reader = Reader(source)
    for number in range(1, count + 1):
        page = pdf[number - 1]
        try:
            chars, edges, images = page_chars(page)
            if not chars and images:
                raise reader.fail(
                    number,
                    f"found {images} image(s) and no text on page {number} (a scan?), expected "
                    "a PDF with its text layer as SAKTI prints it; scanned pages are not read "
                    "(no OCR)",
                )
            if not chars:  # not a scan: a page left blank, or one whose content is damaged
                raise reader.fail(
                    number,
                    f"found nothing on page {number} (no text and no image: a blank or damaged "
                    "page), expected every page of the RKA Satker as SAKTI prints it",
                )
            if len(chars) > MAX_CHARS:
                raise reader.fail(
                    number,
                    f"found {len(chars)} characters on page {number}, expected at most "
                    f"{MAX_CHARS} on a page of an RKA Satker",
                )
            reader.page(number, chars, edges, page.get_height())
        finally:
            page.close()
    return reader.out


def _fast(fn: object, restype: object, *argtypes: object) -> Any:
    """The same PDFium function through a plain prototype (void pointers, no pypdfium2 type
    conversion): a third cheaper per call, and it is called once or twice per glyph."""
    address = ctypes.cast(fn, ctypes.c_void_p).value  # type: ignore[arg-type]
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)  # type: ignore[arg-type]


_VOID, _INT = ctypes.c_void_p, ctypes.c_int
TEXT_OBJECT = _fast(raw.FPDFText_GetTextObject, _VOID, _VOID, _INT)
LOOSE_BOX = _fast(raw.FPDFText_GetLooseCharBox, _INT, _VOID, _INT, _VOID)
FONT_SIZE = _fast(raw.FPDFText_GetFontSize, ctypes.c_double, _VOID, _INT)
OBJECT_FONT = _fast(raw.FPDFTextObj_GetFont, _VOID, _VOID)


def page_chars(page: pdfium.PdfPage) -> tuple[list[Char], list[Edge], int]:
    """The page's glyphs (no spaces or line ends: PDFium keeps some spaces and makes up
    others, so ``_spaces`` reads them from the gaps), its ruling lines and its image count."""
    objects = _Objects(page)
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        if n <= 0:
            return [], objects.edges, objects.images
        text = textpage.get_text_range(0, n)
        if len(text) != n:  # characters beyond 16 bits: read them one by one
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
        tpv = ctypes.cast(tp, ctypes.c_void_p).value
        height = page.get_height()
        rect = raw.FS_RECTF()
        box = ctypes.addressof(rect)
        styles: dict[int, tuple[str, float]] = {}  # by font handle: style, space width
        name = ctypes.create_string_buffer(128)
        skip = _SKIP
        loose, text_object, font_size, object_font = LOOSE_BOX, TEXT_OBJECT, FONT_SIZE, OBJECT_FONT
        out: list[Char] = []
        append = out.append
        last = None
        font: tuple[float, str, float] = (0.0, "", 0.0)
        # A glyph's text object (for its font) is asked only where a new object can begin:
        # after a space or line end, or where the glyphs stop touching. PDFium puts a made-up
        # space or line end between objects that stand apart.
        check = True
        right = top = 0.0
        for i, t in enumerate(text):
            if t in skip:
                check = True
                continue
            loose(tpv, i, box)
            if check or rect.top != top or not (right - 2.0 < rect.left < right + 0.5):
                check = False
                top = rect.top
                obj = text_object(tpv, i)
                if obj != last:  # a new text object: its font and size
                    last = obj
                    handle = object_font(obj) if obj else 0
                    style = styles.get(handle)
                    if style is None:
                        style = styles[handle] = _font(handle, name)
                    size = font_size(tpv, i)
                    font = (size, style[0], style[1] * size)  # a space's width, in points
            right = rect.right
            append(Char(t, rect.left, right, height - rect.top, height - rect.bottom, *font))
        return out, objects.edges, objects.images
    finally:
        textpage.close()


def _font(handle: int, name: ctypes.Array[ctypes.c_char]) -> tuple[str, float]:
    """The font's style (``b``, ``i`` or plain) and the width of its space in sizes (Helvetica's
    when the font does not say), which spaces are counted in."""
    if not handle:
        return "", SPACE
    font = ctypes.cast(handle, raw.FPDF_FONT)
    length = raw.FPDFFont_GetBaseFontName(font, name, len(name))
    width = ctypes.c_float()
    space = SPACE
    if raw.FPDFFont_GetGlyphWidth(font, 32, 1.0, ctypes.byref(width)):
        space = width.value if 0.15 < width.value < 1.0 else SPACE
    return _style(name.raw[: max(length - 1, 0)].decode("latin-1")), space


_SKIP = frozenset(" \t\r\n\x0b\x0c\xa0\u2002\u2003\u2009\u3000\x00\ufffe\ufeff")


class _Objects:
    """One walk over the page's objects (into form XObjects, at most ``MAX_OBJECTS``) for
    its ruling lines and images."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        self.height = page.get_height()
        self.edges: list[Edge] = []
        self.images = 0
        self.seen = 0
        self.box = [ctypes.c_float() for _ in range(4)]
        self.refs = [ctypes.byref(v) for v in self.box]
        pg = page.raw
        self.walk(raw.FPDFPage_CountObjects(pg), lambda i: raw.FPDFPage_GetObject(pg, i), 0)

    def walk(self, n: int, get: Any, depth: int) -> None:
        for i in range(n):
            self.seen += 1
            if self.seen > MAX_OBJECTS:
                return
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                self.path(obj)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                self.images += 1
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
                inner = raw.FPDFFormObj_CountObjects(obj)
                self.walk(inner, lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), depth + 1)

    def path(self, obj: object) -> None:
        """Thin paths are lines; small closed paths (cell rectangles) give their sides."""
        if not raw.FPDFPageObj_GetBounds(obj, *self.refs):
            return
        left, bottom, right, top = (v.value for v in self.box)
        x0, x1 = left, right
        y0, y1 = self.height - top, self.height - bottom
        edges = self.edges
        if y1 - y0 < 2 and x1 - x0 > 4:
            edges.append(Edge("h", x0, x1, (y0 + y1) / 2, (y0 + y1) / 2))
        elif x1 - x0 < 2 and y1 - y0 > 4:
            edges.append(Edge("v", (x0 + x1) / 2, (x0 + x1) / 2, y0, y1))
        elif raw.FPDFPath_CountSegments(obj) <= 5:
            edges.append(Edge("h", x0, x1, y0, y0))
            edges.append(Edge("h", x0, x1, y1, y1))
            edges.append(Edge("v", x0, x0, y0, y1))
            edges.append(Edge("v", x1, x1, y0, y1))


def _why(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    return text if len(text) <= 60 else text[:59] + "…"


def _style(font: str) -> str:
    if "Bold" in font or "bold" in font or "Black" in font:
        return "b"
    if "Italic" in font or "Oblique" in font or "italic" in font:
        return "i"
    return ""
