"""One driver per database, shared by the CLI, the loader, the dashboard and neomodel.

A Neo4j driver holds a connection pool and is meant to live as long as the process, so it is
built once per :class:`~tracker.config.Settings` and handed out from here; neomodel is pointed
at the same driver rather than opening a second pool from a URL. Connection problems surface
as :class:`DatabaseUnavailable` with a message saying what to check, never a driver traceback.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import Driver, GraphDatabase, Session
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ServiceUnavailable,
    SessionExpired,
)

from tracker.config import Settings, load_settings, password_file

USER_AGENT = "rka-tracker"

_drivers: dict[Settings, Driver] = {}
_lock = threading.Lock()


class DatabaseUnavailable(Exception):
    """The database cannot be used; the message names the URI and what to check."""


def _explain_auth(settings: Settings) -> str:
    if settings.external:
        return (
            f"Neo4j at {settings.uri} rejected user {settings.user!r}: check NEO4J_USER and "
            "NEO4J_PASSWORD (and NEO4J_URI points at the server you mean)."
        )
    return (
        f"The local Neo4j at {settings.uri} rejected the password kept in "
        f"{password_file(settings.home)}. Its data folder was set up with another password; "
        "use another TRACKER_NEO4J_HOME or remove that home folder to start afresh."
    )


def _explain_unreachable(settings: Settings, detail: str) -> str:
    reason = re.search(r"\(reason ([^)]*)\)", detail)
    detail = reason.group(1) if reason else detail.strip().splitlines()[-1] if detail else ""
    if settings.external:
        return (
            f"No Neo4j answers at {settings.uri} ({detail}): check NEO4J_URI and that the "
            "server is up (with Docker: `docker compose up -d neo4j`)."
        )
    return (
        f"No Neo4j answers at {settings.uri}: start the project's server with "
        f"`tracker db start` (home {settings.home}), or set NEO4J_URI to use another server."
    )


def _check_settings(settings: Settings) -> None:
    if settings.external and not settings.password:
        raise DatabaseUnavailable(
            f"NEO4J_URI is set to {settings.uri} but NEO4J_PASSWORD is empty: set it in the "
            "environment (or .env for Docker Compose)."
        )
    if not settings.external and not settings.password:
        raise DatabaseUnavailable(
            f"The project's Neo4j in {settings.home} has not been set up yet: run "
            "`tracker db start` first (or set NEO4J_URI to use another server)."
        )


def database(name: str | None = None) -> str:
    """The database a call works on: the caller's choice, else the configured one
    (``NEO4J_DATABASE``). Every function taking ``database=None`` asks here, so the default is
    decided in one place."""
    return name or load_settings().database


def verify_driver(driver: Driver, settings: Settings) -> None:
    """Connect and authenticate now, so a wrong password fails here with a clear message
    rather than at the first query deep inside a command."""
    try:
        driver.verify_connectivity()
    except AuthError:
        raise DatabaseUnavailable(_explain_auth(settings)) from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise DatabaseUnavailable(_explain_unreachable(settings, str(exc))) from None


def _new_driver(settings: Settings, acquisition_timeout: float = 60.0) -> Driver:
    _check_settings(settings)
    try:
        return GraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            user_agent=USER_AGENT,
            connection_timeout=10.0,
            # also bounds the Bolt handshake with a peer that accepts TCP but never answers
            connection_acquisition_timeout=acquisition_timeout,
        )
    except (ConfigurationError, ValueError) as exc:
        raise DatabaseUnavailable(f"NEO4J_URI {settings.uri!r} is not usable: {exc}") from None


@contextmanager
def open_driver(settings: Settings | None = None) -> Iterator[Driver]:
    """A short-lived, verified driver that is closed afterwards (admin commands, probes)."""
    settings = settings or load_settings()
    driver = _new_driver(settings, acquisition_timeout=15.0)
    try:
        verify_driver(driver, settings)
        yield driver
    finally:
        driver.close()


def verify(settings: Settings | None = None) -> None:
    """Raise DatabaseUnavailable unless the configured server accepts our credentials."""
    with open_driver(settings):
        pass


def get_driver(settings: Settings | None = None) -> Driver:
    """The process-wide driver for these settings, created and verified on first use."""
    settings = settings or load_settings()
    with _lock:
        driver = _drivers.get(settings)
        if driver is None:
            driver = _new_driver(settings)
            try:
                verify_driver(driver, settings)
            except DatabaseUnavailable:
                driver.close()
                raise
            _drivers[settings] = driver
        return driver


@contextmanager
def session(settings: Settings | None = None, **config: object) -> Iterator[Session]:
    """A session on the configured database (``NEO4J_DATABASE``), from the shared driver."""
    settings = settings or load_settings()
    with get_driver(settings).session(database=settings.database, **config) as s:
        yield s


def connect_neomodel(
    driver: Driver | None = None, settings: Settings | None = None, database: str | None = None
) -> None:
    """Point neomodel at our driver and database, through its public configuration: the
    database goes into ``config.database_name`` and ``db.set_connection(driver=…)`` hands over
    the driver and reads that name into the calling context. neomodel keeps the database name
    per thread/context, so call this at the start of each thread that uses the model classes
    (it costs one small query: neomodel asks the server its version)."""
    from neomodel import db as neomodel_db
    from neomodel import get_config

    settings = settings or load_settings()
    driver = driver or get_driver(settings)
    config = get_config()
    with _lock:
        config.driver = driver
        config.database_name = database or settings.database
        neomodel_db.set_connection(driver=driver)


def close() -> None:
    """Close every driver handed out here and detach neomodel from them (end of process,
    or a test switching servers)."""
    from neomodel import db as neomodel_db
    from neomodel import get_config

    with _lock:
        ours = list(_drivers.values())
        _drivers.clear()
        if neomodel_db.driver is not None and neomodel_db.driver in ours:
            neomodel_db.close_connection()
            get_config().driver = None
        for driver in ours:
            driver.close()
