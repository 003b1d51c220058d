"""The national view's numbers, reduced in Neo4j and finished here.

The per-satker-year ``tracker.trace.coverage.compute`` would need every plan node of the year in
Python (tens of thousands of maps for 550 satkers), so the national page instead reads two
reduced answers: ``cypher/national_rollup.cypher`` (each IKP with the link chains that reach
it; ``tracker.trace.coverage.ikp_from_chains`` gives its status and budget by the same rules) and
``cypher/app_national_satkers.cypher`` (IKK statuses and linked output budget per satker).
This module turns them into the two tables the page shows; ``tests/test_app.py`` checks both
against ``tracker.trace.coverage`` computed the slow way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from tracker.trace import coverage

IKP_COLUMNS = ["satker", "program", "code", "text", "status", "jumlah", "uid"]
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
]


def ikp_statuses(row: dict[str, Any]) -> pd.DataFrame:
    """One row per IKP of the year: its satker, codes, text, status and the Jumlah of the
    outputs its best routes list (the answer of ``national_rollup.cypher``)."""
    chains: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for chain in row["chains"]:
        chains[chain["ikp"]].append(chain)
    rows = []
    for ikp in row["ikps"]:
        status, amount = coverage.ikp_from_chains(chains.get(ikp["uid"], ()), ikp["funded"])
        rows.append(
            {
                "satker": ikp["satker"],
                "program": ikp["program"],
                "code": ikp["code"],
                "text": ikp["text"] or "",
                "status": status,
                "jumlah": int(amount),
                "uid": ikp["uid"],
            }
        )
    return pd.DataFrame(rows, columns=IKP_COLUMNS)


def rollup(ikps: pd.DataFrame) -> pd.DataFrame:
    """Budget per IKP code (program code, IKP code) across satkers, in the shape of
    ``tracker.trace.coverage.national_rollup``: satkers having it, how many at each status, the
    summed Jumlah and its split by status, and the most common wording."""
    rows = []
    for (program, code), group in ikps.groupby(["program", "code"], sort=True):
        counts = group["status"].value_counts()
        texts = group["text"].value_counts()
        top = max(texts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        row: dict[str, Any] = {
            "program": program,
            "code": code,
            "text": top,
            "satkers": group["satker"].nunique(),
            "jumlah": int(group["jumlah"].sum()),
        }
        for status in ("covered", "suggested", "structural", "uncovered"):
            row[status] = int(counts.get(status, 0))
        for status in ("covered", "suggested", "structural"):
            row[f"jumlah_{status}"] = int(group.loc[group["status"] == status, "jumlah"].sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=coverage.ROLLUP_COLUMNS)


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
            }
        )
    return pd.DataFrame(rows, columns=SATKER_COLUMNS)
