"""How the realisation readers take cells as offices write them: numbers in Indonesian or
English text, dates in the forms exports use, codes a spreadsheet mangled or wrote short, and
the separators of a CSV. Pure: no database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from tracker.measure import codes, loader, read_rpd, read_sp2d, read_template, sheets
from tracker.measure.realisasi import Refused, month_number, number


@pytest.mark.parametrize(
    ("text", "kind", "decimal_comma", "expected"),
    [
        ("1.234.567", "", False, 1_234_567),
        ("1.234,50", "", False, 1234.5),
        ("1,234,567", "", False, 1_234_567),  # the seed's own way of writing money
        ("23,368,000", "money", False, 23_368_000),
        ("1,234,567.50", "money", False, 1_234_567.5),
        ("500.000", "money", False, 500_000),  # rupiah: five hundred thousand
        ("500.000", "", True, 500_000),  # a ;-separated file: the dot groups thousands
        ("0.500", "", False, 0.5),  # a volume: half
        ("0.500", "money", True, 0.5),  # 0.500 groups nothing
        ("1.5", "money", False, 1.5),
        ("1,500", "money", False, 1500),
        ("1,500", "money", True, 1.5),
        ("12,5", "", False, 12.5),
        ("Rp 1.000.000", "money", False, 1_000_000),
        ("Rp1.000.000,00", "money", False, 1_000_000),
        ("1.234.567,-", "money", False, 1_234_567),
        ("1 234 567", "money", False, 1_234_567),
        ("-", "money", False, 0),
        ("(1.000)", "money", False, -1000),  # accounting negative: refused as negative
        ("45%", "percent", False, 45),
        ("12,5 %", "percent", False, 12.5),
        ("  ", "", False, None),
        (None, "", False, None),
        (2_500_000, "money", False, 2_500_000),
    ],
)
def test_numbers_as_offices_write_them(
    text: object, kind: str, decimal_comma: bool, expected: float | None
) -> None:
    assert number(text, kind, decimal_comma) == expected


@pytest.mark.parametrize("text", ["abc", "12abc", "1.2.3", "1.23,4", "nan", "inf", "Rp", "45%"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        number(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-15", date(2024, 1, 15)),
        ("15/01/2024", date(2024, 1, 15)),
        ("15-01-2024", date(2024, 1, 15)),
        ("15.01.2024", date(2024, 1, 15)),
        ("1/5/2024", date(2024, 5, 1)),  # day first, as Indonesia writes it
        ("15/01/24", date(2024, 1, 15)),
        ("15 Januari 2024", date(2024, 1, 15)),
        ("15 Jan 2024", date(2024, 1, 15)),
        ("15-Agt-2024", date(2024, 8, 15)),
        ("15-Des-24", date(2024, 12, 15)),
        ("Rabu, 17 Januari 2024", date(2024, 1, 17)),
        ("2024-01-15T08:30:00+07:00", date(2024, 1, 15)),
        ("2024-01-15 00:00:00.000", date(2024, 1, 15)),
        ("15/01/2024 10:22:01", date(2024, 1, 15)),
        ("20240115", date(2024, 1, 15)),
        ("45306", date(2024, 1, 15)),  # an Excel serial written as text
        (45306, date(2024, 1, 15)),
        (datetime(2024, 1, 15, 9, 0), date(2024, 1, 15)),
    ],
)
def test_sp2d_dates(value: object, expected: date) -> None:
    assert read_sp2d.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2024", "15/13/2024", "", "kemarin", None])
def test_sp2d_not_dates(value: object) -> None:
    with pytest.raises(ValueError):
        read_sp2d.parse_date(value)


def test_coa_segments_in_the_exports_order() -> None:
    """The RO is the thirteenth of the sixteen segments (after lokasi, register, intraco and
    a reserve), the kegiatan and KRO run together in the fifth."""
    coa = "999001.140.521211.07601WA.3357EBA.A.1.KD.3673.00000000.000000.0.956.051.A.000"
    assert read_sp2d.resolve_coa(coa) == ("999001", "3357.EBA.956")
    old = "670714.019.521211.07601WA.3355.A.1.KP.3673.00000000.000000.0.003.051.A.000"
    assert read_sp2d.resolve_coa(old) == ("670714", "3355.003")  # a 2020 output
    with pytest.raises(ValueError, match="KODE COA is empty"):
        read_sp2d.resolve_coa("")


def test_codes_a_spreadsheet_mangled() -> None:
    assert codes.written(3355.01) == "3355.010"  # typed 3355.010, stored as a number
    assert codes.written("3355.01") == "3355.010"  # and saved back to CSV so
    assert codes.written("3355.1") == "3355.100"
    assert codes.written(51) == "051" and codes.written(51.0) == "051"
    assert codes.written(3357) == "3357"
    assert codes.written(" 3357 . eba . 956 ") == "3357.EBA.956"
    assert codes.satker_written(70714) == "070714"
    assert codes.satker_written("670714 - KPU KOTA SERANG") == "670714"
    assert codes.satker_written("(670714)") == "670714"


def test_short_codes_under_their_parent_rows() -> None:
    plan = {"3357.EBA.956", "3357.EBA.994", "3357.EBB.951", "3358.QDC.001", "3358.QDC.956"}
    p = codes.Parents()
    # no parent yet: a short code is not guessed, however unique it might be
    kind, message = p.resolve("994", plan)
    assert kind == "unknown" and "write it in full" in message
    assert p.resolve("EBA.994", plan)[0] == "unknown"
    assert p.resolve("3357", plan) == ("parent", "3357")
    assert p.resolve("EBA.956", plan) == ("output", "3357.EBA.956")
    assert p.resolve("994", plan) == ("output", "3357.EBA.994")  # under KRO EBA, set above
    assert p.resolve("EBB", plan) == ("parent", "3357.EBB")
    assert p.resolve("951", plan) == ("output", "3357.EBB.951")
    assert p.resolve("3358.QDC", plan) == ("parent", "3358.QDC")
    assert p.resolve("956", plan) == ("output", "3358.QDC.956")  # 956 of 3358, not of 3357
    assert p.resolve("3357.EBA.956", plan) == ("output", "3357.EBA.956")
    assert p.resolve("3355.003", plan) == ("output", "3355.003")  # the plan check refuses it
    two = codes.Parents()
    two.resolve("3357", plan)
    assert two.resolve("956", plan) == ("output", "3357.EBA.956")  # the only 956 of 3357
    twenty = codes.Parents()
    twenty.resolve("3355", {"3355.003", "3364.003"})
    assert twenty.resolve("003", {"3355.003", "3364.003"}) == ("output", "3355.003")


def test_months_by_name() -> None:
    assert [month_number(m) for m in ("Januari", "PEB", "agt", "Aug.", "Nopember", "Des")] == [
        1,
        2,
        8,
        8,
        11,
        12,
    ]
    assert month_number("Mai") is None
    assert read_rpd.month_of("jan 2024") == 1 and read_rpd.month_of("bulan 12") == 12
    assert read_rpd.month_of("13") is None and read_rpd.month_of("jumlah") is None


def test_headers_as_offices_write_them() -> None:
    written = ("Kode_Satker", " TAHUN ", "Bulan", "Kode Output", "Realisasi (Rp)", "RVRO")
    header = [read_template.column(sheets.header_key(h)) for h in written]
    assert header == ["satker", "tahun", "bulan", "kode", "realisasi", "volume"]
    assert read_template.matches(header)


def test_csv_separators(tmp_path: Path) -> None:
    semi = tmp_path / "a.csv"
    semi.write_text("Laporan realisasi\nsatker;tahun;bulan;kode\n670714;2020;1;3355.003\n")
    assert [c for _, c in sheets.rows(semi)][1] == ["satker", "tahun", "bulan", "kode"]
    assert sheets.decimal_comma(semi)
    tab = tmp_path / "b.txt"
    tab.write_text("satker\ttahun\tbulan\tkode\n670714\t2020\t1\t3355.003\n")
    assert [c for _, c in sheets.rows(tab)][1] == ["670714", "2020", "1", "3355.003"]
    assert not sheets.decimal_comma(tab)


def test_percent_cells_read_as_shown(tmp_path: Path) -> None:
    book = Workbook()
    s = book.active
    s.append(["progres", "volume"])
    s.append([0.45, 0.45])
    s["A2"].number_format = "0%"
    path = tmp_path / "p.xlsx"
    book.save(path)
    assert [c for _, c in sheets.rows(path)][1] == [pytest.approx(45.0), 0.45]


def test_an_xls_is_read_from_where_its_cells_start(tmp_path: Path) -> None:
    """Rows keep the numbers a spreadsheet shows, cells their columns, when the sheet's first
    cells are not at A1."""
    book = xlwt.Workbook()
    s = book.add_sheet("Data")
    s.write(2, 1, "KODE COA")
    s.write(2, 2, "NILAI RUPIAH")
    s.write(3, 1, "x")
    s.write(3, 2, 5)
    book.save(str(tmp_path / "a.xls"))
    got = list(sheets.rows(tmp_path / "a.xls"))
    assert [number for number, _ in got] == [1, 2, 3, 4]
    assert got[2] == (3, [None, "KODE COA", "NILAI RUPIAH"])
    assert got[3] == (4, [None, "x", 5.0])


def test_an_xls_spanning_its_whole_grid_is_refused_before_calamine_holds_it(
    tmp_path: Path,
) -> None:
    """Two cells in opposite corners of a 5 KB .xls: calamine would hold 16.7 million cells
    (3.2 s and 1.2 GB, for a file that holds two)."""
    book = xlwt.Workbook()
    s = book.add_sheet("Sheet1")
    s.write(0, 0, "KODE")
    s.write(65535, 255, 1)
    path = tmp_path / "corner.xls"
    book.save(str(path))
    assert path.stat().st_size < 10_000
    with pytest.raises(sheets.UnreadableFile, match=r"^corner\.xls: sheet .* spans 65,536 rows"):
        list(sheets.rows(path))


def test_a_csv_cell_past_csvs_limit_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(
        "satker,tahun,bulan,kode,rpd,realisasi,volume,progres\n"
        f'670714,2020,1,"{"a" * 200_000}",1,1,1,1\n',
        encoding="utf-8",
    )
    with pytest.raises(sheets.UnreadableFile, match=r"^big\.csv row 2: field larger"):
        list(sheets.rows(path))


def test_only_the_first_sheets_are_searched_for_the_data(tmp_path: Path) -> None:
    """Each sheet searched costs a read of the workbook: a file of hundreds of sheets must
    not cost hundreds of reads before it is refused."""
    book = Workbook()
    for i in range(loader.SHEETS_SEARCHED + 5):
        book.create_sheet(f"S{i}").append(["catatan"])
    book.create_sheet("Data").append(["satker", "tahun", "bulan", "kode", "rpd", "realisasi"])
    book.save(tmp_path / "many.xlsx")
    with pytest.raises(Refused, match=f"no header found on its first {loader.SHEETS_SEARCHED}"):
        loader.kind_of(tmp_path / "many.xlsx")
    book.move_sheet("Data", -(loader.SHEETS_SEARCHED + 5))  # second, after "Sheet"
    book.save(tmp_path / "many.xlsx")
    assert loader.kind_of(tmp_path / "many.xlsx") == ("template", 1)
