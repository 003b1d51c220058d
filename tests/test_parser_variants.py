"""Documents made from the seed by changing what other satkers' documents change: page breaks,
encodings and line ends, satker and amounts, the Inisiatif Baru column; and documents that are
cut short, carry broken amounts or are not RKA text at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED

from tracker.read.document import parse_file, parse_text
from tracker.read.records import RkaDocument, RkaParseError

TEXT = SEED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
BASE = parse_text(TEXT, "seed")

COLUMN_ROWS = ("KODE\t", "\t\tVOLUME", "(1)\t")


def without_lines(d: dict) -> dict:
    """to_dict() minus what page layout changes: the page count and finding lines."""
    d = dict(d)
    d["document"] = {k: v for k, v in d["document"].items() if k != "pages"}
    d["findings"] = [{k: v for k, v in f.items() if k != "line"} for f in d["findings"]]
    return d


def body_rows() -> tuple[list[str], list[str], list[str]]:
    """(page header lines of page 1 up to the column rows, table rows without page headers and
    without the list headers the export repeats after a break, the signature lines)."""
    first_table = next(i for i, line in enumerate(LINES) if line.startswith("KODE\t"))
    header = LINES[2 : first_table + 3]  # from **RENCANA to the (1) (2) … row
    rows: list[str] = []
    after_column_rows = False
    for line in LINES:
        if "\t" not in line:
            continue
        if line.startswith(COLUMN_ROWS):
            after_column_rows = line.startswith("(1)")
            continue
        if after_column_rows and line.startswith("\t<") and "Indikator" in line:
            after_column_rows = False
            continue  # a list header repeated at the top of a page
        after_column_rows = False
        rows.append(line)
    last_row = max(i for i, line in enumerate(LINES) if "\t" in line)
    return header, rows, LINES[last_row + 1 :]


def paginate(sizes: list[int], repeat_headers: bool) -> tuple[str, int]:
    """The seed's rows laid out on pages of the given sizes (the last size repeats); at the top
    of a page that starts inside a list, the list's header is repeated if asked."""
    header, rows, tail = body_rows()
    out = ["", ""]
    page = 0
    i = 0
    last_list_header = ""
    while i < len(rows):
        size = sizes[min(page, len(sizes) - 1)]
        page += 1
        if page > 1:
            out.append("")
        out += [
            re.sub(r"Halaman : \d+", f"Halaman : {page}", line) if "Halaman" in line else line
            for line in header
        ]
        in_list = not re.match(r"\d{3}\.|\d{4}|\t<", rows[i])
        if page > 1 and repeat_headers and in_list and last_list_header:
            out.append(last_list_header)
        for row in rows[i : i + size]:
            if row.startswith("\t<") and "Indikator" in row:
                last_list_header = row
            elif re.match(r"\d{3}\.|\d{4}", row):
                last_list_header = ""  # a new level row: its lists have their own headers
            out.append(row)
        i += size
    return "\n".join(out + tail), page


def assert_lines_point_at_records(doc: RkaDocument, text: str) -> None:
    lines = text.split("\n")
    for p in doc.programs:
        assert lines[p.line - 1].startswith(p.code + "\t")
        for s in p.sasaran:
            assert s.text in lines[s.line - 1]
            for i in s.indicators:
                assert i.text in lines[i.line - 1]
        for k in p.kegiatan:
            assert lines[k.line - 1].startswith(k.code + "\t")
            for i in k.indicators:
                assert i.text in lines[i.line - 1]
            for o in k.outputs:
                assert lines[o.line - 1].startswith(o.code + "\t")
                for i in o.indicators:
                    assert f"{i.code} {i.text}" in lines[i.line - 1] or lines[
                        i.line - 1
                    ].startswith(f"{i.code}\t{i.text}")


# ----------------------------------------------------------------------------- layout


@pytest.mark.parametrize(
    ("sizes", "repeat"),
    [([1000], False), ([7], True), ([7], False), ([30, 5, 50], True), ([2, 100], False)],
)
def test_other_page_breaks(sizes: list[int], repeat: bool) -> None:
    text, pages = paginate(sizes, repeat)
    doc = parse_text(text, "repaged")
    assert doc.document.pages == pages
    assert without_lines(doc.to_dict()) == without_lines(BASE.to_dict())
    assert_lines_point_at_records(doc, text)
    assert [f.line for f in doc.findings] == [doc.programs[0].line]


def test_seed_lines_point_at_records() -> None:
    assert_lines_point_at_records(BASE, TEXT)


def test_crlf_and_bom() -> None:
    raw = b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")
    doc = parse_text(raw, "crlf")
    assert doc.to_dict() == BASE.to_dict()
    assert [p.line for p in doc.programs] == [p.line for p in BASE.programs]
    assert doc.content_hash != BASE.content_hash  # different bytes, different document


def test_utf16_with_bom() -> None:
    doc = parse_text(TEXT.encode("utf-16"), "utf16")
    assert doc.to_dict() == BASE.to_dict()


def test_windows_1252_with_non_ascii_names(tmp_path: Path) -> None:
    text = TEXT.replace("HAYAUDIN", "HAYAUDÏN RÉNÉ").replace(
        "Layanan Perkantoran (Base Line)", "Layanan Perkantoran Café (Base Line)"
    )
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    doc = parse_file(path)
    assert doc.document.signatory is not None
    assert doc.document.signatory.name == "HAYAUDÏN RÉNÉ"
    names = [o.name for p in doc.programs for k in p.kegiatan for o in k.outputs]
    assert "Layanan Perkantoran Café" in names
    assert doc.to_dict() == parse_text(text.encode("utf-8"), "utf8").to_dict()


def test_other_satker_year_and_amounts() -> None:
    def triple(m: re.Match[str]) -> str:
        return f"{int(m.group(0).replace(',', '')) * 3:,}"

    text = (
        TEXT.replace("(670714) KPU KOTA SERANG", "(654321) KPU KABUPATEN LEBAK")
        .replace("(53) KOTA SERANG", "(02) KABUPATEN LEBAK")
        .replace("2020", "2021")
        .replace("Serang, 31 Januari", "Rangkasbitung, 3 Pebruari")
    )
    text = re.sub(r"(?<=\t)\d{1,3}(?:,\d{3})+(?=\t|$)", triple, text, flags=re.M)
    doc = parse_text(text, "lebak")
    head = doc.document
    assert (head.satker.code, head.satker.name, head.year) == (
        "654321",
        "KPU KABUPATEN LEBAK",
        2021,
    )
    assert (head.location.code, head.location.name) == ("02", "KABUPATEN LEBAK")
    assert (head.signed_place, head.signed_date.isoformat()) == ("Rangkasbitung", "2021-02-03")
    outputs = [o for p in doc.programs for k in p.kegiatan for o in k.outputs]
    assert sum(o.jumlah for o in outputs) == 3 * 3_076_120_000
    assert [(f.rule, f.code) for f in doc.findings] == [("jumlah-arithmetic", "076.01.01")]
    assert "221,460,000" in doc.findings[0].message  # 3 × 73,820,000


def test_inisiatif_baru_column_in_use() -> None:
    row = "3355.003\tLaporan Sistem Akuntansi dan Pelaporan Keuangan Pemilu (Base\t1.00 Laporan\t"
    text = TEXT.replace(row + "23,368,000\t\t23,368,000", row + "20,000,000\t3,368,000\t23,368,000")
    doc = parse_text(text, "ib")
    o = doc.programs[0].kegiatan[0].outputs[0]
    assert (o.angka_dasar, o.inisiatif_baru, o.jumlah) == (20_000_000, 3_368_000, 23_368_000)
    assert doc.findings == BASE.findings  # still reconciles

    broken = TEXT.replace(
        row + "23,368,000\t\t23,368,000", row + "20,000,000\t3,000,000\t23,368,000"
    )
    findings = parse_text(broken, "ib").findings
    assert [(f.rule, f.code, f.line) for f in findings] == [
        ("jumlah-arithmetic", "076.01.01", 20),
        ("jumlah-arithmetic", "3355.003", 48),
    ]
    assert "Inisiatif Baru 3,000,000 = 23,000,000" in findings[1].message


# ----------------------------------------------------------------------------- findings


def test_kegiatan_whose_outputs_do_not_sum() -> None:
    text = TEXT.replace(
        "Kinerja\t1.00 Laporan\t7,650,000\t\t7,650,000",
        "Kinerja\t1.00 Laporan\t7,000,000\t\t7,000,000",
    )
    findings = parse_text(text, "rollup").findings
    assert [(f.rule, f.severity, f.code) for f in findings] == [
        ("jumlah-arithmetic", "error", "076.01.01"),
        ("kegiatan-rollup", "error", "3357"),
    ]
    assert "outputs sum to 34,889,000, but its Jumlah is 35,539,000" in findings[1].message


def test_program_whose_kegiatan_do_not_sum() -> None:
    text = TEXT.replace(
        "<b>Program Penguatan Kelembagaan Demokrasi dan</b>\t\t73,820,000\t\t73,820,000",
        "<b>Program Penguatan Kelembagaan Demokrasi dan</b>\t\t80,000,000\t\t80,000,000",
    )
    findings = parse_text(text, "rollup").findings
    assert [(f.rule, f.code, f.line) for f in findings][1:] == [
        ("program-rollup", "076.01.06", 172)
    ]


def test_duplicate_and_misplaced_output_codes() -> None:
    text = TEXT.replace("3355.007\t", "3355.003\t").replace("3355.994\t", "3356.994\t")
    findings = parse_text(text, "dup").findings
    assert [(f.rule, f.severity, f.code, f.line) for f in findings] == [
        ("jumlah-arithmetic", "error", "076.01.01", 20),
        ("duplicate-code", "error", "3355.003", 51),
        ("output-kegiatan-code", "warning", "3356.994", 54),
    ]
    assert "first at line 48" in findings[1].message


def test_program_and_kegiatan_with_nothing_under_them() -> None:
    lines = LINES[:150] + LINES[153:]  # drop output 3361.005 and its indicator
    lines = lines[: 172 - 3] + lines[-6:]  # program 076.01.06 keeps only its row
    assert lines[-7].startswith("076.01.06\t")
    findings = parse_text("\n".join(lines), "empty").findings
    assert [(f.rule, f.severity, f.code) for f in findings] == [
        ("jumlah-arithmetic", "error", "076.01.01"),
        ("empty-kegiatan", "warning", "3361"),
        ("empty-program", "warning", "076.01.06"),
    ]


def test_pages_out_of_order_are_a_warning() -> None:
    text = TEXT.replace("Halaman : 4", "Halaman : 7")
    findings = parse_text(text, "pages").findings
    assert [(f.rule, f.severity, f.line) for f in findings][-1] == ("page-numbers", "warning", 167)
    assert "[1, 2, 3, 7, 5]" in findings[-1].message


# ----------------------------------------------------------------------------- cut short


def test_truncated_at_a_line_boundary_reads_with_findings() -> None:
    doc = parse_text("\n".join(LINES[:110]), "cut")  # ends inside kegiatan 3360's IKK list
    assert [k.code for k in doc.programs[0].kegiatan] == ["3355", "3356", "3357", "3360"]
    assert [(f.rule, f.code) for f in doc.findings] == [
        ("jumlah-arithmetic", "076.01.01"),
        ("program-rollup", "076.01.01"),
        ("empty-kegiatan", "3360"),
        ("missing-signature", "670714"),
    ]
    assert doc.document.signatory is None
    assert len(doc.programs) == 1


def test_truncated_mid_row_is_refused() -> None:
    cut = TEXT[: TEXT.index("3364.032\tPengelolaan Rumah") + len("3364.032\tPengelolaan Rumah")]
    with pytest.raises(RkaParseError) as e:
        parse_text(cut, "cut.txt")
    assert e.value.line == 231  # the last line of the cut text
    assert str(e.value).startswith("cut.txt:231: found 2 cells on the row of output 3364.032")


def test_truncated_mid_amount_is_refused() -> None:
    cut = TEXT[: TEXT.index("10,000,000\t\t10,000,000") + len("10,000,000\t\t10,00")]
    with pytest.raises(RkaParseError, match=r"found Jumlah '10,00' on output 3364.032"):
        parse_text(cut, "cut.txt")


def test_signature_without_nip_is_a_warning() -> None:
    doc = parse_text(TEXT[: TEXT.index(" NIP.")], "nonip")
    assert doc.document.signatory is not None
    assert (doc.document.signatory.name, doc.document.signatory.nip) == ("HAYAUDIN", "")
    assert doc.findings[-1].rule == "missing-signature"
    assert "NIP" in doc.findings[-1].message


# ----------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("amount", "column"),
    [
        ("2,39O,384,000", "Angka Dasar"),
        ("2,390,38,4000", "Angka Dasar"),
        ("2.390.384.000", "Angka Dasar"),
        ("2,390,384,000.00", "Angka Dasar"),
        ("Rp 2,390,384,000", "Angka Dasar"),
        ("2_390_384_000", "Angka Dasar"),
    ],
)
def test_broken_amounts_are_refused(amount: str, column: str) -> None:
    text = TEXT.replace("Administrasi</b>\t\t2,390,384,000", f"Administrasi</b>\t\t{amount}")
    with pytest.raises(RkaParseError) as e:
        parse_text(text, "bad.txt")
    assert e.value.line == 41
    message = str(e.value)
    assert message.startswith(f"bad.txt:41: found {column} '{amount}' on kegiatan 3355")
    assert "expected an amount in Rupiah" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("data", "line", "found"),
    [
        (b"", 1, "found an empty file"),
        (b"\xff\xfe", 1, "found an empty file"),
        (b"  \n\n \r\n", 1, "found an empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 1, "found PDF bytes"),
        (b"RENCANA\n\x00\x01\x02binary", 2, "found binary data"),
        (b"hello world\n", 1, "found 'hello world', expected the RKA page header"),
        (b"a\tb\tc\n1\t2\t3\n", 1, "found a table row 'a b', expected the RKA page header"),
        (b'{"programs": []}\n', 1, "expected the RKA page header"),
        ("\n".join(LINES[:16]).encode(), 16, "found only a page header"),
        ("\n".join(LINES[:19]).encode(), 19, "found no program row"),
        (b"\x81\x8d\x8f\x90\x9d not text", 1, "found byte 0x81"),
    ],
)
def test_unreadable_documents(data: bytes, line: int, found: str) -> None:
    with pytest.raises(RkaParseError) as e:
        parse_text(data, "in.txt")
    assert e.value.line == line
    assert found in e.value.message
    assert str(e.value).startswith(f"in.txt:{line}: found ")
    assert "expected" in str(e.value)


def test_a_page_naming_another_satker_is_refused() -> None:
    page3 = TEXT.index("Halaman : 3")
    start = TEXT.rindex("SATUAN KERJA : (670714) KPU KOTA SERANG", 0, page3)
    text = TEXT[:start] + TEXT[start:].replace("(670714) KPU KOTA SERANG", "(670715) KPU X", 1)
    with pytest.raises(RkaParseError) as e:
        parse_text(text, "glued.txt")
    assert e.value.line == TEXT.count("\n", 0, start) + 1
    assert "found SATUAN KERJA (670715) KPU X on page 3" in e.value.message


def test_two_documents_in_one_file_are_refused() -> None:
    with pytest.raises(RkaParseError, match="after the signature block"):
        parse_text(TEXT + "\n" + TEXT, "two.txt")


@pytest.mark.parametrize(
    ("old", "new", "line", "found"),
    [
        ("3355.007\t", "33555.07\t", 51, "found code '33555.07'"),
        ("\n01\tOpini BPK atas Laporan Keuangan KPU\t\t\t\t", "\n01\tOpini BPK\t\t\t5,000\t",
         149, "found '5,000'"),
        ("Serang, 31 Januari 2020", "Serang, 31 Janury 2020", 233, "found month 'Janury'"),
        (" NIP. 197512192002121005", " NIP. 1975121920O2121005", 237, "expected 'NIP. '"),
        ("Serang, 31 Januari 2020", "Serang, 31 Februari 2020", 233,
         "expected a real calendar date"),
        ("\t<b>Sasaran Program :</b>\t\t\t\t\n01", "\tSasaran tanpa kode\t\t\t\t\n01", 21,
         "found text without a code"),
        ("3364.032\tPengelolaan Rumah Pintar Pemilu [Base Line] <i>Indikator Output :</i> 01",
         "3364.032\tPengelolaan Rumah Pintar Pemilu [Base Line] <i>Indikator Output :</i> Satu",
         231, "after 'Indikator Output :' on output 3364.032"),
    ],
)  # fmt: skip
def test_rows_in_no_known_shape_are_refused(old: str, new: str, line: int, found: str) -> None:
    assert old in TEXT
    with pytest.raises(RkaParseError) as e:
        parse_text(TEXT.replace(old, new, 1), "odd.txt")
    assert (e.value.line, found in e.value.message) == (line, True), str(e.value)
