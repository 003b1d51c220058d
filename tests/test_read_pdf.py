"""The printed PDF: the same document gives the same records as its text export, ruled or
aligned by whitespace, names wrapping in their cells, pages spilling onto headerless sheets;
and a PDF that cannot be read is refused in one line naming the file and page.

Documents are printed at test time (``tracker.synth.pdf``) from texts whose records are
known: the seed and synthetic documents of both layouts, several satkers, ministries, years.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import Result
from conftest import SEED, wipe, without_lines
from neo4j import Driver
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from tracker.graph.cypher import query
from tracker.read.document import parse_text, read_bytes, read_file
from tracker.read.records import RkaDocument, RkaParseError
from tracker.read.sources import pdf as source
from tracker.synth import rka, rspp
from tracker.synth.pdf import STYLES, Style, plain, render, scan

RULED = Style()
WHITESPACE = Style(ruled=False)
NARROW = Style(ruled=False, text_width=150.0)  # names wrap over two or three lines
SPILL = Style(text_width=170.0, spill_after=6)  # every page spills onto headerless sheets


def same_records(pdf_doc: RkaDocument, text_doc: RkaDocument) -> bool:
    return without_lines(pdf_doc.to_dict()) == without_lines(text_doc.to_dict())


def _seed() -> str:
    return SEED.read_text("utf-8")


def _pdf(tmp_path: Path, data: bytes, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the same records, PDF or text -------------------------------------------------------


@pytest.mark.parametrize(
    "style",
    [RULED, WHITESPACE, NARROW, SPILL, Style(ruled=False, halaman_beside=True)],
    ids=["ruled", "whitespace", "narrow", "spill", "halaman-beside"],
)
def test_the_seed_printed_reads_back_to_the_texts_records(style: Style) -> None:
    text = _seed()
    data = render(text, style)
    doc = read_bytes(data, "seed.pdf")
    assert same_records(doc, parse_text(text, "seed.txt"))
    assert doc.document.pages == 5 and doc.document.satker.code == "670714"
    # the odd rows survive: inline Indikator Output, the NIP-less signature finding
    last = doc.programs[-1].kegiatan[-1].outputs[-1]
    assert last.code == "3364.032" and last.indicators[0].text.startswith("Jumlah KPU Provinsi")
    assert [f.rule for f in doc.findings] == [f.rule for f in parse_text(text).findings]


@pytest.mark.parametrize("style", STYLES, ids=range(len(STYLES)))
def test_the_table_rows_are_the_exports_rows_character_for_character(style: Style) -> None:
    text = _seed()
    exported = [line for line in text.split("\n") if "\t" in line]
    rebuilt = [r.text for r in source.lines(render(text, style), "seed.pdf") if "\t" in r.text]
    assert rebuilt == exported  # tabs, empty cells, <b>/<i> runs and inline indicators


def test_records_point_at_the_sheet_they_are_printed_on() -> None:
    data = render(_seed(), RULED)
    rows = source.lines(data, "seed.pdf")
    doc = read_bytes(data, "seed.pdf")
    sheets = len(pdfium.PdfDocument(data))
    assert [r.no for r in rows] == list(range(1, len(rows) + 1))
    assert rows[doc.programs[0].line - 1].page == 1
    assert rows[doc.programs[0].kegiatan[0].line - 1].text.startswith("3355\t<b>")
    assert rows[doc.programs[-1].kegiatan[-1].outputs[-1].line - 1].page == sheets


def _synthetic(n: int) -> list[tuple[str, str]]:
    docs = [*rka.documents(n, seed=7, year=2019), *rka.documents(n, seed=8, year=2020)]
    docs += [*rspp.documents(n, seed=9, year=2023), *rspp.documents(n, seed=10, year=2024)]
    return [(d.file_name, d.text) for d in docs]


@pytest.mark.parametrize("i", range(12))
def test_synthetic_documents_of_both_layouts_read_the_same_from_pdf(i: int) -> None:
    name, text = _synthetic(3)[i]
    style = random.Random(i).choice(STYLES)
    doc = read_bytes(render(text, style), name.replace(".txt", ".pdf"))
    expected = parse_text(text, name)
    assert same_records(doc, expected), (name, style)


def test_both_layouts_several_ministries_and_years_are_covered() -> None:
    docs = [parse_text(text, name) for name, text in _synthetic(3)]
    assert {d.layout for d in docs} == {"2020", "rspp"}
    assert len({d.document.ministry.code for d in docs}) >= 2
    assert {d.document.year for d in docs} == {2019, 2020, 2023, 2024}
    assert len({d.document.satker.code for d in docs}) >= 10


def test_a_name_wrapped_over_several_lines_of_its_cell_is_one_row() -> None:
    text = _seed()
    data = render(text, NARROW)
    page = pdfium.PdfDocument(data)[0]
    chars, _, _ = source.page_chars(page)
    # the program name is printed on more than one line of its cell …
    word_tops = {c.top for c in chars if c.style == "b" and c.x0 < 300 and c.top > 150}
    assert len(word_tops) > 3
    rows = source.lines(data, "seed.pdf")
    program = next(r.text for r in rows if r.text.startswith("076.01.01\t"))
    # … and read back as the export's one row, bold kept, amounts in their columns
    assert program == (
        "076.01.01\t<b>Program Dukungan Manajemen dan Pelaksanaan Tugas</b>\t\t"
        "3,002,300,000\t\t73,820,000"
    )
    inline = next(r.text for r in rows if r.text.startswith("3364.032\t"))
    assert "[Base Line] <i>Indikator Output :</i> 01 Jumlah KPU Provinsi/ Kabupaten" in inline


def test_a_page_spilled_onto_a_sheet_without_headers_continues_the_table() -> None:
    text = _seed()
    data = render(text, SPILL)
    sheets = len(pdfium.PdfDocument(data))
    rows = source.lines(data, "seed.pdf")
    headed = {r.page for r in rows if r.text.startswith("KODE\t")}
    spilled = set(range(1, sheets + 1)) - headed
    assert len(headed) == 5 and len(spilled) >= 5
    first_spill = min(spilled)
    top = next(r for r in rows if r.page == first_spill)
    assert "\t" in top.text  # a table row, straight away
    doc = read_bytes(data, "seed.pdf")
    assert same_records(doc, parse_text(text))
    assert doc.document.pages == 5  # Halaman pages, not sheets


@pytest.mark.parametrize("ruled", [True, False])
def test_a_signature_alone_on_the_last_sheet_is_still_the_signature(ruled: bool) -> None:
    text = _seed()
    data = render(text, Style(ruled=ruled, signature_sheet=True))
    rows = source.lines(data, "seed.pdf")
    last = len(pdfium.PdfDocument(data))
    assert [r.text for r in rows if r.page == last] == [
        "Serang, 31 Januari 2020",
        "HAYAUDIN",
        "NIP. 197512192002121005",
    ]
    doc = read_bytes(data, "seed.pdf")
    assert same_records(doc, parse_text(text))
    assert doc.document.signatory is not None and doc.document.signatory.name == "HAYAUDIN"


def test_double_spaces_and_cut_tags_survive_the_printing() -> None:
    text = _seed().replace("Opini BPK atas Laporan", "Opini  BPK atas   Laporan")
    for style in (RULED, NARROW):
        doc = read_bytes(render(text, style), "seed.pdf")
        assert same_records(doc, parse_text(text))
        ikp = doc.programs[0].sasaran[3].indicators[0]
        assert ikp.text == "Opini  BPK atas   Laporan Keuangan KPU"


# --- refusals ------------------------------------------------------------------------------


def _refused(data: bytes, name: str = "bad.pdf") -> RkaParseError:
    with pytest.raises(RkaParseError) as e:
        read_bytes(data, name)
    message = str(e.value)
    assert "\n" not in message and message.startswith(name)
    return e.value


def test_a_scan_is_refused_naming_the_page() -> None:
    e = _refused(scan(3))
    assert e.page == 1
    assert "page 1" in str(e) and "image" in str(e) and "scan" in str(e)
    assert "text layer" in str(e)


def test_a_scanned_page_inside_a_printed_document_is_refused_at_that_page() -> None:
    printed = pdfium.PdfDocument(render(_seed(), RULED))
    scanned = pdfium.PdfDocument(scan(1))
    printed.import_pages(scanned, index=2)
    buf = io.BytesIO()
    printed.save(buf)
    e = _refused(buf.getvalue())
    assert e.page == 3 and "page 3" in str(e) and "scan" in str(e)


def test_a_blank_or_damaged_page_is_not_called_a_scan() -> None:
    """A page with neither text nor image inside a printed document: blank, or its content
    stream damaged (here: not deflate data at all, so PDFium finds nothing to draw)."""
    printed = pdfium.PdfDocument(render(_seed(), RULED))
    printed.new_page(842, 595)  # a blank last page
    buf = io.BytesIO()
    printed.save(buf)
    e = _refused(buf.getvalue())
    assert e.page == len(printed) and "blank or damaged" in str(e) and "scan" not in str(e)
    damaged = render(_seed(), RULED)
    start = damaged.index(b"stream\n", damaged.index(b"/Contents")) + 7
    spoilt = damaged[:start] + bytes(16) + damaged[start + 16 :]
    e = _refused(spoilt)
    assert e.page == 1 and "blank or damaged" in str(e) and "scan" not in str(e)


def test_an_encrypted_pdf_is_refused() -> None:
    e = _refused(render(_seed(), Style(encrypt="rahasia")))
    assert "encrypted" in str(e) and "password" in str(e)
    assert str(e).startswith("bad.pdf:1: ")


def test_a_pdf_protected_only_against_editing_still_reads() -> None:
    buf = io.BytesIO()
    canvas = Canvas(buf, encrypt=StandardEncryption("", ownerPassword="kpu", canPrint=1))
    canvas.drawString(72, 72, "RENCANA KERJA ANGGARAN SATKER")
    canvas.save()
    e = _refused(buf.getvalue())  # opens without a password; then: no table on page 1
    assert "page 1" in str(e) and "column header" in str(e)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_a_truncated_pdf_is_refused(cut: float) -> None:
    data = render(_seed(), RULED)
    e = _refused(data[: int(len(data) * cut)])
    assert "truncated" in str(e) and str(e).startswith("bad.pdf:1: ")


def test_a_damaged_pdf_is_refused() -> None:
    e = _refused(b"%PDF-1.7\n" + bytes(random.Random(1).randbytes(4000)) + b"\n%%EOF\n")
    assert "damaged PDF" in str(e)


def test_a_pdf_that_is_not_an_rka_is_refused_on_its_first_page() -> None:
    letter = plain(["SURAT KEPUTUSAN", "Nomor: 12/2024", "tentang Penetapan Panitia"], 200)
    e = _refused(letter)
    assert e.page == 1 and "'SURAT KEPUTUSAN'" in str(e)
    assert "RENCANA KERJA ANGGARAN SATKER" in str(e)


@pytest.mark.timeout(60)
def test_a_pdf_of_500_pages_is_refused_before_reading_them() -> None:
    e = _refused(plain(["RENCANA KERJA ANGGARAN SATKER"], 500))
    assert "500 pages" in str(e) and f"at most {source.MAX_PAGES}" in str(e)


def test_the_kind_of_file_is_told_by_its_content_not_its_name() -> None:
    data = render(_seed(), RULED)
    assert same_records(read_bytes(data, "seed.txt"), read_bytes(data, "seed.pdf"))


# --- the CLI and the database --------------------------------------------------------------


def test_tracker_parse_reads_a_pdf(tmp_path: Path, cli: Callable[..., Result]) -> None:
    pdf = _pdf(tmp_path, render(_seed(), WHITESPACE), "seed.pdf")
    result = cli("parse", str(pdf), "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert without_lines(printed) == without_lines(parse_text(_seed()).to_dict())

    bad = _pdf(tmp_path, scan(1), "scan.pdf")
    result = cli("parse", str(bad))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{bad}: page 1, line 1: found 1 image(s) and no text")


def _counts(driver: Driver) -> dict[str, int]:
    records, _, _ = driver.execute_query(query("graph_counts"))
    return {(r["name"] if r["kind"] == "label" else f":{r['name']}"): r["count"] for r in records}


def test_tracker_load_reads_a_pdf_and_a_bad_one_changes_nothing(
    graph: Driver, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    text_path = tmp_path / "seed.txt"
    text_path.write_text(_seed(), "utf-8")
    pdf = _pdf(tmp_path, render(_seed(), NARROW), "seed.pdf")
    assert same_records(read_file(pdf), read_file(text_path))

    result = cli("load", "--no-progress", str(text_path))
    assert result.exit_code == 0, result.output
    from_text = _counts(graph)
    wipe(graph)
    result = cli("load", "--no-progress", str(pdf))
    assert result.exit_code == 0, result.output
    before = _counts(graph)
    assert before == from_text  # the same plan, node for node
    doc = read_file(pdf)
    assert before["Output"] == sum(len(k.outputs) for p in doc.programs for k in p.kegiatan)

    for name, data in (
        ("scan.pdf", scan(2)),
        ("locked.pdf", render(_seed(), Style(encrypt="x"))),
        ("cut.pdf", render(_seed(), RULED)[:5000]),
        ("letter.pdf", plain(["Laporan Keuangan"], 3)),
    ):
        bad = _pdf(tmp_path, data, name)
        result = cli("load", "--no-progress", str(bad))
        assert result.exit_code == 1
        assert f"refused: {bad}" in " ".join(result.output.split())
        assert _counts(graph) == before


def test_tracker_load_of_a_folder_takes_its_pdfs(
    graph: Driver, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """What an office keeps is a folder of printed PDFs: naming the folder loads them."""
    folder = tmp_path / "arsip"
    folder.mkdir()
    _pdf(folder, render(_seed(), RULED), "seed.pdf")
    (folder / "catatan.md").write_text("not a document", "utf-8")
    result = cli("load", "--no-progress", "--no-link", str(folder))
    assert result.exit_code == 0, result.output
    assert _counts(graph)["Output"] == 16
