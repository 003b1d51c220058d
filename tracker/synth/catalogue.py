"""The national catalogue and the words synthetic RKA documents are made of.

Kept apart from the generator (``tracker.synth.rka``) because it is data, not logic: programs,
kegiatan and outputs with national codes (the seed's own, plus made-up ones in the same
style), the seed's Sasaran and IKP, indicator phrases, provinces, place and official names.
The catalogue is built once from its own fixed seed, so every run and every satker shares it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

from tracker.read.records import OutputTag

LIMIT = 60  # the export keeps about this many characters of a text cell


def _words(text: str) -> list[str]:
    return text.split()


PROVINCES = [
    ("01", "DKI JAKARTA"), ("02", "JAWA BARAT"), ("03", "JAWA TENGAH"), ("04", "DI YOGYAKARTA"),
    ("05", "JAWA TIMUR"), ("06", "ACEH"), ("07", "SUMATERA UTARA"), ("08", "SUMATERA BARAT"),
    ("09", "RIAU"), ("10", "JAMBI"), ("11", "SUMATERA SELATAN"), ("12", "LAMPUNG"),
    ("13", "KALIMANTAN BARAT"), ("14", "KALIMANTAN TENGAH"), ("15", "KALIMANTAN SELATAN"),
    ("16", "KALIMANTAN TIMUR"), ("17", "SULAWESI UTARA"), ("18", "SULAWESI TENGAH"),
    ("19", "SULAWESI SELATAN"), ("20", "SULAWESI TENGGARA"), ("21", "MALUKU"), ("22", "BALI"),
    ("23", "NUSA TENGGARA BARAT"), ("24", "NUSA TENGGARA TIMUR"), ("25", "PAPUA"),
    ("26", "BENGKULU"), ("27", "MALUKU UTARA"), ("28", "KEPULAUAN BANGKA BELITUNG"),
    ("29", "BANTEN"), ("30", "GORONTALO"), ("31", "KEPULAUAN RIAU"), ("32", "PAPUA BARAT"),
    ("33", "SULAWESI BARAT"), ("34", "KALIMANTAN UTARA"),
]  # fmt: skip
PLACE_WORDS = _words(
    "TANJUNG BATU SUKA KARANG BANJAR MUARA SUNGAI BUKIT PULAU LABUHAN SIDO TELUK KUALA "
    "PADANG LUBUK RANTAU AIR TELAGA"
)
PLACE_ROOTS = _words(
    "JAYA MAJU MULYA SARI RAYA INDAH BARU ASRI MAKMUR AGUNG LESTARI MEKAR BARAT TIMUR "
    "UTARA SELATAN TENGAH PERMAI HARJO REJO SEJAHTERA DAMAI KENCANA"
)
SYLLABLES = _words("ba bu ka ko la lu ma mo na ni pa ra ro sa se ta to wa ja ga de di")
GIVEN_NAMES = _words(
    "AHMAD SITI MUHAMMAD NUR DEWI AGUS BUDI RINA HENDRA YULI IWAN SRI EKO DIAN ARIF "
    "WAHYU LINA FAJAR RUDI INDAH ANDRÉ JOSÉ"
)
FAMILY_NAMES = _words(
    "HIDAYAT SANTOSO NURHAYATI SETIAWAN WIJAYA SAPUTRA HAYAUDIN KURNIAWAN RAHMAN "
    "LESTARI SIREGAR NASUTION PRATAMA SUHARTO HASIBUAN RENÉ MÜLLER"
)
MONTH_NAMES = _words(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
)

_SUBJECTS = [
    "KPU Provinsi dan KPU Kabupaten/Kota",
    "KPU, KPU Provinsi dan KPU Kabupaten/Kota",
    "satker",
    "pegawai",
    "Pejabat Perbendaharaan",
    "pemilih perempuan",
    "pemilih disabilitas",
    "badan adhoc",
    "pemangku kepentingan",
    "unit kerja",
]
_VERBS = [
    "menyelesaikan",
    "melaksanakan",
    "menyusun",
    "mendistribusikan",
    "menyampaikan",
    "menindaklanjuti",
    "mengelola",
    "mendokumentasikan",
    "menerapkan",
    "memanfaatkan",
]
_OBJECTS = [
    "laporan keuangan tepat waktu",
    "pengadaan logistik Pemilu/Pemilihan",
    "data pemilih berkelanjutan",
    "arsip secara elektronik",
    "Barang Milik Negara sesuai ketentuan",
    "informasi publik secara berkala",
    "tahapan Pemilu/Pemilihan sesuai jadwal",
    "rekomendasi hasil pemeriksaan",
    "aplikasi KPU secara terintegrasi",
    "sosialisasi dan pendidikan pemilih",
    "Peraturan KPU yang ditetapkan",
    "pengembangan Sumber Daya Manusia",
    "Reformasi Birokrasi di lingkungan KPU",
    "layanan Teknologi Informasi",
    "Pergantian Antar Waktu anggota DPRD",
]
_DOCUMENTS = [
    "laporan",
    "dokumen",
    "rancangan Peraturan KPU",
    "kajian",
    "draft juklak/juknis",
    "Laporan Barang Milik Negara",
    "Laporan Keuangan",
]
_TOPICS = [
    "sistem akuntansi dan pelaporan keuangan",
    "pengelolaan keuangan di lingkungan KPU",
    "monitoring dan evaluasi program",
    "perencanaan program dan anggaran",
    "riset kepemiluan",
    "Teknologi Informasi Pemilu",
    "hukum dan advokasi",
    "partisipasi masyarakat",
    "pengawasan internal",
    "kerumahtanggaan dan perlengkapan",
]
_OUTPUT_HEADS = ["Layanan", "Laporan", "Dokumen", "Fasilitasi", "Pengelolaan", "Sosialisasi"]
_UNITS = ["Laporan", "Dokumen", "Layanan", "Satker", "satker", "Edisi", "Kegiatan", "Orang"]

ABBREVIATIONS = [
    ("Peraturan KPU", "PKPU"),
    ("Barang Milik Negara", "BMN"),
    ("Laporan Keuangan", "LK"),
    ("Sumber Daya Manusia", "SDM"),
    ("Pergantian Antar Waktu", "PAW"),
    ("Reformasi Birokrasi", "RB"),
    ("Teknologi Informasi", "TI"),
    ("Kabupaten", "Kab"),
]


@dataclass(frozen=True)
class CatOutput:
    code: str
    name: str
    tag: OutputTag | None
    unit: str
    indicators: tuple[str, ...]  # texts that match nothing in reach


@dataclass(frozen=True)
class CatKegiatan:
    code: str
    name: str
    ikk: tuple[tuple[str, str], ...]
    outputs: tuple[CatOutput, ...]


@dataclass(frozen=True)
class CatProgram:
    code: str
    name: str
    sasaran: tuple[tuple[str, tuple[str, ...]], ...]  # (text, IKP texts)
    kegiatan: tuple[CatKegiatan, ...]


_SEED_SASARAN = {
    "076.01.01": (
        (
            "Meningkatnya Kualitas Perencanaan dan Informasi Pemilu",
            ("Persentase KPU Provinsi/Kabupaten/Kota yang",),
        ),
        (
            "Meningkatnya Kapasitas SDM yang Berkompeten",
            ("Persentase Kesesuaian Kompetensi Pegawai terhadap",),
        ),
        (
            "Meningkatnya Ketersediaan operasional kantor dan dukungan",
            ("Persentase fasilitasi kerjasama KPU dengan lembaga riset",),
        ),
        (
            "Meningkatnya Akuntabilitas Keuangan dan Kinerja KPU",
            (
                "Opini BPK atas Laporan Keuangan KPU",
                "Nilai Evaluasi atas Akuntabilitas Kinerja KPU",
                "Nilai Evaluasi atas Pelaksanaan Reformasi Birokrasi KPU",
            ),
        ),
        (
            "Terwujudnya Dukungan Logistik dalam Penyelenggaraan",
            ("Persentase satker yang mendistribusikan logistik",),
        ),
        ("Meningkatnya Kualitas Pengawasan Aparatur Sipil Negara", ()),
    ),
    "076.01.06": (
        (
            "Tersusunnya rancangan peraturan dan keputusan KPU,",
            ("Persentase Rancangan Peraturan KPU yang disusun dan",),
        ),
        (
            "Terwujudnya Tahapan Pemilu/Pemilihan Sesuai Jadwal",
            ("Persentase KPU/KPU Provinsi/KPU Kabupaten/Kota yang",),
        ),
    ),
    "076.01.02": (
        (
            "Meningkatnya Kualitas Sarana dan Prasarana KPU",
            ("Persentase satker dengan sarana dan prasarana yang memadai",),
        ),
    ),
}
_PROGRAMS = {
    "076.01.01": (
        "Program Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya KPU",
        {
            "3355": "Pelaksanaan Akuntabilitas Pengelolaan Administrasi Keuangan",
            "3356": "Pengelolaan Data, Dokumentasi, Pengadaan, Distribusi Logistik",
            "3357": "Pelaksanaan Manajemen Perencanaan dan Data",
            "3358": "Peningkatan Kapasitas Sumber Daya Manusia KPU",
            "3359": "Pengelolaan Hubungan Masyarakat dan Partisipasi",
            "3360": "Penyelenggaraan Operasional dan Pemeliharaan Perkantoran",
            "3361": "Pemeriksaan di Lingkungan Setjen KPU, Sekretariat KPU Provinsi",
        },
    ),
    "076.01.02": (
        "Program Peningkatan Sarana dan Prasarana Aparatur KPU",
        {"3362": "Pengadaan Sarana dan Prasarana di Lingkungan KPU"},
    ),
    "076.01.06": (
        "Program Penguatan Kelembagaan Demokrasi dan Perbaikan Proses Politik",
        {
            "3363": "Penyiapan Penyusunan Rancangan Peraturan KPU, Pelaksanaan Advokasi",
            "3364": "Fasilitasi Pelaksanaan Tahapan Pemilu Legislatif, Pemilu Presiden",
            "3365": "Pengelolaan Data dan Informasi Pemilih",
            "3366": "Pengelolaan Teknis Penyelenggaraan Pemilu",
        },
    ),
}


def cut(text: str, limit: int = LIMIT) -> str:
    """What the export does to a long cell: keep whole words up to ``limit`` characters."""
    if len(text) <= limit:
        return text
    i = text.rfind(" ", 0, limit + 1)
    return text[:i].rstrip() if i > 0 else text[:limit]


def normalize(text: str) -> str:
    """Loose form used only to keep "matches nothing" texts really unmatched."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def indicator_text(rng: random.Random) -> str:
    form = rng.randrange(4)
    if form == 0:
        text = f"Persentase {rng.choice(_SUBJECTS)} yang {rng.choice(_VERBS)} "
        text += rng.choice(_OBJECTS)
    elif form == 1:
        text = f"Jumlah {rng.choice(_DOCUMENTS)} {rng.choice(_TOPICS)}"
    elif form == 2:
        text = f"Nilai Evaluasi atas {rng.choice(_TOPICS)}"
    else:
        text = f"Persentase {rng.choice(_OBJECTS)} oleh {rng.choice(_SUBJECTS)}"
    return cut(text)


@cache
def catalogue() -> tuple[CatProgram, ...]:
    """The national catalogue, the same on every run (its own fixed seed)."""
    rng = random.Random("rka-catalogue-2020")
    programs = []
    for pcode in sorted(_PROGRAMS):
        pname, kegiatan_names = _PROGRAMS[pcode]
        kegiatan = []
        for kcode, kname in kegiatan_names.items():
            ikk: list[tuple[str, str]] = []
            n_groups = rng.randint(1, 4)
            seen: set[str] = set()
            for _ in range(n_groups):
                for j in range(rng.randint(1, 4)):
                    text = indicator_text(rng)
                    if normalize(text) in seen:
                        continue
                    seen.add(normalize(text))
                    ikk.append((f"{j + 1:02d}", text))
            outputs = []
            numbers = sorted(rng.sample(range(1, 40), rng.randint(2, 6)))
            if rng.random() < 0.6:
                numbers.append(994)  # Layanan Perkantoran, as in the seed
            for n in numbers:
                if n == 994:
                    name = "Layanan Perkantoran"
                else:
                    name = cut(f"{rng.choice(_OUTPUT_HEADS)} {rng.choice(_TOPICS)}", 52)
                    if rng.random() < 0.3:
                        name = cut(f"{name} {rng.choice(_OBJECTS)}", 75)
                tag: OutputTag | None = rng.choice(["baseline", "baseline", "new", None])
                texts: list[str] = []
                while len(texts) < 3:
                    text = indicator_text(rng)
                    if normalize(text) not in seen:
                        texts.append(text)
                outputs.append(
                    CatOutput(f"{kcode}.{n:03d}", name, tag, rng.choice(_UNITS), tuple(texts))
                )
            kegiatan.append(CatKegiatan(kcode, kname, tuple(ikk), tuple(outputs)))
        programs.append(CatProgram(pcode, pname, _SEED_SASARAN[pcode], tuple(kegiatan)))
    return tuple(programs)
