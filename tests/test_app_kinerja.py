"""The Kinerja page and the Kinerja pieces of Keterlacakan, Nasional and Muat, through
Streamlit's AppTest against the real test Neo4j, with the seed and some realisation loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from conftest import open_app
from neo4j import Driver
from streamlit.testing.v1 import AppTest

from tracker.measure import loader

TIMEOUT = 60
HEADER = "satker,tahun,bulan,kode,rpd,realisasi,volume,progres\n"


@pytest.fixture
def realised(seeded_graph: Driver, tmp_path: Path) -> Driver:
    st.cache_data.clear()
    path = tmp_path / "r.csv"
    path.write_text(
        HEADER + "670714,2020,1,3355.003,2000000,1500000,0,10\n"
        "670714,2020,2,3355.003,2000000,2500000,0.5,40\n"
        "670714,2020,2,3355.007,1000000,12000000,1,100\n",
        encoding="utf-8",
    )
    loader.load_file(seeded_graph, path)
    return seeded_graph


def _open(page: str) -> AppTest:
    return open_app(page, satker="670714", year="2020")


def test_kinerja_page(realised: Driver) -> None:
    at = _open("kinerja")
    assert at.title[0].value == "Kinerja anggaran"
    metrics = {m.label: m.value for m in at.metric}
    # Σ R to February = 4,000,000 + 12,000,000 = 16,000,000 of 3,076,120,000 → 0,52 %
    assert metrics["Penyerapan"] == "0,52%"
    assert metrics["Nilai IKPA (parsial)"] != "–"
    assert len(at.get("plotly_chart")) == 1
    text = "\n".join(df.value.to_string() for df in at.dataframe)
    assert "3355.003" in text and "tertinggal" in text
    assert any("melebihi pagu" in w.value for w in at.warning)  # 3355.007 above its pagu
    assert any("parsial: mencakup 60% bobot IKPA" in m.value for m in at.markdown)


def test_kinerja_page_without_realisation(seeded_graph: Driver) -> None:
    st.cache_data.clear()
    at = _open("kinerja")
    assert any("Belum ada realisasi" in i.value for i in at.info)


def _ranking() -> None:
    from tracker.app import kinerja_views

    kinerja_views.national_ranking(2020)


def _trace_columns() -> None:
    import streamlit as st

    from tracker.app import kinerja_views

    columns = kinerja_views.output_columns("670714", 2020, ["3355.003", "3364.030"])
    st.write(columns)


def test_nasional_ranking(realised: Driver) -> None:
    at = AppTest.from_function(_ranking, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.subheader[0].value == "Peringkat satker menurut nilai IKPA parsial"
    text = at.dataframe[0].value.to_string()
    assert "670714" in text and "KPU KOTA SERANG" in text
    assert len(at.get("download_button")) == 2  # CSV and Excel


def test_trace_columns(realised: Driver) -> None:
    at = AppTest.from_function(_trace_columns, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = at.json[0].value
    # 3355.003: 4,000,000 / 23,368,000 = 17,1 %; capaian 0.5 / 1 = 50 %; 3364.030 nothing yet
    assert '"Penyerapan":["17,1%","0,0%"]' in shown.replace(" ", "").replace("\n", "")
    assert '"Capaianoutput":["50,0%","0,0%"]' in shown.replace(" ", "").replace("\n", "")


def test_muat_offers_realisation(realised: Driver) -> None:
    at = _open("muat")
    assert any(s.value == "Muat realisasi" for s in at.subheader)
    assert any(b.label.startswith("Unduh templat 670714") for b in at.get("download_button"))
