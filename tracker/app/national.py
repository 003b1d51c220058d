"""The national view's satker table, from numbers ``tracker.trace.coverage`` computes.

The per-satker-year ``tracker.trace.coverage.compute`` would need every plan node of the year in
Python (tens of thousands of maps for 550 satkers), so the national page reads two reduced
answers: ``cypher/national_rollup.cypher``, which ``tracker.trace.coverage.ikp_statuses`` turns
into each IKP's status and budget (and ``coverage.rollup`` into the budget per IKP code), and
``cypher/app_national_satkers.cypher`` (IKK statuses and linked output budget per satker). This
module only lays them side by side per satker; ``tests/test_app.py`` checks the table against
``tracker.trace.coverage`` computed the slow way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

SATKER_COLUMNS = [
    "satker",
    "name",
    "province",
    "jumlah",
    "indicators",
    "covered",
    "suggested",
    "structural",
    "uncovered",
    "linked_share",
    "jumlah_outputs",
    "jumlah_linked",
    "jumlah_linked_share",
    "stated_jumlah",
]


def per_satker(
    satkers: pd.DataFrame, ikps: pd.DataFrame, reduced: list[dict[str, Any]]
) -> pd.DataFrame:
    """One row per satker: its Jumlah; its IKP and IKK by status; the share served through a
    link (covered or suggested); and its outputs' Jumlah serving an indicator through a link,
    against all its outputs' Jumlah. ``reduced`` holds the rows of
    ``app_national_satkers.cypher``."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for satker, status in zip(ikps["satker"], ikps["status"], strict=True):
        counts[satker][status] += 1
    money: dict[str, tuple[int, int]] = {}
    for rec in reduced:
        for item in rec["ikk"]:
            counts[rec["satker"]][item["status"]] += int(item["n"])
        money[rec["satker"]] = (int(rec["outputs_jumlah"]), int(rec["linked_jumlah"]))
    rows = []
    for rec in satkers.to_dict("records"):
        code = rec["satker"]
        mine = counts.get(code, {})
        total = sum(mine.values())
        served = mine.get("covered", 0) + mine.get("suggested", 0)
        outputs, linked = money.get(code, (0, 0))
        rows.append(
            {
                "satker": code,
                "name": rec.get("name"),
                "province": rec.get("province"),
                "jumlah": int(rec.get("jumlah") or 0),
                "indicators": total,
                "covered": mine.get("covered", 0),
                "suggested": mine.get("suggested", 0),
                "structural": mine.get("structural", 0),
                "uncovered": mine.get("uncovered", 0),
                "linked_share": served / total if total else 0.0,
                "jumlah_outputs": outputs,
                "jumlah_linked": linked,
                "jumlah_linked_share": linked / outputs if outputs else 0.0,
                # the document's own total, kept to flag where it differs from the outputs'
                "stated_jumlah": rec.get("stated_jumlah"),
            }
        )
    return pd.DataFrame(rows, columns=SATKER_COLUMNS)
