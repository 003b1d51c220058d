"""The Muat page in real Chromium takes the printed PDF: the seed printed by
``tracker.synth.pdf`` previews as its text export does and loads; a scan is refused in one
line naming the file and page, and the graph stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED
from neo4j import Driver
from playwright.sync_api import Page, expect

from tracker.benchmarks.browser import exceptions, open_page, wait_idle
from tracker.synth.pdf import Style, render, scan

pytestmark = pytest.mark.browser

UPLOAD = '[data-testid="stFileUploader"] input[type="file"]'


def graph_size(driver: Driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return nodes, rels


def test_a_printed_pdf_previews_and_loads(
    page: Page, app_url: str, e2e_graph: Driver, tmp_path: Path, screenshots: Path
) -> None:
    pdf = tmp_path / "RKA KPU Kota Serang 2020.pdf"
    pdf.write_bytes(render(SEED.read_text("utf-8"), Style(ruled=False, text_width=170.0)))
    open_page(page, f"{app_url}/muat")
    page.locator(UPLOAD).first.set_input_files(pdf)
    expect(page.get_by_text("670714 KPU KOTA SERANG · TA 2020 · 5 halaman")).to_be_visible()
    wait_idle(page)
    assert exceptions(page) == []
    page.get_by_role("button", name="Muat ke basis data").click()
    expect(page.get_by_text("Dimuat: 670714 TA 2020").first).to_be_visible(timeout=120_000)
    outputs = e2e_graph.execute_query("MATCH (o:Output) RETURN count(o) AS n").records[0]["n"]
    assert outputs == 16
    wait_idle(page)
    page.screenshot(path=screenshots / "muat-pdf.png")


def test_a_scanned_pdf_is_refused_and_loads_nothing(
    page: Page, app_url: str, e2e_graph: Driver, tmp_path: Path
) -> None:
    bad = tmp_path / "pindaian.pdf"
    bad.write_bytes(scan(2))
    before = graph_size(e2e_graph)
    open_page(page, f"{app_url}/muat")
    page.locator(UPLOAD).first.set_input_files(bad)
    alert = page.get_by_test_id("stAlert").filter(has_text="pindaian.pdf: page 1, line 1:")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("no text")
    expect(page.get_by_text("basis data tidak berubah")).to_be_visible()
    expect(page.get_by_role("button", name="Muat ke basis data")).to_have_count(0)
    wait_idle(page)
    assert exceptions(page) == []
    assert graph_size(e2e_graph) == before
