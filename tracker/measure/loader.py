"""Load realisation files into Neo4j: each file whole or not at all, repeatably, in bounded
memory.

Which reader a file needs, and which of a workbook's sheets holds the data, is told by the
first header found: the office template (``satker, tahun, bulan, kode, …``), SAKTI's payment
export (``KODE COA``, ``NILAI RUPIAH``) or the RPD workbook (a ``KODE`` column and twelve
month columns).

Two passes. The first reads the file and checks every row against the current plans
(:mod:`tracker.measure.realisasi`), holding only the list of bad rows: a file with any bad
row is refused with all of them listed, and nothing is written. The second reads the file
again and writes the rows in batches of :data:`BATCH` (rows of the same key inside a batch
are merged first, the later one winning), one transaction per batch so the server's memory
stays bounded too. A row replaces the figures on record for its satker-year, month and
output, so loading a file twice changes nothing, and a load cut short by a crash is finished
by loading the file again.

Realisation above an output's pagu is accepted; afterwards each such output of the
satker-years the file touched is reported as a finding (``realisasi_above_pagu``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from tracker.graph import db
from tracker.graph.cypher import query
from tracker.measure import read_rpd, read_sp2d, read_template, reads, sheets
from tracker.measure.realisasi import MAX_LISTED, BadRow, PlanIndex, Refused, Row

BATCH = 20_000
SHEETS_SEARCHED = 10  # the data's sheet is one of the first (each searched costs a read)
Reader = Callable[[Path, PlanIndex], Iterator[Row | BadRow]]


@dataclass
class Finding:
    rule: str
    satker: str
    year: int
    code: str
    message: str


@dataclass
class FileResult:
    file: str
    kind: str  # template, sp2d, rpd
    rows: int = 0  # rows written (after merging repeats)
    changed: int = 0  # rows that changed something on record
    satker_years: list[tuple[str, int]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0


def kind_of(path: Path) -> tuple[str, int]:
    """``template``, ``sp2d`` or ``rpd``, and the sheet holding it: the first sheet whose
    first header-looking row says so (for the RPD workbook, the month headers may sit up to
    two rows under the KODE header). A cover or instructions sheet before the data is passed
    over."""
    names = sheets.sheet_names(path)[:SHEETS_SEARCHED]
    for sheet in range(len(names)):
        kind = _header_kind(path, sheet)
        if kind:
            return kind, sheet
    where = f"on its first {len(names)} sheets" if len(names) > 1 else "in its first rows"
    raise Refused(
        path.name,
        [
            BadRow(
                1,
                f"no header found {where}: expected satker,tahun,bulan,kode,rpd,realisasi,"
                "volume,progres (template), KODE COA and NILAI RUPIAH (SAKTI SP2D export), or "
                "KODE and twelve month columns (RPD)",
            )
        ],
    )


def _header_kind(path: Path, sheet: int) -> str | None:
    code_row = -read_rpd.HEADER_DEPTH - 1  # the last row with a KODE column header
    for number, cells in sheets.rows(path, sheet):
        header = [sheets.header_key(c) for c in cells]
        if read_template.matches([read_template.column(h) for h in header]):
            return "template"
        if read_sp2d.matches(header):
            return "sp2d"
        if read_rpd.code_column(header) is not None:
            code_row = number
        if read_rpd.month_columns(header) and number - code_row <= read_rpd.HEADER_DEPTH:
            return "rpd"
        if number >= read_rpd.HEADER_SEARCH:
            break
    return None


def _reader(kind: str, satker: str, year: int | None, sheet: int) -> Reader:
    if kind == "template":
        return lambda path, index: read_template.read(path, index, sheet)
    if kind == "sp2d":
        return lambda path, index: read_sp2d.read(path, index, sheet)
    return lambda path, index: read_rpd.read(path, index, satker, year, sheet)


def _shown_name(path: Path, sheet: int) -> str:
    """The file as messages name it: with the sheet when the data is not on the first."""
    return f"{path.name} sheet '{sheets.sheet_names(path)[sheet]}'" if sheet else path.name


def check_file(
    path: Path, index: PlanIndex, reader: Reader, name: str = ""
) -> tuple[int, set[tuple[str, int]]]:
    """The first pass: raises Refused listing every bad row; else (rows, satker-years)."""
    bad: list[BadRow] = []
    more = 0
    rows = 0
    keys: set[tuple[str, int]] = set()
    for item in reader(path, index):
        if isinstance(item, BadRow):
            if len(bad) < MAX_LISTED:
                bad.append(item)
            else:
                more += 1
        else:
            rows += 1
            keys.add((item.satker, item.year))
    if bad or more:
        raise Refused(name or path.name, bad, more)
    return rows, keys


def _merged(batch: list[Row]) -> list[dict]:
    by_uid: dict[str, dict] = {}
    for row in batch:
        p = by_uid.get(row.uid)
        if p is None:
            by_uid[row.uid] = row.param()
        else:
            p["values"] = {**p["values"], **row.values}
    return list(by_uid.values())


def _write(tx: ManagedTransaction, rows: list[dict]) -> int:
    return tx.run(query("realisasi_write"), rows=rows).single()["changed"]


def load_file(
    driver: Driver,
    path: Path,
    satker: str = "",
    year: int | None = None,
    database: str | None = None,
    index: PlanIndex | None = None,
) -> FileResult:
    """Check, then write one file. Raises Refused (nothing written) or
    sheets.UnreadableFile."""
    started = time.perf_counter()
    path = Path(path)
    index = index or PlanIndex(driver, database)
    kind, sheet = kind_of(path)
    reader = _reader(kind, satker, year, sheet)
    name = _shown_name(path, sheet)
    _, keys = check_file(path, index, reader, name)
    result = FileResult(name, kind, satker_years=sorted(keys))
    batch: list[Row] = []
    with driver.session(database=db.database(database)) as session:

        def flush() -> None:
            rows = _merged(batch)
            result.rows += len(rows)
            result.changed += session.execute_write(_write, rows)
            batch.clear()

        for item in reader(path, index):
            if isinstance(item, Row) and item.values:
                batch.append(item)
                if len(batch) >= BATCH:
                    flush()
        if batch:
            flush()
    result.findings = above_pagu(driver, sorted(keys), database)
    result.seconds = time.perf_counter() - started
    return result


def load_files(
    driver: Driver,
    paths: list[Path],
    satker: str = "",
    year: int | None = None,
    database: str | None = None,
) -> list[FileResult]:
    """Every file in turn; the first refusal stops there (earlier files stay loaded)."""
    index = PlanIndex(driver, database)
    return [load_file(driver, p, satker, year, database, index) for p in paths]


def above_pagu(
    driver: Driver, keys: list[tuple[str, int]], database: str | None = None
) -> list[Finding]:
    """Outputs whose realisation to date is above their pagu, in these satker-years."""
    if not keys:
        return []
    records = reads.rows(
        driver, "realisasi_above_pagu", database, keys=[{"satker": s, "year": y} for s, y in keys]
    )
    return [
        Finding(
            "realisasi_above_pagu",
            r["satker"],
            r["year"],
            r["code"],
            f"output {r['code']} of {r['satker']}/{r['year']}: realisasi {r['realisasi']:,.0f} "
            f"is above its pagu {r['pagu']:,}",
        )
        for r in records
    ]


def fingerprint(driver: Driver, database: str | None = None) -> dict:
    """Row count and figure sums of all realisation on record (equal before and after means
    nothing changed)."""
    return reads.rows(driver, "realisasi_count", database)[0]
