"""``tracker audit …`` as an auditor types it, against a real Neo4j holding the seed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result
from conftest import SEED, wipe
from neo4j import Driver

from tracker.audit import library as audit
from tracker.config import Settings
from tracker.graph.loader import load_document
from tracker.read.document import parse_file

Cli = Callable[..., Result]


@pytest.fixture(scope="module")
def seeded(driver: Driver, neo4j_settings: Settings) -> Driver:
    wipe(driver, neo4j_settings.database)
    result = load_document(parse_file(SEED), driver, database=neo4j_settings.database)
    assert result.status == "loaded", result.message
    return driver


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "audit-log.jsonl"
    monkeypatch.setenv("TRACKER_AUDIT_LOG", str(path))
    monkeypatch.setenv("TRACKER_USER", "inspektorat-1")
    return path


def _count(driver: Driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return nodes, rels


def test_list_shows_every_audit(cli: Cli) -> None:
    result = cli("audit", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [a["name"] for a in listed] == [a.name for a in audit.list_audits()]
    totals = next(a for a in listed if a["name"] == "unreconciled_totals")
    assert {"name": "tolerance", "type": "int", "default": 0}.items() <= next(
        p for p in totals["params"] if p["name"] == "tolerance"
    ).items()
    table = cli("audit", "list")
    assert table.exit_code == 0 and "revision_changes" in table.stdout


def test_run_csv_finds_the_seeds_unreconciled_program(cli: Cli, seeded: Driver, log: Path) -> None:
    result = cli(
        "audit", "run", "unreconciled_totals", "--param", "satker=670714", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["code"] for r in rows} == {"076.01.01"}
    assert {r["stated"] for r in rows} == {"73820000"}
    assert "2 row(s)" in result.stderr
    (entry,) = audit.audit_log(path=log)
    assert (entry["user"], entry["name"], entry["params"]["satker"], entry["rows"]) == (
        "inspektorat-1",
        "unreconciled_totals",
        "670714",
        2,
    )


def test_run_json_and_xlsx_exports(cli: Cli, seeded: Driver, log: Path, tmp_path: Path) -> None:
    result = cli("audit", "run", "parser_findings", "-p", "year=2020", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["audit"] == "parser_findings" and body["params"]["year"] == 2020
    assert body["user"] == "inspektorat-1" and body["truncated"] is False
    assert [r["code"] for r in body["data"]] == ["076.01.01"]

    out = tmp_path / "findings.xlsx"
    result = cli("audit", "run", "parser_findings", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(out, sheet_name=None)
    assert sheets["result"]["rule"].tolist() == ["jumlah-arithmetic"]
    about = dict(zip(sheets["query"]["field"], sheets["query"]["value"], strict=True))
    assert about["audit"] == "parser_findings" and about["user"] == "inspektorat-1"

    missing_out = cli("audit", "run", "parser_findings", "--format", "xlsx")
    assert missing_out.exit_code == 2 and "--out" in missing_out.output


def test_run_refuses_unknown_audits_and_parameters(cli: Cli, seeded: Driver, log: Path) -> None:
    unknown = cli("audit", "run", "no_such_audit")
    assert unknown.exit_code == 1 and "no audit named 'no_such_audit'" in unknown.output
    typo = cli("audit", "run", "unreconciled_totals", "--param", "yaer=2020")
    assert typo.exit_code == 1 and "has no parameter yaer" in typo.output
    bad = cli("audit", "run", "unreconciled_totals", "--param", "year=twenty")
    assert bad.exit_code == 1 and "expects int" in bad.output
    choice = cli("audit", "run", "revision_changes", "--param", "mode=year")
    assert choice.exit_code == 1 and "mode must be one of revisions, years" in choice.output
    malformed = cli("audit", "run", "unreconciled_totals", "--param", "year")
    assert malformed.exit_code == 2 and "name=value" in malformed.output
    untyped = cli("audit", "query", "RETURN $x AS x", "--param", "x:complex=1")
    assert untyped.exit_code == 2 and "unknown type 'complex'" in untyped.output


def test_query_runs_ad_hoc_cypher_with_parameters(cli: Cli, seeded: Driver, log: Path) -> None:
    result = cli(
        "audit",
        "query",
        "MATCH (o:Output {satker: $satker}) WHERE o.jumlah >= $min "
        "RETURN o.code AS code ORDER BY code",
        "--param",
        "satker=670714",
        "--param",
        "min:int=500000000",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert [r["code"] for r in json.loads(result.stdout)["data"]] == ["3355.994", "3360.994"]
    (entry,) = audit.audit_log(path=log)
    assert entry["kind"] == "query" and entry["params"] == {"satker": "670714", "min": 500000000}


def test_query_refuses_writes_and_leaves_the_graph(cli: Cli, seeded: Driver, log: Path) -> None:
    before = _count(seeded)
    for hostile in (
        "MATCH (n) DETACH DELETE n",
        "MATCH (s:Satker) SET s.name = 'x' RETURN s",
        "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
        "ＭＡＴＣＨ (n) ＤＥＴＡＣＨ ＤＥＬＥＴＥ n",
    ):
        result = cli("audit", "query", hostile)
        assert result.exit_code == 1, hostile
        assert "Refused:" in result.output and "read-only" in result.output
    assert _count(seeded) == before
    assert [e["status"] for e in audit.audit_log(path=log)] == ["refused"] * 4


def test_query_says_when_the_result_was_cut(cli: Cli, seeded: Driver, log: Path) -> None:
    result = cli(
        "audit", "query", "UNWIND range(1, 50) AS x RETURN x", "--max-rows", "10", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["x", *map(str, range(1, 11))]
    assert "CUT at 10 rows" in result.stderr


def test_query_timeout_is_reported(cli: Cli, seeded: Driver, log: Path) -> None:
    result = cli(
        "audit",
        "query",
        "UNWIND range(1, 10000000) AS a UNWIND range(1, 10000000) AS b RETURN count(*)",
        "--timeout",
        "1",
    )
    assert result.exit_code == 1 and "stopped after the 1 s time limit" in result.output


def test_table_output_and_log_listing(cli: Cli, seeded: Driver, log: Path) -> None:
    table = cli(
        "audit", "run", "unlinked_outputs", "--param", "satker=670714", env={"COLUMNS": "250"}
    )
    assert table.exit_code == 0, table.output
    assert "3364.030" in table.stdout and "no indicator" in table.stdout
    cli("audit", "query", "CREATE (:Intruder)")
    listing = cli("audit", "log", "--format", "json")
    assert listing.exit_code == 0, listing.output
    entries = json.loads(listing.stdout)
    assert [(e["status"], e["kind"]) for e in entries] == [("refused", "query"), ("ok", "audit")]
    assert entries[0]["query"] == "CREATE (:Intruder)" and entries[1]["rows"] >= 3
    shown = cli("audit", "log", "--limit", "1")
    assert shown.exit_code == 0 and "inspektorat-1" in shown.stdout and "refused" in shown.stdout
    assert "unlinked_outputs" not in shown.stdout
