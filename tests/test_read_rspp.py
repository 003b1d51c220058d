# ruff: noqa: E501  (the documents' rows are as wide as the export writes them)
"""The RSPP layout (TA 2021 on) read from hand-written documents of several satkers,
ministries and years: every level, every trap (page breaks inside lists, repeated codes, cut
texts, indicators in three places), reconciliation findings at every level, and refusals that
name the file and line (and the page, for rows that carry one)."""

from __future__ import annotations

import json
import random

import pytest
from conftest import rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.read.document import interpret, parse_text
from tracker.read.findings import check
from tracker.read.records import RkaDocument, RkaParseError
from tracker.read.sources.lines import Line
from tracker.synth import rspp as synth
from tracker.synth.rka import Knobs


def page(
    n: int, year: int, ministry: str, unit: str, satker: str, province: str, location: str
) -> str:
    return f"""
**RENCANA KERJA ANGGARAN SATKER
RENCANA KINERJA SATUAN KERJA
TAHUN ANGGARAN {year}**

**BAGIAN-A**

KEMEN/LEMB : {ministry}
 UNIT ORG : {unit}
 SATUAN KERJA : {satker}
 PROPINSI : {province}
 LOKASI : {location}

Halaman : {n}

KODE\tPROGRAM/SASARAN PROGRAM/INDIKATOR KINERJA PROGRAM/KEGIATAN/SASARAN KEGIATAN/INDIKATOR KINERJA KEGIATAN/KRO/RO\tALOKASI ANGGARAN T.A {year}\t\t\t
\t\tVOLUME / SATUAN\tANGKA DASAR\tINISIATIF BARU\tJUMLAH
(1)\t(2)\t(3)\t(4)\t(5)\t(6)
"""


KPU = ("(076) KOMISI PEMILIHAN UMUM", "(01) Komisi Pemilihan Umum",
       "(670714) KPU KOTA SERANG", "(29) BANTEN", "(53) KOTA SERANG")  # fmt: skip
SIGNED_KPU = "\nSerang, 15 Januari 2023\n\n**HAYAUDIN**\n NIP. 197512192002121005\n"

# KPU Kota Serang, TA 2023: one page, an Output Program, Sasaran Kegiatan, KRO with and
# without indicators, ROs with and without Indikator RO.
KPU_BODY = """
076.01.WA|<b>Program Dukungan Manajemen</b>||1,500,000,000||1,500,000,000
|<b>Sasaran Program :</b>
01|Meningkatnya tata kelola KPU yang baik
|<b>Indikator Kinerja Program :</b>
01.01|Opini BPK atas Laporan Keuangan KPU
|<b>Output Program :</b>
01|Layanan manajemen kinerja internal
|<b>Indikator Output Program :</b>
01.01|Nilai SAKIP KPU
3357|<b>Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya KPU</b>||1,500,000,000||1,500,000,000
|<b>Sasaran Kegiatan :</b>
01|Meningkatnya kualitas layanan dukungan manajemen
|<b>Indikator Kinerja Kegiatan :</b>
01.01|Persentase layanan perkantoran yang terpenuhi
01.02|Opini BPK atas Laporan Keuangan KPU
3357.EBA|<b>Layanan Dukungan Manajemen Internal</b>|2.00 Layanan|1,400,000,000||1,400,000,000
|<i>Indikator KRO :</i>
01|Jumlah layanan dukungan manajemen internal
3357.EBA.956|Layanan BMN|1.00 Layanan|100,000,000||100,000,000
|<i>Indikator RO :</i>
01|Persentase BMN yang tercatat
3357.EBA.994|Layanan Perkantoran|1.00 Layanan|1,300,000,000||1,300,000,000
3357.EBB|<b>Layanan Sarana dan Prasarana Internal</b>|1.00 Unit|100,000,000||100,000,000
3357.EBB.951|Layanan Sarana Internal|1.00 Unit|100,000,000||100,000,000
"""


def kpu(body: str) -> str:
    return page(1, 2023, *KPU) + rows(body) + SIGNED_KPU


KPU_2023 = kpu(KPU_BODY)

BPS = ("(054) BADAN PUSAT STATISTIK", "(01) Badan Pusat Statistik",
       "(540011) BPS PROVINSI BANTEN", "(29) BANTEN", "(00) BANTEN")  # fmt: skip

# BPS Provinsi Banten, TA 2021, three pages: page 2 breaks inside the IKK list (header
# repeated) and page 3 inside an RO's indicator list (header not repeated); two Sasaran
# Kegiatan; IKK all coded 01.01 (repeated codes); an IKK in the text column; a cut name; an
# indicator inline on a KRO row and on an RO row; two programs.
BPS_2021 = (
    page(1, 2021, *BPS)
    + rows("""
054.01.GG|<b>Program Penyediaan dan Pelayanan Informasi Statistik</b>||250,000,000|50,000,000|300,000,000
|<b>Sasaran Program :</b>
01|Tersedianya data statistik yang berkualitas
|<b>Indikator Kinerja Program :</b>
01.01|Persentase publikasi statistik yang tepat waktu
02|Meningkatnya pemanfaatan data statistik
|<b>Indikator Kinerja Program :</b>
2897|<b>Penyediaan dan Pengembangan Statistik Sosial</b>||250,000,000|50,000,000|300,000,000
|<b>Sasaran Kegiatan :</b>
01|Tersedianya statistik sosial yang berkualitas
|<b>Indikator Kinerja Kegiatan :</b>
01.01|Jumlah publikasi statistik kesejahteraan rakyat
""")
    + page(2, 2021, *BPS)
    + rows("""
|<b>Indikator Kinerja Kegiatan :</b>
01.01|Jumlah publikasi statistik kependudukan
|01.01 Persentase publikasi statistik yang tepat waktu
02|Meningkatnya kualitas layanan data sosial yang dapat diakses dengan
|<b>Indikator Kinerja Kegiatan :</b>
02.01|Indeks kepuasan konsumen data
2897.QMA|<b>Data dan Informasi Publik</b> <i>Indikator KRO :</i> 01 Jumlah publikasi|3.00 Dokumen|250,000,000|50,000,000|300,000,000
2897.QMA.001|Publikasi Statistik Kesejahteraan Rakyat <i>Indikator RO :</i> 01 Jumlah publikasi statistik kesejahteraan rakyat|1.00 Dokumen|100,000,000||100,000,000
2897.QMA.002|Publikasi Statistik Kependudukan|2.00 Dokumen|150,000,000|50,000,000|200,000,000
|<i>Indikator RO :</i>
01|Jumlah publikasi statistik kependudukan
""")
    + page(3, 2021, *BPS)
    + rows("""
01|Jumlah tabel statistik kependudukan yang dirilis
054.01.WA|<b>Program Dukungan Manajemen</b>||80,000,000||80,000,000
2886|<b>Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya BPS</b>||80,000,000||80,000,000
|<b>Indikator Kinerja Kegiatan :</b>
01|Persentase layanan perkantoran yang terpenuhi
2886.EBA|<b>Layanan Dukungan Manajemen Internal</b>|1.00 Layanan|80,000,000||80,000,000
2886.EBA.994|Layanan Perkantoran|1.00 Layanan|80,000,000||80,000,000
""")
    + "\nSerang, 4 Januari 2021\n\nKEPALA\n**BUDI SANTOSO**\n NIP. 196801011990031001\n"
)

MA = ("(005) MAHKAMAH AGUNG", "(04) Badan Peradilan Umum",
      "(402345) PENGADILAN NEGERI SERANG", "(29) BANTEN", "(53) KOTA SERANG")  # fmt: skip


def ma_2025(body: str) -> str:
    signed = "\nSerang, 2 Januari 2025\n\n**SITI AMINAH**\n NIP. 197001011995032001\n"
    return page(1, 2025, *MA) + rows(body) + signed


# Pengadilan Negeri Serang, TA 2025: the amounts do not reconcile at any level.
MA_2025_BODY = """
005.04.BF|<b>Program Penegakan dan Pelayanan Hukum</b>||900,000,000||900,000,000
|<b>Sasaran Program :</b>
01|Terwujudnya penyelesaian perkara yang tepat waktu
|<b>Indikator Kinerja Program :</b>
01.01|Persentase perkara yang diselesaikan tepat waktu
1069|<b>Peningkatan Manajemen Peradilan Umum</b>||700,000,000||700,000,000
|<b>Sasaran Kegiatan :</b>
01|Meningkatnya penyelesaian perkara
|<b>Indikator Kinerja Kegiatan :</b>
01.01|Persentase perkara pidana yang diselesaikan tepat waktu
1069.BAH|<b>Layanan Hukum</b>|5.00 Perkara|500,000,000||500,000,000
1069.BAH.001|Penyelesaian Perkara Pidana|3.00 Perkara|300,000,000||350,000,000
1069.BAH.002|Penyelesaian Perkara Perdata|3.00 Perkara|250,000,000||250,000,000
1069.BAH.002|Penyelesaian Perkara Perdata Tambahan|1.00 Perkara|10,000,000||10,000,000
1069.BMA|<b>Data dan Informasi Publik</b>|1.00 Layanan|100,000,000||100,000,000
1069.BMA.ABC|Publikasi Hasil Kegiatan|1.00 Dokumen|100,000,000||100,000,000
1069.BMB.001|Layanan Informasi Perkara|1.00 Layanan|5,000,000||5,000,000
1069.QMA|<b>Data dan Informasi Publik</b>|1.00 Dokumen|
"""


def ro(doc: RkaDocument, code: str):
    return next(o for p in doc.programs for k in p.kegiatan for o in k.outputs if o.code == code)


def kro(doc: RkaDocument, code: str):
    return next(r for p in doc.programs for k in p.kegiatan for r in k.kro if r.code == code)


# ----------------------------------------------------------------------------- levels


def test_kpu_2023_every_level() -> None:
    doc = parse_text(KPU_2023, "kpu.txt")
    assert doc.layout == "rspp"
    assert (doc.document.year, doc.document.ministry.code, doc.document.pages) == (2023, "076", 1)
    (p,) = doc.programs
    assert (p.code, p.name, p.jumlah) == ("076.01.WA", "Program Dukungan Manajemen", 1_500_000_000)
    assert [(s.code, [i.code for i in s.indicators]) for s in p.sasaran] == [("01", ["01.01"])]
    (op,) = p.output_program
    assert (op.code, op.name, [i.text for i in op.indicators]) == (
        "01",
        "Layanan manajemen kinerja internal",
        ["Nilai SAKIP KPU"],
    )
    (k,) = p.kegiatan
    (sk,) = k.sasaran
    assert sk.text == "Meningkatnya kualitas layanan dukungan manajemen"
    assert [i.code for i in sk.indicators] == ["01.01", "01.02"]
    assert k.indicators == sk.indicators  # the IKK are the kegiatan's, listed by sasaran
    assert [i.seq for i in k.indicators] == [1, 2]
    assert [r.code for r in k.kro] == ["3357.EBA", "3357.EBB"]
    eba = k.kro[0]
    assert (eba.volume, eba.unit, eba.jumlah) == (2.0, "Layanan", 1_400_000_000)
    assert [i.text for i in eba.indicators] == ["Jumlah layanan dukungan manajemen internal"]
    assert [o.code for o in k.outputs] == ["3357.EBA.956", "3357.EBA.994", "3357.EBB.951"]
    assert [o.code for o in eba.outputs] == ["3357.EBA.956", "3357.EBA.994"]
    assert all(o.kro == o.code.rpartition(".")[0] for o in k.outputs)
    bmn = ro(doc, "3357.EBA.956")
    assert (bmn.name, bmn.tag, bmn.volume, bmn.unit) == ("Layanan BMN", None, 1.0, "Layanan")
    assert [i.text for i in bmn.indicators] == ["Persentase BMN yang tercatat"]
    assert ro(doc, "3357.EBA.994").indicators == []  # an RO without indicators: data
    assert doc.findings == []
    assert (doc.document.signatory.name, doc.document.signed_date.isoformat()) == (
        "HAYAUDIN",
        "2023-01-15",
    )


def test_kpu_2023_json_contract() -> None:
    data = json.loads(json.dumps(parse_text(KPU_2023, "kpu.txt").to_dict()))
    assert data["document"]["layout"] == "rspp"
    p = data["programs"][0]
    assert list(p) == [
        "code", "name", "angka_dasar", "inisiatif_baru", "jumlah", "sasaran", "output_program",
        "kegiatan",
    ]  # fmt: skip
    k = p["kegiatan"][0]
    assert list(k) == [
        "code", "name", "angka_dasar", "inisiatif_baru", "jumlah", "sasaran_kegiatan",
        "indicators", "kro", "outputs",
    ]  # fmt: skip
    assert k["kro"][0]["outputs"] == ["3357.EBA.956", "3357.EBA.994"]
    assert k["kro"][0]["satuan"] == "Layanan"
    o = k["outputs"][0]
    assert list(o) == [
        "code", "name", "tag", "volume", "satuan", "angka_dasar", "inisiatif_baru", "jumlah",
        "indicators", "kro",
    ]  # fmt: skip
    assert (o["kro"], o["satuan"], o["indicators"]) == (
        "3357.EBA",
        "Layanan",
        [{"code": "01", "text": "Persentase BMN yang tercatat"}],
    )


def test_bps_2021_page_breaks_repeated_codes_and_inline_indicators() -> None:
    doc = parse_text(BPS_2021.encode("cp1252"), "bps.txt")
    assert (doc.layout, doc.document.pages, doc.document.satker.code) == ("rspp", 3, "540011")
    gg, wa = doc.programs
    assert [s.code for s in gg.sasaran] == ["01", "02"]
    assert gg.sasaran[1].indicators == []  # an IKP header with nothing under it
    (k,) = gg.kegiatan
    # the IKK list runs from page 1 onto page 2 (header repeated there), codes all alike
    sk1, sk2 = k.sasaran
    assert [(i.code, i.seq) for i in sk1.indicators] == [("01.01", 1), ("01.01", 2), ("01.01", 3)]
    assert (
        sk1.indicators[2].text == "Persentase publikasi statistik yang tepat waktu"
    )  # text column
    assert sk2.text == "Meningkatnya kualitas layanan data sosial yang dapat diakses dengan"  # cut
    assert [i.seq for i in sk2.indicators] == [4]
    assert len(k.indicators) == 4
    (qma,) = k.kro
    assert (qma.name, [i.text for i in qma.indicators]) == (
        "Data dan Informasi Publik",
        ["Jumlah publikasi"],
    )
    r1, r2 = qma.outputs
    assert (r1.name, [i.text for i in r1.indicators]) == (
        "Publikasi Statistik Kesejahteraan Rakyat",
        ["Jumlah publikasi statistik kesejahteraan rakyat"],
    )
    # the RO's indicator list continues on page 3, where no header is repeated
    assert [(i.code, i.text) for i in r2.indicators] == [
        ("01", "Jumlah publikasi statistik kependudukan"),
        ("01", "Jumlah tabel statistik kependudukan yang dirilis"),
    ]
    assert r2.indicators[1].line > r2.indicators[0].line + 15  # past the page header
    assert (r2.inisiatif_baru, r2.jumlah) == (50_000_000, 200_000_000)
    # a kegiatan without Sasaran Kegiatan lists its IKK coded 01, as in 2020
    (k2,) = wa.kegiatan
    assert (k2.sasaran, [i.code for i in k2.indicators]) == ([], ["01"])
    assert doc.findings == []
    assert check(doc) == doc.findings


def test_ma_2025_findings_at_every_level() -> None:
    doc = parse_text(ma_2025(MA_2025_BODY), "ma.txt")
    assert doc.document.unit.code == "04" and doc.programs[0].code == "005.04.BF"
    assert ro(doc, "1069.BMA.ABC").kro == "1069.BMA"  # an RO coded in letters
    got = {(f.rule, f.code) for f in doc.findings}
    assert got == {
        ("jumlah-arithmetic", "1069.BAH.001"),  # RO: 300,000,000 + 0 is not 350,000,000
        ("kro-rollup", "1069.BAH"),  # its ROs sum to 610,000,000, not 500,000,000
        ("kro-rollup", "1069.BMA"),  # the misplaced RO adds 5,000,000 to it
        ("duplicate-code", "1069.BAH.002"),
        ("kro-volume", "1069.BAH"),  # 3 + 3 + 1 Perkara, not 5
        ("ro-satuan", "1069.BMA.ABC"),  # Dokumen under a KRO counting Layanan
        ("ro-kro-code", "1069.BMB.001"),  # listed under KRO 1069.BMA
        ("empty-kro", "1069.QMA"),
        ("kegiatan-rollup", "1069"),  # its KRO sum to 600,000,000, not 700,000,000
        ("program-rollup", "005.04.BF"),  # its kegiatan sum to 700,000,000, not 900,000,000
    }
    by_code = {f.code: f for f in doc.findings if f.rule.endswith("rollup")}
    assert "its KRO sum to 600,000,000" in by_code["1069"].message
    assert "its ROs sum to 610,000,000" in by_code["1069.BAH"].message
    assert all(f.severity == "error" for f in doc.findings if f.rule.endswith("rollup"))
    assert check(doc) == [f for f in doc.findings if f.rule not in ("missing-signature",)]


def test_only_the_jumlah_cell_wrong_is_one_finding() -> None:
    body = MA_2025_BODY.replace(
        "1069|<b>Peningkatan Manajemen Peradilan Umum</b>||700,000,000||700,000,000",
        "1069|<b>Peningkatan Manajemen Peradilan Umum</b>||600,000,000||700,000,000",
    )
    doc = parse_text(ma_2025(body), "ma.txt")
    (f,) = [f for f in doc.findings if f.code == "1069"]
    assert f.rule == "jumlah-arithmetic" and "its KRO sum to 600,000,000" in f.message


# ----------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ("3357.EBA|<b>Layanan Dukungan Manajemen Internal</b>|2.00 Layanan|1,400,000,000||1,400,000,000\n|<i>Indikator KRO :</i>\n01|Jumlah layanan dukungan manajemen internal\n", "",
         "found RO 3357.EBA.956 with no KRO before it, expected the KRO row (3357.EBA) first"),
        ("3357.EBA.994|", "|<i>Indikator KRO :</i>\n3357.EBA.994|",
         "found 'Indikator KRO :' after RO 3357.EBA.956, expected it before the ROs of KRO 3357.EBA"),
        ("3357.EBB|", "|<b>Sasaran Kegiatan :</b>\n3357.EBB|",
         "found 'Sasaran Kegiatan :' after KRO 3357.EBA"),
        ("3357.EBB|", "|<b>Indikator Kinerja Kegiatan :</b>\n3357.EBB|",
         "found 'Indikator Kinerja Kegiatan :' after KRO 3357.EBA"),
        ("|1.00 Unit|100,000,000||100,000,000\n3357.EBB.951", "|1.00 Unit|1OO,000,000||100,000,000\n3357.EBB.951",
         "found Angka Dasar '1OO,000,000' on KRO 3357.EBB"),
        ("3357.EBA.994|Layanan Perkantoran|1.00 Layanan", "3357.EBA.994|Layanan Perkantoran|satu Layanan",
         "found volume 'satu Layanan' on RO 3357.EBA.994"),
        ("3357.EBB.951|", "3357.003|", "found code '3357.003', expected a program (076.01.WA)"),
        ("3357|<b>", "|<b>Output Program :</b>\n3357|<b>", None),
        ("01|Jumlah layanan dukungan manajemen internal", "01.01|Jumlah layanan dukungan",
         "found a program indicator code 01.01 under a KRO"),
        ("3357.EBA.956|Layanan BMN|", "3357.EBA.956|Layanan BMN <i>Indikator RO :</i> Satu|",
         "found 'Satu' after 'Indikator RO :' on RO 3357.EBA.956"),
    ],
)  # fmt: skip
def test_rows_in_no_known_shape_are_refused_with_their_line(
    old: str, new: str, found: str | None
) -> None:
    assert old in KPU_BODY
    text = kpu(KPU_BODY.replace(old, new, 1))
    if found is None:  # a list header repeated (as after a page break) re-opens the same list
        assert len(parse_text(text, "odd.txt").programs[0].output_program) == 1
        return
    with pytest.raises(RkaParseError) as e:
        parse_text(text, "odd.txt")
    message = str(e.value)
    assert found in message, message
    line = e.value.line
    assert message.startswith(f"odd.txt:{line}: found ")
    assert "\n" not in message
    assert text.split("\n")[line - 1].strip()  # the line named is a real row


KEMENKEU = ("(015) KEMENTERIAN KEUANGAN", "(04) Direktorat Jenderal Perbendaharaan",
            "(418899) KPPN JAYAPURA", "(32) PAPUA", "(10) KOTA JAYAPURA")  # fmt: skip

# KPPN Jayapura, TA 2024: the printed PDF lets a name wrapped in its cell run over a page
# break, so the new page starts with the rest of the name alone: a kegiatan's (page 2), an
# IKK's (page 3, its list header repeated after it) and an RO's whose Indikator RO list then
# continues (page 4, the indicator inline on the RO row).
KEMENKEU_2024 = (
    page(1, 2024, *KEMENKEU)
    + rows("""
015.04.WA|<b>Program Dukungan Manajemen</b>||900,000,000||900,000,000
|<b>Sasaran Program :</b>
01|Terwujudnya tata kelola keuangan negara yang baik
|<b>Indikator Kinerja Program :</b>
01.01|Nilai Kinerja Anggaran
4133|<b>Dukungan Manajemen dan Pelaksanaan Tugas Teknis</b>||900,000,000||900,000,000
""")
    + page(2, 2024, *KEMENKEU)
    + rows("""
|<b>Lainnya Direktorat Jenderal Perbendaharaan</b>
|<b>Sasaran Kegiatan :</b>
01|Meningkatnya kualitas layanan perbendaharaan
|<b>Indikator Kinerja Kegiatan :</b>
01.01|Persentase satker yang menyampaikan laporan keuangan
""")
    + page(3, 2024, *KEMENKEU)
    + rows("""
|tepat waktu
|<b>Indikator Kinerja Kegiatan :</b>
01.02|Indeks kepuasan pengguna layanan KPPN
4133.EBA|<b>Layanan Dukungan Manajemen Internal</b>|1.00 Layanan|900,000,000||900,000,000
4133.EBA.994|Layanan Perkantoran Kantor Pelayanan <i>Indikator RO :</i> 01 Persentase pemenuhan kebutuhan|1.00 Layanan|900,000,000||900,000,000
""")
    + page(4, 2024, *KEMENKEU)
    + rows("""
|layanan perkantoran
02|Jumlah layanan perkantoran yang dipenuhi
""")
    + "\nJayapura, 5 Januari 2024\n\n**ANDI SETIAWAN**\n NIP. 198001012005011001\n"
)


# The RO's indicators, the second cut by the page break, whole again.
KPPN_RO_INDICATORS = [
    ("01", "Persentase pemenuhan kebutuhan layanan perkantoran"),
    ("02", "Jumlah layanan perkantoran yang dipenuhi"),
]


def test_names_cut_by_a_page_break_continue_on_the_next_page() -> None:
    doc = parse_text(KEMENKEU_2024.replace("\n", "\r\n").encode("utf-8-sig"), "kppn.txt")
    assert (doc.document.pages, doc.document.ministry.code, doc.findings) == (4, "015", [])
    (k,) = doc.programs[0].kegiatan
    assert k.name == (
        "Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya Direktorat Jenderal Perbendaharaan"
    )
    assert [(i.code, i.text) for i in k.indicators] == [
        ("01.01", "Persentase satker yang menyampaikan laporan keuangan tepat waktu"),
        ("01.02", "Indeks kepuasan pengguna layanan KPPN"),
    ]
    (ro,) = k.outputs
    assert ro.name == "Layanan Perkantoran Kantor Pelayanan"
    assert [(i.code, i.text) for i in ro.indicators] == KPPN_RO_INDICATORS


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the break falls right after the inline indicator's code
        ("Layanan Perkantoran Kantor Pelayanan <i>Indikator RO :</i> 01",
         "Persentase pemenuhan kebutuhan layanan perkantoran"),
        # or before the inline indicator, which then comes with the rest of the name
        ("Layanan Perkantoran",
         "Kantor Pelayanan <i>Indikator RO :</i> 01 Persentase pemenuhan kebutuhan layanan perkantoran"),
        # or inside its label
        ("Layanan Perkantoran Kantor Pelayanan <i>Indikator RO</i>",
         "<i>:</i> 01 Persentase pemenuhan kebutuhan layanan perkantoran"),
    ],
)  # fmt: skip
def test_an_inline_indicator_cut_by_a_page_break(before: str, after: str) -> None:
    money = "\t1.00 Layanan\t900,000,000\t\t900,000,000"
    ro = "4133.EBA.994\tLayanan Perkantoran Kantor Pelayanan <i>Indikator RO :</i> 01 Persentase "
    assert f"{ro}pemenuhan kebutuhan{money}" in KEMENKEU_2024
    assert "\tlayanan perkantoran\t\t\t\t" in KEMENKEU_2024  # page 4's first row
    text = KEMENKEU_2024.replace(
        f"{ro}pemenuhan kebutuhan{money}", f"4133.EBA.994\t{before}{money}"
    )
    text = text.replace("\tlayanan perkantoran\t\t\t\t", f"\t{after}\t\t\t\t")
    (ro_,) = parse_text(text, "kppn.txt").programs[0].kegiatan[0].outputs
    assert ro_.name == "Layanan Perkantoran Kantor Pelayanan"
    assert [(i.code, i.text) for i in ro_.indicators] == KPPN_RO_INDICATORS


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # text alone in the middle of a page is no continuation
        ("01.02|Indeks kepuasan", "|lebih dari satu baris||||\n01.02|Indeks kepuasan"),
        # nor at the top of a page after a list header, which has no name to continue
        (" <i>Indikator RO :</i> 01 Persentase pemenuhan kebutuhan|1.00 Layanan|900,000,000||900,000,000",
         "|1.00 Layanan|900,000,000||900,000,000\n|<i>Indikator RO :</i>||||"),
    ],
)  # fmt: skip
def test_text_alone_that_continues_nothing_is_still_refused(old: str, new: str) -> None:
    old, new = old.replace("|", "\t"), new.replace("|", "\t")
    assert old in KEMENKEU_2024
    with pytest.raises(RkaParseError, match="found text without a code"):
        parse_text(KEMENKEU_2024.replace(old, new, 1), "kppn.txt")


def test_a_2020_output_tag_cut_by_a_page_break_is_still_split_off() -> None:
    text = (
        page(1, 2020, *KPU)
        + rows("""
076.01.01|<b>Program Dukungan Manajemen dan Pelaksanaan Tugas</b>||23,368,000||23,368,000
3355|<b>Pelaksanaan Akuntabilitas Pengelolaan Administrasi</b>||23,368,000||23,368,000
3355.003|Laporan Sistem Akuntansi dan Pelaporan Keuangan Pemilu (Base|1.00 Laporan|23,368,000||23,368,000
""")
        + page(2, 2020, *KPU)
        + rows("""
|Line)
|<b>Indikator Output :</b>
01|Jumlah laporan sistem akuntansi dan pelaporan keuangan
""")
        + SIGNED_KPU
    )
    (o,) = parse_text(text, "kpu2020.txt").programs[0].kegiatan[0].outputs
    assert (o.name, o.tag, len(o.indicators)) == (
        "Laporan Sistem Akuntansi dan Pelaporan Keuangan Pemilu",
        "baseline",
        1,
    )


MA = ("(005) MAHKAMAH AGUNG", "(04) Badan Peradilan Umum", "(400876) PENGADILAN NEGERI MEDAN",
      "(07) SUMATERA UTARA", "(60) KOTA MEDAN")  # fmt: skip

# PN Medan, TA 2023: the IKP and IKK coded as the 2020 IKK are (01, 02 under each sasaran,
# not 01.01), the IKK list running onto page 2 under its repeated header.
MA_BARE_2023 = (
    page(1, 2023, *MA)
    + rows("""
005.04.BF|<b>Program Penegakan dan Pelayanan Hukum</b>||300,000,000||300,000,000
|<b>Sasaran Program :</b>
01|Meningkatnya penyelesaian perkara tepat waktu
|<b>Indikator Kinerja Program :</b>
01|Persentase perkara yang diselesaikan tepat waktu
02|Indeks kepuasan pencari keadilan
02|Meningkatnya akses peradilan bagi masyarakat miskin
|<b>Indikator Kinerja Program :</b>
01|Persentase perkara prodeo yang diselesaikan
1066|<b>Peningkatan Manajemen Peradilan Umum</b>||300,000,000||300,000,000
|<b>Sasaran Kegiatan :</b>
01|Meningkatnya kualitas pelayanan pengadilan negeri
|<b>Indikator Kinerja Kegiatan :</b>
01|Persentase sisa perkara yang diselesaikan
02|Persentase putusan yang diunggah ke direktori putusan
""")
    + page(2, 2023, *MA)
    + rows("""
|<b>Indikator Kinerja Kegiatan :</b>
03|Indeks kepuasan layanan PTSP
02|Meningkatnya kepatuhan pelaksanaan anggaran
|<b>Indikator Kinerja Kegiatan :</b>
01|Nilai IKPA
1066.BAE|<b>Layanan Peradilan</b>|1.00 Layanan|300,000,000||300,000,000
1066.BAE.001|Layanan Penyelesaian Perkara|1.00 Layanan|300,000,000||300,000,000
""")
    + "\nMedan, 16 Januari 2023\n\n**SUTOYO**\n NIP. 196805121993031002\n"
)


def test_indicators_coded_like_their_sasaran_are_read_as_indicators() -> None:
    doc = parse_text(MA_BARE_2023, "pn.txt")
    (p,) = doc.programs
    assert [(s.code, [i.code for i in s.indicators]) for s in p.sasaran] == [
        ("01", ["01", "02"]),
        ("02", ["01"]),
    ]
    (k,) = p.kegiatan
    assert [(s.code, [i.text for i in s.indicators]) for s in k.sasaran] == [
        (
            "01",
            [
                "Persentase sisa perkara yang diselesaikan",
                "Persentase putusan yang diunggah ke direktori putusan",
                "Indeks kepuasan layanan PTSP",
            ],
        ),
        ("02", ["Nilai IKPA"]),
    ]
    assert [i.seq for i in k.indicators] == [1, 2, 3, 4]
    assert doc.findings == []


def test_a_2020_program_in_an_rspp_document_is_refused() -> None:
    text = kpu(KPU_BODY.replace("3357|<b>", "076.01.01|<b>Program lama</b>\n3357|<b>", 1))
    expected = r"kpu.txt:\d+: found code '076.01.01', expected a program \(076.01.WA\)"
    with pytest.raises(RkaParseError, match=expected):
        parse_text(text, "kpu.txt")


def test_paged_rows_name_their_page() -> None:
    """Rows from a source that knows the printed page (a PDF) are refused with it."""
    texts = kpu(KPU_BODY.replace("3357.EBB|", "3357.EB1|", 1)).split("\n")
    lines = [Line(t, n, 1 if n < 20 else 3) for n, t in enumerate(texts, 1)]
    with pytest.raises(RkaParseError) as e:
        interpret(lines, "doc.pdf")
    assert e.value.page == 3
    assert str(e.value).startswith(f"doc.pdf: page 3, line {e.value.line}: found code '3357.EB1'")


# ----------------------------------------------------------------------------- generated


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32),
    year=st.integers(2021, 2025),
    ministry=st.sampled_from(["076", "054", "005"]),
    fault_rate=st.floats(0, 1),
    rows_per_page=st.tuples(st.integers(1, 12), st.integers(12, 60)),
    inline=st.floats(0, 1),
    column=st.floats(0, 1),
    repeat=st.floats(0, 1),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_generated_rspp_documents_read_back_to_what_generated_them(
    seed: int,
    year: int,
    ministry: str,
    fault_rate: float,
    rows_per_page: tuple[int, int],
    inline: float,
    column: float,
    repeat: float,
    encoding: str,
) -> None:
    knobs = Knobs(
        fault_rate=fault_rate,
        rows_per_page=rows_per_page,
        inline_io_share=inline,
        text_column_share=column,
        repeat_header_share=repeat,
    )
    sd = synth.synth_document(random.Random(seed), year=year, knobs=knobs, ministry=ministry)
    doc = parse_text(sd.text.encode(encoding), "synth.txt")
    sd.expected.source, sd.expected.content_hash = doc.source, doc.content_hash
    assert doc == sd.expected  # every record, seq, line and finding


def test_generated_faults_are_found_at_every_level() -> None:
    rules: set[str] = set()
    for seed in range(60):
        sd = synth.synth_document(random.Random(seed), knobs=Knobs(fault_rate=1.0))
        doc = parse_text(sd.text, "faults.txt")
        assert doc.findings == sd.expected.findings
        rules |= {f.rule for f in doc.findings}
    assert rules >= {"jumlah-arithmetic", "kro-rollup", "kegiatan-rollup", "duplicate-code"}


def test_generated_satkers_span_ministries_and_keep_kpu_codes() -> None:
    from tracker.synth.rka import identities

    pairs = synth.rspp_identities(60)
    assert {m for _, m in pairs} == {"076", "054", "005"}
    kpu = {i.satker.code for i in identities(60)}
    for ident, m in pairs:
        assert (ident.satker.code in kpu) == (m == "076")
    assert len({i.satker.code for i, _ in pairs}) == 60
