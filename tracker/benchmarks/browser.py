"""The dashboard in a real browser: start ``streamlit run app.py`` on a free port, wait until it
answers, drive Debian's Chromium through Playwright, and know when a page has finished.

Shared by the end-to-end tests (``tests/e2e``) and the UI benchmark (``tracker bench ui``),
so both measure and check the same thing. No fixed sleeps: readiness is the server's
``/_stcore/health`` and, in the page, Streamlit's own script state on the ``stApp`` element.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import PROJECT_ROOT, config

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = config().chromium_path
# Without the background-networking switches Chromium phones home at start, and a closed
# network refuses those connections in ways that slow or break the first page load.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'


class ServerFailed(RuntimeError):
    """Streamlit did not come up; the message carries the end of its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def streamlit_server(
    env: dict[str, str] | None = None,
    log: Path | None = None,
    timeout_s: float = 90.0,
    address: str = "127.0.0.1",  # where it listens; the tests reach it on 127.0.0.1 either way
) -> Iterator[str]:
    """Run the dashboard in a subprocess and yield its base URL; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    log_path = log or Path(os.devnull)
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = log_path.read_text(errors="replace")[-3000:] if log else ""
                    raise ServerFailed(f"streamlit did not answer on {url}:\n{tail}")
                time.sleep(0.2)  # polling interval, not a wait for an assumed duration
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def wait_idle(page: Page, timeout_ms: float = 60_000) -> None:
    """Until Streamlit says the script is not running (connected and finished)."""
    page.wait_for_selector(IDLE, state="attached", timeout=timeout_ms)


def open_page(page: Page, url: str, timeout_ms: float = 60_000) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    wait_idle(page, timeout_ms)


def exceptions(page: Page) -> list[str]:
    return page.locator(EXCEPTION).all_inner_texts()


def choose_satker(page: Page, code: str, shown: str, timeout_ms: float) -> float:
    """Pick ``code`` in the sidebar's satker picker; seconds from the click until the page's
    ``shown`` predicate (JavaScript, given the code) holds."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text="Satker").click()
    page.keyboard.type(code)
    option = page.get_by_role("option", name=f"{code} — ", exact=False).first
    option.wait_for()
    t0 = time.perf_counter()
    option.click()
    page.wait_for_function(shown, arg=code, polling="raf", timeout=timeout_ms)
    return time.perf_counter() - t0
