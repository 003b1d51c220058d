"""The parser on the real seed: every level, every trap the format notes list, the findings."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import SEED

from tracker.read.document import parse_file, parse_text
from tracker.read.findings import check
from tracker.read.layouts.rka2020 import split_tag
from tracker.read.records import Finding, RkaDocument
from tracker.read.tables import COLUMNS, frames


@pytest.fixture(scope="module")
def doc() -> RkaDocument:
    return parse_file(SEED)


def kegiatan(doc: RkaDocument, code: str):
    return next(k for p in doc.programs for k in p.kegiatan if k.code == code)


def output(doc: RkaDocument, code: str):
    return next(o for p in doc.programs for k in p.kegiatan for o in k.outputs if o.code == code)


def test_seed_counts_every_level(doc: RkaDocument) -> None:
    sasaran = [s for p in doc.programs for s in p.sasaran]
    kegiatan_ = [k for p in doc.programs for k in p.kegiatan]
    outputs = [o for k in kegiatan_ for o in k.outputs]
    assert len(doc.programs) == 2
    assert len(sasaran) == 8
    assert sum(len(s.indicators) for s in sasaran) == 9
    assert len(kegiatan_) == 7
    assert sum(len(k.indicators) for k in kegiatan_) == 53
    assert len(outputs) == 16
    assert sum(len(o.indicators) for o in outputs) == 14
    assert sum(o.jumlah for o in outputs) == 3_076_120_000


def test_seed_has_exactly_the_program_finding(doc: RkaDocument) -> None:
    assert len(doc.findings) == 1
    f = doc.findings[0]
    assert (f.rule, f.severity, f.code, f.line) == ("jumlah-arithmetic", "error", "076.01.01", 20)
    assert "73,820,000" in f.message
    assert "3,002,300,000" in f.message
    assert "kegiatan sum to 3,002,300,000" in f.message


def test_header_and_signature(doc: RkaDocument) -> None:
    head = doc.to_dict()["document"]
    assert head == {
        "year": 2020,
        "ministry": {"code": "076", "name": "KOMISI PEMILIHAN UMUM"},
        "unit": {"code": "01", "name": "Komisi Pemilihan Umum"},
        "satker": {"code": "670714", "name": "KPU KOTA SERANG"},
        "province": {"code": "29", "name": "BANTEN"},
        "location": {"code": "53", "name": "KOTA SERANG"},
        "pages": 5,
        "signed_place": "Serang",
        "signed_date": "2020-01-31",
        "signatory": {"name": "HAYAUDIN", "nip": "197512192002121005"},
        "layout": "2020",
    }


def test_programs_and_money(doc: RkaDocument) -> None:
    p1, p2 = doc.programs
    assert (p1.code, p1.name) == ("076.01.01", "Program Dukungan Manajemen dan Pelaksanaan Tugas")
    assert (p1.angka_dasar, p1.inisiatif_baru, p1.jumlah) == (3_002_300_000, 0, 73_820_000)
    assert (p2.code, p2.name, p2.jumlah) == (
        "076.01.06",
        "Program Penguatan Kelembagaan Demokrasi dan",
        73_820_000,
    )
    assert [(p.seq, p.line) for p in doc.programs] == [(1, 20), (2, 172)]
    k = kegiatan(doc, "3355")
    assert (k.name, k.angka_dasar, k.jumlah, k.line) == (
        "Pelaksanaan Akuntabilitas Pengelolaan Administrasi",
        2_390_384_000,
        2_390_384_000,
        41,
    )
    o = output(doc, "3361.005")
    assert (o.volume, o.unit, o.angka_dasar, o.inisiatif_baru, o.jumlah) == (
        3.0,
        "Laporan",
        4_956_000,
        0,
        4_956_000,
    )


def test_sasaran_and_ikp_including_the_empty_list(doc: RkaDocument) -> None:
    p1 = doc.programs[0]
    assert [s.code for s in p1.sasaran] == ["01", "02", "03", "04", "05", "06"]
    assert [i.code for i in p1.sasaran[3].indicators] == ["04.01", "04.02", "04.03"]
    assert p1.sasaran[3].indicators[0].text == "Opini BPK atas Laporan Keuangan KPU"
    assert p1.sasaran[5].text == "Meningkatnya Kualitas Pengawasan Aparatur Sipil Negara"
    assert p1.sasaran[5].indicators == []  # header with nothing under it: data, no finding
    assert doc.programs[1].sasaran[1].indicators[0].text.startswith("Presentasi")  # typo kept


def test_repeated_codes_keep_their_order(doc: RkaDocument) -> None:
    ikk = kegiatan(doc, "3355").indicators
    assert [i.code for i in ikk] == ["01"] * 5
    assert [i.seq for i in ikk] == [1, 2, 3, 4, 5]
    assert ikk[1].text == "Jumlah laporan sistem akuntansi dan pelaporan keuangan"


def test_lists_continue_across_page_breaks(doc: RkaDocument) -> None:
    ikk = kegiatan(doc, "3356").indicators  # header on page 1, items on page 2
    assert [i.code for i in ikk] == ["01", "02", "03", "04"]
    assert ikk[0].line == 78
    ikk = kegiatan(doc, "3360").indicators  # eight on page 2, two more on page 3
    assert len(ikk) == 10
    assert [i.seq for i in ikk] == list(range(1, 11))
    assert ikk[-1].text == "Persentase gangguan keamanan dalam lingkungan KPU/KPU"


def test_indicator_output_in_all_three_positions(doc: RkaDocument) -> None:
    # code column
    assert [(i.code, i.text) for i in output(doc, "3355.003").indicators] == [
        ("01", "Jumlah laporan sistem akuntansi dan pelaporan keuangan")
    ]
    # text column, two of them
    io = output(doc, "3356.008").indicators
    assert [(i.code, i.seq) for i in io] == [("01", 1), ("02", 2)]
    assert io[1].text == "Persentase satker yang mendokumentasikan data kebutuhan"
    # inline on the output's own row
    o = output(doc, "3364.032")
    assert (o.name, o.tag, o.unit) == ("Pengelolaan Rumah Pintar Pemilu", "baseline", "satker")
    assert [(i.code, i.text, i.line) for i in o.indicators] == [
        ("01", "Jumlah KPU Provinsi/ Kabupaten/Kota yang telah membentuk", o.line)
    ]


def test_empty_indicator_lists(doc: RkaDocument) -> None:
    assert output(doc, "3364.002").indicators == []
    for code, name in [
        ("3364.007", "Pendidikan Pemilih Kepada Daerah Partisipasi Rendah, Daerah"),
        ("3364.030", "Dokumen Teknis Pemilu Legislatif, Pemilu Presiden dan Wakil"),
    ]:
        o = output(doc, code)
        assert (o.name, o.tag, o.indicators) == (name, None, [])


@pytest.mark.parametrize(
    ("code", "name", "tag"),
    [
        ("3355.003", "Laporan Sistem Akuntansi dan Pelaporan Keuangan Pemilu", "baseline"),
        ("3355.007", "Laporan Pertanggungjawaban Penggunaan Anggaran (LPPA)", "baseline"),
        ("3355.994", "Layanan Perkantoran", "baseline"),
        ("3356.008", "Data Kebutuhan dan anggaran logistik pemilu/pemilihan", "new"),
        ("3357.001", "Dokumen Perencanaan Anggaran", "baseline"),
        ("3357.004", "Laporan pelaksanaan kegiatan dan Analisis Capaian Kinerja", None),
        ("3363.012", "Dokumentasi dan Informasi Produk Hukum", "new"),
    ],
)
def test_output_tags_are_stripped_and_kept(doc: RkaDocument, code: str, name: str, tag) -> None:
    o = output(doc, code)
    assert (o.name, o.tag) == (name, tag)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Layanan Perkantoran [Base Line]", ("baseline", "Layanan Perkantoran")),
        ("Layanan Perkantoran (Base Line)", ("baseline", "Layanan Perkantoran")),
        ("Layanan (Base", ("baseline", "Layanan")),
        ("Layanan [Base Li", ("baseline", "Layanan")),
        ("Dokumen [Output Baru - 2021]", ("new", "Dokumen")),
        ("Dokumen [Output Baru -", ("new", "Dokumen")),
        ("Dokumen [Output", ("new", "Dokumen")),
        ("Dokumen [output baru", ("new", "Dokumen")),
        ("Laporan (LPPA)", (None, "Laporan (LPPA)")),
        ("Laporan (LPPA", (None, "Laporan (LPPA")),
        ("Laporan (Ba", (None, "Laporan (Ba")),  # too short to be sure it is a tag
        ("Laporan [Base Line] Tahunan", (None, "Laporan [Base Line] Tahunan")),
        ("Laporan", (None, "Laporan")),
    ],
)
def test_split_tag(name: str, expected: tuple) -> None:
    assert split_tag(name) == expected


def test_to_dict_is_json_in_document_order(doc: RkaDocument) -> None:
    data = json.loads(json.dumps(doc.to_dict()))
    assert list(data) == ["document", "programs", "findings"]
    assert [k["code"] for p in data["programs"] for k in p["kegiatan"]] == [
        "3355",
        "3356",
        "3357",
        "3360",
        "3361",
        "3363",
        "3364",
    ]
    first_output = data["programs"][0]["kegiatan"][0]["outputs"][0]
    assert list(first_output) == [
        "code",
        "name",
        "tag",
        "volume",
        "satuan",
        "angka_dasar",
        "inisiatif_baru",
        "jumlah",
        "indicators",
    ]
    assert data["findings"][0]["rule"] == "jumlah-arithmetic"


def test_bytes_text_and_file_agree(doc: RkaDocument) -> None:
    raw = SEED.read_bytes()
    from_bytes = parse_text(raw, str(SEED))
    from_text = parse_text(raw.decode("utf-8"), str(SEED))
    assert from_bytes == doc
    assert from_text.to_dict() == doc.to_dict()
    assert doc.content_hash == hashlib.sha256(raw).hexdigest()
    assert doc.source == str(SEED)


def test_findings_are_recomputed_from_records(doc: RkaDocument) -> None:
    """``check`` needs only the records (a stored document is re-checked without its text):
    on the seed it finds exactly the one program whose Jumlah does not add up."""
    expected = [
        Finding(
            rule="jumlah-arithmetic",
            severity="error",
            code="076.01.01",
            message=(
                "program 076.01.01: Jumlah 73,820,000 is not Angka Dasar 3,002,300,000 + "
                "Inisiatif Baru 0 = 3,002,300,000; its kegiatan sum to 3,002,300,000"
            ),
            line=20,
        )
    ]
    assert check(doc) == expected
    assert doc.findings == expected


def test_frames_of_the_seed(doc: RkaDocument) -> None:
    f = frames(doc)
    assert set(f) == set(COLUMNS)
    assert {name: len(df) for name, df in f.items()} == {
        "programs": 2,
        "sasaran": 8,
        "ikp": 9,
        "kegiatan": 7,
        "ikk": 53,
        "outputs": 16,
        "output_indicators": 14,
        "findings": 1,
    }
    for name, df in f.items():
        assert list(df.columns) == COLUMNS[name]
        assert (df["satker"] == "670714").all() and (df["year"] == 2020).all()
    assert f["outputs"]["jumlah"].sum() == 3_076_120_000
    by_kegiatan = f["outputs"].groupby("kegiatan")["jumlah"].sum()
    assert by_kegiatan["3355"] == 2_390_384_000
    ikk = f["ikk"][f["ikk"]["kegiatan"] == "3355"]
    assert list(ikk["seq"]) == [1, 2, 3, 4, 5]
    io = f["output_indicators"]
    assert list(io[io["output"] == "3356.008"]["seq"]) == [1, 2]


def test_frames_of_many_documents_and_of_none(doc: RkaDocument) -> None:
    f = frames([doc, doc])
    assert len(f["ikk"]) == 106
    empty = frames([])
    assert all(len(df) == 0 for df in empty.values())
    assert str(empty["outputs"]["jumlah"].dtype) == "int64"
