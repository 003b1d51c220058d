"""``tracker realisasi load|template`` and ``tracker kinerja`` as a user types them, on the
real Neo4j with the seed loaded; and the money and capaian behind each IKP and IKK."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import realisasi_files as files
from click.testing import Result
from conftest import SEED
from neo4j import Driver
from openpyxl import load_workbook

from tracker.cli import kinerja as kinerja_cli
from tracker.graph import loader as plan_loader
from tracker.measure import loader, through_links
from tracker.read import document

HEADER = "satker,tahun,bulan,kode,rpd,realisasi,volume,progres\n"
# The keys the issue asks of `tracker kinerja --format json`.
JSON_KEYS = (
    "penyerapan",
    "deviasi",
    "capaian_output",
    "efisiensi",
    "efisiensi_score",
    "ikpa",
    "band",
    "outputs",
)
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
    for key in JSON_KEYS:
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
    assert len(rows) == 17 and rows[0]["level"] == "satker" and rows[0]["band"]
    assert float(rows[0]["penyerapan"]) == pytest.approx(0.1625, abs=1e-4)  # the satker's
    assert {x["level"] for x in rows[1:]} == {"output"} and rows[1]["code"] == "3355.003"


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


def _audit(cli: Cli, name: str, **params: object) -> list[dict]:
    """``tracker audit run NAME --param k=v … --format json``: it succeeds; its rows."""
    args = [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]
    r = cli("audit", "run", name, *args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["data"]


def test_audits_run(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    loader.load_file(seeded, _file(tmp_path))
    rows = _audit(cli, "indicators_at_risk", year=2020, bulan=2)
    assert rows and all(x["capaian"] < 50 for x in rows)
    assert not any(x["outputs"] == ["3355.003"] for x in rows)  # 50 % is not under 50
    rows = _audit(cli, "fast_spend_slow_delivery", year=2020, min_penyerapan=15, gap=10)
    # 3361.005 spent 1,000,000 of 4,956,000 = 20.18 % and delivered 1 of 3 = 33 %: not slow.
    # 3355.003 spent 17.12 % and delivered 50 %: not slow either.
    assert rows == []


@pytest.fixture
def rspp(graph: Driver, tmp_path: Path) -> Driver:
    """The hand-written RSPP satker-year (tests/realisasi_files.py), linked, with its RPD,
    SP2D export and capaian sheet loaded."""
    doc = document.read_file(files.document(tmp_path))
    plan_loader.load_document(doc, graph)
    loader.load_file(graph, files.rpd_workbook(tmp_path / "rpd.xlsx"))
    loader.load_file(graph, files.sp2d_workbook(tmp_path / "sp2d.xlsx"))
    loader.load_file(graph, files.office_csv(tmp_path / "capaian.csv"))
    return graph


def _kinerja(cli: Cli, *args: str) -> dict:
    r = cli("kinerja", "--satker", "999001", "--year", "2024", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_kinerja_json_of_an_rspp_satker(rspp: Driver, cli: Cli) -> None:
    """The issue's keys, percentages as numbers, the values worked out by hand in
    tests/test_measures.py (rounded to four places)."""
    d = _kinerja(cli)
    assert set(JSON_KEYS) <= set(d)
    assert (d["bulan"], d["pagu"], d["realisasi"]) == (3, 950_000_000, 215_000_000)
    assert (d["penyerapan"], d["deviasi"], d["capaian_output"]) == (22.6316, 24.8, 25.0)
    assert (d["efisiensi"], d["efisiensi_score"]) == (8.6957, 71.7391)
    assert d["ikpa"]["score"] == 63.8 and d["ikpa"]["share"] == 60 and d["ikpa"]["partial"]
    assert d["band"] == "Cukup"
    rows = {o["code"]: o for o in d["outputs"]}
    assert set(rows) == {"3357.EBA.956", "3357.EBA.994", "3357.EBB.951", "3358.QDC.001"}
    assert set(rows["3357.EBA.956"]) == set(kinerja_cli.OUTPUT_FIELDS)
    assert rows["3357.EBA.994"]["penyerapan"] == 26.6667
    assert (rows["3357.EBB.951"]["capaian"], rows["3357.EBB.951"]["status"]) == (
        None,
        "tanpa_target",
    )
    early = _kinerja(cli, "--bulan", "2")
    assert (early["penyerapan"], early["deviasi"], early["capaian_output"]) == (
        12.8947,
        13.2,
        13.8889,
    )
    assert (early["efisiensi"], early["efisiensi_score"], early["ikpa"]["score"]) == (
        -71.4286,
        0.0,
        62.0704,
    )
    late = _kinerja(cli, "--bulan", "12")  # beyond the data: nothing spent after March
    assert (late["deviasi"], late["ikpa"]["score"], late["band"]) == (
        81.2,
        24.3076,
        "Sangat Kurang",
    )


def test_kinerja_csv_and_table_of_an_rspp_satker(rspp: Driver, cli: Cli) -> None:
    r = cli("kinerja", "--satker", "999001", "--year", "2024", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(r.output.splitlines()))
    assert [x["level"] for x in rows] == ["satker"] + ["output"] * 4
    satker = rows[0]
    assert (satker["code"], satker["pagu"], satker["realisasi"]) == (
        "999001",
        "950000000.0",
        "215000000.0",
    )
    assert (satker["penyerapan"], satker["capaian"], satker["band"]) == ("22.6316", "25.0", "Cukup")
    assert {x["ikpa"] for x in rows} == {"63.8"}
    assert rows[2]["code"] == "3357.EBA.994" and rows[2]["penyerapan"] == "26.6667"
    r = cli("kinerja", "--satker", "999001", "--year", "2024")
    assert "│ 2024 " in r.output and "2,024" not in r.output  # a year, not an amount


def test_no_realisation_yet(graph: Driver, cli: Cli, tmp_path: Path) -> None:
    plan_loader.load_document(document.read_file(files.document(tmp_path)), graph, link=False)
    d = _kinerja(cli)
    assert (d["bulan"], d["penyerapan"], d["deviasi"], d["band"]) == (0, 0.0, None, None)
    assert d["ikpa"]["score"] is None and d["ikpa"]["share"] == 0
    assert {o["realisasi"] for o in d["outputs"]} == {0}
    d = _kinerja(cli, "--bulan", "3")  # by March nothing on record: nothing spent
    assert d["ikpa"]["values"] == {"penyerapan": 0.0, "capaian_output": 0.0}
    assert d["band"] == "Sangat Kurang"
    # the RPD alone plans the year: still nothing on record, still no score
    loader.load_file(graph, files.rpd_workbook(tmp_path / "rpd.xlsx"))
    d = _kinerja(cli)
    assert d["bulan"] == 0 and d["band"] is None


def test_rspp_template_filled_in_by_an_office(rspp: Driver, cli: Cli, tmp_path: Path) -> None:
    """The template of an RSPP satker-year, filled in for April as an office would (money as
    Indonesian text, progress in a percent-formatted cell) and loaded back."""
    out = tmp_path / "t.xlsx"
    r = cli("realisasi", "template", "--satker", "999001", "--year", "2024", "--out", out)
    assert r.exit_code == 0 and "48 rows written" in r.output
    book = load_workbook(out)
    sheet = book.active
    april = {
        "3357.EBA.956": ("10.000.000", 4),
        "3357.EBA.994": (50_000_000, 0.33),
        "3357.EBB.951": ("2.500.000", 1),
        "3358.QDC.001": ("Rp 45.000.000,-", 2),
    }
    for row in sheet.iter_rows(min_row=2):
        if row[2].value == 4:
            row[5].value, row[6].value = april[row[3].value]
            row[7].value, row[7].number_format = 0.33, "0%"
    book.save(out)
    r = cli("realisasi", "load", out)
    assert r.exit_code == 0, r.output
    assert "t.xlsx: template, 48 rows (4 changed)" in r.output
    d = _kinerja(cli)
    assert d["bulan"] == 4
    # Σ R = 215 M + 10 + 50 + 2.5 + 45 = 322.5 M of 950 M
    assert d["penyerapan"] == pytest.approx(33.9474, abs=1e-4)
    rows = {o["code"]: o for o in d["outputs"]}
    assert rows["3357.EBA.956"]["progres"] == 33.0 and rows["3358.QDC.001"]["capaian"] == 50.0


def test_money_and_capaian_behind_rspp_indicators(rspp: Driver, cli: Cli) -> None:
    df = through_links.indicators(rspp, "999001", 2024, threshold=30)
    for row in df.itertuples():
        assert len(row.outputs) == len(set(row.outputs))
    by = {(r.level, r.owner, r.code): r for r in df.itertuples()}
    # IKK 01.02 of 3357 is served by 3357.EBA.956 (its IO repeats the IKK word for word):
    # 30 M of 120 M spent = 25 %, 3 of 12 delivered = 25 %
    ikk = by[("kegiatan", "3357", "01.02")]
    assert (ikk.outputs, ikk.pagu, ikk.realisasi, ikk.penyerapan, ikk.capaian) == (
        ["3357.EBA.956"],
        120_000_000,
        30_000_000,
        25.0,
        25.0,
    )
    assert ikk.at_risk  # 25 < 30
    assert ikk.rpd == 30_000_000  # 10 M planned in each of January–March
    ikp = by[("program", "076.01.DH", "01.01")]
    assert (ikp.outputs, ikp.realisasi, ikp.penyerapan) == (["3358.QDC.001"], 20_000_000, 10.0)
    at_february = through_links.indicators(rspp, "999001", 2024, bulan=2, threshold=20)
    risky = {(r.level, r.owner, r.code) for r in at_february.itertuples() if r.at_risk}
    assert ("kegiatan", "3357", "01.02") in risky  # 2 of 12 = 16.7 % < 20
    assert ("kegiatan", "3358", "01.01") not in risky  # 1 of 4 = 25 %

    def audit(name: str, *params: str) -> list[dict]:
        args = [x for p in ("satker=999001", "year=2024", *params) for x in ("--param", p)]
        r = cli("audit", "run", name, *args, "--format", "json")
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)["data"]

    rows = audit("indicators_at_risk", "bulan=2", "threshold=20")
    found = {(x["level"], x["owner"], x["code"]): x for x in rows}
    assert found[("IKK", "3357", "01.02")]["capaian"] == pytest.approx(16.666667, abs=1e-5)
    assert ("IKK", "3358", "01.01") not in found
    assert all(len(x["outputs"]) == len(set(x["outputs"])) for x in rows)
    assert audit("indicators_at_risk", "bulan=3", "threshold=25") == []  # 25 is not under 25
    # 994 spent 160 of 600 M (26.67 %) and delivered 25 %: a gap of 1.67 points
    fast = audit("fast_spend_slow_delivery", "bulan=3", "min_penyerapan=20", "gap=1")
    assert [(x["code"], round(x["selisih"], 4)) for x in fast] == [("3357.EBA.994", 1.6667)]


def test_year_over_year(rspp: Driver, cli: Cli, tmp_path: Path) -> None:
    later = document.read_file(files.document(tmp_path, year=2025))
    plan_loader.load_document(later, rspp, link=False)
    f = tmp_path / "y2025.csv"
    f.write_text(HEADER + "999001,2025,1,3357.EBA.994,,95000000,0.1,10\n", encoding="utf-8")
    assert cli("realisasi", "load", f).exit_code == 0
    r = cli("kinerja", "--satker", "999001", "--all-years", "--format", "csv")
    rows = list(csv.DictReader(r.output.splitlines()))
    assert [(x["year"], x["bulan"], x["penyerapan"]) for x in rows] == [
        ("2024", "3", "22.6316"),
        ("2025", "1", "10.0"),  # 95 M of 950 M
    ]
    # 2025: capaian (0 + 10 + 0) / 3 = 3.3333; no RPD → no deviasi, share 45:
    # (20 × 100 + 25 × 3.3333) / 45 = 46.2963
    assert (rows[1]["capaian_output"], rows[1]["ikpa"], rows[1]["ikpa_share"]) == (
        "3.3333",
        "46.2963",
        "45.0",
    )


SEED_SHEET = """\ufeffSatker;Tahun;Bulan;Kode;RPD;Realisasi;Volume;Progres
;;;3360;;;;
670714;2020;Jan;994;40.000.000;30.000.000;;
670714;2020;Feb;994;40.000.000;50.000.000;0,2;20
;;;3364;;;;
670714;2020;2;030;5.000.000;5.000.000;1;100
670714;2020;1;3361.005;;1.239.000;1;33,3
"""


def test_seed_measures_from_an_office_sheet(seeded: Driver, cli: Cli, tmp_path: Path) -> None:
    """The seed with figures from an Indonesian-Excel sheet (2020 outputs written short under
    their kegiatan rows), against values worked out by hand:

    Σ P = the 16 outputs' Jumlah = 3,076,120,000 (not a stated program total);
    Σ R = 30 + 50 + 5 + 1.239 M = 86,239,000 → penyerapan 2.803499 %;
    deviasi: Jan |31.239 − 40| / 40 = 21.9025 %, Feb |55 − 45| / 45 = 22.2222 % → 22.062361;
    capaian: 3360.994 0.2 → 20, 3364.030 1 → 100, 3361.005 1/3 → 33.33, 13 others 0: / 16
    = 9.583333; efisiensi: worth 561,521,000 × 0.2 + 20,000,000 + 4,956,000 / 3 =
    133,956,200, E = (133,956,200 − 86,239,000) / 133,956,200 = 35.621494 %, score capped 100;
    IKPA at February (target 10): 28.034992, deviasi 100 − 17.062361 = 82.937639, capaian
    9.583333 → (560.6998 + 1244.0646 + 239.5833) / 60 = 34.072463, Sangat Kurang."""
    path = tmp_path / "seed.csv"
    path.write_text(SEED_SHEET, encoding="utf-8")
    r = cli("realisasi", "load", path)
    assert r.exit_code == 0, r.output
    assert "seed.csv: template, 4 rows (4 changed) for 670714/2020" in r.output
    r = cli("kinerja", "--satker", "670714", "--year", "2020", "--format", "json")
    d = json.loads(r.output)
    assert (d["bulan"], d["pagu"], d["realisasi"]) == (2, 3_076_120_000, 86_239_000)
    assert d["penyerapan"] == pytest.approx(2.803499, abs=1e-4)
    assert d["deviasi"] == pytest.approx(22.062361, abs=1e-4)
    assert d["capaian_output"] == pytest.approx(9.583333, abs=1e-4)
    assert d["efisiensi"] == pytest.approx(35.621494, abs=1e-4)
    assert d["efisiensi_score"] == 100
    assert d["ikpa"]["score"] == pytest.approx(34.072463, abs=1e-4)
    assert d["band"] == "Sangat Kurang"
    rows = {o["code"]: o for o in d["outputs"]}
    assert len(rows) == 16
    assert rows["3360.994"]["penyerapan"] == pytest.approx(14.247018, abs=1e-4)
    assert (rows["3360.994"]["status"], rows["3364.030"]["status"]) == ("sesuai", "tercapai")
    assert (rows["3361.005"]["status"], rows["3357.001"]["status"]) == ("sesuai", "tertinggal")
    assert rows["3361.005"]["penyerapan"] == 25.0 and rows["3364.030"]["progres"] == 100
