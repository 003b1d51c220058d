"""``tracker db …``: start, stop and inspect the database, and install its schema.

Expected failures (no Java, port taken, wrong password, server down) print what went wrong and
what to do, and exit with status 1; only bugs produce tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from rich.markup import escape

from tracker.cli import common
from tracker.config import Settings, load_settings
from tracker.graph import limits, schema, server
from tracker.graph.db import DatabaseUnavailable, open_driver


@click.group()
def db() -> None:
    """Run the project's Neo4j, or check the one NEO4J_URI points at."""


@db.command()
@click.option(
    "--timeout",
    type=float,
    default=server.DEFAULT_START_TIMEOUT,
    show_default=True,
    help="Seconds to wait for Bolt to answer.",
)
def start(timeout: float) -> None:
    """Start the local Neo4j (fetching its jars on first use) and wait until it answers."""
    settings = load_settings()
    out = common.out()
    progress: Callable[[str], None] = lambda msg: out.print(msg, markup=False)  # noqa: E731
    with common.expected_failures():
        result = server.start(settings, timeout=timeout, progress=progress)
    if result.external:
        out.print(
            f"NEO4J_URI is set: using the external server at {result.uri} (nothing started); "
            "it answers and accepts the credentials."
        )
    elif result.started:
        out.print(f"[green]Neo4j is ready[/] at {result.uri} after {result.seconds:.1f} s.")
        out.print(
            f"home {settings.home}, pid {result.pid}, log {server.console_log(settings.home)}"
        )
    else:
        where = f" (pid {result.pid})" if result.pid else ""
        out.print(f"Neo4j is already running{where} at {result.uri}.")


@db.command()
@click.option(
    "--timeout",
    type=float,
    default=server.DEFAULT_STOP_TIMEOUT,
    show_default=True,
    help="Seconds to wait for a clean shutdown before killing the process.",
)
def stop(timeout: float) -> None:
    """Stop the local Neo4j started by `tracker db start` (an external server is left alone)."""
    settings = load_settings()
    out = common.out()
    if settings.external:
        out.print(f"NEO4J_URI is set ({settings.uri}): that server is not ours to stop.")
        return
    pid = server.stop(settings, timeout=timeout)
    if pid is None:
        out.print(f"Neo4j is not running (home {settings.home}).")
    else:
        out.print(f"Stopped Neo4j (pid {pid}).")


@db.command()
def status() -> None:
    """Say whether the database answers, its version and how many nodes it holds."""
    settings = load_settings()
    info = server.status(settings)
    home = str(settings.home)
    rows = [
        ("server", "external (NEO4J_URI)" if info.external else f"local, {escape(home)}"),
        ("uri", escape(info.uri)),
        ("database", escape(settings.database)),
        ("running", "[green]yes[/]" if info.running else "[red]no[/]"),
    ]
    if info.pid is not None:
        rows.append(("pid", str(info.pid)))
    if info.running:
        rows.append(("version", f"{info.version} ({info.edition})"))
        rows.append(("nodes", str(info.nodes)))
        rows.extend(_limit_rows(settings))
    _print_pairs(rows)
    if not info.running:
        if info.problem and info.problem != "not running":
            common.err().print(f"[bold red]Error:[/] {escape(info.problem)}")
        else:
            common.err().print("Start it with `tracker db start`.", markup=False)
        raise SystemExit(1)


def _print_pairs(rows: list[tuple[str, str]]) -> None:
    """One "key  value" line per row, never wrapped: a long home path or a narrow pipe must
    not fold a key across lines (scripts and tests grep these lines)."""
    width = max(len(key) for key, _ in rows)
    console = common.out()
    for key, value in rows:
        console.print(f"{key.ljust(width)}  {value}")


def _limit_rows(settings: Settings) -> list[tuple[str, str]]:
    """One row per server-side limit the project relies on (tracker.graph.limits): the
    server's value and whether it holds, or "unknown" when the server will not say.
    Recommended settings say "not set" rather than "missing"."""
    try:
        with open_driver(settings) as driver:
            checked = limits.check(driver, settings.database)
    except DatabaseUnavailable:
        return []
    rows = []
    for c in checked:
        if c.ok is None and not c.required:
            what = "internal setting, " if c.setting.startswith("internal.") else ""
            verdict = (
                f"[yellow]not reported[/] by the server ({what}recommended {c.expected}; "
                "see README)"
            )
        elif c.ok is None:
            verdict = f"[yellow]unknown[/] ({escape(c.actual) if c.actual else 'not readable'})"
        elif c.ok:
            verdict = f"[green]ok[/] {escape(c.actual or '')}"
        elif not c.required:
            verdict = f"[yellow]not set[/] {escape(c.actual or '')} (recommended {c.expected})"
        else:
            verdict = f"[red]missing[/] {escape(c.actual or '')} (set {c.expected}; see README)"
        kind = "limit" if c.required else "tuning"
        rows.append((f"{kind} {c.setting}", verdict))
    return rows


@db.command()
def init() -> None:
    """Install the constraints and indexes of the graph model (safe to repeat)."""
    settings = load_settings()
    with common.expected_failures(), open_driver(settings) as driver:
        installed = schema.install(driver, database=settings.database)
    count = f" ({len(installed)} statements)" if isinstance(installed, list | tuple) else ""
    common.out().print(f"Schema installed on {settings.uri}{count}.")
