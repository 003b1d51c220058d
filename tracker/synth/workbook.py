"""Synthetic Rincian Kertas Kerja Satker workbooks (.xlsx), with the records they must read to.

Why: the workbook reader, the cost join and the load benchmark need many workbooks whose
every number is known. ``cost_tree`` grows komponen → (subkomponen) → akun → details under each
RO of any RSPP document (its own, or one of ``tracker.synth``'s Bagian A documents), summing
exactly to the RO's Jumlah, so a satker-year's two parts agree unless a fault is planted;
``write_xlsx`` lays the workbook out as SAKTI exports it: header block, column header and its
numbering row, codes in A, names in D, ``-`` details with their text in E, volume and unit
together in G, unit price H, amount J, blokir ``*`` in K, sumber dana in L, ``Lokasi``/``KPPN``
rows under each RO, ``>`` groups inside some akun, the column header repeated where a page
would break, and numbers written as numbers or as Indonesian text. ``tracker.synth.workbook_xls``
writes the same rows as an older .xls export.

Knobs (``WorkbookKnobs``): ``text_number_share`` (amounts as ``1.234.567`` text),
``blokir_share`` (details marked ``*``), ``group_share`` (akun with a ``>`` group),
``subkomponen_share`` (komponen split into ``A``/``B``), ``fault_rate`` (chance per RO that one
akun's stated amount is off; ``expected`` findings name each), ``repeat_header_every`` (rows).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from tracker.read.records import (
    LAYOUT_KERTAS_KERJA,
    LAYOUT_RSPP,
    Akun,
    CodeName,
    Detail,
    DocumentHeader,
    Finding,
    Kegiatan,
    Komponen,
    Kro,
    Output,
    Program,
    RkaDocument,
)

COLUMNS = 12  # A..L
HEADER = [
    "KODE",
    "",
    "",
    "PROGRAM/ KEGIATAN/ KRO/ RO/ KOMPONEN/ SUBKOMPONEN/ AKUN/ DETIL",
    "",
    "",
    "VOLUME",
    "HARGA SATUAN",
    "",
    "JUMLAH BIAYA",
    "BLOKIR",
    "SUMBER DANA",
]
NUMBERING = ["(1)", "", "", "(2)", "", "", "(3)", "(4)", "", "(5)", "(6)", "(7)"]

AKUN = (
    ("521211", "Belanja Bahan", ("Paket", "OK", "Keg")),
    ("521213", "Belanja Honor Output Kegiatan", ("OB", "OK", "OJ")),
    ("521219", "Belanja Barang Non Operasional Lainnya", ("Paket", "Keg")),
    ("522151", "Belanja Jasa Profesi", ("OJ", "OK")),
    ("524111", "Belanja Perjalanan Dinas Biasa", ("OP", "OK", "OH")),
    ("524113", "Belanja Perjalanan Dinas Dalam Kota", ("OK", "OH")),
    ("521111", "Belanja Operasional Perkantoran", ("Bulan", "Tahun")),
    ("523111", "Belanja Pemeliharaan Gedung dan Bangunan", ("M2", "Paket")),
)
KOMPONEN = (
    ("001", "Gaji dan Tunjangan"),
    ("002", "Operasional dan Pemeliharaan Kantor"),
    ("051", "Persiapan"),
    ("052", "Pelaksanaan"),
    ("053", "Pelaporan dan Evaluasi"),
)
DETAILS = (
    "Konsumsi rapat",
    "ATK dan bahan komputer",
    "Honor narasumber",
    "Honor panitia pelaksana",
    "Uang harian",
    "Transport lokal",
    "Penginapan",
    "Sewa kendaraan",
    "Penggandaan laporan",
    "Biaya paket meeting",
)
GROUPS = ("PERJALANAN DINAS PUSAT", "RAPAT KOORDINASI", "PENGADAAN BAHAN")
SUMBER = ("RM", "RM", "RM", "PNBP", "PLN")
VOLUMES = (1, 2, 3, 4, 5, 6, 10, 12, 20, 24, 50)


@dataclass(frozen=True)
class WorkbookKnobs:
    text_number_share: float = 0.3
    blokir_share: float = 0.05
    group_share: float = 0.3
    subkomponen_share: float = 0.25
    fault_rate: float = 0.0
    repeat_header_every: int = 0  # 0: never


def _split(total: int, parts: int, rng: random.Random, step: int = 1000) -> list[int]:
    """``parts`` positive amounts (multiples of ``step`` except the last) summing to
    ``total``; fewer parts when the total is too small to share."""
    parts = max(1, min(parts, total // step))
    if parts == 1:
        return [total]
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    out = [max(step, int(w * scale) // step * step) for w in weights[:-1]]
    rest = total - sum(out)
    if rest <= 0:
        return [total]
    return [*out, rest]


def _details(
    total: int, rng: random.Random, units: tuple[str, ...], knobs: WorkbookKnobs, sumber: str
) -> list[Detail]:
    out = []
    for amount in _split(total, rng.randint(1, 4), rng):
        fits = [v for v in VOLUMES if amount % v == 0 and amount // v >= 100]
        volume = rng.choice(fits) if fits else 1
        out.append(
            Detail(
                text=rng.choice(DETAILS),
                volume=float(volume),
                satuan=rng.choice(units),
                harga=amount // volume,
                jumlah=amount,
                blokir=rng.random() < knobs.blokir_share,
                sumber_dana=sumber,
            )
        )
    return out


def cost_tree(output: Output, rng: random.Random, knobs: WorkbookKnobs) -> list[Komponen]:
    """Komponen, akun and details summing exactly to ``output.jumlah``."""
    komponen: list[Komponen] = []
    picks = rng.sample(KOMPONEN, k=rng.randint(1, 3))
    for (kcode, kname), kamount in zip(
        sorted(picks), _split(output.jumlah, len(picks), rng), strict=False
    ):
        subs = ["A", "B"] if rng.random() < knobs.subkomponen_share else [""]
        for sub, samount in zip(subs, _split(kamount, len(subs), rng), strict=False):
            akun = []
            chosen = sorted(rng.sample(AKUN, k=rng.randint(1, 3)))
            for n, ((acode, aname, units), aamount) in enumerate(
                zip(chosen, _split(samount, len(chosen), rng), strict=False), 1
            ):
                sumber = rng.choice(SUMBER)
                details = _details(aamount, rng, units, knobs, sumber)
                if rng.random() < knobs.group_share:
                    group = rng.choice(GROUPS)
                    for d in details:
                        d.group = group
                akun.append(Akun(acode, aname, aamount, details, n))
            code = f"{kcode}.{sub}" if sub else kcode
            name = f"Tahap {sub} {kname}" if sub else kname
            komponen.append(Komponen(code, name, samount, akun, len(komponen) + 1))
    return komponen


def workbook_document(
    bagian_a: RkaDocument, seed: int = 0, knobs: WorkbookKnobs | None = None
) -> RkaDocument:
    """The kertas kerja of an RSPP Bagian A: the same programs, kegiatan, KRO and ROs (codes,
    names, amounts), with a cost tree under each RO."""
    knobs = knobs or WorkbookKnobs()
    rng = random.Random(f"workbook/{bagian_a.document.satker.code}/{bagian_a.document.year}/{seed}")
    doc = RkaDocument(
        document=copy.deepcopy(bagian_a.document),
        programs=[],
        source="",
        layout=LAYOUT_KERTAS_KERJA,
    )
    doc.document.pages = 0
    doc.document.signed_place = doc.document.signed_date = doc.document.signatory = None
    for p in bagian_a.programs:
        kegiatan = []
        for k in p.kegiatan:
            outputs = []
            for o in k.outputs:
                ro = Output(
                    code=o.code,
                    name=o.name,
                    volume=o.volume,
                    unit=o.unit,
                    angka_dasar=o.jumlah,
                    jumlah=o.jumlah,
                    kro=o.kro or o.code.rsplit(".", 1)[0],
                    seq=len(outputs) + 1,
                )
                ro.komponen = cost_tree(ro, rng, knobs) if ro.jumlah > 0 else []
                outputs.append(ro)
            kros: list[Kro] = []
            for ro in outputs:
                if not kros or kros[-1].code != ro.kro:
                    source = next((r for r in k.kro if r.code == ro.kro), None)
                    kros.append(
                        Kro(
                            ro.kro,
                            source.name if source else f"KRO {ro.kro}",
                            source.volume if source else ro.volume,
                            source.unit if source else ro.unit,
                            seq=len(kros) + 1,
                        )
                    )
                kros[-1].outputs.append(ro)
                kros[-1].jumlah += ro.jumlah
                kros[-1].angka_dasar += ro.jumlah
            total = sum(o.jumlah for o in outputs)
            kegiatan.append(
                Kegiatan(k.code, k.name, total, 0, total, outputs=outputs, kro=kros, seq=k.seq)
            )
        total = sum(k.jumlah for k in kegiatan)
        doc.programs.append(Program(p.code, p.name, total, 0, total, kegiatan=kegiatan, seq=p.seq))
    return doc


# --- a small RSPP plan of its own, for tests that need no Bagian A -------------------------

MINISTRIES = (
    (
        CodeName("076", "KOMISI PEMILIHAN UMUM"),
        CodeName("076.01", "SEKRETARIAT JENDERAL KPU"),
        "076.01.WA",
        "Program Dukungan Manajemen",
        (("3357", "Dukungan Manajemen KPU"),),
    ),
    (
        CodeName("054", "BADAN PUSAT STATISTIK"),
        CodeName("054.01", "BADAN PUSAT STATISTIK"),
        "054.01.GG",
        "Program Penyediaan dan Pelayanan Informasi Statistik",
        (
            ("2896", "Penyediaan dan Pengembangan Statistik Sosial"),
            ("2897", "Penyediaan dan Pengembangan Statistik Distribusi"),
        ),
    ),
    (
        CodeName("005", "MAHKAMAH AGUNG"),
        CodeName("005.04", "BADAN PERADILAN AGAMA"),
        "005.04.BF",
        "Program Penegakan dan Pelayanan Hukum",
        (("1066", "Peningkatan Manajemen Peradilan Agama"),),
    ),
)
KROS = (
    (
        "EBA",
        "Layanan Dukungan Manajemen Internal",
        "Layanan",
        (("956", "Layanan BMN"), ("962", "Layanan Umum"), ("994", "Layanan Perkantoran")),
    ),
    (
        "EBB",
        "Layanan Sarana dan Prasarana Internal",
        "Unit",
        (("951", "Layanan Sarana Internal"), ("997", "Layanan Prasarana Internal")),
    ),
    (
        "QMA",
        "Data dan Informasi Publik",
        "Layanan",
        (("001", "Data dan Informasi Publik"), ("002", "Publikasi Statistik")),
    ),
)


def rspp_plan(satker: str, year: int, seed: int = 0, ministry: int = 0) -> RkaDocument:
    """A small RSPP Bagian A plan (records only, no indicators) for workbook tests."""
    rng = random.Random(f"plan/{satker}/{year}/{seed}")
    kl, unit, pcode, pname, kegiatan_list = MINISTRIES[ministry % len(MINISTRIES)]
    header = DocumentHeader(
        year=year,
        ministry=kl,
        unit=unit,
        satker=CodeName(satker, f"SATKER {satker}"),
        province=CodeName("", ""),
        location=CodeName("", ""),
        pages=0,
    )
    kegiatan = []
    for kn, (kcode, kname) in enumerate(kegiatan_list, 1):
        outputs: list[Output] = []
        kros: list[Kro] = []
        for kro_code, kro_name, unit_name, ros in rng.sample(KROS, k=2):
            kro = Kro(f"{kcode}.{kro_code}", kro_name, 1.0, unit_name, seq=len(kros) + 1)
            for ro_code, ro_name in ros[: rng.randint(1, len(ros))]:
                amount = rng.randint(20, 900) * 1_000_000 + rng.choice((0, 250_000, 500_000))
                ro = Output(
                    code=f"{kro.code}.{ro_code}",
                    name=ro_name,
                    volume=float(rng.choice((1, 1, 12))),
                    unit=unit_name,
                    angka_dasar=amount,
                    jumlah=amount,
                    kro=kro.code,
                    seq=len(outputs) + 1,
                )
                outputs.append(ro)
                kro.outputs.append(ro)
                kro.jumlah += amount
                kro.angka_dasar += amount
            kros.append(kro)
        total = sum(o.jumlah for o in outputs)
        kegiatan.append(Kegiatan(kcode, kname, total, 0, total, outputs=outputs, kro=kros, seq=kn))
    total = sum(k.jumlah for k in kegiatan)
    program = Program(pcode, pname, total, 0, total, kegiatan=kegiatan, seq=1)
    return RkaDocument(document=header, programs=[program], layout=LAYOUT_RSPP)


# --- rows as SAKTI lays them out ------------------------------------------------------------


def _money(value: int, rng: random.Random, knobs: WorkbookKnobs) -> int | str:
    if rng.random() < knobs.text_number_share:
        return f"{value:,}".replace(",", ".")
    return value


def _row(**cells: object) -> list[object]:
    row: list[object] = [""] * COLUMNS
    for letter, value in cells.items():
        row[ord(letter) - 65] = value
    return row


def sheet_rows(
    doc: RkaDocument, seed: int = 0, knobs: WorkbookKnobs | None = None
) -> tuple[list[list[object]], list[Finding]]:
    """The workbook's rows for ``doc`` (a ``workbook_document``) and the findings a reader
    must report for the faults planted in them (row numbers 1-based)."""
    knobs = knobs or WorkbookKnobs()
    rng = random.Random(f"rows/{doc.document.satker.code}/{doc.document.year}/{seed}")
    h = doc.document
    total = sum(p.jumlah for p in doc.programs)
    rows: list[list[object]] = [
        _row(A=f"RINCIAN KERTAS KERJA SATKER T.A. {h.year}"),
        _row(),
        _row(A="KEMENTERIAN NEGARA/LEMBAGA", C=":", D=f"({h.ministry.code}) {h.ministry.name}"),
        _row(A="UNIT ORGANISASI", C=":", D=f"({h.unit.code}) {h.unit.name}"),
        _row(A="SATUAN KERJA", C=":", D=f"({h.satker.code}) {h.satker.name}"),
        _row(A="ALOKASI", C=":", D=f"Rp {total:,}".replace(",", ".")),
        _row(),
        list(HEADER),
        list(NUMBERING),
    ]
    expected: list[Finding] = []

    def add(row: list[object]) -> int:
        every = knobs.repeat_header_every
        if every and len(rows) % every == 0:
            rows.append(list(HEADER))
        rows.append(row)
        return len(rows)

    for p in doc.programs:
        add(_row(A=p.code, D=p.name, J=_money(p.jumlah, rng, knobs)))
        for k in p.kegiatan:
            add(
                _row(
                    A=int(k.code) if rng.random() < 0.3 else k.code,
                    D=k.name,
                    J=_money(k.jumlah, rng, knobs),
                )
            )
            for kro in k.kro:
                vol = f"{kro.volume:g} {kro.unit}" if kro.volume is not None else ""
                add(_row(A=kro.code, D=kro.name, G=vol, J=_money(kro.jumlah, rng, knobs)))
                for o in kro.outputs:
                    vol = f"{o.volume:g} {o.unit}" if o.volume is not None else ""
                    add(_row(A=o.code, D=o.name, G=vol, J=_money(o.jumlah, rng, knobs)))
                    add(_row(D=f"Lokasi : {h.location.name or h.satker.name}"))
                    add(_row(D="KPPN : 019 JAKARTA"))
                    fault = rng.random() < knobs.fault_rate
                    _komponen_rows(o, add, rng, knobs, fault, expected)
    return rows, expected


def _komponen_rows(
    o: Output,
    add,
    rng: random.Random,
    knobs: WorkbookKnobs,  # type: ignore[no-untyped-def]
    fault: bool,
    expected: list[Finding],
) -> None:
    written: set[str] = set()
    for km in o.komponen:
        kcode, _, sub = km.code.partition(".")
        if kcode not in written:
            written.add(kcode)
            siblings = [x for x in o.komponen if x.code.partition(".")[0] == kcode]
            kname = next(n for c, n in KOMPONEN if c == kcode) if sub else km.name
            add(_row(A=kcode, D=kname, J=_money(sum(x.jumlah for x in siblings), rng, knobs)))
        if sub:
            add(_row(A=sub, D=km.name, J=_money(km.jumlah, rng, knobs)))
        for a in km.akun:
            stated = a.jumlah
            if fault:
                fault = False
                stated = a.jumlah + 1_000_000
            mark = (
                "*" if a.details and all(d.blokir for d in a.details) and len(a.details) > 1 else ""
            )
            sumber = a.details[0].sumber_dana if a.details else ""
            row = add(_row(A=a.code, D=a.name, J=_money(stated, rng, knobs), K=mark, L=sumber))
            if stated != a.jumlah:
                leaves, a.jumlah = a.jumlah, stated
                expected.append(
                    Finding(
                        "akun-rollup",
                        "error",
                        a.code,
                        f"akun {a.code}: its details sum to {leaves:,}, but its amount is "
                        f"{stated:,} (off by {stated - leaves:,})",
                        row,
                    )
                )
            group = ""
            for d in a.details:
                if d.group and d.group != group:
                    group = d.group
                    add(_row(D=f"> {group}"))
                add(
                    _row(
                        D="-",
                        E=d.text,
                        G=f"{d.volume:g} {d.satuan}",
                        H=_money(d.harga, rng, knobs),
                        J=_money(d.jumlah, rng, knobs),
                        K="*" if d.blokir and not mark else "",
                        L=d.sumber_dana if rng.random() < 0.5 else "",
                    )
                )


def write_xlsx(rows: list[list[object]], path: Path) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kertas Kerja")
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@dataclass
class SynthWorkbook:
    path: Path
    expected: RkaDocument  # what the reader must give (findings included)


def generate(
    bagian_a: list[RkaDocument],
    out_dir: Path,
    seed: int = 0,
    knobs: WorkbookKnobs | None = None,
    write: Callable[[list[list[object]], Path], Path] = write_xlsx,
    suffix: str = ".xlsx",
) -> Iterator[SynthWorkbook]:
    """One ``{satker}_{year}_kertas_kerja.xlsx`` per RSPP Bagian A document (``write`` and
    ``suffix``: ``tracker.synth.workbook_xls.write_xls`` and ``.xls`` for the older export)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for a in bagian_a:
        doc = workbook_document(a, seed, knobs)
        rows, expected = sheet_rows(doc, seed, knobs)
        doc.findings = expected
        h = doc.document
        path = write(rows, out_dir / f"{h.satker.code}_{h.year}_kertas_kerja{suffix}")
        doc.source = str(path)
        yield SynthWorkbook(path, doc)
