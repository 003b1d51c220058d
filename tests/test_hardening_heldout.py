"""Held-out attacks on the audit console, beyond the families of test_hardening_queries.

Played as an auditor who wants to burn the server through ``tracker audit query`` or the
app's console: ranges written other ways, growth through ``WITH`` chains, ``COLLECT { }``,
regular expressions, planner bombs (long patterns, deep nesting), parameters carrying the
big numbers, and the row-level families (paths, ``shortestPath``, subqueries, sorts,
aggregations). Each is either refused before it is sent (no server CPU spent), or stopped by
the server at its timeout or memory limit with the server measurably idle again within
seconds (its own CPU time from /proc) and the transaction gone from SHOW TRANSACTIONS; the
server process is the same one afterwards. Several of the refused ones ended or pinned the
server before (noted per case). Ordinary audit queries still run.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import FIGURES, Measure, assert_alive
from neo4j import Driver

from tracker.audit import expressions, readonly
from tracker.audit.library import (
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    audit_log,
    run_readonly,
)
from tracker.config import Settings
from tracker.graph import limits, server

E8 = "+".join  # E8(["a"] * 8): a value concatenated with itself eight times


def _listed_for(user: str, driver: Driver) -> int:
    """How many transactions the console started for this user the server still lists."""
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD metaData WHERE metaData.user = $user RETURN count(*) AS n",
        user=user,
    )
    return int(records[0]["n"])


def _grow(base: str, stages: int, fan: int = 8) -> str:
    """``WITH 'base' AS v0 WITH v0+v0+… AS v1 …``: a value multiplied ``fan`` times a stage."""
    parts = [f"WITH '{base}' AS v0"]
    for i in range(stages):
        parts.append(f"WITH {E8([f'v{i}'] * fan)} AS v{i + 1}")
    return " ".join(parts) + f" RETURN size(v{stages}) AS n"


# ---------------------------------------------------------------------------------------------
# Refused before sending: what the server could neither stop nor count

REFUSED = {
    # growth inside rows: 71 chars * 10^6 * 3 ended the JVM (OutOfMemoryError) before
    "string grown through WITH chains": _grow("a" * 71, 7, 10),
    "string grown through CALL subqueries": (
        "WITH 'aaaaaaaaaa' AS a CALL (a) { RETURN " + E8(["a"] * 8) + " AS b } "
        "WITH " + E8(["b"] * 8) + " AS c WITH " + E8(["c"] * 8) + " AS d RETURN size(d)"
    ),
    "string grown through UNWIND of a list": (
        "WITH 'aaaaaaaaaa' AS a UNWIND [" + E8(["a"] * 8) + "] AS b "
        "UNWIND [" + E8(["b"] * 8) + "] AS c UNWIND [" + E8(["c"] * 8) + "] AS d RETURN size(d)"
    ),
    "string grown through collect and head": (
        "WITH 'aaaaaaaaaa' AS a WITH collect(" + E8(["a"] * 8) + ") AS l WITH head(l) AS b "
        "WITH " + E8(["b"] * 8) + " AS c WITH " + E8(["c"] * 8) + " AS d RETURN size(d)"
    ),
    "string grown through nested parentheses": (
        "WITH 'aaaaaaaaaa' AS a WITH a + (a + (a + (a + (a + (a + (a + a)))))) AS b "
        "WITH " + E8(["b"] * 8) + " AS c WITH " + E8(["c"] * 8) + " AS d RETURN size(d)"
    ),
    "string grown by nested replace": (
        "RETURN size(replace(replace(replace('aaaaaaaaaa', 'a', 'aaaaaaaaaa'), 'a', "
        "'aaaaaaaaaa'), 'a', 'aaaaaaaaaa')) AS n"
    ),
    "replace with itself as the replacement": (
        "WITH 'aaaaaaaaaaaaaaaaaaaa' AS a RETURN size(replace(a, 'a', a)) AS n"
    ),
    "case-different names do not hide a list": (
        "UNWIND range(1, 5000000) AS i WITH collect(i) AS X, 'x' AS x "
        "RETURN reduce(s = 0, y IN X + X + X + X + X + X | s + y) AS s"
    ),
    # a reduce over a 10^9-element concatenation looped for minutes after its timeout
    "list grown through WITH chains": (
        "WITH range(1, 10000) AS l WITH "
        + E8(["l"] * 10)
        + " AS l WITH "
        + E8(["l"] * 10)
        + " AS l "
        "RETURN reduce(s = 0, x IN l | s + x) AS s"
    ),
    # an untracked list: 50 million elements ended the JVM
    "COLLECT subquery over a long UNWIND": (
        "RETURN reduce(s = 0, x IN COLLECT { UNWIND range(1, 50000000) AS x RETURN x } | s + x)"
    ),
    "a collected list copied into every element": (
        "UNWIND range(1, 1000000) AS i WITH collect(i) AS l RETURN [x IN range(1, 10000) | l]"
    ),
    "a parameter list copied into every element": "RETURN [x IN range(1, 10000) | $l] AS r",
    "a value copied into every match": (
        "MATCH (a:Satker) WITH a, 'x' AS s RETURN [(a)--(b) | s] AS r"
    ),
    # regular expressions: (.*a){12}b kept a core busy until the server was restarted
    "regex with a repeated group": ("RETURN '" + "a" * 100 + "' =~ '(.*a){12}b' AS b"),
    "regex with many unbounded quantifiers": (
        "MATCH (p:Plan) WHERE p.name =~ '.*a.*a.*a.*a.*b' RETURN count(p)"
    ),
    "regex with many optional counts": (
        "MATCH (p:Plan) WHERE p.name =~ 'a{0,100}a{0,100}a{0,100}a{0,100}b' RETURN count(p)"
    ),
    "regex from a parameter": "MATCH (p:Plan) WHERE p.name =~ $re RETURN count(p)",
    "regex computed in the query": "MATCH (p:Plan) WHERE p.name =~ p.code + '.*' RETURN p",
    "regex with a back-reference": "MATCH (p:Plan) WHERE p.name =~ '(a)\\\\1' RETURN p",
    # planning is not bound by the timeout: 100 relationships planned for 40 s of CPU
    "a long relationship chain": "MATCH " + "--".join(f"(a{i})" for i in range(60)) + " RETURN 1",
    "many OPTIONAL MATCH": " ".join(f"OPTIONAL MATCH (a{i})--(b{i})" for i in range(40))
    + " RETURN 1",
    "many UNION branches": " UNION ALL ".join(["MATCH (a) RETURN count(a) AS c"] * 30),
    "many subqueries": "MATCH (a) WHERE "
    + " OR ".join(f"EXISTS {{ MATCH (a)--(:L{i}) }}" for i in range(30))
    + " RETURN a",
    "a very long query": "RETURN " + "+".join(["1"] * 2000) + " AS x",
    # the parser overflowed its stack and never answered: the console hung for two minutes
    "deeply nested brackets": "RETURN " + "(" * 300 + "1" + ")" * 300 + " AS x",
    "a run of NOT": "RETURN " + "NOT " * 300 + "true AS x",
    "a chain of properties": "WITH {} AS x RETURN x" + ".y" * 300,
    "a chain of indexes": "WITH [] AS l RETURN l" + "[0]" * 300,
    "deeply nested CASE": "RETURN " + "CASE WHEN true THEN " * 300 + "1" + " END" * 300,
    "a run of label negations": "MATCH (n:" + "!" * 300 + "Plan) RETURN n",
    # ranges written other ways (the bound must be checkable)
    "range bound from arithmetic": "RETURN reduce(s = 0, x IN range(1, 50000 * 40000) | s + x)",
    "range bound from toInteger": "RETURN [x IN range(1, toInteger('2000000000')) | x] AS l",
    "range bound from a WITH variable": (
        "WITH 2000000000 AS n RETURN any(x IN range(1, n) WHERE x < 0) AS a"
    ),
    "range bound from an UNWIND variable": (
        "UNWIND [2000000000] AS n RETURN size([x IN range(1, n) WHERE x > 0]) AS c"
    ),
    "range bound in hexadecimal": "RETURN reduce(s = 0, x IN range(1, 0x7fffffff) | s + x)",
    "range bound from a float": "RETURN size([x IN range(1, toInteger(2e9)) | x]) AS n",
    "range bound in a parameter string": "RETURN size([x IN range(1, toInteger($s)) | x])",
    "size of a huge range": "RETURN size(range(1, 2000000000)) AS n",
    "last of a huge range": "RETURN last(range(1, 2000000000)) AS n",
    "a huge range in CASE": "RETURN size(CASE WHEN true THEN range(1, 300000000) END) AS n",
    # parameters carrying the big numbers
    "a huge parameter list": "UNWIND $big AS x RETURN count(x)",
    "a huge parameter string": "RETURN size($text) AS n",
}
PARAMS = {
    "l": list(range(5000)),
    "re": "(a|aa)+$",
    "s": "2000000000",
    "big": list(range(200_000)),
    "text": "a" * 1_000_000,
}


@pytest.mark.parametrize("cypher", REFUSED.values(), ids=REFUSED.keys())
def test_refused_before_sending(cypher: str) -> None:
    text = readonly.check_text(cypher)
    with pytest.raises(ReadOnlyViolation) as refused:
        readonly.check_bounds(text, PARAMS)
    assert refused.value.layer == "bounds"
    assert "queries the server can stop" in str(refused.value)


@pytest.mark.parametrize(
    "name",
    [
        "string grown through WITH chains",
        "COLLECT subquery over a long UNWIND",
        "regex with a repeated group",
        "a long relationship chain",
        "deeply nested brackets",
    ],
)
def test_what_ended_or_pinned_the_server_is_refused_without_server_cpu(
    name: str, graph: Driver, measure: Measure, server_pid: int, neo4j_settings: Settings
) -> None:
    def call() -> None:
        with pytest.raises(ReadOnlyViolation):
            run_readonly(graph, REFUSED[name], {}, user="tester", timeout_s=1)

    spent, _ = measure(f"refused ({name})", call)
    assert spent < 0.5
    assert audit_log(1)[0]["layer"] == "bounds"
    assert_alive(graph, server_pid, neo4j_settings)


# ---------------------------------------------------------------------------------------------
# Ordinary audit queries still pass the bounds (and run)

ORDINARY = [
    "MATCH (s:Satker) RETURN s.code, s.name ORDER BY s.code",
    "MATCH (r:Rka) RETURN r.satker, r.year, count(*) AS n ORDER BY n DESC LIMIT 20",
    "MATCH (r:Rka {current: true}) RETURN r.year AS year, count(r) AS docs, "
    "sum(size(r.output_codes)) AS outputs",
    "MATCH (p:Plan) WHERE p.name CONTAINS 'LAYANAN' RETURN p.uid, p.name LIMIT 50",
    "MATCH (p:Plan) WHERE p.name =~ '(?i).*layanan.*' RETURN count(p) AS n",
    "MATCH (p:Plan) WHERE p.code =~ '^[0-9]{4}\\\\.[0-9]{3}$' RETURN count(p) AS n",
    "MATCH (a:Plan)-[r]->(b:Plan) RETURN type(r) AS t, count(*) AS n ORDER BY n DESC",
    "MATCH (o:Output) RETURN o.code + ' - ' + o.name AS label, o.jumlah "
    "ORDER BY o.jumlah DESC LIMIT 10",
    "MATCH (o:Output) WITH o.satker AS s, sum(o.jumlah) AS total, count(o) AS n "
    "RETURN s, total, n, total / n AS avg",
    "MATCH (o:Output) WITH collect(o.jumlah) AS js "
    "RETURN reduce(t = 0, j IN js | t + j) AS total, size(js) AS n",
    "MATCH (o:Output) WITH collect(o) AS os "
    "RETURN [x IN os WHERE x.jumlah > 1000000 | x.name][0..10] AS big",
    "UNWIND range(1, 12) AS month RETURN month, month * 2 AS doubled",
    "RETURN [x IN range(1, 100) WHERE x % 7 = 0 | x * x] AS sq",
    "RETURN reduce(s = 0, x IN range(1, 10000) | s + x) AS s",
    "MATCH (s:Satker) OPTIONAL MATCH (s)<-[:FILED]-(r:Rka) RETURN s.code, count(r) AS docs",
    "MATCH (s:Satker) RETURN s.code, COUNT { (s)<-[:FILED]-(:Rka) } AS docs",
    "MATCH (s:Satker) WHERE EXISTS { (s)<-[:FILED]-(:Rka {year: 2020}) } RETURN s.code",
    "MATCH (s:Satker) CALL { WITH s MATCH (s)<-[:FILED]-(r:Rka) RETURN max(r.year) AS last } "
    "RETURN s.code, last",
    "MATCH (s:Satker) RETURN s.code, [(s)<-[:FILED]-(r:Rka) | r.year] AS years",
    "MATCH (r:Rka) WITH r.satker AS satker, collect(DISTINCT r.year) AS years "
    "WHERE size(years) > 1 RETURN satker, years",
    "MATCH (r:Rka) RETURN r.satker, CASE WHEN r.current THEN 'current' ELSE 'old' END AS state",
    "MATCH (o:Output) WITH o, o.jumlah AS j WHERE j > $min RETURN o.name, j "
    "ORDER BY j DESC LIMIT $n",
    "MATCH (o:Output) WHERE o.satker IN $satkers RETURN o.satker, count(*) AS n",
    "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY n DESC",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH (o:Output) WITH o.satker AS s, collect(o.name) AS names "
    "RETURN s, size(names) AS n, names[0..3] AS first",
    "MATCH (k:Kegiatan)-[:FUNDS]->(o:Output) WITH k, sum(o.jumlah) AS parts "
    "WHERE parts <> k.jumlah RETURN k.code, k.jumlah - parts AS diff",
    "MATCH (o:Output) RETURN o.year, percentileCont(o.jumlah, 0.5) AS median, "
    "stDev(o.jumlah) AS sd",
    "MATCH (o:Output) RETURN o.satker + '/' + toString(o.year) + '/' + o.code AS key LIMIT 5",
    "MATCH (r:Rka) WITH r.satker AS s, r.output_codes AS codes "
    "RETURN s, [i IN range(0, 9) | codes[i]] AS first",
    "MATCH (o:Output) RETURN o {.code, .name, .jumlah} AS row LIMIT 5",
    "MATCH (s:Satker) WITH s.code AS code, s.name AS name RETURN code + ' ' + name AS label",
    "UNWIND $years AS y MATCH (r:Rka {year: y}) RETURN y, count(r) AS n",
    "MATCH p = shortestPath((a:Satker)-[*..6]-(b:Output)) WHERE a.code = '670714' "
    "RETURN length(p) AS hops LIMIT 5",
]
ORDINARY_PARAMS = {"min": 1000, "n": 10, "satkers": ["670714"], "years": [2020, 2021]}


@pytest.mark.parametrize("cypher", ORDINARY)
def test_ordinary_audit_queries_pass_the_bounds(cypher: str) -> None:
    readonly.check_bounds(readonly.check_text(cypher), ORDINARY_PARAMS)


def test_ordinary_audit_queries_run(seeded_graph: Driver) -> None:
    for cypher in ORDINARY:
        result = run_readonly(seeded_graph, cypher, ORDINARY_PARAMS, user="tester", timeout_s=20)
        assert result.columns, cypher


def test_regex_patterns_are_judged() -> None:
    safe = ["(?i).*jalan.*", "^[0-9]{4}\\.[0-9]{3}$", "https?://.*", "(jalan|jembatan)"]
    unsafe = ["(a+)+$", "(a|aa)+", "(.*a){12}b", ".*a.*b.*c", "(a)\\1", "a{0,100}" * 4 + "b"]
    assert [expressions.regex_hazard(p) for p in safe] == [None] * len(safe)
    assert all(expressions.regex_hazard(p) for p in unsafe)


# ---------------------------------------------------------------------------------------------
# Stopped by the server: the row-level families, on a graph where they explode


@pytest.fixture
def clique(graph: Driver) -> Driver:
    """Twelve nodes, every pair linked: billions of paths from any of them; plus 400 bare
    nodes (64 million triples)."""
    graph.execute_query("UNWIND range(1, 12) AS i CREATE (:Probe {i: i})")
    graph.execute_query("MATCH (a:Probe), (b:Probe) WHERE a.i < b.i CREATE (a)-[:PROBE]->(b)")
    graph.execute_query("UNWIND range(1, 400) AS i CREATE (:Bare {i: i})")
    return graph


STOPPED = {
    "variable-length paths": "MATCH p = (:Probe {i: 1})-[*]-() RETURN count(p) AS n",
    "variable-length paths collected": (
        "MATCH p = (:Probe {i: 1})-[*]-() RETURN size(collect(nodes(p))) AS n"
    ),
    "shortestPath over all pairs of a product": (
        "MATCH (a:Bare), (b:Bare), (c:Probe), (d:Probe) WHERE c <> d "
        "MATCH p = shortestPath((c)-[*]-(d)) RETURN count(p) AS n"
    ),
    "allShortestPaths": (
        "MATCH (a:Bare), (b:Bare), (c:Probe), (d:Probe) WHERE c <> d "
        "MATCH p = allShortestPaths((c)-[*]-(d)) RETURN count(p) AS n"
    ),
    "quantified path pattern": "MATCH p = (:Probe)(()--())+(:Probe) RETURN count(p) AS n",
    "pattern comprehension of paths": ("MATCH (a:Probe) RETURN sum(size([(a)-[*]-(b) | b])) AS n"),
    "CALL subquery of a product": (
        "MATCH (a:Bare) CALL { MATCH (b:Bare), (c:Bare) RETURN count(*) + sum(b.i * c.i) AS k } "
        "RETURN sum(k) AS n"
    ),
    "COUNT subquery of paths": "MATCH (a:Probe) RETURN sum(COUNT { (a)-[*]-() }) AS n",
    "EXISTS subquery of paths": (
        "MATCH (c:Probe) WHERE EXISTS { MATCH p = (c)-[*]-() WHERE length(p) > 100 } "
        "RETURN count(*) AS n"
    ),
    "sort of a product": (
        "MATCH (a:Bare), (b:Bare), (c:Bare) RETURN a.i * b.i * c.i AS x ORDER BY x DESC LIMIT 1"
    ),
    "string building per row": (
        "UNWIND range(1, 100000000) AS i WITH 'a' + toString(i) AS s RETURN max(s) AS m"
    ),
    "math on every row of a product": (
        "MATCH (a:Bare), (b:Bare), (c:Bare) RETURN sum(sin(a.i) * cos(b.i) * sqrt(c.i)) AS s"
    ),
    "bounded iteration on every row": (
        "UNWIND range(1, 1000000) AS a "
        "RETURN sum(reduce(s = 0.0, x IN range(1, 10000) | s + sqrt(x))) AS s"
    ),
    "UNION of products": (
        "MATCH (a:Bare), (b:Bare), (c:Bare) RETURN sum(a.i + b.i + c.i) AS s UNION "
        "MATCH (a:Bare), (b:Bare), (c:Bare) RETURN sum(a.i * b.i * c.i) AS s"
    ),
}


@pytest.mark.parametrize("cypher", STOPPED.values(), ids=STOPPED.keys())
def test_row_work_is_stopped_at_the_timeout_and_gone(
    cypher: str,
    clique: Driver,
    measure: Measure,
    server_pid: int,
    neo4j_settings: Settings,
    limited: None,
) -> None:
    timeout = 1.0
    caught: list[Exception] = []

    def call() -> None:
        with pytest.raises((QueryTimeout, QueryError)) as stopped:
            run_readonly(clique, cypher, {}, user="tester", timeout_s=timeout)
        caught.append(stopped.value)

    t0 = time.monotonic()
    spent, idle = measure(f"timeout 1 s: {cypher[:60]}", call)
    returned = time.monotonic() - t0 - idle
    if isinstance(caught[0], QueryTimeout):
        assert caught[0].on_server == "gone", caught[0]
        assert "no longer running on the server" in str(caught[0])
    else:  # the memory limit came first
        assert "memory limit" in str(caught[0])
    assert returned < timeout + readonly.CLIENT_GRACE_S + 1.0
    assert idle < 3.0
    assert spent < timeout + 5
    assert _listed_for("tester", clique) == 0
    assert_alive(clique, server_pid, neo4j_settings)


ALLOCATING = {
    "collect of a long UNWIND": "UNWIND range(1, 100000000) AS i RETURN size(collect(i)) AS n",
    "DISTINCT of a long UNWIND": "UNWIND range(1, 100000000) AS i RETURN count(DISTINCT i) AS n",
    "percentile of a long UNWIND": "UNWIND range(1, 100000000) AS i RETURN percentileDisc(i, 0.5)",
    "collect of a product": "MATCH (a:Bare), (b:Bare), (c:Bare) RETURN size(collect([a, b, c]))",
    "ORDER BY of a product": (
        "MATCH (a:Bare), (b:Bare), (c:Bare) WITH a.i + b.i + c.i AS x ORDER BY x "
        "RETURN collect(x)[0] AS first"
    ),
}


@pytest.mark.parametrize("cypher", ALLOCATING.values(), ids=ALLOCATING.keys())
def test_allocations_meet_the_memory_limit_or_the_timeout(
    cypher: str,
    clique: Driver,
    measure: Measure,
    server_pid: int,
    neo4j_settings: Settings,
    limited: None,
) -> None:
    def call() -> None:
        with pytest.raises((QueryError, QueryTimeout)) as stopped:
            run_readonly(clique, cypher, {}, user="tester", timeout_s=5)
        if isinstance(stopped.value, QueryError):
            assert "memory limit" in str(stopped.value)
        else:
            assert stopped.value.on_server == "gone"

    _, idle = measure(f"memory: {cypher[:60]}", call)
    assert idle < 3.0
    assert_alive(clique, server_pid, neo4j_settings)


# ---------------------------------------------------------------------------------------------
# What the server never answers: the console cuts its connection


def test_a_query_the_server_never_answers_is_cut_off_and_gone(
    graph: Driver, server_pid: int, neo4j_settings: Settings
) -> None:
    """The regex engine overflowed its stack on this (bypassing the bounds layer): the server
    failed to send the error and kept the transaction listed while the client waited for
    minutes. The console terminates it and, when it stays listed, closes the connection."""
    stuck = (
        "WITH replace(replace(replace('aaaaaaaaaa', 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', "
        "'aaaaaaaaaa') + '!' AS s RETURN s =~ '(a|aa)+$' AS b"
    )
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout) as stopped:
        readonly.execute(graph, stuck, {}, timeout_s=1, metadata={"user": "tester"})
    took = time.monotonic() - t0
    assert stopped.value.on_server == "gone"
    assert took < 1 + readonly.CLIENT_GRACE_S + readonly.STOP_WAIT_S + 1
    FIGURES.append(f"never answered (regex stack overflow): console back after {took:.2f} s")
    records, _, _ = graph.execute_query(
        "SHOW TRANSACTIONS YIELD metaData WHERE metaData.user = 'tester' RETURN count(*) AS n"
    )
    assert records[0]["n"] == 0
    assert_alive(graph, server_pid, neo4j_settings)


def test_a_plan_the_server_never_answers_is_cut_off(
    graph: Driver, server_pid: int, neo4j_settings: Settings
) -> None:
    """A server that never answers EXPLAIN (its parser overflowed, or it hangs) used to keep
    the console waiting two minutes and then fail with a raw driver error. The server is
    frozen here (SIGSTOP) so that it really never answers, whatever its JVM's stack size."""
    graph.execute_query("RETURN 1")  # a pooled connection exists before the freeze
    os.kill(server_pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        with pytest.raises(QueryError, match="did not finish planning"):
            readonly.check_plan(graph, "MATCH (n) RETURN count(n)", {}, timeout_s=2)
        took = time.monotonic() - t0
    finally:
        os.kill(server_pid, signal.SIGCONT)
    assert took < 5
    FIGURES.append(f"plan never answered (server frozen): console back after {took:.2f} s")
    assert_alive(graph, server_pid, neo4j_settings)


def test_deeply_nested_brackets_get_an_answer_in_bounded_time(
    graph: Driver, server_pid: int, neo4j_settings: Settings
) -> None:
    """1,000 nested brackets overflow some servers' parsers (never answered), others plan
    them: either way the console answers within its planning bound, and the server lives."""
    t0 = time.monotonic()
    try:
        nested = "RETURN " + "(" * 1000 + "1" + ")" * 1000
        kind = readonly.check_plan(graph, nested, {}, timeout_s=3)
        assert kind == "r"
    except QueryError as exc:
        assert "plan" in str(exc)
    assert time.monotonic() - t0 < 6
    assert_alive(graph, server_pid, neo4j_settings)


# ---------------------------------------------------------------------------------------------
# The server settings that back these


def test_own_server_conf_carries_the_recommended_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    conf = server.write_conf(tmp_path, 7799).read_text(encoding="utf-8").splitlines()
    for limit in limits.RECOMMENDED:
        assert f"{limit.setting}={limit.value}" in conf


def test_the_timeout_is_enforced_within_the_monitor_interval(
    driver: Driver, neo4j_settings: Settings, limited: None
) -> None:
    """The project's server checks deadlines every 500 ms (the default is 2 s)."""
    statuses = {c.setting: c for c in limits.check(driver, neo4j_settings.database)}
    assert statuses["db.transaction.monitor.check.interval"].ok
    assert limits.judge(limits.RECOMMENDED[0], "PT0.5S")
    assert limits.judge(limits.RECOMMENDED[0], "5s") is False


def test_db_status_reports_the_recommended_settings(cli, driver: Driver) -> None:  # type: ignore[no-untyped-def]
    result = cli("db", "status")
    assert result.exit_code == 0, result.output
    for limit in limits.RECOMMENDED:
        assert f"tuning {limit.setting}" in result.output


def test_report_figures() -> None:
    """Print what the measuring tests noted (run with -s to see them)."""
    for line in FIGURES:
        print(line)
    assert all(isinstance(line, str) for line in FIGURES)
