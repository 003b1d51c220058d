"""The read-only guard for Cypher typed by people (auditors, the app's console).

A READ transaction alone is not access control: on a single server Neo4j may route a write
through it, and procedures, ``LOAD CSV`` and ``TERMINATE TRANSACTION`` count as "reads". So a
query has to pass every layer before its rows are fetched, and each layer would refuse the
usual attacks on its own:

1. **Text** (:func:`check_text`): NFKC look-alikes, invisible characters and non-ASCII outside
   quoted strings are refused (``ＣＲＥＡＴＥ``, Cyrillic ``С``); then, with comments, strings
   and quoted names blanked out, several statements (``;``), write and admin keywords,
   ``LOAD CSV``, ``IN TRANSACTIONS`` and procedure calls outside :data:`ALLOWED_PROCEDURES`.
2. **Plan** (:func:`check_plan`): the server's own ``EXPLAIN`` is authoritative. The query type
   must be ``r``; the plan may hold no write, schema, admin, ``LoadCSV``, ``Terminate…`` or
   disallowed ``Show…`` operator, no procedure outside the allow-list, and must run on the
   session's own database.
3. **Execution** (:func:`execute`): a READ-mode session and an explicit transaction with a
   server-side timeout, rows fetched up to a cap (one more is asked for, to say the result was
   cut), and the transaction is always rolled back, never committed.

Parameters are always sent as parameters; nothing here pastes values into query text.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import Driver
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError


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
        self.layer = layer  # "text", "plan" or "server"
        super().__init__(f"Refused: {reason}. The audit console only runs read-only queries.")


class QueryTimeout(Exception):
    """The server stopped the query at the time limit."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        super().__init__(
            f"The query was stopped after the {timeout_s:g} s time limit; narrow it down "
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
# Layer 2: the server's plan


def _operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children", []) or []:
        yield from _operators(child)


def _details(op: Mapping[str, Any]) -> str:
    args = op.get("args") or op.get("arguments") or {}
    return str(args.get("Details", ""))


def check_plan(
    driver: Driver, cypher: str, params: Mapping[str, Any] | None, database: str | None = None
) -> str:
    """EXPLAIN the query (nothing runs) and refuse it unless the server itself calls it a read
    on this database. Returns the query type (``"r"``)."""
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
            summary = s.run("EXPLAIN " + cypher, dict(params or {})).consume()  # type: ignore[arg-type]
    except CypherSyntaxError as exc:
        raise QueryError(f"The query is not valid Cypher: {exc.message}") from None
    except ClientError as exc:
        code = exc.code or ""
        if "UnsupportedAdministrationCommand" in code or "Security" in code:
            raise ReadOnlyViolation(f"administration command ({exc.message})", "plan") from None
        raise QueryError(f"The server could not plan the query: {exc.message}") from None
    except Neo4jError as exc:
        raise QueryError(f"The server could not plan the query: {exc.message}") from None

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


def _is_timeout(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return code.startswith(_TIMEOUT_CODES) or "TimedOut" in code


def execute(
    driver: Driver,
    cypher: str,
    params: Mapping[str, Any] | None,
    *,
    database: str | None = None,
    timeout_s: float = 10.0,
    row_cap: int = 5000,
    metadata: Mapping[str, Any] | None = None,
) -> Fetched:
    """Run an already checked query in a READ transaction with a server-side timeout; fetch at
    most ``row_cap`` rows (one more is asked for, to know whether the result was cut); roll
    back whatever happens."""
    if row_cap < 1:
        raise ValueError("row_cap must be at least 1")
    started = time.perf_counter()
    records: list[neo4j.Record] = []
    truncated = False
    try:
        with driver.session(
            database=database,
            default_access_mode=neo4j.READ_ACCESS,
            fetch_size=min(row_cap + 1, 1000),
        ) as s:
            tx = s.begin_transaction(metadata=dict(metadata or {}), timeout=timeout_s)
            try:
                result = tx.run(cypher, dict(params or {}))  # type: ignore[arg-type]
                columns = list(result.keys())
                for record in result:
                    if len(records) == row_cap:
                        truncated = True
                        break
                    records.append(record)
            finally:
                tx.rollback()
    except Neo4jError as exc:
        if _is_timeout(exc):
            raise QueryTimeout(timeout_s) from None
        code = exc.code or ""
        if "AccessMode" in code or "Forbidden" in code or "Security" in code:
            raise ReadOnlyViolation(
                f"the server refused a write ({exc.message})", "server"
            ) from None
        raise QueryError(f"The server could not run the query: {exc.message}") from None
    return Fetched(columns, records, truncated, time.perf_counter() - started)


def run_guarded(
    driver: Driver,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    database: str | None = None,
    timeout_s: float = 10.0,
    row_cap: int = 5000,
    metadata: Mapping[str, Any] | None = None,
) -> Fetched:
    """All three layers, in order."""
    text = check_text(cypher)
    check_plan(driver, text, params, database)
    return execute(
        driver,
        text,
        params,
        database=database,
        timeout_s=timeout_s,
        row_cap=row_cap,
        metadata=metadata,
    )
