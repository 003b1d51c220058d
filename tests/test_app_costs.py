"""The cost detail in the dashboard (AppTest against the real test Neo4j): an RSPP satker-year
with its kertas kerja shows each serving RO's build-up on Keterlacakan, blokir and sumber dana
on Cakupan, and a workbook uploaded on Muat loads."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from neo4j import Driver
from streamlit.testing.v1 import AppTest

from tracker.app.fmt import rupiah
from tracker.config import PROJECT_ROOT
from tracker.graph.loader import load_documents
from tracker.read.records import RkaDocument
from tracker.synth import rspp
from tracker.synth import workbook as synth
from tracker.synth.rka import Knobs

APP = PROJECT_ROOT / "app.py"
TIMEOUT = 60


def _parts(tmp_path: Path, seed: int = 21) -> tuple[Path, Path, RkaDocument, RkaDocument]:
    (sd,) = rspp.documents(1, seed=seed, knobs=Knobs(fault_rate=0.0))
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


def _open(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"tracker/app/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


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
    at = _open("keterlacakan", satker=h.satker.code, year=str(h.year))
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
    at = _open("cakupan", satker=h.satker.code, year=str(h.year))
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
    at = _open("muat")
    at.file_uploader[0].upload(book.name, book.read_bytes(), "application/vnd.ms-excel").run()
    assert not at.exception, [e.message for e in at.exception]
    at.button(key="muat.load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    records, _, _ = graph.execute_query("MATCH (w:KertasKerja) RETURN w.satker AS satker")
    assert [r["satker"] for r in records] == [costs.document.satker.code]
