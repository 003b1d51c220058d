"""The server-side limits every Neo4j the project talks to must carry.

The audit console's own timeout is a request, not a guarantee: Neo4j checks a transaction's
deadline at its guard points (fetching a row, touching a cursor), and memory only where its
tracker counts allocations. So the server itself must hold a timeout for transactions that
set none and a memory budget per transaction and in total, with tracking on, so that a query
which allocates is killed by the server rather than ending the JVM with an OutOfMemoryError.
What the server cannot stop (an expression that loops without allocating, such as a
``reduce`` over a huge ``range``) the console's text guard refuses before it is sent
(:mod:`tracker.audit.readonly`).

The project's own server gets these lines in its ``neo4j.conf``; an external server (Aura, a
cluster) must be configured with them by whoever runs it, and ``tracker db status`` says
whether it is.

Two more groups are recommended rather than required (:data:`RECOMMENDED`): a transaction
monitor that looks every half second instead of every two (a timed-out query stops up to 1.5 s
sooner), and a planner that gives up its exhaustive join search sooner (the planner runs
before any timeout applies: a pattern of 20 relationships took 4 s to plan by default, 0.6 s
with these). The second pair are internal settings that Aura does not expose; the console's
own caps on query structure (:mod:`tracker.audit.expressions`) hold without them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from neo4j import Driver
from neo4j.exceptions import ClientError, Neo4jError

from tracker.graph.cypher import query

# The project's own server has a 512 MiB heap (tracker.graph.server.HEAP).
TRANSACTION_TIMEOUT = "15m"
TRANSACTION_MEMORY = "160m"
TOTAL_TRANSACTION_MEMORY = "320m"


@dataclass(frozen=True)
class Limit:
    setting: str
    value: str  # what the project's own server is given
    why: str
    # the check for a value read from another server: None means "exactly this value"
    at_most: str | None = None
    kind: str = "bytes"  # how to read at_most: "bytes", "duration" or "number"
    required: bool = True  # False: recommended (RECOMMENDED)


@dataclass(frozen=True)
class LimitStatus:
    setting: str
    expected: str
    actual: str | None  # None: the server would not say
    ok: bool | None  # None: unknown
    required: bool = True


LIMITS: tuple[Limit, ...] = (
    Limit(
        "db.transaction.timeout",
        TRANSACTION_TIMEOUT,
        "transactions that set no timeout of their own are stopped (0 means never)",
        at_most="1h",
        kind="duration",
    ),
    Limit(
        "db.memory.transaction.max",
        TRANSACTION_MEMORY,
        "one transaction is killed when its tracked memory passes this (0 means no limit)",
        at_most="1g",
    ),
    Limit(
        "dbms.memory.transaction.total.max",
        TOTAL_TRANSACTION_MEMORY,
        "all transactions together stay under this share of the heap",
        at_most="64g",
    ),
    Limit(
        "dbms.memory.tracking.enable",
        "true",
        "without tracking neither memory limit is enforced",
    ),
)


RECOMMENDED: tuple[Limit, ...] = (
    Limit(
        "db.transaction.monitor.check.interval",
        "500ms",
        "how often timeouts are checked: a query stops at most this long after its timeout",
        at_most="2s",
        kind="duration",
        required=False,
    ),
    Limit(
        "internal.cypher.idp_solver_duration_threshold",
        "100",
        "milliseconds the planner searches join orders exhaustively before settling",
        at_most="1000",
        kind="number",
        required=False,
    ),
    Limit(
        "internal.cypher.idp_solver_table_threshold",
        "16",
        "plans the planner's join search keeps per step",
        at_most="128",
        kind="number",
        required=False,
    ),
)


def conf_lines() -> list[str]:
    """The ``neo4j.conf`` lines of the project's own server."""
    return [f"{limit.setting}={limit.value}" for limit in (*LIMITS, *RECOMMENDED)]


_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2}
_UNITS |= {"mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}
_DURATION = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _bytes(text: str) -> float | None:
    m = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", text)
    if m is None or m.group(2).lower() not in _UNITS:
        return None
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def _seconds(text: str) -> float | None:
    """``15m``, ``900s``, ``PT15M``, ``1h30m`` or ``0`` as seconds."""
    text = text.strip()
    iso = re.fullmatch(r"PT(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?", text, re.IGNORECASE)
    if iso and any(iso.groups()):
        h, m, s = (float(g or 0) for g in iso.groups())
        return h * 3600 + m * 60 + s
    parts = re.findall(r"([\d.]+)\s*(ms|s|m|h|d)?", text.lower())
    if not parts or re.sub(r"[\d.\s]|ms|s|m|h|d", "", text.lower()):
        return None
    return sum(float(n) * _DURATION[u or "s"] for n, u in parts)


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def judge(limit: Limit, actual: str | None) -> bool | None:
    """Whether a server's value of this setting holds the limit (None when unreadable)."""
    if actual is None:
        return None
    if limit.at_most is None:
        return actual.strip().lower() == limit.value
    measure = {"duration": _seconds, "bytes": _bytes, "number": _number}[limit.kind]
    value, bound = measure(actual), measure(limit.at_most)
    if value is None or bound is None:
        return None
    return 0 < value <= bound


def read_settings(driver: Driver, database: str | None = None) -> Mapping[str, str] | None:
    """The server's values of :data:`LIMITS` via ``SHOW SETTINGS``, or None when this user
    may not read them (Enterprise without the SHOW SETTING privilege, Aura)."""
    try:
        records, _, _ = driver.execute_query(
            query("server_limit_settings"),
            names=[limit.setting for limit in (*LIMITS, *RECOMMENDED)],
            database_=database,
        )
    except (ClientError, Neo4jError):
        return None
    return {r["name"]: str(r["value"]) for r in records}


def check(driver: Driver, database: str | None = None) -> list[LimitStatus]:
    """Each limit with the server's value and whether it holds (unknown when unreadable)."""
    values = read_settings(driver, database)
    out = []
    for limit in (*LIMITS, *RECOMMENDED):
        actual = None if values is None else values.get(limit.setting)
        ok = judge(limit, actual)
        out.append(LimitStatus(limit.setting, limit.value, actual, ok, limit.required))
    return out
