"""The ``tracker`` command. Each job's commands live in their own module beside this one and
are registered here, so ``tracker --help`` lists everything the project can do."""

from __future__ import annotations

import importlib

import click

# (module under tracker.cli, attribute): each attribute is a click command or group.
COMMANDS: list[tuple[str, str]] = [
    ("db", "db"),
    ("parse", "parse"),
    ("parse", "synth"),
    ("load", "load"),
    ("load", "delete"),
    ("links", "links"),
    ("links", "link"),
    ("links", "coverage"),
    ("audit", "audit"),
    ("bench", "bench"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rka-tracker")
def main() -> None:
    """RKA tracker: parse, load, link and audit RKA Satker documents in Neo4j."""


for _module, _attr in COMMANDS:
    _command = getattr(importlib.import_module(f"tracker.cli.{_module}"), _attr, None)
    if _command is not None:  # a module still being written registers nothing yet
        main.add_command(_command)
