"""`tracker db start|status|stop` against real Neo4j processes, in throw-away homes on free
ports so the session's test server is never disturbed."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from conftest import free_port
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError

from tracker.config import PROJECT_ROOT, Settings, load_settings
from tracker.graph import db, schema, server


def pom_version() -> str:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(PROJECT_ROOT / "neo4j" / "pom.xml").getroot()
    return root.findtext("m:properties/m:neo4j.version", namespaces=ns)


@pytest.fixture
def local_env(tmp_path: Path) -> Iterator[dict[str, str | None]]:
    """Environment for a private local server; whatever it started is stopped afterwards."""
    env: dict[str, str | None] = {
        "NEO4J_URI": None,
        "TRACKER_NEO4J_HOME": str(tmp_path / "home"),
        "TRACKER_NEO4J_PORT": str(free_port()),
    }
    yield env
    server.stop(load_settings({k: v for k, v in env.items() if v is not None}), timeout=20)


def assert_clean_failure(result: Result) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception


@pytest.mark.neo4j
def test_start_status_restart_stop(cli: Callable[..., Result], local_env: dict) -> None:
    home = Path(local_env["TRACKER_NEO4J_HOME"])
    port = int(local_env["TRACKER_NEO4J_PORT"])

    before = cli("db", "status", env=local_env)
    assert before.exit_code == 1 and "db start" in before.output

    started = cli("db", "start", "--timeout", "180", env=local_env)
    assert started.exit_code == 0, started.output
    assert "ready" in started.output
    pid = int((home / "neo4j.pid").read_text())
    password_path = home / "password"
    assert stat.S_IMODE(password_path.stat().st_mode) == 0o600
    password = password_path.read_text().strip()
    uri = f"bolt://127.0.0.1:{port}"
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as drv:
        drv.verify_connectivity()
    with GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as drv, pytest.raises(AuthError):
        drv.verify_connectivity()  # the factory password was replaced

    status = cli("db", "status", env=local_env)
    assert status.exit_code == 0, status.output
    assert pom_version() in status.output and "community" in status.output
    assert "nodes     0" in status.output or "nodes 0" in " ".join(status.output.split())

    again = cli("db", "start", env=local_env)
    assert again.exit_code == 0, again.output
    assert "already running" in again.output and str(pid) in again.output
    assert int((home / "neo4j.pid").read_text()) == pid

    stopped = cli("db", "stop", env=local_env)
    assert stopped.exit_code == 0, stopped.output
    assert f"Stopped Neo4j (pid {pid})" in stopped.output
    assert not server._alive(pid)
    assert not (home / "neo4j.pid").exists()
    assert not server.port_in_use(port)

    twice = cli("db", "stop", env=local_env)
    assert twice.exit_code == 0 and "not running" in twice.output


def test_stop_never_kills_a_stranger_named_in_a_stale_pid_file(
    cli: Callable[..., Result], local_env: dict
) -> None:
    home = Path(local_env["TRACKER_NEO4J_HOME"])
    home.mkdir(parents=True)
    (home / "neo4j.pid").write_text(f"{os.getpid()}\n")  # this pytest process: not Neo4j

    result = cli("db", "stop", env=local_env)

    assert result.exit_code == 0 and "not running" in result.output
    assert not (home / "neo4j.pid").exists()


def test_start_refuses_a_taken_port(cli: Callable[..., Result], local_env: dict) -> None:
    home = Path(local_env["TRACKER_NEO4J_HOME"])
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        env = {**local_env, "TRACKER_NEO4J_PORT": str(port)}

        result = cli("db", "start", env=env)
        status = cli("db", "status", env=env)

    assert_clean_failure(result)
    assert f"Port {port}" in result.output and "TRACKER_NEO4J_PORT" in result.output
    assert not (home / "neo4j.pid").exists()
    assert_clean_failure(status)
    assert f"port {port}" in status.output


def test_start_without_java_says_so(
    cli: Callable[..., Result], local_env: dict, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {**local_env, "PATH": str(empty), "JAVA_HOME": None}

    result = cli("db", "start", env=env)

    assert_clean_failure(result)
    assert "Java was not found" in result.output


def test_missing_jars_without_maven_says_how_to_fetch_them(
    cli: Callable[..., Result],
    local_env: dict,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    java = shutil.which("java")
    assert java, "these tests run the real server, which needs Java"
    java_home = Path(java).resolve().parent.parent
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setattr(server, "LIB_DIR", tmp_path / "no-jars-here")
    env = {**local_env, "PATH": str(empty), "JAVA_HOME": str(java_home)}

    result = cli("db", "start", env=env)

    assert_clean_failure(result)
    assert "jars are missing" in result.output and "mvn" in result.output


def test_external_server_with_wrong_credentials_is_refused_clearly(
    cli: Callable[..., Result], neo4j_settings: Settings
) -> None:
    # One wrong password for user neo4j only: three in a row would lock it for a few seconds.
    wrong_password = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": "not-the-password",
    }
    status = cli("db", "status", env=wrong_password)
    assert_clean_failure(status)
    assert neo4j_settings.uri in status.output and "NEO4J_PASSWORD" in status.output

    unknown_user = {**wrong_password, "NEO4J_USER": "nobody-here"}
    start = cli("db", "start", env=unknown_user)
    assert_clean_failure(start)
    assert neo4j_settings.uri in start.output and "'nobody-here'" in start.output
    assert "not-the-password" not in start.output


def test_driver_for_a_server_never_started_says_how_to_start_it(local_env: dict) -> None:
    settings = load_settings({k: v for k, v in local_env.items() if v is not None})

    with pytest.raises(db.DatabaseUnavailable, match="tracker db start"):
        db.get_driver(settings)


def test_graph_fixture_gives_an_empty_database_with_schema_and_neomodel(
    graph: Driver, neo4j_settings: Settings
) -> None:
    assert db.get_driver(neo4j_settings) is graph  # one shared driver per settings
    records, _, _ = graph.execute_query(
        "MATCH (n) RETURN count(n) AS nodes", database_=neo4j_settings.database
    )
    assert records[0]["nodes"] == 0
    online = {i.name for i in schema.indexes(graph, neo4j_settings.database) if i.state == "ONLINE"}
    assert set(schema.declared_names()) <= online

    from neomodel import db as neomodel_db

    assert neomodel_db.driver is graph
    rows, _ = neomodel_db.cypher_query("CREATE (n:Scratch) RETURN count(n)")
    assert rows == [[1]]


def test_maven_offline_is_reported_as_such(
    cli: Callable[..., Result],
    local_env: dict,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A Maven user home with an empty repository and offline mode: nothing can be fetched.
    m2 = tmp_path / "maven-home" / ".m2"
    m2.mkdir(parents=True)
    (m2 / "settings.xml").write_text("<settings><offline>true</offline></settings>\n")
    monkeypatch.setattr(server, "LIB_DIR", tmp_path / "no-jars-here")
    env = {**local_env, "MAVEN_OPTS": f"-Duser.home={m2.parent}"}

    result = cli("db", "start", env=env)

    assert_clean_failure(result)
    assert "Maven could not download" in result.output
    assert not (Path(local_env["TRACKER_NEO4J_HOME"]) / "neo4j.pid").exists()
