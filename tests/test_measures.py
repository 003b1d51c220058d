"""The measures against numbers worked out by hand (in the comments), on the seed's outputs
and on a synthetic satker. Pure: no database; the facts are written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED

from tracker.measure import ikpa, measures, report
from tracker.measure.measures import Month, OutputFacts
from tracker.read import document
from tracker.synth import rka


def _plan(doc) -> dict[str, OutputFacts]:
    return {
        o.code: OutputFacts(o.code, float(o.jumlah), float(o.volume or 0))
        for p in doc.programs
        for k in p.kegiatan
        for o in k.outputs
    }


def _with(plan: dict[str, OutputFacts], months: dict[str, dict[int, Month]]) -> list[OutputFacts]:
    return [
        OutputFacts(o.code, o.pagu, o.target, months=months.get(c, {})) for c, o in plan.items()
    ]


# The seed (KPU Kota Serang 2020): 16 outputs. Their Jumlah sum to
#   3355: 23,368,000 + 10,004,000 + 2,357,012,000 = 2,390,384,000
#   3356: 5,300,000; 3357: 27,889,000 + 7,650,000 = 35,539,000
#   3360: 4,600,000 + 561,521,000 = 566,121,000; 3361: 4,956,000
#   3363: 10,380,000; 3364: 1,500,000 + 1,920,000 + 3,020,000 + 27,000,000 + 20,000,000
#         + 10,000,000 = 63,440,000
#   Σ P = 3,076,120,000 (not program 076.01.01's stated Jumlah 73,820,000, which does not
#   reconcile). Every output has a volume target (1, or 3 for 3361.005).
SEED_PAGU = 3_076_120_000
SEED_MONTHS = {
    # 3355.003: P 23,368,000, T 1
    "3355.003": {
        1: Month(rpd=2_000_000, realisasi=1_500_000),
        2: Month(rpd=2_000_000, realisasi=2_500_000, volume=0.5),
        3: Month(rpd=4_000_000, realisasi=3_000_000, volume=1),
    },
    # 3361.005: P 4,956,000, T 3
    "3361.005": {
        1: Month(rpd=1_000_000, realisasi=1_000_000, volume=1),
        3: Month(rpd=1_000_000, realisasi=2_000_000, volume=2),
    },
    # 3355.994: P 2,357,012,000, T 1
    "3355.994": {
        1: Month(rpd=100_000_000, realisasi=80_000_000),
        2: Month(rpd=100_000_000, realisasi=120_000_000),
        3: Month(rpd=100_000_000, realisasi=100_000_000, volume=0.25),
    },
}


@pytest.fixture(scope="module")
def seed_outputs() -> list[OutputFacts]:
    plan = _plan(document.read_file(SEED))
    assert len(plan) == 16
    assert sum(o.pagu for o in plan.values()) == SEED_PAGU
    assert plan["3361.005"].target == 3
    return _with(plan, SEED_MONTHS)


def test_seed_penyerapan(seed_outputs: list[OutputFacts]) -> None:
    # R to March: 3355.003 1.5 + 2.5 + 3 = 7 M; 3361.005 1 + 2 = 3 M; 3355.994 80 + 120 + 100
    # = 300 M; Σ R = 310,000,000. 310,000,000 / 3,076,120,000 × 100 = 10.07763…
    assert measures.penyerapan(seed_outputs, 3) == pytest.approx(10.077630, abs=1e-6)
    # to February: 4 M + 1 M + 200 M = 205,000,000 → 6.66424…
    assert measures.penyerapan(seed_outputs, 2) == pytest.approx(6.664239, abs=1e-6)


def test_seed_deviasi(seed_outputs: list[OutputFacts]) -> None:
    # Jan: rpd 2 + 1 + 100 = 103 M, real 1.5 + 1 + 80 = 82.5 M → 20.5 / 103 = 19.902913 %
    # Feb: rpd 2 + 100 = 102 M, real 2.5 + 120 = 122.5 M → 20.5 / 102 = 20.098039 %
    # Mar: rpd 4 + 1 + 100 = 105 M, real 3 + 2 + 100 = 105 M → 0 %
    # mean of three months = (19.902913 + 20.098039 + 0) / 3 = 13.333651 %
    assert measures.deviasi(seed_outputs, 3) == pytest.approx(13.333651, abs=1e-5)
    assert measures.deviasi(seed_outputs, 1) == pytest.approx(19.902913, abs=1e-5)


def test_seed_capaian_and_efisiensi(seed_outputs: list[OutputFacts]) -> None:
    # capaian at March: 3355.003 1/1 → 100; 3361.005 2/3 → 66.6667; 3355.994 0.25/1 → 25;
    # the other 13 outputs 0. Mean over 16: 191.6667 / 16 = 11.979167
    assert measures.capaian_output(seed_outputs, 3) == pytest.approx(11.979167, abs=1e-5)
    # at February 3355.003 has 0.5 and 3361.005 1/3: (50 + 33.3333) / 16 = 5.208333
    assert measures.capaian_output(seed_outputs, 2) == pytest.approx(5.208333, abs=1e-5)
    # efisiensi at March: worth = P/T × V: 23,368,000 + 4,956,000 / 3 × 2 = 3,304,000 +
    # 2,357,012,000 × 0.25 = 589,253,000; Σ = 615,925,000. Σ R = 310,000,000.
    # E = 305,925,000 / 615,925,000 × 100 = 49.669197; score 50 + 49.67 / 20 × 50 → capped 100
    e = measures.efisiensi(seed_outputs, 3)
    assert e == pytest.approx(49.669197, abs=1e-5)
    assert measures.efisiensi_score(e) == 100


def test_seed_ikpa_and_band(seed_outputs: list[OutputFacts]) -> None:
    k = report.compute("670714", 2020, seed_outputs)
    assert k.bulan == 3  # the latest month on record
    # target at March (end of quarter I) = 15: value = 10.077630 / 15 × 100 = 67.184200
    # deviasi 13.333651 > 5: value = 100 − 8.333651 = 91.666349
    # capaian 11.979167
    # score = (20 × 67.184200 + 15 × 91.666349 + 25 × 11.979167) / 60
    #       = (1343.684 + 1374.99524 + 299.47917) / 60 = 3018.15841 / 60 = 50.302640
    assert k.ikpa.values["penyerapan"] == pytest.approx(67.184200, abs=1e-5)
    assert k.ikpa.values["deviasi"] == pytest.approx(91.666349, abs=1e-5)
    assert k.ikpa.score == pytest.approx(50.302640, abs=1e-4)
    assert k.ikpa.share == 60 and k.ikpa.partial
    assert k.band == "Kurang"  # > 50, not > 60


def test_seed_output_rows(seed_outputs: list[OutputFacts]) -> None:
    rows = {r["code"]: r for r in report.compute("670714", 2020, seed_outputs).outputs}
    # 3355.003: 7,000,000 / 23,368,000 × 100 = 29.955495; V 1 of 1 → tercapai
    assert rows["3355.003"]["penyerapan"] == pytest.approx(29.955495, abs=1e-5)
    assert rows["3355.003"]["status"] == "tercapai"
    # 3361.005: 66.67 ≥ 3/12 × 100 = 25 → sesuai; 3355.994: 25 ≥ 25 → sesuai
    assert rows["3361.005"]["status"] == "sesuai"
    assert rows["3355.994"]["status"] == "sesuai"
    assert rows["3364.030"]["status"] == "tertinggal"
    assert not any(r["above_pagu"] for r in rows.values())


# A synthetic satker: tracker.synth.rka's first document of seed 0 (KPU Provinsi DKI
# Jakarta, 295106), 17 outputs, Σ P = 3,406,982,000 (106,561,000 + 1,494,000 + 611,252,000
# + 29,628,000 + 2,197,000 + 5,413,000 + 242,313,000 + 1,392,732,000 + 4,882,000
# + 489,001,000 + 67,053,000 + 2,553,000 + 9,249,000 + 283,659,000 + 22,179,000 + 4,726,000
# + 132,090,000), all with a target.
SYNTH_MONTHS = {
    # P 106,561,000, T 1250: 500 done → 40 %, worth 106,561,000 / 1250 × 500 = 42,624,400
    "3356.016": {6: Month(rpd=50_000_000, realisasi=40_000_000, volume=500)},
    # P 1,392,732,000, T 2: done → 100 %, worth 1,392,732,000
    "3358.994": {6: Month(rpd=600_000_000, realisasi=700_000_000, volume=2)},
    # P 489,001,000, T 12: 6 done → 50 %, worth 489,001,000 / 12 × 6 = 244,500,500
    "3361.011": {
        3: Month(rpd=100_000_000, realisasi=0, volume=3),
        6: Month(realisasi=300_000_000, volume=6),
    },
}


def test_synthetic_satker() -> None:
    doc = next(rka.documents(1, seed=0)).expected
    plan = _plan(doc)
    assert len(plan) == 17 and sum(o.pagu for o in plan.values()) == 3_406_982_000
    assert (plan["3356.016"].pagu, plan["3356.016"].target) == (106_561_000, 1250)
    assert (plan["3358.994"].pagu, plan["3358.994"].target) == (1_392_732_000, 2)
    assert (plan["3361.011"].pagu, plan["3361.011"].target) == (489_001_000, 12)
    k = report.compute("295106", 2020, _with(plan, SYNTH_MONTHS), bulan=6)
    # Σ R = 40 M + 700 M + 0 + 300 M = 1,040,000,000; / 3,406,982,000 × 100 = 30.525550
    assert k.penyerapan == pytest.approx(30.525550, abs=1e-5)
    # months with planned money: March 100 M planned, 0 spent → 100 %; June 650 M planned,
    # 40 + 700 + 300 = 1,040 M spent → 390 / 650 = 60 %; mean 80 %
    assert k.deviasi == pytest.approx(80.0)
    # capaian: (40 + 100 + 50) / 17 = 11.176471
    assert k.capaian_output == pytest.approx(11.176471, abs=1e-5)
    # efisiensi: worth 42,624,400 + 1,392,732,000 + 244,500,500 = 1,679,856,900;
    # (1,679,856,900 − 1,040,000,000) / 1,679,856,900 × 100 = 38.089965
    assert k.efisiensi == pytest.approx(38.089965, abs=1e-5)
    # IKPA at June: target 50 → 30.525550 / 50 × 100 = 61.051100; deviasi 80 → 100 − 75 = 25;
    # score (20 × 61.051100 + 15 × 25 + 25 × 11.176471) / 60 = (1221.02200 + 375 + 279.41176)
    # / 60 = 1875.43376 / 60 = 31.257229 → Sangat Kurang
    assert k.ikpa.score == pytest.approx(31.257229, abs=1e-4)
    assert k.band == "Sangat Kurang"
    rows = {r["code"]: r for r in k.outputs}
    # 3358.994 spent 700 M of 1,392.7 M: not above; June's 40 % for 3356.016 < 50 % of the year
    assert rows["3356.016"]["status"] == "tertinggal"
    assert rows["3361.011"]["status"] == "sesuai"  # 50 ≥ 6 / 12 × 100


def test_above_pagu_output_is_flagged() -> None:
    o = OutputFacts("3355.007", 10_004_000, 1, months={4: Month(realisasi=12_000_000)})
    row = measures.output_row(o, 4)
    assert row["above_pagu"] and row["penyerapan"] == pytest.approx(119.952019, abs=1e-5)


def test_nothing_to_measure_is_none_not_zero() -> None:
    o = OutputFacts("3355.007", 0, 0)
    assert measures.penyerapan([o], 12) is None
    assert measures.deviasi([o], 12) is None
    assert measures.capaian_output([o], 12) is None
    assert measures.efisiensi([o], 12) is None
    k = report.compute("x", 2020, [o])
    assert k.ikpa.score is None and k.ikpa.share == 0 and k.band is None


def test_efisiensi_score_is_held_within_0_100() -> None:
    # 50 + E / 20 × 50: E 0 → 50, E 10 → 75, E −10 → 25, E −30 → −25 → 0, E 20 → 100
    assert [measures.efisiensi_score(e) for e in (0, 10, -10, -30, 20, 40)] == [
        50,
        75,
        25,
        0,
        100,
        100,
    ]


def test_quarterly_targets_rise_linearly() -> None:
    # quarters end at 15, 50, 75, 95; April = 15 + (50 − 15) / 3 = 26.6667
    assert ikpa.target(1) == pytest.approx(5)
    assert ikpa.target(3) == 15
    assert ikpa.target(4) == pytest.approx(26.666667, abs=1e-5)
    assert ikpa.target(6) == 50
    assert ikpa.target(9) == 75
    assert ikpa.target(12) == 95
    assert ikpa.value_penyerapan(20, 3) == 100  # above target is held at 100
    assert ikpa.value_deviasi(5) == 100 and ikpa.value_deviasi(12.5) == 92.5


def test_bands() -> None:
    assert [ikpa.band(s) for s in (95, 90.01, 90, 80.5, 80, 61, 60, 50.1, 50, 10)] == [
        "Sangat Baik",
        "Sangat Baik",
        "Baik",
        "Baik",
        "Cukup",
        "Cukup",
        "Kurang",
        "Kurang",
        "Sangat Kurang",
        "Sangat Kurang",
    ]


def test_renormalised_when_an_indicator_is_missing() -> None:
    # no month with planned money → no deviasi: weights 20 and 25 over 45 = share 45
    o = OutputFacts("a", 1000, 2, months={3: Month(realisasi=150, volume=1)})
    k = report.compute("x", 2020, [o])
    # penyerapan 15 → value 15 / 15 × 100 = 100; capaian 50: (20 × 100 + 25 × 50) / 45 = 72.2222
    assert k.deviasi is None
    assert k.ikpa.share == 45
    assert k.ikpa.score == pytest.approx(72.222222, abs=1e-5)
    assert k.band == "Cukup"


def test_monthly_curve_is_cumulative() -> None:
    o = OutputFacts("a", 1000, 1, months={1: Month(rpd=100, realisasi=50), 3: Month(rpd=200)})
    curve = measures.monthly_curve([o])
    assert [(c["rpd"], c["realisasi"]) for c in curve[:4]] == [
        (100, 50),
        (100, 50),
        (300, 50),
        (300, 50),
    ]


def test_readme_states_exactly_the_docstrings_formulas() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    d = measures.__doc__ or ""
    formulas = d[d.index("For a satker-year up to month M") : d.index("Everything here is pure")]
    assert formulas.strip() in readme
    k = ikpa.__doc__ or ""
    assert k[k.index("IKPA weighs seven") :].strip() in readme


# A hand-written RSPP satker (tests/realisasi_files.py: 999001, 2024), worked out from first
# principles. Four ROs, Σ P = 120 + 600 + 30 + 200 = 950,000,000 (program 076.01.WA's stated
# Jumlah, 1,000,000, does not reconcile and is not used). 3357.EBB.951 has no target (T 0).
def _rspp() -> list[OutputFacts]:
    rpd = {
        "3357.EBA.956": [10_000_000] * 12,
        "3357.EBA.994": [50_000_000] * 12,
        "3357.EBB.951": [2_500_000] * 12,
        "3358.QDC.001": [0, 0, 0, 50_000_000, 50_000_000, 50_000_000, 50_000_000] + [0] * 5,
    }
    real = {
        "3357.EBA.956": {1: 8_000_000, 2: 12_000_000, 3: 10_000_000},
        "3357.EBA.994": {1: 45_000_000, 2: 55_000_000, 3: 60_000_000},
        "3357.EBB.951": {1: 0, 2: 2_500_000, 3: 2_500_000},
        "3358.QDC.001": {1: 0, 2: 0, 3: 20_000_000},
    }
    volume = {
        "3357.EBA.956": {1: 1, 2: 2, 3: 3},
        "3357.EBA.994": {3: 0.25},  # January and February not reported
        "3357.EBB.951": {3: 1},
        "3358.QDC.001": {2: 1},
    }
    plan = {
        "3357.EBA.956": (120_000_000, 12),
        "3357.EBA.994": (600_000_000, 1),
        "3357.EBB.951": (30_000_000, 0),
        "3358.QDC.001": (200_000_000, 4),
    }
    return [
        OutputFacts(
            code,
            pagu,
            target,
            months={
                b: Month(
                    rpd=rpd[code][b - 1],
                    realisasi=real[code].get(b),
                    volume=volume[code].get(b),
                )
                for b in range(1, 13)
            },
        )
        for code, (pagu, target) in plan.items()
    ]


def test_rspp_satker_at_its_latest_month() -> None:
    k = report.compute("999001", 2024, _rspp())
    # The RPD covers all twelve months, but realisation only January–March: M = 3.
    assert k.bulan == 3
    # Σ R = (8 + 12 + 10) + (45 + 55 + 60) + (0 + 2.5 + 2.5) + 20 = 215 M; 215 / 950 = 22.631579 %
    assert k.pagu == 950_000_000 and k.realisasi == 215_000_000
    assert k.penyerapan == pytest.approx(22.631579, abs=1e-5)
    # each month plans 10 + 50 + 2.5 = 62.5 M. Jan spent 53 M: 9.5 / 62.5 = 15.2 %; Feb 69.5 M:
    # 11.2 %; Mar 92.5 M: 48 %. Mean (15.2 + 11.2 + 48) / 3 = 24.8 %
    assert k.deviasi == pytest.approx(24.8)
    # capaian over the three with a target: 956 3/12 = 25, 994 0.25/1 = 25, 001 1/4 = 25 → 25
    assert k.capaian_output == pytest.approx(25.0)
    # efisiensi over the same three: worth 120/12×3 = 30 M, 600×0.25 = 150 M, 200/4×1 = 50 M:
    # Σ 230 M; spent 30 + 160 + 20 = 210 M; E = 20 / 230 = 8.695652 %; score 50 + E/20×50
    # = 71.739130
    assert k.efisiensi == pytest.approx(8.695652, abs=1e-5)
    assert k.efisiensi_score == pytest.approx(71.739130, abs=1e-5)
    # IKPA: target(3) 15 → 22.63 / 15 above 100 → 100; deviasi 24.8 → 100 − 19.8 = 80.2;
    # capaian 25. (20 × 100 + 15 × 80.2 + 25 × 25) / 60 = 3828 / 60 = 63.8 → Cukup, share 60
    assert k.ikpa.values == pytest.approx(
        {"penyerapan": 100.0, "deviasi": 80.2, "capaian_output": 25.0}
    )
    assert k.ikpa.score == pytest.approx(63.8) and k.ikpa.share == 60 and k.band == "Cukup"
    rows = {r["code"]: r for r in k.outputs}
    # per output: penyerapan 30/120 = 25, 160/600 = 26.6667, 5/30 = 16.6667, 20/200 = 10;
    # status against 3/12 of the year = 25 %: all three measured ones at 25 → sesuai
    assert {c: round(r["penyerapan"], 4) for c, r in rows.items()} == {
        "3357.EBA.956": 25.0,
        "3357.EBA.994": 26.6667,
        "3357.EBB.951": 16.6667,
        "3358.QDC.001": 10.0,
    }
    assert rows["3357.EBA.994"]["rpd"] == 150_000_000 and rows["3358.QDC.001"]["rpd"] == 0
    assert {c: r["status"] for c, r in rows.items()} == {
        "3357.EBA.956": "sesuai",
        "3357.EBA.994": "sesuai",
        "3357.EBB.951": "tanpa_target",
        "3358.QDC.001": "sesuai",
    }
    assert rows["3357.EBB.951"]["capaian"] is None and rows["3357.EBB.951"]["volume"] == 1


def test_rspp_satker_at_an_earlier_month() -> None:
    k = report.compute("999001", 2024, _rspp(), bulan=2)
    # Σ R = 20 + 100 + 2.5 + 0 = 122.5 M → 12.894737 %; deviasi (15.2 + 11.2) / 2 = 13.2
    assert k.penyerapan == pytest.approx(12.894737, abs=1e-5)
    assert k.deviasi == pytest.approx(13.2)
    # capaian: 956 2/12 = 16.6667; 994 nothing reported by February → 0; 001 1/4 = 25
    # → 41.6667 / 3 = 13.888889
    assert k.capaian_output == pytest.approx(13.888889, abs=1e-5)
    # worth 20 M + 0 + 50 M = 70 M against 20 + 100 + 0 = 120 M spent: E = −50 / 70
    # = −71.428571 %; score 50 − 178.57 → held at 0
    assert k.efisiensi == pytest.approx(-71.428571, abs=1e-5)
    assert k.efisiensi_score == 0
    # target(2) = 10 → 128.9 → 100; deviasi 13.2 → 91.8; capaian 13.888889
    # (2000 + 1377 + 347.222222) / 60 = 62.070370 → Cukup
    assert k.ikpa.score == pytest.approx(62.070370, abs=1e-5) and k.band == "Cukup"
    status = {r["code"]: r["status"] for r in k.outputs}
    assert status["3357.EBA.956"] == "sesuai"  # 16.67 ≥ 2/12 of the year
    assert status["3357.EBA.994"] == "tertinggal"


def test_rspp_satker_beyond_its_data() -> None:
    """--bulan 12 with realisation only to March: later months spent nothing, and each month
    with planned money counts in deviasi at 100 %."""
    k = report.compute("999001", 2024, _rspp(), bulan=12)
    assert k.bulan == 12 and k.penyerapan == pytest.approx(22.631579, abs=1e-5)
    # (15.2 + 11.2 + 48 + 9 × 100) / 12 = 81.2
    assert k.deviasi == pytest.approx(81.2)
    assert k.capaian_output == pytest.approx(25.0)  # the volumes reported by March stand
    # target 95: 22.631579 / 95 × 100 = 23.822715; deviasi 100 − 76.2 = 23.8; capaian 25
    # (476.454294 + 357 + 625) / 60 = 24.307572 → Sangat Kurang; every output behind 100 %
    assert k.ikpa.score == pytest.approx(24.307572, abs=1e-5) and k.band == "Sangat Kurang"
    assert {r["status"] for r in k.outputs} == {"tertinggal", "tanpa_target"}


def test_rpd_alone_does_not_make_months_pass() -> None:
    """The RPD plans the whole year: with planned money only, no month is on record."""
    o = OutputFacts("a", 1200, 1, months={b: Month(rpd=100) for b in range(1, 13)})
    assert measures.latest_month([o]) == 0
    o = OutputFacts("a", 1200, 1, months={**o.months, 4: Month(rpd=100, realisasi=0)})
    assert measures.latest_month([o]) == 4  # a month the SP2D export covered, spending 0
    o = OutputFacts("a", 1200, 1, months={2: Month(volume=1), 12: Month(rpd=5)})
    assert measures.latest_month([o]) == 2


def test_no_realisation_yet_has_no_score() -> None:
    """Before anything is on record there is nothing to score: not Sangat Kurang (the national
    ranking would otherwise band every satker that has not reported yet)."""
    k = report.compute("999001", 2024, [OutputFacts("a", 1000, 2), OutputFacts("b", 500, 0)])
    assert k.bulan == 0
    assert (k.penyerapan, k.capaian_output, k.deviasi, k.efisiensi) == (0, 0, None, None)
    assert k.ikpa.score is None and k.ikpa.share == 0 and k.band is None
    assert ikpa.ikpa(0.0, None, 0.0, 0).score is None
