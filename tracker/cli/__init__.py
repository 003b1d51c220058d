"""The ``tracker`` command. Each job's commands live in their own module beside this one and
are registered here, so ``tracker --help`` lists everything the project can do."""

from __future__ import annotations

import click

from tracker.cli import audit, bench, db, kinerja, links, load, parse


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rka-tracker")
def main() -> None:
    """RKA tracker: parse, load, link and audit RKA Satker documents in Neo4j."""


for _command in (
    db.db,
    parse.parse,
    parse.synth,
    load.load,
    load.delete,
    links.links,
    links.link,
    links.coverage,
    audit.audit,
    kinerja.realisasi,
    kinerja.kinerja,
    bench.bench,
):
    main.add_command(_command)
