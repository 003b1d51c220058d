"""The dashboard, page by page, through Streamlit's AppTest against the real test Neo4j.

Each test drives ``app.py`` as a user would (query string, pickers, buttons, uploads) and checks
what the page shows against what the database holds or what the project's own modules
compute, so a page that runs but shows the wrong thing fails.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from conftest import PLAN_LABELS, SEED, open_app
from neo4j import Driver
from streamlit.testing.v1 import AppTest

from tracker.app import auth, data, export, flows, fmt, i18n
from tracker.config import PROJECT_ROOT
from tracker.graph import loader
from tracker.graph.cypher import query
from tracker.read import document as reading
from tracker.synth import rka as synth
from tracker.trace import coverage, decisions, linker

APP = PROJECT_ROOT / "app.py"
SATKER, YEAR = "670714", 2020
IKP_0501 = "670714/2020/P/076.01.01#1/S/05#5/IKP/05.01#1"


@pytest.fixture
def fresh(graph: Driver, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Driver:
    """An empty database and no cached answers from an earlier test."""
    st.cache_data.clear()
    monkeypatch.setenv("TRACKER_AUDIT_LOG", str(tmp_path / "audit-log.jsonl"))
    return graph


@pytest.fixture
def seeded(fresh: Driver, seeded_graph: Driver) -> Driver:
    return seeded_graph


def no_exception(at: AppTest) -> None:
    assert not at.exception, [(e.message, e.stack_trace[-2:]) for e in at.exception]


def documents(driver: Driver) -> int:
    return driver.execute_query(query("app_document_count")).records[0]["documents"]


def graph_size(driver: Driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return nodes, rels


def table_text(at: AppTest) -> str:
    return "\n".join(tb.value.to_string() for tb in at.table)


# --- the frame: first run, unreachable database, language, URL -----------------------------


def test_first_run_screen_loads_the_seeds_in_one_click(fresh: Driver) -> None:
    at = open_app()
    assert at.title[0].value == i18n.STRINGS["firstrun.title"][0]
    assert "seeds/" in at.markdown[0].value
    at.button(key="firstrun.load").click().run()
    no_exception(at)
    assert documents(fresh) == 1
    # the rerun after loading lands on Ringkasan for the loaded satker
    assert at.title[0].value == "KPU KOTA SERANG (670714) — TA 2020"
    assert at.query_params["satker"] == SATKER and at.query_params["year"] == str(YEAR)


def test_unreachable_database_shows_what_to_check_and_a_retry(
    fresh: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("NEO4J_PASSWORD", "not-used")
    at = open_app()
    assert at.title[0].value == i18n.STRINGS["unreachable.title"][0]
    assert "bolt://127.0.0.1:9" in at.error[0].value
    assert "tracker db start" in at.error[0].value
    assert at.button[0].label == i18n.STRINGS["unreachable.retry"][0]
    at.button[0].click().run()  # still down: the same screen, still no traceback
    no_exception(at)
    assert at.title[0].value == i18n.STRINGS["unreachable.title"][0]


def test_selection_comes_from_and_goes_to_the_url(seeded: Driver) -> None:
    at = open_app(satker=SATKER, year=str(YEAR))
    assert at.selectbox(key="satker").value == SATKER
    assert at.selectbox(key="year").value == YEAR
    assert dict(at.query_params) == {"satker": SATKER, "year": str(YEAR)}
    at.switch_page("tracker/app/pages/cakupan.py").run()
    assert at.query_params["satker"] == SATKER  # page switches keep the view in the URL


def test_english_switch_translates_the_ui_but_not_domain_nouns(seeded: Driver) -> None:
    at = open_app(satker=SATKER, year=str(YEAR))
    assert [s.value for s in at.subheader][0] == "Total anggaran"
    at.session_state[i18n.STATE_KEY] = "en"
    at.run()
    no_exception(at)
    assert [s.value for s in at.subheader][0] == "Budget totals"
    assert [m.label for m in at.metric][:3] == ["Angka Dasar", "Inisiatif Baru", "Jumlah"]
    assert at.query_params["lang"] == "en"


def test_local_mode_is_marked_in_the_sidebar(seeded: Driver) -> None:
    at = open_app(satker=SATKER, year=str(YEAR))
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "Mode lokal (satu pengguna)" in sidebar
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert auth.current_user() in captions


# --- pages -----------------------------------------------------------------------------------


def test_ringkasan_shows_totals_counts_coverage_findings_and_revisions(seeded: Driver) -> None:
    doc = reading.parse_file(SEED)
    at = open_app(satker=SATKER, year=str(YEAR))
    metrics = {m.label: m.value for m in at.metric}
    # the outputs' sums, compact (exact on hover); the stated Jumlah (Rp 147.640.000) is flagged
    assert metrics["Angka Dasar"] == fmt.compact_rupiah(sum(p.angka_dasar for p in doc.programs))
    assert metrics["Angka Dasar"] == "Rp 3,08 M"
    assert metrics["Jumlah"] == "Rp 3,08 M"
    counts = at.table[0].value
    expected = loader.expected_counts(doc)
    assert [int(c) for c in counts["Jumlah butir"]] == [expected[lv] for lv in PLAN_LABELS]
    cov = coverage.coverage(seeded, SATKER, YEAR)
    ranked = cov[cov["level"] != "output"]
    served = int(ranked["status"].isin(["covered", "suggested"]).sum())
    assert metrics["IKP dan IKK terlayani lewat tautan"] == f"{served} / {len(ranked)}"
    findings = at.dataframe[0].value
    assert len(findings) == len(doc.findings) > 0  # the seed's unreconciled program total
    assert "076.01.01" in set(findings["Kode"])
    revisions = table_text(at)
    assert "revisi pertama" in revisions and "000_d6421c3a26a2bf97.txt" in revisions


def test_ringkasan_revision_history_describes_what_changed(seeded: Driver) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert text.count("1,500,000\t\t1,500,000") == 1  # output 3364.002
    text = text.replace("1,500,000\t\t1,500,000", "2,500,000\t\t2,500,000")
    revised = reading.parse_text(text.encode("utf-8"), "revisi2.txt")
    assert loader.load_document(revised, seeded).revision == 2
    at = open_app(satker=SATKER, year=str(YEAR))
    history = at.table[-1].value
    assert list(history["Revisi"]) == [2, 1]
    assert "1 berubah" in history["Perubahan"].iloc[0]
    assert "Rp 1.000.000" in history["Perubahan"].iloc[0]


def test_ringkasan_lets_the_local_admin_delete_the_satker_year(seeded: Driver) -> None:
    at = open_app(satker=SATKER, year=str(YEAR))
    assert at.button(key="del_go").disabled  # nothing happens without the confirmation
    at.checkbox(key="del_ok").check().run()
    at.button(key="del_go").click().run()
    no_exception(at)
    assert any(f"Satker {SATKER} TA {YEAR} dihapus" in s.value for s in at.success)
    assert documents(seeded) == 0
    assert (
        graph_size(seeded)[0]
        == seeded.execute_query("MATCH (d:LinkDecision) RETURN count(d) AS n").records[0]["n"]
    )  # only people's decisions remain


def test_keterlacakan_traces_ikp_0501_to_output_3356_008(seeded: Driver) -> None:
    at = open_app("keterlacakan", satker=SATKER, year=str(YEAR))
    at.selectbox(key="trace.indicator").set_value(IKP_0501).run()
    no_exception(at)
    routes = at.table[0].value
    assert list(routes["Output"]) == ["3356.008"]
    assert list(routes["Jumlah"]) == ["Rp 5.300.000"]
    assert "IKK 3356 03#3" in routes["Jalur"].iloc[0]
    assert any("Rp 5.300.000" in m.value for m in at.markdown)
    assert at.query_params["ind"] == IKP_0501  # the chosen indicator is part of the link


def test_keterlacakan_confirm_and_reject_record_the_user(seeded: Driver) -> None:
    before = linker.links(seeded, SATKER, YEAR)
    suggested = before[before["status"] == "suggested"].iloc[0]
    at = open_app("keterlacakan", satker=SATKER, year=str(YEAR), ind=suggested["target_uid"])
    pair = f"{suggested['source_uid']}>{suggested['target_uid']}"
    at.button(key=f"trace.confirm.{pair}").click().run()
    no_exception(at)
    assert auth.current_user() in at.success[0].value
    after = linker.links(seeded, SATKER, YEAR)
    row = after[
        (after.source_uid == suggested["source_uid"]) & (after.target_uid == pair.split(">")[1])
    ]
    assert row.iloc[0]["status"] == "confirmed"
    assert row.iloc[0]["decided_by"] == auth.current_user()
    # the confirmed link now offers only "reject"; rejecting it is recorded the same way
    assert not any(b.key == f"trace.confirm.{pair}" for b in at.button)
    at.button(key=f"trace.reject.{pair}").click().run()
    after = linker.links(seeded, SATKER, YEAR)
    row = after[
        (after.source_uid == suggested["source_uid"]) & (after.target_uid == pair.split(">")[1])
    ]
    assert row.iloc[0]["status"] == "rejected"


def test_keterlacakan_adds_a_missing_link(seeded: Driver) -> None:
    at = open_app("keterlacakan", satker=SATKER, year=str(YEAR), ind=IKP_0501)
    picker = at.selectbox(key=f"trace.add.{IKP_0501}")
    source, target = picker.value
    at.button(key="trace.add.button").click().run()
    no_exception(at)
    links = linker.links(seeded, SATKER, YEAR)
    added = links[(links.source_uid == source) & (links.target_uid == target)]
    assert added.iloc[0]["status"] == "confirmed"
    assert added.iloc[0]["method"] == "manual"
    assert added.iloc[0]["decided_by"] == auth.current_user()


def test_keterlacakan_tree_lists_every_plan_node_with_money(seeded: Driver) -> None:
    at = open_app("keterlacakan", satker=SATKER, year=str(YEAR))
    assert not at.dataframe  # lazy tabs: the tree is built only when its tab is open
    at.session_state["trace.tab"] = "Pohon rencana"
    at.run()
    no_exception(at)
    tree = at.dataframe[0].value
    expected = loader.expected_counts(reading.parse_file(SEED))
    assert len(tree) == sum(v for k, v in expected.items() if k != "Finding")
    row = tree[tree["Kode"].str.strip() == "3356.008"].iloc[0]
    assert row["Jumlah"] == "Rp 5.300.000"
    assert row["Volume"] == "1,00 Dokumen"


def test_cakupan_lists_gaps_and_draws_budget_and_money_flow(seeded: Driver) -> None:
    at = open_app("cakupan", satker=SATKER, year=str(YEAR))
    cov = coverage.coverage(seeded, SATKER, YEAR)
    structural = cov[(cov["level"] != "output") & (cov["status"] == "structural")]
    shown = (
        at.dataframe[0].value if not (cov["status"] == "uncovered").any() else at.dataframe[1].value
    )
    assert len(shown) == len(structural)
    unserving = coverage.unserving_outputs(seeded, SATKER, YEAR)
    assert any(len(df.value) == len(unserving) and "Output" in df.value for df in at.dataframe)
    assert len(at.get("vega_lite_chart")) == 1  # budget per indicator
    assert len(at.get("plotly_chart")) == 1  # the Sankey


def test_money_flow_conserves_the_outputs_jumlah(seeded: Driver) -> None:
    f = coverage.facts(seeded, SATKER, YEAR)
    funded = sum(o["jumlah"] for o in f.outputs.values() if (o.get("jumlah") or 0) > 0)
    for level in ("program", "kegiatan"):
        fl = flows.money_flows(f, level, "(none)")
        into_outputs = fl.total_into("output")
        into_ends = fl.total_into("indicator") + fl.total_into("none")
        assert into_outputs == funded
        assert into_ends == pytest.approx(funded)


def test_graf_counts_elements_and_shows_a_nodes_properties(seeded: Driver) -> None:
    at = open_app("graf", satker=SATKER, year=str(YEAR))
    doc = reading.parse_file(SEED)
    expected = loader.expected_counts(doc)
    nodes = sum(v for k, v in expected.items() if k != "Finding")

    def shown() -> int:
        caption = next(c.value for c in at.caption if re.match(r"^\d+ simpul", c.value))
        return int(caption.split()[0])

    first = doc.programs[0]  # one program by default: the whole plan is dense
    assert at.selectbox(key="graf.program").value.endswith(f"#{first.seq or 1}")
    assert 0 < shown() < nodes
    at.selectbox(key="graf.program").set_value("__all__").run()
    assert shown() == nodes
    at.selectbox(key="graf.node").set_value("670714/2020/P/076.01.01#1/K/3356#2/O/3356.008#1").run()
    no_exception(at)
    props = dict(zip(at.table[0].value["Properti"], at.table[0].value["Nilai"], strict=True))
    assert props["Jumlah"] == "Rp 5.300.000"
    assert "FUNDS" in set(at.table[1].value["Relasi"])
    at.multiselect(key="graf.levels").set_value(["Program", "Kegiatan"]).run()
    assert shown() == expected["Program"] + expected["Kegiatan"]


def test_nasional_shows_every_satker_and_opens_one(seeded: Driver) -> None:
    other = next(synth.documents(1, seed=7))
    doc = reading.parse_text(other.text.encode("utf-8"), other.file_name)
    loader.load_document(doc, seeded)
    code = doc.document.satker.code
    # one suggested link confirmed and one rejected, so every status rule is exercised
    links = linker.links(seeded, SATKER, YEAR)
    suggested = links[links["status"] == "suggested"]
    decisions.confirm(
        seeded, SATKER, YEAR, suggested.iloc[0]["source_uid"], suggested.iloc[0]["target_uid"]
    )
    decisions.reject(
        seeded, SATKER, YEAR, suggested.iloc[1]["source_uid"], suggested.iloc[1]["target_uid"]
    )
    at = open_app("nasional", satker=SATKER, year=str(YEAR))
    assert {m.label: m.value for m in at.metric}["Satker"] == "2"
    table = at.dataframe[0].value
    assert set(table["Satker"]) == {SATKER, code}
    # the reduced national queries agree with tracker.trace.coverage computed satker by satker
    per = data.national_satkers(YEAR)
    for satker in (SATKER, code):
        cov = coverage.coverage(seeded, satker, YEAR)
        expected = cov[cov["level"] != "output"]["status"].value_counts()
        row = per[per["satker"] == satker].iloc[0]
        for status in data.STATUSES:
            assert row[status] == expected.get(status, 0), (satker, status)
        f = coverage.facts(seeded, satker, YEAR)
        unserving = set(coverage.unserving_frame(f)["output_uid"])
        linked = sum(o["jumlah"] or 0 for u, o in f.outputs.items() if u not in unserving)
        assert row["jumlah_linked"] == linked
    pd.testing.assert_frame_equal(
        data.national_rollup(YEAR), coverage.national_rollup(seeded, YEAR), check_dtype=False
    )
    rollup = at.dataframe[1].value
    assert "05.01" in set(rollup["Kode"])
    at.selectbox(key="nasional.open").set_value(code)
    at.button(key="nasional.go").click().run()
    no_exception(at)
    assert at.title[0].value.startswith(f"{doc.document.satker.name} ({code})")
    assert at.query_params["satker"] == code


def test_muat_bad_file_shows_the_parser_message_and_loads_nothing(seeded: Driver) -> None:
    before = graph_size(seeded)
    at = open_app("muat")
    at.file_uploader[0].upload("rusak.txt", b"KODE\tPROGRAM\nini bukan RKA\n", "text/plain").run()
    no_exception(at)
    message = at.error[0].value
    assert re.search(r"rusak\.txt:\d+: ", message), message
    assert not any(b.key == "muat.load" for b in at.button)
    assert graph_size(seeded) == before


def test_muat_previews_then_loads_a_document(fresh: Driver) -> None:
    at = open_app("muat")
    at.file_uploader[0].upload(SEED.name, SEED.read_bytes(), "text/plain").run()
    no_exception(at)
    assert documents(fresh) == 0  # preview only
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Angka Dasar"] == "Rp 3.076.120.000"
    assert "670714" in " ".join(m.value for m in at.markdown)
    at.button(key="muat.load").click().run()
    no_exception(at)
    assert documents(fresh) == 1
    assert not linker.links(fresh, SATKER, YEAR).empty  # loading also linked it
    at.button(key="muat.open").click().run()
    assert at.title[0].value == "KPU KOTA SERANG (670714) — TA 2020"


def test_audit_runs_saved_queries_refuses_writes_and_logs(seeded: Driver) -> None:
    at = open_app("audit", satker=SATKER, year=str(YEAR))
    at.selectbox(key="audit.name").set_value("parser_findings").run()
    run_buttons = [b for b in at.button if b.label == "Jalankan"]
    run_buttons[0].click().run()
    no_exception(at)
    assert not at.error
    result = at.dataframe[0].value
    assert len(result) == len(reading.parse_file(SEED).findings)
    before = graph_size(seeded)
    at.text_area(key="audit.cypher").set_value("MATCH (n) DETACH DELETE n RETURN 1")
    [b for b in at.button if b.label == "Jalankan"][1].click().run()
    assert "read-only" in at.error[0].value
    assert graph_size(seeded) == before
    log = at.dataframe[-1].value
    assert list(log["status"])[:2] == ["refused", "ok"]
    assert set(log["user"]) == {auth.current_user()}


# --- the pure parts ------------------------------------------------------------------------


def test_money_and_numbers_read_the_indonesian_way() -> None:
    assert fmt.rupiah(3_076_120_000) == "Rp 3.076.120.000"
    assert fmt.rupiah(0) == "Rp 0"
    assert fmt.rupiah(-1_000) == "-Rp 1.000"
    assert fmt.rupiah(None) == "–"
    assert fmt.number(1234567.5, 1) == "1.234.567,5"
    assert fmt.percent(0.625) == "62,5%"


def test_exports_keep_raw_values_and_neutralise_formulas() -> None:
    df = pd.DataFrame({"kode": ["3356.008", '=HYPERLINK("x")'], "jumlah": [5_300_000, 1]})
    back = pd.read_csv(io.BytesIO(export.to_csv(df)), encoding="utf-8-sig", dtype={"kode": str})
    assert list(back["jumlah"]) == [5_300_000, 1]
    assert back["kode"].iloc[1].startswith("'=")
    book = openpyxl.load_workbook(io.BytesIO(export.to_excel(df, "a/b:c")))
    sheet = book.active
    assert sheet.title == "a_b_c"
    assert [c.value for c in sheet[2]] == ["3356.008", 5_300_000]
    assert sheet["A3"].value.startswith("'=")


def test_every_ui_string_exists_in_both_languages() -> None:
    fields = re.compile(r"{(\w+)}")
    for key, (indo, eng) in i18n.STRINGS.items():
        assert indo.strip() and eng.strip(), key
        assert set(fields.findall(indo)) == set(fields.findall(eng)), key
    used: set[str] = set()
    sources = [APP, *sorted((PROJECT_ROOT / "tracker" / "app").rglob("*.py"))]
    literal = re.compile(r"""\bt\(\s*["']([\w.]+)["']\s*[,)]""")  # t("key") / t("key", …)
    for path in sources:
        if path.name != "i18n.py":
            used |= set(literal.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 100
    missing = sorted(k for k in used if k not in i18n.STRINGS)
    assert not missing, missing
