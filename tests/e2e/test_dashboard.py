"""The dashboard in real Chromium against ``streamlit run app.py`` and the test Neo4j: the
first-run screen, tracing IKP 05.01 to its output, a link decision that survives a reload, a
CSV download, a bad upload, and every page rendering without an exception. Screenshots go to
``docs/screenshots`` for the README."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from conftest import load_seed
from neo4j import Driver
from playwright.sync_api import Page, expect

from tracker.app import auth, i18n, nav
from tracker.benchmarks.browser import exceptions, open_page, wait_idle
from tracker.graph import loader
from tracker.read import document as reading
from tracker.synth import rka as synth
from tracker.trace import linker

pytestmark = pytest.mark.browser

SATKER, YEAR = "670714", 2020
VIEW = f"satker={SATKER}&year={YEAR}"
IKP_0501 = "670714/2020/P/076.01.01#1/S/05#5/IKP/05.01#1"
LOAD_TIMEOUT = 180_000


@pytest.fixture
def seed(e2e_graph: Driver) -> Driver:
    """The seed loaded (a no-op when the first-run test already loaded it)."""
    load_seed(e2e_graph)
    return e2e_graph


def settle(page: Page) -> None:
    wait_idle(page)
    assert exceptions(page) == []


def shoot(page: Page, path: Path, height: int = 1000) -> None:
    """A screenshot ``height`` pixels tall: Streamlit scrolls inside its own container, so a
    "full page" screenshot would stop at the window; a taller window shows the whole page."""
    size = page.viewport_size
    page.set_viewport_size({"width": 1400, "height": height})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    wait_idle(page)
    page.screenshot(path=path)
    if size:
        page.set_viewport_size(size)


def graph_size(driver: Driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return nodes, rels


def test_first_run_loads_the_seed_and_opens_its_overview(
    page: Page, app_url: str, e2e_graph: Driver, screenshots: Path
) -> None:
    open_page(page, app_url)
    expect(page.get_by_role("heading", name="Selamat datang")).to_be_visible()
    settle(page)
    shoot(page, screenshots / "first-run.png", 800)
    page.get_by_role("button", name="Muat contoh dari seeds/").click()
    heading = page.get_by_role("heading", name="KPU KOTA SERANG (670714) — TA 2020")
    expect(heading).to_be_visible(timeout=LOAD_TIMEOUT)
    settle(page)
    assert f"satker={SATKER}" in page.url and f"year={YEAR}" in page.url
    expect(page.get_by_test_id("stMetric").filter(has_text="Angka Dasar")).to_contain_text(
        "Rp 3,08 M"
    )
    shoot(page, screenshots / "ringkasan.png", 1900)


def test_choosing_ikp_0501_shows_output_3356_008_with_its_jumlah(
    page: Page, app_url: str, seed: Driver, screenshots: Path
) -> None:
    open_page(page, f"{app_url}/keterlacakan?{VIEW}")
    page.get_by_test_id("stSelectbox").filter(has_text="Pilih indikator").click()
    page.get_by_role("option", name=re.compile(r"^IKP 05\.01 ")).click()
    routes = page.get_by_test_id("stTable").first
    expect(routes).to_contain_text("3356.008")
    expect(routes).to_contain_text("Rp 5.300.000")
    settle(page)
    assert "ind=" in page.url
    shoot(page, screenshots / "keterlacakan.png", 1200)


def test_trace_table_downloads_as_csv(page: Page, app_url: str, seed: Driver) -> None:
    open_page(page, f"{app_url}/keterlacakan?{VIEW}&ind={quote(IKP_0501, safe='')}")
    expect(page.get_by_test_id("stTable").first).to_contain_text("3356.008")
    settle(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="CSV").first.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = pd.read_csv(download.path(), encoding="utf-8-sig", dtype={"output": str})
    assert list(rows["output"]) == ["3356.008"]
    assert list(rows["jumlah"]) == [5_300_000]
    assert "IKK 3356 03#3" in rows["path"].iloc[0]


def test_confirmed_link_survives_a_reload(page: Page, app_url: str, seed: Driver) -> None:
    links = linker.links(seed, SATKER, YEAR)
    link = links[links["status"] == "suggested"].iloc[0]
    names = {"output": "IO", "kegiatan": "IKK", "program": "IKP"}
    source = (
        f"{names[link['source_level']]} {link['source_owner']} "
        f"{link['source_code']}#{link['source_seq']}"
    )
    open_page(page, f"{app_url}/keterlacakan?{VIEW}&ind={quote(link['target_uid'], safe='')}")

    def row():  # the link's row: its text and its buttons
        return page.get_by_test_id("stHorizontalBlock").filter(has_text=source).filter(has_text="→")

    expect(row()).to_contain_text("usulan")
    row().get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="dikonfirmasi oleh")).to_be_visible()
    settle(page)
    page.reload()
    settle(page)
    expect(row()).to_contain_text("dikonfirmasi")
    expect(row().get_by_role("button", name="Konfirmasi")).to_have_count(0)
    after = linker.links(seed, SATKER, YEAR)
    stored = after[
        (after["source_uid"] == link["source_uid"]) & (after["target_uid"] == link["target_uid"])
    ].iloc[0]
    assert stored["status"] == "confirmed"
    assert stored["decided_by"] == auth.current_user()


def test_bad_file_shows_the_parser_message_and_loads_nothing(
    page: Page, app_url: str, seed: Driver, tmp_path: Path, screenshots: Path
) -> None:
    bad = tmp_path / "rusak.txt"
    bad.write_bytes(b"KODE\tPROGRAM\nini bukan dokumen RKA\n")
    before = graph_size(seed)
    open_page(page, f"{app_url}/muat")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(bad)
    alert = page.get_by_test_id("stAlert").filter(has_text="rusak.txt:")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile(r"rusak\.txt:\d+: "))
    expect(page.get_by_text("basis data tidak berubah")).to_be_visible()
    expect(page.get_by_role("button", name="Muat ke basis data")).to_have_count(0)
    settle(page)
    shoot(page, screenshots / "muat-error.png", 800)
    assert graph_size(seed) == before


def test_national_page_lists_every_satker_and_opens_one(
    page: Page, app_url: str, seed: Driver, screenshots: Path
) -> None:
    docs = [
        reading.parse_text(d.text.encode("utf-8"), d.file_name) for d in synth.documents(4, seed=3)
    ]
    for doc in docs:  # loaded behind the app's back: it must notice without a restart
        loader.load_document(doc, seed)
    other = docs[0].document.satker
    open_page(page, f"{app_url}/nasional?{VIEW}")
    expect(page.get_by_role("heading", name="Nasional", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Satker")).to_contain_text("5")
    page.locator('[data-testid="stVegaLiteChart"] svg.marks').first.wait_for()
    settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Buka satker").click()
    page.keyboard.type(other.code)
    page.get_by_role("option", name=re.compile(f"^{other.code} ")).click()
    settle(page)
    shoot(page, screenshots / "nasional.png", 1900)
    page.get_by_role("button", name="Buka di Ringkasan").click()
    heading = page.get_by_role("heading", name=f"{other.name} ({other.code}) — TA {YEAR}")
    expect(heading).to_be_visible()
    settle(page)
    assert f"satker={other.code}" in page.url


# What shows that a page has finished drawing, beyond its title, and the height of its README
# picture; the other pages' pictures are taken by the tests above, with their content shown.
READY = {
    "cakupan": ('[data-testid="stPlotlyChart"] .main-svg', 2600),
    "graf": ('iframe[title*="st_link_analysis"]', 1100),
    "audit": ('[data-testid="stTabs"]', 1000),
}
# A page's title is its `<key>.title` string, except where the title says more.
TITLE_KEYS = {"keterlacakan": "trace.title", "ringkasan": "ringkasan.header"}


def page_title(key: str) -> str:
    text = i18n.STRINGS[TITLE_KEYS.get(key, f"{key}.title")][0]  # Bahasa Indonesia first
    return text.format(name="KPU KOTA SERANG", code=SATKER, year=YEAR)


@pytest.mark.parametrize("page_key", [spec.key for spec in nav.PAGES])
def test_every_page_renders_without_an_exception(
    page: Page, app_url: str, seed: Driver, screenshots: Path, page_key: str
) -> None:
    """Every page the navigation registers (a new page is included by being registered)."""
    open_page(page, f"{app_url}/{page_key}?{VIEW}")
    expect(page.get_by_role("heading", name=page_title(page_key), exact=True)).to_be_visible()
    if page_key not in READY:
        settle(page)
        return
    ready, height = READY[page_key]
    page.locator(ready).first.wait_for()
    if page_key == "graf":  # let Cytoscape draw inside its frame before the picture
        frame = page.frame_locator('iframe[title*="st_link_analysis"]')
        frame.locator("canvas").first.wait_for()
    settle(page)
    shoot(page, screenshots / f"{page_key}.png", height)
