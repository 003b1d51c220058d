"""PDFs that cost PDFium nothing to inflate but everything to draw: form XObjects drawing
forms drawing forms (a 4 KB file made PDFium parse ten million text objects, 99 s and 18 GB,
when its page was opened), or one page drawing a form ten thousand times (16 s, 4.5 GB).
Refused before any page is opened; pages drawn through a form or two, as report printers do,
read as before, and so does an RKA protected by an owner password (decrypted to be checked),
while a bomb inside such a file no longer hides behind its encryption. Pure: no database."""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Callable

import pikepdf
import pytest
from conftest import FIGURES, SEED, without_lines
from pdf_files import HELVETICA, PAGE, pdf_file, refusal, stream

from tracker.read import limits, pdf_forms
from tracker.read.document import read_bytes
from tracker.read.records import RkaParseError
from tracker.read.sources import pdf as pdf_source
from tracker.synth.pdf import Style, render

TITLE = b"BT /F1 8 Tf 10 580 Td (RENCANA KERJA ANGGARAN SATKER) Tj ET\n"
LETTER = b"BT /F1 8 Tf 10 580 Td (SURAT KEPUTUSAN) Tj ET\n"
FONT = b"/Font << /F1 4 0 R >>"


def _stream(content: bytes, extra: bytes = b"", deflate: bool = False) -> bytes:
    if deflate:
        content, extra = zlib.compress(content, 9), extra + b" /Filter /FlateDecode"
    return stream(content, extra)


def _forms(
    depth: int,
    fan: int,
    leaf: bytes,
    page: bytes = TITLE + b"/X Do\n",
    deflate: bool = False,
    resources: str = "inline",
    subtype: bytes = b"/Form",
) -> bytes:
    """A page drawing form 10 (as /X), which draws form 11 ``fan`` times, … ``depth`` forms
    deep, the last drawing ``leaf``. ``resources``: inline in each form, or reached through
    an indirect resource dictionary and an indirect XObject dictionary."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: PAGE + b"/Resources << " + FONT + b" /XObject << /X 10 0 R >> >> >>",
        4: HELVETICA,
        5: _stream(page, deflate=deflate),
    }
    for level in range(depth):
        number = 10 + level
        last = level == depth - 1
        copies = (b"q 1 0 0 1 0 %d cm /X Do Q\n" % (-20 * i) for i in range(fan))
        content = leaf if last else b"".join(copies)
        draws = b"" if last else b" /XObject << /X %d 0 R >>" % (number + 1)
        if resources == "inline" or last:
            res = b"/Resources << " + FONT + draws + b" >>"
        else:  # /Resources 100+n -> << /XObject 200+n >> -> << /X next >>
            res = b"/Resources %d 0 R" % (100 + number)
            objects[100 + number] = b"<< " + FONT + b" /XObject %d 0 R >>" % (200 + number)
            objects[200 + number] = b"<< /X %d 0 R >>" % (number + 1)
        objects[number] = _stream(
            content, b"/Type /XObject /Subtype " + subtype + b" /BBox [0 0 842 595] " + res, deflate
        )
    return pdf_file(objects)


LEAF = b"BT /F1 8 Tf 10 10 Td (AAAA) Tj ET\n"
BOMBS: dict[str, Callable[[], bytes]] = {
    "forms ten times eight deep": lambda: _forms(8, 10, LEAF),
    "deflated, resources indirect": lambda: _forms(8, 10, LEAF, deflate=True, resources="ref"),
    "Form spelled /F#6frm": lambda: _forms(8, 10, LEAF, subtype=b"/F#6frm"),
    "two deep, sixty times each": lambda: _forms(3, 60, LEAF * 400),
    "one page drawing a form 10,000 times": lambda: _forms(
        1, 0, LEAF * 1000, page=TITLE + b"q /X Do Q\n" * 10_000, deflate=True
    ),
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_forms_drawn_over_and_over_are_refused_before_a_page_is_opened(
    bomb: Callable[[], bytes],
) -> None:
    data = bomb()
    message, took, peak = refusal(data, "forms.pdf")
    assert message.startswith("forms.pdf:1: found form XObjects drawn over and over"), message
    assert took < 2 and peak < 64 * 1024 * 1024
    FIGURES.append(f"form bomb of {len(data):,} bytes: refused in {took:.3f} s")


def test_forms_drawn_a_few_times_are_read() -> None:
    """A page drawn through forms two deep, each drawing the next three times: PDFium reads
    the text inside them (the letter is refused for what it says, not for its forms)."""
    data = _forms(3, 3, LETTER, page=b"/X Do\n", resources="ref", deflate=True)
    with pytest.raises(RkaParseError, match="'SURAT KEPUTUSAN' at the top of page 1"):
        read_bytes(data, "letter.pdf")


def test_a_form_drawing_a_name_it_does_not_hold_is_refused() -> None:
    data = _forms(2, 1, LEAF).replace(b"/XObject << /X 11 0 R >>", b"/XObject << /Y 11 0 R >>")
    with pytest.raises(RkaParseError, match="nested form XObjects this reader cannot follow"):
        read_bytes(data, "forms.pdf")


def test_a_form_drawing_itself_is_refused() -> None:
    """PDFium follows a form drawing itself round and round (five times per round took this
    process past its memory), directly or through another."""
    itself = _forms(2, 5, LETTER, page=b"/X Do\n").replace(
        b"/XObject << /X 11 0 R >>", b"/XObject << /X 10 0 R >>"
    )
    through = _forms(3, 2, LETTER, page=b"/X Do\n").replace(
        b"/XObject << /X 12 0 R >>", b"/XObject << /X 10 0 R >>"
    )
    for data in (itself, through):
        with pytest.raises(RkaParseError, match="form 10 draws itself"):
            read_bytes(data, "cycle.pdf")


def _wrapped_in_forms(data: bytes) -> bytes:
    """Every page's content moved into a form XObject, drawn by a form drawn by the page."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.contents_coalesce()
            inner = pdf.make_stream(page.Contents.read_bytes())
            inner.Type, inner.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            inner.BBox, inner.Resources = page.MediaBox, page.Resources
            outer = pdf.make_stream(b"q /Inner Do Q")
            outer.Type, outer.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            outer.BBox = page.MediaBox
            outer.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Inner=inner))
            page.Contents = pdf.make_stream(b"q /Outer Do Q")
            page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Outer=outer))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _protected(data: bytes, user: str = "") -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="kpu", user=user, R=6))
        return out.getvalue()


SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_an_rka_drawn_through_forms_reads_as_printed() -> None:
    printed = render(SEED_TEXT, Style())
    wrapped = _wrapped_in_forms(printed)
    assert b"/Subtype /Form" in wrapped
    plain = read_bytes(printed, "rka.pdf")
    assert without_lines(read_bytes(wrapped, "rka.pdf").to_dict()) == without_lines(plain.to_dict())


def test_an_rka_protected_by_an_owner_password_reads_as_printed() -> None:
    printed = render(SEED_TEXT, Style())
    protected = _protected(_wrapped_in_forms(printed))
    assert without_lines(read_bytes(protected, "rka.pdf").to_dict()) == without_lines(
        read_bytes(printed, "rka.pdf").to_dict()
    )
    with pytest.raises(RkaParseError, match="needs a password"):
        read_bytes(_protected(printed, user="rahasia"), "rka.pdf")


def _deflated_page(inflated: int) -> bytes:
    drawing = b"0 0 m 100 100 l S\n"
    return pdf_file(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: PAGE + b">>",
            5: _stream(drawing * (inflated // len(drawing)), deflate=True),
        }
    )


ENCRYPTED_BOMBS = {
    "a page inflating to 64 MB": lambda: _protected(_deflated_page(64 << 20)),
    "forms eight deep": lambda: _protected(_forms(8, 10, LEAF, deflate=True)),
}


@pytest.mark.parametrize("bomb", ENCRYPTED_BOMBS.values(), ids=ENCRYPTED_BOMBS.keys())
def test_a_bomb_does_not_hide_behind_an_owner_password(bomb: Callable[[], bytes]) -> None:
    data = bomb()
    started = time.perf_counter()
    with pytest.raises(RkaParseError) as refused:
        read_bytes(data, "locked.pdf")
    took = time.perf_counter() - started
    assert "inflates past" in str(refused.value) or "drawn over and over" in str(refused.value)
    assert took < 3
    FIGURES.append(f"encrypted bomb of {len(data):,} bytes: refused in {took:.3f} s")


def test_the_bound_leaves_room_for_a_printed_rka() -> None:
    """Drawing every page through two forms costs a small share of the bound."""
    printed = _wrapped_in_forms(render(SEED_TEXT, Style()))
    streams = limits.check_pdf_streams(
        printed, "rka.pdf", pdf_source.MAX_STREAM, pdf_source.MAX_IMAGE, pdf_source.MAX_INFLATED
    )
    pdf_forms.check(printed, streams, "rka.pdf", pdf_source.MAX_FORM_WORK // 100, 1 << 20)
