"""The cost detail in the dashboard (AppTest against the real test Neo4j): an RSPP satker-year
with its kertas kerja shows each serving RO's build-up on Keterlacakan, blokir and sumber dana
on Cakupan, and a workbook uploaded on Muat loads. A satker-year with only its workbook is
selectable, marked as such, and shows its ROs (serving no indicator) with their cost on every
page, until its Bagian A arrives and joins it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from conftest import open_app
from neo4j import Driver

from tracker.app.fmt import rupiah
from tracker.graph.cypher import query
from tracker.graph.loader import load_documents
from tracker.read.records import RkaDocument
from tracker.synth import rspp
from tracker.synth import workbook as synth
from tracker.synth.rka import Knobs


def _parts(
    tmp_path: Path, seed: int = 21, year: int = 2023
) -> tuple[Path, Path, RkaDocument, RkaDocument]:
    (sd,) = rspp.documents(1, seed=seed, year=year, knobs=Knobs(fault_rate=0.0))
    text = tmp_path / sd.file_name
    text.write_text(sd.text, encoding="utf-8")
    (made,) = synth.generate(
        [sd.expected], tmp_path, seed=seed, knobs=synth.WorkbookKnobs(blokir_share=0.4)
    )
    return text, made.path, sd.expected, made.expected


@pytest.fixture
def loaded(graph: Driver, tmp_path: Path) -> tuple[RkaDocument, RkaDocument]:
    st.cache_data.clear()
    text, book, bagian_a, costs = _parts(tmp_path)
    summary = load_documents([text, book], graph, progress=False)
    assert [r.status for r in summary.results] == ["loaded", "loaded"]
    return bagian_a, costs


def test_keterlacakan_shows_the_serving_ros_cost_build_up(
    graph: Driver, loaded: tuple[RkaDocument, RkaDocument]
) -> None:
    bagian_a, costs = loaded
    h = bagian_a.document
    ros = {o.code: o for p in costs.programs for k in p.kegiatan for o in k.outputs}
    output = next(
        o
        for p in bagian_a.programs
        for k in p.kegiatan
        for o in k.outputs
        if o.indicators and ros[o.code].komponen
    )
    at = open_app("keterlacakan", satker=h.satker.code, year=str(h.year))
    records, _, _ = graph.execute_query(
        "MATCH (:Output {code: $code})-[:HAS_INDICATOR]->(i) RETURN i.uid AS uid LIMIT 1",
        code=output.code,
    )
    at.selectbox(key="trace.indicator").set_value(records[0]["uid"]).run()
    assert not at.exception, [e.message for e in at.exception]
    ro = ros[output.code]
    expanders = [e for e in at.expander if output.code in e.label]
    assert expanders, [e.label for e in at.expander]
    shown = "\n".join(tb.value.to_string() for tb in at.table)
    for komponen in ro.komponen:
        assert komponen.code in shown
        for akun in komponen.akun:
            assert akun.code in shown and rupiah(akun.jumlah) in shown
            for detail in akun.details:
                assert detail.text in shown
    if any(d.blokir for km in ro.komponen for a in km.akun for d in a.details):
        assert "terblokir" in expanders[0].label


def test_cakupan_shows_blokir_and_sumber_dana_per_ro_and_indicator(
    loaded: tuple[RkaDocument, RkaDocument],
) -> None:
    bagian_a, costs = loaded
    h = bagian_a.document
    at = open_app("cakupan", satker=h.satker.code, year=str(h.year))
    tables = [df.value for df in at.dataframe if "Sumber dana" in df.value.columns]
    assert len(tables) == 2  # per RO, per indicator
    per_ro = tables[0]
    blocked = {
        o.code: sum(d.jumlah for c in o.komponen for a in c.akun for d in a.details if d.blokir)
        for p in costs.programs
        for k in p.kegiatan
        for o in k.outputs
    }
    got = dict(zip(per_ro["Output"], per_ro["Blokir"], strict=True))
    assert got == {code: rupiah(v) for code, v in blocked.items()}


def test_muat_loads_an_uploaded_workbook(graph: Driver, tmp_path: Path) -> None:
    st.cache_data.clear()
    _, book, _, costs = _parts(tmp_path, seed=22)
    at = open_app("muat")
    at.file_uploader[0].upload(book.name, book.read_bytes(), "application/vnd.ms-excel").run()
    assert not at.exception, [e.message for e in at.exception]
    at.button(key="muat.load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    records, _, _ = graph.execute_query("MATCH (w:KertasKerja) RETURN w.satker AS satker")
    assert [r["satker"] for r in records] == [costs.document.satker.code]


# --- a workbook without its Bagian A (issue 12) ---------------------------------------------

MARK_ID = "hanya Kertas Kerja: Bagian A belum dimuat"
MARK_EN = "Kertas Kerja only: Bagian A not loaded yet"


def _ros(doc: RkaDocument) -> dict[str, object]:
    return {o.code: o for p in doc.programs for k in p.kegiatan for o in k.outputs}


def _blocked(costs: RkaDocument) -> dict[str, int]:
    return {
        code: sum(d.jumlah for c in o.komponen for a in c.akun for d in a.details if d.blokir)
        for code, o in _ros(costs).items()  # type: ignore[attr-defined]
    }


@pytest.fixture
def workbook_only(graph: Driver, tmp_path: Path) -> tuple[Path, RkaDocument, RkaDocument]:
    """BPS 895261's 2024 workbook alone, beside KPU 648604's 2024 Bagian A and workbook (so the
    marker must tell the two apart in one picker)."""
    st.cache_data.clear()
    full = tmp_path / "full"
    full.mkdir()
    text, book, _, _ = _parts(full, seed=21, year=2024)
    assert [r.status for r in load_documents([text, book], graph, progress=False).results] == [
        "loaded",
        "loaded",
    ]
    bare = tmp_path / "bare"
    bare.mkdir()
    later, alone, bagian_a, costs = _parts(bare, seed=25, year=2024)
    assert [r.status for r in load_documents([alone], graph, progress=False).results] == ["loaded"]
    return later, bagian_a, costs


def test_a_workbook_alone_is_selectable_and_marked(
    graph: Driver, workbook_only: tuple[Path, RkaDocument, RkaDocument]
) -> None:
    _, _, costs = workbook_only
    h = costs.document
    records, _, _ = graph.execute_query(
        "MATCH (s:Satker {code: $code}) RETURN s.name AS name, s.ministry_name AS ministry",
        code=h.satker.code,
    )
    assert records[0]["name"] == h.satker.name  # from the workbook's header
    assert records[0]["ministry"] == h.ministry.name
    by_year, _, _ = graph.execute_query(query("national_by_year"))
    assert [(r["year"], r["satkers"]) for r in by_year] == [(h.year, 2)]
    at = open_app("ringkasan", satker=h.satker.code, year=str(h.year))
    picker = at.sidebar.selectbox(key="satker")
    assert picker.value == h.satker.code
    labels = {str(o).split(" — ")[0]: str(o) for o in picker.options}
    assert len(labels) == 2
    assert MARK_ID in labels[h.satker.code]
    assert all(MARK_ID not in label for code, label in labels.items() if code != h.satker.code)
    assert any(MARK_ID in w.value for w in at.warning)
    assert h.satker.name in at.title[0].value
    assert any(c.value.startswith("Kertas kerja revisi 1 · ") for c in at.caption)
    assert not any(c.value.startswith("Revisi ") for c in at.caption)  # no Bagian A on record
    counts = at.table[0].value.to_string()
    assert "Output" in counts
    at.query_params["lang"] = "en"
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    options = [str(o) for o in at.sidebar.selectbox(key="satker").options]
    assert [o for o in options if MARK_EN in o] == [labels[h.satker.code].replace(MARK_ID, MARK_EN)]
    assert any(MARK_EN in w.value for w in at.warning)


def test_a_workbook_alone_shows_its_ros_and_their_cost(
    workbook_only: tuple[Path, RkaDocument, RkaDocument],
) -> None:
    _, _, costs = workbook_only
    h = costs.document
    ros = _ros(costs)
    at = open_app("keterlacakan", satker=h.satker.code, year=str(h.year))
    assert any(MARK_ID in w.value for w in at.warning)
    costed = [code for code, o in ros.items() if o.komponen]  # type: ignore[attr-defined]
    assert costed
    labels = [e.label for e in at.expander]
    for code in costed:
        assert any(code in label for label in labels), labels
    shown = "\n".join(tb.value.to_string() for tb in at.table)
    for code in costed:
        for komponen in ros[code].komponen:  # type: ignore[attr-defined]
            for akun in komponen.akun:
                assert akun.code in shown and rupiah(akun.jumlah) in shown
                for detail in akun.details:
                    assert detail.text in shown

    at = open_app("cakupan", satker=h.satker.code, year=str(h.year))
    assert any(MARK_ID in w.value for w in at.warning)
    headers = [s.value for s in at.subheader]
    assert "Indikator tidak tercakup" not in headers  # no indicator: nothing to call covered
    unserving = next(df.value for df in at.dataframe if "Alasan" in df.value.columns)
    assert sorted(unserving["Output"]) == sorted(ros)
    per_ro = [df.value for df in at.dataframe if "Sumber dana" in df.value.columns]
    assert len(per_ro) == 1  # per RO; no indicator to show it per indicator
    got = dict(zip(per_ro[0]["Output"], per_ro[0]["Blokir"], strict=True))
    assert got == {code: rupiah(v) for code, v in _blocked(costs).items()}

    at = open_app("tahunan", satker=h.satker.code, year=str(h.year))
    years = at.dataframe[0].value
    assert list(years["Tahun"]) == [h.year]
    assert list(years["Jumlah"]) == [rupiah(sum(o.jumlah for o in ros.values()))]  # type: ignore[attr-defined]

    at = open_app("nasional", year=str(h.year))
    table = next(df.value for df in at.dataframe if "Nama satker" in df.value.columns)
    names = dict(zip(table["Satker"], table["Nama satker"], strict=True))
    assert len(names) == 2
    assert MARK_ID in names[h.satker.code]
    assert sum(MARK_ID in n for n in names.values()) == 1


def test_the_bagian_a_arriving_later_joins_and_clears_the_mark(
    graph: Driver, workbook_only: tuple[Path, RkaDocument, RkaDocument]
) -> None:
    later, bagian_a, costs = workbook_only
    h = bagian_a.document
    assert [r.status for r in load_documents([later], graph, progress=False).results] == ["loaded"]
    records, _, _ = graph.execute_query(
        "MATCH (o:Output {satker: $satker, year: $year}) "
        "RETURN o.code AS code, count(*) AS n, "
        "sum(COUNT { (o)-[:HAS_KOMPONEN]->() }) AS komponen, "
        "sum(COUNT { (o)-[:HAS_INDICATOR]->() }) AS indicators",
        satker=h.satker.code,
        year=h.year,
    )
    ros = _ros(costs)
    by_code = {r["code"]: r for r in records}
    assert sorted(by_code) == sorted(_ros(bagian_a))
    assert all(r["n"] == 1 and r["indicators"] > 0 for r in records)  # one Output per RO
    for code, ro in ros.items():
        assert by_code[code]["komponen"] == len(ro.komponen)  # type: ignore[attr-defined]
    bare, _, _ = graph.execute_query("MATCH (:KertasKerja)-[:PLANS]->(p) RETURN count(p) AS n")
    assert bare[0]["n"] == 0
    st.cache_data.clear()
    at = open_app("ringkasan", satker=h.satker.code, year=str(h.year))
    picker = at.sidebar.selectbox(key="satker")
    assert all(MARK_ID not in str(o) for o in picker.options)
    assert not any(MARK_ID in w.value for w in at.warning)
    assert any("Revisi 1" in c.value for c in at.caption)  # the Bagian A's record
    at = open_app("cakupan", satker=h.satker.code, year=str(h.year))
    assert "Indikator tidak tercakup" in [s.value for s in at.subheader]
    per_ro = [df.value for df in at.dataframe if "Sumber dana" in df.value.columns]
    got = dict(zip(per_ro[0]["Output"], per_ro[0]["Blokir"], strict=True))
    assert got == {code: rupiah(v) for code, v in _blocked(costs).items()}
