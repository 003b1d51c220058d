"""What a new user tripped over (issue 14), each fixed and checked: computed sums with the stated
figure flagged, compact Rupiah with the exact figure on hover, audits in Indonesian, a Graf
layout that wraps, the years side by side, and the review queue page; the pages through
Streamlit's AppTest against the real test Neo4j (the shareable addresses are checked in
Chromium, tests/e2e/test_national_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from conftest import SEED, open_app
from neo4j import Driver

from tracker.app import fmt, i18n, nav, network, totals, yearly
from tracker.audit import library
from tracker.config import PROJECT_ROOT
from tracker.graph.loader import load_document
from tracker.read.document import parse_text
from tracker.trace import linker, review

SATKER, YEAR = "670714", 2020


def load_variant(graph: Driver, satker: str, year: int) -> None:
    text = SEED.read_text(encoding="utf-8").replace("(670714) KPU KOTA SERANG", f"({satker}) X")
    text = text.replace("TAHUN ANGGARAN 2020", f"TAHUN ANGGARAN {year}")
    text = text.replace("T.A 2020", f"T.A {year}")
    if year != 2020:  # a re-costed output, so the years differ
        text = text.replace("1,500,000\t\t1,500,000", "2,500,000\t\t2,500,000", 1)
    result = load_document(parse_text(text, source=f"{satker}_{year}.txt"), graph)
    assert result.status == "loaded", result


@pytest.fixture
def app_graph(graph: Driver, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Driver:
    st.cache_data.clear()
    monkeypatch.setenv("TRACKER_AUDIT_LOG", str(tmp_path / "audit-log.jsonl"))
    monkeypatch.setenv("TRACKER_APP_WARMUP", "0")
    load_variant(graph, SATKER, YEAR)
    return graph


# --- compact Rupiah --------------------------------------------------------------------------


def test_compact_rupiah_uses_indonesian_scales() -> None:
    assert fmt.compact_rupiah(4_235_449_109_000) == "Rp 4,24 T"
    assert fmt.compact_rupiah(3_076_120_000) == "Rp 3,08 M"
    assert fmt.compact_rupiah(147_640_000) == "Rp 147,64 jt"
    assert fmt.compact_rupiah(950_000) == "Rp 950.000"
    assert fmt.compact_rupiah(-2_000_000_000) == "-Rp 2,00 M"
    assert fmt.compact_rupiah(None) == "–"
    # the scale is chosen after rounding: never "Rp 1.000,00 M" or "Rp 1,00 jt" for 999.999
    assert fmt.compact_rupiah(999_999_999_999) == "Rp 1,00 T"
    assert fmt.compact_rupiah(999_994_000_000) == "Rp 999,99 M"
    assert fmt.compact_rupiah(999_996_000) == "Rp 1,00 M"
    assert fmt.compact_rupiah(999_999) == "Rp 999.999"


# --- computed sums, stated figure flagged ----------------------------------------------------


def test_totals_are_the_outputs_sums_and_flag_a_stated_figure_that_differs() -> None:
    nodes = pd.DataFrame(
        [
            {"level": "Program", "angka_dasar": 5, "inisiatif_baru": 0, "jumlah": 1},
            {"level": "Output", "angka_dasar": 3, "inisiatif_baru": 1, "jumlah": 4},
            {"level": "Output", "angka_dasar": 2, "inisiatif_baru": 0, "jumlah": 2},
        ]
    )
    rka = {"total_angka_dasar": 5, "total_inisiatif_baru": 1, "total_jumlah": 1}
    got = {x.field: x for x in totals.totals(rka, nodes)}
    assert (got["angka_dasar"].computed, got["angka_dasar"].differs) == (5, False)
    assert (got["jumlah"].computed, got["jumlah"].stated, got["jumlah"].differs) == (6, 1, True)


def test_ringkasan_shows_the_computed_jumlah_not_the_misprint(app_graph: Driver) -> None:
    at = open_app(satker=SATKER, year=str(YEAR))
    metrics = {m.label: m for m in at.metric}
    jumlah = metrics["Jumlah"]
    assert jumlah.value == "Rp 3,08 M"  # not Rp 147.640.000
    assert "Rp 3.076.120.000" in jumlah.proto.help  # the exact figure on hover
    assert "Rp 147.640.000" in jumlah.proto.help
    assert "tertulis Rp 147,64 jt" in jumlah.proto.delta
    assert "Rp 147.640.000 ≠ Rp 3.076.120.000" in at.warning[0].value
    assert "Rp 147.640.000" not in metrics["Angka Dasar"].proto.help  # agrees: no flag


def test_nasional_ranks_by_the_computed_jumlah_and_flags_the_stated_one(
    app_graph: Driver,
) -> None:
    load_variant(app_graph, "670715", YEAR)
    at = open_app("nasional", year=str(YEAR))
    table = at.dataframe[0].value
    row = table[table["Satker"] == SATKER].iloc[0]
    assert row["Jumlah"] == "Rp 3.076.120.000"
    assert row["Jumlah tertulis (bila beda)"] == "⚠ Rp 147.640.000"
    total = {m.label: m for m in at.metric}["Total Jumlah"]
    assert total.value == "Rp 6,15 M" and total.proto.help == "Rp 6.152.240.000"


# --- every page has its own address ----------------------------------------------------------


def test_every_page_is_registered_under_its_own_path() -> None:
    keys = [p.key for p in nav.PAGES]
    assert len(set(keys)) == len(keys) and nav.HOME not in keys
    assert {"ringkasan", "nasional", "tinjauan", "tahunan"} <= set(keys)
    for spec in nav.PAGES:
        assert Path(PROJECT_ROOT / spec.script).exists()
        assert f"page.{spec.key}" in i18n.STRINGS


# --- audits in Indonesian ----------------------------------------------------------------------


TRANSLATED = (
    "low_coverage_satkers",
    "output_name_variants",
    "parser_findings",
    "revision_changes",
    "structural_only_indicators",
    "suggested_links",
    "unlinked_outputs",
    "unreconciled_totals",
    "unserved_indicators",
    "weak_links_big_budgets",
)


def test_every_shipped_audit_speaks_indonesian() -> None:
    for name in TRANSLATED:
        audit = library.get_audit(name)
        assert audit.text("title", "id") != audit.title, name
        assert audit.text("answers", "id") != audit.answers, name
        assert audit.text("why", "id") != audit.why, name
        for p in audit.params:
            assert p.help("id") != p.description, (audit.name, p.name)
    weak = library.get_audit("weak_links_big_budgets")
    assert weak.text("title", "id") == "Anggaran terbesar di balik tautan lemah"
    assert weak.text("title", "en") == weak.title  # no .en line: the default wording
    assert [p.label("id") for p in weak.params][:3] == ["satker", "tahun", "skor_minimum"]


def test_header_variants_parse_and_the_old_format_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "a.cypher"
    text = (
        "// title: Default title\n// answers: What?\n// why: Because.\n"
        "// param: year int = null — budget year\n"
        "// title.id: Judul\n// title.en: English title\n// answers.id: Apa?\n"
        "//   lanjutan\n// param.id: year tahun — tahun anggaran\nMATCH (n) RETURN n\n"
    )
    head = library.parse_header(text, path)
    assert head["translations"]["id"] == {"title": "Judul", "answers": "Apa? lanjutan"}
    assert head["translations"]["en"]["title"] == "English title"
    (year,) = head["params"]
    assert (year.label("id"), year.help("id"), year.label("en")) == (
        "tahun",
        "tahun anggaran",
        "year",
    )
    old = library.parse_header(text.split("// title.id")[0] + "MATCH (n) RETURN n\n", path)
    assert old["title"] == "Default title" and old["translations"] == {}
    with pytest.raises(library.AuditError, match=r"a\.cypher:5: unknown language 'fr'"):
        library.parse_header(text.replace("title.id", "title.fr"), path)
    with pytest.raises(library.AuditError, match="names 'tahun', which no '// param:'"):
        library.parse_header(text.replace("param.id: year tahun", "param.id: tahun x"), path)


def test_audit_page_shows_indonesian_titles_and_labels(app_graph: Driver) -> None:
    at = open_app("audit", satker=SATKER, year=str(YEAR))
    at.selectbox(key="audit.name").set_value("weak_links_big_budgets").run()
    assert "Anggaran terbesar di balik tautan lemah" in at.selectbox(key="audit.name").format_func(
        "weak_links_big_budgets"
    )
    labels = [w.label for w in at.text_input]
    assert "tahun (bilangan bulat)" in labels and "skor_minimum (bilangan)" in labels


# --- the Graf layout ------------------------------------------------------------------------


def program_of_75() -> pd.DataFrame:
    """A program as the seed's 076.01.01 is: 6 sasaran with 7 IKP, 5 kegiatan with 2 to 12 IKK
    each, outputs with one or two IO (75 nodes), in the rows' document order."""
    rows = [{"uid": "p", "level": "Program", "parent": None}]
    for s_ in range(6):
        rows.append({"uid": f"s{s_}", "level": "SasaranProgram", "parent": "p"})
        for i in range(2 if s_ == 3 else 1):
            rows.append(
                {"uid": f"s{s_}i{i}", "level": "IndikatorKinerjaProgram", "parent": f"s{s_}"}
            )
    for k, (ikk, outputs) in enumerate([(5, 3), (4, 1), (12, 2), (8, 2), (5, 3)]):
        rows.append({"uid": f"k{k}", "level": "Kegiatan", "parent": "p"})
        rows += [
            {"uid": f"k{k}i{i}", "level": "IndikatorKinerjaKegiatan", "parent": f"k{k}"}
            for i in range(ikk)
        ]
        for o in range(outputs):
            rows.append({"uid": f"k{k}o{o}", "level": "Output", "parent": f"k{k}"})
            rows.append({"uid": f"k{k}o{o}x", "level": "IndikatorOutput", "parent": f"k{k}o{o}"})
    nodes = pd.DataFrame(rows)
    # sasaran listed after the kegiatan: the layout must not depend on the rows' order
    return pd.concat(
        [nodes[nodes.level != "SasaranProgram"], nodes[nodes.level == "SasaranProgram"]]
    )


def test_a_program_of_75_nodes_is_laid_out_as_groups_under_their_parents() -> None:
    nodes = program_of_75()
    pos = network.block_positions(nodes, nodes["uid"])
    assert len(pos) == len(nodes) == 75
    assert len({(p["x"], p["y"]) for p in pos.values()}) == 75  # no two on one spot
    xs = [p["x"] for p in pos.values()]
    ys = [p["y"] for p in pos.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert width <= network.MAX_COLUMNS * network.CELL_X  # not a 40-node ribbon
    assert 0.5 < width / height < 2.5  # a block
    parent = dict(zip(nodes["uid"], nodes["parent"], strict=True))
    for uid, up in parent.items():  # every node below its parent
        if isinstance(up, str):
            assert pos[uid]["y"] > pos[up]["y"], uid
    assert pos["s0"]["y"] < pos["k0"]["y"]  # the goals and their IKP above the kegiatan
    # each kegiatan's IKK, outputs and IO sit within its own columns, apart from the others'
    spans = []
    for k in range(5):
        mine = [p["x"] for u, p in pos.items() if u.startswith(f"k{k}")]
        spans.append((min(mine), max(mine), pos[f"k{k}"]["y"]))
    for a, b in zip(spans, spans[1:], strict=False):
        if a[2] == b[2]:  # on the same line
            assert a[1] < b[0]
    # a kegiatan's IKK sit in a small grid right under it, not in one long row
    ikk = [p for u, p in pos.items() if u.startswith("k2i")]
    assert len({p["y"] for p in ikk}) == 4 and len({p["x"] for p in ikk}) == network.LEAF_COLUMNS
    spec = network.layout(["p"], pos)
    assert spec["name"] == "preset" and spec["positions"]["p"] == pos["p"]
    assert 500 <= network.view_height(pos) <= 1000


def test_captions_are_short_and_drawn_readably() -> None:
    assert network.caption("Output", "3355.003") == "3355.003"
    assert network.caption("IndikatorKinerjaKegiatan", "01") == "IKK 01"
    nodes, _edges = network.styles()
    dumped = nodes[0].dump()["style"]
    assert dumped["font-size"] >= 12 and dumped["min-zoomed-font-size"] < 10


def test_graf_page_draws_the_seed_with_the_wrapped_layout(app_graph: Driver) -> None:
    at = open_app("graf", satker=SATKER, year=str(YEAR))
    assert not at.exception
    caption = " ".join(c.value for c in at.caption)
    assert "simpul" in caption


# --- the years side by side ------------------------------------------------------------------


def test_tahunan_shows_each_year_and_the_change(app_graph: Driver) -> None:
    load_variant(app_graph, SATKER, 2019)
    at = open_app("tahunan", satker=SATKER, year=str(YEAR))
    table = at.dataframe[0].value
    assert list(table["Tahun"]) == [2019, 2020]
    assert list(table["Perubahan"]) == ["–", "-Rp 1.000.000"]
    ikp = at.dataframe[1].value
    assert {"2019", "2020"} <= set(ikp.columns)
    assert "05.01" in set(ikp["Kode"])


def test_yearly_tables_compare_codes_across_years() -> None:
    per_year = {
        2019: pd.DataFrame(
            [
                {
                    "level": "program",
                    "owner": "076.01.01",
                    "code": "05.01",
                    "text": "A",
                    "jumlah": 5,
                    "status": "covered",
                }
            ]
        ),
        2020: pd.DataFrame(
            [
                {
                    "level": "program",
                    "owner": "076.01.01",
                    "code": "05.01",
                    "text": "A",
                    "jumlah": 8,
                    "status": "suggested",
                },
                {
                    "level": "kegiatan",
                    "owner": "3356",
                    "code": "03",
                    "text": "B",
                    "jumlah": 1,
                    "status": "covered",
                },
            ]
        ),
    }
    wide = yearly.ikp_by_year(per_year)
    row = wide.iloc[0]
    assert (row["jumlah_2019"], row["jumlah_2020"], row["change"]) == (5, 8, 3)
    assert (row["status_2019"], row["status_2020"]) == ("covered", "suggested")
    yearly.PERFORMANCE.append(lambda s, y: 90.0 if y == 2020 else None)
    try:
        assert yearly.performance("x", 2020) == 90.0 and yearly.performance("x", 2019) is None
    finally:
        yearly.PERFORMANCE.clear()


# --- the review queue page --------------------------------------------------------------------


def test_tinjauan_confirms_a_pair_nationally_in_place(app_graph: Driver) -> None:
    load_variant(app_graph, "670715", YEAR)
    top = review.queue(app_graph, YEAR).iloc[0]
    at = open_app("tinjauan", satker=SATKER, year=str(YEAR))
    assert {m.label: m.value for m in at.metric}["Pasangan menunggu"] == str(
        len(review.queue(app_graph, YEAR))
    )
    at.button(key=f"tinjauan.confirm.{top.source_uid}>{top.target_uid}").click().run()
    assert not at.exception
    assert "secara nasional, di 2 satker-tahun" in at.success[0].value
    for satker in (SATKER, "670715"):
        df = linker.links(app_graph, satker, YEAR)
        hit = df[(df.source_owner == top.source_owner) & (df.target_owner == top.target_owner)]
        assert set(hit.origin) >= {"national"}


# --- the matcher's reasons in the interface's language ----------------------------------------


def test_reasons_read_in_indonesian_and_unknown_parts_pass_through() -> None:
    from tracker.app.deciding import localize_reason

    reason = (
        "opening words agree ('persentase fasilitasi kerjasama dengan'), then the texts "
        "diverge (prints cut texts at ~60 characters); fits 2 candidates: a person picks; "
        "precedent: confirmed in 1 other satker-year (e.g. 670714/2019)"
    )
    shown = localize_reason(reason)
    assert shown.startswith("kata-kata pembukanya sama ('persentase fasilitasi kerjasama")
    assert "cocok dengan 2 kandidat" in shown
    assert "dikonfirmasi di 1 satker-tahun lain (mis. 670714/2019)" in shown
    # the by-name reason holds a "; " of its own
    named = localize_reason(
        "the RO lists no indicator; every word of its name (perkantoran) is in the IKK"
    )
    assert named == "RO tidak mencantumkan indikator; setiap kata namanya (perkantoran) ada di IKK"
    assert localize_reason("something new; the only candidate") == (
        "something new; satu-satunya kandidat"
    )
    assert localize_reason(None) == ""


def test_tinjauan_and_keterlacakan_show_reasons_in_indonesian(app_graph: Driver) -> None:
    load_variant(app_graph, "670715", YEAR)
    at = open_app("tinjauan", satker=SATKER, year=str(YEAR))
    text = " ".join(m.value for m in at.markdown)
    assert "satu-satunya kandidat" in text and "the only candidate" not in text
    ikk = "670714/2020/P/076.01.01#1/K/3355#1/IKK/01#5"
    at = open_app("keterlacakan", satker=SATKER, year=str(YEAR), ind=ikk)
    text = " ".join(m.value for m in at.markdown)
    assert "usulan pencocok: teks yang sama kecuali satu kata sisipan 'kpu'" in text
