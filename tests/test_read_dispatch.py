"""The kind of file is told by its content, never by its name: files travel renamed, and a
reader picked by the extension would refuse a good document or misread a bad one."""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED

from tracker.cli.parse import parse
from tracker.read.document import layout_of, parse_text, read_bytes, read_file
from tracker.read.records import RkaParseError
from tracker.read.sources import text
from tracker.synth import rka, rspp

ONE_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): found .+, expected .+$")
TEXT_ONLY = "expected the text exported from the PDF"  # the text reader's word for PDF bytes


def rspp_doc() -> rspp.SynthDoc:
    return rspp.synth_document(random.Random(5), year=2024, ministry="054")


@pytest.mark.parametrize("name", ["rka.pdf", "rka.xlsx", "rka.xls", "rka", "RKA 2020 FINAL.PDF"])
def test_a_2020_text_export_reads_whatever_its_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(SEED.read_bytes())
    doc = read_file(path)
    assert (doc.layout, doc.document.satker.code, len(doc.programs)) == ("2020", "670714", 2)
    assert doc.to_dict()["programs"] == read_file(SEED).to_dict()["programs"]


@pytest.mark.parametrize("name", ["rka.pdf", "rka.xlsx", "rka.txt"])
def test_an_rspp_text_export_reads_whatever_its_name(tmp_path: Path, name: str) -> None:
    sd = rspp_doc()
    path = tmp_path / name
    path.write_text(sd.text, encoding="utf-8")
    doc = read_file(path)
    assert doc.layout == "rspp"
    sd.expected.source, sd.expected.content_hash = doc.source, doc.content_hash
    assert doc == sd.expected


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "not a workbook")
    return buf.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",  # a PDF, cut short
        _zip(),  # a zip that is no workbook
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an OLE file that is no .xls
    ],
)
def test_binary_files_named_txt_go_to_their_own_reader(data: bytes) -> None:
    with pytest.raises(RkaParseError) as e:
        read_bytes(data, "rka.txt")
    message = str(e.value)
    assert message.startswith("rka.txt")
    assert "\n" not in message
    # not the text reader's refusal: a PDF or workbook reader looked at it
    assert TEXT_ONLY not in message and "found binary data" not in message


def test_the_text_reader_alone_still_refuses_pdf_bytes() -> None:
    with pytest.raises(RkaParseError, match=TEXT_ONLY):
        parse_text(b"%PDF-1.7\n", "x.txt")


def test_the_layout_is_told_by_the_first_program_code() -> None:
    assert layout_of(text.split(SEED.read_text(encoding="utf-8"), "seed")) == "2020"
    assert layout_of(text.split(rspp_doc().text, "rspp")) == "rspp"
    assert layout_of(["KODE\tx", "3357.EBA.956\tRO\t\t\t\t"]) == "rspp"  # an RO says it too
    assert layout_of(["nothing\there"]) == "2020"  # then the 2020 messages say what is missing


def test_same_content_same_hash_whatever_the_reader() -> None:
    data = SEED.read_bytes()
    assert read_bytes(data, "a.pdf").content_hash == parse_text(data, "b.txt").content_hash


@pytest.mark.parametrize("layout", ["2020", "rspp"])
def test_parse_json_prints_the_contract_for_both_layouts(tmp_path: Path, layout: str) -> None:
    sd = rspp_doc() if layout == "rspp" else next(iter(rka.documents(1, seed=2)))
    path = tmp_path / "doc.bin"
    path.write_text(sd.text, encoding="utf-8")
    result = CliRunner().invoke(parse, [str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["layout"] == layout
    for p in data["programs"]:
        assert {"code", "name", "angka_dasar", "inisiatif_baru", "jumlah", "kegiatan"} <= set(p)
        for k in p["kegiatan"]:
            assert {"code", "name", "jumlah", "indicators", "outputs"} <= set(k)
            assert ("kro" in k, "sasaran_kegiatan" in k) == (layout == "rspp",) * 2
            for o in k["outputs"]:
                keys = {"code", "name", "volume", "satuan", "angka_dasar", "inisiatif_baru"}
                assert keys | {"jumlah", "indicators"} <= set(o)
                assert "unit" not in o
                assert all("text" in i for i in o["indicators"])
                assert ("kro" in o) == (layout == "rspp")


def test_an_unreadable_rspp_file_gives_one_line_and_exit_1(tmp_path: Path) -> None:
    lines = rspp_doc().text.split("\n")
    at = next(i for i, line in enumerate(lines) if re.match(r"\d{3}\.\d{2}\.[A-Z]{2}\t", line))
    lines[at] = lines[at].replace("\t", "\tx\t", 1)  # a program row with seven cells
    path = tmp_path / "rka.pdf"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(parse, [str(path)])
    assert result.exit_code == 1
    m = ONE_LINE.match(result.stderr.strip())
    assert m and m["file"] == str(path) and int(m["line"]) == at + 1, result.stderr
