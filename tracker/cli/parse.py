"""``tracker parse`` (read one RKA text, show it or print its JSON) and ``tracker synth``
(write synthetic documents for tests and benchmarks)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tracker.read.records import RkaDocument, RkaParseError


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: exactly RkaDocument.to_dict(), findings included.",
)
def parse(file: Path, fmt: str) -> None:
    """Read FILE (an RKA Satker Bagian A text export) and show what it says.

    Exits 0 for any document it could read, findings or not; for one it cannot read, prints
    FILE:LINE: what was found, what was expected on stderr and exits 1."""
    from tracker.read.parser import parse_file

    try:
        doc = parse_file(file)
    except RkaParseError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    else:
        _summary(doc)


def _summary(doc: RkaDocument) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    head = doc.document
    console.print(
        f"[bold]{head.satker.name}[/] ({head.satker.code}) · TA {head.year} · "
        f"{head.ministry.name} / {head.unit.name} · {head.province.name} · "
        f"{head.location.name} · {head.pages} pages"
    )
    if head.signatory is not None:
        console.print(
            f"signed {head.signed_place}, {head.signed_date} by {head.signatory.name} "
            f"(NIP {head.signatory.nip})"
        )
    else:
        console.print("[yellow]not signed[/]")

    programs = doc.programs
    sasaran = [s for p in programs for s in p.sasaran]
    kegiatan = [k for p in programs for k in p.kegiatan]
    outputs = [o for k in kegiatan for o in k.outputs]
    counts = Table(title="Levels", show_edge=False)
    for col in ("level", "count", "Angka Dasar", "Inisiatif Baru", "Jumlah"):
        counts.add_column(col, justify="left" if col == "level" else "right")

    def money(rows: list) -> list[str]:  # type: ignore[type-arg]
        return [f"{sum(getattr(r, f) for r in rows):,}" for f in _MONEY]

    counts.add_row("Program", str(len(programs)), *money(programs))
    counts.add_row("Sasaran Program", str(len(sasaran)), "", "", "")
    counts.add_row("IKP", str(sum(len(s.indicators) for s in sasaran)), "", "", "")
    counts.add_row("Kegiatan", str(len(kegiatan)), *money(kegiatan))
    counts.add_row("IKK", str(sum(len(k.indicators) for k in kegiatan)), "", "", "")
    counts.add_row("Output", str(len(outputs)), *money(outputs))
    counts.add_row("Indikator Output", str(sum(len(o.indicators) for o in outputs)), "", "", "")
    console.print(counts)

    if not doc.findings:
        console.print("[green]no findings[/]")
        return
    table = Table(title=f"Findings ({len(doc.findings)})", show_edge=False)
    for col in ("line", "severity", "rule", "code", "message"):
        table.add_column(col, overflow="fold")
    for f in doc.findings:
        style = "red" if f.severity == "error" else "yellow"
        table.add_row(str(f.line), f"[{style}]{f.severity}[/]", f.rule, f.code, f.message)
    console.print(table)


_MONEY = ("angka_dasar", "inisiatif_baru", "jumlah")


@click.command()
@click.option("--satkers", default=550, show_default=True, help="How many documents.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write {satker}_{year}.txt files and truth.jsonl into.",
)
@click.option("--seed", default=0, show_default=True, help="Same seed, same documents.")
@click.option("--year", default=2020, show_default=True)
@click.option(
    "--fault-rate",
    default=0.0,
    show_default=True,
    help="Chance per program that its amounts do not reconcile.",
)
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "utf-8-sig", "cp1252", "mixed"]),
    default="utf-8",
    show_default=True,
    help="mixed: UTF-8, UTF-8 with BOM and Windows-1252, LF and CRLF, spread over the files.",
)
def synth(
    satkers: int, out_dir: Path, seed: int, year: int, fault_rate: float, encoding: str
) -> None:
    """Write synthetic RKA documents in the seed's layout (for tests and benchmarks)."""
    from tracker.synth.rka import Knobs, generate

    docs = generate(
        satkers,
        seed=seed,
        year=year,
        out_dir=out_dir,
        knobs=Knobs(fault_rate=fault_rate),
        encoding=encoding,
    )
    links = sum(len(d.truth) for d in docs)
    findings = sum(len(d.expected.findings) for d in docs)
    click.echo(
        f"wrote {len(docs)} documents, {links} planted links (truth.jsonl) and "
        f"{findings} expected findings to {out_dir}"
    )
