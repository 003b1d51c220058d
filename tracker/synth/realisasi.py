"""Synthetic monthly realisation for synthetic (or real) plans, in the three shapes offices
have it: the template (one row per output and month), SAKTI's SP2D payment export and the
RPD workbook. For tests and benchmarks: each figure follows from the plan and a seed, so a
test can compute what the measures must say.

Each output's pagu is planned over the months with a rising profile (more money late in the
year, as budgets are actually drawn); it is spent at a per-output pace around the plan; its
volume grows to a per-output share of its target by December (some outputs fall behind).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from tracker.measure.read_sp2d import SEGMENTS
from tracker.measure.realisasi import TEMPLATE_HEADER
from tracker.read.records import RkaDocument

PROFILE = (4, 5, 6, 7, 8, 8, 9, 9, 10, 10, 11, 13)  # share of the year's plan, per month


@dataclass(frozen=True, slots=True)
class Planned:
    satker: str
    year: int
    kegiatan: str
    program: str
    code: str
    pagu: int
    target: float


def planned(doc: RkaDocument) -> list[Planned]:
    head = doc.document
    return [
        Planned(head.satker.code, head.year, k.code, p.code, o.code, o.jumlah, o.volume or 0.0)
        for p in doc.programs
        for k in p.kegiatan
        for o in k.outputs
    ]


def template_rows(doc: RkaDocument, seed: int = 0, months: int = 12) -> Iterator[list]:
    """Rows of the template header, months 1..``months`` of every output."""
    for o in planned(doc):
        rng = random.Random(f"realisasi:{seed}:{o.satker}:{o.year}:{o.code}")
        pace = rng.uniform(0.6, 1.15)  # spending against the plan
        delivered = rng.choice((1.0, 1.0, 0.8, 0.5, 0.3))  # share of target by December
        total = sum(PROFILE)
        volume = 0.0
        for bulan in range(1, months + 1):
            rpd = round(o.pagu * PROFILE[bulan - 1] / total)
            real = round(rpd * pace * rng.uniform(0.8, 1.2))
            volume = round(o.target * delivered * bulan / 12, 2)
            progres = round(100 * delivered * bulan / 12, 1)
            yield [o.satker, o.year, bulan, o.code, rpd, real, volume, progres]


def write_template_csv(docs: list[RkaDocument], path: Path, seed: int = 0, months: int = 12) -> int:
    """All docs' rows into one CSV; returns the number of rows."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(TEMPLATE_HEADER)
        for doc in docs:
            for row in template_rows(doc, seed, months):
                w.writerow(row)
                n += 1
    return n


def coa(o: Planned, akun: str = "521211") -> str:
    """A 16-segment KODE COA for an output, in :data:`read_sp2d.SEGMENTS` order."""
    if o.code.count(".") == 2:  # RSPP RO: 3357.EBA.956
        kegiatan, kro, ro = o.code.split(".")
        keg_kro = f"{kegiatan}{kro}"
    else:
        kegiatan, ro = o.code.split(".")
        keg_kro = kegiatan
    values = {
        "satker": o.satker,
        "kppn": "019",
        "akun": akun,
        "program": o.program.replace(".", ""),
        "kegiatan_kro": keg_kro,
        "sumber_dana": "A",
        "cara_tarik": "1",
        "kewenangan": "KP",
        "lokasi": "3673",
        "ro": ro,
        "komponen": "051",
        "subkomponen": "A",
        "register": "00000000",
        "intraco": "000000",
        "cadangan": "0",
        "cadangan_2": "000",
    }
    return ".".join(values[s] for s in SEGMENTS)


def sp2d_rows(doc: RkaDocument, seed: int = 0, months: int = 12) -> Iterator[list]:
    """SP2D rows (TANGGAL SP2D, KODE COA, NILAI RUPIAH) whose monthly sums per output are the
    template rows' ``realisasi``: each month's amount paid in one to three SP2D."""
    outputs = {o.code: o for o in planned(doc)}
    for row in template_rows(doc, seed, months):
        o = outputs[row[3]]
        amount = int(row[5])
        rng = random.Random(f"sp2d:{seed}:{o.satker}:{o.code}:{row[2]}")
        parts = rng.randint(1, 3)
        cuts = sorted(rng.randint(0, amount) for _ in range(parts - 1))
        pieces = [b - a for a, b in zip([0, *cuts], [*cuts, amount], strict=True)]
        for i, piece in enumerate(pieces):
            yield [f"{o.year}-{row[2]:02d}-{5 + 7 * i:02d}", coa(o), piece]


def sp2d_csv(doc: RkaDocument, seed: int = 0, months: int = 12) -> str:
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(["NO", "NOMOR SP2D", "TANGGAL SP2D", "KODE COA", "NILAI RUPIAH"])
    for n, (when, code, amount) in enumerate(sp2d_rows(doc, seed, months), start=1):
        w.writerow([n, f"{n:06d}T/019/2020", when, code, amount])
    return buffer.getvalue()


def rpd_workbook(doc: RkaDocument, path: Path, seed: int = 0, short_codes: bool = True) -> None:
    """The RPD workbook (halaman III DIPA): header block, then the cost tree with twelve
    monthly columns in thousands; outputs written short (``003`` under kegiatan ``3355``)
    when ``short_codes``, with a komponen and an akun row under each output."""
    head = doc.document
    rpd = {(r[3], r[2]): r[4] for r in template_rows(doc, seed)}
    book = Workbook()
    sheet = book.active
    sheet.append(["RENCANA PENARIKAN DANA (HALAMAN III DIPA)"])
    sheet.append([f"SATKER : ({head.satker.code}) {head.satker.name}"])
    sheet.append([f"TAHUN ANGGARAN : {head.year}"])
    sheet.append([])
    months = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOV", "DES"]
    sheet.append(["KODE", "URAIAN", *months, "JUMLAH"])
    for p in doc.programs:
        sheet.append([p.code, p.name])
        for k in p.kegiatan:
            sheet.append([k.code, k.name])
            for o in k.outputs:
                code = o.code.split(".")[-1] if short_codes else o.code
                thousands = [rpd[(o.code, b)] / 1000 for b in range(1, 13)]
                sheet.append([code, o.name, *thousands, sum(thousands)])
                sheet.append(["051", "Komponen", *thousands, sum(thousands)])
                sheet.append(["521211", "Belanja Bahan", *thousands, sum(thousands)])
    book.save(path)
