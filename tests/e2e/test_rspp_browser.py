"""An RSPP satker-year with its kertas kerja in real Chromium: the overview names the
satker-year, and the trace page opens an RO's cost build-up (komponen, akun, blokir) under
the indicator it serves."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from neo4j import Driver
from playwright.sync_api import Page, expect

from tracker.benchmarks.browser import exceptions, open_page, wait_idle
from tracker.graph.loader import load_documents
from tracker.synth import rspp
from tracker.synth import workbook as synth
from tracker.synth.rka import Knobs

pytestmark = pytest.mark.browser


def test_an_rspp_satker_year_shows_its_cost_build_up(
    page: Page, app_url: str, e2e_graph: Driver, tmp_path: Path
) -> None:
    (sd,) = rspp.documents(1, seed=33, knobs=Knobs(fault_rate=0.0))
    text = tmp_path / sd.file_name
    text.write_text(sd.text, encoding="utf-8")
    (book,) = synth.generate(
        [sd.expected], tmp_path, seed=33, knobs=synth.WorkbookKnobs(blokir_share=0.5)
    )
    summary = load_documents([text, book.path], e2e_graph, progress=False)
    assert [r.status for r in summary.results] == ["loaded", "loaded"]

    head = sd.expected.document
    ros = {o.code: o for p in book.expected.programs for k in p.kegiatan for o in k.outputs}
    ro = next(
        o
        for p in sd.expected.programs
        for k in p.kegiatan
        for o in k.outputs
        if o.indicators and ros[o.code].komponen
    )
    assert ro.code.count(".") == 2  # an RO under its KRO, e.g. 3357.EBA.956
    records, _, _ = e2e_graph.execute_query(
        "MATCH (:Output {satker: $satker, year: $year, code: $code})-[:HAS_INDICATOR]->(i) "
        "RETURN i.uid AS uid LIMIT 1",
        satker=head.satker.code,
        year=head.year,
        code=ro.code,
    )
    view = f"satker={head.satker.code}&year={head.year}"

    open_page(page, f"{app_url}/ringkasan?{view}")
    expect(page.get_by_text(head.satker.name).first).to_be_visible()
    wait_idle(page)
    assert exceptions(page) == []

    open_page(page, f"{app_url}/keterlacakan?{view}&ind={quote(records[0]['uid'], safe='')}")
    build_up = page.get_by_test_id("stExpander").filter(has_text=ro.code).first
    expect(build_up).to_be_visible()
    build_up.click()
    table = build_up.get_by_test_id("stTable")
    for komponen in ros[ro.code].komponen:
        expect(table).to_contain_text(komponen.code)
    wait_idle(page)
    assert exceptions(page) == []
