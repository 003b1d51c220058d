"""People's verdicts on links: confirm a suggestion, reject a wrong one, add one the matcher
missed. The matcher only guesses; a planner or inspector has the last word, and that word must
outlive reloads, revisions and fresh databases.

So a decision is stored twice, in forms that do not depend on node identity:

* in the graph as a ``LinkDecision`` node (not part of any plan, so deleting a satker-year's
  plan on reload leaves it alone), re-applied by :mod:`tracker.trace.linker` on every (re)link;
* in a plain CSV file (``seeds/link_decisions.csv`` by default), reviewed in git and imported
  into a new database with ``tracker link import``.

Both ends of a decision are named by stable keys, never uids: satker, year, and for each end
its level (``output``/``kegiatan``/``program``), owner code (``3355.003``, ``3355``,
``076.01.01``), indicator code, seq (1-based position in the owner's list; codes repeat) and
text. There is one decision per pair of ends; a later decision on the same pair replaces an
earlier one, and an import never replaces a newer decision with an older one.

A decision's ``scope`` is ``local`` (that satker-year only, the default) or ``national``: KPU's
~550 satkers file the same national indicator texts every year, so a central planner
(``perencana_pusat`` or admin, right ``link.decide_national``) may decide a *pair of texts under
the same codes* once: the source's level, owner code and text, the target's owner code and
text, texts compared as the matcher normalizes them. It applies at once to every satker-year,
every year, holding that pair, and to every one loaded later (the linker re-applies national
decisions on each link run). Its ``satker`` and ``year`` say where it was made. A later local
decision in one satker-year wins there only; forgetting the national decision brings back
each satker-year's own view (its own decisions, else the matcher). The command line has no
sign-in (who runs it holds the database's credentials), so only the app checks that right.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from neo4j import Driver

from tracker import access
from tracker.config import config
from tracker.graph import db, nodes
from tracker.graph.cypher import query, read
from tracker.trace import linker, matching

Action = Literal["confirm", "reject", "add"]
ACTIONS: tuple[str, ...] = ("confirm", "reject", "add")
Scope = Literal["local", "national"]
SCOPES: tuple[str, ...] = ("local", "national")
# TRACKER_DECISIONS_FILE moves it (the tests do, so that they never rewrite the tracked file)
DEFAULT_FILE = config().decisions_path
LEVEL_NAMES = {"output": "Indikator Output", "kegiatan": "IKK", "program": "IKP"}


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says which and why."""


@dataclass(frozen=True)
class Decision:
    satker: str
    year: int
    action: str
    source_level: str
    source_owner: str
    source_code: str
    source_seq: int
    source_text: str
    target_level: str
    target_owner: str
    target_code: str
    target_seq: int
    target_text: str
    decided_by: str
    decided_at: datetime
    note: str = ""
    scope: str = "local"

    @property
    def uid(self) -> str:
        """Stable across databases: the pair's keys, plus a digest of both texts (the text is
        part of the key, so a decision about a changed text is a different decision). Only
        blanks are normalized here: editing the abbreviations must not change identities.
        A national decision is named by its pair of texts and owner codes alone (case and
        punctuation normalized too), not by where it was made."""
        if self.scope == "national":
            texts = "\n".join(matching.plain(t) for t in (self.source_text, self.target_text))
            digest = hashlib.sha1(texts.encode()).hexdigest()[:10]
            return (
                f"national/{self.source_level}:{self.source_owner}>"
                f"{self.target_level}:{self.target_owner}/{digest}"
            )
        texts = "\n".join(" ".join(t.split()) for t in (self.source_text, self.target_text))
        digest = hashlib.sha1(texts.encode()).hexdigest()[:10]
        return (
            f"{self.satker}/{self.year}/"
            f"{self.source_level}:{self.source_owner}/{self.source_code}#{self.source_seq}>"
            f"{self.target_level}:{self.target_owner}/{self.target_code}#{self.target_seq}/"
            f"{digest}"
        )

    def props(self) -> dict[str, Any]:
        """The LinkDecision node's properties."""
        return {"uid": self.uid, **asdict(self)}

    def row(self) -> dict[str, str]:
        """One line of the decisions file."""
        out = {k: str(v) for k, v in asdict(self).items()}
        out["decided_at"] = self.decided_at.astimezone(UTC).isoformat(timespec="seconds")
        return out

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Decision:
        values = {f.name: props.get(f.name) for f in fields(cls)}
        values["decided_at"] = _as_datetime(values["decided_at"])
        values["note"] = values["note"] or ""
        values["scope"] = values["scope"] or "local"
        return cls(**values)


FILE_COLUMNS = [f.name for f in fields(Decision)]


def _as_datetime(value: Any) -> datetime:
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise DecisionError(f"not a date and time: {value!r}")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- naming indicator ends ----------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """How a person names an indicator: level, owner code, and its seq and/or code
    (``output:3355.003#1``, ``program:076.01.01/05.01``), or its uid."""

    level: str | None = None
    owner: str | None = None
    seq: int | None = None
    code: str | None = None
    uid: str | None = None

    def __str__(self) -> str:
        if self.uid:
            return self.uid
        code = f"/{self.code}" if self.code else ""
        seq = f"#{self.seq}" if self.seq is not None else ""
        return f"{self.level}:{self.owner}{code}{seq}"


_REF = re.compile(
    r"^(?:(?P<level>\w+):)?(?P<owner>[\w.]+)(?:/(?P<code>[\w.]+))?(?:#(?P<seq>\d+))?$"
)
_UID = re.compile(r"/(?:P|S|K|O|IKP|IKK|IO)/")


def guess_level(owner: str) -> str:
    """Owner codes have a shape per level: a program is K/L . unit . program (``076.01.01``,
    ``076.01.WA``), a kegiatan four digits (``3355``), an output the kegiatan and more
    (``3355.003``, the RSPP RO ``3357.EBA.956``, which has as many dots as a program)."""
    head, _, rest = owner.partition(".")
    if len(head) == 4 and head.isdigit():
        return "output" if rest else "kegiatan"
    return "program"


def parse_ref(text: str) -> Ref:
    """``LEVEL:OWNER/CODE#SEQ`` with CODE or SEQ optional (``output:3355.003#1``,
    ``kegiatan:3355#2``, ``program:076.01.01/05.01``); LEVEL may be left out (it follows from
    the owner code's shape). A uid is accepted as is."""
    text = text.strip()
    if _UID.search(text):
        return Ref(uid=text)
    m = _REF.match(text)
    if m is None or (m["code"] is None and m["seq"] is None):
        raise DecisionError(
            f"cannot read indicator {text!r}: expected LEVEL:OWNER/CODE#SEQ, e.g. "
            "output:3355.003#1, kegiatan:3355#2 or program:076.01.01/05.01 (LEVEL is output, "
            "kegiatan or program; SEQ is the position in the owner's list; give CODE, SEQ or "
            "both)"
        )
    level = m["level"] or guess_level(m["owner"])
    if level not in linker.LEVELS:
        raise DecisionError(f"unknown level {level!r} in {text!r}; expected {linker.LEVELS}")
    seq = int(m["seq"]) if m["seq"] else None
    return Ref(level=level, owner=m["owner"], seq=seq, code=m["code"])


def find_indicator(sy: linker.SatkerYear, ref: Ref | str) -> linker.Indicator:
    """The one indicator ``ref`` names in this satker-year (DecisionError if none or several:
    an IKP's seq restarts in each sasaran, so it may need its code)."""
    ref = parse_ref(ref) if isinstance(ref, str) else ref
    if ref.uid is not None:
        hit = sy.by_uid(ref.uid)
        hits = [hit] if hit else []
    else:
        hits = [
            i
            for i in sy.indicators
            if i.level == ref.level
            and i.owner == ref.owner
            and (ref.seq is None or i.seq == ref.seq)
            and (ref.code is None or i.code == ref.code)
        ]
    if not hits:
        raise DecisionError(f"no indicator {ref} in satker {sy.satker}, year {sy.year}")
    if len(hits) > 1:
        names = ", ".join(f"{i.owner}/{i.code}#{i.seq}" for i in hits)
        raise DecisionError(f"{ref} names several indicators ({names}): give code and seq")
    return hits[0]


# --- recording ------------------------------------------------------------------------------


def record(driver: Driver, decisions: Sequence[Decision], database: str | None = None) -> int:
    """Write decisions (newer ones win); returns how many were written."""
    if not decisions:
        return 0
    records, _, _ = driver.execute_query(
        query("decision_upsert"),
        decisions=[d.props() for d in decisions],
        database_=db.database(database),
    )
    return records[0]["written"]


def decide(
    driver: Driver,
    satker: str,
    year: int,
    source: Ref | str,
    target: Ref | str,
    action: Action,
    user: str | access.User | None = None,
    note: str = "",
    database: str | None = None,
    at: datetime | None = None,
    scope: Scope = "local",
) -> dict[str, Any]:
    """Record one decision, re-link the satker-year, and return the link as it now stands.

    ``scope="national"`` decides the pair of texts for every satker-year holding it (see the
    module docstring): it needs the right ``link.decide_national``, and every satker-year it
    reaches is re-linked at once; the returned row then carries ``reached`` (how many).

    ``confirm`` and ``reject`` act on a link the matcher (or an earlier decision) made;
    ``add`` creates one it missed. An IO can only serve an IKK of its own kegiatan, an IKK only
    an IKP of its own program.

    ``user`` as an :class:`tracker.access.User` (the app's signed-in person) must have a role
    that may decide links, else ``PermissionDenied`` and nothing is written; a plain name (the
    CLI, run by someone who holds the database's credentials anyway) is recorded as given.
    """
    if scope not in SCOPES:
        raise DecisionError(f"unknown scope {scope!r}; expected one of {SCOPES}")
    if isinstance(user, access.User):
        access.require(user, "link.decide")
        if scope == "national":
            access.require(user, "link.decide_national")
        user = user.name
    if action not in ACTIONS:
        raise DecisionError(f"unknown action {action!r}; expected one of {ACTIONS}")
    database = db.database(database)
    year = int(year)
    sy = linker.fetch(driver, [(satker, year)], database)[(satker, year)]
    if not sy.indicators:
        raise DecisionError(f"satker {satker} has no current plan for {year}")
    src, tgt = find_indicator(sy, source), find_indicator(sy, target)
    if not linker.may_link(src, tgt):
        raise DecisionError(
            f"{LEVEL_NAMES[src.level]} {src.owner}#{src.seq} cannot serve "
            f"{LEVEL_NAMES[tgt.level]} {tgt.owner}#{tgt.seq}: an Indikator Output serves only "
            "IKK of its own kegiatan, an IKK only IKP of its own program"
        )
    existing = nodes.serves(src.level, src.uid, tgt.uid, driver, database)
    if action in ("confirm", "reject") and existing is None:
        # A reload commits its plan before it links it: in between, the matcher's links are
        # not there yet. Link now (what the reload is about to do) and look again.
        linker.link_satker_year(driver, satker, year, database)
        existing = nodes.serves(src.level, src.uid, tgt.uid, driver, database)
    if action in ("confirm", "reject") and existing is None:
        raise DecisionError(
            f"there is no link from {src.level}:{src.owner}#{src.seq} to "
            f"{tgt.level}:{tgt.owner}#{tgt.seq} to {action}; use `add` to create one"
        )
    ends = {
        f"{side}_{key}": getattr(end, key)
        for side, end in (("source", src), ("target", tgt))
        for key in ("level", "owner", "code", "seq", "text")
    }
    decision = Decision(
        satker=satker,
        year=year,
        action=action,
        **ends,
        decided_by=user or access.default_user(),
        decided_at=at or datetime.now(UTC),
        note=note,
        scope=scope,
    )
    record(driver, [decision], database)
    if scope == "national":
        keys = sorted(set(reach(driver, decision.props(), database)) | {(satker, year)})
        _relink(driver, keys, database)
    else:
        linker.link_satker_year(driver, satker, year, database)
    row = _link_row(driver, satker, year, src.uid, tgt.uid, database)
    assert row is not None, "a decided link is always written"
    if scope == "national":
        row["reached"] = len(keys)
    return row


def _relink(driver: Driver, keys: Sequence[tuple[str, int]], database: str) -> linker.LinkStats:
    total = linker.LinkStats()
    for start in range(0, len(keys), linker.BATCH):
        total.add(linker.link_batch(driver, keys[start : start + linker.BATCH], database))
    return total


def reach(
    driver: Driver, decision: dict[str, Any], database: str | None = None
) -> list[tuple[str, int]]:
    """The satker-years holding a national decision's pair of texts (under the same owner
    codes, texts compared normalized), sorted: what a national decision reaches."""
    key = linker.national_key(decision)
    records = read(
        driver,
        "decision_reach",
        database,
        source_level=decision["source_level"],
        source_owner=decision["source_owner"],
        target_owner=decision["target_owner"],
    )
    sides: dict[str, set[tuple[str, int]]] = {"source": set(), "target": set()}
    wanted = {"source": key[2], "target": key[4]}
    for r in records:
        if matching.normalize(r["text"] or "") == wanted[r["side"]]:
            sides[r["side"]].update((k["satker"], int(k["year"])) for k in r["keys"])
    return sorted(sides["source"] & sides["target"])


def preview(
    driver: Driver,
    satker: str,
    year: int,
    source: Ref | str,
    target: Ref | str,
    database: str | None = None,
) -> list[tuple[str, int]]:
    """Before a national decision on the pair source → target of this satker-year: every
    satker-year it would reach (this one included)."""
    database = db.database(database)
    sy = linker.fetch(driver, [(satker, int(year))], database)[(satker, int(year))]
    src, tgt = find_indicator(sy, source), find_indicator(sy, target)
    pair = {
        "source_level": src.level,
        "source_owner": src.owner,
        "source_text": src.text,
        "target_owner": tgt.owner,
        "target_text": tgt.text,
    }
    return reach(driver, pair, database)


def _verb(action: Action, doc: str) -> Callable[..., dict[str, Any]]:
    """``decide`` with its action fixed: ``confirm``, ``reject`` and ``add`` below."""

    def verb(
        driver: Driver,
        satker: str,
        year: int,
        source: Ref | str,
        target: Ref | str,
        user: str | access.User | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        return decide(driver, satker, year, source, target, action, user, **kw)

    verb.__name__ = verb.__qualname__ = action
    verb.__doc__ = doc
    return verb


confirm = _verb("confirm", "A person agrees the source serves the target.")
reject = _verb(
    "reject", "A person says no: the link stays recorded as rejected and is never suggested again."
)
add = _verb("add", "A person adds a link the matcher missed (method ``manual``).")


def forget(
    driver: Driver,
    satker: str,
    year: int,
    source: Ref | str,
    target: Ref | str,
    database: str | None = None,
    scope: Scope = "local",
) -> int:
    """Undo: delete the decisions on this pair; the matcher's view returns. Returns how many
    decisions were deleted (the file keeps them until it is exported again with replace).

    ``scope="local"`` forgets this satker-year's own decisions (a national one on the pair
    then applies again); ``scope="national"`` forgets the national decisions on the pair of
    texts, and every satker-year they reached goes back to its own view."""
    database = db.database(database)
    year = int(year)
    sy = linker.fetch(driver, [(satker, year)], database)[(satker, year)]
    src, tgt = find_indicator(sy, source), find_indicator(sy, target)
    deleted = 0
    if scope == "national":
        key = linker.pair_key(src, tgt)
        keys: set[tuple[str, int]] = {(satker, year)}
        for d in linker.fetch_national(driver, database):
            if linker.national_key(d) == key:
                keys.update(reach(driver, d, database))
                records, _, _ = driver.execute_query(
                    query("decision_delete"), uid=d["uid"], database_=database
                )
                deleted += records[0]["deleted"]
        _relink(driver, sorted(keys), database)
        return deleted
    for d in list_decisions(driver, satker, year, database):
        if d.scope != "local":
            continue
        ends = linker.resolve(sy, d.props())
        if ends is not None and (ends[0].uid, ends[1].uid) == (src.uid, tgt.uid):
            records, _, _ = driver.execute_query(
                query("decision_delete"), uid=d.uid, database_=database
            )
            deleted += records[0]["deleted"]
    linker.link_satker_year(driver, satker, year, database)
    return deleted


def _link_row(
    driver: Driver, satker: str, year: int, source: str, target: str, database: str
) -> dict[str, Any] | None:
    df = linker.links(driver, satker, year, database)
    hit = df[(df.source_uid == source) & (df.target_uid == target)]
    return None if hit.empty else hit.iloc[0].to_dict()


def list_decisions(
    driver: Driver,
    satker: str | None = None,
    year: int | None = None,
    database: str | None = None,
) -> list[Decision]:
    records = read(
        driver, "decision_list", database, satker=satker, year=None if year is None else int(year)
    )
    return [Decision.from_props(dict(r["decision"])) for r in records]


# --- the decisions file ---------------------------------------------------------------------


def read_file(path: Path) -> list[Decision]:
    """Every decision in a decisions file, validated. A bad row raises DecisionError naming
    the file, line and what was expected; nothing is returned for a bad file."""
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        # note and scope are optional: files written before national decisions still import
        missing = [c for c in FILE_COLUMNS if c not in header and c not in ("note", "scope")]
        if missing:
            raise DecisionError(f"{path}:1: missing columns {missing}; expected {FILE_COLUMNS}")
        out = []
        for row in reader:
            out.append(_from_row(row, path, reader.line_num))
    return out


def _from_row(row: dict[str, str | None], path: Path, line: int) -> Decision:
    def bad(msg: str) -> DecisionError:
        return DecisionError(f"{path}:{line}: {msg}")

    get = {k: (v or "").strip() for k, v in row.items() if k is not None}
    if get.get("action") not in ACTIONS:
        raise bad(f"action {get.get('action')!r}; expected one of {ACTIONS}")
    scope = get.get("scope") or "local"
    if scope not in SCOPES:
        raise bad(f"scope {scope!r}; expected one of {SCOPES} (empty means local)")
    source_level, target_level = get.get("source_level"), get.get("target_level")
    if source_level not in linker.TARGET_LEVEL:
        raise bad(f"source_level {source_level!r}; expected one of {tuple(linker.TARGET_LEVEL)}")
    if target_level != linker.TARGET_LEVEL[source_level]:
        raise bad(
            f"target_level {target_level!r}; a {source_level} indicator serves a "
            f"{linker.TARGET_LEVEL[source_level]} indicator"
        )
    for name in ("satker", "source_owner", "target_owner", "source_text", "target_text"):
        if not get.get(name):
            raise bad(f"{name} is empty")
    ints = {}
    for name in ("year", "source_seq", "target_seq"):
        try:
            ints[name] = int(get.get(name, ""))
        except ValueError:
            raise bad(f"{name} {get.get(name)!r} is not a whole number") from None
    if not get.get("decided_by"):
        raise bad("decided_by is empty: a decision records who made it")
    try:
        at = _as_datetime(get.get("decided_at", ""))
    except (ValueError, DecisionError):
        raise bad(
            f"decided_at {get.get('decided_at')!r} is not an ISO date and time "
            "(e.g. 2024-03-01T10:15:00+00:00)"
        ) from None
    return Decision.from_props({**get, **ints, "decided_at": at, "scope": scope})


def write_file(path: Path, decisions: Iterable[Decision]) -> int:
    """Write a decisions file atomically (a crash leaves the old file), sorted so diffs in
    review show only what changed."""
    path = Path(path)
    rows = sorted((d.row() for d in decisions), key=_file_order)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".decisions-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FILE_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows)


def _file_order(row: dict[str, str]) -> tuple[Any, ...]:
    return (
        row["scope"] != "national",
        row["satker"],
        int(row["year"]),
        row["source_level"] != "output",
        row["source_owner"],
        int(row["source_seq"]),
        row["target_owner"],
        int(row["target_seq"]),
    )


def export_decisions(
    driver: Driver,
    path: Path = DEFAULT_FILE,
    merge: bool = True,
    database: str | None = None,
) -> int:
    """Write the graph's decisions to ``path``. With ``merge`` (the default) decisions already
    in the file but not in the graph are kept, and of two versions of one decision the newer
    wins, so exporting from a database that never imported the file loses nothing."""
    ours = {d.uid: d for d in list_decisions(driver, database=database)}
    if merge and Path(path).exists():
        for d in read_file(Path(path)):
            if d.uid not in ours or ours[d.uid].decided_at < d.decided_at:
                ours[d.uid] = d
    return write_file(Path(path), ours.values())


@dataclass
class ImportResult:
    rows: int = 0
    written: int = 0  # new or newer than the graph's
    relinked: int = 0  # satker-years re-linked so the decisions took effect
    unresolved: list[str] = field(default_factory=list)  # decisions whose ends are not found


def import_decisions(
    driver: Driver,
    path: Path = DEFAULT_FILE,
    relink: bool = True,
    database: str | None = None,
) -> ImportResult:
    """Read a decisions file into the graph (all rows or none) and re-link the satker-years it
    names that have a plan, so the decisions take effect at once."""
    database = db.database(database)
    decisions = read_file(Path(path))
    result = ImportResult(rows=len(decisions))
    result.written = record(driver, decisions, database)
    if relink and decisions:
        local = [d for d in decisions if d.scope == "local"]
        wanted = {(d.satker, d.year) for d in local}
        for d in decisions:
            if d.scope == "national":
                wanted.update(reach(driver, d.props(), database))
        present = [k for k in linker.satker_years(driver, database=database) if k in wanted]
        stats = _relink(driver, present, database)
        result.relinked += stats.satker_years
        result.unresolved.extend(stats.unresolved)
        missing = wanted - set(present)
        result.unresolved.extend(d.uid for d in local if (d.satker, d.year) in missing)
    return result
