"""The Docker Compose stack must run the same Neo4j as `tracker db start` and must never ship a
password: both are properties of the files, checked here without needing Docker."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import yaml

from tracker.config import PROJECT_ROOT
from tracker.graph import limits

POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
PASSWORD_REF = re.compile(r"\$\{NEO4J_PASSWORD:\?[^}]+\}")


def compose() -> dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def pom_neo4j_version() -> str:
    root = ET.parse(PROJECT_ROOT / "neo4j" / "pom.xml").getroot()
    version = root.findtext("m:properties/m:neo4j.version", namespaces=POM_NS)
    assert version, "neo4j/pom.xml has no <neo4j.version> property"
    return version


def test_compose_neo4j_image_matches_the_maven_manifest() -> None:
    image = compose()["services"]["neo4j"]["image"]
    match = re.fullmatch(r"neo4j:(?P<version>[\d.]+)-community", image)
    assert match, f"expected neo4j:<exact version>-community, got {image}"
    assert match["version"] == pom_neo4j_version()


def test_neo4j_password_only_comes_from_the_environment() -> None:
    services = compose()["services"]
    auth = services["neo4j"]["environment"]["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/" + PASSWORD_REF.pattern, auth), auth
    app_env = services["app"]["environment"]
    assert PASSWORD_REF.fullmatch(app_env["NEO4J_PASSWORD"]), app_env["NEO4J_PASSWORD"]
    assert app_env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert app_env["NEO4J_USER"] == "neo4j"

    # No value anywhere mentions a password except through the variable.
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search("PASS|AUTH|SECRET", key):
                assert PASSWORD_REF.search(str(value)), f"{name}.{key} holds a literal: {value}"


def test_compose_refuses_to_start_without_a_password_and_says_where_to_set_it() -> None:
    """``${VAR:?message}`` is Compose's documented "required variable": unset or empty, Compose
    stops with the message. Both services must use that form, and the message must say what to
    do (Docker is not on every machine that runs the tests, so the file is what is checked)."""
    services = compose()["services"]
    values = [services["neo4j"]["environment"]["NEO4J_AUTH"]]
    values.append(services["app"]["environment"]["NEO4J_PASSWORD"])
    for value in values:
        [required] = re.findall(r"\$\{NEO4J_PASSWORD(:\?)([^}]*)\}", value)
        assert required[0] == ":?"  # not `-?` (unset only) nor `:-` (a default password)
        assert "set NEO4J_PASSWORD" in required[1] and ".env" in required[1]
    assert values[0].startswith("neo4j/")


def test_neo4j_healthcheck_logs_in_and_the_app_waits_for_it() -> None:
    services = compose()["services"]
    check = services["neo4j"]["healthcheck"]
    command = " ".join(check["test"]) if isinstance(check["test"], list) else check["test"]
    # The password reaches cypher-shell from the container's NEO4J_AUTH at run time ($$ keeps
    # compose from substituting it while reading the file), never as an argument.
    assert "cypher-shell" in command and "$${NEO4J_AUTH#neo4j/}" in command
    assert not re.search(r"(?<!\$)\$\{NEO4J_PASSWORD", command)
    assert not re.search(r"cypher-shell[^|;]*\s-p\b", command)
    assert services["app"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert "neo4j-data" in compose()["volumes"]
    assert any(str(v).startswith("neo4j-data:/data") for v in services["neo4j"]["volumes"])


def test_app_container_serves_on_all_interfaces_only_when_told_to() -> None:
    app = compose()["services"]["app"]
    assert app["environment"]["TRACKER_ALLOW_REMOTE"] == "1"
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.MULTILINE)
    assert "--server.address=0.0.0.0" in dockerfile and "--server.port=8501" in dockerfile
    published = [str(p) for p in app["ports"]]
    assert all(p.startswith("${TRACKER_PUBLISH_ADDRESS:-127.0.0.1}:") for p in published)


def test_env_example_has_placeholders_only_and_real_env_files_stay_private() -> None:
    lines = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    values = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    assert values.get("NEO4J_PASSWORD") == ""
    ignored = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored
    docker_ignored = (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert {".env", "var", ".venv"} <= set(docker_ignored)


def test_the_container_server_carries_every_limit_of_the_projects_own() -> None:
    """The image reads ``NEO4J_a_b__c`` as ``a.b_c``: the compose file must set each required
    and recommended limit to the value the project's own server gets."""
    env = compose()["services"]["neo4j"]["environment"]
    settings = {
        key[len("NEO4J_") :].replace("__", "\0").replace("_", ".").replace("\0", "_"): str(value)
        for key, value in env.items()
    }
    for limit in (*limits.LIMITS, *limits.RECOMMENDED):
        assert settings.get(limit.setting) == limit.value, limit.setting
