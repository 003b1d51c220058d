"""``tracker links``, ``tracker link …`` and ``tracker coverage``: see and correct which
indicator serves which, and which funded outputs stand behind each indicator.

The commands are thin: the work is in tracker.trace.linker, tracker.trace.decisions and
tracker.trace.coverage, which the dashboard uses too. Expected failures (no database, an
unknown indicator, a bad decisions file) print one line saying what is wrong and exit with status 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from tracker import access
from tracker.cli import common
from tracker.trace import coverage as cov
from tracker.trace import decisions, linker, review

# The fields `tracker links --format json` promises, in this order, then the extras (the
# linker's own columns, less the internal uids).
LINK_FIELDS = [c for c in linker.LINK_COLUMNS if not c.endswith("_uid")]
# What a user can cause and fix: reported in one line, exit status 1.
EXPECTED = (decisions.DecisionError, cov.IndicatorNotFound)
COVERAGE_FIELDS = ["level", "owner", "code", "seq", "text", "status", "outputs", "jumlah", "via"]


def _plain(value: Any) -> Any:
    """A JSON- and CSV-friendly scalar (pandas gives NaN/NaT for missing values)."""
    if isinstance(value, list):
        return value
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _records(df: pd.DataFrame, fields: list[str]) -> list[dict[str, Any]]:
    return [{k: _plain(row[k]) for k in fields} for row in df.to_dict("records")]


def _emit(
    df: pd.DataFrame, fields: list[str], fmt: str, title: str, widths: dict[str, int]
) -> None:
    records = _records(df, fields)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        flat = pd.DataFrame(
            [{k: " ".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in records],
            columns=fields,
        )
        click.echo(flat.to_csv(index=False), nl=False)
        return
    table = Table(title=title)
    for name in fields:
        table.add_column(name, max_width=widths.get(name), overflow="fold")
    for r in records:
        table.add_row(
            *(
                " ".join(map(str, r[k]))
                if isinstance(r[k], list)
                else ""
                if r[k] is None
                else f"{r[k]:,}"
                if k == "jumlah"
                else str(r[k])
                for k in fields
            )
        )
    # Piped output has no terminal width; do not squeeze the table into 80 columns then.
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=220)
    console.print(table)


def _satker_year(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--year", type=int, required=True, help="Budget year (tahun anggaran).")(
        func
    )
    return click.option("--satker", required=True, help="Satker code, e.g. 670714.")(func)


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)


# --- tracker links --------------------------------------------------------------------------


QUEUE_FIELDS = [c for c in review.QUEUE_COLUMNS if not c.endswith("_uid")]


@click.command()
@click.option("--satker", help="Satker code, e.g. 670714 (not with --national).")
@click.option("--year", type=int, help="Budget year (tahun anggaran); with --national optional.")
@_FORMAT
@click.option(
    "--status",
    type=click.Choice(["confirmed", "suggested", "rejected"]),
    multiple=True,
    help="Only links with this status (repeatable; --national takes one, default suggested).",
)
@click.option(
    "--national",
    is_flag=True,
    help="The review queue: pairs of texts across every satker-year, with how many "
    "satker-years hold each and the Jumlah behind it, largest first.",
)
def links(
    satker: str | None, year: int | None, fmt: str, status: tuple[str, ...], national: bool
) -> None:
    """Every indicator-to-indicator link of one satker-year: Indikator Output → IKK of its
    kegiatan, IKK → IKP of its program, with how each was found (method, score, reason), its
    status (confirmed, suggested, rejected) and where that status comes from (origin: the
    matcher, a local or a national decision). With --national, the review queue instead."""
    if national:
        if satker or len(status) > 1:
            raise click.UsageError("--national takes no --satker and at most one --status")
        with common.expected_failures(*EXPECTED):
            driver, database = common.driver()
            df = review.queue(driver, year, status[0] if status else "suggested", database)
        _emit(
            df,
            QUEUE_FIELDS,
            fmt,
            "review queue (national)",
            {"source_text": 40, "target_text": 40, "reason": 30},
        )
        return
    if not satker or year is None:
        raise click.UsageError("give --satker and --year (or --national)")
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        df = linker.links(driver, satker, year, database)
    if status:
        df = df[df.status.isin(status)]
    _emit(
        df,
        LINK_FIELDS,
        fmt,
        f"links of {satker}/{year}",
        {"source_text": 40, "target_text": 40, "decided_at": 20},
    )


# --- tracker coverage ----------------------------------------------------------------------


@click.command()
@click.option("--satker", help="Satker code (not with --national).")
@click.option("--year", type=int, required=True, help="Budget year (tahun anggaran).")
@_FORMAT
@click.option(
    "--view",
    type=click.Choice(["indicators", "budget", "unserving"]),
    default="indicators",
    show_default=True,
    help="indicators: status and serving outputs per indicator; budget: Jumlah per indicator "
    "(full and split among indicators sharing an output); unserving: outputs serving no "
    "indicator through a link.",
)
@click.option(
    "--indicator",
    help="Show every route of one indicator, e.g. program:076.01.01/05.01 or kegiatan:3355#2.",
)
@click.option(
    "--national", is_flag=True, help="Budget per IKP code across all satkers of the year."
)
def coverage(
    satker: str | None,
    year: int,
    fmt: str,
    view: str,
    indicator: str | None,
    national: bool,
) -> None:
    """Which funded outputs (Jumlah > 0) serve each indicator of a satker-year, and how sure
    that is: covered (a confirmed chain), suggested (only through suggested links),
    structural (only through the hierarchy) or uncovered."""
    with common.expected_failures(*EXPECTED):
        if national == bool(satker):
            raise click.UsageError("give --satker, or --national for all satkers")
        driver, database = common.driver()
        if national:
            df = cov.national_rollup(driver, year, database)
            _emit(df, cov.ROLLUP_COLUMNS, fmt, f"budget per IKP code, {year}", {"text": 40})
            return
        assert satker is not None
        if indicator:
            ref = decisions.parse_ref(indicator)
            if ref.uid or ref.level is None or ref.owner is None:
                raise click.UsageError("--indicator takes LEVEL:OWNER/CODE#SEQ, not a uid")
            df = cov.indicator_outputs(
                driver, satker, year, ref.level, ref.owner, ref.seq, ref.code, database
            )
            fields = ["output", "name", "jumlah", "tier", "counted", "via", "path"]
            _emit(df, fields, fmt, f"routes to {indicator}", {"name": 30, "path": 70})
            return
        if view == "budget":
            df = cov.budget_per_indicator(driver, satker, year, database)
            fields = ["level", "owner", "code", "seq", "text", "status", "outputs", "jumlah"]
            fields += ["jumlah_split", "shared_outputs"]
        elif view == "unserving":
            df = cov.unserving_outputs(driver, satker, year, database)
            fields = ["output", "name", "kegiatan", "jumlah", "funded", "indicators", "reason"]
        else:
            df = cov.coverage(driver, satker, year, database)
            fields = COVERAGE_FIELDS
        _emit(df, fields, fmt, f"coverage of {satker}/{year}", {"text": 40, "outputs": 30})


# --- tracker link … -------------------------------------------------------------------------


def _decisions_file(
    *names: str, exists: bool = False, help: str | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The decisions file option (``--file`` into ``path`` unless named otherwise), defaulting
    to ``TRACKER_DECISIONS_FILE`` or the tracked ``seeds/link_decisions.csv``."""
    return click.option(
        *(names or ("--file", "path")),
        type=click.Path(exists=exists, dir_okay=False, path_type=Path),
        default=decisions.DEFAULT_FILE,
        show_default=True,
        help=help,
    )


@click.group()
def link() -> None:
    """Run the linker, and record people's decisions on links (confirm, reject, add)."""


@link.command("run")
@click.option("--satker", help="Only this satker.")
@click.option("--year", type=int, help="Only this budget year.")
@_decisions_file(
    "--decisions",
    "decisions_file",
    help="Import this decisions file first (if it exists), so its decisions take effect.",
)
@click.option("--no-decisions", is_flag=True, help="Do not import a decisions file first.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def run(
    satker: str | None,
    year: int | None,
    decisions_file: Path,
    no_decisions: bool,
    no_progress: bool,
) -> None:
    """(Re)link every current satker-year (or one satker / year): match indicator texts and
    re-apply people's decisions."""
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        if not no_decisions and decisions_file.exists():
            imported = decisions.import_decisions(driver, decisions_file, False, database)
            click.echo(f"{imported.rows} decisions read from {decisions_file}", err=True)
        stats = linker.link_all(
            driver, progress=not no_progress, satker=satker, year=year, database=database
        )
    click.echo(stats.summary())
    for uid in stats.unresolved:
        click.echo(f"unresolved decision (its indicators are not in the plan): {uid}", err=True)


_SCOPE = click.option(
    "--scope",
    type=click.Choice(decisions.SCOPES),
    default="local",
    show_default=True,
    help="local: this satker-year only; national: this pair of texts (same owner codes, "
    "texts compared normalized) in every satker-year of every year, and those loaded later. "
    "In the app national decisions need the perencana_pusat or admin role.",
)


def _decision_command(action: str, help_text: str) -> click.Command:
    @click.command(action, help=help_text)
    @click.argument("source")
    @click.argument("target")
    @_satker_year
    @click.option(
        "--user",
        default=access.default_user,
        show_default="TRACKER_USER or OS user",
        help="Who decides.",
    )
    @click.option("--note", default="", help="Why (kept with the decision).")
    @_decisions_file(help="Decisions file the decision is exported to.")
    @click.option("--no-export", is_flag=True, help="Record in the graph only.")
    @_SCOPE
    def command(
        source: str,
        target: str,
        satker: str,
        year: int,
        user: str,
        note: str,
        path: Path,
        no_export: bool,
        scope: str,
    ) -> None:
        with common.expected_failures(*EXPECTED):
            driver, database = common.driver()
            row = decisions.decide(
                driver,
                satker,
                year,
                source,
                target,
                action,
                user,
                note,
                database,
                scope=scope,  # type: ignore[arg-type]
            )
            if not no_export:
                decisions.export_decisions(driver, path, merge=True, database=database)
        reached = f"; national: {row['reached']} satker-years" if scope == "national" else ""
        click.echo(
            f"{row['source_level']}:{row['source_owner']}#{row['source_seq']} → "
            f"{row['target_level']}:{row['target_owner']}/{row['target_code']}"
            f"#{row['target_seq']}: {row['status']} ({row['method']} {row['score']:.2f}, "
            f"by {row['decided_by']}){reached}"
        )

    return command


_REFS = (
    "SOURCE and TARGET name indicators as LEVEL:OWNER/CODE#SEQ, e.g. output:3355.003#1, "
    "kegiatan:3355#2, program:076.01.01/04.01 (SEQ is the position in the owner's list)."
)
link.add_command(
    _decision_command(
        "confirm", f"Confirm that SOURCE serves TARGET (a suggested or rejected link). {_REFS}"
    )
)
link.add_command(
    _decision_command(
        "reject",
        f"Reject a link: it stays recorded as rejected and is never suggested again. {_REFS}",
    )
)
link.add_command(
    _decision_command(
        "add",
        f"Add a link the matcher missed (method manual). An Indikator Output can serve an IKK "
        f"of its own kegiatan, an IKK an IKP of its own program. {_REFS}",
    )
)


@link.command("forget")
@click.argument("source")
@click.argument("target")
@_satker_year
@_SCOPE
def forget(source: str, target: str, satker: str, year: int, scope: str) -> None:
    """Undo the decision on a link (the matcher's view returns; with --scope national, every
    satker-year the national decision reached goes back to its own view). Export afterwards
    with ``tracker link export --replace`` to drop it from the file too."""
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        n = decisions.forget(driver, satker, year, source, target, database, scope=scope)  # type: ignore[arg-type]
    click.echo(f"{n} decision(s) forgotten")


@link.command("reach")
@click.argument("source")
@click.argument("target")
@_satker_year
def reach(source: str, target: str, satker: str, year: int) -> None:
    """Preview a national decision: how many satker-years hold this pair of texts."""
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        keys = decisions.preview(driver, satker, year, source, target, database)
    years = sorted({y for _s, y in keys})
    satkers = len({s for s, _y in keys})
    click.echo(f"{_count(len(keys), 'satker-year')} ({_count(satkers, 'satker')}; years {years})")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@link.command("export")
@_decisions_file()
@click.option(
    "--replace",
    is_flag=True,
    help="Write only the graph's decisions (default: keep rows of the file the graph lacks).",
)
def export(path: Path, replace: bool) -> None:
    """Write people's decisions from the graph to a CSV file (review it in git)."""
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        n = decisions.export_decisions(driver, path, merge=not replace, database=database)
    click.echo(f"{n} decisions written to {path}")


@link.command("import")
@_decisions_file(exists=True)
def import_(path: Path) -> None:
    """Read decisions from a CSV file into the graph (all rows or none; a newer decision in
    the graph is kept) and re-link the satker-years they concern."""
    with common.expected_failures(*EXPECTED):
        driver, database = common.driver()
        result = decisions.import_decisions(driver, path, database=database)
    click.echo(
        f"{result.rows} decisions read, {result.written} written, "
        f"{result.relinked} satker-years re-linked"
    )
    for uid in result.unresolved or []:
        click.echo(f"unresolved (not in the current plans): {uid}", err=True)
