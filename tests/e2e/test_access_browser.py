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
from neo4j import Driver
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, Page, expect

from tracker import linker, loader
from tracker.benchmarks import browser as harness
from tracker.benchmarks.browser import exceptions, open_page, wait_idle
from tracker.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

SEED = PROJECT_ROOT / "seeds" / "000_d6421c3a26a2bf97.txt"
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
    loader.load_documents([SEED], e2e_graph, progress=False)
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


@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_role_signs_in_and_may_do_only_its_part(
    browser: Browser, signed_app: tuple[str, Path], provider: str, seeded: Driver, role: str
) -> None:
    url, log = signed_app
    sub, name, email, _ = PEOPLE[role]
    page = sign_in(browser, url, provider, sub)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text(name)
    expect(sidebar).to_contain_text(f"Peran: {ROLE_LABELS[role]}")
    expect(sidebar.get_by_role("button", name="Keluar")).to_be_visible()
    expect(sidebar).not_to_contain_text("Mode lokal")

    link = first_suggested(seeded)
    open_link(page, url, link)
    confirm = link_row(page, link).get_by_role("button", name="Konfirmasi")
    nav = page.get_by_test_id("stSidebarNav")
    if role in ("perencana", "admin"):
        expect(confirm).to_be_enabled()
    else:
        expect(confirm).to_be_disabled()
    if role == "perencana":  # a decision records the signed-in person
        confirm.click()
        expect(page.get_by_test_id("stAlert").filter(has_text=email)).to_be_visible()
        links = linker.links(seeded, SATKER, YEAR)
        stored = links[
            (links.source_uid == link["source_uid"]) & (links.target_uid == link["target_uid"])
        ].iloc[0]
        assert (stored["status"], stored["decided_by"]) == ("confirmed", email)

    if role in ("auditor", "admin"):
        expect(nav.get_by_role("link", name="Audit")).to_be_visible()
        open_page(page, f"{url}/audit?{VIEW}")
        page.get_by_role("tab", name="Konsol Cypher").click()
        page.get_by_test_id("stFormSubmitButton").filter(has_text="Jalankan").last.click()
        wait_idle(page)
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
        runs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        assert runs[-1]["user"] == email and runs[-1]["status"] == "ok"
    else:  # no Audit page in the menu, and its address shows no console
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Audit")).to_have_count(0)
        page.goto(f"{url}/audit?{VIEW}")
        wait_idle(page)
        expect(page.get_by_label("Cypher")).to_have_count(0)
        expect(page.get_by_role("tab", name="Konsol Cypher")).to_have_count(0)
    assert exceptions(page) == []
    page.context.close()


def test_a_stranger_is_refused_and_sees_no_page(
    browser: Browser, signed_app: tuple[str, Path], provider: str
) -> None:
    url, _ = signed_app
    page = sign_in(browser, url, provider, STRANGER[0])
    expect(page.get_by_role("heading", name="Akses ditolak")).to_be_visible()
    expect(page.get_by_test_id("stAlert")).to_contain_text("tamu@contoh.test")
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    assert exceptions(page) == []
    page.context.close()
