"""``tracker realisasi load|template`` and ``tracker kinerja``: realisation in, measures out.

The work is in tracker.measure (readers, loader, measures, IKPA); the dashboard uses the same
functions. A refused file prints every bad row (``FILE row N: what is wrong``) and exits with
status 1, the database unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from tracker.cli import common
from tracker.measure import loader, report, template
from tracker.measure.realisasi import Refused
from tracker.measure.sheets import UnreadableFile

EXPECTED = (Refused, UnreadableFile, report.UnknownSatkerYear, OSError)
SUMMARY_FIELDS = ["satker", "year", *report.MEASURE_COLUMNS]
OUTPUT_FIELDS = [
    "code",
    "name",
    "pagu",
    "rpd",
    "realisasi",
    "penyerapan",
    "target",
    "unit",
    "volume",
    "progres",
    "capaian",
    "status",
    "above_pagu",
]


@click.group()
def realisasi() -> None:
    """Monthly realisation per output: load files, write the template."""


@realisasi.command("load")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--satker", default="", help="Satker of an RPD workbook whose header lacks it.")
@click.option("--year", type=int, default=None, help="Year of an RPD workbook lacking it.")
def load(files: tuple[Path, ...], satker: str, year: int | None) -> None:
    """Load realisation files: the template (CSV/XLSX), SAKTI's SP2D export, the RPD
    workbook. Each file is checked whole first: one with bad rows is refused, nothing of it
    written. A row already on record (satker-year, month, output) is replaced."""
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        index = loader.PlanIndex(driver, database)
        for path in files:
            r = loader.load_file(driver, path, satker, year, database, index)
            years = ", ".join(f"{s}/{y}" for s, y in r.satker_years)
            click.echo(
                f"{r.file}: {r.kind}, {r.rows} rows ({r.changed} changed) for {years or '-'} "
                f"in {r.seconds:.1f} s"
            )
            for f in r.findings:
                click.echo(f"finding {f.rule}: {f.message}")


@realisasi.command("template")
@click.option("--satker", required=True, help="Satker code, e.g. 670714.")
@click.option("--year", type=int, required=True, help="Budget year (tahun anggaran).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write it (.xlsx or .csv); default realisasi_SATKER_YEAR.xlsx.",
)
def template_(satker: str, year: int, out: Path | None) -> None:
    """Write the workbook offices fill in: one row per output and month of the plan, with
    its pagu and volume target."""
    out = out or Path(f"realisasi_{satker}_{year}.xlsx")
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        n = template.write(driver, satker, year, out, database)
    click.echo(f"{n} rows written to {out}")


def _number(v: Any) -> Any:
    return round(v, 4) if isinstance(v, float) else v


def _summary(k: report.Kinerja) -> dict[str, Any]:
    d = k.to_dict()
    return {
        **{f: _number(d.get(f)) for f in SUMMARY_FIELDS if f in d and f != "ikpa"},
        "ikpa": _number(k.ikpa.score),
        "ikpa_share": k.ikpa.share,
    }


def _json(k: report.Kinerja) -> dict[str, Any]:
    d = k.to_dict()
    d["ikpa"] = {
        **d["ikpa"],
        "score": _number(d["ikpa"]["score"]),
        "values": {a: _number(b) for a, b in d["ikpa"]["values"].items()},
    }
    for key in ("penyerapan", "deviasi", "capaian_output", "efisiensi", "efisiensi_score"):
        d[key] = _number(d[key])
    d["outputs"] = [{f: _number(o[f]) for f in OUTPUT_FIELDS} for o in k.outputs]
    return d


PLAIN = {"satker", "year", "bulan", "code"}  # identifiers: no thousands separators


def _csv(k: report.Kinerja) -> str:
    """One table: first the satker-year's row (``level`` satker: its pagu, realisasi,
    penyerapan and the measures), then one row per output (``level`` output); the satker's
    measures are repeated on every row, so any row read alone says where it stands."""
    summary = _summary(k)
    columns = ["level", *OUTPUT_FIELDS, *(f for f in SUMMARY_FIELDS if f not in OUTPUT_FIELDS)]
    total = {
        "level": "satker",
        **summary,
        "code": k.satker,
        "name": k.name,
        "rpd": sum(o["rpd"] for o in k.outputs),
        "capaian": _number(k.capaian_output),
        "above_pagu": any(o["above_pagu"] for o in k.outputs),
    }
    rows = [total]
    for o in k.outputs:
        rows.append({**summary, "level": "output", **{f: _number(o[f]) for f in OUTPUT_FIELDS}})
    return pd.DataFrame(rows, columns=columns).to_csv(index=False)


def _cell(v: Any, field: str = "") -> str:
    if v is None:
        return ""
    if field in PLAIN:
        return str(v)
    if isinstance(v, float):
        return f"{v:,.2f}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def _table(title: str, rows: list[dict[str, Any]], fields: list[str]) -> None:
    table = Table(title=title)
    for f in fields:
        table.add_column(f, overflow="fold", max_width=40 if f == "name" else None)
    for r in rows:
        table.add_row(*(_cell(r.get(f), f) for f in fields))
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=220)
    console.print(table)


@click.command()
@click.option("--satker", required=True, help="Satker code, e.g. 670714.")
@click.option("--year", type=int, default=None, help="Budget year (tahun anggaran).")
@click.option("--bulan", type=click.IntRange(1, 12), default=None, help="Up to this month.")
@click.option("--all-years", is_flag=True, help="Every year on record, oldest first.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
def kinerja(satker: str, year: int | None, bulan: int | None, all_years: bool, fmt: str) -> None:
    """Budget performance of a satker-year up to a month: penyerapan, deviasi, capaian
    output, efisiensi and a partial IKPA score with its band, and the per-output rows.
    With --all-years, one summary row per year on record."""
    if not all_years and year is None:
        common.fail("give --year YEAR, or --all-years")
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        if all_years:
            results = report.year_over_year(driver, satker, database)
        else:
            assert year is not None
            results = [report.kinerja(driver, satker, year, bulan, database)]
    if all_years:
        rows = [_summary(k) for k in results]
        if fmt == "json":
            click.echo(json.dumps([_json(k) for k in results], ensure_ascii=False, indent=2))
        elif fmt == "csv":
            click.echo(pd.DataFrame(rows, columns=SUMMARY_FIELDS).to_csv(index=False), nl=False)
        else:
            _table(f"kinerja {satker}, every year", rows, SUMMARY_FIELDS)
        return
    k = results[0]
    if fmt == "json":
        click.echo(json.dumps(_json(k), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_csv(k), nl=False)
    else:
        _table(f"kinerja {satker}/{k.year} s.d. bulan {k.bulan}", [_summary(k)], SUMMARY_FIELDS)
        _table("output", k.outputs, OUTPUT_FIELDS)
