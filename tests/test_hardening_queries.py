"""The audit console cannot pin or kill the server: each layer of the guard against runaway
queries, tested alone, with the server's own CPU time read from /proc.

Families: reductions, list comprehensions over huge ranges, nested UNWIND, cartesian products,
an allocation the server's memory tracker sees. For each, either the console refuses it up
front (no server CPU spent) or the server stops it at the timeout and is idle again within
seconds; the same server process answers afterwards (no OutOfMemoryError).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIGURES, assert_alive, seconds_to_idle, server_cpu
from neo4j import Driver
from neo4j.exceptions import Neo4jError

from tracker.audit import readonly
from tracker.audit.library import (
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    audit_log,
    list_audits,
    run_readonly,
)
from tracker.config import PROJECT_ROOT, Settings
from tracker.graph import limits, server


@pytest.fixture
def probes(graph: Driver) -> Iterator[Driver]:
    """400 bare nodes: 64 million triples for a cartesian product."""
    graph.execute_query("UNWIND range(1, 400) AS i CREATE (:Probe {i: i})")
    yield graph


# ---------------------------------------------------------------------------------------------
# The conf of the project's own server


def test_own_server_conf_carries_every_limit(tmp_path: Path) -> None:
    conf = server.write_conf(tmp_path, 7799).read_text(encoding="utf-8").splitlines()
    for limit in limits.LIMITS:
        assert f"{limit.setting}={limit.value}" in conf


def test_the_compose_server_carries_the_same_limits() -> None:
    """The containerised Neo4j is configured through NEO4J_<setting> variables ('.' → '_')."""
    compose = (PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for limit in limits.LIMITS:
        variable = "NEO4J_" + limit.setting.replace("_", "__").replace(".", "_")
        assert f"{variable}: " in compose, variable


def test_limit_values_are_judged() -> None:
    timeout, tx_memory, _, tracking = limits.LIMITS
    assert limits.judge(timeout, "15m") and limits.judge(timeout, "PT15M")
    assert limits.judge(timeout, "0s") is False  # no timeout at all
    assert limits.judge(timeout, "2h") is False
    assert limits.judge(tx_memory, "160.00MiB") and limits.judge(tx_memory, "0B") is False
    assert limits.judge(tracking, "true") and limits.judge(tracking, "false") is False
    assert limits.judge(timeout, None) is None


def test_db_status_reports_the_limits(cli, driver: Driver, limited: None) -> None:  # type: ignore[no-untyped-def]
    result = cli("db", "status")
    assert result.exit_code == 0, result.output
    for limit in limits.LIMITS:
        line = next(ln for ln in result.output.splitlines() if f"limit {limit.setting}" in ln)
        assert " ok " in f"{line} "


# ---------------------------------------------------------------------------------------------
# Layer: expression bounds (refused before anything is sent: no server CPU spent)

UNSTOPPABLE = {
    "reduce over a huge range": "RETURN reduce(s = 0, x IN range(1, 2000000000) | s + x) AS s",
    "reduce building a string": "RETURN reduce(s = '', x IN range(1, 5000) | s + 'a') AS s",
    "reduce building a list": "RETURN size(reduce(l = [], x IN range(1, 5000) | l + [x])) AS n",
    "list comprehension over a huge range": "RETURN size([x IN range(1, 300000000) | x]) AS n",
    "filter over a huge range": "RETURN size([x IN range(1, 2000000000) WHERE x % 2 = 0]) AS n",
    "quantifier over a huge range": "RETURN any(x IN range(1, 2000000000) WHERE x < 0) AS a",
    "a huge range returned": "RETURN range(1, 2000000000) AS r",
    "range with a computed bound": "MATCH (n) WITH count(n) AS c RETURN [x IN range(1, c * c)]",
    "range with a parameter too big": "RETURN [x IN range(1, $n) | x] AS l",
    "comprehension inside a comprehension": (
        "RETURN size([x IN range(1, 10000) | [y IN range(1, 10000) | x * y]]) AS n"
    ),
    "quantifier inside a filter": (
        "MATCH (o) WITH collect(o.i) AS l RETURN [x IN l WHERE any(y IN l WHERE y = x + 1)]"
    ),
    "range inside a comprehension": "RETURN [x IN range(1, 10000) | range(1, 10000)] AS l",
    "quoted function name": "RETURN `range`(1, 2000000000) AS r",
    "long literal copied per element": "RETURN [x IN range(1, 10) | '" + "a" * 5000 + "' + x]",
}


@pytest.mark.parametrize("cypher", UNSTOPPABLE.values(), ids=UNSTOPPABLE.keys())
def test_unstoppable_expressions_are_refused_alone(cypher: str) -> None:
    with pytest.raises(ReadOnlyViolation) as refused:
        readonly.check_bounds(cypher, {"n": 2_000_000_000})
    assert refused.value.layer == "bounds"
    assert "line 1, column" in refused.value.reason or "quoted" in refused.value.reason


BOUNDED = [
    "RETURN reduce(s = 0, x IN range(1, 10000) | s + x) AS s",
    "RETURN [x IN range(0, 9999, 3) WHERE x % 2 = 0 | x * x] AS l",
    "RETURN [x IN [y IN range(1, 100) | y] WHERE x > 3] AS l",
    "MATCH (o:Output) RETURN reduce(j = 0, x IN collect(o.jumlah) | j + x) AS total",
    "UNWIND range(1, 2000000000) AS a UNWIND range(1, 2000000000) AS b RETURN count(*)",
    "RETURN [x IN range(1, $n) | x] AS l",
    "MATCH (n) WHERE n.name CONTAINS 'range(1, 2000000000)' RETURN n",
]


@pytest.mark.parametrize("cypher", BOUNDED)
def test_bounded_expressions_pass(cypher: str) -> None:
    readonly.check_bounds(cypher, {"n": 50})


def test_saved_audits_are_not_held_to_the_console_bounds(seeded_graph: Driver) -> None:
    """Library files are reviewed code (some index with range(0, size(x) - 1)); they still
    pass every other layer."""
    for audit in list_audits():
        text = readonly.check_text(audit.cypher)
        readonly.check_plan(seeded_graph, text, {p.name: p.default for p in audit.params})


@pytest.mark.parametrize("cypher", list(UNSTOPPABLE.values())[:5], ids=list(UNSTOPPABLE)[:5])
def test_console_refuses_them_without_spending_server_cpu(
    cypher: str, graph: Driver, measure, server_pid: int, neo4j_settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    def call() -> None:
        with pytest.raises(ReadOnlyViolation, match="queries the server can stop"):
            run_readonly(graph, cypher, {}, user="tester", timeout_s=1)

    spent, _ = measure(f"refused: {cypher[:50]}", call)
    assert spent < 0.5
    assert audit_log(1)[0]["layer"] == "bounds"
    assert_alive(graph, server_pid, neo4j_settings)


# ---------------------------------------------------------------------------------------------
# Layer: the server's timeout stops row-by-row work, and the console checks it is gone

ROW_FAMILIES = {
    "nested UNWIND": (
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b UNWIND range(1, 100000) AS c "
        "RETURN count(*) AS n"
    ),
    "cartesian product": ("MATCH (a:Probe), (b:Probe), (c:Probe) RETURN sum(a.i * b.i + c.i) AS s"),
    "bounded reduce on every row": (
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        "RETURN sum(reduce(s = 0, x IN range(1, 10000) | s + x)) AS s"
    ),
    "bounded list comprehension on every row": (
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        "RETURN sum(size([x IN range(1, 10000) WHERE x % 7 = a % 7 | x])) AS n"
    ),
}


@pytest.mark.parametrize("cypher", ROW_FAMILIES.values(), ids=ROW_FAMILIES.keys())
def test_the_server_stops_row_work_at_the_timeout(
    cypher: str, probes: Driver, measure, server_pid: int, neo4j_settings: Settings, limited: None
) -> None:  # type: ignore[no-untyped-def]
    timeout = 1.0
    caught: list[QueryTimeout] = []

    def call() -> None:
        with pytest.raises(QueryTimeout) as stopped:
            run_readonly(probes, cypher, {}, user="tester", timeout_s=timeout)
        caught.append(stopped.value)

    t0 = time.monotonic()
    spent, idle = measure(f"timeout 1 s: {cypher[:60]}", call)
    assert caught[0].on_server == "gone"
    assert "no longer running on the server" in str(caught[0])
    assert time.monotonic() - t0 < timeout + readonly.CLIENT_GRACE_S + 8
    assert idle < 3.0
    assert spent < timeout + 6  # the query's share ends with it
    assert audit_log(1)[0]["on_server"] == "gone"
    assert_alive(probes, server_pid, neo4j_settings)


def test_the_server_kills_an_allocation_it_tracks_instead_of_dying(
    graph: Driver, measure, server_pid: int, neo4j_settings: Settings, limited: None
) -> None:  # type: ignore[no-untyped-def]
    cypher = (
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        "RETURN size(collect([a, b, 'some padding to make each row bigger'])) AS n"
    )

    def call() -> None:
        with pytest.raises(QueryError, match="memory limit"):
            run_readonly(graph, cypher, {}, user="tester", timeout_s=60)

    _, idle = measure("memory: collect of 10^10 rows", call)
    assert idle < 3.0
    assert_alive(graph, server_pid, neo4j_settings)


# ---------------------------------------------------------------------------------------------
# Layer: abandoning a query and making sure it is gone on the server


def test_stop_on_server_terminates_a_tagged_transaction(
    graph: Driver, server_pid: int, measure
) -> None:  # type: ignore[no-untyped-def]
    run = uuid.uuid4().hex
    errors: list[Exception] = []

    def long_query() -> None:
        try:
            with graph.session() as s:
                tx = s.begin_transaction(timeout=120, metadata={"run": run})
                tx.run(ROW_FAMILIES["nested UNWIND"]).consume()
        except Neo4jError as exc:
            errors.append(exc)

    worker = threading.Thread(target=long_query, daemon=True)
    worker.start()
    deadline = time.monotonic() + 10
    while not readonly.listed(graph, run) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert readonly.listed(graph, run), "the query never showed up in SHOW TRANSACTIONS"

    outcome: list[tuple[str, str | None]] = []
    _, idle = measure(
        "terminated by run id", lambda: outcome.append(readonly.stop_on_server(graph, run))
    )
    worker.join(10)
    assert outcome == [("gone", None)]
    assert readonly.listed(graph, run) == []
    assert errors and "Terminated" in (errors[0].code or "")
    assert idle < 3.0


def test_an_expression_the_server_cannot_stop_is_reported_as_still_running(
    graph: Driver, server_pid: int
) -> None:
    """Why the bounds layer exists: the server does not check its deadline inside one
    expression, and the console says so instead of claiming the query stopped. (A short one,
    a few seconds of CPU, bypassing the bounds layer.)"""
    pure = "RETURN reduce(s = 0, x IN range(1, 150000000) | s + x) AS s"
    before = server_cpu(server_pid)
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout) as late:
        readonly.execute(graph, pure, {}, timeout_s=0.3, grace_s=0.3)
    assert time.monotonic() - t0 >= 0.6
    # terminated but still listed for a while, or gone only once it had finished by itself
    assert late.value.on_server in ("running", "gone")
    if late.value.on_server == "running":
        assert late.value.transaction_id and late.value.transaction_id in str(late.value)
    seconds_to_idle(server_pid, within=30)
    FIGURES.append(
        f"pure expression (bypassing bounds), timeout 0.3 s: server CPU "
        f"{server_cpu(server_pid) - before:.2f} s, reported {late.value.on_server}"
    )
    print(FIGURES[-1])
    assert server_cpu(server_pid) - before > 0.6  # it ran on past its timeout


def test_cli_query_says_the_query_is_gone(cli, probes: Driver) -> None:  # type: ignore[no-untyped-def]
    result = cli("audit", "query", ROW_FAMILIES["cartesian product"], "--timeout", "1")
    assert result.exit_code == 1
    assert "no longer running on the server" in result.output


def test_cli_query_refuses_an_unbounded_reduce(cli, graph: Driver) -> None:  # type: ignore[no-untyped-def]
    cypher = "RETURN reduce(s = '', x IN range(1, 50000000) | s + 'a') AS s"
    result = cli("audit", "query", cypher)
    assert result.exit_code == 1
    assert "range() at line 1, column" in result.output and "50,000,000" in result.output
