"""Load kertas kerja workbooks (the satker-year's cost detail) and join them to the Bagian A.

A satker-year's two parts arrive separately and in either order, and each is revised on its
own, so the join is made again whenever either side is written, in that side's transaction:

* a workbook is recorded like a Bagian A (``KertasKerja``: unchanged when its content is
  already on record, else revision n+1 and the current one, or overwritten in place with
  ``replace``); its cost tree (``Komponen`` → ``Akun`` → ``Detail``, label ``Cost``) replaces
  the previous version's and hangs under the plan's ``Output`` with the same RO code;
* without a Bagian A the workbook also writes a bare plan (programs, kegiatan, ROs), so its
  ROs exist, serving no indicator; a Bagian A arriving later deletes that plan as it deletes
  any plan of its satker-year, writes its own, and ``after_plan`` re-attaches the cost tree to
  the new Output nodes: one node per RO, never two;
* the join's findings (an RO costed differently in the workbook than in the Bagian A, an RO
  in only one of them) are stored on the current ``KertasKerja`` beside the reader's, and made
  again after every Bagian A load.

The loader (``tracker.graph.loader``) routes workbooks here from its transaction function, so
batching, retries and refusals work as for any document; a workbook the reader refuses writes
nothing. This module does not import the loader (the loader imports it): it returns plain
outcomes and the statements' summaries, and the loader turns them into its results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction, ResultSummary

from tracker.graph.cypher import query
from tracker.graph.props import content_hash, finding_props, revision_for, satker_props
from tracker.read.records import LAYOUT_KERTAS_KERJA, Output, RkaDocument, detail_fields

JOIN_RULES = ("ro-bagian-a", "ro-not-in-bagian-a", "ro-without-cost")


@dataclass
class Outcome:
    status: str  # loaded, replaced, unchanged
    revision: int = 0
    uid: str = ""
    message: str = ""
    findings: int = 0


def is_workbook(doc: RkaDocument) -> bool:
    return doc.layout == LAYOUT_KERTAS_KERJA


def _outputs(doc: RkaDocument) -> list[Output]:
    return [o for p in doc.programs for k in p.kegiatan for o in k.outputs]


def size(doc: RkaDocument) -> int:
    """Nodes a workbook writes (cost tree and bare plan), for the loader's batch budget."""
    n = 0
    for o in _outputs(doc):
        n += 1
        for km in o.komponen:
            n += 1 + sum(1 + len(a.details) for a in km.akun)
    return n


def kk_uid(satker: str, year: int, revision: int) -> str:
    return f"{satker}/{year}/kk{revision}"


def _satker_props(doc: RkaDocument) -> dict[str, Any]:
    """A workbook states no province or location: empty fields must not blank what a Bagian A
    said."""
    return {k: v for k, v in satker_props(doc).items() if v}


def tree_param(doc: RkaDocument) -> list[dict[str, Any]]:
    """The ``komponen`` of ``cypher/cost_write.cypher`` for every RO of the workbook."""
    satker, year = doc.document.satker.code, doc.document.year
    out = []
    for o in _outputs(doc):
        base = f"{satker}/{year}/RO/{o.code}"
        common = {"satker": satker, "year": year, "ro_code": o.code}
        for kn, km in enumerate(o.komponen, 1):
            kuid = f"{base}/KM/{km.code}#{kn}"
            akun = []
            for an, a in enumerate(km.akun, 1):
                auid = f"{kuid}/AK/{a.code}#{an}"
                details = [
                    {
                        **common,
                        "uid": f"{auid}/D/{dn}",
                        "seq": dn,
                        "akun_code": a.code,
                        **detail_fields(d),
                        "blokir_jumlah": d.jumlah if d.blokir else 0,
                        "group": d.group,
                    }
                    for dn, d in enumerate(a.details, 1)
                ]
                akun.append(
                    {
                        "props": {
                            **common,
                            "uid": auid,
                            "seq": an,
                            "code": a.code,
                            "name": a.name,
                            "komponen_code": km.code,
                            "jumlah": a.jumlah,
                            "blokir_jumlah": sum(d["blokir_jumlah"] for d in details),
                        },
                        "details": details,
                    }
                )
            sources = sorted({d.sumber_dana for a in km.akun for d in a.details if d.sumber_dana})
            out.append(
                {
                    "props": {
                        **common,
                        "uid": kuid,
                        "seq": kn,
                        "code": km.code,
                        "name": km.name,
                        "jumlah": km.jumlah,
                        "blokir_jumlah": sum(a["props"]["blokir_jumlah"] for a in akun),
                        "sumber_dana": sources,
                    },
                    "akun": akun,
                }
            )
    return out


def join_findings(
    uid: str,
    workbook: list[tuple[str, int, int]],
    bagian_a: list[tuple[str, int]],
) -> list[dict[str, Any]]:
    """Findings of the join: ``workbook`` is (RO code, Jumlah, row), ``bagian_a`` (code,
    Jumlah) of the current plan's outputs. Stored with uids ``{uid}/J/{n}``."""
    planned: dict[str, int] = {}
    for code, jumlah in bagian_a:
        planned[code] = planned.get(code, 0) + (jumlah or 0)
    costed = {code for code, _, _ in workbook}
    out: list[tuple[str, str, str, str, int]] = []
    for code, jumlah, row in workbook:
        if code not in planned:
            out.append(
                (
                    "ro-not-in-bagian-a",
                    "warning",
                    code,
                    f"RO {code} is costed in the kertas kerja ({jumlah:,}) but not listed in "
                    "the Bagian A",
                    row,
                )
            )
        elif planned[code] != jumlah:
            out.append(
                (
                    "ro-bagian-a",
                    "error",
                    code,
                    f"RO {code}: the kertas kerja costs it at {jumlah:,}, the Bagian A at "
                    f"{planned[code]:,} (off by {jumlah - planned[code]:,})",
                    row,
                )
            )
    for code, jumlah in planned.items():
        if code not in costed and jumlah:
            out.append(
                (
                    "ro-without-cost",
                    "warning",
                    code,
                    f"RO {code} has {jumlah:,} in the Bagian A but no cost detail in the "
                    "kertas kerja",
                    0,
                )
            )
    return [
        {"uid": f"{uid}/J/{n}", "rule": r, "severity": s, "code": c, "message": m, "line": ln}
        for n, (r, s, c, m, ln) in enumerate(out, 1)
    ]


def _ro_snapshot(doc: RkaDocument) -> list[tuple[str, int, int]]:
    return [(o.code, o.jumlah, o.line) for o in _outputs(doc)]


def write(
    tx: ManagedTransaction,
    docs: list[RkaDocument],
    replace: bool,
    plan_param: Callable[[RkaDocument], list[dict[str, Any]]],
) -> tuple[list[Outcome], list[ResultSummary]]:
    """The workbooks' part of the loader's transaction function (see the module docstring).
    ``plan_param`` is the loader's, so a bare plan has exactly a Bagian A plan's properties.
    Safe to run again on a retry: it reads the state itself."""
    summaries: list[ResultSummary] = []
    keys = [{"satker": _satker_props(d), "year": d.document.year} for d in docs]
    state = tx.run(query("cost_lock_state"), keys=keys)
    rows = {(r["satker"], r["year"]): r for r in state}
    summaries.append(state.consume())

    outcomes: list[Outcome] = []
    delete, records, plans, trees = [], [], [], []
    loaded_at = datetime.now(UTC)
    for doc in docs:
        h = doc.document
        satker, year, digest = h.satker.code, h.year, content_hash(doc)
        row = rows[(satker, year)]
        known = row["versions"]
        status, revision, held = revision_for(known, digest, replace)
        if status == "unchanged":
            outcomes.append(Outcome(status, revision, held, f"already loaded as {held}"))
            continue
        outcome = Outcome(status, revision)
        bare = row["rka"] is None
        uid = kk_uid(satker, year, outcome.revision)
        outcome.uid = uid
        if known:  # a first workbook has no cost tree, nor bare plan, to replace
            delete.append({"satker": satker, "year": year, "bare": bare})
        ros = _ro_snapshot(doc)
        findings = finding_props(doc, uid)
        if not bare:
            planned = list(zip(row["codes"], row["jumlah"], strict=False))
            findings += join_findings(uid, ros, planned)
        tree = tree_param(doc)
        kk = {
            "uid": uid,
            "satker": satker,
            "year": year,
            "revision": outcome.revision,
            "file_name": Path(doc.source).name if doc.source else "",
            "content_hash": digest,
            "loaded_at": loaded_at,
            "current": True,
            "total_jumlah": sum(p.jumlah for p in doc.programs),
            "total_blokir": sum(km["props"]["blokir_jumlah"] for km in tree),
            "ro_codes": [c for c, _, _ in ros],
            "ro_jumlah": [j for _, j, _ in ros],
            "ro_lines": [ln for _, _, ln in ros],
        }
        records.append({"satker": satker, "year": year, "kk": kk, "findings": findings})
        if bare:
            plans.append({"kk": uid, "programs": plan_param(doc)})
        trees.append({"kk": uid, "satker": satker, "year": year, "komponen": tree})
        outcome.findings = len(findings)
        outcomes.append(outcome)

    if delete:
        summaries.append(tx.run(query("cost_delete"), keys=delete).consume())
    if records:
        summaries.append(tx.run(query("cost_record"), records=records).consume())
        if plans:
            summaries.append(tx.run(query("cost_plan"), plans=plans).consume())
        summaries.append(tx.run(query("cost_write"), trees=trees).consume())
    return outcomes, summaries


def after_plan(tx: ManagedTransaction, docs: list[RkaDocument]) -> list[ResultSummary]:
    """Run in a Bagian A's transaction after its plan is written: re-attach the satker-years'
    cost trees to the new Output nodes and make the join's findings again. One cheap read
    when no satker-year of the batch has a workbook."""
    keys = [{"satker": d.document.satker.code, "year": d.document.year} for d in docs]
    if not keys:
        return []
    result = tx.run(query("cost_join_state"), keys=keys)
    rows = list(result)
    summaries = [result.consume()]
    if not rows:
        return summaries
    by_key = {(d.document.satker.code, d.document.year): d for d in docs}
    joins = []
    for r in rows:
        doc = by_key[(r["satker"], r["year"])]
        workbook = list(zip(r["codes"] or [], r["jumlah"] or [], r["lines"] or [], strict=False))
        planned = [(o.code, o.jumlah) for o in _outputs(doc)]
        joins.append({"kk": r["kk"], "findings": join_findings(r["kk"], workbook, planned)})
    attach = [{"satker": r["satker"], "year": r["year"]} for r in rows]
    summaries.append(tx.run(query("cost_attach"), keys=attach).consume())
    summaries.append(tx.run(query("cost_join_findings"), joins=joins).consume())
    return summaries
