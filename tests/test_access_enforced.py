"""The write paths refuse people whose role does not allow the write, when called directly rather
than through a (disabled) button: ``tracker.trace.decisions`` itself, and the app's decision and
loading helpers inside a Streamlit session whose signed-in user is a viewer. The real test
Neo4j holds the graph; after a refusal it is exactly as before."""

from __future__ import annotations

from typing import Any

import pytest
import streamlit as st
from conftest import SEED
from neo4j import Driver
from streamlit.testing.v1 import AppTest

from tracker.access import PermissionDenied, User
from tracker.graph import loader
from tracker.trace import decisions, linker

SATKER, YEAR = "670714", 2020
SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only-cookie-secret-0123456789",
        "client_id": "rka-tracker",
        "client_secret": "test-only",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
    },
    "tracker": {"access": {"role_claim": "roles", "unknown_user": "refuse"}},
}


def snapshot(driver: Driver) -> tuple[Any, ...]:
    """Everything a refused write could have touched: sizes, link states, decisions."""
    records = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes "
        "OPTIONAL MATCH ()-[s:SERVES]->() "
        "WITH nodes, collect([s.status, s.decided_by]) AS serves "
        "OPTIONAL MATCH (d:LinkDecision) "
        "RETURN nodes, serves, count(d) AS decisions"
    ).records[0]
    return records["nodes"], sorted(map(tuple, records["serves"])), records["decisions"]


@pytest.fixture
def seeded(seeded_graph: Driver) -> Driver:
    return seeded_graph


def suggested(driver: Driver) -> dict[str, Any]:
    links = linker.links(driver, SATKER, YEAR)
    return links[links["status"] == "suggested"].iloc[0].to_dict()


def test_decisions_refuse_a_viewer_or_auditor_and_change_nothing(seeded: Driver) -> None:
    link = suggested(seeded)
    before = snapshot(seeded)
    for role in ("viewer", "auditor"):
        person = User(name=f"{role}@kpu.go.id", role=role, mode="oidc")
        for write in (decisions.confirm, decisions.reject, decisions.add):
            with pytest.raises(PermissionDenied, match=f"{role}@kpu.go.id \\(role {role}\\)"):
                write(seeded, SATKER, YEAR, link["source_uid"], link["target_uid"], user=person)
    assert snapshot(seeded) == before


def test_decisions_record_a_planners_name(seeded: Driver) -> None:
    link = suggested(seeded)
    siti = User(name="siti@kpu.go.id", role="perencana", mode="oidc")
    row = decisions.confirm(seeded, SATKER, YEAR, link["source_uid"], link["target_uid"], user=siti)
    assert (row["status"], row["decided_by"]) == ("confirmed", "siti@kpu.go.id")


def _call_write_paths(source: str, target: str, seed: str) -> None:
    """Runs as a Streamlit script: the app's own helpers, called directly as this session's
    signed-in user, each outcome written out for the test to read."""
    from pathlib import Path

    import streamlit as st

    from tracker.app import deciding, loading
    from tracker.read import document as reading

    try:
        link = deciding.decide("670714", 2020, source, target, "confirm")
        st.success(f"decided by {link['decided_by']}")
    except PermissionError as exc:
        st.error(f"decide: {exc}")
    try:
        loading.load(reading.parse_file(Path(seed)))
        st.success("loaded")
    except PermissionError as exc:
        st.error(f"load: {exc}")


def run_as(claims: dict[str, Any], link: dict[str, Any]) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_function(
        _call_write_paths, args=(link["source_uid"], link["target_uid"], str(SEED))
    )
    at.secrets = SECRETS
    at.user = {"is_logged_in": True, **claims}
    at.run(timeout=60)
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_apps_write_paths_refuse_a_signed_in_viewer(seeded: Driver) -> None:
    link = suggested(seeded)
    before = snapshot(seeded)
    at = run_as({"sub": "v1", "email": "vera@kpu.go.id", "roles": ["viewer"]}, link)
    errors = [e.value for e in at.error]
    assert errors == [
        "decide: vera@kpu.go.id (role viewer) may not confirm, reject or add links: that needs "
        "the role perencana or perencana_pusat or admin",
        "load: vera@kpu.go.id (role viewer) may not load documents: that needs the role "
        "perencana or perencana_pusat or admin",
    ]
    assert snapshot(seeded) == before


def test_the_apps_write_paths_record_the_signed_in_planner(seeded: Driver) -> None:
    link = suggested(seeded)
    at = run_as({"sub": "s1", "email": "siti@kpu.go.id", "roles": "perencana"}, link)
    assert [s.value for s in at.success] == ["decided by siti@kpu.go.id", "loaded"]
    assert not at.error


def test_deleting_a_document_is_for_admins_only(seeded: Driver) -> None:
    before = snapshot(seeded)
    for role in ("viewer", "perencana", "auditor"):
        person = User(name=f"{role}@kpu.go.id", role=role, mode="oidc")
        with pytest.raises(PermissionDenied):
            loader.delete_satker_year(seeded, SATKER, YEAR, user=person)
    assert snapshot(seeded) == before
    admin = User(name="admin@kpu.go.id", role="admin", mode="oidc")
    assert loader.delete_satker_year(seeded, SATKER, YEAR, user=admin) > 0
    assert snapshot(seeded)[0] < before[0]
