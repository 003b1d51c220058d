"""``tracker audit …``: the audit library and the read-only console on the command line.

``list`` shows the saved audits and their parameters, ``run`` runs one, ``query`` runs the
auditor's own Cypher, ``log`` lists past runs. Results print as a table or export as CSV, JSON
or Excel. Everything runs through :mod:`tracker.audit.library`, so the CLI, the app and tests share
one guard and one log.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from tracker.audit import library as lib
from tracker.cli import common

_COMMON = [
    click.option(
        "--param",
        "-p",
        "params",
        multiple=True,
        metavar="NAME[:TYPE]=VALUE",
        help="A query parameter (repeatable), sent as a parameter, never pasted into the text. "
        "Text unless TYPE says int, float, bool or json (saved audits use their declared types).",
    ),
    click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(lib.FORMATS),
        default="table",
        show_default=True,
    ),
    click.option(
        "--out",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the result to this file (required for xlsx).",
    ),
    click.option("--user", help="Who is running it, for the log (default: TRACKER_USER or login)."),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0.1, max=lib.MAX_TIMEOUT_S),
        default=lib.DEFAULT_TIMEOUT_S,
        show_default=True,
        help="Seconds before the server stops the query.",
    ),
    click.option(
        "--max-rows",
        type=click.IntRange(min=1, max=lib.MAX_ROW_CAP),
        default=lib.DEFAULT_ROW_CAP,
        show_default=True,
        help="Row cap; a longer result is cut and says so.",
    ),
]


@dataclass(frozen=True)
class RunOptions:
    """The options every run takes (``_COMMON``), as one value: the commands differ only in
    how they name the query, so they hand these on untouched."""

    params: tuple[str, ...]
    fmt: str
    out: Path | None
    user: str | None
    timeout: float
    max_rows: int


def _common(func: Any) -> Any:
    """Add the shared options to a command, which receives them as ``options``."""

    @functools.wraps(func)
    def command(**kwargs: Any) -> Any:
        shared = {f.name: kwargs.pop(f.name) for f in fields(RunOptions)}
        return func(**kwargs, options=RunOptions(**shared))

    for option in reversed(_COMMON):
        command = option(command)
    return command


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float) and value != value:  # NaN: a missing value in a frame
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def _console() -> Console:
    """The terminal's width on a terminal; a wide page when piped, so codes are not folded."""
    console = Console()
    if console.is_terminal or os.environ.get("COLUMNS"):
        return console
    return Console(width=200)


def _print_table(result: lib.AuditResult) -> None:
    console = _console()
    table = Table(title=result.title or None, show_lines=False)
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.frame.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    console.print(table)


def _emit(result: lib.AuditResult, fmt: str, out: Path | None) -> None:
    if fmt == "xlsx" and out is None:
        raise click.UsageError("--format xlsx writes a file: add --out FILE.xlsx")
    if fmt == "table":
        if out is not None:
            out.write_text(result.frame.to_string(index=False) + "\n", encoding="utf-8")
        else:
            _print_table(result)
    else:
        body = lib.export(result, fmt)
        if out is not None:
            if isinstance(body, bytes):
                out.write_bytes(body)
            else:
                out.write_text(body, encoding="utf-8")
        else:
            click.echo(body, nl=False)
    note = f"{result.rows} row(s) in {result.duration_s:.2f} s"
    if result.truncated:
        note += f"; CUT at {result.row_cap} rows (more exist: narrow the query or raise --max-rows)"
    if out is not None:
        note += f"; written to {out}"
    click.echo(note, err=True)


# What a user can cause and fix: reported in one line, exit status 1.
EXPECTED = (lib.ReadOnlyViolation, lib.QueryTimeout, lib.QueryError, lib.AuditError)


def _run_and_emit(run: Any, what: str, options: RunOptions) -> None:
    """Run a saved audit or a console query (``run`` is ``lib.run_audit`` or
    ``lib.run_readonly``, ``what`` its name or Cypher) and print or write the result."""
    try:
        values = lib.parse_param_args(options.params)
    except lib.AuditError as exc:
        raise click.UsageError(str(exc)) from None
    driver, database = common.driver()
    with common.expected_failures(*EXPECTED):
        result = run(
            driver, what, values, options.user, options.timeout, options.max_rows, database=database
        )
    _emit(result, options.fmt, options.out)


@click.group()
def audit() -> None:
    """Saved audit queries and a read-only Cypher console; every run is logged."""


@audit.command("list")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table")
def list_command(fmt: str) -> None:
    """The saved audits: what each answers and the parameters it takes."""
    audits = lib.list_audits()
    if fmt == "json":
        data = [
            {
                "name": a.name,
                "title": a.title,
                "answers": a.answers,
                "why": a.why,
                "params": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "required": p.required,
                        "choices": list(p.choices),
                        "description": p.description,
                    }
                    for p in a.params
                ],
            }
            for a in audits
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(show_lines=True)
    table.add_column("name", no_wrap=True)
    table.add_column("answers")
    table.add_column("parameters")
    for a in audits:
        params = "\n".join(
            f"{p.name} ({p.type}) = {'required' if p.required else json.dumps(p.default)}"
            + (f" [{'|'.join(map(str, p.choices))}]" if p.choices else "")
            for p in a.params
        )
        table.add_row(a.name, f"[bold]{a.title}[/bold]\n{a.answers}", params)
    _console().print(table)


@audit.command("show")
@click.argument("name")
def show_command(name: str) -> None:
    """Print one saved audit's Cypher, header included."""
    with common.expected_failures(lib.AuditError):
        click.echo(lib.get_audit(name).cypher, nl=False)


@audit.command("run")
@click.argument("name")
@_common
def run_command(name: str, options: RunOptions) -> None:
    """Run the saved audit NAME (see `tracker audit list`)."""
    _run_and_emit(lib.run_audit, name, options)


@audit.command("query")
@click.argument("cypher", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from a file ('-' for standard input is also accepted as CYPHER).",
)
@_common
def query_command(cypher: str | None, query_file: Path | None, options: RunOptions) -> None:
    """Run your own read-only CYPHER. Writes, LOAD CSV, admin commands and procedures outside
    a small allow-list are refused before anything runs."""
    if query_file is not None:
        cypher = query_file.read_text(encoding="utf-8")
    elif cypher == "-":
        cypher = sys.stdin.read()
    if not cypher:
        raise click.UsageError("give the query as an argument, with --file, or '-' for stdin")
    _run_and_emit(lib.run_readonly, cypher, options)


@audit.command("log")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table")
def log_command(limit: int, fmt: str) -> None:
    """The latest audit runs, newest first: who, when, what, with which parameters, outcome."""
    entries = lib.audit_log(limit)
    if fmt == "json":
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo(f"No audit runs logged yet ({lib.log_path()}).")
        return
    table = Table(show_lines=True)
    for column in ("at", "user", "audit / query", "params", "status", "rows", "seconds"):
        table.add_column(column, overflow="fold")
    for e in entries:
        what = e.get("name") or " ".join(str(e.get("query", "")).split())[:120]
        status = str(e.get("status", ""))
        if e.get("truncated"):
            status += " (cut)"
        if status in ("refused", "error", "timeout") and e.get("message"):
            status += ": " + str(e["message"]).removeprefix("Refused: ")
        table.add_row(
            str(e.get("at", "")),
            str(e.get("user", "")),
            what,
            json.dumps(e.get("params") or {}, ensure_ascii=False, default=str),
            status,
            "" if e.get("rows") is None else str(e["rows"]),
            "" if e.get("duration_s") is None else f"{e['duration_s']:.3f}",
        )
    _console().print(table)
    click.echo(f"log: {lib.log_path()}", err=True)
