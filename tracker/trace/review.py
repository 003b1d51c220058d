"""The national review queue: the pairs of texts still only ``suggested``, across every
satker-year, grouped the way a national decision would settle them and ranked by money.

KPU's satkers copy the same national indicator texts, so one pair of texts (an Indikator
Output and an IKK, or an IKK and an IKP, under the same owner codes) recurs in hundreds of
satker-years. Grouping by that pair (texts compared normalized, as
:mod:`tracker.trace.decisions` keys national decisions) and ranking by the Jumlah behind it
means that reviewing the top of the list settles most of the money: each row is one national
decision away from done. ``example`` names one satker-year holding the pair, which is where a
national decision made from the queue is recorded as made.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from neo4j import Driver

from tracker.graph.cypher import read
from tracker.trace import matching

QUEUE_COLUMNS = [
    "source_level",
    "source_owner",
    "source_text",
    "target_owner",
    "target_code",
    "target_text",
    "satker_years",
    "jumlah",
    "score",
    "method",
    "reason",
    "satker",
    "year",
    "source_uid",
    "target_uid",
]


def queue(
    driver: Driver,
    year: int | None = None,
    status: str = "suggested",
    database: str | None = None,
) -> pd.DataFrame:
    """One row per pair of texts holding links of ``status``: how many satker-years hold it,
    the Jumlah behind it, the best score and the matcher's reason; largest Jumlah first."""
    records = read(
        driver, "review_queue", database, status=status, year=None if year is None else int(year)
    )
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in records:
        key = (
            r["source_level"],
            r["source_owner"],
            matching.normalize(r["source_text"] or ""),
            r["target_owner"],
            matching.normalize(r["target_text"] or ""),
        )
        keys = {(k["satker"], int(k["year"])) for k in r["keys"]}
        group = groups.get(key)
        if group is None:
            example = r["example"]
            groups[key] = {
                "source_level": r["source_level"],
                "source_owner": r["source_owner"],
                "source_text": r["source_text"],
                "target_owner": r["target_owner"],
                "target_code": r["target_code"],
                "target_text": r["target_text"],
                "keys": keys,
                "jumlah": int(r["jumlah"] or 0),
                "score": float(r["score"] or 0.0),
                "method": r["method"],
                "reason": r["reason"] or "",
                "satker": example["satker"],
                "year": int(example["year"]),
                "source_uid": example["source"],
                "target_uid": example["target"],
            }
        else:
            group["keys"] |= keys
            group["jumlah"] += int(r["jumlah"] or 0)
            group["score"] = max(group["score"], float(r["score"] or 0.0))
    rows = []
    for group in groups.values():
        keys = group.pop("keys")
        rows.append({**group, "satker_years": len(keys)})
    df = pd.DataFrame(rows, columns=QUEUE_COLUMNS)
    if df.empty:
        return df
    return df.sort_values(
        ["jumlah", "satker_years", "source_owner"], ascending=[False, False, True]
    ).reset_index(drop=True)
