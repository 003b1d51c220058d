"""The kertas kerja in the graph (real Neo4j): the satker-year's cost detail joined to its
Bagian A on the RO code, whichever arrives first, idempotent, refusals leaving the graph as it
was, and the blocked-money audit."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from neo4j import Driver

from tracker.audit import library as audit
from tracker.graph import cost_model
from tracker.graph.cypher import query
from tracker.graph.loader import load_documents
from tracker.read.records import RkaDocument
from tracker.synth import rspp
from tracker.synth import workbook as synth
from tracker.synth.rka import Knobs


def _satker_year(tmp_path: Path, seed: int = 7) -> tuple[Path, Path, RkaDocument, RkaDocument]:
    """One synthetic RSPP satker-year: its Bagian A text and its kertas kerja workbook."""
    (sd,) = rspp.documents(1, seed=seed, knobs=Knobs(fault_rate=0.0))
    text = tmp_path / sd.file_name
    text.write_text(sd.text, encoding="utf-8")
    knobs = synth.WorkbookKnobs(blokir_share=0.3)
    (made,) = synth.generate([sd.expected], tmp_path, seed=seed, knobs=knobs)
    return text, made.path, sd.expected, made.expected


def _counts(driver: Driver) -> dict[tuple[str, str], int]:
    records, _, _ = driver.execute_query(query("graph_counts"))
    return {(r["kind"], r["name"]): r["count"] for r in records}


def _outputs(driver: Driver) -> list[dict]:  # type: ignore[type-arg]
    records, _, _ = driver.execute_query(
        "MATCH (o:Output) OPTIONAL MATCH (o)-[:HAS_KOMPONEN]->(k:Komponen) "
        "RETURN o.code AS code, o.uid AS uid, count(k) AS komponen, "
        "COUNT { (o)-[:HAS_INDICATOR]->() } AS indicators ORDER BY code"
    )
    return [dict(r) for r in records]


def _komponen(doc: RkaDocument) -> dict[str, int]:
    return {o.code: len(o.komponen) for p in doc.programs for k in p.kegiatan for o in k.outputs}


def _findings(driver: Driver, rule: str) -> list[dict]:  # type: ignore[type-arg]
    records, _, _ = driver.execute_query(
        "MATCH (:KertasKerja {current: true})-[:HAS_FINDING]->(f:Finding {rule: $rule}) "
        "RETURN f.code AS code, f.message AS message",
        rule=rule,
    )
    return [dict(r) for r in records]


@pytest.mark.parametrize("order", ["workbook first", "bagian a first"])
def test_the_two_parts_join_on_the_ro_code_in_either_order(
    graph: Driver, tmp_path: Path, order: str
) -> None:
    text, book, bagian_a, costs = _satker_year(tmp_path)
    first, second = (book, text) if order == "workbook first" else (text, book)

    summary = load_documents([first], graph, progress=False)
    assert [r.status for r in summary.results] == ["loaded"]
    if order == "workbook first":
        # without a Bagian A the workbook still loads: its ROs exist, serving no indicator
        outs = _outputs(graph)
        assert {o["code"] for o in outs} == set(_komponen(costs))
        assert all(o["indicators"] == 0 for o in outs)
        assert {o["code"]: o["komponen"] for o in outs} == _komponen(costs)

    summary = load_documents([second], graph, progress=False)
    assert [r.status for r in summary.results] == ["loaded"]
    outs = _outputs(graph)
    # one Output per RO, the Bagian A's (with its indicators), the cost tree under it
    planned = [o.code for p in bagian_a.programs for k in p.kegiatan for o in k.outputs]
    assert sorted(o["code"] for o in outs) == sorted(planned)
    assert {o["code"]: o["komponen"] for o in outs} == _komponen(costs)
    with_indicators = {
        o.code for p in bagian_a.programs for k in p.kegiatan for o in k.outputs if o.indicators
    }
    assert with_indicators
    assert {o["code"] for o in outs if o["indicators"]} >= with_indicators
    records, _, _ = graph.execute_query("MATCH (:KertasKerja)-[:PLANS]->(p) RETURN count(p) AS n")
    assert records[0]["n"] == 0  # the bare plan is gone
    counts = _counts(graph)
    details = sum(
        len(a.details)
        for p in costs.programs
        for k in p.kegiatan
        for o in k.outputs
        for c in o.komponen
        for a in c.akun
    )
    assert counts[("label", "Detail")] == details
    assert _findings(graph, "ro-bagian-a") == []

    # idempotent: the same two files again change nothing
    again = load_documents([text, book], graph, progress=False)
    assert [r.status for r in again.results] == ["unchanged", "unchanged"]
    assert _counts(graph) == counts


def test_a_bagian_a_revision_keeps_the_cost_detail(graph: Driver, tmp_path: Path) -> None:
    text, book, bagian_a, costs = _satker_year(tmp_path, seed=8)
    load_documents([text, book], graph, progress=False)
    revised = copy.deepcopy(bagian_a)
    ro = revised.programs[0].kegiatan[0].outputs[0]
    ro.jumlah += 1_000
    ro.angka_dasar += 1_000
    revised.content_hash = "revision-2"
    revised.findings = []
    (result,) = load_documents([revised], graph, progress=False).results
    assert (result.status, result.revision) == ("loaded", 2)
    outs = _outputs(graph)
    assert {o["code"]: o["komponen"] for o in outs} == _komponen(costs)
    # the RO's amount in the workbook against the new Bagian A's is a finding, stored
    (finding,) = _findings(graph, "ro-bagian-a")
    assert finding["code"] == ro.code and "off by -1,000" in finding["message"]
    rows, _, _ = graph.execute_query(
        query("app_findings"), satker=bagian_a.document.satker.code, year=bagian_a.document.year
    )
    assert "ro-bagian-a" in {r["rule"] for r in rows}


def test_a_workbook_costing_an_ro_differently_is_a_finding(graph: Driver, tmp_path: Path) -> None:
    text, _, bagian_a, _ = _satker_year(tmp_path, seed=9)
    other = copy.deepcopy(bagian_a)
    ro = other.programs[0].kegiatan[0].outputs[-1]
    ro.jumlah += 5_000_000
    (made,) = synth.generate([other], tmp_path / "other")
    summary = load_documents([text, made.path], graph, progress=False)
    assert [r.status for r in summary.results] == ["loaded", "loaded"]
    (finding,) = _findings(graph, "ro-bagian-a")
    assert finding["code"] == ro.code and "off by 5,000,000" in finding["message"]


def test_a_bad_workbook_leaves_the_graph_unchanged(graph: Driver, tmp_path: Path) -> None:
    text, book, _, _ = _satker_year(tmp_path, seed=10)
    load_documents([text], graph, progress=False)
    before = _counts(graph)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(book.read_bytes()[:2000])
    (result,) = load_documents([broken], graph, progress=False).results
    assert result.status == "refused" and "broken.xlsx" in result.message
    assert "\n" not in result.message
    assert _counts(graph) == before


def test_a_new_workbook_version_replaces_the_cost_tree(graph: Driver, tmp_path: Path) -> None:
    text, book, bagian_a, _ = _satker_year(tmp_path, seed=11)
    load_documents([text, book], graph, progress=False)
    (made,) = synth.generate([bagian_a], tmp_path / "v2", seed=99)
    (result,) = load_documents([made.path], graph, progress=False).results
    assert (result.status, result.revision) == ("loaded", 2)
    records, _, _ = graph.execute_query(
        "MATCH (w:KertasKerja) RETURN w.revision AS r, w.current AS c, "
        "COUNT { (w)-[:COSTS]->() } AS k ORDER BY r"
    )
    assert [(r["r"], r["c"]) for r in records] == [(1, False), (2, True)]
    assert records[0]["k"] == 0 and records[1]["k"] == sum(_komponen(made.expected).values())
    assert {o["code"]: o["komponen"] for o in _outputs(graph)} == _komponen(made.expected)


def test_what_the_cost_loader_writes_is_what_the_model_declares(
    graph: Driver, tmp_path: Path
) -> None:
    _, book, _, _ = _satker_year(tmp_path, seed=12)
    load_documents([book], graph, progress=False)
    declared = {
        frozenset(cls.inherited_labels()): cls.defined_properties(rels=False, aliases=False)
        for cls in cost_model.COST_CLASSES
    }
    records, _, _ = graph.execute_query(
        "MATCH (n) WHERE n:Cost OR n:KertasKerja RETURN labels(n) AS labels, keys(n) AS keys"
    )
    assert records
    for r in records:
        props = declared[frozenset(r["labels"])]
        assert set(r["keys"]) <= set(props), (r["labels"], set(r["keys"]) - set(props))


def test_deleting_a_satker_year_removes_its_cost_detail(graph: Driver, tmp_path: Path) -> None:
    from tracker.graph.loader import delete_satker_year

    text, book, bagian_a, _ = _satker_year(tmp_path, seed=13)
    load_documents([text, book], graph, progress=False)
    assert delete_satker_year(graph, bagian_a.document.satker.code, bagian_a.document.year) > 0
    assert sum(_counts(graph).values()) == 0


def test_the_blocked_money_audit_lists_the_indicators_behind_blocked_money(
    graph: Driver, tmp_path: Path
) -> None:
    text, book, bagian_a, costs = _satker_year(tmp_path, seed=14)
    load_documents([text, book], graph, progress=False)
    blocked = {
        o.code: sum(d.jumlah for c in o.komponen for a in c.akun for d in a.details if d.blokir)
        for p in costs.programs
        for k in p.kegiatan
        for o in k.outputs
    }
    pairs, _, _ = graph.execute_query(
        "MATCH (o:Output)-[:HAS_INDICATOR]->(i:IndikatorOutput) "
        "RETURN o.code AS output, i.code AS code, i.seq AS seq"
    )
    expected = sorted(
        (r["code"], r["seq"], blocked[r["output"]]) for r in pairs if blocked.get(r["output"])
    )
    assert expected, "the synthetic satker-year should have blocked money behind an IO"
    result = audit.run_audit(
        graph,
        "blocked_money_behind_indicators",
        {"year": bagian_a.document.year},
        log=tmp_path / "audit.jsonl",
    )
    rows = result.records()
    io_rows = sorted((r["code"], r["seq"], r["blokir"]) for r in rows if r["level"] == "IO")
    assert io_rows == expected
    assert all(r["blokir"] > 0 for r in rows)


def test_tracker_load_takes_a_workbook(graph: Driver, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    text, book, bagian_a, _ = _satker_year(tmp_path, seed=15)
    result = cli("load", str(book), str(text))
    assert result.exit_code == 0, result.output
    records, _, _ = graph.execute_query(
        "MATCH (:Output {satker: $satker})-[:HAS_KOMPONEN]->(k) RETURN count(k) AS n",
        satker=bagian_a.document.satker.code,
    )
    assert records[0]["n"] > 0
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(book.read_bytes()[:500])
    before = _counts(graph)
    refused = cli("load", str(broken))
    assert refused.exit_code != 0 and "rusak.xlsx" in refused.output + (refused.stderr or "")
    assert _counts(graph) == before
