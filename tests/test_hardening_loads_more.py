"""Concurrency and faults for the loaders test_hardening_loads does not reach: kertas kerja
workbooks (tracker.graph.cost_loader, through the same loader transaction) and realisation
files (``tracker realisasi load``), against the real server.

* Two workbook versions of one satker-year loaded at once end as two revisions, one current,
  one whole cost tree; a workbook and its Bagian A loaded at once end joined (one Output per
  RO, the cost tree under it, no bare plan left), whichever wins the race.
* The app's loader SIGKILLed while it loads workbooks leaves every satker-year whole or
  absent, and loading again completes it.
* ``tracker realisasi load`` writes in committed batches by design: SIGKILLed midway it leaves
  some months updated, and loading the file again completes it (the figures on record are then
  exactly a whole load's).
"""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from conftest import APP_LOAD, TRACKER, kill_midway, kill_server_midway, load_later, together
from neo4j import Driver

from tracker.app import loading
from tracker.config import PROJECT_ROOT, Settings
from tracker.graph import db, loader, schema
from tracker.graph.loader import load_documents
from tracker.read import document
from tracker.read.records import RkaDocument
from tracker.synth import rspp
from tracker.synth import workbook as synth
from tracker.synth.rka import Knobs


def _satker_years(tmp_path: Path, n: int, seed: int = 7) -> list[tuple[Path, Path, RkaDocument]]:
    """``n`` synthetic RSPP satker-years: each one's Bagian A text, its kertas kerja workbook
    and that workbook as parsed."""
    out = []
    for sd in rspp.documents(n, seed=seed, knobs=Knobs(fault_rate=0.0)):
        text = tmp_path / sd.file_name
        text.write_text(sd.text, encoding="utf-8")
        (made,) = synth.generate([sd.expected], tmp_path / "wb", seed=seed)
        out.append((text, made.path, document.read_file(made.path)))
    return out


def _tree_size(doc: RkaDocument) -> tuple[int, int, int, int]:
    """(ROs, komponen, akun, details) a workbook writes."""
    outputs = [o for p in doc.programs for k in p.kegiatan for o in k.outputs]
    komponen = [km for o in outputs for km in o.komponen]
    akun = [a for km in komponen for a in km.akun]
    return len(outputs), len(komponen), len(akun), sum(len(a.details) for a in akun)


def _state(driver: Driver) -> dict[tuple[str, int], dict]:  # type: ignore[type-arg]
    """Per satker-year: its workbook revisions, and what hangs under its current one."""
    records, _, _ = driver.execute_query(
        "MATCH (w:KertasKerja) WITH w.satker AS satker, w.year AS year, "
        "collect(w {.revision, .current, .content_hash}) AS versions, "
        "[x IN collect(w) WHERE x.current] AS current "
        "WITH satker, year, versions, current[0] AS w "
        "RETURN satker, year, versions, w.content_hash AS hash, "
        "COUNT { (o:Output {satker: satker, year: year}) } AS outputs, "
        "COUNT { (w)-[:COSTS]->(:Komponen) } AS komponen, "
        "COUNT { (w)-[:COSTS]->()-[:HAS_AKUN]->() } AS akun, "
        "COUNT { (w)-[:COSTS]->()-[:HAS_AKUN]->()-[:HAS_DETAIL]->() } AS details, "
        "COUNT { (w)-[:COSTS]->(k:Komponen) WHERE NOT ()-[:HAS_KOMPONEN]->(k) } AS loose"
    )
    return {(r["satker"], r["year"]): dict(r) for r in records}


def _whole(row: dict, doc: RkaDocument) -> None:  # type: ignore[type-arg]
    ros, komponen, akun, details = _tree_size(doc)
    assert (row["outputs"], row["komponen"], row["akun"], row["details"]) == (
        ros,
        komponen,
        akun,
        details,
    )
    assert row["loose"] == 0  # every komponen hangs under an Output with its RO code


# --- two loads of one satker-year at once -----------------------------------------------------


@pytest.mark.usefixtures("race_window")
@pytest.mark.parametrize("path_kind", ["cli+cli", "app+app", "cli+app"])
def test_two_workbook_versions_at_once_end_as_two_revisions(
    graph: Driver, tmp_path: Path, path_kind: str
) -> None:
    ((_, book, doc),) = _satker_years(tmp_path, 1)
    (other,) = synth.generate([rspp_bagian_a(tmp_path)], tmp_path / "v2", seed=99)
    second = document.read_file(other.path)
    assert doc.content_hash != second.content_hash
    a, b = path_kind.split("+")
    results = together(load_later(a, book, graph), load_later(b, other.path, graph), join_s=180)
    assert sorted(r.status for r in results) == ["loaded", "loaded"]  # type: ignore[attr-defined]
    (row,) = _state(graph).values()
    assert sorted(v["revision"] for v in row["versions"]) == [1, 2]
    assert sum(v["current"] for v in row["versions"]) == 1
    current = doc if row["hash"] == doc.content_hash else second
    _whole(row, current)


def rspp_bagian_a(tmp_path: Path) -> RkaDocument:
    """The Bagian A the first satker-year's workbooks are made from (same seed)."""
    (sd,) = rspp.documents(1, seed=7, knobs=Knobs(fault_rate=0.0))
    return sd.expected


@pytest.mark.usefixtures("race_window")
@pytest.mark.parametrize("round_", [1, 2, 3])
def test_a_workbook_and_its_bagian_a_at_once_end_joined(
    graph: Driver, tmp_path: Path, round_: int
) -> None:
    """Whichever transaction takes the satker's lock first, the other sees its result: one
    Output per RO (the Bagian A's, with indicators), the cost tree under it, no bare plan."""
    ((text, book, doc),) = _satker_years(tmp_path, 1, seed=round_)
    parsed = loading.parse_upload(book.read_bytes(), book.name)
    together(
        lambda: load_documents([text], graph, progress=False, link=False),
        lambda: loading.load(parsed),
        join_s=180,
    )
    (row,) = _state(graph).values()
    _whole(row, doc)
    records, _, _ = graph.execute_query(
        "MATCH (o:Output) RETURN count(o) AS n, "
        "count(CASE WHEN COUNT { (o)-[:HAS_INDICATOR]->() } > 0 THEN 1 END) AS served"
    )
    assert records[0]["n"] == records[0]["served"] == _tree_size(doc)[0]


# --- the app's loader killed while it loads workbooks -----------------------------------------


def test_the_apps_workbook_load_killed_midway_leaves_no_partial_satker_year(
    graph: Driver, tmp_path: Path
) -> None:
    n = 40
    made = _satker_years(tmp_path, n, seed=21)
    books = [book for _, book, _ in made]
    docs = {(d.document.satker.code, d.document.year): d for _, _, d in made}
    kill_midway([*APP_LOAD, *map(str, books)], lambda: len(_state(graph)) >= 6, within=180)

    state = _state(graph)
    assert 1 <= len(state) < n, len(state)
    for key, row in state.items():
        assert [v["revision"] for v in row["versions"]] == [1], key
        _whole(row, docs[key])
    records, _, _ = graph.execute_query(
        "MATCH (o:Output) WHERE NOT EXISTS { MATCH (w:KertasKerja {satker: o.satker, "
        "year: o.year}) } RETURN count(o) AS orphans"
    )
    assert records[0]["orphans"] == 0  # no bare plan without its workbook record

    summary = loading.load_files(books)
    assert summary.unchanged == len(state) and summary.loaded == n - len(state)
    state = _state(graph)
    assert len(state) == n
    for key, row in state.items():
        _whole(row, docs[key])


# --- tracker realisasi load killed midway -----------------------------------------------------

HEADER = ["satker", "tahun", "bulan", "kode", "rpd", "realisasi", "volume", "progres"]
REALISASI = (
    "MATCH (x:Realisasi) RETURN x.code AS code, x.bulan AS bulan, x.rpd AS rpd, "
    "x.realisasi AS realisasi, x.progres AS progres ORDER BY code, bulan"
)


def test_a_realisasi_load_killed_midway_is_completed_by_loading_again(
    graph: Driver, tmp_path: Path
) -> None:
    (text, _, _), *_ = _satker_years(tmp_path, 1, seed=5)
    load_documents([text], graph, progress=False, link=False)
    bagian_a = document.read_file(text)
    satker, year = bagian_a.document.satker.code, bagian_a.document.year
    codes = [o.code for p in bagian_a.programs for k in p.kegiatan for o in k.outputs]
    rows = 400_000  # 20 batches of 20,000: the loader commits one at a time
    path = tmp_path / "realisasi.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow([satker, year, i % 12 + 1, codes[(i // 12) % len(codes)], 1000, i, 0, 1])

    cmd = [*TRACKER, "realisasi", "load", str(path)]

    def started() -> bool:
        records, _, _ = graph.execute_query("MATCH (x:Realisasi) RETURN count(x) AS n")
        return records[0]["n"] > 0

    kill_midway(cmd, started, within=300)
    partial, _, _ = graph.execute_query(REALISASI)

    done = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    records, _, _ = graph.execute_query(REALISASI)
    last: dict[tuple[str, int], int] = {}
    for i in range(rows):  # the last row of each output and month wins
        last[(codes[(i // 12) % len(codes)], i % 12 + 1)] = i
    assert {(r["code"], r["bulan"]): r["realisasi"] for r in records} == last
    assert [dict(r) for r in partial] != [dict(r) for r in records]  # it was cut midway


# --- the server killed mid-load of workbooks ----------------------------------------------------


@pytest.mark.timeout(600)  # two server starts: a minute each on a busy machine
def test_a_server_killed_mid_workbook_load_leaves_no_partial_satker_year(
    own_server: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    """The app's loader writing workbooks (bare plan and cost tree per satker-year) to the
    test's own second server (``own_server``), which is SIGKILLed midway and restarted."""
    settings, _ = own_server
    n = 3 * loader.BATCH_DOCS + 5  # the app's loader commits BATCH_DOCS documents at a time
    made = _satker_years(tmp_path, n, seed=31)
    books = [book for _, book, _ in made]
    docs = {(d.document.satker.code, d.document.year): d for _, _, d in made}
    with db.open_driver(settings) as drv:
        schema.install(drv, database=settings.database)
    cmd = [*APP_LOAD, *map(str, books)]
    kill_server_midway(own_server, cmd, lambda drv: bool(_state(drv)), within=180)

    with db.open_driver(settings) as drv:
        state = _state(drv)
        assert 1 <= len(state) < n, len(state)
        for key, row in state.items():
            assert [v["revision"] for v in row["versions"]] == [1], key
            _whole(row, docs[key])
        summary = load_documents(books, drv, progress=False, link=False, database=settings.database)
        assert summary.unchanged == len(state) and summary.loaded == n - len(state)
        state = _state(drv)
        assert len(state) == n
        for key, row in state.items():
            _whole(row, docs[key])
