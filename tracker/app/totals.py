"""A satker-year's budget totals as computed from its outputs, beside the totals its document
states.

The printed totals do not always reconcile (KPU Kota Serang's 2020 document states Jumlah
Rp 147.640.000 while its outputs add up to Rp 3.076.120.000), and a reader takes the headline
figure as the satker's size. So pages show the computed sum, and flag the stated figure
where it differs, rather than repeating a misprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

FIELDS = (
    ("angka_dasar", "total_angka_dasar"),
    ("inisiatif_baru", "total_inisiatif_baru"),
    ("jumlah", "total_jumlah"),
)


@dataclass(frozen=True)
class Total:
    field: str  # angka_dasar, inisiatif_baru or jumlah
    computed: int  # the sum over the satker-year's outputs
    stated: int | None  # what the document's total row says (None: not stated)

    @property
    def differs(self) -> bool:
        return self.stated is not None and self.stated != self.computed


def totals(rka: dict[str, Any], nodes: pd.DataFrame) -> list[Total]:
    """Angka Dasar, Inisiatif Baru and Jumlah of the outputs in ``nodes`` (the plan nodes of
    ``cypher/app_plan_nodes.cypher``) against the ``Rka``'s stated totals."""
    outputs = nodes[nodes["level"] == "Output"] if "level" in nodes else nodes.iloc[0:0]
    out = []
    for field, stated_key in FIELDS:
        column = outputs[field] if field in outputs else pd.Series(dtype=float)
        computed = int(pd.to_numeric(column, errors="coerce").fillna(0).sum())
        stated = rka.get(stated_key)
        out.append(Total(field, computed, None if stated is None else int(stated)))
    return out
