"""The money and the delivery behind every IKP and IKK: how much its outputs plan and have
spent, and how far along they are, so an indicator whose outputs are behind is visible.

Which outputs stand behind an indicator is exactly what coverage says
(:mod:`tracker.trace.coverage`): the distinct funded outputs of its best-tier routes, each
output counted once per indicator however many routes bring it. For indicator k with those
outputs O_k, up to month M:

- pagu_k = Σ_{i ∈ O_k} P_i, rpd_k = the money its outputs planned to withdraw in months
  1..M (halaman III DIPA), and realisasi_k = Σ_{i ∈ O_k} R_i;
- penyerapan_k = realisasi_k / pagu_k × 100;
- capaian_k = the mean over i ∈ O_k with T_i > 0 of min(V_i / T_i, 1) × 100 (the measure's
  capaian_output restricted to O_k);
- at_risk (for a threshold t) when O_k is not empty and every output of O_k with a target
  has capaian_i < t (and at least one has a target).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from neo4j import Driver

from tracker.measure import measures as ms
from tracker.measure import report
from tracker.trace import coverage as cov

COLUMNS = [
    *cov.NAMED_COLUMNS,
    "outputs",
    "pagu",
    "rpd",
    "realisasi",
    "penyerapan",
    "capaian",
    "at_risk",
]


def frame(
    f: cov.Facts, outputs: list[ms.OutputFacts], m: int, threshold: float = 50.0
) -> pd.DataFrame:
    """One row per IKP and IKK (pure: coverage facts and realisation facts in)."""
    by_code = {o.code: o for o in outputs}
    rows: list[dict[str, Any]] = []
    for s in cov.ordered(cov.compute(f)):
        if s.level == "output":
            continue
        codes = list(dict.fromkeys(f.outputs[u]["code"] for u in s.outputs))
        mine = [by_code[c] for c in codes if c in by_code]
        pagu = sum(o.pagu for o in mine)
        spent = sum(o.spent(m) for o in mine)
        caps = [c for o in mine if (c := ms.capaian(o, m)) is not None]
        rows.append(
            {
                **cov.named(s),
                "outputs": codes,
                "pagu": pagu,
                "rpd": sum(o.planned(m) for o in mine),
                "realisasi": spent,
                "penyerapan": spent / pagu * 100 if pagu > 0 else None,
                "capaian": sum(caps) / len(caps) if caps else None,
                "at_risk": bool(caps) and all(c < threshold for c in caps),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def indicators(
    driver: Driver,
    satker: str,
    year: int,
    bulan: int | None = None,
    threshold: float = 50.0,
    database: str | None = None,
) -> pd.DataFrame:
    outputs = report.facts(driver, satker, year, database)
    m = bulan if bulan is not None else ms.latest_month(outputs)
    return frame(cov.facts(driver, satker, year, database), outputs, m, threshold)
