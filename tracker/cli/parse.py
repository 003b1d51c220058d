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
    from tracker.read.document import read_file

    try:
        doc = read_file(file)
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
    komponen = [k for o in outputs for k in o.komponen]
    if komponen:  # a kertas kerja workbook: its cost tree
        akun = [a for k in komponen for a in k.akun]
        details = [d for a in akun for d in a.details]
        blokir = sum(d.jumlah for d in details if d.blokir)
        counts.add_row(
            "Komponen", str(len(komponen)), "", "", f"{sum(k.jumlah for k in komponen):,}"
        )
        counts.add_row("Akun", str(len(akun)), "", "", f"{sum(a.jumlah for a in akun):,}")
        counts.add_row("Detail", str(len(details)), "", "", f"{sum(d.jumlah for d in details):,}")
        counts.add_row(
            "Detail (blokir)", str(sum(d.blokir for d in details)), "", "", f"{blokir:,}"
        )
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
@click.option("--year", type=int, help="Budget year (default 2020, or 2023 with --layout rspp).")
@click.option(
    "--layout",
    type=click.Choice(["2020", "rspp"]),
    default="2020",
    show_default=True,
    help="rspp: the TA 2021-on layout (KRO/RO), satkers of KPU, BPS and Mahkamah Agung.",
)
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
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print each document as SAKTI's PDF ({satker}_{year}.pdf; ruled or not, "
    "wrapping names, spilled pages).",
)
@click.option(
    "--workbooks",
    type=click.Choice(["none", "xlsx", "xls"]),
    default="none",
    show_default=True,
    help="Also write each RSPP document's kertas kerja workbook (its cost detail, the same ROs "
    "and amounts) as {satker}_{year}_kertas_kerja.xlsx or .xls (xls needs the dev extras).",
)
def synth(
    satkers: int,
    out_dir: Path,
    seed: int,
    year: int | None,
    layout: str,
    fault_rate: float,
    encoding: str,
    pdf: bool,
    workbooks: str,
) -> None:
    """Write synthetic RKA documents in the seed's layout or the RSPP one (for tests and
    benchmarks)."""
    from tracker.synth import rka, rspp
    from tracker.synth.rka import Knobs

    generate = rspp.generate if layout == "rspp" else rka.generate
    docs = generate(
        satkers,
        seed=seed,
        year=year or (2023 if layout == "rspp" else 2020),
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
    if pdf:
        from tracker.synth import pdf as printed

        paths = printed.write([(d.file_name, d.text) for d in docs], out_dir, seed)
        click.echo(f"printed {len(paths)} of them as PDF ({{satker}}_{{year}}.pdf)")
    if workbooks != "none":
        _workbooks(docs, out_dir, seed, fault_rate, workbooks)


def _workbooks(docs: list, out_dir: Path, seed: int, fault_rate: float, kind: str) -> None:  # type: ignore[type-arg]
    from tracker.synth import workbook

    rspp_docs = [d.expected for d in docs if d.expected.layout == "rspp"]
    if not rspp_docs:
        raise click.UsageError("--workbooks needs --layout rspp (a kertas kerja costs ROs)")
    knobs = workbook.WorkbookKnobs(fault_rate=fault_rate)
    if kind == "xls":
        from tracker.synth.workbook_xls import write_xls

        made = workbook.generate(rspp_docs, out_dir, seed, knobs, write=write_xls, suffix=".xls")
    else:
        made = workbook.generate(rspp_docs, out_dir, seed, knobs)
    n = sum(1 for _ in made)
    click.echo(f"wrote {n} kertas kerja workbooks ({{satker}}_{{year}}_kertas_kerja.{kind})")
