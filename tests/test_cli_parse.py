"""``tracker parse``, ``tracker synth`` and ``tracker bench parse`` as a user runs them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED

from tracker.benchmarks.parse import command as bench_parse
from tracker.cli.parse import parse, synth
from tracker.read.document import parse_file

ROOT = Path(__file__).resolve().parent.parent
ONE_LINE_ERROR = re.compile(r"^(?P<file>.+):(?P<line>\d+): found .+, expected .+$")


def test_json_is_exactly_to_dict() -> None:
    result = CliRunner().invoke(parse, [str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == parse_file(SEED).to_dict()
    assert json.loads(result.stdout)["findings"][0]["code"] == "076.01.01"


def test_text_summary_shows_counts_totals_and_findings() -> None:
    result = CliRunner().invoke(parse, [str(SEED)], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "KPU KOTA SERANG (670714)" in out and "TA 2020" in out
    for level, count in [("Program", 2), ("IKK", 53), ("Output", 16), ("Indikator Output", 14)]:
        assert re.search(rf"{level}\s+│\s+{count}\s", out), level
    assert "3,076,120,000" in out
    assert "jumlah-arithmetic" in out and "076.01.01" in out


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"", 1),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 1),
        (SEED.read_bytes().replace(b"2,390,384,000", b"2,39O,384,000", 1), 41),
        (b"just some notes\n", 1),
    ],
)
def test_unreadable_file_gives_one_line_and_nonzero_exit(
    tmp_path: Path, content: bytes, line: int
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    for fmt in ("json", "text"):
        result = CliRunner().invoke(parse, [str(path), "--format", fmt])
        assert result.exit_code == 1
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        m = ONE_LINE_ERROR.match(lines[0])
        assert m and m["file"] == str(path) and int(m["line"]) == line


def test_missing_file_gives_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(parse, [str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert ONE_LINE_ERROR.match(result.stderr.strip())


def test_installed_command_exits_nonzero_without_traceback(tmp_path: Path) -> None:
    """The real entry point, in its own process: exit code and stderr as a shell sees them."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(SEED.read_bytes().replace(b"10,004,000\t\t10,004,000", b"10,004,000\t\t10.004"))
    tracker = Path(sys.executable).parent / "tracker"
    proc = subprocess.run(
        [str(tracker), "parse", str(bad), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (
        f"{bad}:51: found Jumlah '10.004' on output 3355.007, expected an amount in Rupiah "
        "like 2,390,384,000 (or an empty cell)"
    )
    ok = subprocess.run(
        [str(tracker), "parse", str(SEED), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout) == parse_file(SEED).to_dict()


def test_synth_writes_parseable_documents(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    result = CliRunner().invoke(
        synth, ["--satkers", "4", "--out", str(out), "--fault-rate", "1", "--encoding", "mixed"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 4 documents" in result.stdout
    files = sorted(out.glob("*.txt"))
    assert len(files) == 4 and (out / "truth.jsonl").exists()
    docs = [parse_file(f) for f in files]
    assert len({d.document.satker.code for d in docs}) == 4
    assert all(d.findings for d in docs)  # fault rate 1: every document has some


def test_bench_parse_prints_its_figures(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        bench_parse, ["--satkers", "3", "--rounds", "1"], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("floor µs/doc", "parse µs/doc", "MB/s", "× floor"):
        assert heading in out
    assert re.search(r"synthetic\s+│\s+3\s", out)
    assert re.search(r"parse costs [\d.]+× the read-and-split floor", out)
