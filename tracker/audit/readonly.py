"""The read-only guard for Cypher typed by people (auditors, the app's console).

A READ transaction alone is not access control: on a single server Neo4j may route a write
through it, and procedures, ``LOAD CSV`` and ``TERMINATE TRANSACTION`` count as "reads". So a
query has to pass every layer before its rows are fetched, and each layer would refuse the
usual attacks on its own:

1. **Text** (:func:`check_text`): NFKC look-alikes, invisible characters and non-ASCII outside
   quoted strings are refused (``ＣＲＥＡＴＥ``, Cyrillic ``С``); then, with comments, strings
   and quoted names blanked out, several statements (``;``), write and admin keywords,
   ``LOAD CSV``, ``IN TRANSACTIONS`` and procedure calls outside :data:`ALLOWED_PROCEDURES`.
1b. **Bounds** (:func:`check_bounds`, ad-hoc queries): the server checks its deadline only
   between rows, does not count an expression's own lists and strings against its memory
   limits, and plans a query before any timeout applies, so what it could not stop is
   refused: ``range()`` over more than :data:`MAX_RANGE_ELEMENTS` (or with unchecked bounds),
   an iteration inside another's body, ``reduce`` building strings or lists, long string
   literals, and (:mod:`tracker.audit.expressions`) values grown within a row, ``COLLECT {}``,
   backtracking regular expressions, planner bombs, oversized parameters.
2. **Plan** (:func:`check_plan`): the server's own ``EXPLAIN`` is authoritative. The query type
   must be ``r``; the plan may hold no write, schema, admin, ``LoadCSV``, ``Terminate…`` or
   disallowed ``Show…`` operator, no procedure outside the allow-list, and must run on the
   session's own database.
3. **Execution** (:func:`execute`): a READ-mode session and an explicit transaction with a
   server-side timeout, rows fetched up to a cap (one more is asked for, to say the result was
   cut), and the transaction is always rolled back, never committed. A query that outlives
   its timeout is terminated on the server by its run id and checked to be gone; one the
   server never answers has its connection cut (:func:`sever`), and so has a plan
   (``EXPLAIN``) that takes longer than the timeout.

Parameters are always sent as parameters; nothing here pastes values into query text.
:func:`tracker.audit.library.run_readonly` runs the layers in this order and logs the run:
the one place that puts them together, so the CLI, the app and the tests share it.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import Driver
from neo4j.exceptions import ClientError, CypherSyntaxError, DriverError, Neo4jError

from tracker.audit import expressions
from tracker.graph.cypher import query

T = TypeVar("T")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Procedures an auditor may call: schema introspection, nothing that touches files or config.
ALLOWED_PROCEDURES: frozenset[str] = frozenset(
    _words(
        "db.labels db.relationshipTypes db.propertyKeys db.schema.visualization "
        "db.schema.nodeTypeProperties db.schema.relTypeProperties"
    )
)

#: ``SHOW …`` commands that only describe the graph's schema (no users, settings, queries).
ALLOWED_SHOW_OPERATORS: frozenset[str] = frozenset(
    _words("ShowIndexes ShowConstraints ShowFunctions ShowProcedures")
)
# What may follow SHOW: schema descriptions, optionally qualified (SHOW RANGE INDEXES, SHOW
# USER DEFINED FUNCTIONS); never USERS, ROLES, SETTINGS, TRANSACTIONS, DATABASES, SERVERS.
_SHOW_TARGETS = frozenset(
    _words("INDEX INDEXES CONSTRAINT CONSTRAINTS FUNCTION FUNCTIONS PROCEDURE PROCEDURES")
)
_SHOW_QUALIFIERS = frozenset(
    _words(
        "ALL RANGE TEXT POINT LOOKUP FULLTEXT VECTOR UNIQUE UNIQUENESS EXIST EXISTS EXISTENCE KEY "
        "NODE RELATIONSHIP REL PROPERTY BUILT IN USER DEFINED TYPE"
    )
)

#: Namespaces of Cypher's built-in functions. Anything else (``apoc.…``, ``gds.…``) is a plugin
#: function, which the plan does not show and which may read files or URLs or run Cypher.
ALLOWED_FUNCTION_NAMESPACES: frozenset[str] = frozenset(
    _words("date datetime localdatetime localtime time duration point vector db")
)
MAX_QUERY_CHARS = 20_000
#: Longest the console waits for the server to plan a query (EXPLAIN).
PLAN_TIMEOUT_S = 30.0

# Words that only ever start a clause or command that writes, changes the schema, administers
# the server or reaches outside the graph. Matched as whole words in code, never in strings,
# comments or `quoted names`.
_FORBIDDEN_WORDS = (
    *_words("CREATE MERGE SET DELETE DETACH REMOVE DROP FOREACH INSERT"),
    *_words("GRANT DENY REVOKE ALTER RENAME TERMINATE USE"),
    r"LOAD\s+CSV",
    r"USING\s+PERIODIC",
    r"(?:START|STOP|CREATE|DROP|ALTER)\s+DATABASE",
    r"(?:ENABLE|DEALLOCATE|REALLOCATE|DROP|RENAME|ALTER)\s+SERVERS?",
)
# Not after ``.``, ``$`` or ``:`` (a property, parameter, label or type of that name) and not
# before ``:`` (a map key or variable with a label).
_FORBIDDEN_RE = re.compile(
    r"(?<![.$:\w])(" + "|".join(_FORBIDDEN_WORDS) + r")(?!\w)(?!\s*:)", re.IGNORECASE
)
_IN_TRANSACTIONS_RE = re.compile(
    r"\bIN\s+(?:\d+\s+|\$?\w+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE
)
_CALL_RE = re.compile(r"(?<![.$:\w])CALL\b\s*(\S?)", re.IGNORECASE)
_PROC_NAME_RE = re.compile(r"[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*")
_SHOW_RE = re.compile(r"(?<![.$:\w])SHOW\b((?:\s+\w+){0,5})", re.IGNORECASE)
_NAMESPACED_CALL_RE = re.compile(r"(?<![.$:\w])([A-Za-z_]\w*)((?:\s*\.\s*[A-Za-z_]\w*)+)\s*\(")
_PREFIX_RE = re.compile(r"^\s*(EXPLAIN|PROFILE|CYPHER)\b", re.IGNORECASE)

# Plan operators (the part before ``@database``) that write or administer, by prefix.
_WRITE_OPERATOR_PREFIXES = _words(
    "Create Merge LockingMerge Set Remove Delete DetachDelete Foreach TransactionForeach "
    "TransactionApply Drop Terminate LoadCSV Grant Deny Revoke Alter Rename Start Stop Enable "
    "Deallocate Reallocate AdministrationCommand SystemProcedureCall DoNothingIfExists "
    "EnsureValid AssertAllowed Insert"
)

# Server error codes that mean "your transaction ran out of time".
_TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.Terminated",
    "Neo.ClientError.Transaction.Terminated",
    "Neo.TransientError.Transaction.LockClientStopped",
)


class ReadOnlyViolation(Exception):
    """The query was refused before any of it ran. ``str()`` is the one line to show."""

    def __init__(self, reason: str, layer: str) -> None:
        self.reason = reason
        self.layer = layer  # "text", "bounds", "plan" or "server"
        promise = "queries the server can stop" if layer == "bounds" else "read-only queries"
        super().__init__(f"Refused: {reason}. The audit console only runs {promise}.")


class QueryTimeout(Exception):
    """The query ran out of time. ``on_server`` says what became of it there: ``"gone"`` (no
    longer listed), ``"running"`` (still listed after the console terminated it: the server
    cannot interrupt it) or ``"unknown"`` (this user may not list transactions)."""

    def __init__(
        self, timeout_s: float, on_server: str = "gone", transaction_id: str | None = None
    ) -> None:
        self.timeout_s = timeout_s
        self.on_server = on_server
        self.transaction_id = transaction_id
        fate = {
            "gone": "it is no longer running on the server",
            "running": f"the console asked the server to terminate it, but the server still "
            f"runs it ({transaction_id}) and cannot interrupt it; tell the database "
            "administrator",
            "unknown": "the console could not check that the server stopped it (this user "
            "may not list transactions)",
        }[on_server]
        super().__init__(
            f"The query was stopped after the {timeout_s:g} s time limit: {fate}. Narrow it down "
            "(filter on satker and year, add LIMIT) or ask for a longer timeout."
        )


class QueryError(Exception):
    """The server could not run the query (bad syntax, unknown function, wrong parameter)."""


@dataclass(frozen=True)
class Fetched:
    columns: list[str]
    records: list[neo4j.Record]
    truncated: bool
    duration_s: float


# ---------------------------------------------------------------------------------------------
# Layer 1: the text


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def _mask(text: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """The query with comments blanked and the insides of strings and `quoted names` replaced
    by spaces (offsets preserved), plus the spans of string literals and of comments. Raises on
    an unterminated string or comment, since the rest could not be read."""
    out = list(text)
    strings: list[tuple[int, int]] = []
    comments: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            for j in range(i, end):
                out[j] = " "
            comments.append((i, end))
            i = end
        elif ch == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ReadOnlyViolation(f"unterminated /* comment at {_where(text, i)}", "text")
            for j in range(i, end + 2):
                out[j] = " " if text[j] != "\n" else "\n"
            comments.append((i, end + 2))
            i = end + 2
        elif ch in ("'", '"'):
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise ReadOnlyViolation(f"unterminated string at {_where(text, i)}", "text")
            for k in range(i + 1, j):
                out[k] = " " if text[k] != "\n" else "\n"
            strings.append((i + 1, j))
            i = j + 1
        elif ch == "`":
            j = i + 1
            while j < n and not (text[j] == "`" and not text.startswith("``", j)):
                j += 2 if text.startswith("``", j) else 1
            if j >= n:
                raise ReadOnlyViolation(f"unterminated `quoted name` at {_where(text, i)}", "text")
            for k in range(i + 1, j):
                out[k] = "x" if text[k] != "\n" else "\n"
            i = j + 1
        else:
            i += 1
    return "".join(out), strings, comments


def _check_characters(
    text: str, strings: list[tuple[int, int]], comments: list[tuple[int, int]]
) -> None:
    """Comments may hold any prose (the server ignores them). Elsewhere nothing NFKC would
    change (fullwidth letters, ligatures, ``…``) and nothing invisible; outside strings, plain
    ASCII only, which also stops Cyrillic or Greek look-alikes NFKC leaves alone."""
    region = [0] * len(text)  # 0 code, 1 string, 2 comment
    for start, end in strings:
        region[start:end] = [1] * (end - start)
    for start, end in comments:
        region[start:end] = [2] * (end - start)
    for pos, ch in enumerate(text):
        if ch in "\t\n\r" or region[pos] == 2:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise ReadOnlyViolation(
                f"invisible or control character {_char_name(ch)} at {_where(text, pos)}", "text"
            )
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            raise ReadOnlyViolation(
                f"look-alike character {_char_name(ch)} at {_where(text, pos)} "
                f"(it normalizes to {folded!r}); type plain characters",
                "text",
            )
        if ord(ch) > 127 and region[pos] == 0:
            raise ReadOnlyViolation(
                f"non-ASCII character {_char_name(ch)} at {_where(text, pos)} outside a quoted "
                "string; Cypher keywords and names here are plain ASCII",
                "text",
            )
    for start, end in strings:  # combining sequences NFKC would fold together
        if unicodedata.normalize("NFKC", text[start:end]) != text[start:end]:
            raise ReadOnlyViolation(
                f"characters that change under NFKC normalization in the string at "
                f"{_where(text, start)}",
                "text",
            )


def check_text(cypher: str) -> str:
    """Refuse what is plainly not a read-only query, naming what and where; return the query
    with one trailing ``;`` removed (the form sent to the server)."""
    if not isinstance(cypher, str) or not cypher.strip():
        raise ReadOnlyViolation("the query is empty", "text")
    if len(cypher) > MAX_QUERY_CHARS:
        raise ReadOnlyViolation(
            f"the query is {len(cypher):,} characters long (at most {MAX_QUERY_CHARS:,})", "text"
        )
    masked, strings, comments = _mask(cypher)
    _check_characters(cypher, strings, comments)

    body = masked.rstrip()
    if body.endswith(";"):
        body = body[:-1]
        cut = len(body)
        cypher = cypher[:cut] + cypher[cut + 1 :]
        masked = masked[:cut] + masked[cut + 1 :]
    if ";" in body:
        pos = body.index(";")
        raise ReadOnlyViolation(
            f"several statements (';' at {_where(cypher, pos)}); run one query at a time", "text"
        )
    if not body.strip():
        raise ReadOnlyViolation("the query is empty (only comments)", "text")
    prefix = _PREFIX_RE.match(masked)
    if prefix:
        raise ReadOnlyViolation(
            f"{prefix.group(1).upper()} prefix: write the query alone, the console plans it itself",
            "text",
        )
    m = _IN_TRANSACTIONS_RE.search(masked)
    if m:
        raise ReadOnlyViolation(
            f"CALL {{ … }} IN TRANSACTIONS at {_where(cypher, m.start())} (it commits batches)",
            "text",
        )
    m = _FORBIDDEN_RE.search(masked)
    if m:
        word = " ".join(m.group(1).upper().split())
        what = "LOAD CSV reads files and URLs" if word == "LOAD CSV" else f"{word} is not read-only"
        raise ReadOnlyViolation(f"{what} ({_where(cypher, m.start())})", "text")
    for m in _SHOW_RE.finditer(masked):
        words = m.group(1).upper().split()
        allowed = False
        for word in words:
            if word in _SHOW_TARGETS:
                allowed = True
                break
            if word not in _SHOW_QUALIFIERS:
                break
        if not allowed:
            raise ReadOnlyViolation(
                f"SHOW {' '.join(words[:2])} at {_where(cypher, m.start())}: only SHOW INDEXES, "
                "CONSTRAINTS, FUNCTIONS and PROCEDURES describe the graph",
                "text",
            )
    for m in _CALL_RE.finditer(masked):
        after = m.group(1)
        if after in ("{", "("):  # a subquery
            continue
        start = m.end(1) - len(after)
        name_match = _PROC_NAME_RE.match(masked, start)
        if after == "`" or (name_match is None and after):
            raise ReadOnlyViolation(
                f"CALL of a quoted or unreadable procedure name at {_where(cypher, m.start())}",
                "text",
            )
        name = re.sub(r"\s+", "", name_match.group(0)) if name_match else ""
        if name not in ALLOWED_PROCEDURES:
            raise ReadOnlyViolation(
                f"procedure {name or '?'} at {_where(cypher, m.start())} is not on the "
                f"allow-list ({', '.join(sorted(ALLOWED_PROCEDURES))})",
                "text",
            )
    for m in _NAMESPACED_CALL_RE.finditer(masked):
        namespace = m.group(1)
        if namespace.lower() not in ALLOWED_FUNCTION_NAMESPACES:
            name = namespace + re.sub(r"\s+", "", m.group(2))
            raise ReadOnlyViolation(
                f"function {name} at {_where(cypher, m.start())} is not a built-in Cypher function",
                "text",
            )
    return cypher


# ---------------------------------------------------------------------------------------------
# Layer 1b: expressions the server cannot stop (ad-hoc queries)

#: Most elements a ``range()`` may produce. The server checks its deadline between rows, not
#: inside one expression, and does not count an expression's lists and strings against the
#: transaction's memory budget; so the size of what one expression can iterate over or build
#: is bounded here, before the query is sent.
MAX_RANGE_ELEMENTS = 10_000
#: Longest string literal: a comprehension over a range may copy it into every element.
MAX_LITERAL_CHARS = 1_000

_OPEN = {"(": ")", "[": "]", "{": "}"}
_RANGE_RE = re.compile(r"(?<![.$:\w])range\s*\(", re.IGNORECASE)
_REDUCE_RE = re.compile(r"(?<![.$:\w])reduce\s*\(", re.IGNORECASE)
_QUANTIFIER_RE = re.compile(
    r"(?<![.$:\w])(?:any|all|none|single)\s*\(\s*[A-Za-z_]\w*\s+IN\b", re.IGNORECASE
)
_COMPREHENSION_RE = re.compile(r"\[\s*[A-Za-z_]\w*\s+IN\b", re.IGNORECASE)
_QUOTED_CALL_RE = re.compile(r"`[^`]*`\s*\(")
_UNWIND_BEFORE_RE = re.compile(r"(?<![.$:\w])UNWIND\s*$", re.IGNORECASE)
_AS_AFTER_RE = re.compile(r"\s*AS\b", re.IGNORECASE)
_INTEGER_RE = re.compile(r"[+-]?\d+")
_ACC_INIT_RE = re.compile(r"[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null", re.IGNORECASE)


@dataclass(frozen=True)
class _Iteration:
    kind: str  # "list comprehension", "reduce", "any/all/none/single"
    start: int  # where it is written
    body: tuple[int, int]  # what runs once per element: predicate, projection or step


def _pairs(masked: str) -> dict[int, int] | None:
    """Each opening bracket's matching close, or None when they do not balance (the plan
    layer then reports the syntax error)."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for pos, ch in enumerate(masked):
        if ch in _OPEN:
            stack.append(pos)
        elif ch in ")]}":
            if not stack or _OPEN[masked[stack[-1]]] != ch:
                return None
            pairs[stack.pop()] = pos
    return pairs if not stack else None


def _top_level(masked: str, pairs: dict[int, int], start: int, end: int, pattern: str) -> int:
    """The first match of ``pattern`` in ``masked[start:end]`` outside nested brackets."""
    regex = re.compile(pattern, re.IGNORECASE)
    pos = start
    while pos < end:
        if masked[pos] in _OPEN and pos in pairs:
            pos = pairs[pos] + 1
            continue
        if regex.match(masked, pos, end):
            return pos
        pos += 1
    return -1


def _iterations(masked: str, pairs: dict[int, int]) -> Iterator[_Iteration]:
    for m in _COMPREHENSION_RE.finditer(masked):
        close = pairs.get(m.start(), -1)
        cut = _top_level(masked, pairs, m.end(), close, r"\bWHERE\b|\|")
        if close > 0 and cut > 0:
            yield _Iteration("list comprehension", m.start(), (cut, close))
    for m in _QUANTIFIER_RE.finditer(masked):
        open_ = masked.index("(", m.start())
        close = pairs.get(open_, -1)
        cut = _top_level(masked, pairs, m.end(), close, r"\bWHERE\b")
        if close > 0 and cut > 0:
            yield _Iteration("any/all/none/single", m.start(), (cut, close))
    for m in _REDUCE_RE.finditer(masked):
        close = pairs.get(m.end() - 1, -1)
        cut = _top_level(masked, pairs, m.end(), close, r"\|")
        if close > 0 and cut > 0:
            yield _Iteration("reduce", m.start(), (cut, close))


def _range_size(args: list[str], params: Mapping[str, Any], where: str) -> int:
    values = []
    for arg in args:
        arg = arg.strip()
        value: Any = None
        if _INTEGER_RE.fullmatch(arg):
            value = int(arg)
        elif re.fullmatch(r"\$[A-Za-z_]\w*", arg):
            value = params.get(arg[1:])
            if isinstance(value, bool) or not isinstance(value, int):
                value = None
        if value is None:
            raise ReadOnlyViolation(
                f"range() at {where} has the bound {arg!r}; the console takes only whole "
                f"numbers or integer $parameters there, so it can check the size (at most "
                f"{MAX_RANGE_ELEMENTS:,} elements)",
                "bounds",
            )
        values.append(value)
    if len(values) not in (2, 3):
        raise ReadOnlyViolation(f"range() at {where} takes 2 or 3 arguments", "bounds")
    start, end = values[0], values[1]
    step = values[2] if len(values) == 3 else 1
    if step == 0:
        raise ReadOnlyViolation(f"range() at {where} has a step of 0", "bounds")
    return max(0, (end - start) // step + 1)


def check_params(params: Mapping[str, Any] | None) -> None:
    """Refuse parameters larger than a query could be allowed to iterate over or copy (saved
    audits too: their text is reviewed, their parameters are typed by users)."""
    try:
        expressions.check_params(dict(params or {}))
    except expressions.Unbounded as exc:
        raise ReadOnlyViolation(exc.reason, "bounds") from None


def check_bounds(cypher: str, params: Mapping[str, Any] | None = None) -> None:
    """Refuse expressions the server could not stop or whose memory it would not count:
    ``range()`` beyond :data:`MAX_RANGE_ELEMENTS` (or with bounds that cannot be checked),
    iteration inside the body of another iteration (a comprehension, ``reduce`` or
    quantifier per element of another: the work multiplies inside one expression), ``reduce``
    that builds a string, list or map (it copies its growing accumulator at every step), and
    long string literals. Row-by-row work (``UNWIND range(…) AS x``, ``MATCH``) is left to the
    server's timeout and memory limits, which do stop it."""
    params = dict(params or {})
    masked, strings, _ = _mask(cypher)
    for start, end in strings:
        if end - start > MAX_LITERAL_CHARS:
            raise ReadOnlyViolation(
                f"the string at {_where(cypher, start)} is {end - start:,} characters long "
                f"(at most {MAX_LITERAL_CHARS:,} in the console)",
                "bounds",
            )
    m = _QUOTED_CALL_RE.search(masked)
    if m:
        raise ReadOnlyViolation(
            f"a function called by a `quoted name` at {_where(cypher, m.start())}", "bounds"
        )
    pairs = _pairs(masked)
    if pairs is None:
        return
    try:
        expressions.analyze(cypher, masked, params)
    except expressions.Unbounded as exc:
        where = f" at {_where(cypher, exc.pos)}" if exc.pos is not None else ""
        raise ReadOnlyViolation(f"{exc.reason}{where}", "bounds") from None
    for m in _RANGE_RE.finditer(masked):
        open_ = m.end() - 1
        close = pairs[open_]
        if _UNWIND_BEFORE_RE.search(masked, 0, m.start()) and _AS_AFTER_RE.match(masked, close + 1):
            continue  # UNWIND range(…) AS x makes rows, and the server stops rows
        args, depth, last = [], 0, open_ + 1
        for pos in range(open_ + 1, close):
            ch = masked[pos]
            depth += ch in _OPEN
            depth -= ch in ")]}"
            if ch == "," and depth == 0:
                args.append(cypher[last:pos])
                last = pos + 1
        args.append(cypher[last:close])
        where = _where(cypher, m.start())
        size = _range_size(args, params, where)
        if size > MAX_RANGE_ELEMENTS:
            raise ReadOnlyViolation(
                f"range() at {where} has {size:,} elements (at most {MAX_RANGE_ELEMENTS:,}: "
                "the server cannot stop one expression that iterates over more)",
                "bounds",
            )
    iterations = list(_iterations(masked, pairs))
    inner = [(i.start, i.kind) for i in iterations]
    inner += [(m.start(), "range()") for m in _RANGE_RE.finditer(masked)]
    for outer in iterations:
        lo, hi = outer.body
        for pos, kind in inner:
            if lo <= pos < hi:
                raise ReadOnlyViolation(
                    f"{kind} at {_where(cypher, pos)} runs inside the {outer.kind} at "
                    f"{_where(cypher, outer.start)}, once per element: the server cannot stop "
                    "one expression doing that much work; UNWIND the outer list into rows",
                    "bounds",
                )
        if outer.kind == "reduce":
            open_ = masked.index("(", outer.start)
            eq = masked.find("=", open_)
            comma = _top_level(masked, pairs, open_ + 1, pairs[open_], ",")
            init = cypher[eq + 1 : comma].strip() if 0 < eq < comma else ""
            if not _ACC_INIT_RE.fullmatch(init):
                raise ReadOnlyViolation(
                    f"reduce at {_where(cypher, outer.start)} starts from {init or '?'}: the "
                    "console reduces only to numbers or booleans (a growing string or list is "
                    "copied at every step); use collect() or sum() over rows instead",
                    "bounds",
                )


# ---------------------------------------------------------------------------------------------
# Layer 2: the server's plan


def _operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children", []) or []:
        yield from _operators(child)


def _details(op: Mapping[str, Any]) -> str:
    args = op.get("args") or op.get("arguments") or {}
    return str(args.get("Details", ""))


def check_plan(
    driver: Driver,
    cypher: str,
    params: Mapping[str, Any] | None,
    database: str | None = None,
    timeout_s: float = PLAN_TIMEOUT_S,
) -> str:
    """EXPLAIN the query (nothing runs) and refuse it unless the server itself calls it a read
    on this database. Returns the query type (``"r"``).

    Planning is not bound by any transaction timeout, and a query that overflows the server's
    parser is never answered at all; so EXPLAIN runs in a worker that is abandoned after
    ``timeout_s`` and its connection cut, rather than leaving the console waiting."""

    def explain(handle: dict[str, Any]) -> neo4j.ResultSummary:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
            handle["session"] = s
            return s.run("EXPLAIN " + cypher, dict(params or {})).consume()  # type: ignore[arg-type]

    try:
        summary = _bounded(explain, timeout_s)
    except _Abandoned:
        raise QueryError(
            f"The server did not finish planning the query within {timeout_s:g} s (the console "
            "gave up and closed its connection); simplify it: fewer patterns, clauses and "
            "nested brackets."
        ) from None
    except CypherSyntaxError as exc:
        raise QueryError(f"The query is not valid Cypher: {exc.message}") from None
    except ClientError as exc:
        code = exc.code or ""
        if "UnsupportedAdministrationCommand" in code or "Security" in code:
            raise ReadOnlyViolation(f"administration command ({exc.message})", "plan") from None
        raise QueryError(f"The server could not plan the query: {exc.message}") from None
    except Neo4jError as exc:
        raise QueryError(f"The server could not plan the query: {exc.message}") from None
    except DriverError as exc:
        raise QueryError(f"Lost the connection to the server while planning: {exc}") from None

    db = summary.database or database
    if summary.query_type != "r":
        kinds = {"w": "writes", "rw": "reads and writes", "s": "changes the schema or the server"}
        raise ReadOnlyViolation(
            f"the server plans this query as '{summary.query_type}' "
            f"({kinds.get(summary.query_type or '', 'not a read')})",
            "plan",
        )
    plan = summary.plan
    if not plan:
        raise ReadOnlyViolation("the server returned no plan to check", "plan")
    for op in _operators(plan):
        name, _, op_db = str(op.get("operatorType", "")).partition("@")
        if op_db and db and op_db != db:
            raise ReadOnlyViolation(f"the query runs on database {op_db!r}, not {db!r}", "plan")
        if name.startswith(_WRITE_OPERATOR_PREFIXES):
            what = "LOAD CSV reads files and URLs" if name == "LoadCSV" else f"operator {name}"
            raise ReadOnlyViolation(f"{what} in the plan", "plan")
        if name.startswith("Show") and name not in ALLOWED_SHOW_OPERATORS:
            raise ReadOnlyViolation(f"{name} describes the server, not the graph", "plan")
        if "ProcedureCall" in name:
            proc = _details(op).split("(", 1)[0].strip()
            if proc not in ALLOWED_PROCEDURES:
                raise ReadOnlyViolation(
                    f"procedure {proc or '?'} is not on the allow-list "
                    f"({', '.join(sorted(ALLOWED_PROCEDURES))})",
                    "plan",
                )
    return summary.query_type


# ---------------------------------------------------------------------------------------------
# Layer 3: running it

#: How long past its timeout the console waits for the server to stop a query by itself
#: before it abandons the query and terminates it.
CLIENT_GRACE_S = 2.0
#: How long, after terminating, the console waits for the server to stop listing the query.
STOP_WAIT_S = 5.0


class _Abandoned(Exception):
    """The worker did not come back in time; its connection has been cut."""


def sever(handle: Mapping[str, Any]) -> bool:
    """Cut the connection a worker thread is blocked on (``handle`` holds its session or
    transaction). A server that never answers (its parser or regex engine overflowed the
    stack) keeps the transaction listed for as long as the client stays connected, and the
    worker would wait for minutes; shutting the socket down ends both. The driver offers no
    public way to abandon a synchronous call from another thread, so this reaches for its
    socket; should the driver's internals change, nothing is cut and the server drops the
    connection at its keep-alive timeout instead."""
    cut = False
    for obj in handle.values():
        conn = getattr(obj, "_connection", None)
        sock = getattr(getattr(conn, "socket", None), "_socket", None)
        if sock is None:
            continue
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
            cut = True
    return cut


def _bounded(call: Callable[[dict[str, Any]], T], timeout_s: float) -> T:
    """``call(handle)`` in a worker thread, at most ``timeout_s``: then its connection is cut
    and :class:`_Abandoned` raised. Its own exceptions are re-raised here."""
    handle: dict[str, Any] = {}
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = call(handle)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="audit-plan", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        sever(handle)
        worker.join(2.0)
        raise _Abandoned
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _is_timeout(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return code.startswith(_TIMEOUT_CODES) or "TimedOut" in code


def listed(driver: Driver, run_id: str, database: str | None = None) -> list[str] | None:
    """The server's ids of the transactions tagged with this run, or None when this user
    may not list them."""
    try:
        records, _, _ = driver.execute_query(
            query("audit_run_transactions"), run=run_id, database_=database
        )
    except Neo4jError:
        return None
    return [str(r["transactionId"]) for r in records]


def stop_on_server(
    driver: Driver,
    run_id: str,
    database: str | None = None,
    wait_s: float = STOP_WAIT_S,
    handle: Mapping[str, Any] | None = None,
) -> tuple[str, str | None]:
    """Make sure no transaction of this run is left on the server: terminate what is still
    listed (Community lets a user end their own; Enterprise may need the TERMINATE
    TRANSACTION privilege) and wait until it is gone. If it is still listed after half the
    wait, the connection of the worker that runs it (``handle``) is cut: a transaction the
    server marked terminated but never answered for stays listed until its client goes.
    Returns ``("gone", None)``, ``("running", transaction id)`` or ``("unknown", id or
    None)``."""
    ids = listed(driver, run_id, database)
    if ids is None:
        if handle:
            sever(handle)
        return "unknown", None
    if not ids:
        return "gone", None
    try:
        driver.execute_query(query("audit_terminate_transactions"), ids=ids, database_=database)
    except Neo4jError:
        if handle:
            sever(handle)
        return "unknown", ids[0]
    started = time.monotonic()
    cut = False
    while True:
        now = listed(driver, run_id, database)
        if now == []:
            return "gone", None
        waited = time.monotonic() - started
        if handle and not cut and waited > wait_s / 2:
            cut = sever(handle)
        if waited > wait_s:
            return ("running" if now else "unknown"), ids[0]
        time.sleep(0.1)


def _fetch(
    driver: Driver,
    cypher: str,
    params: Mapping[str, Any],
    database: str | None,
    timeout_s: float,
    row_cap: int,
    metadata: dict[str, Any],
    handle: dict[str, Any],
) -> tuple[list[str], list[neo4j.Record], bool]:
    records: list[neo4j.Record] = []
    truncated = False
    with driver.session(
        database=database,
        default_access_mode=neo4j.READ_ACCESS,
        fetch_size=min(row_cap + 1, 1000),
    ) as s:
        handle["session"] = s
        tx = s.begin_transaction(metadata=metadata, timeout=timeout_s)
        handle["tx"] = tx
        try:
            result = tx.run(cypher, params)  # type: ignore[arg-type]
            columns = list(result.keys())
            for record in result:
                if len(records) == row_cap:
                    truncated = True
                    break
                records.append(record)
        finally:
            tx.rollback()
    return columns, records, truncated


def execute(
    driver: Driver,
    cypher: str,
    params: Mapping[str, Any] | None,
    *,
    database: str | None = None,
    timeout_s: float = 10.0,
    row_cap: int = 5000,
    metadata: Mapping[str, Any] | None = None,
    grace_s: float = CLIENT_GRACE_S,
) -> Fetched:
    """Run an already checked query in a READ transaction with a server-side timeout; fetch at
    most ``row_cap`` rows (one more is asked for, to know whether the result was cut); roll
    back whatever happens.

    The transaction is tagged with a run id in its metadata. The server enforces the timeout
    only at its guard points, so the query runs in a worker thread: if it has not come back
    ``grace_s`` after the timeout the console abandons it, terminates it on the server and
    checks that it is no longer listed; :class:`QueryTimeout` says which happened."""
    if row_cap < 1:
        raise ValueError("row_cap must be at least 1")
    run_id = uuid.uuid4().hex
    tags = {**dict(metadata or {}), "run": run_id}
    started = time.perf_counter()
    outcome: dict[str, Any] = {}
    handle: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = _fetch(
                driver, cypher, dict(params or {}), database, timeout_s, row_cap, tags, handle
            )
        except Exception as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name=f"audit-{run_id[:8]}", daemon=True)
    worker.start()
    worker.join(timeout_s + grace_s)
    if worker.is_alive():
        state, transaction_id = stop_on_server(driver, run_id, database, handle=handle)
        if worker.is_alive():
            sever(handle)  # free the worker: nothing it could still receive is wanted
        raise QueryTimeout(timeout_s, state, transaction_id)
    exc = outcome.get("error")
    if isinstance(exc, DriverError):
        raise QueryError(f"Lost the connection to the server while running the query: {exc}")
    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        if _is_timeout(exc):
            state, transaction_id = stop_on_server(driver, run_id, database, handle=handle)
            raise QueryTimeout(timeout_s, state, transaction_id) from None
        if "AccessMode" in code or "Forbidden" in code or "Security" in code:
            raise ReadOnlyViolation(
                f"the server refused a write ({exc.message})", "server"
            ) from None
        if "MemoryPoolOutOfMemoryError" in code or "TransactionOutOfMemoryError" in code:
            raise QueryError(
                f"The server stopped the query at its memory limit ({exc.message}); narrow it "
                "down (filter on satker and year, aggregate instead of collect)."
            ) from None
        raise QueryError(f"The server could not run the query: {exc.message}") from None
    if exc is not None:
        raise exc
    columns, records, truncated = outcome["value"]
    return Fetched(columns, records, truncated, time.perf_counter() - started)


def plan_timeout(timeout_s: float) -> float:
    """How long the console waits for a plan: the query's own timeout, but never less than
    10 s (a cold server plans the longest saved audits in a few seconds)."""
    return max(10.0, timeout_s)
