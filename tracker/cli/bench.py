"""``tracker bench …``: benchmarks that print figures and compare against a baseline measured
in the same run (absolute times drift on shared machines; ratios do not)."""

from __future__ import annotations

import importlib

import click

# subcommand name -> module under tracker.benchmarks exposing a click command ``command``
BENCHMARKS = {"parse": "parse", "load": "load", "links": "links", "ui": "ui", "kinerja": "kinerja"}


class _LazyGroup(click.Group):
    """Imports a benchmark only when it is asked for: they pull in heavy dependencies."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(BENCHMARKS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in BENCHMARKS:
            return None
        module = importlib.import_module(f"tracker.benchmarks.{BENCHMARKS[name]}")
        return module.command


@click.group(cls=_LazyGroup)
def bench() -> None:
    """Run a benchmark and print its figures."""
