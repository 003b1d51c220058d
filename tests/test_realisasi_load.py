"""Loading realisation into the real Neo4j: template rows, SAKTI's SP2D export and the RPD
workbook; reloading changes nothing, a row on record is replaced, a bad file is refused whole
with every bad row listed and the database left as it was, realisation above pagu becomes a
finding, and a million-row CSV is streamed in bounded memory."""

from __future__ import annotations

import copy
import csv
import datetime
import time
import tracemalloc
from pathlib import Path

import pytest
import realisasi_files as files
import xlwt
from conftest import SEED
from neo4j import Driver
from openpyxl import Workbook, load_workbook

from tracker.graph import loader as plan_loader
from tracker.measure import loader, report
from tracker.measure.realisasi import Refused
from tracker.read import document
from tracker.read.records import LAYOUT_RSPP
from tracker.synth import realisasi as synth

HEADER = "satker,tahun,bulan,kode,rpd,realisasi,volume,progres\n"


@pytest.fixture
def seeded(graph: Driver) -> Driver:
    plan_loader.load_document(document.read_file(SEED), graph, link=False)
    return graph


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _rows(driver: Driver) -> dict[tuple[str, int, str, int], dict]:
    records, _, _ = driver.execute_query(
        "MATCH (x:Realisasi) RETURN x.satker AS s, x.year AS y, x.code AS c, x.bulan AS b, "
        "properties(x) AS p"
    )
    return {(r["s"], r["y"], r["c"], r["b"]): r["p"] for r in records}


def test_load_reload_and_replace(seeded: Driver, tmp_path: Path) -> None:
    f = _write(
        tmp_path / "r.csv",
        HEADER + "670714,2020,1,3355.003,2000000,1500000,0,10\n"
        "670714,2020,2,3355.003,2000000,2500000,0.5,40\n",
    )
    first = loader.load_file(seeded, f)
    assert (first.kind, first.rows, first.changed) == ("template", 2, 2)
    before = loader.fingerprint(seeded)
    again = loader.load_file(seeded, f)
    assert again.changed == 0
    assert loader.fingerprint(seeded) == before  # loading twice changes nothing
    assert before["rows"] == 2 and before["realisasi"] == 4_000_000

    # A row for a month already on record replaces it; blank cells leave figures as they are.
    g = _write(tmp_path / "fix.csv", HEADER + "670714,2020,2,3355.003,,3000000,,55\n")
    assert loader.load_file(seeded, g).changed == 1
    rows = _rows(seeded)
    assert len(rows) == 2
    feb = rows[("670714", 2020, "3355.003", 2)]
    assert (feb["rpd"], feb["realisasi"], feb["volume"], feb["progres"]) == (
        2_000_000,
        3_000_000,
        0.5,
        55,
    )
    k = report.kinerja(seeded, "670714", 2020)
    assert k.bulan == 2 and k.realisasi == 4_500_000


def test_bad_file_is_refused_whole(seeded: Driver, tmp_path: Path) -> None:
    good = _write(tmp_path / "good.csv", HEADER + "670714,2020,1,3355.003,1,1,0,0\n")
    loader.load_file(seeded, good)
    before = loader.fingerprint(seeded)
    bad = _write(
        tmp_path / "bad.csv",
        HEADER
        + "670714,2020,2,3355.003,100,100,0,0\n"  # row 2: fine, but the file is refused
        + "670714,2031,1,3355.003,1,1,0,0\n"  # row 3: no plan for 2031
        + "670714,2020,1,3355.999,1,1,0,0\n"  # row 4: no such output
        + "670714,2020,13,3355.003,1,1,0,0\n"  # row 5: month 13
        + "670714,2020,0,3355.003,1,1,0,0\n"  # row 6: month 0
        + "670714,2020,3,3355.003,-5,1,0,0\n"  # row 7: negative rpd
        + "670714,2020,3,3355.003,1,abc,0,0\n"  # row 8: not a number
        + "999999,2020,3,3355.003,1,1,0,0\n",  # row 9: unknown satker
    )
    with pytest.raises(Refused) as caught:
        loader.load_file(seeded, bad)
    listed = {(b.row, b.message) for b in caught.value.bad}
    assert listed == {
        (3, "satker-year 670714/2031 has no plan on record"),
        (4, "output 3355.999 is not in the plan of 670714/2020"),
        (5, "bulan 13 is outside 1–12"),
        (6, "bulan 0 is outside 1–12"),
        (7, "rpd -5 is negative"),
        (8, "realisasi 'abc' is not a number"),
        (9, "satker-year 999999/2020 has no plan on record"),
    }
    message = str(caught.value)
    assert message.splitlines()[0] == "bad.csv: refused, 7 bad row(s), nothing loaded"
    assert "bad.csv row 8: realisasi 'abc' is not a number" in message
    assert loader.fingerprint(seeded) == before  # the good row 2 was not written either


def test_above_pagu_is_accepted_as_a_finding(seeded: Driver, tmp_path: Path) -> None:
    # 3355.007's pagu is 10,004,000
    f = _write(tmp_path / "over.csv", HEADER + "670714,2020,4,3355.007,,12000000,1,100\n")
    result = loader.load_file(seeded, f)
    assert result.rows == 1
    assert [(x.rule, x.code) for x in result.findings] == [("realisasi_above_pagu", "3355.007")]
    assert "above its pagu 10,004,000" in result.findings[0].message
    row = {o["code"]: o for o in report.kinerja(seeded, "670714", 2020).outputs}["3355.007"]
    assert row["above_pagu"] and row["realisasi"] == 12_000_000


def test_sp2d_export_is_summed_by_output_and_month(seeded: Driver, tmp_path: Path) -> None:
    doc = document.read_file(SEED)
    f = _write(tmp_path / "sp2d.csv", synth.sp2d_csv(doc, seed=1, months=3))
    result = loader.load_file(seeded, f)
    assert result.kind == "sp2d" and result.satker_years == [("670714", 2020)]
    expected = {(r[3], r[2]): r[5] for r in synth.template_rows(doc, seed=1, months=3)}
    rows = _rows(seeded)
    assert {(c, b): p["realisasi"] for (_, _, c, b), p in rows.items()} == expected
    assert all(
        set(p) == {"uid", "satker", "year", "bulan", "code", "realisasi"} for p in rows.values()
    )
    before = loader.fingerprint(seeded)
    assert loader.load_file(seeded, f).changed == 0
    assert loader.fingerprint(seeded) == before


def test_sp2d_rows_resolve_against_the_plan(seeded: Driver, tmp_path: Path) -> None:
    doc = document.read_file(SEED)
    o = synth.planned(doc)[0]
    good = synth.coa(o)
    wrong_ro = good.replace(".003.051.", ".099.051.")
    text = (
        "TANGGAL SP2D,KODE COA,NILAI RUPIAH\n"
        f"2020-01-10,{good},1000\n"
        f"2020-01-11,{wrong_ro},1000\n"
        "2020-01-12,670714.019.521211,1000\n"
        f"31/02/2020,{good},1000\n"
        f"2020-01-12,{good},-10\n"
    )
    before = loader.fingerprint(seeded)
    with pytest.raises(Refused) as caught:
        loader.load_file(seeded, _write(tmp_path / "sp2d.csv", text))
    rows = sorted(b.row for b in caught.value.bad)
    assert rows == [3, 4, 5, 6]
    messages = {b.row: b.message for b in caught.value.bad}
    assert messages[3] == "output 3355.099 is not in the plan of 670714/2020"
    assert "has 3 segments, expected 16" in messages[4]
    assert messages[5] == "TANGGAL SP2D '31/02/2020' is not a date"
    assert messages[6] == "NILAI RUPIAH -10 is negative"
    assert loader.fingerprint(seeded) == before


def test_rpd_workbook_with_short_codes(seeded: Driver, tmp_path: Path) -> None:
    doc = document.read_file(SEED)
    path = tmp_path / "rpd.xlsx"
    synth.rpd_workbook(doc, path, seed=2, short_codes=True)
    result = loader.load_file(seeded, path)
    assert result.kind == "rpd" and result.satker_years == [("670714", 2020)]
    expected = {(r[3], r[2]): r[4] for r in synth.template_rows(doc, seed=2)}
    got = {(c, b): p["rpd"] for (_, _, c, b), p in _rows(seeded).items()}
    assert got == pytest.approx(expected)
    assert len(got) == 16 * 12
    assert loader.load_file(seeded, path).changed == 0


def test_rspp_ro_codes(graph: Driver, tmp_path: Path) -> None:
    """An RSPP plan (2023): RO 3357.EBA.956 written in full, as EBA.956 under its kegiatan,
    or as 956 under its KRO row, in the RPD workbook; and in the SP2D's KODE COA."""
    doc = copy.deepcopy(document.read_file(SEED))
    doc.document.year = 2023
    doc.layout = LAYOUT_RSPP
    doc.content_hash = ""
    kegiatan = next(k for p in doc.programs for k in p.kegiatan if k.code == "3357")
    kegiatan.outputs[0].code, kegiatan.outputs[0].kro = "3357.EBA.956", "3357.EBA"
    kegiatan.outputs[1].code, kegiatan.outputs[1].kro = "3357.EBA.994", "3357.EBA"
    plan_loader.load_document(doc, graph, link=False)
    from openpyxl import Workbook

    book = Workbook()
    s = book.active
    s.append(["SATKER : 670714 KPU KOTA SERANG"])
    s.append(["T.A. 2023"])
    s.append(["KODE", "URAIAN", *[str(m) for m in range(1, 13)]])
    s.append(["076.01.01", "Program"])
    s.append(["3357", "Kegiatan"])
    s.append(["EBA", "KRO"])
    s.append(["956", "RO", *[10] * 12])
    s.append(["051", "Komponen", *[10] * 12])
    s.append(["EBA.994", "RO", *[1.5] * 12])
    s.append(["3357.EBA.956", "RO again, in full", *[20] * 12])
    path = tmp_path / "rpd2023.xlsx"
    book.save(path)
    loader.load_file(graph, path)
    rpd = {(c, b): p["rpd"] for (_, y, c, b), p in _rows(graph).items() if y == 2023}
    assert rpd[("3357.EBA.956", 1)] == 20_000  # the later row replaces
    assert rpd[("3357.EBA.994", 12)] == 1_500
    o = next(p for p in synth.planned(doc) if p.code == "3357.EBA.956")
    sp2d = _write(
        tmp_path / "sp2d.csv",
        f"TANGGAL SP2D,KODE COA,NILAI RUPIAH\n2023-03-01,{synth.coa(o)},7000\n",
    )
    assert synth.coa(o).split(".")[4] == "3357EBA"
    loader.load_file(graph, sp2d)
    assert _rows(graph)[("670714", 2023, "3357.EBA.956", 3)]["realisasi"] == 7000


def _load_measured(driver: Driver, path: Path, codes: list[str], n: int) -> tuple[float, int]:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER.strip().split(","))
        for i in range(n):
            w.writerow(["670714", 2020, i % 12 + 1, codes[(i // 12) % 16], 1000, i % 997, 0, 1])
    tracemalloc.start()
    started = time.perf_counter()
    result = loader.load_file(driver, path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.rows > 0
    return seconds, peak


def test_big_csv_is_streamed(seeded: Driver, tmp_path: Path) -> None:
    """Rows (the seed's 16 outputs × 12 months, over and over: later rows replace earlier
    ones) load with memory that does not grow with the file: ten times the rows, about the
    same peak. Held as objects, 200,000 rows would take ~100 MB; the million-row case is
    `tracker bench kinerja`'s to time."""
    codes = [o.code for o in synth.planned(document.read_file(SEED))]
    small_s, small_peak = _load_measured(seeded, tmp_path / "small.csv", codes, 20_000)
    big_s, big_peak = _load_measured(seeded, tmp_path / "big.csv", codes, 200_000)
    print(
        f"\n20,000 rows: {small_s:.1f} s, peak {small_peak / 1e6:.1f} MB; "
        f"200,000 rows: {big_s:.1f} s, peak {big_peak / 1e6:.1f} MB"
    )
    assert len(_rows(seeded)) == 16 * 12
    assert big_peak < 1.5 * small_peak + 2e6
    assert big_peak < 30e6


def test_deleting_a_satker_year_removes_its_realisation(seeded: Driver, tmp_path: Path) -> None:
    """An admin's delete takes the satker-year's months with it: left behind they would
    report against a plan that is gone."""
    f = _write(tmp_path / "r.csv", HEADER + "670714,2020,1,3355.003,2000000,1500000,0,10\n")
    loader.load_file(seeded, f)
    assert len(_rows(seeded)) == 1
    assert plan_loader.delete_satker_year(seeded, "670714", 2020) > 0
    assert _rows(seeded) == {}


@pytest.fixture
def rspp_999001(graph: Driver, tmp_path: Path) -> Driver:
    """The hand-written RSPP satker-year of tests/realisasi_files.py, its plan loaded."""
    plan_loader.load_document(document.read_file(files.document(tmp_path)), graph, link=False)
    return graph


def test_office_files_of_an_rspp_satker(rspp_999001: Driver, tmp_path: Path) -> None:
    """The RPD workbook, SAKTI's SP2D export and the office's capaian sheet as offices have
    them (tests/realisasi_files.py, written by hand) each fill their own columns, and the
    measures come out as worked out by hand in tests/test_measures.py."""
    g = rspp_999001
    rpd = loader.load_file(g, files.rpd_workbook(tmp_path / "rpd.xlsx"))
    assert (rpd.kind, rpd.satker_years, rpd.rows) == ("rpd", [("999001", 2024)], 48)
    sp2d = loader.load_file(g, files.sp2d_workbook(tmp_path / "sp2d.xlsx"))
    assert (sp2d.kind, sp2d.rows) == ("sp2d", 12)  # 4 ROs × the 3 months the export covers
    office = loader.load_file(g, files.office_csv(tmp_path / "capaian.csv"))
    assert (office.kind, office.rows, office.findings) == ("template", 6, [])
    rows = _rows(g)
    rpd_of = {(c, b): p.get("rpd") for (_, _, c, b), p in rows.items()}
    assert rpd_of[("3357.EBA.956", 1)] == 10_000_000
    assert rpd_of[("3357.EBB.951", 12)] == 2_500_000  # "2.500" thousand
    assert rpd_of[("3358.QDC.001", 3)] == 0 and rpd_of[("3358.QDC.001", 4)] == 50_000_000
    real = {(c, b): p.get("realisasi") for (_, _, c, b), p in rows.items()}
    assert real[("3357.EBA.956", 1)] == 8_000_000  # 5 M on a date cell + "3.000.000"
    assert real[("3357.EBA.994", 1)] == 45_000_000  # "15 Januari 2024", "45.000.000,00"
    assert real[("3357.EBB.951", 1)] == 0  # covered by the export, nothing paid
    assert real[("3357.EBB.951", 2)] == 2_500_000  # an Excel serial date
    assert real[("3357.EBA.994", 3)] == 60_000_000  # "Rp 60.000.000"
    assert real[("3358.QDC.001", 3)] == 20_000_000
    assert real[("3357.EBA.956", 4)] is None  # April: not covered, not touched
    volume = {(c, b): (p.get("volume"), p.get("progres")) for (_, _, c, b), p in rows.items()}
    assert volume[("3357.EBA.956", 1)] == (1, 8.3)  # "Januari", "8,3%"
    assert volume[("3357.EBA.994", 3)] == (0.25, 25)  # "0,25" under the KRO row EBA
    assert volume[("3358.QDC.001", 2)] == (1, 25)  # 001 under 3358.QDC, not a komponen
    assert volume[("3357.EBA.994", 1)] == (None, None)

    k = report.kinerja(g, "999001", 2024)
    assert (k.bulan, k.pagu, k.realisasi) == (3, 950_000_000, 215_000_000)
    assert k.penyerapan == pytest.approx(22.631579, abs=1e-5)
    assert k.deviasi == pytest.approx(24.8)
    assert k.capaian_output == pytest.approx(25.0)
    assert k.efisiensi == pytest.approx(8.695652, abs=1e-5)
    assert k.ikpa.score == pytest.approx(63.8) and k.band == "Cukup"

    before = loader.fingerprint(g)
    for f in ("rpd.xlsx", "sp2d.xlsx", "capaian.csv"):
        assert loader.load_file(g, tmp_path / f).changed == 0
    assert loader.fingerprint(g) == before  # loading again changes nothing


def test_bad_office_rows_are_all_listed(rspp_999001: Driver, tmp_path: Path) -> None:
    g = rspp_999001
    loader.load_file(g, files.sp2d_workbook(tmp_path / "sp2d.xlsx"))
    before = loader.fingerprint(g)
    bad = _write(
        tmp_path / "bad.csv",
        "satker,tahun,bulan,kode,rpd,realisasi,volume,progres\n"
        "999001,2024,5,956,,1000,,\n"  # 2: a short code with no parent row: not guessed
        "999001,2024,5,3357.EBA.956,,1000,,\n"  # 3: fine, but the file is refused
        "999001,2024,5,3357,,1000,,\n"  # 4: a kegiatan with figures
        "999001,2024,Mai,3357.EBA.956,,1000,,\n"  # 5: not a month name
        "999001,2024,5.5,3357.EBA.956,,1000,,\n"  # 6
        "999001,2024,5,3357.EBA.956,,(1.000),,\n"  # 7: an accounting negative
        "999001,2024,5,3357.EBA.956,,1000,,101%\n"  # 8
        "999001,2024,5,3357.EBA.956,,1000,-1,\n"  # 9
        ",,,,,,,\n"  # 10: blank, passed over
        ",,,,,9000,,\n"  # 11: a total line, passed over too
        "999001,,5,3357.EBA.956,,1000,,\n"  # 12: no year
        "999001,2025,5,3357.EBA.956,,1000,,\n",  # 13
    )
    with pytest.raises(Refused) as caught:
        loader.load_file(g, bad)
    listed = sorted((b.row, b.message) for b in caught.value.bad)
    assert [row for row, _ in listed] == [2, 4, 5, 6, 7, 8, 9, 12, 13]
    messages = dict(listed)
    assert "no kegiatan or KRO row above it" in messages[2]
    assert messages[4] == "kode 3357 is not an output: no figures here"
    assert messages[5] == "bulan 'Mai' is not a month (1–12 or its name)"
    assert messages[6] == "bulan 5.5 is not a whole number"
    assert messages[7] == "realisasi -1000 is negative"
    assert messages[8] == "progres 101 is above 100"
    assert messages[9] == "volume -1 is negative"
    assert messages[12] == "tahun is empty"
    assert messages[13] == "satker-year 999001/2025 has no plan on record"
    assert loader.fingerprint(g) == before

    sp2d = _write(
        tmp_path / "sp2d_bad.csv",
        "NO;TANGGAL SP2D;KODE COA;NILAI RUPIAH\n"
        f"1;15/01/2024;{files.coa('3357EBA', '956')};1.000.000\n"
        f"2;;{files.coa('3357EBA', '956')};1.000.000\n"
        f"3;31/02/2024;{files.coa('3357EBA', '956')};1.000.000\n"
        f"4;15/01/2024;{files.coa('3357EBA', '999')};1.000.000\n"
        f"5;15/01/2024;{files.coa('3357EBA', '956')};satu juta\n"
        "6;15/01/2024;;1.000.000\n"
        ";;;JUMLAH 4.000.000\n",
    )
    with pytest.raises(Refused) as caught:
        loader.load_file(g, sp2d)
    assert sorted((b.row, b.message) for b in caught.value.bad) == [
        (3, "TANGGAL SP2D is empty"),
        (4, "TANGGAL SP2D '31/02/2024' is not a date"),
        (5, "output 3357.EBA.999 is not in the plan of 999001/2024"),
        (6, "NILAI RUPIAH 'satu juta' is not a number"),
        (7, "KODE COA is empty"),
    ]
    assert loader.fingerprint(g) == before


@pytest.mark.parametrize("cover", [False, True], ids=["alone", "behind a cover sheet"])
def test_xls_sp2d_export(rspp_999001: Driver, tmp_path: Path, cover: bool) -> None:
    """Older exports are .xls: read too (python-calamine), dates as date cells or text, the
    data found behind a cover sheet."""
    book = xlwt.Workbook()
    if cover:
        book.add_sheet("Petunjuk").write(0, 0, "PETUNJUK PENGISIAN")
    s = book.add_sheet("sp2d")
    for j, v in enumerate(("TANGGAL SP2D", "KODE COA", "NILAI RUPIAH")):
        s.write(0, j, v)
    s.write(1, 0, datetime.datetime(2024, 4, 3), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    s.write(1, 1, files.coa("3357EBA", "956"))
    s.write(1, 2, 1_234_567)
    s.write(2, 0, "04/04/2024")
    s.write(2, 1, files.coa("3357EBA", "956"))
    s.write(2, 2, "1.000.000")
    path = tmp_path / "sp2d.xls"
    book.save(str(path))
    result = loader.load_file(rspp_999001, path)
    assert (result.kind, result.rows) == ("sp2d", 4)
    assert result.file == ("sp2d.xls sheet 'sp2d'" if cover else "sp2d.xls")
    assert _rows(rspp_999001)[("999001", 2024, "3357.EBA.956", 4)]["realisasi"] == 2_234_567


def _behind_a_cover(path: Path) -> Path:
    """The workbook with an instructions sheet put first, as offices often do."""
    book = load_workbook(path)
    cover = book.create_sheet("Petunjuk", 0)
    cover.append(["PETUNJUK PENGISIAN"])
    cover.append(["Isi lembar berikut; KODE dan bulan sesuai DIPA."])
    book.save(path)
    return path


def test_data_behind_a_cover_sheet(rspp_999001: Driver, tmp_path: Path) -> None:
    """The data's sheet is searched for: a cover sheet first changes nothing it loads, and a
    bad row there is named with its sheet."""
    g = rspp_999001
    rpd = loader.load_file(g, _behind_a_cover(files.rpd_workbook(tmp_path / "rpd.xlsx")))
    assert (rpd.kind, rpd.rows) == ("rpd", 48)
    assert rpd.file == "rpd.xlsx sheet 'Sheet'"
    sp2d = loader.load_file(g, _behind_a_cover(files.sp2d_workbook(tmp_path / "sp2d.xlsx")))
    assert (sp2d.kind, sp2d.rows) == ("sp2d", 12)
    real = {(c, b): p.get("realisasi") for (_, _, c, b), p in _rows(g).items()}
    assert real[("3357.EBA.994", 3)] == 60_000_000

    before = loader.fingerprint(g)
    book = load_workbook(tmp_path / "sp2d.xlsx")
    book["Sheet"].append(["11", "240011", "15/01/2024", files.coa("3357EBA", "999"), "x", 1])
    book.save(tmp_path / "sp2d_bad.xlsx")
    with pytest.raises(Refused) as caught:
        loader.load_file(g, tmp_path / "sp2d_bad.xlsx")
    assert [(b.row, b.message) for b in caught.value.bad] == [
        (15, "output 3357.EBA.999 is not in the plan of 999001/2024")
    ]
    assert "sp2d_bad.xlsx sheet 'Sheet' row 15:" in str(caught.value)
    assert loader.fingerprint(g) == before

    empty = Workbook()
    empty.active.append(["PETUNJUK"])
    empty.create_sheet("Catatan").append(["tidak ada data"])
    empty.save(tmp_path / "none.xlsx")
    with pytest.raises(Refused, match="no header found on its first 2 sheets"):
        loader.load_file(g, tmp_path / "none.xlsx")
