"""Infer which indicator serves which, per satker-year, and write the links with their evidence.

The RKA never says which Indikator Output serves which IKK, nor which IKK serves which IKP;
:mod:`tracker.trace.matching` judges that from the texts. This module feeds it and stores the
result as ``SERVES`` relationships (``method``, ``score``, ``status``, ``decided_by``,
``decided_at``), always inside one satker-year: an IO only against the IKK of its own
kegiatan, an IKK only against the IKP of its own program. RSPP KRO and Output Program
indicators are never candidates: nothing funded stands behind them, so a link from them would
add no output to any indicator (docs/graph-model.md, "Why KRO and Output Program indicators
get no SERVES links").

People's decisions (``LinkDecision`` nodes, see :mod:`tracker.trace.decisions`) are re-applied on
every (re)link, so a reload or a matcher change never loses them:

* ``reject``: the pair is left out before the matcher ranks candidates (so the next-best
  target may still be suggested) and the link is written with status ``rejected``;
* ``confirm`` / ``add``: the link is written as ``confirmed`` with who and when; if the matcher
  no longer finds it, it is kept as a ``manual`` link with score 1.0.

National decisions (``scope = 'national'``, made once by a central planner) name a *pair of
texts under the same codes*: the source's level, owner code and text, the target's owner code
and text, texts compared as :func:`tracker.trace.matching.normalize` makes them. They apply in
every satker-year holding such a pair, on every (re)link, so a satker-year loaded later
inherits them. Where a local and a national decision land on one pair, the later one wins (a
national decision settles the country at once; a planner's later local decision then wins in
that satker-year only). Each link's evidence says where its status comes from (``origin``:
``matcher``, ``local`` or ``national``; ``decided_by``, ``decided_at``, ``decided_from``: the
satker-year the decision was made in) and why (``reason``).

Precedent: a suggestion whose pair of texts people confirmed in other satker-years (or in
the same satker's previous year) is a stronger suggestion than its similarity alone: its
score rises by :data:`PRECEDENT_BOOST` (never to the confirming level) and its reason says
where. Precedent never confirms, and never proposes a pair the matcher does not suggest.

A local decision names its ends by stable keys (level, owner code, indicator code, seq, text), not
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
from neo4j import Driver, ManagedTransaction

from tracker.graph import db
from tracker.graph.cypher import query, read
from tracker.trace import by_name, matching

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
    "origin",
    "decided_from",
    "reason",
]
BATCH = 100  # satker-years per read/match/write round in link_all
PRECEDENT_BOOST = 0.05
PRECEDENT_CAP = 0.94  # below matching.PREFIX_SCORE: precedent alone never reads as sure
Precedent = dict[tuple[str, str, str, str, str], set[tuple[str, int]]]


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
    by_name: bool = False  # stands for the name of an RSPP RO that lists no indicator


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
            f"{self.satker_years} satker-year{'' if self.satker_years == 1 else 's'}, "
            f"{self.indicators} indicators: "
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
                by_name=bool(r.get("by_name")),
            )
        )
    return out


def _national(records: Iterable[Any]) -> list[dict[str, Any]]:
    return [dict(r["decision"]) for r in records]


def fetch_national(driver: Driver, database: str | None = None) -> list[dict[str, Any]]:
    """Every national decision (a few hundred at most: one per pair of national texts)."""
    records = read(driver, "decision_national", database)
    return _national(records)


def _precedent(records: Iterable[Any]) -> Precedent:
    """Pairs people confirmed or added locally, with the satker-years they did it in (national
    decisions apply by themselves; rejections are no precedent for a link)."""
    out: Precedent = {}
    for r in records:
        d = dict(r["decision"])
        if d.get("action") not in ("confirm", "add") or (d.get("scope") or "local") != "local":
            continue
        out.setdefault(national_key(d), set()).add((d["satker"], int(d["year"])))
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
    records = read(driver, "link_candidates", database, keys=_params(keys))
    return _indicators(records, keys)


def fetch_decisions(
    driver: Driver, keys: Sequence[tuple[str, int]], database: str | None = None
) -> dict[tuple[str, int], list[dict[str, Any]]]:
    records = read(driver, "decision_for_keys", database, keys=_params(keys))
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


def national_key(decision: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """What a national decision is about: source level and owner, target owner, both texts as
    the matcher normalizes them."""
    return (
        decision["source_level"],
        decision["source_owner"],
        matching.normalize(decision["source_text"] or ""),
        decision["target_owner"],
        matching.normalize(decision["target_text"] or ""),
    )


def pair_key(src: Indicator, tgt: Indicator) -> tuple[str, str, str, str, str]:
    """The national key of a pair of indicators (see :func:`national_key`)."""
    return (src.level, src.owner, src.norm, tgt.owner, tgt.norm)


def resolve_national(sy: SatkerYear, decision: dict[str, Any]) -> list[tuple[Indicator, Indicator]]:
    """Every pair of indicators of this satker-year a national decision names: same level and
    owner codes, same normalized texts, and allowed to link."""
    level, owner, norm, target_owner, target_norm = national_key(decision)
    target_level = TARGET_LEVEL.get(level)
    sources = [i for i in sy.indicators if i.level == level and i.owner == owner and i.norm == norm]
    if not sources:
        return []
    targets = [
        i
        for i in sy.indicators
        if i.level == target_level and i.owner == target_owner and i.norm == target_norm
    ]
    return [(s, t) for s in sources for t in targets if may_link(s, t)]


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
    sy: SatkerYear,
    decisions: Iterable[dict[str, Any]] = (),
    national: Iterable[dict[str, Any]] = (),
    precedent: Precedent | None = None,
    recall: bool = True,
) -> tuple[list[dict[str, Any]], LinkStats]:
    """The links one satker-year should have: matcher proposals merged with its own
    decisions and the national ones that name a pair it holds. Each link is a map ready for
    ``cypher/link_write.cypher`` plus its source level."""
    stats = LinkStats(satker_years=1, indicators=len(sy.indicators))
    found: list[tuple[Indicator, Indicator, dict[str, Any]]] = []
    for d in decisions:
        ends = resolve(sy, d)
        if ends is None:
            stats.unresolved.append(d["uid"])
        else:
            found.append((*ends, d))
    for d in national:  # one that names no pair here is simply not about this satker-year
        found.extend((s, t, d) for s, t in resolve_national(sy, d))
    # Oldest first, so where two decisions land on one pair (a revision moved an indicator
    # and someone decided again, or a local decision follows a national one) the latest wins.
    latest: dict[tuple[str, str], tuple[Indicator, Indicator, dict[str, Any]]] = {}
    for src, tgt, d in sorted(found, key=lambda f: _timestamp(f[2].get("decided_at"))):
        latest[(src.uid, tgt.uid)] = (src, tgt, d)
    resolved = list(latest.values())
    rejected = {(s.uid, t.uid) for s, t, d in resolved if d["action"] == "reject"}

    links: dict[tuple[str, str], dict[str, Any]] = {}
    for level, target_level in TARGET_LEVEL.items():
        sources = [(i.uid, i.source_group, i.text) for i in sy.of_level(level) if not i.by_name]
        named = [(i.uid, i.source_group, i.text) for i in sy.of_level(level) if i.by_name]
        targets = [(i.uid, i.target_group, i.text) for i in sy.of_level(target_level)]
        proposals = matching.match_groups(sources, targets, exclude=rejected, recall=recall)
        if named:  # RSPP ROs without indicators: on the name, as suggestions at most
            proposals += by_name.match_names(named, targets, exclude=rejected)
        for p in proposals:
            links[(p.source, p.target)] = {
                "level": level,
                "source": p.source,
                "target": p.target,
                "method": p.method,
                "score": p.score,
                "status": p.status,
                "decided_by": None,
                "decided_at": None,
                "origin": "matcher",
                "decided_from": None,
                "reason": p.reason or None,
            }

    if precedent:
        _apply_precedent(sy, links, precedent)

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
        scope = d.get("scope") or "local"
        link.update(
            decided_by=d["decided_by"],
            decided_at=d["decided_at"],
            origin=scope,
            decided_from=f"{d['satker']}/{d['year']}",
            reason=link.get("reason"),
        )
        links[key] = link
        stats.decisions_applied += 1

    for link in links.values():
        stats.links[(link["level"], link["status"])] += 1
    return list(links.values()), stats


def _satker_years(n: int) -> str:
    return f"{n} other satker-year" + ("" if n == 1 else "s")


def _apply_precedent(
    sy: SatkerYear, links: dict[tuple[str, str], dict[str, Any]], precedent: Precedent
) -> None:
    """Strengthen the matcher's suggestions that people confirmed elsewhere (see the module
    docstring); confirmed and rejected links are left alone."""
    for (source, target), link in links.items():
        if link["status"] != "suggested":
            continue
        src, tgt = sy.by_uid(source), sy.by_uid(target)
        if src is None or tgt is None:
            continue
        holders = precedent.get(pair_key(src, tgt), set()) - {(sy.satker, sy.year)}
        if not holders:
            continue
        if (sy.satker, sy.year - 1) in holders:
            said = f"confirmed in this satker's previous year ({sy.year - 1})"
            others = len(holders) - 1
            if others:
                said += f" and in {_satker_years(others)}"
        else:
            latest = max(holders, key=lambda k: (k[1], k[0]))
            said = f"confirmed in {_satker_years(len(holders))} (e.g. {latest[0]}/{latest[1]})"
        boosted = min(PRECEDENT_CAP, link["score"] + PRECEDENT_BOOST)
        link["score"] = round(max(link["score"], boosted), 4)  # never lowered
        link["reason"] = "; ".join(x for x in (link.get("reason"), f"precedent: {said}") if x)


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
    national = _national(tx.run(query("decision_national")))
    precedent = _precedent(tx.run(query("decision_precedent")))
    stats = LinkStats()
    links: list[dict[str, Any]] = []
    for key, sy in years.items():
        planned, one = plan_links(sy, decisions.get(key, ()), national, precedent)
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
    with driver.session(database=db.database(database)) as session:
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
    records = read(driver, "link_satker_years", database, satker=satker, year=year)
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
    database = db.database(database)
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
    records = read(driver, "link_list", database, satker=satker, year=int(year))
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
            origin=evidence.get("origin") or ("local" if evidence.get("decided_by") else "matcher"),
            decided_from=evidence.get("decided_from"),
            reason=evidence.get("reason"),
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=LINK_COLUMNS)
