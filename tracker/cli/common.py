"""What every ``tracker`` command shares: its consoles, how an expected failure is reported,
and the database it talks to.

An expected failure (no database, a server that will not start, a bad decision, an unknown
indicator) is the user's to fix, so it prints one line saying what is wrong and exits with
status 1; only bugs produce tracebacks. Keeping this in one place keeps the commands' messages
alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import Driver
from rich.console import Console
from rich.markup import escape

from tracker.config import Settings, load_settings
from tracker.graph import server
from tracker.graph.db import DatabaseUnavailable, get_driver


def out() -> Console:
    """Standard output, never folded and without rich's guesses at highlighting."""
    return Console(soft_wrap=True, highlight=False)


def err() -> Console:
    """Standard error, likewise: progress lines, messages and errors go here."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def fail(message: object) -> None:
    """Say what went wrong and exit with status 1."""
    err().print(f"[bold red]Error:[/] {escape(str(message))}")
    raise SystemExit(1) from None


@contextmanager
def expected_failures(*errors: type[Exception]) -> Iterator[None]:
    """Turn the database's, the server's and the given exceptions into a one-line message and
    exit status 1. A server that failed to start also shows the end of its log."""
    try:
        yield
    except server.ServerError as exc:
        if exc.log_tail:
            console = err()
            console.rule("last lines of the log", align="left")
            console.print(exc.log_tail, markup=False)
            console.rule()
        fail(exc)
    except (DatabaseUnavailable, *errors) as exc:
        fail(exc)


def driver(settings: Settings | None = None) -> tuple[Driver, str]:
    """The shared driver and the database name to give its sessions; an unreachable database
    is an expected failure."""
    settings = settings or load_settings()
    with expected_failures():
        return get_driver(settings), settings.database
