"""The budget-performance measures of one satker-year, as the government scores them.

For a satker-year up to month M (the latest month on record, or ``--bulan``), over its
outputs i with pagu P_i (the output's Jumlah; the sums are computed over the outputs, never a
stated total that does not reconcile), target volume T_i, realised volume V_i at M and money
spent R_i to M:

- penyerapan = Σ R_i / Σ P_i × 100;
- deviasi (halaman III DIPA) = the mean over months m ≤ M with planned money of
  |Σ_i realisasi_im − Σ_i rpd_im| / Σ_i rpd_im × 100;
- capaian_output = the mean over outputs with T_i > 0 of min(V_i / T_i, 1) × 100;
- efisiensi (PMK 214/2017) = Σ_i (P_i / T_i × V_i − R_i) / Σ_i (P_i / T_i × V_i) × 100 over
  the same outputs, and its score 50 + E / 20 × 50, held within 0–100.

Here R_i = Σ_{m ≤ M} realisasi_im, and V_i is the volume of the latest month m ≤ M that
records one (RVRO is cumulative), 0 when none does. A month is on record when some output
has a realised figure for it (realisasi, volume or progres): the RPD alone plans the whole
year ahead and says nothing about which months have passed. A measure whose denominator is zero (no
pagu, no month with planned money, no output with a target) is ``None``, not 0: nothing to
measure is not a bad score.

Per output, penyerapan_i = R_i / P_i × 100 and capaian_i = min(V_i / T_i, 1) × 100, and its
status is ``tercapai`` (capaian_i = 100), ``sesuai`` (capaian_i ≥ M / 12 × 100, the share of
the year gone), ``tertinggal`` (below that), or ``tanpa_target`` (T_i = 0).

Everything here is pure: facts in, numbers out, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Month:
    rpd: float | None = None
    realisasi: float | None = None
    volume: float | None = None
    progres: float | None = None


@dataclass(frozen=True, slots=True)
class OutputFacts:
    code: str
    pagu: float  # P_i
    target: float  # T_i
    name: str = ""
    kegiatan: str = ""
    unit: str = ""
    uid: str = ""
    months: dict[int, Month] = field(default_factory=dict)

    def spent(self, m: int) -> float:
        """R_i: money spent in months 1..m."""
        return sum(x.realisasi or 0.0 for b, x in self.months.items() if b <= m)

    def planned(self, m: int) -> float:
        return sum(x.rpd or 0.0 for b, x in self.months.items() if b <= m)

    def volume(self, m: int) -> float:
        """V_i: the volume of the latest month ≤ m recording one, else 0."""
        recorded = [b for b, x in self.months.items() if b <= m and x.volume is not None]
        if not recorded:
            return 0.0
        return self.months[max(recorded)].volume or 0.0

    def progres(self, m: int) -> float | None:
        recorded = [b for b, x in self.months.items() if b <= m and x.progres is not None]
        return self.months[max(recorded)].progres if recorded else None


def latest_month(outputs: Iterable[OutputFacts]) -> int:
    """The latest month on record for any output (0 when none): the latest with a realised
    figure, since the RPD plans every month of the year ahead."""
    return max(
        (
            b
            for o in outputs
            for b, x in o.months.items()
            if x.realisasi is not None or x.volume is not None or x.progres is not None
        ),
        default=0,
    )


def penyerapan(outputs: Sequence[OutputFacts], m: int) -> float | None:
    pagu = sum(o.pagu for o in outputs)
    if pagu <= 0:
        return None
    return sum(o.spent(m) for o in outputs) / pagu * 100


def deviasi(outputs: Sequence[OutputFacts], m: int) -> float | None:
    per_month = []
    for b in range(1, m + 1):
        rpd = sum((o.months.get(b) or Month()).rpd or 0.0 for o in outputs)
        if rpd <= 0:
            continue
        real = sum((o.months.get(b) or Month()).realisasi or 0.0 for o in outputs)
        per_month.append(abs(real - rpd) / rpd * 100)
    return sum(per_month) / len(per_month) if per_month else None


def capaian(o: OutputFacts, m: int) -> float | None:
    """capaian_i = min(V_i / T_i, 1) × 100; None when T_i = 0."""
    if o.target <= 0:
        return None
    return min(o.volume(m) / o.target, 1.0) * 100


def capaian_output(outputs: Sequence[OutputFacts], m: int) -> float | None:
    values = [c for o in outputs if (c := capaian(o, m)) is not None]
    return sum(values) / len(values) if values else None


def efisiensi(outputs: Sequence[OutputFacts], m: int) -> float | None:
    achieved = 0.0  # Σ P_i / T_i × V_i
    saved = 0.0  # Σ (P_i / T_i × V_i − R_i)
    for o in outputs:
        if o.target <= 0:
            continue
        worth = o.pagu / o.target * o.volume(m)
        achieved += worth
        saved += worth - o.spent(m)
    return saved / achieved * 100 if achieved > 0 else None


def efisiensi_score(e: float | None) -> float | None:
    """50 + E / 20 × 50, held within 0–100."""
    if e is None:
        return None
    return min(max(50 + e / 20 * 50, 0.0), 100.0)


def status(o: OutputFacts, m: int) -> str:
    c = capaian(o, m)
    if c is None:
        return "tanpa_target"
    if c >= 100:
        return "tercapai"
    return "sesuai" if c >= m / 12 * 100 else "tertinggal"


def output_row(o: OutputFacts, m: int) -> dict[str, Any]:
    spent = o.spent(m)
    return {
        "code": o.code,
        "name": o.name,
        "kegiatan": o.kegiatan,
        "pagu": o.pagu,
        "rpd": o.planned(m),
        "realisasi": spent,
        "penyerapan": spent / o.pagu * 100 if o.pagu > 0 else None,
        "target": o.target,
        "unit": o.unit,
        "volume": o.volume(m),
        "progres": o.progres(m),
        "capaian": capaian(o, m),
        "status": status(o, m),
        "above_pagu": spent > o.pagu,
    }


def monthly_curve(outputs: Sequence[OutputFacts]) -> list[dict[str, float]]:
    """Cumulative RPD and realisation at the end of each month 1–12 (the Kinerja chart)."""
    rows = []
    rpd = real = 0.0
    for b in range(1, 13):
        for o in outputs:
            x = o.months.get(b)
            if x is not None:
                rpd += x.rpd or 0.0
                real += x.realisasi or 0.0
        rows.append({"bulan": b, "rpd": rpd, "realisasi": real})
    return rows
