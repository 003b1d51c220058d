"""The dashboard's only door to Neo4j: one cached driver and cached answers per satker-year.

Why it is built this way:

* A driver owns a connection pool; building one per rerun would reconnect on every click. So
  ``driver()`` is a ``st.cache_resource`` (one per server process), and neomodel is handed
  the same driver (``tracker.graph.db.connect_neomodel``) for the modules that use it.
* Most pages ask the same few questions about one satker-year over and over as the user
  clicks. Answers are ``st.cache_data`` with a TTL, keyed by (satker, year), and ``clear``
  drops exactly the satker-year a load or a link decision changed (plus the national views of
  that year), so no one sees a stale answer after a change made in this app. Changes made
  elsewhere (``tracker load`` from the CLI) move a cheap fingerprint read on every rerun
  (``sync``), which clears the caches at once rather than after the TTL.
* A database that cannot be reached is an expected situation (server not started, wrong
  password, network): every failure of that kind surfaces as ``DB_ERRORS`` for app.py to
  show a message with a retry, never a traceback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from neo4j import (
    READ_ACCESS,
    Driver,
    ManagedTransaction,
    NotificationMinimumSeverity,
)
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from tracker.app import national
from tracker.config import Settings, config, load_settings
from tracker.graph import db, nodes
from tracker.graph.cypher import query
from tracker.measure import measures as kinerja_measures
from tracker.measure import report as kinerja_report
from tracker.measure import through_links
from tracker.trace import coverage, linker

log = logging.getLogger(__name__)

TTL_SECONDS = 600
"""Cached answers live ten minutes at most: a backstop for changes no fingerprint sees (a
re-link from the CLI); loads and decisions, here or elsewhere, clear the cache at once."""

DB_ERRORS: tuple[type[BaseException], ...] = (
    db.DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
    AuthError,
    ConnectionError,
)

PLAN_LEVELS = (
    "Program",
    "SasaranProgram",
    "IndikatorKinerjaProgram",
    "Kegiatan",
    "IndikatorKinerjaKegiatan",
    "Output",
    "IndikatorOutput",
)

STATUSES = ("covered", "suggested", "structural", "uncovered")
"""Coverage statuses, best first (``tracker.trace.coverage``)."""

T = TypeVar("T")


def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _driver(uri: str, user: str, database: str) -> Driver:
    """One driver per server (a settings change, e.g. in tests, gets its own), verified on
    creation; a failure is not cached, so the next rerun tries again."""
    drv = db.get_driver(settings())
    db.connect_neomodel(drv)
    return drv


def driver() -> Driver:
    """The process-wide driver, with neomodel pointed at it."""
    s = settings()
    return _driver(s.uri, s.user, s.database)


def write_driver() -> Driver:
    """The driver for a write action. neomodel keeps its database name per thread and each
    Streamlit session runs in its own thread, so the binding is renewed here."""
    drv = driver()
    db.connect_neomodel(drv)
    return drv


def _native(value: Any) -> Any:
    """Neo4j temporal values → Python ones, so cached answers pickle and pandas understands
    them."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    return value


def rows(name: str, **params: Any) -> list[dict[str, Any]]:
    """Run the read query ``cypher/<name>.cypher`` (retried on transient errors) and return
    its rows as plain dicts. Server notifications are off: on a young database every query
    naming a property nobody has written yet would log a warning on every rerun."""
    text = query(name)

    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [_native(r.data()) for r in tx.run(text, params)]

    with driver().session(
        database=settings().database,
        default_access_mode=READ_ACCESS,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    ) as session:
        return session.execute_read(work)


def frame(name: str, **params: Any) -> pd.DataFrame:
    return pd.DataFrame(rows(name, **params))


def _cached(func: Callable[..., T]) -> Callable[..., T]:
    return st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=2000)(func)


# --- whole database ---------------------------------------------------------------------


@_cached
def document_count() -> int:
    return int(rows("app_document_count")[0]["documents"])


@_cached
def years() -> list[int]:
    return [int(r["year"]) for r in rows("app_years")]


@_cached
def satkers(year: int) -> pd.DataFrame:
    """Columns: satker, name, province, location, jumlah, stated_jumlah, bagian_a (False: only
    the kertas kerja workbook is loaded, see cypher/app_satkers.cypher)."""
    return frame("app_satkers", year=year)


# --- one satker-year --------------------------------------------------------------------


@_cached
def overview(satker: str, year: int) -> dict[str, Any] | None:
    """The current documents (``rka``: the Bagian A, None while only the workbook ``kk`` is
    loaded), their satker and counts per level; None when nothing is loaded."""
    found = rows("app_overview", satker=satker, year=year)
    return found[0] if found else None


def node(level: str, uid: str) -> dict[str, Any] | None:
    """One plan node's stored properties, read through the model classes
    (``tracker.graph.nodes``), ``text`` being its name or its indicator text as in the plan
    tables. Not cached: one index seek, asked for on a click."""
    found = nodes.plan_node(level, uid, driver(), settings().database)
    if found is None:
        return None
    props = nodes.properties(found)
    props["text"] = props.get("name") or props.get("text")
    return props


@_cached
def findings(satker: str, year: int) -> pd.DataFrame:
    return frame("app_findings", satker=satker, year=year)


@_cached
def revisions(satker: str, year: int) -> pd.DataFrame:
    return frame("app_revisions", satker=satker, year=year)


@_cached
def plan_nodes(satker: str, year: int) -> pd.DataFrame:
    """Every plan node with its level and parent uid (see cypher/app_plan_nodes.cypher)."""
    return frame("app_plan_nodes", satker=satker, year=year)


@_cached
def cost_tree(satker: str, year: int) -> pd.DataFrame:
    """The ROs' cost build-up from the kertas kerja (see cypher/app_cost_tree.cypher); empty
    when the satker-year has no workbook."""
    return frame("app_cost_tree", satker=satker, year=year)


@_cached
def cost_outputs(satker: str, year: int) -> pd.DataFrame:
    """Per RO: costed amount, blocked amount and funding sources (cypher/app_cost_outputs)."""
    return frame("app_cost_outputs", satker=satker, year=year)


@_cached
def links(satker: str, year: int) -> pd.DataFrame:
    """Every SERVES link with method, score, status and who decided it."""
    df = frame("app_links", satker=satker, year=year)
    if df.empty:
        return pd.DataFrame(
            columns=["source", "target", "method", "score", "status", "decided_by", "decided_at"]
        )
    return df


@_cached
def link_table(satker: str, year: int) -> pd.DataFrame:
    """Every link with both ends described (level, owner, code, seq, text) and its evidence
    (``tracker.trace.linker.links``)."""
    return linker.links(driver(), satker, year, settings().database)


# --- coverage (tracker.trace.coverage computes; the facts come in one round trip) ---------------


@_cached
def facts(satker: str, year: int) -> coverage.Facts:
    return coverage.facts(driver(), satker, year, settings().database)


@_cached
def coverage_table(satker: str, year: int) -> pd.DataFrame:
    """One row per indicator: status, outputs serving it, their Jumlah, the paths."""
    return coverage.coverage_frame(facts(satker, year))


def coverage_status(satker: str, year: int) -> dict[str, str]:
    """Each indicator's coverage status by uid, for colouring trees and graphs."""
    cov = coverage_table(satker, year)
    return dict(zip(cov["uid"], cov["status"], strict=True))


@_cached
def budget_table(satker: str, year: int) -> pd.DataFrame:
    return coverage.budget_frame(facts(satker, year))


@_cached
def unserving_table(satker: str, year: int) -> pd.DataFrame:
    return coverage.unserving_frame(facts(satker, year))


@_cached
def routes(satker: str, year: int, uid: str) -> pd.DataFrame:
    """Every route bringing a funded output to the indicator ``uid`` (best tier first)."""
    f = facts(satker, year)
    served = next((s for s in coverage.compute(f) if s.uid == uid), None)
    if served is None:
        return pd.DataFrame(columns=coverage.OUTPUT_COLUMNS)
    return coverage.outputs_frame(f, served)


@_cached
def coverage_summary(satker: str, year: int) -> dict[str, int]:
    """The headline numbers: IKP and IKK by status, and the Jumlah of outputs that serve an
    indicator through a link (not only through the hierarchy) against all outputs' Jumlah."""
    table = coverage_table(satker, year)
    ranked = table[table["level"] != "output"]
    counts = ranked["status"].value_counts().to_dict()
    f = facts(satker, year)
    unserving = set(coverage.unserving_frame(f)["output_uid"])
    outputs_total = sum(int(o.get("jumlah") or 0) for o in f.outputs.values())
    linked = sum(int(o.get("jumlah") or 0) for uid, o in f.outputs.items() if uid not in unserving)
    return {
        "indicators": len(ranked),
        "covered": int(counts.get("covered", 0)),
        "suggested": int(counts.get("suggested", 0)),
        "structural": int(counts.get("structural", 0)),
        "uncovered": int(counts.get("uncovered", 0)),
        "jumlah_outputs": outputs_total,
        "jumlah_linked": linked,
    }


# --- one satker, every year (Antar tahun) ---------------------------------------------------


@_cached
def satker_years(satker: str) -> pd.DataFrame:
    """One row per year of ``satker`` (see cypher/app_satker_years.cypher)."""
    return frame("app_satker_years", satker=satker)


@_cached
def national_by_year() -> pd.DataFrame:
    """Per budget year: satkers filed, outputs' Jumlah, and the part serving an IKK through a
    link (cypher/national_by_year.cypher)."""
    return frame("national_by_year")


# --- national -----------------------------------------------------------------------------


@_cached
def national_ikps(year: int) -> pd.DataFrame:
    """Every IKP of the year with its coverage status and budget (see
    ``tracker.trace.coverage.ikp_statuses``)."""
    return coverage.national_ikps(driver(), year, settings().database)


@_cached
def national_rollup(year: int) -> pd.DataFrame:
    """Budget per IKP code across satkers (the shape of
    ``tracker.trace.coverage.national_rollup``)."""
    return coverage.rollup(national_ikps(year))


@_cached
def national_satkers(year: int) -> pd.DataFrame:
    """Every satker of the year side by side: Jumlah, IKP and IKK by coverage status, and the
    Jumlah of outputs serving an indicator through a link. The two reduced queries run at
    the same time (the server has cores to spare; the page waits for the slower one only)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="national") as pool:
        reduced = pool.submit(rows, "app_national_satkers", year=int(year))
        ikps = national_ikps(year)
        return national.per_satker(satkers(year), ikps, reduced.result())


# --- kinerja (issue 13) -------------------------------------------------------------------


@_cached
def kinerja(satker: str, year: int, bulan: int | None = None) -> kinerja_report.Kinerja | None:
    """The measures of a satker-year up to ``bulan`` (default: the latest month on record);
    None when it has no plan."""
    row = rows("realisasi_facts", satker=satker, year=int(year))[0]
    if not row["outputs"]:
        return None
    outputs = kinerja_report.output_facts(row["outputs"], row["months"])
    return kinerja_report.compute(satker, int(year), outputs, bulan)


@_cached
def kinerja_indicators(satker: str, year: int, bulan: int | None, threshold: float) -> pd.DataFrame:
    """Money planned and spent and the capaian behind each IKP and IKK
    (``tracker.measure.through_links``)."""
    row = rows("realisasi_facts", satker=satker, year=int(year))[0]
    outputs = kinerja_report.output_facts(row["outputs"], row["months"])
    m = bulan if bulan is not None else kinerja_measures.latest_month(outputs)
    return through_links.frame(facts(satker, year), outputs, m, threshold)


@_cached
def kinerja_national(year: int, bulan: int | None = None) -> pd.DataFrame:
    """Every satker of the year ranked by the partial IKPA score (best first)."""
    ranked = []
    for rank, k in enumerate(_kinerja_year(int(year), bulan), start=1):
        ranked.append(
            {
                "rank": rank,
                "satker": k.satker,
                "name": k.name,
                "bulan": k.bulan,
                "pagu": k.pagu,
                "realisasi": k.realisasi,
                "penyerapan": k.penyerapan,
                "deviasi": k.deviasi,
                "capaian_output": k.capaian_output,
                "efisiensi": k.efisiensi,
                "efisiensi_score": k.efisiensi_score,
                "ikpa": k.ikpa.score,
                "ikpa_share": k.ikpa.share,
                "band": k.band,
            }
        )
    return pd.DataFrame(ranked, columns=kinerja_report.RANKING_COLUMNS)


@_cached
def kinerja_years(satker: str) -> pd.DataFrame:
    """The satker's measures for every year it has a plan on record (year over year)."""
    found = []
    for r in rows("realisasi_years", satker=satker):
        k = kinerja(satker, int(r["year"]))
        if k is not None:
            found.append(
                {
                    "year": k.year,
                    "bulan": k.bulan,
                    "pagu": k.pagu,
                    "realisasi": k.realisasi,
                    "penyerapan": k.penyerapan,
                    "deviasi": k.deviasi,
                    "capaian_output": k.capaian_output,
                    "efisiensi_score": k.efisiensi_score,
                    "ikpa": k.ikpa.score,
                    "band": k.band,
                }
            )
    return pd.DataFrame(found)


def _kinerja_year(year: int, bulan: int | None) -> list[kinerja_report.Kinerja]:
    result = [
        kinerja_report.compute(
            r["satker"],
            year,
            kinerja_report.output_facts(r["outputs"], r["months"]),
            bulan,
            r["name"] or "",
        )
        for r in rows("kinerja_national", year=year)
    ]
    return kinerja_report.ranked(result)


_warming: set[int] = set()
_warm_lock = threading.Lock()


def warm_national(year: int | None) -> None:
    """Compute a year's national tables in the background so the Nasional page opens from the
    cache: they cost seconds for hundreds of satkers, and are the same for every user. A page
    asking while this runs waits for it rather than computing twice (st.cache_data holds one
    computation per key); a clear during it discards its result."""
    if year is None or not config().warmup:
        return
    with _warm_lock:
        if year in _warming:
            return
        _warming.add(year)

    def work() -> None:
        try:
            national_satkers(year)
            national_rollup(year)
            kinerja_national(year)
        except Exception:  # noqa: BLE001 - best effort; the page reports problems itself
            log.warning("warming the national view of %s failed", year, exc_info=True)
        finally:
            with _warm_lock:
                _warming.discard(year)

    thread = threading.Thread(target=work, name=f"warm-national-{year}", daemon=True)
    ctx = get_script_run_ctx()
    if ctx is not None:
        add_script_run_ctx(thread, ctx)
    thread.start()


# --- cache invalidation -----------------------------------------------------------------

_seen_version: tuple[Any, ...] | None = None
_version_lock = threading.Lock()


def _version() -> tuple[Any, ...]:
    row = rows("app_data_version")[0]
    return (
        row["documents"],
        row["last_load"],
        row["decisions"],
        row["last_decision"],
        row["realisations"],
    )


def sync() -> None:
    """Clear every cached answer if the database changed behind the app's back (a CLI load, a
    decision made elsewhere). One tiny query per rerun."""
    global _seen_version
    version = _version()
    with _version_lock:
        changed = _seen_version is not None and version != _seen_version
        _seen_version = version
    if changed:
        st.cache_data.clear()


def _acknowledge() -> None:
    """After a change made in this app (whose stale entries were cleared precisely), take the
    new fingerprint as seen, so ``sync`` does not clear everyone's whole cache for it."""
    global _seen_version
    version = _version()
    with _version_lock:
        _seen_version = version


_PER_SATKER_YEAR: list[Any] = [
    overview,
    findings,
    revisions,
    plan_nodes,
    links,
    link_table,
    facts,
    coverage_table,
    budget_table,
    unserving_table,
    coverage_summary,
    cost_tree,
    cost_outputs,
]
_PER_YEAR: list[Any] = [satkers, national_ikps, national_rollup, national_satkers]
# Keyed by month or threshold too: cleared whole (see ``clear_kinerja``).
_KINERJA: list[Any] = [kinerja, kinerja_indicators, kinerja_national, kinerja_years]


def clear(satker: str | None = None, year: int | None = None) -> None:
    """Forget cached answers a change made stale: one satker-year and its year's national
    views when both are given, everything otherwise."""
    if satker is None or year is None:
        st.cache_data.clear()
        _acknowledge()
        return
    for func in _PER_SATKER_YEAR:
        func.clear(satker, year)
    for func in _PER_YEAR:
        func.clear(year)
    satker_years.clear(satker)
    national_by_year.clear()
    routes.clear()  # keyed by indicator too; a decision changes routes of several
    for func in _KINERJA:
        func.clear()
    document_count.clear()
    years.clear()
    _acknowledge()


def clear_kinerja() -> None:
    """After realisation was loaded in this app: the measures, nothing else, are stale."""
    for func in _KINERJA:
        func.clear()
    _acknowledge()


def when(value: Any) -> str:
    """A timestamp or date as ``2020-01-31 14:05`` for tables and captions."""
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
