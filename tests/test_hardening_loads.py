"""Loads under concurrency and faults, against the real server: two loads of one satker-year
at once, a link decision taken while a reload runs, a loader killed with SIGKILL, and the Neo4j
server itself killed mid-load (a second server of this test's own, so the shared one lives).

``tracker load`` (tracker.graph.loader) and the app's Muat path (tracker.app.loading) are both
exercised: they share one loader, and so its guarantees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import (
    APP_LOAD,
    SEED,
    TRACKER,
    kill_midway,
    kill_server_midway,
    load_later,
    together,
)
from neo4j import Driver
from test_loader import counts, expected_graph, plan_counts, satker_years, variant

from tracker.app import loading
from tracker.config import Settings
from tracker.graph import db, schema
from tracker.graph.loader import expected_counts, load_documents
from tracker.read.document import parse_file
from tracker.synth import rka as synth
from tracker.trace import decisions, linker

SATKER, YEAR = "670714", 2020
CONFIRM_SUGGESTED = ("output:3355.007#1", "kegiatan:3355#5")


def revised(tmp_path: Path, n: int = 1) -> Path:
    """The seed with another satker name: another content, so another revision."""
    return variant(
        tmp_path,
        f"revised{n}.txt",
        satker=("(670714) KPU KOTA SERANG", f"(670714) KPU KOTA SERANG REVISI {n}"),
    )


def _unlinked(graph: dict[str, int]) -> dict[str, int]:
    """The counts without the matcher's links (the app's loader links, the plan is the same)."""
    return {k: v for k, v in graph.items() if k != ":SERVES"}


def _revisions(driver: Driver) -> list[tuple[int, bool]]:
    records, _, _ = driver.execute_query(
        "MATCH (r:Rka {satker: $s, year: $y}) RETURN r.revision AS n, r.current AS current "
        "ORDER BY n",
        s=SATKER,
        y=YEAR,
    )
    return [(r["n"], r["current"]) for r in records]


def _one_whole_current_plan(driver: Driver, *paths: Path) -> None:
    docs = {doc.content_hash: doc for doc in map(parse_file, paths)}
    rows = satker_years(driver)
    assert list(rows) == [(SATKER, YEAR)]
    row = rows[(SATKER, YEAR)]
    current = docs[row["content_hash"]]
    assert plan_counts(row) == expected_counts(current)
    graph = counts(driver)
    expected = expected_graph(current)
    # every revision keeps its record; only the current one has a plan
    assert graph["Rka"] == len(paths)
    records = ("Rka", ":FILED", "Finding", ":HAS_FINDING", ":SERVES")  # links: not the plan
    plan = {k: v for k, v in graph.items() if k not in records}
    assert plan == {k: v for k, v in expected.items() if k not in records}


# --- two loads of one satker-year at once ------------------------------------------------------


@pytest.mark.usefixtures("race_window")
@pytest.mark.parametrize("path_kind", ["cli+cli", "app+app", "cli+app"])
def test_two_loads_of_one_satker_year_at_once_end_as_two_revisions(
    graph: Driver, tmp_path: Path, path_kind: str
) -> None:
    first, second = SEED, revised(tmp_path)
    a, b = path_kind.split("+")
    results = together(load_later(a, first, graph), load_later(b, second, graph))
    assert sorted(r.status for r in results) == ["loaded", "loaded"]  # type: ignore[attr-defined]
    assert [n for n, _ in _revisions(graph)] == [1, 2]
    assert sum(current for _, current in _revisions(graph)) == 1
    _one_whole_current_plan(graph, first, second)


# --- a decision taken while a reload runs ------------------------------------------------------


def _link_status(driver: Driver, source: str, target: str) -> str | None:
    sy = linker.fetch(driver, [(SATKER, YEAR)])[(SATKER, YEAR)]
    src, tgt = decisions.find_indicator(sy, source), decisions.find_indicator(sy, target)
    df = linker.links(driver, SATKER, YEAR)
    hit = df[(df.source_uid == src.uid) & (df.target_uid == tgt.uid)]
    return None if hit.empty else str(hit.iloc[0]["status"])


@pytest.mark.usefixtures("race_window")
@pytest.mark.parametrize("reload_path", ["cli", "app"])
def test_a_decision_taken_during_a_reload_survives_it(
    graph: Driver, tmp_path: Path, reload_path: str
) -> None:
    load_documents([SEED], graph, progress=False)
    assert _link_status(graph, *CONFIRM_SUGGESTED) == "suggested"
    for n in (1, 2, 3):  # several races: the decision lands before, during or after the write
        path = revised(tmp_path, n)
        if reload_path == "cli":
            reload: Callable[[], object] = lambda p=path: load_documents(  # noqa: E731
                [p], graph, progress=False
            )
        else:
            doc = loading.parse_upload(path.read_bytes(), path.name)
            reload = lambda d=doc: loading.load(d)  # noqa: E731
        together(
            reload,
            lambda: decisions.confirm(graph, SATKER, YEAR, *CONFIRM_SUGGESTED, user="alice"),
        )
        assert _link_status(graph, *CONFIRM_SUGGESTED) == "confirmed", f"round {n}"
    assert [n for n, _ in _revisions(graph)] == [1, 2, 3, 4]


# --- the app's loader killed with SIGKILL ------------------------------------------------------


def test_the_apps_load_killed_midway_leaves_no_partial_satker_year(
    graph: Driver, tmp_path: Path
) -> None:
    n = 60
    docs = synth.generate(n, seed=12, year=2020, out_dir=tmp_path)
    files = [Path(d.expected.source) for d in docs]
    parsed = {(doc.document.satker.code, 2020): doc for doc in map(parse_file, files)}
    kill_midway([*APP_LOAD, *map(str, files)], lambda: counts(graph).get("Rka", 0) >= 8)

    rows = satker_years(graph)
    assert 1 <= len(rows) < n, len(rows)
    for key, row in rows.items():
        assert plan_counts(row) == expected_counts(parsed[key]), key
    assert _unlinked(counts(graph)) == expected_graph(*(parsed[key] for key in rows))

    summary = loading.load_files(files)
    assert summary.unchanged == len(rows) and summary.loaded == n - len(rows)
    assert _unlinked(counts(graph)) == expected_graph(*parsed.values())


# --- the server killed with SIGKILL mid-load ---------------------------------------------------


@pytest.mark.timeout(600)  # two server starts: a minute each on a busy machine
def test_a_server_killed_mid_load_leaves_no_partial_satker_year(
    own_server: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    settings, _ = own_server
    n = 24
    docs = synth.generate(n, seed=13, year=2021, out_dir=tmp_path / "docs")
    files = [Path(d.expected.source) for d in docs]
    parsed = {(doc.document.satker.code, 2021): doc for doc in map(parse_file, files)}
    with db.open_driver(settings) as drv:
        schema.install(drv, database=settings.database)

    options = ["--no-progress", "--no-link", "--batch-size", "2"]
    cmd = [*TRACKER, "load", *options, *map(str, files)]
    kill_server_midway(own_server, cmd, lambda drv: counts(drv).get("Rka", 0) >= 4)

    with db.open_driver(settings) as drv:
        rows = satker_years(drv)
        assert 4 <= len(rows) < n, len(rows)
        for key, row in rows.items():
            assert plan_counts(row) == expected_counts(parsed[key]), key
        assert counts(drv) == expected_graph(*(parsed[key] for key in rows))

        summary = load_documents(files, drv, progress=False, link=False, database=settings.database)
        assert summary.unchanged == len(rows) and summary.loaded == n - len(rows)
        assert counts(drv) == expected_graph(*parsed.values())
