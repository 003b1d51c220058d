"""A small RSPP satker-year written by hand, and its realisation as an office would have it,
written here (not by tracker.synth) so the tests check the readers against files nobody
shaped for them: the RPD workbook of halaman III DIPA, SAKTI's SP2D export and the office's
own capaian sheet, with the numbers the hand-computed measures in the tests start from.

Satker 999001, TA 2024, four ROs (pagu = Jumlah, target = volume):

    3357.EBA.956  Layanan BMN              120,000,000   12 Layanan
    3357.EBA.994  Layanan Perkantoran      600,000,000    1 Layanan
    3357.EBB.951  Layanan Sarana Internal   30,000,000    0 Unit     (no target)
    3358.QDC.001  Dokumen Teknis Pemilu    200,000,000    4 Dokumen

Σ P = 950,000,000; program 076.01.WA states Jumlah 1,000,000, which does not reconcile with
its kegiatan (750,000,000) and must not be the pagu.

RPD per month (rupiah): 956 10,000,000 every month; 994 50,000,000 every month; 951
2,500,000 every month; 001 50,000,000 in April–July, nothing otherwise.

SP2D (realisasi) January–March: 956 8 M (5 M + 3 M), 12 M, 10 M; 994 45 M, 55 M, 60 M; 951
0, 2.5 M, 2.5 M; 001 0, 0, 20 M (spent before its plan).

Volume (RVRO): 956 1, 2, 3 in January–March; 994 0.25 in March only; 951 1 in March (no
target); 001 1 in February.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

SATKER = "999001"
YEAR = 2024
PAGU = 950_000_000

_HEAD = """

**RENCANA KERJA ANGGARAN SATKER
RENCANA KINERJA SATUAN KERJA
TAHUN ANGGARAN 2024**

**BAGIAN-A**

KEMEN/LEMB : (076) KOMISI PEMILIHAN UMUM
 UNIT ORG : (01) Komisi Pemilihan Umum
 SATUAN KERJA : (999001) KPU KABUPATEN UJI COBA
 PROPINSI : (36) BANTEN
 LOKASI : (3673) KOTA SERANG

Halaman : 1

KODE\tPROGRAM/SASARAN PROGRAM/INDIKATOR KINERJA PROGRAM/KEGIATAN/SASARAN KEGIATAN/INDIKATOR \
KINERJA KEGIATAN/KRO/RO\tALOKASI ANGGARAN T.A 2024\t\t\t
\t\tVOLUME / SATUAN\tANGKA DASAR\tINISIATIF BARU\tJUMLAH
(1)\t(2)\t(3)\t(4)\t(5)\t(6)
"""
_ROWS = [
    ("076.01.WA", "<b>Program Dukungan Manajemen</b>", "", "750,000,000", "1,000,000"),
    ("", "<i>Sasaran Program :</i>", "", "", ""),
    ("01", "Terwujudnya tata kelola keuangan yang akuntabel", "", "", ""),
    ("", "<i>Indikator Kinerja Program :</i>", "", "", ""),
    ("", "01.01 Opini BPK atas Laporan Keuangan KPU", "", "", ""),
    (
        "3357",
        "<b>Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya KPU</b>",
        "",
        "750,000,000",
        "750,000,000",
    ),
    ("", "<b>Sasaran Kegiatan :</b>", "", "", ""),
    ("01", "Terselenggaranya layanan perkantoran", "", "", ""),
    ("", "<i>Indikator Kinerja Kegiatan :</i>", "", "", ""),
    ("01.01", "Persentase layanan perkantoran yang terselenggara", "", "", ""),
    ("01.02", "Jumlah laporan pengelolaan barang milik negara", "", "", ""),
    (
        "3357.EBA",
        "<b>Layanan Dukungan Manajemen Internal</b>",
        "13.00 Layanan",
        "720,000,000",
        "720,000,000",
    ),
    ("3357.EBA.956", "Layanan BMN", "12.00 Layanan", "120,000,000", "120,000,000"),
    ("", "<i>Indikator RO :</i>", "", "", ""),
    ("01", "Jumlah laporan pengelolaan barang milik negara", "", "", ""),
    ("3357.EBA.994", "Layanan Perkantoran", "1.00 Layanan", "600,000,000", "600,000,000"),
    (
        "3357.EBB",
        "<b>Layanan Sarana dan Prasarana Internal</b>",
        "0.00 Unit",
        "30,000,000",
        "30,000,000",
    ),
    ("3357.EBB.951", "Layanan Sarana Internal", "0.00 Unit", "30,000,000", "30,000,000"),
    (
        "076.01.DH",
        "<b>Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi</b>",
        "",
        "200,000,000",
        "200,000,000",
    ),
    ("", "<i>Sasaran Program :</i>", "", "", ""),
    ("01", "Terselenggaranya pemilu yang berkualitas", "", "", ""),
    ("", "<i>Indikator Kinerja Program :</i>", "", "", ""),
    ("", "01.01 Persentase dokumen teknis pemilu yang ditetapkan", "", "", ""),
    ("3358", "<b>Perencanaan dan Penyelenggaraan Pemilu</b>", "", "200,000,000", "200,000,000"),
    ("", "<b>Sasaran Kegiatan :</b>", "", "", ""),
    ("01", "Tersedianya dokumen teknis pemilu", "", "", ""),
    ("", "<i>Indikator Kinerja Kegiatan :</i>", "", "", ""),
    ("01.01", "Jumlah dokumen teknis pemilu yang ditetapkan", "", "", ""),
    (
        "3358.QDC",
        "<b>Fasilitasi dan Pembinaan Lembaga</b>",
        "4.00 Dokumen",
        "200,000,000",
        "200,000,000",
    ),
    ("3358.QDC.001", "Dokumen Teknis Pemilu", "4.00 Dokumen", "200,000,000", "200,000,000"),
    ("", "<i>Indikator RO :</i>", "", "", ""),
    ("01", "Jumlah dokumen teknis pemilu yang ditetapkan", "", "", ""),
]
_TAIL = """
SERANG, 10 Januari 2024
KUASA PENGGUNA ANGGARAN
ANI UJI
NIP. 198001012005012001
"""


def document(folder: Path, year: int = YEAR) -> Path:
    """The Bagian A of 999001 (for ``year``: the same plan, another budget year)."""
    rows = "\n".join(
        "\t".join((code, text, volume, dasar, "", jumlah))
        for code, text, volume, dasar, jumlah in _ROWS
    )
    text = (_HEAD + rows + "\n" + _TAIL).replace("2024", str(year))
    path = folder / f"{SATKER}_{year}.txt"
    path.write_text(text, encoding="utf-8")
    return path


# The RPD, in thousands, as the monthly columns of each RO's row.
RPD_THOUSANDS = {
    "956": [10_000] * 12,
    "994": [50_000] * 12,
    "951": ["2.500"] * 12,  # Indonesian text: two thousand five hundred (thousand)
    "001": [0, 0, 0, 50_000, 50_000, 50_000, 50_000, 0, 0, 0, 0, 0],
}
# Columns of the twelve months (1-based), with gaps where the real export merges cells.
RPD_MONTH_COLUMNS = (18, 19, 20, 21, 22, 23, 25, 27, 28, 29, 30, 32)
RPD_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def rpd_workbook(path: Path) -> Path:
    """Halaman III DIPA as SAKTI prints it: a title block naming the satker on a ``Satuan
    Kerja`` line, a header of two rows (``Kode`` above, the months under ``Rencana
    Penarikan``) whose month columns have gaps, every level of the cost tree with its
    months, ROs written ``EBA.956`` under their KRO row, and a total line at the foot."""
    book = Workbook()
    s = book.active
    s["A1"] = "RENCANA PENARIKAN DANA (HALAMAN III DIPA) T.A. 2024"
    s["A2"], s["E2"], s["G2"] = "Satuan Kerja", SATKER, "KPU KABUPATEN UJI COBA"
    s["A3"], s["E3"] = "Nomor DIPA", "DIPA-076.01.2.999001/2024"
    s["B7"], s["C7"], s["D7"] = "Kode", "Uraian", "Pagu"
    s["R7"] = "Rencana Penarikan Dana (dalam ribuan rupiah)"
    for column, name in zip(RPD_MONTH_COLUMNS, RPD_MONTHS, strict=True):
        s.cell(row=8, column=column, value=name)

    def row(code: str, name: str, ro: str | None = None) -> None:
        r = s.max_row + 1
        s.cell(row=r, column=2, value=code)
        s.cell(row=r, column=3, value=name)
        if ro is not None:
            for column, v in zip(RPD_MONTH_COLUMNS, RPD_THOUSANDS[ro], strict=True):
                s.cell(row=r, column=column, value=v)

    row("076.01.WA", "Program Dukungan Manajemen")
    row("3357", "Dukungan Manajemen")
    row("3357.EBA", "Layanan Dukungan Manajemen Internal")
    row("EBA.956", "Layanan BMN", "956")
    row("051", "Operasional", "956")
    row("A", "Tanpa sub komponen", "956")
    row("521211", "Belanja Bahan", "956")
    row("EBA.994", "Layanan Perkantoran", "994")
    row("001", "Gaji dan Tunjangan", "994")  # a komponen 001, not the RO 3358.QDC.001
    row("511111", "Belanja Gaji Pokok PNS", "994")
    row("3357.EBB", "Layanan Sarana dan Prasarana Internal")
    row("EBB.951", "Layanan Sarana Internal", "951")
    row("051", "Pemeliharaan", "951")
    row("523111", "Belanja Pemeliharaan Gedung", "951")
    row("076.01.DH", "Program Penyelenggaraan Pemilu")
    row("3358", "Perencanaan dan Penyelenggaraan Pemilu")
    row("3358.QDC", "Fasilitasi dan Pembinaan Lembaga")
    row("QDC.001", "Dokumen Teknis Pemilu", "001")
    row("052", "Penyusunan dokumen", "001")
    row("524111", "Belanja Perjalanan Dinas", "001")
    s.append([])
    s.append([None, None, "JUMLAH", 950_000])
    book.save(path)
    return path


def coa(kegiatan_kro: str, ro: str, akun: str = "521211", program: str = "07601WA") -> str:
    """A KODE COA as SAKTI's export writes it: 16 segments, the RO thirteenth."""
    return ".".join(
        (SATKER, "140", akun, program, kegiatan_kro, "A", "1", "KD", "3673", "00000000")
        + ("000000", "0", ro, "051", "A", "000")
    )


SP2D = (
    # (TANGGAL SP2D as the export may write it, KODE COA, NILAI RUPIAH)
    (datetime.datetime(2024, 1, 10), coa("3357EBA", "956"), 5_000_000),
    ("20/01/2024", coa("3357EBA", "956"), "3.000.000"),
    ("15 Januari 2024", coa("3357EBA", "994", "511111"), "45.000.000,00"),
    ("2024-02-05", coa("3357EBA", "956"), 12_000_000),
    ("05-02-2024", coa("3357EBA", "994", "511111"), 55_000_000),
    (45342, coa("3357EBB", "951", "523111"), 2_500_000),  # Excel serial: 2024-02-20
    ("10-Mar-24", coa("3357EBA", "956"), 10_000_000),
    ("2024-03-12 00:00:00", coa("3357EBA", "994", "511111"), "Rp 60.000.000"),
    ("12/03/2024", coa("3357EBB", "951", "523111"), 2_500_000),
    ("28.03.2024", coa("3358QDC", "001", "524111", "07601DH"), 20_000_000),
)


def sp2d_workbook(path: Path) -> Path:
    """SAKTI's payment monitoring export: two title lines, the header on row 3, one row per
    SP2D with its date in one of several forms, the amount as a number or as text, and the
    total line at the foot."""
    book = Workbook()
    s = book.active
    s.append(["MONITORING REALISASI BELANJA - SAKTI"])
    s.append(["Periode: 01-01-2024 s.d. 31-03-2024"])
    s.append(["NO", "NO SP2D", "TANGGAL SP2D", "KODE COA", "URAIAN", "NILAI RUPIAH"])
    for i, (when, code, amount) in enumerate(SP2D, start=1):
        s.append([i, f"24{i:04d}", when, code, "Pembayaran", amount])
    s.append([None, None, None, None, "JUMLAH", 215_000_000])
    book.save(path)
    return path


OFFICE_CSV = """Kode Satker;Tahun;Bulan;Kode;RPD;Realisasi;Volume;Progres
;;;3357;;;;
;;;EBA;;;;
999001;2024;Januari;956;;;1;8,3%
999001;2024;Februari;956;;;2;16,7%
999001;2024;Maret;956;;;3;25%
999001;2024;3;994;;;0,25;25
;;;EBB;;;;
999001;2024;3;951;;;1;
;;;3358.QDC;;;;
999001;2024;2;001;;;1;25
"""


def office_csv(path: Path) -> Path:
    """The office's own capaian sheet, saved by Excel set to Indonesian: ``;`` between
    cells, a BOM, decimal commas, months by name, progress with ``%``, and the ROs written
    short under kegiatan and KRO rows."""
    path.write_text("\ufeff" + OFFICE_CSV, encoding="utf-8")
    return path
