"""Infer which indicator serves which, per satker-year, and write the links with their evidence.

The RKA never says which Indikator Output serves which IKK, nor which IKK serves which IKP;
:mod:`tracker.trace.matching` judges that from the texts. This module feeds it and stores the
result as ``SERVES`` relationships (``method``, ``score``, ``status``, ``decided_by``,
``decided_at``), always inside one satker-year: an IO only against the IKK of its own
kegiatan, an IKK only against the IKP of its own program.

People's decisions (``LinkDecision`` nodes, see :mod:`tracker.trace.decisions`) are re-applied on
every (re)link, so a reload or a matcher change never loses them:

* ``reject``: the pair is left out before the matcher ranks candidates (so the next-best
  target may still be suggested) and the link is written with status ``rejected``;
* ``confirm`` / ``add``: the link is written as ``confirmed`` with who and when; if the matcher
  no longer finds it, it is kept as a ``manual`` link with score 1.0.

A decision names its ends by stable keys (level, owner code, indicator code, seq, text), not
uids. It is applied to the indicator with the same key and text; if a revision moved the
indicator, to the only indicator of the same owner with the same text. Otherwise it is
*unresolved*: kept on record, reported, and applied again if the text comes back.

Speed and safety: a batch of satker-years is linked in one transaction that write-locks their
Satker nodes (so concurrent re-links and loads of a satker queue up), reads all their
indicators and decisions in two queries, matches in Python (rapidfuzz), and replaces their
links with one write statement (``cypher/link_write.cypher``); ``link_all`` walks all
satker-years in such batches.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from neo4j import Driver, ManagedTransaction, RoutingControl

from tracker.graph.cypher import query
from tracker.trace import matching

LEVELS = ("output", "kegiatan", "program")
# Who may serve whom: the level of a source and the level of the targets it is matched with.
TARGET_LEVEL = {"output": "kegiatan", "kegiatan": "program"}
LINK_COLUMNS = [
    "source_level",
    "source_owner",
    "source_code",
    "source_seq",
    "source_text",
    "target_level",
    "target_owner",
    "target_code",
    "target_seq",
    "target_text",
    "method",
    "score",
    "status",
    "decided_by",
    "decided_at",
    "source_uid",
    "target_uid",
]
BATCH = 100  # satker-years per read/match/write round in link_all


def default_database() -> str:
    from tracker.config import load_settings

    return load_settings().database


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator as the linker sees it: its stable key, text and matching groups."""

    satker: str
    year: int
    level: str
    uid: str
    owner: str
    code: str
    seq: int
    text: str
    source_group: str | None  # uid of the kegiatan/program whose indicators it may serve
    target_group: str | None  # uid of the kegiatan/program in which it may be served
    norm: str = ""


@dataclass
class SatkerYear:
    """The indicators of one satker-year, indexed for resolving decision ends."""

    satker: str
    year: int
    indicators: list[Indicator] = field(default_factory=list)

    def of_level(self, level: str) -> list[Indicator]:
        return [i for i in self.indicators if i.level == level]

    def find(self, level: str, owner: str, code: str, seq: int, text: str) -> Indicator | None:
        """The indicator a decision end names: same key and text, else the only one of the same
        owner with that text (the list was reordered by a revision), else None."""
        norm = matching.normalize(text or "")
        same_owner = [i for i in self.indicators if i.level == level and i.owner == owner]
        for i in same_owner:
            if i.code == code and i.seq == int(seq) and i.norm == norm:
                return i
        moved = [i for i in same_owner if i.norm == norm]
        if len(moved) > 1:
            moved = [i for i in moved if i.code == code]
        return moved[0] if len(moved) == 1 else None

    def by_uid(self, uid: str) -> Indicator | None:
        return next((i for i in self.indicators if i.uid == uid), None)


@dataclass
class LinkStats:
    """What linking one satker-year (or a batch) produced."""

    satker_years: int = 0
    indicators: int = 0
    links: Counter[tuple[str, str]] = field(default_factory=Counter)  # (source level, status)
    decisions_applied: int = 0
    unresolved: list[str] = field(default_factory=list)  # uids of decisions that found no ends
    seconds: float = 0.0

    def count(self, status: str, level: str | None = None) -> int:
        return sum(n for (lv, st), n in self.links.items() if st == status and level in (None, lv))

    @property
    def confirmed(self) -> int:
        return self.count("confirmed")

    @property
    def suggested(self) -> int:
        return self.count("suggested")

    @property
    def rejected(self) -> int:
        return self.count("rejected")

    def add(self, other: LinkStats) -> None:
        self.satker_years += other.satker_years
        self.indicators += other.indicators
        self.links.update(other.links)
        self.decisions_applied += other.decisions_applied
        self.unresolved.extend(other.unresolved)

    def summary(self) -> str:
        return (
            f"{self.satker_years} satker-years, {self.indicators} indicators: "
            f"{self.confirmed} confirmed, {self.suggested} suggested, {self.rejected} rejected "
            f"links; {self.decisions_applied} decisions applied, "
            f"{len(self.unresolved)} unresolved; {self.seconds:.2f} s"
        )


# --- reading ------------------------------------------------------------------------------


def _indicators(
    records: Iterable[Any], keys: Sequence[tuple[str, int]]
) -> dict[tuple[str, int], SatkerYear]:
    rewrites = matching.load_rewrites()
    out = {(s, int(y)): SatkerYear(s, int(y)) for s, y in keys}
    for r in records:
        text = r["text"] or ""
        out[(r["satker"], r["year"])].indicators.append(
            Indicator(
                satker=r["satker"],
                year=r["year"],
                level=r["level"],
                uid=r["uid"],
                owner=r["owner"],
                code=r["code"],
                seq=r["seq"],
                text=text,
                source_group=r["source_group"],
                target_group=r["target_group"],
                norm=matching.normalize(text, rewrites),
            )
        )
    return out


def _decisions(records: Iterable[Any]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in records:
        d = dict(r["decision"])
        out.setdefault((d["satker"], d["year"]), []).append(d)
    return out


def _params(keys: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"satker": s, "year": int(y)} for s, y in keys]


def fetch(
    driver: Driver, keys: Sequence[tuple[str, int]], database: str | None = None
) -> dict[tuple[str, int], SatkerYear]:
    """The indicators of the given satker-years (one query for all of them)."""
    records, _, _ = driver.execute_query(
        query("link_candidates"),
        keys=_params(keys),
        database_=database or default_database(),
        routing_=RoutingControl.READ,
    )
    return _indicators(records, keys)


def fetch_decisions(
    driver: Driver, keys: Sequence[tuple[str, int]], database: str | None = None
) -> dict[tuple[str, int], list[dict[str, Any]]]:
    records, _, _ = driver.execute_query(
        query("decision_for_keys"),
        keys=_params(keys),
        database_=database or default_database(),
        routing_=RoutingControl.READ,
    )
    return _decisions(records)


# --- deciding -----------------------------------------------------------------------------


def resolve(sy: SatkerYear, decision: dict[str, Any]) -> tuple[Indicator, Indicator] | None:
    """The two indicators a decision names in this satker-year, if both exist and may be
    linked (adjacent levels, same kegiatan or program)."""
    src = sy.find(
        decision["source_level"],
        decision["source_owner"],
        decision["source_code"],
        decision["source_seq"],
        decision["source_text"],
    )
    tgt = sy.find(
        decision["target_level"],
        decision["target_owner"],
        decision["target_code"],
        decision["target_seq"],
        decision["target_text"],
    )
    if src is None or tgt is None or not may_link(src, tgt):
        return None
    return src, tgt


def _timestamp(value: Any) -> str:
    if hasattr(value, "to_native"):
        value = value.to_native()
    return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else ""


def may_link(src: Indicator, tgt: Indicator) -> bool:
    return (
        TARGET_LEVEL.get(src.level) == tgt.level
        and src.source_group is not None
        and src.source_group == tgt.target_group
    )


def plan_links(
    sy: SatkerYear, decisions: Iterable[dict[str, Any]] = ()
) -> tuple[list[dict[str, Any]], LinkStats]:
    """The links one satker-year should have: matcher proposals merged with decisions.
    Each link is a map ready for ``cypher/link_write.cypher`` plus its source level."""
    stats = LinkStats(satker_years=1, indicators=len(sy.indicators))
    resolved: list[tuple[Indicator, Indicator, dict[str, Any]]] = []
    # Oldest first, so where two decisions land on one pair (a revision moved an indicator
    # and someone decided again) the latest wins.
    for d in sorted(decisions, key=lambda d: _timestamp(d.get("decided_at"))):
        ends = resolve(sy, d)
        if ends is None:
            stats.unresolved.append(d["uid"])
        else:
            resolved.append((*ends, d))
    rejected = {(s.uid, t.uid) for s, t, d in resolved if d["action"] == "reject"}

    links: dict[tuple[str, str], dict[str, Any]] = {}
    for level, target_level in TARGET_LEVEL.items():
        sources = [(i.uid, i.source_group, i.text) for i in sy.of_level(level)]
        targets = [(i.uid, i.target_group, i.text) for i in sy.of_level(target_level)]
        for p in matching.match_groups(sources, targets, exclude=rejected):
            links[(p.source, p.target)] = {
                "level": level,
                "source": p.source,
                "target": p.target,
                "method": p.method,
                "score": p.score,
                "status": p.status,
                "decided_by": None,
                "decided_at": None,
            }

    for src, tgt, d in resolved:
        key = (src.uid, tgt.uid)
        link = links.get(key)
        if d["action"] == "reject":
            ev = matching.compare(src.text, tgt.text)
            method, score = (
                (ev.method, ev.score)
                if ev is not None
                else ("manual", matching.similarity(src.norm, tgt.norm))
            )
            link = {"level": src.level, "source": src.uid, "target": tgt.uid, "method": method}
            link.update(score=score, status="rejected")
        elif link is None:  # confirmed or added, and the matcher does not (or no longer) see it
            link = {"level": src.level, "source": src.uid, "target": tgt.uid}
            link.update(method="manual", score=1.0, status="confirmed")
        else:
            link["status"] = "confirmed"
        link.update(decided_by=d["decided_by"], decided_at=d["decided_at"])
        links[key] = link
        stats.decisions_applied += 1

    for link in links.values():
        stats.links[(link["level"], link["status"])] += 1
    return list(links.values()), stats


# --- writing ------------------------------------------------------------------------------


def _split(links: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The two lists ``cypher/link_write.cypher`` takes (IO→IKK, IKK→IKP)."""

    def strip(link: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in link.items() if k != "level"}

    return {
        "io_links": [strip(link) for link in links if link["level"] == "output"],
        "ikk_links": [strip(link) for link in links if link["level"] == "kegiatan"],
    }


def _link_tx(tx: ManagedTransaction, keys: list[tuple[str, int]]) -> LinkStats:
    """Lock, read, match, write: one transaction, so a re-link never writes links from
    decisions another transaction changed meanwhile. May run again on a transient error."""
    params = _params(keys)
    tx.run(query("link_lock"), keys=params).consume()
    years = _indicators(tx.run(query("link_candidates"), keys=params), keys)
    decisions = _decisions(tx.run(query("decision_for_keys"), keys=params))
    stats = LinkStats()
    links: list[dict[str, Any]] = []
    for key, sy in years.items():
        planned, one = plan_links(sy, decisions.get(key, ()))
        links.extend(planned)
        stats.add(one)
    tx.run(query("link_write"), keys=params, **_split(links)).consume()
    return stats


def link_batch(
    driver: Driver, keys: Sequence[tuple[str, int]], database: str | None = None
) -> LinkStats:
    """Link several satker-years in one transaction: one lock, two reads, one write."""
    t0 = time.perf_counter()
    ordered = sorted({(s, int(y)) for s, y in keys})
    with driver.session(database=database or default_database()) as session:
        stats = session.execute_write(_link_tx, ordered)
    stats.seconds = time.perf_counter() - t0
    return stats


def link_satker_year(
    driver: Driver, satker: str, year: int, database: str | None = None
) -> LinkStats:
    """(Re)link one satker-year: matcher proposals plus people's decisions replace whatever
    links it had. The loader calls this after every load."""
    return link_batch(driver, [(satker, int(year))], database)


def satker_years(
    driver: Driver,
    satker: str | None = None,
    year: int | None = None,
    database: str | None = None,
) -> list[tuple[str, int]]:
    """Satker-years that have a current plan, optionally only one satker and/or year."""
    records, _, _ = driver.execute_query(
        query("link_satker_years"),
        satker=satker,
        year=year,
        database_=database or default_database(),
        routing_=RoutingControl.READ,
    )
    return [(r["satker"], r["year"]) for r in records]


def _chunks(items: Sequence[tuple[str, int]], size: int) -> Iterator[Sequence[tuple[str, int]]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def link_all(
    driver: Driver,
    progress: bool = True,
    satker: str | None = None,
    year: int | None = None,
    batch: int = BATCH,
    database: str | None = None,
) -> LinkStats:
    """(Re)link every current satker-year (or those of one satker / year), in batches."""
    t0 = time.perf_counter()
    database = database or default_database()
    keys = satker_years(driver, satker, year, database)
    total = LinkStats()
    bar = _Bar(progress, len(keys))
    with bar:
        for chunk in _chunks(keys, max(1, batch)):
            total.add(link_batch(driver, chunk, database))
            bar.advance(len(chunk))
    total.seconds = time.perf_counter() - t0
    return total


class _Bar:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled, self.total = enabled, total
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Bar:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("linking satker-years", total=self.total)
        return self

    def advance(self, n: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=n)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


# --- reporting ----------------------------------------------------------------------------


def links(driver: Driver, satker: str, year: int, database: str | None = None) -> pd.DataFrame:
    """Every IO→IKK and IKK→IKP link of one satker-year with both ends and the evidence."""
    records, _, _ = driver.execute_query(
        query("link_list"),
        satker=satker,
        year=int(year),
        database_=database or default_database(),
        routing_=RoutingControl.READ,
    )
    rows = []
    for r in records:
        row = r.data()
        evidence = row.pop("evidence")
        at = evidence.get("decided_at")
        row.update(
            method=evidence.get("method"),
            score=evidence.get("score"),
            status=evidence.get("status"),
            decided_by=evidence.get("decided_by"),
            decided_at=at.to_native() if hasattr(at, "to_native") else at,
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=LINK_COLUMNS)
