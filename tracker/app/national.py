"""The national view's per-satker numbers, computed from one year's coverage facts.

``tracker.coverage`` computes every indicator's status for all satkers of a year in one pass
(uids start with the satker code, so the facts of many satkers mix safely); this module only
groups that answer by satker, so the national page costs one query however many satkers
there are.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from tracker import coverage

COLUMNS = [
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
]


def satker_of(uid: str) -> str:
    return uid.split("/", 1)[0]


def per_satker(facts: coverage.Facts, satkers: pd.DataFrame) -> pd.DataFrame:
    """One row per satker: its Jumlah; its IKP and IKK by status; the share served through a
    link (covered or suggested); and the Jumlah of its outputs serving an indicator through a
    link, against all its outputs' Jumlah."""
    status: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for served in coverage.compute(facts):
        if served.level != "output":
            status[satker_of(served.uid)][served.status] += 1
    linked_sources = {link["source"] for link in facts.links if link.get("status") != "rejected"}
    serving_outputs = {io["parent"] for uid, io in facts.ios.items() if uid in linked_sources}
    money: dict[str, dict[str, int]] = defaultdict(lambda: {"all": 0, "linked": 0})
    for uid, output in facts.outputs.items():
        amount = int(output.get("jumlah") or 0)
        bucket = money[satker_of(uid)]
        bucket["all"] += amount
        if uid in serving_outputs:
            bucket["linked"] += amount
    rows = []
    for rec in satkers.to_dict("records"):
        code = rec["satker"]
        counts = status.get(code, {})
        total = sum(counts.values())
        served = counts.get("covered", 0) + counts.get("suggested", 0)
        cash = money.get(code, {"all": 0, "linked": 0})
        rows.append(
            {
                "satker": code,
                "name": rec.get("name"),
                "province": rec.get("province"),
                "jumlah": int(rec.get("jumlah") or 0),
                "indicators": total,
                "covered": counts.get("covered", 0),
                "suggested": counts.get("suggested", 0),
                "structural": counts.get("structural", 0),
                "uncovered": counts.get("uncovered", 0),
                "linked_share": served / total if total else 0.0,
                "jumlah_outputs": cash["all"],
                "jumlah_linked": cash["linked"],
                "jumlah_linked_share": cash["linked"] / cash["all"] if cash["all"] else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
