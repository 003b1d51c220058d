"""Both eras in one graph: a satker's TA 2020 document and its RSPP documents side by side,
loaded, linked and covered the same way, with the RSPP levels (KRO, Sasaran Kegiatan, Output
Program) beside the funded outputs rather than in their way."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
import streamlit as st
from conftest import SEED, open_app
from neo4j import Driver
from test_read_rspp import KPU_2023, KPU_BODY, kpu

from tracker.audit import library
from tracker.graph.cypher import query
from tracker.graph.loader import expected_counts, load_documents
from tracker.read.document import parse_text
from tracker.synth import rspp
from tracker.synth.rka import Knobs
from tracker.trace import coverage as cov


def counts(driver: Driver) -> dict[tuple[str, int], dict[str, int]]:
    records, _, _ = driver.execute_query(query("satker_year_counts"))
    return {
        (r["satker"], r["year"]): {lv: n for lv, n in r["plan"]} | {"Finding": r["findings"]}
        for r in records
    }


def dump(driver: Driver) -> tuple[list[dict], list[dict]]:
    records, _, _ = driver.execute_query(query("graph_dump"))
    nodes = [r.data() for r in records if r["kind"] == "node"]
    rels = [r.data() for r in records if r["kind"] == "rel"]
    return nodes, rels


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_satkers_2020_and_2023_documents_side_by_side(graph: Driver, tmp_path: Path) -> None:
    rka_2023 = write(tmp_path, "670714_2023.txt", KPU_2023)
    summary = load_documents([SEED, rka_2023], graph, progress=False, link=True)
    assert [r.status for r in summary.results] == ["loaded", "loaded"]
    assert not any(r.link_error for r in summary.results)

    held = counts(graph)
    assert set(held) == {("670714", 2020), ("670714", 2023)}
    assert held[("670714", 2020)] == expected_counts(parse_text(SEED.read_bytes()))
    assert held[("670714", 2023)] == expected_counts(parse_text(KPU_2023)) == {
        "Program": 1, "SasaranProgram": 1, "IndikatorKinerjaProgram": 1, "Kegiatan": 1,
        "IndikatorKinerjaKegiatan": 2, "Output": 3,
        "IndikatorOutput": 3,  # one listed, two standing for the names of ROs that list none
        "Finding": 0, "OutputProgram": 1, "IndikatorOutputProgram": 1, "SasaranKegiatan": 1,
        "Kro": 2, "IndikatorKro": 1,
    }  # fmt: skip

    nodes, rels = dump(graph)
    assert sum("Satker" in n["labels"] for n in nodes) == 1  # one satker, both eras
    assert sorted(n["props"]["year"] for n in nodes if "Rka" in n["labels"]) == [2020, 2023]
    by_id = {n["id"]: n for n in nodes}
    ro_of = Counter(
        (by_id[r["start"]]["props"]["code"], by_id[r["end"]]["props"]["code"])
        for r in rels
        if r["labels"][0] == "HAS_RO"
    )
    assert ro_of == Counter(
        {("3357.EBA", "3357.EBA.956"): 1, ("3357.EBA", "3357.EBA.994"): 1,
         ("3357.EBB", "3357.EBB.951"): 1}
    )  # fmt: skip
    ros = [n["props"] for n in nodes if "Output" in n["labels"] and n["props"]["year"] == 2023]
    assert {(o["code"], o["kro"]) for o in ros} == {
        ("3357.EBA.956", "3357.EBA"), ("3357.EBA.994", "3357.EBA"), ("3357.EBB.951", "3357.EBB"),
    }  # fmt: skip
    measures = [r for r in rels if r["labels"][0] == "MEASURES"]
    assert len(measures) == 2  # both IKK measure the one Sasaran Kegiatan

    # links: IKK -> IKP on the text, an RO without indicators on its name (suggested at most)
    records, _, _ = graph.execute_query(query("link_list"), satker="670714", year=2023)
    found = {(r["source_text"], r["target_text"]): dict(r["evidence"]) for r in records}
    assert found[("Opini BPK atas Laporan Keuangan KPU",) * 2]["method"] == "exact"
    named = found[("Layanan Perkantoran", "Persentase layanan perkantoran yang terpenuhi")]
    assert (named["method"], named["status"]) == ("name", "suggested")
    assert 0.5 <= named["score"] < 0.85
    assert "no indicator" in named["reason"]

    # coverage of both eras works and reads the ROs as the funded outputs
    c2023 = cov.coverage(graph, "670714", 2023)
    ro_rows = c2023[c2023["level"] == "output"]
    assert set(ro_rows["owner"]) == {"3357.EBA.956", "3357.EBA.994", "3357.EBB.951"}
    ikk = c2023[(c2023["level"] == "kegiatan") & (c2023["code"] == "01.01")].iloc[0]
    assert "3357.EBA.994" in ikk["outputs"]  # served on the name, shown as such
    assert len(cov.coverage(graph, "670714", 2020)) > 0

    # every saved audit runs on the RSPP year
    for audit in library.list_audits():
        params = {"year": 2023} if any(p.name == "year" for p in audit.params) else {}
        library.run_audit(graph, audit.name, params, user="test", log=tmp_path / "log.jsonl")


def test_kro_codes_group_ros_across_satkers(graph: Driver, tmp_path: Path) -> None:
    docs = list(rspp.documents(6, seed=11, year=2022, knobs=Knobs(fault_rate=0.5)))
    paths = [write(tmp_path, d.file_name, d.text) for d in docs]
    summary = load_documents(paths, graph, progress=False, link=True)
    assert summary.loaded == 6 and not summary.refused
    nodes, rels = dump(graph)
    kros = Counter(
        n["props"]["code"].split(".")[1] for n in nodes if "Kro" in n["labels"]
    )  # the national part of the code
    satkers_with_eba = {
        n["props"]["satker"] for n in nodes if "Kro" in n["labels"] and ".EBA" in n["props"]["code"]
    }
    assert kros["EBA"] >= 2 and len(satkers_with_eba) >= 2
    for (satker, _), held in counts(graph).items():
        doc = next(d for d in docs if d.expected.document.satker.code == satker)
        expected = {k: n for k, n in expected_counts(doc.expected).items() if n or k == "Finding"}
        assert held == expected, satker


def test_a_broken_rspp_document_leaves_the_graph_as_it_was(graph: Driver, tmp_path: Path) -> None:
    load_documents([write(tmp_path, "ok.txt", KPU_2023)], graph, progress=False)
    before = dump(graph)
    broken = kpu(KPU_BODY.replace("Layanan Sarana Internal|1.00 Unit", "Layanan|x Unit"))
    other = rspp.synth_document(random.Random(3)).text
    text = other[: other.index("\t", other.index("(6)") + 4) + 1] + "\t\n"  # a row cut short
    summary = load_documents(
        [write(tmp_path, "broken.txt", broken), write(tmp_path, "cut.txt", text)],
        graph,
        progress=False,
    )
    assert [r.status for r in summary.results] == ["refused", "refused"]
    assert "found volume 'x Unit' on RO 3357.EBB.951" in summary.results[0].message
    assert summary.results[0].message.startswith(f"{tmp_path / 'broken.txt'}:")
    assert dump(graph) == before


@pytest.mark.parametrize("page", ["ringkasan", "keterlacakan", "cakupan", "graf", "nasional"])
def test_the_app_pages_show_an_rspp_satker_year(
    graph: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    st.cache_data.clear()
    monkeypatch.setenv("TRACKER_AUDIT_LOG", str(tmp_path / "audit-log.jsonl"))
    load_documents([SEED, write(tmp_path, "rspp.txt", KPU_2023)], graph, progress=False)
    at = open_app(page, satker="670714", year="2023")
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.title, *at.caption, *at.dataframe))
    if page in ("keterlacakan", "cakupan"):
        assert "3357.EBA.956" in shown or "3357" in shown


def test_kro_and_output_program_indicators_stay_beside_the_chain(
    graph: Driver, tmp_path: Path
) -> None:
    """docs/graph-model.md: KRO and Output Program indicators get no SERVES link (nothing funded
    stands behind them), yet stay in the plan next to the ROs and the program."""
    doc = rspp.documents(3, seed=41, year=2024, knobs=Knobs(fault_rate=0.0))
    paths = [write(tmp_path, d.file_name, d.text) for d in doc]
    paths.append(write(tmp_path, "670714_2023.txt", KPU_2023))
    summary = load_documents(paths, graph, progress=False, link=True)
    assert not any(r.link_error for r in summary.results)
    records, _, _ = graph.execute_query(
        "MATCH (a)-[l:SERVES]->(b) "
        "RETURN [x IN labels(a) WHERE NOT x IN ['Plan', 'Indikator']][0] AS source, "
        "[x IN labels(b) WHERE NOT x IN ['Plan', 'Indikator']][0] AS target, count(l) AS n"
    )
    hops = {(r["source"], r["target"]): r["n"] for r in records}
    assert hops  # the chain is linked …
    assert set(hops) <= {
        ("IndikatorOutput", "IndikatorKinerjaKegiatan"),
        ("IndikatorKinerjaKegiatan", "IndikatorKinerjaProgram"),
    }  # … and only the chain
    beside, _, _ = graph.execute_query(
        "MATCH (i:IndikatorKro|IndikatorOutputProgram) "
        "RETURN i.uid AS uid, i.satker AS satker, i.year AS year"
    )
    assert beside  # KRO / Output Program indicators are on record
    for satker, year in {(r["satker"], r["year"]) for r in beside}:
        nodes, _, _ = graph.execute_query(query("app_plan_nodes"), satker=satker, year=year)
        parents = {r["uid"]: r["parent"] for r in nodes}
        for r in beside:
            if (r["satker"], r["year"]) == (satker, year):
                assert parents[r["uid"]] is not None  # under its KRO / Output Program
        f = cov.facts(graph, satker, year)
        table = cov.coverage_frame(f)
        assert set(table["uid"]).isdisjoint(r["uid"] for r in beside)
        outputs = table[table["level"] == "output"]
        assert outputs["uid"].is_unique  # each RO's indicator once
