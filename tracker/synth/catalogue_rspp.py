"""The RSPP-era national catalogue synthetic documents draw from: ministries, their programs
(``BA.unit.XX``), kegiatan, the national KRO classification and ROs.

Data, kept apart from the generator (``tracker.synth.rspp``) like ``catalogue`` is for 2020.
KRO codes are national (``EBA`` is Layanan Dukungan Manajemen Internal in every ministry), so
the same KRO groups ROs of many satkers; RO names are the unit's own. Built once from its own
fixed seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from tracker.read.records import CodeName
from tracker.synth.catalogue import cut, indicator_text, normalize


@dataclass(frozen=True)
class CatRo:
    code: str  # its own part: 956, 994, or letters
    name: str
    indicators: tuple[str, ...]  # texts that match nothing in reach


@dataclass(frozen=True)
class CatKro:
    code: str  # EBA
    name: str
    unit: str
    indicators: tuple[str, ...]
    ros: tuple[CatRo, ...]


@dataclass(frozen=True)
class CatKegiatanRspp:
    code: str
    name: str
    sasaran: tuple[tuple[str, tuple[str, ...]], ...]  # Sasaran Kegiatan and its IKK texts
    kro: tuple[CatKro, ...]


@dataclass(frozen=True)
class CatProgramRspp:
    code: str
    name: str
    sasaran: tuple[tuple[str, tuple[str, ...]], ...]  # Sasaran Program and its IKP texts
    output_program: tuple[tuple[str, tuple[str, ...]], ...]  # name and its indicator texts
    kegiatan: tuple[CatKegiatanRspp, ...]


@dataclass(frozen=True)
class Ministry:
    code: CodeName
    unit: CodeName
    satker_prefix: str  # what a satker's name starts with
    provincial: str  # the name of a province-level satker
    programs: tuple[str, ...]  # keys of _PROGRAMS


MINISTRIES = {
    "076": Ministry(
        CodeName("076", "KOMISI PEMILIHAN UMUM"),
        CodeName("01", "Komisi Pemilihan Umum"),
        "KPU",
        "KPU PROVINSI",
        ("076.01.WA", "076.01.DH"),
    ),
    "054": Ministry(
        CodeName("054", "BADAN PUSAT STATISTIK"),
        CodeName("01", "Badan Pusat Statistik"),
        "BPS",
        "BPS PROVINSI",
        ("054.01.WA", "054.01.GG"),
    ),
    "005": Ministry(
        CodeName("005", "MAHKAMAH AGUNG"),
        CodeName("04", "Badan Peradilan Umum"),
        "PENGADILAN NEGERI",
        "PENGADILAN TINGGI",
        ("005.01.WA", "005.04.BF"),
    ),
}

# National KRO: code → (name, unit, RO codes and names it usually holds).
_KRO = {
    "EBA": (
        "Layanan Dukungan Manajemen Internal",
        "Layanan",
        [
            ("956", "Layanan BMN"),
            ("955", "Layanan Manajemen Keuangan"),
            ("962", "Layanan Umum"),
            ("994", "Layanan Perkantoran"),
            ("960", "Layanan Organisasi dan Tata Kelola Internal"),
        ],
    ),
    "EBB": (
        "Layanan Sarana dan Prasarana Internal",
        "Unit",
        [("951", "Layanan Sarana Internal"), ("952", "Layanan Prasarana Internal")],
    ),
    "EBC": (
        "Layanan Manajemen SDM Internal",
        "Orang",
        [("954", "Layanan Manajemen SDM"), ("996", "Pendidikan dan Pelatihan Pegawai")],
    ),
    "EBD": (
        "Layanan Manajemen Kinerja Internal",
        "Dokumen",
        [
            ("953", "Layanan Perencanaan dan Penganggaran"),
            ("955", "Layanan Pemantauan dan Evaluasi"),
        ],
    ),
    "BMA": (
        "Data dan Informasi Publik",
        "Layanan",
        [("001", "Layanan Data dan Informasi"), ("ABC", "Publikasi Hasil Kegiatan")],
    ),
    "QMA": (
        "Data dan Informasi Publik",
        "Dokumen",
        [("001", "Publikasi Statistik Daerah"), ("002", "Data Statistik Sektoral")],
    ),
    "PBH": (
        "Fasilitasi dan Pembinaan Lembaga",
        "Lembaga",
        [("001", "Fasilitasi Tahapan Pemilihan"), ("002", "Pembinaan Badan Adhoc")],
    ),
    "SCM": (
        "Sosialisasi dan Diseminasi",
        "Kegiatan",
        [("001", "Sosialisasi dan Pendidikan Pemilih"), ("A01", "Diseminasi Informasi Publik")],
    ),
    "BAH": (
        "Layanan Hukum",
        "Perkara",
        [("001", "Penyelesaian Perkara Pidana"), ("002", "Penyelesaian Perkara Perdata")],
    ),
}

_PROGRAMS = {
    "076.01.WA": (
        "Program Dukungan Manajemen",
        {
            "3357": (
                "Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya KPU",
                ["EBA", "EBB", "EBC", "EBD"],
            ),
            "3361": ("Pengawasan dan Peningkatan Akuntabilitas Aparatur KPU", ["EBA", "EBD"]),
        },
    ),
    "076.01.DH": (
        "Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
        {
            "3363": ("Perumusan Peraturan dan Advokasi Hukum Pemilu", ["BMA", "SCM"]),
            "3364": ("Fasilitasi Pelaksanaan Tahapan Pemilu dan Pemilihan", ["PBH", "SCM", "BMA"]),
        },
    ),
    "054.01.WA": (
        "Program Dukungan Manajemen",
        {
            "2886": (
                "Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya BPS Provinsi",
                ["EBA", "EBB", "EBD"],
            ),
        },
    ),
    "054.01.GG": (
        "Program Penyediaan dan Pelayanan Informasi Statistik",
        {
            "2897": ("Penyediaan dan Pengembangan Statistik Sosial", ["QMA", "BMA"]),
            "2902": ("Penyediaan dan Pengembangan Statistik Distribusi dan Jasa", ["QMA"]),
        },
    ),
    "005.01.WA": (
        "Program Dukungan Manajemen",
        {
            "1066": (
                "Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya Mahkamah Agung",
                ["EBA", "EBB", "EBC"],
            ),
        },
    ),
    "005.04.BF": (
        "Program Penegakan dan Pelayanan Hukum",
        {
            "1069": ("Peningkatan Manajemen Peradilan Umum", ["BAH", "BMA"]),
        },
    ),
}

_SASARAN_HEADS = ["Meningkatnya", "Terwujudnya", "Terselenggaranya", "Tersedianya"]
_SASARAN_THINGS = [
    "tata kelola dan akuntabilitas kinerja",
    "kualitas layanan dukungan manajemen",
    "kualitas data dan informasi",
    "pelayanan publik yang prima",
    "sarana dan prasarana yang memadai",
    "kapasitas sumber daya manusia",
]


def _sasaran(rng: random.Random, seen: set[str], n: tuple[int, int]) -> tuple:
    out = []
    for _ in range(rng.randint(*n)):
        text = cut(f"{rng.choice(_SASARAN_HEADS)} {rng.choice(_SASARAN_THINGS)}")
        indicators = []
        for _ in range(rng.randint(1, 3)):
            t = indicator_text(rng)
            if normalize(t) not in seen:
                seen.add(normalize(t))
                indicators.append(t)
        out.append((text, tuple(indicators)))
    return tuple(out)


def _unseen(rng: random.Random, seen: set[str], n: int) -> tuple[str, ...]:
    texts: list[str] = []
    while len(texts) < n:
        t = indicator_text(rng)
        if normalize(t) not in seen:
            texts.append(t)
    return tuple(texts)


@cache
def catalogue_rspp() -> dict[str, CatProgramRspp]:
    """Every ministry's programs, the same on every run (its own fixed seed)."""
    rng = random.Random("rka-catalogue-rspp")
    out: dict[str, CatProgramRspp] = {}
    for pcode, (pname, kegiatan_names) in _PROGRAMS.items():
        seen: set[str] = set()
        sasaran = _sasaran(rng, seen, (1, 3))
        ops = tuple(
            (cut(f"Layanan {rng.choice(_SASARAN_THINGS)}"), _unseen(rng, seen, rng.randint(1, 2)))
            for _ in range(rng.randint(1, 2))
        )
        kegiatan = []
        for kcode, (kname, kros) in kegiatan_names.items():
            ks = _sasaran(rng, seen, (1, 3))
            kro = []
            for kc in kros:
                name, unit, ros = _KRO[kc]
                cat_ros = tuple(CatRo(c, n, _unseen(rng, seen, 3)) for c, n in ros)
                kro.append(CatKro(kc, name, unit, _unseen(rng, seen, 2), cat_ros))
            kegiatan.append(CatKegiatanRspp(kcode, cut(kname), ks, tuple(kro)))
        out[pcode] = CatProgramRspp(pcode, pname, sasaran, ops, tuple(kegiatan))
    return out
