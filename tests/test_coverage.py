"""Coverage: the tier rules on hand-made facts (no database), then the seed and variants of
it against a real Neo4j, the national roll-up and `tracker coverage`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from click.testing import Result
from conftest import load, seed_text
from neo4j import Driver

from tracker.read.document import parse_text
from tracker.trace import coverage as cov
from tracker.trace import decisions
from tracker.trace.coverage import Facts, compute

SATKER, YEAR = "670714", 2020


# --- the rules, on hand-made facts ---------------------------------------------------------


def facts(links: list[tuple[str, str, str]], jumlah: dict[str, int] | None = None) -> Facts:
    """Program P (IKP p1, p2) with kegiatan K1 (IKK k1, k2; outputs o1, o2 with IO i1, i2)
    and K2 (IKK k3; output o3 with IO i3). ``links`` are (source, target, status)."""
    money = {"o1": 100, "o2": 20, "o3": 3} | (jumlah or {})

    def items(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {r["uid"]: r for r in rows}

    return Facts(
        programs=items([{"uid": "P", "code": "076.01.01", "jumlah": 123}]),
        kegiatan=items(
            [
                {"uid": "K1", "code": "3355", "parent": "P", "seq": 1},
                {"uid": "K2", "code": "3356", "parent": "P", "seq": 2},
            ]
        ),
        outputs=items(
            [
                {"uid": o, "code": c, "parent": k, "jumlah": money[o], "seq": n}
                for n, (o, c, k) in enumerate(
                    [("o1", "3355.001", "K1"), ("o2", "3355.002", "K1"), ("o3", "3356.001", "K2")],
                    1,
                )
            ]
        ),
        ios=items(
            [
                {"uid": "i1", "parent": "o1", "code": "01", "seq": 1},
                {"uid": "i2", "parent": "o2", "code": "01", "seq": 1},
                {"uid": "i3", "parent": "o3", "code": "01", "seq": 1},
            ]
        ),
        ikks=items(
            [
                {"uid": "k1", "parent": "K1", "code": "01", "seq": 1},
                {"uid": "k2", "parent": "K1", "code": "02", "seq": 2},
                {"uid": "k3", "parent": "K2", "code": "01", "seq": 1},
            ]
        ),
        ikps=items(
            [
                {"uid": "p1", "parent": "P", "code": "01.01", "seq": 1},
                {"uid": "p2", "parent": "P", "code": "02.01", "seq": 1},
            ]
        ),
        links=[
            {"source": s, "target": t, "status": st, "method": "exact", "score": 1.0}
            for s, t, st in links
        ],
    )


def status(f: Facts) -> dict[str, tuple[str, list[str]]]:
    return {s.uid: (s.status, s.outputs) for s in compute(f)}


def test_no_links_means_structural_everywhere_with_the_hierarchys_outputs() -> None:
    got = status(facts([]))
    assert got["i1"] == ("covered", ["o1"])  # an IO is covered by its own funded output
    assert got["k1"] == ("structural", ["o1", "o2"])
    assert got["k3"] == ("structural", ["o3"])
    assert got["p1"] == ("structural", ["o1", "o2", "o3"])


def test_a_confirmed_chain_covers_and_lists_only_its_outputs() -> None:
    got = status(facts([("i1", "k1", "confirmed"), ("k1", "p1", "confirmed")]))
    assert got["k1"] == ("covered", ["o1"])
    assert got["p1"] == ("covered", ["o1"])
    assert got["k2"] == ("structural", ["o1", "o2"])  # no link: its kegiatan's outputs
    assert got["p2"] == ("structural", ["o1", "o2", "o3"])


def test_a_suggested_link_anywhere_makes_the_chain_suggested() -> None:
    got = status(facts([("i1", "k1", "suggested"), ("k1", "p1", "confirmed")]))
    assert got["k1"] == ("suggested", ["o1"]) and got["p1"] == ("suggested", ["o1"])
    got = status(facts([("i1", "k1", "confirmed"), ("k1", "p1", "suggested")]))
    assert got["k1"] == ("covered", ["o1"]) and got["p1"] == ("suggested", ["o1"])


def test_confirmed_beats_suggested_and_only_the_best_tier_is_listed() -> None:
    got = status(
        facts(
            [
                ("i1", "k1", "confirmed"),
                ("i2", "k1", "suggested"),
                ("k1", "p1", "confirmed"),
                ("k3", "p1", "confirmed"),
            ]
        )
    )
    assert got["k1"] == ("covered", ["o1"])
    assert got["p1"] == ("covered", ["o1"])  # o3 reaches p1 only structurally (k3)


def test_a_link_to_a_structurally_served_ikk_is_structural_with_that_kegiatans_outputs() -> None:
    got = status(facts([("k3", "p1", "confirmed")]))
    assert got["k3"] == ("structural", ["o3"])
    assert got["p1"] == ("structural", ["o3"])  # not the whole program


def test_rejected_links_count_for_nothing() -> None:
    got = status(facts([("i1", "k1", "rejected"), ("k1", "p1", "rejected")]))
    assert got == status(facts([]))


def test_unfunded_outputs_serve_nothing() -> None:
    f = facts([("i1", "k1", "confirmed"), ("k1", "p1", "confirmed")], {"o1": 0, "o3": 0})
    got = status(f)
    assert got["i1"] == ("uncovered", [])
    assert got["k1"] == ("structural", ["o2"])  # the confirmed IO's output has no money
    assert got["k3"] == ("uncovered", [])
    assert got["p1"] == ("structural", ["o2"])
    none = status(facts([], {"o1": 0, "o2": 0, "o3": 0}))
    assert {s for s, _ in none.values()} == {"uncovered"}


def test_an_output_reached_twice_counts_once() -> None:
    f = facts(
        [
            ("i1", "k1", "confirmed"),
            ("i1", "k2", "confirmed"),
            ("k1", "p1", "confirmed"),
            ("k2", "p1", "confirmed"),
        ]
    )
    p1 = next(s for s in compute(f) if s.uid == "p1")
    assert len(p1.routes) == 2 and p1.outputs == ["o1"]
    table = cov.coverage_frame(f).set_index("uid")
    assert table.loc["p1", "jumlah"] == 100 and len(table.loc["p1", "paths"]) == 2


def test_split_budgets_of_a_level_add_up_to_what_that_level_lists() -> None:
    f = facts([("i1", "k1", "confirmed"), ("k1", "p1", "confirmed")])
    budget = cov.budget_frame(f)
    ikp = budget[budget.level == "program"].set_index("uid")
    assert ikp.loc["p1", "jumlah"] == 100  # o1 only
    assert ikp.loc["p2", "jumlah"] == 123  # structural: the whole program
    assert ikp.jumlah_split.sum() == pytest.approx(123)
    assert ikp.loc["p1", "jumlah_split"] == pytest.approx(50)  # o1 shared with p2
    assert ikp.loc["p2", "shared_outputs"] == 1


# --- the seed in Neo4j ---------------------------------------------------------------------


def one(df: pd.DataFrame, level: str, owner: str, seq: int, code: str | None = None) -> pd.Series:
    hit = df[(df.level == level) & (df.owner == owner) & (df.seq == seq)]
    if code is not None:
        hit = hit[hit.code == code]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_seed_ikp_05_01_is_served_by_3356_008_through_its_ikk(graph: Driver) -> None:
    load(graph, seed_text())
    table = cov.coverage(graph, SATKER, YEAR)
    ikp = one(table, "program", "076.01.01", 1, "05.01")
    assert ikp.text == "Persentase satker yang mendistribusikan logistik"
    assert (ikp.status, ikp.outputs, ikp.jumlah) == ("structural", ["3356.008"], 5_300_000)

    routes = cov.indicator_outputs(graph, SATKER, YEAR, "program", "076.01.01", 1, "05.01")
    assert routes[["output", "jumlah", "tier", "counted"]].values.tolist() == [
        ["3356.008", 5_300_000, "structural", True]
    ]
    route = routes.iloc[0]
    assert "kegiatan 3356 [structural]" in route.path and "IKK 3356 03#3" in route.path
    assert route.path.endswith("IKP 05.01#1 [exact 1.00 confirmed]")
    assert route.evidence == [
        {"to": "kegiatan 3356", "method": "structural", "score": None, "status": None}
        | {"decided_by": None},
        {"to": "IKP 05.01#1", "method": "exact", "score": 1.0, "status": "confirmed"}
        | {"decided_by": None},
    ]


def test_seed_statuses_at_each_level(graph: Driver) -> None:
    load(graph, seed_text())
    table = cov.coverage(graph, SATKER, YEAR)
    ikk = one(table, "kegiatan", "3355", 2)
    assert (ikk.status, ikk.outputs, ikk.jumlah) == ("covered", ["3355.003"], 23_368_000)
    assert one(table, "kegiatan", "3355", 5).status == "suggested"  # via 3355.007's IO
    first = one(table, "kegiatan", "3355", 1)
    assert first.status == "structural" and first.jumlah == 2_390_384_000
    opini = one(table, "program", "076.01.01", 1, "04.01")
    assert (opini.status, opini.outputs) == ("structural", ["3361.005"])
    wide = one(table, "program", "076.01.01", 1, "02.01")  # no IKK link: the whole program
    assert wide.status == "structural" and wide.jumlah == 3_002_300_000
    assert len(wide.outputs) == 9
    io = one(table, "output", "3356.008", 2)
    assert (io.status, io.outputs) == ("covered", ["3356.008"])
    assert set(table.status) <= {"covered", "suggested", "structural", "uncovered"}
    doc = parse_text(seed_text())
    n_indicators = sum(len(s.indicators) for p in doc.programs for s in p.sasaran) + sum(
        len(k.indicators) + sum(len(o.indicators) for o in k.outputs)
        for p in doc.programs
        for k in p.kegiatan
    )
    assert len(table) == n_indicators


def test_decisions_move_coverage(graph: Driver) -> None:
    load(graph, seed_text())
    decisions.confirm(graph, SATKER, YEAR, "output:3355.007#1", "kegiatan:3355#5", user="a")
    decisions.confirm(graph, SATKER, YEAR, "kegiatan:3355#5", "program:076.01.01/01.01", user="a")
    decisions.add(graph, SATKER, YEAR, "output:3356.008#2", "kegiatan:3356#3", user="a")
    table = cov.coverage(graph, SATKER, YEAR)
    ikp = one(table, "program", "076.01.01", 1, "01.01")
    assert (ikp.status, ikp.outputs, ikp.jumlah) == ("covered", ["3355.007"], 10_004_000)
    logistics = one(table, "program", "076.01.01", 1, "05.01")
    assert logistics.status == "covered" and logistics.via == ["IO→IKK→IKP"]


def test_unfunded_outputs_leave_indicators_uncovered(graph: Driver) -> None:
    text = seed_text(
        zero=(
            "1.00 Dokumen\t10,380,000\t\t10,380,000",  # 3363.012, the only output of 3363
            "1.00 Dokumen\t\t\t",
        )
    )
    load(graph, text)
    table = cov.coverage(graph, SATKER, YEAR)
    ikk = table[(table.level == "kegiatan") & (table.owner == "3363")]
    assert set(ikk.status) == {"uncovered"} and ikk.jumlah.sum() == 0
    assert one(table, "output", "3363.012", 1).status == "uncovered"
    # IKP 01.01 of 076.01.06 is linked to 3363's IKK only, which has no money: it falls
    # back to the program's funded outputs (kegiatan 3364).
    ikp = one(table, "program", "076.01.06", 1, "01.01")
    assert ikp.status == "structural" and all(o.startswith("3364.") for o in ikp.outputs)


def test_unserving_outputs(graph: Driver) -> None:
    load(graph, seed_text())
    df = cov.unserving_outputs(graph, SATKER, YEAR).set_index("output")
    assert df.loc["3364.002", "reason"] == "no indicator of its own"
    assert df.loc["3356.008", "indicators"] == 2 and df.loc["3356.008", "jumlah"] == 5_300_000
    assert "3355.003" not in df.index and "3355.007" not in df.index  # linked (3355.007 suggested)
    decisions.reject(graph, SATKER, YEAR, "output:3355.007#1", "kegiatan:3355#5", user="a")
    assert "3355.007" in cov.unserving_outputs(graph, SATKER, YEAR).output.values


def test_budget_per_indicator_counts_each_output_once(graph: Driver) -> None:
    load(graph, seed_text())
    budget = cov.budget_per_indicator(graph, SATKER, YEAR)
    table = cov.coverage(graph, SATKER, YEAR)
    assert budget.jumlah.tolist() == table.jumlah.tolist()
    jumlah = {o: j for o, j in _output_jumlah(graph).items()}
    for level, rows in budget.groupby("level"):
        listed = {o for outs in table[table.level == level].outputs for o in outs}
        assert rows.jumlah_split.sum() == pytest.approx(sum(jumlah[o] for o in listed)), level


def _output_jumlah(graph: Driver) -> dict[str, int]:
    records, _, _ = graph.execute_query(
        "MATCH (o:Output {satker: $s, year: $y}) RETURN o.code AS code, o.jumlah AS jumlah",
        s=SATKER,
        y=YEAR,
    )
    return {r["code"]: r["jumlah"] for r in records}


def test_national_rollup_adds_satkers_per_ikp_code(graph: Driver) -> None:
    load(graph, seed_text())
    other = seed_text(
        satker=("(670714) KPU KOTA SERANG", "(670799) KPU KABUPATEN CONTOH"),
        money=("1.00 Dokumen\t5,300,000\t\t5,300,000", "1.00 Dokumen\t7,000,000\t\t7,000,000"),
    )
    load(graph, other, "other.txt")
    load(graph, seed_text(year=("2020", "2021")), "next-year.txt")
    rollup = cov.national_rollup(graph, YEAR).set_index(["program", "code"])
    row = rollup.loc[("076.01.01", "05.01")]
    assert (row.satkers, row.structural, row.jumlah) == (2, 2, 5_300_000 + 7_000_000)
    assert row.text == "Persentase satker yang mendistribusikan logistik"
    per_satker = cov.coverage(graph, SATKER, YEAR)
    ikp = per_satker[per_satker.level == "program"]
    assert len(rollup) == len(ikp)
    assert rollup.satkers.eq(2).all()
    assert (rollup[["covered", "suggested", "structural", "uncovered"]].sum(axis=1) == 2).all()
    assert cov.national_rollup(graph, 2021).satkers.eq(1).all()


def test_national_rollup_agrees_with_each_satker_years_coverage(graph: Driver) -> None:
    from neo4j import RoutingControl

    from tracker.graph.cypher import query
    from tracker.graph.loader import load_documents
    from tracker.synth import rka as synth

    load(graph, seed_text())
    decisions.confirm(graph, SATKER, YEAR, "output:3355.007#1", "kegiatan:3355#5", user="a")
    decisions.confirm(graph, SATKER, YEAR, "kegiatan:3355#5", "program:076.01.01/01.01", user="a")
    decisions.reject(graph, SATKER, YEAR, "kegiatan:3356#3", "program:076.01.01/05.01", user="a")
    docs = [d.expected for d in synth.documents(6, seed=3, year=YEAR)]
    load_documents(docs, graph, progress=False)

    fast = cov.national_rollup(graph, YEAR)
    records, _, _ = graph.execute_query(
        query("national_facts"), year=YEAR, routing_=RoutingControl.READ
    )
    full = cov.rollup_frame(Facts.from_record(records[0].data()))
    pd.testing.assert_frame_equal(fast, full)

    by_hand: dict[tuple[str, str], int] = {}
    for satker in [SATKER, *(d.document.satker.code for d in docs)]:
        table = cov.coverage(graph, satker, YEAR)
        for r in table[table.level == "program"].itertuples():
            by_hand[(r.owner, r.code)] = by_hand.get((r.owner, r.code), 0) + r.jumlah
    assert fast.set_index(["program", "code"]).jumlah.to_dict() == by_hand
    assert set(fast.covered) != {0}  # the confirmed chain of the seed counts


# --- tracker coverage ------------------------------------------------------------------------


def test_coverage_command_json_and_csv(graph: Driver, cli: Callable[..., Result]) -> None:
    load(graph, seed_text())
    result = cli("coverage", "--satker", SATKER, "--year", str(YEAR), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == len(cov.coverage(graph, SATKER, YEAR))
    logistics = next(r for r in rows if r["level"] == "program" and r["code"] == "05.01")
    assert {k: logistics[k] for k in ("owner", "status", "outputs", "jumlah")} == {
        "owner": "076.01.01",
        "status": "structural",
        "outputs": ["3356.008"],
        "jumlah": 5_300_000,
    }
    assert {"level", "owner", "code", "text", "status", "outputs", "jumlah"} <= set(rows[0])

    result = cli("coverage", "--satker", SATKER, "--year", str(YEAR), "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.startswith("level,owner,code,seq,text,status,outputs,jumlah")
    assert len(lines) == len(rows)


def test_coverage_command_other_views(graph: Driver, cli: Callable[..., Result]) -> None:
    load(graph, seed_text())
    base = ["coverage", "--satker", SATKER, "--year", str(YEAR), "--format", "json"]
    routes = json.loads(cli(*base, "--indicator", "program:076.01.01/05.01").output)
    assert [r["output"] for r in routes] == ["3356.008"]
    unserving = json.loads(cli(*base, "--view", "unserving").output)
    assert "3364.002" in {r["output"] for r in unserving}
    budget = json.loads(cli(*base, "--view", "budget").output)
    assert {"jumlah", "jumlah_split", "shared_outputs"} <= set(budget[0])
    national = json.loads(
        cli("coverage", "--year", "2020", "--national", "--format", "json").output
    )
    assert {r["code"] for r in national} >= {"05.01", "04.01"}
    bad = cli(*base, "--indicator", "program:076.01.01#1")
    assert bad.exit_code == 1 and "ambiguous" in bad.output and "Traceback" not in bad.output
