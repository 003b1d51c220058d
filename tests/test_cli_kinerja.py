"""``tracker realisasi load|template`` and ``tracker kinerja`` as a user types them, on the
real Neo4j with the seed loaded; and the money and capaian behind each IKP and IKK."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from neo4j import Driver
from openpyxl import load_workbook

from tracker.graph import loader as plan_loader
from tracker.measure import loader, through_links
from tracker.read import document

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_d6421c3a26a2bf97.txt"
HEADER = "satker,tahun,bulan,kode,rpd,realisasi,volume,progres\n"
Cli = Callable[..., Result]


@pytest.fixture
def seeded(graph: Driver) -> Driver:
    plan_loader.load_document(document.read_file(SEED), graph)
    return graph


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "r.csv"
    path.write_text(
        HEADER + "670714,2020,1,3355.003,2000000,1500000,0,10\n"
        "670714,2020,2,3355.003,2000000,2500000,0.5,40\n"
        "670714,2020,1,3361.005,1000000,1000000,1,30\n",
        encoding="utf-8",
    )
    return path


def test_load_then_kinerja_json(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    r = cli("realisasi", "load", _file(tmp_path))
    assert r.exit_code == 0, r.output
    assert "r.csv: template, 3 rows (3 changed) for 670714/2020" in r.output
    r = cli("kinerja", "--satker", "670714", "--year", "2020", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    for key in (
        "penyerapan",
        "deviasi",
        "capaian_output",
        "efisiensi",
        "efisiensi_score",
        "ikpa",
        "band",
        "outputs",
    ):
        assert key in d
    assert d["bulan"] == 2
    # Σ R = 5,000,000 of Σ P 3,076,120,000 → 0.162543 %
    assert d["penyerapan"] == pytest.approx(0.1625, abs=1e-4)
    # Jan: |2.5 M − 3 M| / 3 M = 16.667 %; Feb: |2.5 M − 2 M| / 2 M = 25 %; mean 20.8333
    assert d["deviasi"] == pytest.approx(20.8333, abs=1e-4)
    assert d["ikpa"]["partial"] is True and d["ikpa"]["share"] == 60
    assert isinstance(d["ikpa"]["score"], float)
    assert len(d["outputs"]) == 16
    o = {x["code"]: x for x in d["outputs"]}["3355.003"]
    assert (o["capaian"], o["status"], o["realisasi"]) == (50.0, "sesuai", 4_000_000)


def test_kinerja_bulan_table_and_csv(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    cli("realisasi", "load", _file(tmp_path))
    r = cli("kinerja", "--satker", "670714", "--year", "2020", "--bulan", "1", "--format", "json")
    d = json.loads(r.output)
    assert d["bulan"] == 1
    # Jan only: 2.5 M spent against 3 M planned → deviasi 16.6667
    assert d["deviasi"] == pytest.approx(16.6667, abs=1e-4)
    r = cli("kinerja", "--satker", "670714", "--year", "2020")
    assert r.exit_code == 0 and "3355.003" in r.output and "s.d. bulan 2" in r.output
    r = cli("kinerja", "--satker", "670714", "--year", "2020", "--format", "csv")
    rows = list(csv.DictReader(r.output.splitlines()))
    assert len(rows) == 16 and rows[0]["band"] and "penyerapan" in rows[0]


def test_all_years(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    cli("realisasi", "load", _file(tmp_path))
    r = cli("kinerja", "--satker", "670714", "--all-years", "--format", "json")
    assert r.exit_code == 0, r.output
    years = json.loads(r.output)
    assert [y["year"] for y in years] == [2020]
    r = cli("kinerja", "--satker", "670714", "--all-years", "--format", "csv")
    assert r.output.splitlines()[0].startswith("satker,year,bulan,pagu")


def test_template_round_trip(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    r = cli("realisasi", "template", "--satker", "670714", "--year", "2020", "--out", out)
    assert r.exit_code == 0 and "192 rows written" in r.output
    book = load_workbook(out)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:8] == [
        "satker",
        "tahun",
        "bulan",
        "kode",
        "rpd",
        "realisasi",
        "volume",
        "progres",
    ]
    assert header[8:] == ["nama", "pagu", "target", "satuan"]
    first = [c.value for c in sheet[2]]
    assert first[:4] == ["670714", 2020, 1, "3355.003"] and first[9] == 23_368_000
    sheet["F2"] = 1_000_000  # the office fills in January's realisation of 3355.003
    sheet["G2"] = 0.25
    book.save(out)
    r = cli("realisasi", "load", out)
    assert r.exit_code == 0, r.output
    assert "1 rows (1 changed)" in r.output


def test_bad_file_exits_1_with_rows(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    before = loader.fingerprint(seeded)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "670714,2020,13,3355.003,1,1,0,0\n670714,2020,1,9.9,1,x,0,0\n")
    r = cli("realisasi", "load", bad)
    assert r.exit_code == 1
    assert "bad.csv: refused, 3 bad row(s), nothing loaded" in r.output
    assert "bad.csv row 2: bulan 13 is outside 1–12" in r.output
    assert "bad.csv row 3: realisasi 'x' is not a number" in r.output
    assert "bad.csv row 3: output 9.9 is not in the plan of 670714/2020" in r.output
    assert loader.fingerprint(seeded) == before
    r = cli("kinerja", "--satker", "000000", "--year", "2020")
    assert r.exit_code == 1 and "no plan on record for satker 000000, year 2020" in r.output


def test_money_and_capaian_behind_indicators(seeded: Driver, tmp_path: Path) -> None:
    loader.load_file(seeded, _file(tmp_path))
    df = through_links.indicators(seeded, "670714", 2020, threshold=40)
    assert set(df["level"]) == {"program", "kegiatan"}
    for row in df.itertuples():
        assert len(row.outputs) == len(set(row.outputs))  # each output counted once
    # IKP 05.01 is served (structurally) by 3356.008 only: nothing spent, capaian 0, at risk
    ikp = df[(df.level == "program") & (df.code == "05.01")].iloc[0]
    assert ikp.outputs == ["3356.008"] and ikp.pagu == 5_300_000 and ikp.realisasi == 0
    assert ikp.capaian == 0 and ikp.at_risk
    # every IKK of 3355 that has 3355.003 behind it shows its spending
    ikk = df[(df.level == "kegiatan") & df.outputs.apply(lambda o: o == ["3355.003"])]
    assert len(ikk) >= 1
    assert set(ikk.realisasi) == {4_000_000}
    assert set(ikk.capaian) == {50.0} and not ikk.at_risk.any()


def test_audits_run(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    loader.load_file(seeded, _file(tmp_path))
    r = cli(
        "audit",
        "run",
        "indicators_at_risk",
        "--param",
        "year=2020",
        "--param",
        "bulan=2",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["data"]
    assert rows and all(x["capaian"] < 50 for x in rows)
    assert not any(x["outputs"] == ["3355.003"] for x in rows)  # 50 % is not under 50
    r = cli(
        "audit",
        "run",
        "fast_spend_slow_delivery",
        "--param",
        "year=2020",
        "--param",
        "min_penyerapan=15",
        "--param",
        "gap=10",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["data"]
    # 3361.005 spent 1,000,000 of 4,956,000 = 20.18 % and delivered 1 of 3 = 33 %: not slow.
    # 3355.003 spent 17.12 % and delivered 50 %: not slow either.
    assert rows == []
