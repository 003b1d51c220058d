"""The linker against a real Neo4j: the seed's links, variants of it, links kept inside their
satker-year and kegiatan/program, relinking, and `tracker links`."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
from click.testing import Result
from conftest import load, seed_text
from neo4j import Driver

from tracker.read.document import parse_text
from tracker.trace import linker

SATKER, YEAR = "670714", 2020


def link(df: pd.DataFrame, source_owner: str, source_seq: int, target_owner: str, **kw: object):
    hit = df[
        (df.source_owner == source_owner)
        & (df.source_seq == source_seq)
        & (df.target_owner == target_owner)
    ]
    for key, value in kw.items():
        hit = hit[hit[key] == value]
    return hit


def serves_count(graph: Driver) -> int:
    records, _, _ = graph.execute_query("MATCH ()-[r:SERVES]->() RETURN count(r) AS n")
    return records[0]["n"]


# --- the seed -------------------------------------------------------------------------------


def test_seed_links(graph: Driver) -> None:
    load(graph, seed_text())
    df = linker.links(graph, SATKER, YEAR)

    io = link(df, "3355.003", 1, "3355")
    assert io[["target_seq", "status"]].values.tolist() == [[2, "confirmed"]]
    assert io.iloc[0].target_text == "Jumlah laporan sistem akuntansi dan pelaporan keuangan"

    opini = df[(df.source_text == "Opini BPK atas Laporan Keuangan KPU")]
    assert opini[["source_owner", "target_owner", "target_code", "status"]].values.tolist() == [
        ["3361", "076.01.01", "04.01", "confirmed"]
    ]

    pkpu = link(df, "3363", 1, "076.01.06", target_code="01.01")
    assert len(pkpu) == 1 and pkpu.iloc[0].status in ("suggested", "confirmed")
    assert "Rancangan Peraturan KPU" in pkpu.iloc[0].source_text

    assert df[df.source_owner == "3356.008"].query("status == 'confirmed'").empty


def test_every_seed_link_stays_in_its_kegiatan_or_program(graph: Driver) -> None:
    load(graph, seed_text())
    df = linker.links(graph, SATKER, YEAR)
    doc = parse_text(seed_text())
    program_of = {k.code: p.code for p in doc.programs for k in p.kegiatan}
    assert len(df) > 5
    for row in df.itertuples():
        if row.source_level == "output":
            assert row.target_level == "kegiatan"
            assert row.source_owner.split(".")[0] == row.target_owner
        else:
            assert (row.source_level, row.target_level) == ("kegiatan", "program")
            assert program_of[row.source_owner] == row.target_owner
        assert 0.0 <= row.score <= 1.0
        assert row.method in ("exact", "normalized", "fuzzy")
        assert (row.status == "confirmed") == (row.method in ("exact", "normalized"))


def test_relinking_replaces_links_instead_of_adding(graph: Driver) -> None:
    load(graph, seed_text())
    before = linker.links(graph, SATKER, YEAR)
    n = serves_count(graph)
    for _ in range(2):
        stats = linker.link_satker_year(graph, SATKER, YEAR)
    assert serves_count(graph) == n == stats.confirmed + stats.suggested
    pd.testing.assert_frame_equal(linker.links(graph, SATKER, YEAR), before)


def test_variants_of_the_texts_still_link(graph: Driver) -> None:
    text = seed_text(
        # IO of 3355.003 retyped: case, & for dan, double space
        io=(
            "01\tJumlah laporan sistem akuntansi dan pelaporan keuangan\t\t\t\t\n3355.007",
            "01\tJUMLAH LAPORAN  SISTEM AKUNTANSI & PELAPORAN KEUANGAN\t\t\t\t\n3355.007",
        ),
        # IO of 3357.004 cut shorter than the IKK it copies
        cut=(
            "\t01 Persentase laporan monitoring dan evaluasi yang akuntabel",
            "\t01 Persentase laporan monitoring dan evaluasi",
        ),
        # IO of 3364.004 with a typo that is not in the list
        typo=(
            "01\tPersentase proses PAW anggota DPR dan DPD, DPRD\t\t\t\t\n3364.005",
            "01\tPersentase prose PAW anggota DPR dan DPD, DPRD\t\t\t\t\n3364.005",
        ),
    )
    load(graph, text)
    df = linker.links(graph, SATKER, YEAR)
    assert link(df, "3355.003", 1, "3355")[["target_seq", "method", "status"]].values.tolist() == [
        [2, "normalized", "confirmed"]
    ]
    cut = link(df, "3357.004", 1, "3357")
    assert cut[["target_seq", "method", "status"]].values.tolist() == [
        [6, "normalized", "confirmed"]
    ]
    assert cut.iloc[0].score < 1.0
    typo = link(df, "3364.004", 1, "3364")
    assert typo[["target_seq", "method", "status"]].values.tolist() == [[1, "fuzzy", "suggested"]]


def test_abbreviation_written_out_becomes_a_normalized_match(graph: Driver) -> None:
    text = seed_text(
        ikp=(
            "Persentase Rancangan PKPU yang disusun dan",
            "Persentase Rancangan PKPU yang disusun tepat",
        )
    )
    load(graph, text)
    pkpu = link(linker.links(graph, SATKER, YEAR), "3363", 1, "076.01.06")
    assert pkpu[["target_code", "method", "status"]].values.tolist() == [
        ["01.01", "normalized", "confirmed"]
    ]


def test_same_text_in_another_kegiatan_is_not_a_candidate(graph: Driver) -> None:
    # 3357.004's indicator retyped as 3355's second IKK: nothing in 3357 matches it now, and
    # the identical IKK of 3355 is out of reach.
    text = seed_text(
        io=(
            "\t01 Persentase laporan monitoring dan evaluasi yang akuntabel",
            "\t01 Jumlah laporan sistem akuntansi dan pelaporan keuangan",
        )
    )
    load(graph, text)
    df = linker.links(graph, SATKER, YEAR)
    assert df[df.source_owner == "3357.004"].empty


def test_satker_years_are_linked_apart(graph: Driver) -> None:
    load(graph, seed_text())
    other = seed_text(satker=("(670714) KPU KOTA SERANG", "(670799) KPU KABUPATEN CONTOH"))
    load(graph, other, "other.txt")
    load(graph, seed_text(year=("2020", "2021")), "next-year.txt")
    records, _, _ = graph.execute_query(
        "MATCH (a)-[r:SERVES]->(b) RETURN a.satker = b.satker AND a.year = b.year AS same, "
        "count(*) AS n"
    )
    assert [(r["same"], r["n"]) for r in records] == [
        (True, 3 * len(linker.links(graph, SATKER, YEAR)))
    ]
    mine = linker.links(graph, "670799", YEAR)
    assert mine.source_uid.str.startswith("670799/2020/").all()
    assert mine.target_uid.str.startswith("670799/2020/").all()


def test_link_all_relinks_every_current_satker_year_in_batches(graph: Driver) -> None:
    load(graph, seed_text())
    load(graph, seed_text(year=("2020", "2021")), "next-year.txt")
    n = serves_count(graph)
    graph.execute_query("MATCH ()-[r:SERVES]->() DELETE r")
    stats = linker.link_all(graph, progress=False, batch=1)
    assert stats.satker_years == 2 and serves_count(graph) == n
    only = linker.link_all(graph, progress=False, year=2021)
    assert only.satker_years == 1


def test_a_revision_is_linked_afresh(graph: Driver) -> None:
    load(graph, seed_text())
    revised = seed_text(
        ikk=(
            "\n01\tOpini BPK atas Laporan Keuangan KPU\t",
            "\n01\tOpini WTP atas Laporan Kinerja\t",
        )
    )
    load(graph, revised, "revised.txt")
    df = linker.links(graph, SATKER, YEAR)
    assert df[df.target_code == "04.01"].empty
    assert serves_count(graph) == len(df)


# --- tracker links ---------------------------------------------------------------------------


def test_links_command_prints_every_link_as_json(graph: Driver, cli: Callable[..., Result]) -> None:
    load(graph, seed_text())
    result = cli("links", "--satker", SATKER, "--year", str(YEAR), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == len(linker.links(graph, SATKER, YEAR))
    for key in (
        "source_level",
        "source_owner",
        "source_text",
        "target_level",
        "target_owner",
        "target_code",
        "target_text",
        "method",
        "score",
        "status",
    ):
        assert all(key in r for r in rows), key
    assert {
        "source_level": "output",
        "source_owner": "3355.003",
        "target_level": "kegiatan",
        "target_owner": "3355",
        "target_code": "01",
        "method": "exact",
        "status": "confirmed",
    }.items() <= next(r for r in rows if r["source_owner"] == "3355.003").items()
    assert {r["source_level"] for r in rows} == {"output", "kegiatan"}


def test_links_command_for_an_unknown_satker_prints_an_empty_list(
    graph: Driver, cli: Callable[..., Result]
) -> None:
    result = cli("links", "--satker", "000000", "--year", "2020", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_link_run_command_relinks(graph: Driver, cli: Callable[..., Result]) -> None:
    load(graph, seed_text())
    n = serves_count(graph)
    graph.execute_query("MATCH ()-[r:SERVES]->() DELETE r")
    result = cli("link", "run", "--no-progress", "--no-decisions")
    assert result.exit_code == 0, result.output
    assert "1 satker-year," in result.output and serves_count(graph) == n
