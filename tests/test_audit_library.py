"""The saved audits of ``cypher/audits/``: their headers, and what each finds on a real graph.

The graph holds the seed (KPU Kota Serang 2020, linked by the real linker if installed), a
second satker built from it with renamed, dropped, added and re-budgeted outputs over two
revisions and two years, and a tiny satker-year whose links are set by hand, so audits about
links are checked against known answers rather than against the matcher's judgement.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import SEED, wipe
from neo4j import Driver

from tracker.audit import library as audit
from tracker.audit import readonly
from tracker.config import Settings
from tracker.graph.loader import load_document
from tracker.read.document import parse_file
from tracker.read.records import (
    CodeName,
    DocumentHeader,
    Indicator,
    Kegiatan,
    Output,
    Program,
    RkaDocument,
    Sasaran,
)

REQUIRED = {
    "unreconciled_totals",
    "parser_findings",
    "unserved_indicators",
    "structural_only_indicators",
    "unlinked_outputs",
    "suggested_links",
    "weak_links_big_budgets",
    "output_name_variants",
    "revision_changes",
    "low_coverage_satkers",
}
RENAMED_3355_003 = "Laporan Keuangan Satker (nama lain)"
RENAMED_3360_010 = "Penatausahaan Barang Milik Negara"


# --- documents -------------------------------------------------------------------------------


def _outputs(doc: RkaDocument) -> list[Output]:
    return [o for p in doc.programs for k in p.kegiatan for o in k.outputs]


def _output(doc: RkaDocument, code: str) -> Output:
    return next(o for o in _outputs(doc) if o.code == code)


def _kegiatan(doc: RkaDocument, code: str) -> Kegiatan:
    return next(k for p in doc.programs for k in p.kegiatan if k.code == code)


def _as_satker(doc: RkaDocument, code: str, name: str, year: int | None = None) -> RkaDocument:
    new = copy.deepcopy(doc)
    new.document.satker = CodeName(code, name)
    if year is not None:
        new.document.year = year
    new.content_hash = ""  # hand-edited: the loader hashes the content
    new.source = f"{code}-{new.document.year}.txt"
    return new


def variant_documents(seed: RkaDocument) -> list[RkaDocument]:
    """670715 (another satker): 2020 r1 with 3355.003 renamed; 2020 r2 dropping 3364.002,
    adding 3364.099, re-budgeting 3357.004 (+350,000, kegiatan 3357 left as it was) and
    renaming 3360.010; 2021 r1 = 2020 r2 with 3355.994 cut by 1,000,000 (kegiatan adjusted)."""
    r1 = _as_satker(seed, "670715", "KPU KOTA CILEGON")
    _output(r1, "3355.003").name = RENAMED_3355_003
    r2 = _as_satker(r1, "670715", "KPU KOTA CILEGON")
    k3364 = _kegiatan(r2, "3364")
    dropped = _output(r2, "3364.002")
    k3364.outputs.remove(dropped)
    k3364.outputs.append(
        Output("3364.099", "Fasilitasi Baru", None, 1.0, "Dokumen", 1_500_000, 0, 1_500_000)
    )
    out = _output(r2, "3357.004")
    out.angka_dasar, out.jumlah = out.angka_dasar + 350_000, out.jumlah + 350_000
    _output(r2, "3360.010").name = RENAMED_3360_010
    y2021 = _as_satker(r2, "670715", "KPU KOTA CILEGON", year=2021)
    out = _output(y2021, "3355.994")
    out.angka_dasar, out.jumlah = out.angka_dasar - 1_000_000, out.jumlah - 1_000_000
    k3355 = _kegiatan(y2021, "3355")
    k3355.angka_dasar, k3355.jumlah = k3355.angka_dasar - 1_000_000, k3355.jumlah - 1_000_000
    return [r1, r2, y2021]


def _ind(*texts: str) -> list[Indicator]:
    return [Indicator(f"{n:02d}", t) for n, t in enumerate(texts, 1)]


def mini_document() -> RkaDocument:
    """Satker 999001, 2021: two programs, three kegiatan, money only under kegiatan 3355."""
    head = DocumentHeader(
        year=2021,
        ministry=CodeName("076", "KOMISI PEMILIHAN UMUM"),
        unit=CodeName("01", "Komisi Pemilihan Umum"),
        satker=CodeName("999001", "KPU KOTA UJI"),
        province=CodeName("29", "BANTEN"),
        location=CodeName("99", "KOTA UJI"),
        pages=1,
    )
    p1 = Program(
        "076.01.01",
        "Program Mini Satu",
        350,
        0,
        350,
        sasaran=[Sasaran("01", "Sasaran A", _ind("IKP A text", "IKP B text"))],
        kegiatan=[
            Kegiatan(
                "3355",
                "Kegiatan Satu",
                350,
                0,
                350,
                indicators=_ind("IKK A text", "IKK B text"),
                outputs=[
                    Output(
                        "3355.101", "Output A", None, 1.0, "Laporan", 200, 0, 200, _ind("IO A text")
                    ),
                    Output(
                        "3355.102", "Output B", None, 1.0, "Laporan", 100, 0, 100, _ind("IO B text")
                    ),
                    Output("3355.103", "Output Tanpa Indikator", None, 1.0, "Laporan", 0, 0, 0),
                    Output(
                        "3355.104", "Output D", None, 1.0, "Laporan", 50, 0, 50, _ind("IO D text")
                    ),
                ],
            ),
            Kegiatan(
                "3356",
                "Kegiatan Dua",
                0,
                0,
                0,
                indicators=_ind("IKK C text"),
                outputs=[
                    Output(
                        "3356.101", "Output C", None, 1.0, "Dokumen", 0, 0, 0, _ind("IO C text")
                    ),
                ],
            ),
        ],
    )
    p2 = Program(
        "076.01.06",
        "Program Mini Dua",
        0,
        0,
        0,
        sasaran=[Sasaran("01", "Sasaran C", _ind("IKP C text"))],
        kegiatan=[Kegiatan("3363", "Kegiatan Tiga", 0, 0, 0, indicators=_ind("IKK D text"))],
    )
    return RkaDocument(document=head, programs=[p1, p2], source="mini.txt")


# (from label, from text, to label, to text, method, score, status)
MINI_LINKS = [
    (
        "IndikatorOutput",
        "IO A text",
        "IndikatorKinerjaKegiatan",
        "IKK A text",
        "exact",
        1.0,
        "confirmed",
    ),
    (
        "IndikatorKinerjaKegiatan",
        "IKK A text",
        "IndikatorKinerjaProgram",
        "IKP A text",
        "manual",
        1.0,
        "confirmed",
    ),
    (
        "IndikatorOutput",
        "IO B text",
        "IndikatorKinerjaKegiatan",
        "IKK B text",
        "fuzzy",
        0.7,
        "suggested",
    ),
    (
        "IndikatorKinerjaKegiatan",
        "IKK B text",
        "IndikatorKinerjaProgram",
        "IKP B text",
        "fuzzy",
        0.6,
        "rejected",
    ),
    (
        "IndikatorOutput",
        "IO C text",
        "IndikatorKinerjaKegiatan",
        "IKK C text",
        "exact",
        1.0,
        "confirmed",
    ),
]


def _link_by_hand(driver: Driver, database: str) -> None:
    """Arrange the mini satker's links directly (the audit console itself never writes)."""
    for a_label, a_text, b_label, b_text, method, score, status in MINI_LINKS:
        summary = driver.execute_query(
            f"MATCH (a:{a_label} {{satker: '999001', text: $a}}) "
            f"MATCH (b:{b_label} {{satker: '999001', text: $b}}) "
            "CREATE (a)-[:SERVES {method: $method, score: $score, status: $status}]->(b)",
            a=a_text,
            b=b_text,
            method=method,
            score=score,
            status=status,
            database_=database,
        ).summary
        assert summary.counters.relationships_created == 1


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc() -> RkaDocument:
    return parse_file(SEED)


@pytest.fixture(scope="module")
def loaded(driver: Driver, neo4j_settings: Settings, seed_doc: RkaDocument) -> Driver:
    database = neo4j_settings.database
    wipe(driver, database)
    results = [load_document(seed_doc, driver, link=True, database=database)]
    for doc in [*variant_documents(seed_doc), mini_document()]:
        results.append(load_document(doc, driver, link=False, database=database))
    assert [r.status for r in results] == ["loaded"] * 5, [r.message for r in results]
    assert [r.uid for r in results][1:] == [
        "670715/2020/r1",
        "670715/2020/r2",
        "670715/2021/r1",
        "999001/2021/r1",
    ]
    _link_by_hand(driver, database)
    return driver


@pytest.fixture
def run(loaded: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("TRACKER_AUDIT_LOG", str(tmp_path / "audit-log.jsonl"))

    def _run(name: str, **params: Any) -> list[dict[str, Any]]:
        result = audit.run_audit(loaded, name, params, user="tester")
        assert not result.truncated
        return result.records()

    yield _run


# --- the library's files ---------------------------------------------------------------------


def test_library_has_every_required_audit() -> None:
    assert {a.name for a in audit.list_audits()} >= REQUIRED


@pytest.mark.parametrize("entry", audit.list_audits(), ids=lambda a: a.name)
def test_header_is_complete_and_matches_the_query(entry: audit.AuditQuery) -> None:
    assert entry.title and len(entry.answers) > 40 and len(entry.why) > 40
    body = "\n".join(ln for ln in entry.cypher.splitlines() if not ln.lstrip().startswith("//"))
    used = set(re.findall(r"\$([A-Za-z_]\w*)", body))
    declared = {p.name for p in entry.params}
    assert used == declared, f"{entry.name}: used {sorted(used)}, declared {sorted(declared)}"
    for p in entry.params:
        assert p.type in audit.PARAM_TYPES and p.description
        assert p.required or p.default is None or p.coerce(p.default) == p.default
    readonly.check_text(entry.cypher)  # saved audits pass the same guard as typed queries


def test_header_errors_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cypher"
    bad.write_text(
        "// title: T\n// answers: a\n// why: w\n// param: year integer = 2020 — year\nRETURN 1\n"
    )
    with pytest.raises(audit.AuditError, match=r"bad.cypher:4: expected '// param: NAME TYPE"):
        audit.list_audits(tmp_path)
    bad.write_text(
        "// title: T\n// answers: a\n// why: w\n// param: m str(a|b) = c — m\nRETURN $m\n"
    )
    with pytest.raises(audit.AuditError, match=r"bad.cypher:4: default: parameter m must be one"):
        audit.list_audits(tmp_path)
    bad.write_text("// title: T\n// why: w\nRETURN 1\n")
    with pytest.raises(audit.AuditError, match=r"bad.cypher: the header has no '// answers"):
        audit.list_audits(tmp_path)


def test_header_parses_types_defaults_and_continuations(tmp_path: Path) -> None:
    (tmp_path / "demo.cypher").write_text(
        "// title: Demo\n// answers: first part\n//   second part\n// why: because\n"
        "// param: year int = 2020 — budget year\n// param: name str = null — a name\n"
        "// param: cut float = 0.5 — a share\n//   of something\n"
        "// param: flag bool = false — a switch\n// param: code str — required code\n"
        "// param: mode str(fast|slow) = fast — how\n"
        "RETURN $year, $name, $cut, $flag, $code, $mode\n"
    )
    (demo,) = audit.list_audits(tmp_path)
    assert demo.answers == "first part second part"
    assert [(p.name, p.type, p.default, p.required) for p in demo.params] == [
        ("year", "int", 2020, False),
        ("name", "str", None, False),
        ("cut", "float", 0.5, False),
        ("flag", "bool", False, False),
        ("code", "str", None, True),
        ("mode", "str", "fast", False),
    ]
    assert demo.params[5].choices == ("fast", "slow")
    assert demo.params[2].description == "a share of something"
    assert demo.resolve({"year": "2021", "flag": "yes", "code": "x", "mode": "slow"}) == {
        "year": 2021,
        "name": None,
        "cut": 0.5,
        "flag": True,
        "code": "x",
        "mode": "slow",
    }
    with pytest.raises(audit.AuditError, match="mode must be one of fast, slow, got 'quick'"):
        demo.resolve({"code": "x", "mode": "quick"})
    with pytest.raises(audit.AuditError, match="needs parameter code"):
        demo.resolve({})
    with pytest.raises(audit.AuditError, match="has no parameter yaer .*year, name"):
        demo.resolve({"yaer": 2021, "code": "x"})
    with pytest.raises(audit.AuditError, match="parameter year expects int, got 'twenty'"):
        demo.resolve({"year": "twenty", "code": "x"})


def test_unknown_audit_is_named() -> None:
    with pytest.raises(audit.AuditError, match="no audit named 'nope'.*unreconciled_totals"):
        audit.get_audit("nope")
    with pytest.raises(audit.AuditError, match="not an audit name"):
        audit.get_audit("../schema")


# --- what each audit finds -------------------------------------------------------------------


def test_unreconciled_totals_finds_program_076_01_01_of_the_seed(run: Any) -> None:
    rows = run("unreconciled_totals", satker="670714")
    assert {(r["code"], r["check"]) for r in rows} == {
        ("076.01.01", "jumlah = angka_dasar + inisiatif_baru"),
        ("076.01.01", "jumlah = sum of parts"),
    }
    for r in rows:
        assert (r["level"], r["year"], r["stated"], r["computed"]) == (
            "Program",
            2020,
            73_820_000,
            3_002_300_000,
        )
        assert r["difference"] == 73_820_000 - 3_002_300_000
        assert r["parser_findings"] == ["jumlah-arithmetic"]


def test_unreconciled_totals_recomputes_what_the_parser_did_not_see(run: Any) -> None:
    """670715 r2 re-budgets output 3357.004 without touching its kegiatan: a roll-up break the
    stored findings (copied from the seed) know nothing about."""
    rows = run("unreconciled_totals", satker="670715", year=2020)
    kegiatan = {
        (r["code"], r["check"], r["difference"], tuple(r["parser_findings"]))
        for r in rows
        if r["level"] == "Kegiatan"
    }
    assert kegiatan == {
        ("3357", "jumlah = sum of parts", -350_000, ()),
        ("3357", "angka_dasar = sum of parts", -350_000, ()),
    }
    assert {r["code"] for r in rows} == {"076.01.01", "3357"}
    tolerant = run("unreconciled_totals", satker="670715", year=2020, tolerance=400_000)
    assert {r["code"] for r in tolerant} == {"076.01.01"}
    assert run("unreconciled_totals", satker="999001") == []


def test_parser_findings_are_the_parsers(run: Any, seed_doc: RkaDocument) -> None:
    rows = run("parser_findings", satker="670714")
    assert sorted((r["rule"], r["code"], r["line"]) for r in rows) == sorted(
        (f.rule, f.code, f.line) for f in seed_doc.findings
    )
    assert {r["revision"] for r in run("parser_findings", satker="670715", year=2020)} == {2}
    every = run("parser_findings", satker="670715", year=2020, current_only=False)
    assert {r["revision"] for r in every} == {1, 2}
    for severity in ("error", "warning"):
        rows = run("parser_findings", satker="670714", severity=severity)
        assert sorted((r["rule"], r["line"]) for r in rows) == sorted(
            (f.rule, f.line) for f in seed_doc.findings if f.severity == severity
        )


def test_unserved_indicators_are_those_no_money_reaches(run: Any) -> None:
    rows = run("unserved_indicators", satker="999001")
    assert {(r["level"], r["text"]) for r in rows} == {
        ("IKK", "IKK C text"),  # its only output has Jumlah 0, although linked
        ("IKK", "IKK D text"),  # its kegiatan has no output
        ("IKP", "IKP C text"),  # its program has no funded output
    }


def test_structural_only_indicators(run: Any) -> None:
    rows = run("structural_only_indicators", satker="999001")
    assert [(r["level"], r["text"], r["structural_jumlah"]) for r in rows] == [
        ("IKP", "IKP B text", 350)  # its only link is rejected
    ]
    strict = run("structural_only_indicators", satker="999001", count_suggested=False)
    assert {(r["level"], r["text"]) for r in strict} == {
        ("IKP", "IKP B text"),
        ("IKK", "IKK B text"),  # served only by a suggestion
    }
    ikk_b = next(r for r in strict if r["text"] == "IKK B text")
    assert ikk_b["other_links"] == ["01 (suggested)"]


def test_unlinked_outputs(run: Any, seed_doc: RkaDocument) -> None:
    rows = run("unlinked_outputs", satker="999001")
    assert {(r["code"], r["problem"]) for r in rows} == {
        ("3355.103", "no indicator"),
        ("3355.104", "serves no IKK"),
    }
    strict = run("unlinked_outputs", satker="999001", count_suggested=False)
    assert {r["code"] for r in strict} == {"3355.102", "3355.103", "3355.104"}
    assert {r["code"] for r in run("unlinked_outputs", satker="999001", min_jumlah=1)} == {
        "3355.104"
    }
    # On the seed, whatever the linker decided: the outputs the document gives no indicator.
    seed_rows = run("unlinked_outputs", satker="670714")
    assert (
        {r["code"] for r in seed_rows if r["problem"] == "no indicator"}
        == {o.code for o in _outputs(seed_doc) if not o.indicators}
        == {"3364.002", "3364.007", "3364.030"}
    )


def test_suggested_links(run: Any) -> None:
    (row,) = run("suggested_links", satker="999001")
    assert (row["link"], row["from_owner"], row["from_text"], row["to_text"]) == (
        "IO → IKK",
        "3355.102",
        "IO B text",
        "IKK B text",
    )
    assert (row["method"], row["score"], row["jumlah"]) == ("fuzzy", 0.7, 100)
    (rejected,) = run("suggested_links", satker="999001", status="rejected")
    assert (rejected["link"], rejected["from_owner"], rejected["jumlah"]) == (
        "IKK → IKP",
        "3355",
        350,
    )
    assert run("suggested_links", satker="999001", max_score=0.5) == []


def test_weak_links_big_budgets(run: Any) -> None:
    rows = run("weak_links_big_budgets", satker="999001")
    assert [(r["code"], r["jumlah"], r["best_method"], r["best_status"]) for r in rows] == [
        ("3355.102", 100, "fuzzy", "suggested"),
        ("3355.104", 50, "structural", None),
    ]
    assert [
        r["code"] for r in run("weak_links_big_budgets", satker="999001", include_structural=False)
    ] == ["3355.102"]
    assert [r["code"] for r in run("weak_links_big_budgets", satker="999001", limit=1)] == [
        "3355.102"
    ]


def test_output_name_variants_across_satkers(run: Any, seed_doc: RkaDocument) -> None:
    rows = run("output_name_variants", year=2020)
    assert {r["code"] for r in rows} == {"3355.003", "3360.010"}
    names = {(r["code"], r["name"], tuple(r["satkers"])) for r in rows}
    assert names == {
        ("3355.003", _output(seed_doc, "3355.003").name, ("670714",)),
        ("3355.003", RENAMED_3355_003, ("670715",)),
        ("3360.010", _output(seed_doc, "3360.010").name, ("670714",)),
        ("3360.010", RENAMED_3360_010, ("670715",)),
    }
    assert all(r["variant_count"] == 2 for r in rows)
    assert run("output_name_variants", year=2021) == []  # one satker per code there


def test_revision_changes_between_revisions(run: Any, seed_doc: RkaDocument) -> None:
    rows = run("revision_changes", satker="670715")
    old_3357 = _output(seed_doc, "3357.004").jumlah
    assert {(r["change"], r["code"], r["delta"]) for r in rows} == {
        ("dropped", "3364.002", -_output(seed_doc, "3364.002").jumlah),
        ("new", "3364.099", 1_500_000),
        ("rebudgeted", "3357.004", 350_000),
        ("renamed", "3360.010", 0),
    }
    assert {(r["from_rka"], r["to_rka"]) for r in rows} == {("670715/2020/r1", "670715/2020/r2")}
    rebudget = next(r for r in rows if r["change"] == "rebudgeted")
    assert (rebudget["old_jumlah"], rebudget["new_jumlah"]) == (old_3357, old_3357 + 350_000)
    renamed = next(r for r in rows if r["change"] == "renamed")
    assert renamed["new_name"] == RENAMED_3360_010
    quiet = run("revision_changes", satker="670715", include_renamed=False)
    assert "renamed" not in {r["change"] for r in quiet}
    assert run("revision_changes", satker="670714") == []  # one revision only


def test_revision_changes_between_years(run: Any) -> None:
    rows = run("revision_changes", satker="670715", mode="years")
    assert [(r["from_rka"], r["to_rka"], r["change"], r["code"], r["delta"]) for r in rows] == [
        ("670715/2020/r2", "670715/2021/r1", "rebudgeted", "3355.994", -1_000_000)
    ]


def test_low_coverage_satkers(run: Any, seed_doc: RkaDocument) -> None:
    rows = run("low_coverage_satkers", year=2021, threshold=0.9)
    by_satker = {r["satker"]: r for r in rows}
    assert set(by_satker) == {"999001", "670715"}
    mini = by_satker["999001"]
    assert (mini["budget"], mini["budget_linked"]) == (350, 300)
    assert (mini["ikk"], mini["ikk_covered"], mini["ikp"], mini["ikp_covered"]) == (4, 2, 3, 1)
    assert mini["coverage"] == mini["budget_coverage"] == round(300 / 350, 4)
    assert mini["indicator_coverage"] == round(3 / 7, 4)
    assert by_satker["670715"]["coverage"] == 0.0  # loaded without links
    assert rows[0]["satker"] == "670715"  # lowest first
    assert {r["satker"] for r in run("low_coverage_satkers", year=2021, threshold=0.5)} == {
        "670715"
    }
    by_indicators = run("low_coverage_satkers", year=2021, metric="indicators", threshold=0.5)
    assert {r["satker"] for r in by_indicators} == {"999001", "670715"}
    # The seed's totals come from the document, whatever the linker linked.
    (seed,) = [
        r for r in run("low_coverage_satkers", year=2020, threshold=1.01) if r["satker"] == "670714"
    ]
    assert seed["budget"] == sum(o.jumlah for o in _outputs(seed_doc))
    assert seed["ikk"] == sum(len(k.indicators) for p in seed_doc.programs for k in p.kegiatan)
    assert seed["ikp"] == sum(len(s.indicators) for p in seed_doc.programs for s in p.sasaran)


def test_every_audit_runs_with_its_defaults_and_is_logged(loaded: Driver, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    names = [a.name for a in audit.list_audits()]
    for name in names:
        result = audit.run_audit(loaded, name, {}, user="auditor-1", log=log)
        assert list(result.frame.columns) == result.columns and result.name == name
    entries = audit.audit_log(None, log)
    assert [e["name"] for e in entries] == list(reversed(names))
    assert {(e["user"], e["kind"], e["status"]) for e in entries} == {("auditor-1", "audit", "ok")}
    assert all(isinstance(e["rows"], int) and e["duration_s"] >= 0 for e in entries)


def test_exports_keep_values_and_defuse_formulas(loaded: Driver, tmp_path: Path) -> None:
    """What a reviewer downloads: values intact, nothing a spreadsheet would execute."""
    result = audit.run_readonly(
        loaded,
        "MATCH (s:Satker {code: $code}) RETURN s.code AS code, $formula AS text, "
        "[1, 2] AS numbers, null AS nothing, s AS node",
        {"code": "670714", "formula": '=HYPERLINK("http://example.invalid","x")'},
        user="tester",
        log=tmp_path / "log.jsonl",
    )
    body = json.loads(audit.export(result, "json"))
    (row,) = body["data"]
    assert row["code"] == "670714" and row["text"].startswith("=HYPERLINK")
    assert row["numbers"] == [1, 2] and row["nothing"] is None
    assert row["node"]["_labels"] == ["Satker"] and row["node"]["name"] == "KPU KOTA SERANG"
    assert body["params"]["code"] == "670714" and body["truncated"] is False

    (csv_row,) = list(csv.DictReader(io.StringIO(audit.export(result, "csv"))))
    assert csv_row["text"].startswith("'=HYPERLINK") and csv_row["numbers"] == "[1, 2]"

    xlsx = tmp_path / "out.xlsx"
    xlsx.write_bytes(audit.export(result, "xlsx"))
    sheet = openpyxl.load_workbook(xlsx)["result"]
    header = [c.value for c in sheet[1]]
    text_cell = sheet.cell(row=2, column=header.index("text") + 1)
    assert text_cell.data_type == "s" and text_cell.value.startswith("'=HYPERLINK")
    with pytest.raises(audit.AuditError, match="unknown export format"):
        audit.export(result, "pdf")
