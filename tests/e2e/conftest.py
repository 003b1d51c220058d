"""Browser fixtures: one Streamlit server and one Chromium for the module, a fresh browser
context (cookies, downloads) per test. The server gets the test database's environment (set by
``tests/conftest.py``), so the app and the tests look at the same graph."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import wipe
from neo4j import Driver
from playwright.sync_api import Browser, Page, sync_playwright

from tracker.benchmarks import browser as harness
from tracker.config import PROJECT_ROOT, Settings

# The README's pictures are refreshed only on request (`make screenshots`), so that a test run
# leaves the working tree clean; otherwise they land in the ignored var/ folder.
SCREENSHOTS = (
    PROJECT_ROOT / "docs" / "screenshots"
    if os.environ.get("TRACKER_UPDATE_SCREENSHOTS") == "1"
    else PROJECT_ROOT / "var" / "screenshots"
)


@pytest.fixture(scope="module")
def e2e_graph(driver: Driver, neo4j_settings: Settings) -> Driver:
    """An empty database at the start of the module (the first test sees the first-run
    screen); tests that need the seed ask for ``seed``."""
    wipe(driver, neo4j_settings.database)
    return driver


@pytest.fixture(scope="module")
def app_url(e2e_graph: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("streamlit")
    env = {"TRACKER_AUDIT_LOG": str(folder / "audit-log.jsonl")}
    with harness.streamlit_server(env=env, log=folder / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(harness.CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {harness.CHROMIUM}: install Debian's (`apt-get install chromium`) "
            "or set TRACKER_CHROMIUM",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = harness.launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(60_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
