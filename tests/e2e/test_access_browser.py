"""Sign-in and roles in real Chromium: an OpenID Connect provider started here
(``oidc-provider-mock``, on a free loopback port), the dashboard started with a generated
secrets file pointing at it, and a real sign-in for each role.

The provider knows one person per role. Their roles come from the ``roles`` claim, except the
planner's, which comes from the mapping file (her claim says nothing), so both ways are
exercised. A stranger with no role is refused. The repository's own ``.streamlit/secrets.toml``
is never written: the server reads the generated file through ``STREAMLIT_SECRETS_FILES``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from conftest import load_seed
from neo4j import Driver
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, Page, expect

from tracker.benchmarks import browser as harness
from tracker.benchmarks.browser import exceptions, open_page, wait_idle
from tracker.trace import linker

pytestmark = pytest.mark.browser

SATKER, YEAR = "670714", 2020
VIEW = f"satker={SATKER}&year={YEAR}"

PEOPLE = {
    "viewer": ("vera", "Vera Wulandari", "vera@kpu-serangkota.go.id", ["viewer"]),
    # no role claim: her role comes from the mapping file
    "perencana": ("siti", "Siti Rahmawati", "siti@kpu-serangkota.go.id", []),
    "auditor": ("irwan", "Irwan Inspektorat", "irwan@kpu.go.id", ["offline_access", "auditor"]),
    "admin": ("adi", "Adi Admin", "adi@kpu-serangkota.go.id", ["admin"]),
}
STRANGER = ("tamu", "Tamu", "tamu@contoh.test", ["staff"])
ROLE_LABELS = {
    "viewer": "Pembaca",
    "perencana": "Perencana",
    "auditor": "Auditor",
    "admin": "Admin",
}


def claims(person: tuple[str, str, str, list[str]]) -> User:
    sub, name, email, roles = person
    extra = {"roles": roles} if roles else {}
    return User(sub=sub, claims={"name": name, "email": email, "email_verified": True, **extra})


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    users = [claims(p) for p in [*PEOPLE.values(), STRANGER]]
    with run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def seeded(e2e_graph: Driver) -> Driver:
    load_seed(e2e_graph)
    return e2e_graph


@pytest.fixture(scope="module")
def signed_app(
    provider: str, seeded: Driver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The dashboard with sign-in configured; yields its URL and its audit log."""
    folder = tmp_path_factory.mktemp("access")
    mapping = folder / "access.yaml"
    mapping.write_text(f"users:\n  {PEOPLE['perencana'][2]}: perencana\n", encoding="utf-8")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "rka-tracker"\n'
        'client_secret = "test-only"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "[tracker.access]\n"
        'role_claim = "roles"\n'
        f'mapping_file = "{mapping}"\n'
        'unknown_user = "refuse"\n',
        encoding="utf-8",
    )
    log = folder / "audit-log.jsonl"
    env = {"STREAMLIT_SECRETS_FILES": str(secrets_file), "TRACKER_AUDIT_LOG": str(log)}
    with harness.streamlit_server(env=env, log=folder / "streamlit.log") as url:
        yield url, log


def sign_in(browser: Browser, url: str, provider: str, sub: str) -> Page:
    """A fresh browser (no cookies) through the whole sign-in: the app's sign-in screen, the
    provider's page, and back."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    open_page(page, url)
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible()
    assert page.get_by_test_id("stSidebarNav").count() == 0  # no page before sign-in
    page.get_by_role("button", name="Masuk dengan akun kantor").click()
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(f"{url}/**")
    wait_idle(page)
    return page


def first_suggested(driver: Driver) -> pd.Series:
    links = linker.links(driver, SATKER, YEAR)
    return links[links["status"] == "suggested"].iloc[0]


def link_row(page: Page, link: pd.Series):
    names = {"output": "IO", "kegiatan": "IKK", "program": "IKP"}
    source = (
        f"{names[link['source_level']]} {link['source_owner']} "
        f"{link['source_code']}#{link['source_seq']}"
    )
    return page.get_by_test_id("stHorizontalBlock").filter(has_text=source).filter(has_text="→")


def open_link(page: Page, url: str, link: pd.Series) -> None:
    open_page(page, f"{url}/keterlacakan?{VIEW}&ind={quote(link['target_uid'], safe='')}")
    expect(link_row(page, link)).to_contain_text("usulan")


def signed_in_as(page: Page, role: str) -> None:
    """The sidebar names the person and their role and offers sign-out; no local mode."""
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text(PEOPLE[role][1])
    expect(sidebar).to_contain_text(f"Peran: {ROLE_LABELS[role]}")
    expect(sidebar.get_by_role("button", name="Keluar")).to_be_visible()
    expect(sidebar).not_to_contain_text("Mode lokal")


def menu_has_audit(page: Page) -> bool:
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="Ringkasan")).to_be_visible()
    return nav.get_by_role("link", name="Audit").count() == 1


def test_viewer_reads_but_cannot_confirm_a_link_or_open_the_console(
    browser: Browser, signed_app: tuple[str, Path], provider: str, seeded: Driver
) -> None:
    url, _ = signed_app
    page = sign_in(browser, url, provider, PEOPLE["viewer"][0])
    signed_in_as(page, "viewer")
    assert not menu_has_audit(page)
    before = linker.links(seeded, SATKER, YEAR)
    link = first_suggested(seeded)
    open_link(page, url, link)
    expect(link_row(page, link).get_by_role("button", name="Konfirmasi")).to_be_disabled()
    expect(link_row(page, link).get_by_role("button", name="Tolak")).to_be_disabled()
    page.goto(f"{url}/audit?{VIEW}")  # the address typed by hand: still no console
    wait_idle(page)
    expect(page.get_by_role("tab", name="Konsol Cypher")).to_have_count(0)
    expect(page.get_by_test_id("stTextArea")).to_have_count(0)
    assert exceptions(page) == []
    pd.testing.assert_frame_equal(linker.links(seeded, SATKER, YEAR), before)
    page.context.close()


def test_planner_confirms_a_link_recorded_under_her_email(
    browser: Browser, signed_app: tuple[str, Path], provider: str, seeded: Driver
) -> None:
    url, _ = signed_app
    email = PEOPLE["perencana"][2]
    page = sign_in(browser, url, provider, PEOPLE["perencana"][0])
    signed_in_as(page, "perencana")  # from the mapping file: her claim names no role
    assert not menu_has_audit(page)
    link = first_suggested(seeded)
    open_link(page, url, link)
    link_row(page, link).get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_test_id("stAlert").filter(has_text=email)).to_be_visible()
    links = linker.links(seeded, SATKER, YEAR)
    stored = links[
        (links.source_uid == link["source_uid"]) & (links.target_uid == link["target_uid"])
    ].iloc[0]
    assert (stored["status"], stored["decided_by"]) == ("confirmed", email)
    assert exceptions(page) == []
    page.context.close()


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_run_the_console_recorded_under_their_email(
    browser: Browser, signed_app: tuple[str, Path], provider: str, role: str
) -> None:
    url, log = signed_app
    page = sign_in(browser, url, provider, PEOPLE[role][0])
    signed_in_as(page, role)
    assert menu_has_audit(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Audit").click()
    page.get_by_role("tab", name="Konsol Cypher").click()
    page.get_by_test_id("stFormSubmitButton").filter(has_text="Jalankan").last.click()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    wait_idle(page)
    runs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert (runs[-1]["user"], runs[-1]["kind"], runs[-1]["status"]) == (
        PEOPLE[role][2],
        "query",
        "ok",
    )
    assert exceptions(page) == []
    page.context.close()


def test_a_stranger_is_refused_sees_no_page_and_can_sign_out(
    browser: Browser, signed_app: tuple[str, Path], provider: str
) -> None:
    url, _ = signed_app
    page = sign_in(browser, url, provider, STRANGER[0])
    expect(page.get_by_role("heading", name="Akses ditolak")).to_be_visible()
    expect(page.get_by_test_id("stAlert")).to_contain_text("tamu@contoh.test has no role")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert exceptions(page) == []
    page.get_by_role("button", name="Keluar").click()  # the provider ends its session too
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{url}/**")
    wait_idle(page)
    expect(page.get_by_role("button", name="Masuk dengan akun kantor")).to_be_visible()
    page.context.close()


def test_local_mode_refuses_to_serve_a_network_address(browser: Browser, tmp_path: Path) -> None:
    """No [auth] and listening on every interface: a stop screen, not an app where whoever
    connects is admin."""
    env = {"STREAMLIT_SECRETS_FILES": str(tmp_path / "none.toml"), "TRACKER_ALLOW_REMOTE": "0"}
    with harness.streamlit_server(env=env, address="0.0.0.0", log=tmp_path / "st.log") as url:
        page = browser.new_page()
        open_page(page, url)
        heading = "Mode lokal tidak dilayani di alamat jaringan"
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_test_id("stAlert")).to_contain_text("TRACKER_ALLOW_REMOTE=1")
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
        assert exceptions(page) == []
        page.close()
