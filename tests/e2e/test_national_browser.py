"""National review in real Chromium: a national decision from the Keterlacakan page after its
preview, the review queue's confirm in place, and every page's own address (``/ringkasan``
opens Ringkasan, not "Page not found")."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from conftest import SEED
from neo4j import Driver
from playwright.sync_api import Page, expect

from tracker.app import nav
from tracker.benchmarks.browser import exceptions, open_page, wait_idle
from tracker.graph.loader import load_document
from tracker.read.document import parse_text
from tracker.trace import decisions, linker, review

pytestmark = pytest.mark.browser

SATKER, OTHER, YEAR = "670714", "670715", 2020
VIEW = f"satker={SATKER}&year={YEAR}"
IKK_3355_5 = "670714/2020/P/076.01.01#1/K/3355#1/IKK/01#5"


@pytest.fixture
def two(e2e_graph: Driver) -> Driver:
    """The seed and another satker filing the same national texts (loaded once)."""
    text = SEED.read_text(encoding="utf-8")
    for satker, doc in (
        (SATKER, text),
        (OTHER, text.replace("(670714) KPU KOTA SERANG", f"({OTHER}) KPU KOTA CILEGON")),
    ):
        if not linker.satker_years(e2e_graph, satker=satker, year=YEAR):
            result = load_document(parse_text(doc, source=f"{satker}.txt"), e2e_graph)
            assert result.status == "loaded", result
    return e2e_graph


def settle(page: Page) -> None:
    wait_idle(page)
    assert exceptions(page) == []


def link_of(driver: Driver, satker: str, source_owner: str, target_owner: str) -> dict:
    df = linker.links(driver, satker, YEAR)
    hit = df[(df.source_owner == source_owner) & (df.target_owner == target_owner)]
    return hit.iloc[0].to_dict()


def test_every_page_has_its_own_address(page: Page, app_url: str, two: Driver) -> None:
    open_page(page, f"{app_url}/ringkasan?{VIEW}")
    expect(page.get_by_role("heading", name="KPU KOTA SERANG (670714) — TA 2020")).to_be_visible()
    settle(page)
    assert "/ringkasan" in page.url
    expect(page.get_by_text("Page not found")).to_have_count(0)
    # the root address leads on to the first page, keeping the view
    open_page(page, f"{app_url}/?{VIEW}")
    expect(page.get_by_role("heading", name="KPU KOTA SERANG (670714) — TA 2020")).to_be_visible()
    page.wait_for_url("**/ringkasan?*")
    settle(page)
    # the computed Jumlah, compact, with the stated figure flagged
    jumlah = page.get_by_test_id("stMetric").filter(has_text="Jumlah").first
    expect(jumlah).to_contain_text("Rp 3,08 M")
    expect(page.get_by_test_id("stAlert").filter(has_text="Rp 147.640.000")).to_be_visible()
    for key, heading in (("tahunan", "Antar tahun"), ("tinjauan", "Tinjauan nasional")):
        open_page(page, f"{app_url}/{key}?{VIEW}")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        settle(page)
    # every page of the menu opens at its own address, typed in as it is
    for spec in nav.PAGES:
        open_page(page, f"{app_url}/{spec.key}?{VIEW}")
        settle(page)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert f"/{spec.key}" in page.url, (spec.key, page.url)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()


def test_national_decision_from_keterlacakan_after_its_preview(
    page: Page, app_url: str, two: Driver
) -> None:
    assert link_of(two, OTHER, "3355.007", "3355")["status"] == "suggested"
    open_page(page, f"{app_url}/keterlacakan?{VIEW}&ind={quote(IKK_3355_5, safe='')}")
    page.get_by_test_id("stButtonGroup").get_by_text("Nasional", exact=True).click()
    settle(page)

    def row():
        return (
            page.get_by_test_id("stHorizontalBlock")
            .filter(has_text="IO 3355.007")
            .filter(has_text="→")
        )

    expect(row()).to_contain_text("Keputusan nasional akan berlaku di 2 satker-tahun.")
    row().get_by_role("button", name="Konfirmasi").click()
    expect(
        page.get_by_test_id("stAlert").filter(has_text="Berlaku nasional di 2 satker-tahun.")
    ).to_be_visible()
    settle(page)
    expect(row()).to_contain_text("keputusan nasional oleh")
    other = link_of(two, OTHER, "3355.007", "3355")
    assert (other["status"], other["origin"], other["decided_from"]) == (
        "confirmed",
        "national",
        "670714/2020",
    )


def test_review_queue_confirms_the_top_pair_in_place(page: Page, app_url: str, two: Driver) -> None:
    top = review.queue(two, YEAR).iloc[0]
    assert top.satker_years == 2
    open_page(page, f"{app_url}/tinjauan?{VIEW}")
    expect(page.get_by_role("heading", name="Tinjauan nasional", exact=True)).to_be_visible()
    settle(page)
    first = (
        page.get_by_test_id("stHorizontalBlock")
        .filter(has_text=top.source_text)
        .filter(has_text=top.target_text)
        .filter(has=page.get_by_role("button", name="Konfirmasi"))
        .first
    )
    expect(first).to_contain_text(top.source_owner)
    expect(first).to_contain_text("di 2 satker-tahun")
    first.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="secara nasional")).to_be_visible()
    settle(page)
    for satker in (SATKER, OTHER):
        link = link_of(two, satker, top.source_owner, top.target_owner)
        assert (link["status"], link["origin"]) == ("confirmed", "national")
    after = review.queue(two, YEAR)
    same = after[(after.source_owner == top.source_owner) & (after.source_text == top.source_text)]
    assert same.empty
    national = [d for d in decisions.list_decisions(two) if d.scope == "national"]
    assert national and all(d.decided_by for d in national)


IKK_3356_3 = "670714/2020/P/076.01.01#1/K/3356#2/IKK/03#3"
THIRD = "670716"


def test_national_add_reaches_a_later_load_where_a_local_decision_wins(
    page: Page, app_url: str, two: Driver
) -> None:
    # a link only meaning justifies: the matcher proposes nothing between these two texts
    pair = ("output:3356.008#2", "kegiatan:3356#3")
    open_page(page, f"{app_url}/keterlacakan?{VIEW}&ind={quote(IKK_3356_3, safe='')}")
    page.get_by_test_id("stButtonGroup").get_by_text("Nasional", exact=True).click()
    settle(page)
    adder = page.get_by_test_id("stExpander").filter(has_text="Tambah tautan yang hilang")
    adder.locator("summary").click()
    adder.get_by_role("combobox").click()
    page.keyboard.type("mendokumentasikan data kebutuhan")
    page.get_by_role("option").filter(has_text="mendokumentasikan data kebutuhan").first.click()
    settle(page)
    expect(adder.get_by_role("combobox")).to_have_value(
        re.compile(r"^IO 02 — Persentase satker yang mendokumentasikan")
    )
    expect(adder).to_contain_text("Keputusan nasional akan berlaku di 2 satker-tahun.")
    adder.get_by_role("button", name="Tambah tautan").click()
    expect(
        page.get_by_test_id("stAlert").filter(has_text="Berlaku nasional di 2 satker-tahun.")
    ).to_be_visible()
    settle(page)
    for satker in (SATKER, OTHER):
        link = ref_link(two, satker, *pair)
        assert (link["status"], link["method"], link["origin"]) == (
            "confirmed",
            "manual",
            "national",
        )

    # a satker-year loaded afterwards inherits it, and shows where it comes from
    text = SEED.read_text(encoding="utf-8").replace("(670714) KPU KOTA SERANG", f"({THIRD}) X")
    assert load_document(parse_text(text, source="third.txt"), two).status == "loaded"
    third_ikk = IKK_3356_3.replace(SATKER, THIRD)
    open_page(
        page, f"{app_url}/keterlacakan?satker={THIRD}&year={YEAR}&ind={quote(third_ikk, safe='')}"
    )
    settle(page)
    row = (
        page.get_by_test_id("stHorizontalBlock").filter(has_text="IO 3356.008").filter(has_text="→")
    )
    expect(row).to_contain_text("keputusan nasional oleh")
    expect(row).to_contain_text(f"dibuat di {SATKER}/{YEAR}")
    # a later local decision there wins there only
    row.get_by_role("button", name="Tolak").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="ditolak")).to_be_visible()
    settle(page)
    expect(row).to_contain_text("keputusan lokal oleh")
    assert ref_link(two, THIRD, *pair)["status"] == "rejected"
    assert ref_link(two, THIRD, *pair)["origin"] == "local"
    assert ref_link(two, OTHER, *pair)["status"] == "confirmed"


def ref_link(driver: Driver, satker: str, source: str, target: str) -> dict:
    sy = linker.fetch(driver, [(satker, YEAR)])[(satker, YEAR)]
    src, tgt = (decisions.find_indicator(sy, ref) for ref in (source, target))
    df = linker.links(driver, satker, YEAR)
    hit = df[(df.source_uid == src.uid) & (df.target_uid == tgt.uid)]
    assert len(hit) == 1, hit
    return hit.iloc[0].to_dict()
