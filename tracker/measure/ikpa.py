"""A partial IKPA-style score (Indikator Kinerja Pelaksanaan Anggaran, PER-5/PB/2024) from the
indicators realisation data supports, and the band it falls in.

IKPA weighs seven indicators (revisi DIPA 10%, deviasi halaman III DIPA 15%, penyerapan 20%,
belanja kontraktual 10%, penyelesaian tagihan 10%, UP/TUP 10%, capaian output 25%). These
data support three; their weights are renormalised over what is available, and the score
says which share of IKPA's weight it covers (60 when all three can be computed):

- penyerapan against the quarterly targets: the cumulative target at the end of quarters
  I–IV is ``QUARTER_TARGETS`` (15, 50, 75, 95: the targets for belanja barang), rising
  linearly within a quarter, so target(M) = t_{q−1} + (t_q − t_{q−1}) × (M − 3(q − 1)) / 3
  with q = ⌈M / 3⌉ and t_0 = 0; its value is min(penyerapan / target(M) × 100, 100);
- deviasi with its 5% tolerance: 100 when deviasi ≤ 5, else max(0, 100 − (deviasi − 5));
- capaian output: its value as it is (0–100).

score = Σ w_k × value_k / Σ w_k over the available indicators k; share = Σ w_k.
Band: Sangat Baik > 90, Baik > 80, Cukup > 60, Kurang > 50, Sangat Kurang otherwise.
With no month on record (M = 0) there is nothing to score yet: no score and no band, not
Sangat Kurang.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

WEIGHTS = {"penyerapan": 20.0, "deviasi": 15.0, "capaian_output": 25.0}
QUARTER_TARGETS = (15.0, 50.0, 75.0, 95.0)
TOLERANCE = 5.0
BANDS = ((90.0, "Sangat Baik"), (80.0, "Baik"), (60.0, "Cukup"), (50.0, "Kurang"))
LOWEST = "Sangat Kurang"


def target(m: int) -> float:
    """The cumulative penyerapan target (percent) at the end of month m."""
    if m <= 0:
        return 0.0
    q = min(math.ceil(m / 3), 4)
    before = QUARTER_TARGETS[q - 2] if q > 1 else 0.0
    return before + (QUARTER_TARGETS[q - 1] - before) * (min(m, 12) - 3 * (q - 1)) / 3


def value_penyerapan(p: float, m: int) -> float:
    return min(p / target(m) * 100, 100.0) if target(m) > 0 else 100.0


def value_deviasi(d: float) -> float:
    return 100.0 if d <= TOLERANCE else max(0.0, 100.0 - (d - TOLERANCE))


def band(score: float | None) -> str | None:
    if score is None:
        return None
    for floor, name in BANDS:
        if score > floor:
            return name
    return LOWEST


@dataclass
class Ikpa:
    score: float | None
    share: float  # percent of IKPA's weight the score covers
    values: dict[str, float] = field(default_factory=dict)
    partial: bool = True

    @property
    def band(self) -> str | None:
        return band(self.score)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "partial": self.partial,
            "share": self.share,
            "weights": {k: WEIGHTS[k] for k in self.values},
            "values": self.values,
        }


def ikpa(
    penyerapan: float | None, deviasi: float | None, capaian_output: float | None, m: int
) -> Ikpa:
    values: dict[str, float] = {}
    if m <= 0:
        return Ikpa(None, 0.0, values)
    if penyerapan is not None:
        values["penyerapan"] = value_penyerapan(penyerapan, m)
    if deviasi is not None:
        values["deviasi"] = value_deviasi(deviasi)
    if capaian_output is not None:
        values["capaian_output"] = capaian_output
    share = sum(WEIGHTS[k] for k in values)
    score = sum(WEIGHTS[k] * v for k, v in values.items()) / share if share else None
    return Ikpa(score, share, values, partial=share < 100)
