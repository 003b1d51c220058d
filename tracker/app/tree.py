"""The plan of one satker-year as the document reads it: Program → Sasaran → IKP, then each
Kegiatan → IKK and Output → Indikator Output, in document order.

Pure functions over the rows of ``cypher/app_plan_nodes.cypher`` (one per plan node, with its
parent's uid), so the tree is tested without a browser and built from one round trip.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

DEPTH = {
    "Program": 0,
    "SasaranProgram": 1,
    "IndikatorKinerjaProgram": 2,
    "Kegiatan": 1,
    "IndikatorKinerjaKegiatan": 2,
    "Output": 2,
    "IndikatorOutput": 3,
    # the RSPP levels (TA 2021 on)
    "OutputProgram": 1,
    "IndikatorOutputProgram": 2,
    "SasaranKegiatan": 2,
    "Kro": 2,
    "IndikatorKro": 3,
}
# Under one parent, which children come first: a program's sasaran before its kegiatan, a
# kegiatan's IKK before its outputs (the document's order).
RANK = {
    "SasaranProgram": 0,
    "IndikatorKinerjaProgram": 0,
    "Kegiatan": 1,
    "IndikatorKinerjaKegiatan": 0,
    "Output": 1,
    "IndikatorOutput": 0,
    "Program": 0,
    "OutputProgram": 0,
    "IndikatorOutputProgram": 0,
    "SasaranKegiatan": 0,
    "Kro": 1,
    "IndikatorKro": 0,
}
INDICATOR_LEVELS = ("IndikatorKinerjaProgram", "IndikatorKinerjaKegiatan", "IndikatorOutput")
FUNDED_LEVELS = ("Program", "Kegiatan", "Output")
SHORT = {
    "Program": "Program",
    "SasaranProgram": "Sasaran",
    "IndikatorKinerjaProgram": "IKP",
    "Kegiatan": "Kegiatan",
    "IndikatorKinerjaKegiatan": "IKK",
    "Output": "Output",
    "IndikatorOutput": "IO",
    "OutputProgram": "Output Program",
    "IndikatorOutputProgram": "Indikator Output Program",
    "SasaranKegiatan": "Sasaran Kegiatan",
    "Kro": "KRO",
    "IndikatorKro": "Indikator KRO",
}


def ordered(nodes: pd.DataFrame) -> pd.DataFrame:
    """The nodes in document (depth-first) order with a ``depth`` column added."""
    if nodes.empty:
        return nodes.assign(depth=pd.Series(dtype=int))
    records: list[dict[str, Any]] = nodes.to_dict("records")
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        children[rec.get("parent")].append(rec)
    for kids in children.values():
        kids.sort(key=lambda r: (RANK.get(r["level"], 9), r.get("seq") or 0))
    out: list[dict[str, Any]] = []
    seen: set[str] = set()

    def walk(rec: dict[str, Any]) -> None:
        if rec["uid"] in seen:
            return
        seen.add(rec["uid"])
        out.append({**rec, "depth": DEPTH.get(rec["level"], 0)})
        for kid in children.get(rec["uid"], []):
            walk(kid)

    for root in children.get(None, []):
        walk(root)
    # Anything orphaned (should not happen) still shows, at the end, rather than vanishing.
    for rec in records:
        if rec["uid"] not in seen:
            walk(rec)
    return pd.DataFrame(out)


def label(rec: dict[str, Any] | pd.Series) -> str:
    """``IKP 05.01 — Persentase satker yang mendistribusikan logistik``."""
    return f"{SHORT.get(rec['level'], rec['level'])} {rec['code']} — {rec.get('text') or ''}"


def ancestors(nodes: pd.DataFrame, uid: str) -> list[dict[str, Any]]:
    """The chain from ``uid`` up to its program, nearest first."""
    by_uid = {r["uid"]: r for r in nodes.to_dict("records")}
    chain: list[dict[str, Any]] = []
    current = by_uid.get(uid)
    while current is not None and current.get("parent"):
        current = by_uid.get(current["parent"])
        if current is not None:
            chain.append(current)
    return chain


def program_of(nodes: pd.DataFrame, uid: str) -> str | None:
    """The uid of the program a node belongs to (itself if it is one)."""
    by_uid = {r["uid"]: r for r in nodes.to_dict("records")}
    rec = by_uid.get(uid)
    while rec is not None and rec["level"] != "Program":
        rec = by_uid.get(rec.get("parent"))
    return rec["uid"] if rec is not None else None


def subtree(nodes: pd.DataFrame, root_uid: str) -> set[str]:
    """uids of ``root_uid`` and everything under it."""
    children: dict[str, list[str]] = defaultdict(list)
    for rec in nodes.to_dict("records"):
        if rec.get("parent"):
            children[rec["parent"]].append(rec["uid"])
    found, stack = set(), [root_uid]
    while stack:
        uid = stack.pop()
        if uid in found:
            continue
        found.add(uid)
        stack.extend(children.get(uid, []))
    return found


def link_candidates(nodes: pd.DataFrame, uid: str) -> list[tuple[str, str]]:
    """The (source, target) pairs a person may link that involve indicator ``uid``: an
    Indikator Output with the IKK of its own kegiatan, an IKK with the IKP of its own program
    (the same rule the linker and ``tracker.trace.decisions`` enforce)."""
    by_uid = {r["uid"]: r for r in nodes.to_dict("records")}
    me = by_uid.get(uid)
    if me is None:
        return []

    def parent(u: str | None) -> str | None:
        rec = by_uid.get(u) if u else None
        return rec.get("parent") if rec else None

    def kegiatan_of(rec: dict[str, Any]) -> str | None:
        if rec["level"] == "IndikatorOutput":
            return parent(rec.get("parent"))  # IO → Output → Kegiatan
        if rec["level"] == "IndikatorKinerjaKegiatan":
            return rec.get("parent")
        return None

    def program_of_indicator(rec: dict[str, Any]) -> str | None:
        if rec["level"] == "IndikatorKinerjaProgram":
            return parent(rec.get("parent"))  # IKP → Sasaran → Program
        if rec["level"] == "IndikatorKinerjaKegiatan":
            return parent(rec.get("parent"))  # IKK → Kegiatan → Program
        return None

    def of_level(level: str) -> list[dict[str, Any]]:
        return [r for r in by_uid.values() if r["level"] == level]

    pairs: list[tuple[str, str]] = []
    level = me["level"]
    if level == "IndikatorOutput":
        k = kegiatan_of(me)
        pairs += [
            (uid, r["uid"]) for r in of_level("IndikatorKinerjaKegiatan") if kegiatan_of(r) == k
        ]
    elif level == "IndikatorKinerjaKegiatan":
        k, p = kegiatan_of(me), program_of_indicator(me)
        pairs += [(r["uid"], uid) for r in of_level("IndikatorOutput") if kegiatan_of(r) == k]
        pairs += [
            (uid, r["uid"])
            for r in of_level("IndikatorKinerjaProgram")
            if program_of_indicator(r) == p
        ]
    elif level == "IndikatorKinerjaProgram":
        p = program_of_indicator(me)
        pairs += [
            (r["uid"], uid)
            for r in of_level("IndikatorKinerjaKegiatan")
            if program_of_indicator(r) == p
        ]
    order = {u: i for i, u in enumerate(nodes["uid"])}
    return sorted(pairs, key=lambda st: (order.get(st[0], 0), order.get(st[1], 0)))
