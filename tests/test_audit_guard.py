"""The read-only guard: nothing typed into the audit console may change the graph, the schema
or the server, and every layer refuses the usual attacks on its own.

Each attack runs against a real Neo4j holding a little hand-made graph; the graph, its schema
and the server's users are fingerprinted before and after.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import wipe
from neo4j import Driver

from tracker.audit import readonly
from tracker.audit.library import (
    AuditError,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    audit_log,
    run_readonly,
)
from tracker.config import Settings

SEED_GRAPH = """
CREATE (s:Satker {code: '670714', name: 'KPU KOTA SERANG'})
CREATE (r:Rka {uid: '670714/2020/r1', satker: '670714', year: 2020, revision: 1,
               content_hash: 'x', current: true})
CREATE (f:Finding {uid: '670714/2020/r1/F/1', rule: 'jumlah-arithmetic', severity: 'error',
                   code: '076.01.01', message: 'Jumlah does not add up', line: 20})
CREATE (p:Program:Plan {uid: '670714/2020/P/076.01.01#1', satker: '670714', year: 2020,
                        code: '076.01.01', seq: 1, name: 'Program Dukungan', jumlah: 73820000})
CREATE (s)-[:FILED]->(r)-[:HAS_FINDING]->(f)
CREATE (r)-[:PLANS]->(p)
"""

# name -> query. Every one must be refused and leave everything as it was.
ATTACKS: dict[str, str] = {
    "create": "CREATE (:Intruder {x: 1})",
    "create lowercase": "create (:Intruder {x: 1}) return 1",
    "create after match": "MATCH (s:Satker) CREATE (s)-[:OWNS]->(:Intruder) RETURN s",
    "merge": "MERGE (n:Intruder {x: 1}) RETURN n",
    "set property": "MATCH (s:Satker) SET s.name = 'hacked' RETURN s",
    "set label": "MATCH (s:Satker) SET s:Hacked",
    "set across lines": "MATCH (s:Satker)\nSET\n  s.name = 'hacked'",
    "delete": "MATCH (f:Finding) DELETE f",
    "detach delete": "MATCH (n) DETACH DELETE n",
    "remove property": "MATCH (s:Satker) REMOVE s.name",
    "remove label": "MATCH (p:Program) REMOVE p:Plan",
    "foreach": "MATCH (s:Satker) FOREACH (x IN [1] | SET s.hit = x)",
    "write subquery": "CALL () { CREATE (:Intruder) } RETURN 1 AS one",
    "in transactions": "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "create index": "CREATE INDEX intruder FOR (n:Satker) ON (n.name)",
    "create constraint": "CREATE CONSTRAINT intruder FOR (n:Intruder) REQUIRE n.x IS UNIQUE",
    "drop constraint": "DROP CONSTRAINT {constraint}",
    "drop index": "DROP INDEX {index}",
    "load csv": "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv hidden by comment": "LOAD /* x */ CSV FROM 'file:///etc/hosts' AS r RETURN r",
    "load csv write": "LOAD CSV FROM 'file:///etc/passwd' AS row CREATE (:Intruder {l: row[0]})",
    "dbms procedure": "CALL dbms.components()",
    "dbms procedure yield": "CALL dbms.components() YIELD name RETURN name",
    "db write procedure": "CALL db.createLabel('Intruder')",
    "db admin procedure": "CALL db.clearQueryCaches()",
    "procedure after allowed one": "CALL db.labels() YIELD label CALL db.createLabel(label)",
    "two statements": "MATCH (n) RETURN count(n); CREATE (:Intruder)",
    "statement after comment": "MATCH (n) RETURN n /* fine */ ; CREATE (:Intruder) // done",
    "write after line comment": "RETURN 1 AS x // harmless\nCREATE (:Intruder)",
    "write after escaped quote": 'RETURN "a \\" quote" AS x CREATE (:Intruder)',
    "write after quoted name": "MATCH (`a b`:Satker) CREATE (:Intruder) RETURN 1",
    "fullwidth create": "ＣＲＥＡＴＥ (:Intruder)",
    "fullwidth set": "MATCH (s:Satker) ＳＥＴ s.name = 'x'",
    "cyrillic create": "\u0421REATE (:Intruder)",  # Cyrillic capital Es
    "zero-width space": "CRE\u200bATE (:Intruder)",
    "terminate": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "show users": "SHOW USERS",
    "show settings": "SHOW SETTINGS",
    "show transactions": "SHOW TRANSACTIONS",
    "create user": "CREATE USER intruder SET PASSWORD 'secret-password' CHANGE NOT REQUIRED",
    "alter user": "ALTER USER neo4j SET PASSWORD 'another-secret' CHANGE NOT REQUIRED",
    "alter current user": "ALTER CURRENT USER SET PASSWORD FROM 'a-secret' TO 'b-secret'",
    "drop user": "DROP USER neo4j",
    "create database": "CREATE DATABASE intruder",
    "stop database": "STOP DATABASE neo4j",
    "grant": "GRANT ROLE admin TO intruder",
    "use system": "USE system SHOW USERS",
    "plugin function": "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {}) AS x",
    "explain prefix": "EXPLAIN CREATE (:Intruder)",
    "profile prefix": "PROFILE MATCH (s:Satker) SET s.name = 'x'",
}

# Queries that are read-only and must keep working: the guard must not be a wall.
ALLOWED: dict[str, str] = {
    "count": "MATCH (n) RETURN count(n) AS n",
    "keyword in string": "RETURN 'CREATE (n); DROP INDEX x' AS text",
    "keyword in comment": "MATCH (s:Satker) // we never DELETE here\nRETURN s.code AS code",
    "keyword-like names": "MATCH (s:Satker) RETURN s.set AS s_set, {delete: 1} AS m, s.code AS c",
    "trailing semicolon": "MATCH (s:Satker) RETURN s.code AS code;",
    "allowed procedure": "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "schema procedure": "CALL db.schema.visualization()",
    "show indexes": "SHOW INDEXES YIELD name RETURN name",
    "read subquery": "MATCH (s:Satker) CALL (s) { MATCH (s)-[:FILED]->(r) RETURN count(r) AS n } "
    "RETURN s.code AS code, n",
    "indonesian text in string": "RETURN 'Persentase – Kabupaten/Kota' AS text",
    "exists subquery": "MATCH (s:Satker) WHERE EXISTS { (s)-[:FILED]->(:Rka) } RETURN s.code AS c",
}


def _fingerprint(driver: Driver) -> dict[str, object]:
    """Everything an attack could change: nodes, relationships (with properties), indexes,
    constraints, users and databases."""
    nodes = driver.execute_query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p").records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS t, properties(r) AS p, "
        "properties(a) AS a, properties(b) AS b"
    ).records
    index_names = driver.execute_query("SHOW INDEXES YIELD name RETURN name").records
    constraint_names = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records
    users = driver.execute_query("SHOW USERS YIELD user RETURN user", database_="system").records
    databases = driver.execute_query(
        "SHOW DATABASES YIELD name RETURN name", database_="system"
    ).records
    content = sorted(
        json.dumps([sorted(r["l"]), r["p"]], sort_keys=True, default=str) for r in nodes
    ) + sorted(
        json.dumps([r["t"], r["p"], r["a"], r["b"]], sort_keys=True, default=str) for r in rels
    )
    return {
        "nodes": len(nodes),
        "relationships": len(rels),
        "checksum": hashlib.sha256("\n".join(content).encode()).hexdigest(),
        "indexes": sorted(r["name"] for r in index_names),
        "constraints": sorted(r["name"] for r in constraint_names),
        "users": sorted(r["user"] for r in users),
        "databases": sorted(r["name"] for r in databases),
    }


@pytest.fixture(scope="module")
def guarded_graph(driver: Driver, neo4j_settings: Settings) -> Driver:
    """One small graph for the whole module: every test asserts it is left unchanged, so
    sharing it is safe, and an attack that got through would show in every later test too."""
    wipe(driver, neo4j_settings.database)
    driver.execute_query(SEED_GRAPH, database_=neo4j_settings.database)
    return driver


@pytest.fixture
def small_graph(
    guarded_graph: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Driver]:
    monkeypatch.setenv("TRACKER_AUDIT_LOG", str(tmp_path / "audit-log.jsonl"))
    yield guarded_graph


def _fill(query: str, index: str, constraint: str) -> str:
    return query.replace("{index}", index).replace("{constraint}", constraint)


def _fill_from(query: str, driver: Driver) -> str:
    fp = _fingerprint(driver)
    return _fill(query, fp["indexes"][0], fp["constraints"][0])  # type: ignore[index]


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_is_refused_and_graph_unchanged(small_graph: Driver, name: str) -> None:
    query = _fill_from(ATTACKS[name], small_graph)
    before = _fingerprint(small_graph)
    assert before["nodes"] == 4 and before["indexes"], "the test graph was not set up"
    with pytest.raises(ReadOnlyViolation) as refused:
        run_readonly(small_graph, query, {}, user="tester")
    message = str(refused.value)
    assert message.startswith("Refused: ") and "read-only" in message
    assert _fingerprint(small_graph) == before
    entry = audit_log(1)[0]
    assert (entry["status"], entry["user"], entry["query"]) == ("refused", "tester", query)


@pytest.mark.parametrize("name", ATTACKS)
def test_plan_layer_alone_refuses(small_graph: Driver, neo4j_settings: Settings, name: str) -> None:
    """Without the text checks, the server's own EXPLAIN still stops every attack: either it
    plans it as something other than a read, or it cannot plan it at all."""
    query = _fill_from(ATTACKS[name], small_graph)
    before = _fingerprint(small_graph)
    with pytest.raises((ReadOnlyViolation, QueryError)):
        readonly.check_plan(small_graph, query, {}, neo4j_settings.database)
    assert _fingerprint(small_graph) == before


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (:Intruder)",
        "MERGE (:Intruder {x: 1})",
        "MATCH (s:Satker) SET s.name = 'hacked'",
        "MATCH (n) DETACH DELETE n",
        "CREATE INDEX intruder FOR (n:Satker) ON (n.name)",
    ],
)
def test_execution_layer_alone_refuses_writes(
    small_graph: Driver, neo4j_settings: Settings, query: str
) -> None:
    """The last layer, a READ transaction that is always rolled back, holds on its own."""
    before = _fingerprint(small_graph)
    with pytest.raises(ReadOnlyViolation, match="refused a write"):
        readonly.execute(small_graph, query, {}, database=neo4j_settings.database)
    assert _fingerprint(small_graph) == before


@pytest.mark.parametrize("name", ATTACKS)
def test_text_layer_alone_refuses(name: str) -> None:
    """No server needed: the text checks recognise every attack by themselves too (the
    index names here are placeholders)."""
    query = _fill(ATTACKS[name], "some_index", "some_constraint")
    with pytest.raises(ReadOnlyViolation):
        readonly.check_text(query)


@pytest.mark.parametrize("name", ALLOWED)
def test_read_only_queries_run(small_graph: Driver, name: str) -> None:
    before = _fingerprint(small_graph)
    result = run_readonly(small_graph, ALLOWED[name], {}, user="tester")
    assert result.rows >= 1 and not result.truncated
    assert _fingerprint(small_graph) == before


def test_refusal_names_what_and_where() -> None:
    with pytest.raises(ReadOnlyViolation) as exc:
        readonly.check_text("MATCH (s:Satker)\nRETURN s\n ＣＲＥＡＴＥ")
    assert "U+FF23 FULLWIDTH LATIN CAPITAL LETTER C" in str(exc.value)
    assert "line 3, column 2" in str(exc.value)
    with pytest.raises(ReadOnlyViolation, match=r"DETACH is not read-only \(line 2, column 1\)"):
        readonly.check_text("MATCH (n)\nDETACH DELETE n")
    with pytest.raises(ReadOnlyViolation, match="procedure dbms.components .* allow-list"):
        readonly.check_text("CALL dbms.components()")
    with pytest.raises(ReadOnlyViolation, match="several statements"):
        readonly.check_text("RETURN 1; RETURN 2")
    with pytest.raises(ReadOnlyViolation, match="at most 20,000"):
        readonly.check_text("RETURN 1 AS x " + " " * 20_000)
    with pytest.raises(ReadOnlyViolation, match="U\\+0430 CYRILLIC SMALL LETTER A"):
        readonly.check_text("MATCH (s:S\u0430tker) RETURN s")


def test_parameters_are_data_not_cypher(small_graph: Driver) -> None:
    query = "MATCH (s:Satker) WHERE s.name = $name RETURN s.code AS code"
    hostile = "x' OR 1=1 WITH 1 AS x CREATE (:Intruder) //"
    before = _fingerprint(small_graph)
    assert run_readonly(small_graph, query, {"name": hostile}).rows == 0
    found = run_readonly(small_graph, query, {"name": "KPU KOTA SERANG"})
    assert found.frame["code"].tolist() == ["670714"]
    assert _fingerprint(small_graph) == before


def test_slow_query_is_stopped_by_the_timeout(small_graph: Driver) -> None:
    slow = "UNWIND range(1, 10000000) AS a UNWIND range(1, 10000000) AS b RETURN count(*) AS pairs"
    with pytest.raises(QueryTimeout, match="1 s time limit"):
        run_readonly(small_graph, slow, {}, user="tester", timeout_s=1)
    entry = audit_log(1)[0]
    assert entry["status"] == "timeout" and entry["timeout_s"] == 1


def test_large_result_is_cut_at_the_cap(small_graph: Driver) -> None:
    cut = run_readonly(small_graph, "UNWIND range(1, 10000) AS x RETURN x", {}, row_cap=100)
    assert cut.rows == 100 and cut.truncated
    assert cut.frame["x"].tolist() == list(range(1, 101))
    exact = run_readonly(small_graph, "UNWIND range(1, 100) AS x RETURN x", {}, row_cap=100)
    assert exact.rows == 100 and not exact.truncated
    assert audit_log(2)[0]["truncated"] is False and audit_log(2)[1]["truncated"] is True


def test_invalid_cypher_is_a_query_error_and_logged(small_graph: Driver) -> None:
    with pytest.raises(QueryError, match="not valid Cypher"):
        run_readonly(small_graph, "MATCH (n RETURN n", {}, user="tester")
    assert audit_log(1)[0]["status"] == "error"


def test_timeout_and_cap_are_bounded(small_graph: Driver) -> None:
    with pytest.raises(AuditError, match="timeout must be more than 0 and at most 300 s"):
        run_readonly(small_graph, "RETURN 1 AS x", {}, timeout_s=3600)
    with pytest.raises(AuditError, match="row cap must be between 1 and 100,000"):
        run_readonly(small_graph, "RETURN 1 AS x", {}, row_cap=0)
