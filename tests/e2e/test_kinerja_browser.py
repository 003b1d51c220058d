"""The Kinerja page in real Chromium against ``streamlit run app.py`` and the test Neo4j: the
seed with nine months of synthetic realisation shows its measures, the curve and each output's
capaian; the Muat page refuses a bad realisation file, listing its rows, and loads nothing.
The screenshot goes to ``docs/screenshots/kinerja.png`` when TRACKER_UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import SEED, load_seed
from neo4j import Driver
from playwright.sync_api import Page, expect

from tracker.app.fmt import number
from tracker.benchmarks.browser import exceptions, open_page, wait_idle
from tracker.measure import loader, report
from tracker.measure.realisasi import TEMPLATE_HEADER
from tracker.read import document
from tracker.synth import realisasi as synth

pytestmark = pytest.mark.browser

SATKER, YEAR = "670714", 2020
VIEW = f"satker={SATKER}&year={YEAR}"


@pytest.fixture(scope="module")
def realised(e2e_graph: Driver, tmp_path_factory: pytest.TempPathFactory) -> Driver:
    load_seed(e2e_graph)
    folder = tmp_path_factory.mktemp("realisasi")
    path = folder / "realisasi.csv"
    synth.write_template_csv([document.read_file(SEED)], path, seed=3, months=9)
    loader.load_file(e2e_graph, path)
    return e2e_graph


def settle(page: Page) -> None:
    wait_idle(page)
    assert exceptions(page) == []


def test_kinerja_page_shows_the_measures(
    page: Page, app_url: str, realised: Driver, screenshots: Path
) -> None:
    expected = report.kinerja(realised, SATKER, YEAR)
    assert expected.bulan == 9
    open_page(page, f"{app_url}/kinerja?{VIEW}")
    expect(page.get_by_role("heading", name="Kinerja anggaran", exact=True)).to_be_visible()
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    settle(page)
    metric = page.get_by_test_id("stMetric").filter(has_text="Penyerapan")
    expect(metric).to_contain_text(f"{number(expected.penyerapan, 2)}%")
    score = page.get_by_test_id("stMetric").filter(has_text="Nilai IKPA (parsial)")
    expect(score).to_contain_text(number(expected.ikpa.score, 2))
    expect(page.get_by_text("parsial: mencakup 60% bobot IKPA")).to_be_visible()
    expect(page.get_by_text(expected.band, exact=True).first).to_be_visible()
    expect(page.get_by_text("Capaian per output")).to_be_visible()
    size = page.viewport_size
    page.set_viewport_size({"width": 1400, "height": 1500})
    wait_idle(page)
    page.screenshot(path=screenshots / "kinerja.png")
    if size:
        page.set_viewport_size(size)


def test_bad_realisation_file_is_refused_in_the_browser(
    page: Page, app_url: str, realised: Driver, tmp_path: Path
) -> None:
    bad = tmp_path / "salah.csv"
    with bad.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(TEMPLATE_HEADER)
        w.writerow([SATKER, YEAR, 13, "3355.003", 1, 1, 0, 0])
        w.writerow([SATKER, YEAR, 1, "3355.003", 1, -1, 0, 0])
    before = loader.fingerprint(realised)
    open_page(page, f"{app_url}/muat?{VIEW}")
    expect(page.get_by_role("heading", name="Muat realisasi")).to_be_visible()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Berkas realisasi")
    uploader.locator('input[type="file"]').set_input_files(bad)
    page.get_by_role("button", name="Muat realisasi").click()
    expect(page.get_by_text("salah.csv row 2: bulan 13 is outside 1–12")).to_be_visible()
    expect(page.get_by_text("salah.csv row 3: realisasi -1 is negative")).to_be_visible()
    settle(page)
    assert loader.fingerprint(realised) == before
