"""SAKTI's Rincian Kertas Kerja Satker workbook (.xlsx, .xls): levels, numbers, findings, and
the workbooks it must refuse in bounded time and memory. Pure: no database."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tracker.read.document import read_bytes
from tracker.read.layouts.kertas_kerja import parse_number, read_workbook
from tracker.read.records import LAYOUT_KERTAS_KERJA, RkaParseError
from tracker.read.sources import workbook as source
from tracker.synth import rspp
from tracker.synth import workbook as synth
from tracker.synth.workbook_xls import write_xls


def _xlsx(rows: list[list[object]], tmp_path: Path, name: str = "kk.xlsx") -> bytes:
    return synth.write_xlsx(rows, tmp_path / name).read_bytes()


def _head(year: int = 2024) -> list[list[object]]:
    return [
        [f"RINCIAN KERTAS KERJA SATKER T.A. {year}"],
        [],
        ["KEMENTERIAN NEGARA/LEMBAGA", "", ":", "(054) BADAN PUSAT STATISTIK"],
        ["UNIT ORGANISASI", "", ":", "(054.01) BADAN PUSAT STATISTIK"],
        ["SATUAN KERJA", "", ":", "(451234) BPS KABUPATEN CONTOH"],
        ["ALOKASI", "", ":", "Rp 10.300.000"],
        [],
    ]


HEADER = list(synth.HEADER)


def _row(**cells: object) -> list[object]:
    return synth._row(**cells)


def every_level() -> list[list[object]]:
    """One of each level, amounts as numbers and as text, a group, blokir, sumber dana,
    Lokasi/KPPN, a bare RO code right under its KRO and a shortened one (``QMA.962``)."""
    return [
        *_head(),
        HEADER,
        list(synth.NUMBERING),
        _row(A="054.01.GG", D="Program Statistik", J="10.300.000"),
        _row(A=2896.0, D="Statistik Sosial", J=10_300_000),
        _row(A="2896.QMA", D="Data dan Informasi Publik", G="2 Layanan", J=10_300_000),
        _row(A="001", D="Data Sosial", G="1 Layanan", J="10.000.000"),  # bare, under its KRO
        _row(D="Lokasi : (3301) KAB. CONTOH"),
        _row(D="KPPN : 019 CONTOH"),
        _row(A="051", D="Persiapan", J=6_000_000),
        _row(A="A", D="Rapat persiapan", J=6_000_000),
        _row(A="521211", D="Belanja Bahan", J="1.500.000", L="RM"),
        _row(D="-", E="Konsumsi rapat", G="10 OK", H="100.000", J="1.000.000"),
        _row(D="-", E="ATK", G="1 Paket", H=500_000, J=500_000, K="*"),
        _row(A="524111", D="Belanja Perjalanan Dinas Biasa", J=4_500_000, L="PNBP"),
        _row(D="> PERJALANAN DINAS PUSAT", J="4.500.000"),
        _row(D="-", E="Uang harian", G="3 OH", H="1.000.000,00", J="3.000.000"),
        _row(D="-", E="Transport", G="1,5 OK", H="1.000.000", J="1.500.000", L="PLN"),
        _row(A=52.0, D="Pelaksanaan", J=4_000_000),
        _row(A="521213", D="Belanja Honor", J=4_000_000, K="*", L="RM"),
        _row(D="-", E="Honor panitia", G="4 OB", H=1_000_000, J=4_000_000),
        _row(A="QMA.962", D="Layanan Umum", G="1 Layanan", J=300_000),  # shortened
        _row(A="001", D="Operasional", J=300_000),
        _row(A="521111", D="Belanja Operasional", J=300_000),
        _row(D="-", E="Langganan daya", G="12 Bulan", H=25_000, J=300_000),
        [],
        _row(D="Kab. Contoh, 2 Januari 2024"),
        _row(D="Kuasa Pengguna Anggaran"),
    ]


def test_every_level_reads_into_the_cost_tree(tmp_path: Path) -> None:
    doc = read_workbook(_xlsx(every_level(), tmp_path), "kk.xlsx")
    assert doc.layout == LAYOUT_KERTAS_KERJA
    h = doc.document
    assert (h.year, h.satker.code, h.satker.name) == (2024, "451234", "BPS KABUPATEN CONTOH")
    assert (h.ministry.code, h.unit.code) == ("054", "054.01")
    assert h.location.name == "KAB. CONTOH"
    (program,) = doc.programs
    assert (program.code, program.jumlah) == ("054.01.GG", 10_300_000)
    (kegiatan,) = program.kegiatan
    assert kegiatan.code == "2896"
    (kro,) = kegiatan.kro
    assert (kro.code, kro.volume, kro.unit, kro.jumlah) == ("2896.QMA", 2.0, "Layanan", 10_300_000)
    assert [o.code for o in kegiatan.outputs] == ["2896.QMA.001", "2896.QMA.962"]
    ro = kegiatan.outputs[0]
    assert (ro.jumlah, ro.volume, ro.unit, ro.kro) == (10_000_000, 1.0, "Layanan", "2896.QMA")
    assert [k.code for k in ro.komponen] == ["051.A", "052"]
    first, second = ro.komponen[0].akun
    assert (first.code, first.jumlah, second.code, second.jumlah) == (
        "521211",
        1_500_000,
        "524111",
        4_500_000,
    )
    konsumsi, atk = first.details
    assert (konsumsi.text, konsumsi.volume, konsumsi.satuan, konsumsi.harga) == (
        "Konsumsi rapat",
        10.0,
        "OK",
        100_000,
    )
    assert (konsumsi.blokir, konsumsi.sumber_dana, atk.blokir) == (False, "RM", True)
    harian, transport = second.details
    assert (harian.group, harian.harga, harian.sumber_dana) == (
        "PERJALANAN DINAS PUSAT",
        1_000_000,
        "PNBP",
    )
    assert (transport.volume, transport.sumber_dana) == (1.5, "PLN")
    (honor,) = ro.komponen[1].akun[0].details
    assert honor.blokir  # the akun row carries the mark
    assert doc.findings == []
    data = doc.to_dict()
    detail = data["programs"][0]["kegiatan"][0]["outputs"][0]["komponen"][0]["akun"][0]["details"][
        1
    ]
    assert detail == {
        "text": "ATK",
        "volume": 1.0,
        "satuan": "Paket",
        "harga": 500_000,
        "jumlah": 500_000,
        "blokir": True,
        "sumber_dana": "RM",
    }


def test_columns_are_found_from_the_header_row(tmp_path: Path) -> None:
    """Another export puts the name in E, the amount before the unit price, SD/CP first."""
    header = ["KODE", "SD/CP", "", "", "URAIAN", "", "VOLUME", "JUMLAH BIAYA", "HARGA SATUAN"]

    def r(
        code: object = "",
        name: object = "",
        vol: object = "",
        jumlah: object = "",
        harga: object = "",
        sd: object = "",
    ) -> list[object]:
        return [code, sd, "", "", name, "", vol, jumlah, harga]

    rows = [
        *_head(2022),
        header,
        r("054.01.GG", "Program", jumlah=700),
        r("2896", "Kegiatan", jumlah=700),
        r("2896.QMA", "KRO", "1 Layanan", 700),
        r("2896.QMA.001", "RO", "1 Layanan", 700),
        r("051", "Komponen", jumlah=700),
        r("521211", "Belanja Bahan", jumlah=700, sd="PNBP"),
        r("-", "Kertas", "7 Rim", 700, 100),
    ]
    doc = read_workbook(_xlsx(rows, tmp_path), "kk.xlsx")
    (detail,) = doc.programs[0].kegiatan[0].outputs[0].komponen[0].akun[0].details
    assert (detail.text, detail.volume, detail.harga, detail.jumlah) == ("Kertas", 7.0, 100, 700)
    assert detail.sumber_dana == "PNBP"
    assert doc.document.year == 2022


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234.567", 1234567.0),
        ("1.234,50", 1234.5),
        ("1,234,567.50", 1234567.5),
        ("Rp 12.000", 12000.0),
        ("1,5", 1.5),
        ("250", 250.0),
        (1234567, 1234567.0),
        (1234.5, 1234.5),
        ("", None),
        ("-", None),
    ],
)
def test_numbers_as_numbers_or_indonesian_text(text: object, value: float | None) -> None:
    assert parse_number(text) == value  # type: ignore[arg-type]


def _levels_with_faults() -> list[list[object]]:
    rows = every_level()
    fix = {
        "054.01.GG": 99,  # program
        "2896": 98,  # kegiatan
        "2896.QMA": 97,  # KRO
        "QMA.962": 96,  # RO
        "A": 95,  # subkomponen
        "052": None,  # komponen stated 52 → see below
    }
    out = []
    for row in rows:
        row = list(row) + [""] * (12 - len(row))
        code = row[0]
        if code == 2896.0:
            row[9] = 98
        elif code == 52.0:
            row[9] = 94
        elif code in fix and fix[code] is not None:
            row[9] = fix[code]
        elif code == "521111":
            row[9] = 93  # akun
        elif row[4] == "Konsumsi rapat":
            row[9] = "1.000.001"  # detail: 10 x 100.000 is not 1.000.001
        elif row[3] == "> PERJALANAN DINAS PUSAT":
            row[9] = 92  # group
        out.append(row)
    return out


def test_every_level_reconciles_and_a_mismatch_is_a_finding(tmp_path: Path) -> None:
    doc = read_workbook(_xlsx(_levels_with_faults(), tmp_path), "kk.xlsx")
    rules = {f.rule for f in doc.findings}
    assert {
        "detail-arithmetic",
        "akun-rollup",
        "group-rollup",
        "subkomponen-rollup",
        "komponen-rollup",
        "ro-rollup",
        "kro-rollup",
        "kegiatan-rollup",
        "program-rollup",
        "alokasi-rollup",
    } <= rules
    # stated amounts are kept as filed, the sums are in the messages
    program = doc.programs[0]
    assert program.jumlah == 99
    finding = next(f for f in doc.findings if f.rule == "program-rollup")
    assert finding.line == 10 and "99" in finding.message


@pytest.mark.parametrize("ministry", [0, 1, 2])
@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_synthetic_workbooks_read_to_their_records(
    tmp_path: Path, ministry: int, kind: str
) -> None:
    plan = synth.rspp_plan(f"6{ministry}1234", 2021 + ministry, seed=ministry, ministry=ministry)
    knobs = synth.WorkbookKnobs(fault_rate=0.5, repeat_header_every=25, text_number_share=0.5)
    write = write_xls if kind == "xls" else synth.write_xlsx
    (made,) = synth.generate(
        [plan], tmp_path, seed=ministry, knobs=knobs, write=write, suffix=f".{kind}"
    )
    doc = read_bytes(made.path.read_bytes(), str(made.path))
    assert doc.layout == LAYOUT_KERTAS_KERJA
    assert doc.to_dict()["programs"] == made.expected.to_dict()["programs"]
    got = [(f.rule, f.code, f.line) for f in doc.findings]
    assert got == [(f.rule, f.code, f.line) for f in made.expected.findings]
    assert doc.content_hash  # the dispatcher hashes the bytes


def test_workbooks_of_rspp_documents_have_their_ros_and_amounts(tmp_path: Path) -> None:
    """A synthetic satker-year has both parts: the workbook costs the Bagian A's ROs."""
    docs = [d.expected for d in rspp.documents(3, seed=5)]
    for made, a in zip(synth.generate(docs, tmp_path), docs, strict=True):
        doc = read_workbook(made.path.read_bytes(), str(made.path))
        planned = {o.code: o.jumlah for p in a.programs for k in p.kegiatan for o in k.outputs}
        costed = {o.code: o.jumlah for p in doc.programs for k in p.kegiatan for o in k.outputs}
        assert costed == planned
        assert doc.document.satker.code == a.document.satker.code


def test_json_contract_has_the_cost_tree(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kk.xlsx"
    path.write_bytes(_xlsx(every_level(), tmp_path, "src.xlsx"))
    result = cli("parse", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["document"]["layout"] == LAYOUT_KERTAS_KERJA
    ro = data["programs"][0]["kegiatan"][0]["outputs"][0]
    assert ro["komponen"][0]["akun"][0]["code"] == "521211"


# --- bad input: one line, bounded -----------------------------------------------------------


def _refused(data: bytes, *needles: str) -> str:
    started = time.perf_counter()
    with pytest.raises(RkaParseError) as info:
        read_bytes(data, "bad.xlsx")
    assert time.perf_counter() - started < 10
    message = str(info.value)
    assert "\n" not in message and message.startswith("bad.xlsx:")
    for needle in needles:
        assert needle in message, message
    return message


def test_truncated_and_corrupt_workbooks_are_refused(tmp_path: Path) -> None:
    whole = _xlsx(every_level(), tmp_path)
    _refused(whole[: len(whole) // 2], "truncated or corrupt")
    broken = bytearray(whole)
    start = whole.index(b"xl/worksheets/sheet1.xml") + 40
    broken[start : start + 200] = b"\x00" * 200
    _refused(bytes(broken), "corrupt")
    xls = write_xls(every_level(), tmp_path / "kk.xls").read_bytes()
    _refused(xls[: len(xls) // 3], ".xls")


def test_a_workbook_of_another_kind_is_refused(tmp_path: Path) -> None:
    rows = [["RENCANA PENARIKAN DANA"], ["KODE", "URAIAN", "JANUARI", "FEBRUARI"]]
    rows += [["3357.EBA.956", "Layanan", 1000, 2000]] * 5
    _refused(_xlsx(rows, tmp_path), "another kind", "Rincian Kertas Kerja")


def test_a_bad_amount_or_code_names_its_cell(tmp_path: Path) -> None:
    rows = every_level()
    rows[12] = _row(A="521211", D="Belanja Bahan", J="satu juta")
    _refused(_xlsx(rows, tmp_path, "a.xlsx"), ":13:", "cell J13", "'satu juta'")
    rows = every_level()
    rows[12] = _row(A="52.12.11", D="Belanja Bahan", J=1)
    _refused(_xlsx(rows, tmp_path, "b.xlsx"), "cell A13", "expected a program")


def _raw_xlsx(sheet_xml: bytes, *, declared: int | None = None) -> bytes:
    """A minimal .xlsx around ``sheet_xml``; ``declared`` lies about its size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    data = out.getvalue()
    if declared is not None:  # patch the central directory's uncompressed size
        name = b"xl/worksheets/sheet1.xml"
        cd = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
        patched = bytearray(data)
        patched[cd + 24 : cd + 28] = declared.to_bytes(4, "little")
        data = bytes(patched)
    return data


def test_a_sheet_spanning_millions_of_rows_is_refused_before_it_is_loaded() -> None:
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (
        b"<worksheet " + ns + b'><dimension ref="A1:P2000000"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="2000000"><c r="P2000000"><v>1</v></c></row></sheetData></worksheet>'
    )
    _refused(_raw_xlsx(sheet), "2,000,000 rows")
    # the same without a <dimension>: the cells' own references give it away
    _refused(_raw_xlsx(sheet.replace(b'<dimension ref="A1:P2000000"/>', b"")), "rows")


def test_a_zip_bomb_is_refused_in_bounded_time_and_memory() -> None:
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    filler = b"<!--" + b"0" * (300 * 1024 * 1024) + b"-->"
    sheet = b"<worksheet " + ns + b"><sheetData/>" + filler + b"</worksheet>"
    bomb = _raw_xlsx(sheet)
    assert len(bomb) < 2 * 1024 * 1024
    _refused(bomb, "inflates to")
    # a member that lies about its size is stopped too: by its size or its CRC
    _refused(_raw_xlsx(sheet, declared=1000), "bad.xlsx")
    del filler, sheet, bomb


def test_an_xls_spanning_its_whole_grid_is_refused(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("S")
    sheet.write(0, 0, "RINCIAN KERTAS KERJA SATKER T.A. 2024")
    sheet.write(65535, 255, 1)
    book.save(str(tmp_path / "big.xls"))
    _refused((tmp_path / "big.xls").read_bytes(), "65,536 rows", "256 columns")


def test_rows_are_capped_while_iterating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_ROWS", 30)
    rows = every_level() + [_row(D="catatan")] * 40
    data = _xlsx(rows, tmp_path)
    monkeypatch.setattr(source, "_check_xlsx", lambda data, src: None)
    _refused(data, "more than 30 rows")


# --- held-out shapes: codes written alone, closing totals, repeated headers, streamed bombs ---


def _alone() -> list[list[object]]:
    """KRO and RO codes written alone under their parents, an RO coded in letters (``AAA``)
    right after another RO, then a second KRO (``EBB``) likewise after an RO."""
    return [
        *_head(),
        HEADER,
        _row(A="054.01.WA", D="Program Dukungan Manajemen", J=10_300_000),
        _row(A=2886, D="Dukungan Manajemen BPS", J=10_300_000),
        _row(A="EBA", D="Layanan Dukungan Manajemen Internal", G="2 Layanan", J=10_000_000),
        _row(A="994", D="Layanan Perkantoran", G="1 Layanan", J=6_000_000),
        _row(A="001", D="Gaji dan Tunjangan", J=6_000_000),
        _row(A=511111, D="Belanja Gaji Pokok PNS", J=6_000_000),
        _row(D="-", E="Gaji pokok", G="12 BLN", H=500_000, J=6_000_000),
        _row(A="AAA", D="Layanan Humas", G="1 Layanan", J=4_000_000),
        _row(D="Lokasi : (3601) KAB. PANDEGLANG"),
        _row(A="051", D="Publikasi", J=4_000_000),
        _row(A=521211, D="Belanja Bahan", J=4_000_000),
        _row(D="-", E="Cetak leaflet", G="4 PAKET", H=1_000_000, J=4_000_000),
        _row(A="EBB", D="Layanan Sarana dan Prasarana Internal", G="1 Unit", J=300_000),
        _row(A="951", D="Layanan Sarana Internal", G="1 Unit", J=300_000),
        _row(A="052", D="Pemeliharaan", J=300_000),
        _row(A=523111, D="Belanja Pemeliharaan Gedung", J=300_000),
        _row(D="-", E="Pemeliharaan AC", G="3 UNIT", H=100_000, J=300_000),
    ]


def test_a_ro_coded_in_letters_alone_is_told_from_a_kro_by_what_follows(tmp_path: Path) -> None:
    doc = read_bytes(_xlsx(_alone(), tmp_path), "kk.xlsx")
    (k,) = doc.programs[0].kegiatan
    assert [(r.code, [o.code for o in r.outputs]) for r in k.kro] == [
        ("2886.EBA", ["2886.EBA.994", "2886.EBA.AAA"]),
        ("2886.EBB", ["2886.EBB.951"]),
    ]
    assert [o.komponen[0].code for o in k.outputs] == ["001", "051", "052"]
    assert doc.findings == []


@pytest.mark.parametrize(
    ("total", "found"),
    [
        (_row(A="JUMLAH", J=10_300_000), []),
        (_row(D="JUMLAH TOTAL", J="10.300.000"), []),
        (_row(A="TOTAL", J=10_000_000), ["total-rollup"]),
    ],
)
def test_a_closing_total_row_is_checked_not_refused(
    tmp_path: Path, total: list[object], found: list[str]
) -> None:
    rows = _alone()
    doc = read_bytes(_xlsx([*rows, total], tmp_path), "kk.xlsx")
    assert [f.rule for f in doc.findings] == found
    if found:
        (f,) = doc.findings
        assert f.line == len(rows) + 1 and f.message.endswith("(off by -300,000)")


def test_the_column_header_repeated_with_its_numbering_row(tmp_path: Path) -> None:
    """Exports repeat the header where a printed page would break, its numbering row too,
    which some write as bare digits (``1 2 3``) rather than ``(1) (2) (3)``."""
    rows = _alone()
    numbering = [str(n) if cell else "" for n, cell in enumerate(synth.NUMBERING, 1)]
    at = rows.index(_row(A="AAA", D="Layanan Humas", G="1 Layanan", J=4_000_000))
    rows[at:at] = [HEADER, numbering]
    doc = read_bytes(_xlsx([*rows[:8], numbering, *rows[8:]], tmp_path), "kk.xlsx")
    assert [o.code for o in doc.programs[0].kegiatan[0].outputs] == [
        "2886.EBA.994",
        "2886.EBA.AAA",
        "2886.EBB.951",
    ]
    assert doc.findings == []


def test_a_sheet_streaming_past_the_row_bound_is_stopped_in_its_first_megabytes() -> None:
    """Every cell names its place and the <dimension> lies: the sheet is measured as it
    inflates and refused at the bound, holding one chunk of it, not the sheet."""
    import tracemalloc

    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 400_001)
    )
    bomb = _raw_xlsx(
        b"<worksheet "
        + ns
        + b'><dimension ref="A1:B2"/><sheetData>'
        + body
        + b"</sheetData></worksheet>"
    )
    del body
    tracemalloc.start()
    try:
        message = _refused(bomb, "rows x 1 columns", "200,000 rows")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * 1024 * 1024, peak  # the sheet's XML alone is 17 MB
    assert "sheet1.xml" in message


def test_an_ro_code_typed_as_a_number_keeps_its_zeros(tmp_path: Path) -> None:
    """``001`` typed into a cell as a number arrives as 1; under its KRO it is RO 001."""
    rows = _alone()
    at = rows.index(_row(A="994", D="Layanan Perkantoran", G="1 Layanan", J=6_000_000))
    rows[at] = _row(A=1, D="Layanan Perkantoran", G="1 Layanan", J=6_000_000)
    doc = read_bytes(write_xls(rows, tmp_path / "kk.xls").read_bytes(), "kk.xls")
    (k,) = doc.programs[0].kegiatan
    assert [o.code for o in k.outputs] == ["2886.EBA.001", "2886.EBA.AAA", "2886.EBB.951"]
    assert doc.findings == []


def test_a_blank_row_between_the_two_header_rows(tmp_path: Path) -> None:
    """VOLUME / HARGA SATUAN / JUMLAH under a merged PERHITUNGAN cell, a blank row between."""
    rows = _alone()
    at = rows.index(HEADER)
    rows[at : at + 1] = [
        _row(A="KODE", D="URAIAN", G="PERHITUNGAN TAHUN 2024", K="BLOKIR", L="SUMBER DANA"),
        [],
        _row(G="VOLUME", H="HARGA SATUAN", J="JUMLAH BIAYA"),
    ]
    doc = read_bytes(_xlsx(rows, tmp_path), "kk.xlsx")
    assert [o.jumlah for o in doc.programs[0].kegiatan[0].outputs] == [
        6_000_000,
        4_000_000,
        300_000,
    ]
    assert doc.findings == []


def test_a_workbook_of_many_other_sheets_is_refused_in_one_short_line(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for i in range(300):
        book.create_sheet(f"Lembar {i}").append(["catatan"])
    book.save(tmp_path / "many.xlsx")
    message = _refused((tmp_path / "many.xlsx").read_bytes(), "another kind", "and 296 more")
    assert len(message) < 400
