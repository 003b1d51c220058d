"""One month's realisation of one output, and the checks every input row passes before
anything is written.

A row is keyed by satker, year (tahun), month (bulan 1–12) and output code, and carries up to
four figures: ``rpd`` (the month's planned withdrawal, halaman III DIPA, rupiah),
``realisasi`` (money spent in that month, rupiah), ``volume`` (the output's realised volume at
the end of the month, cumulative: RVRO) and ``progres`` (its progress in percent: PCRO). A
row sets only the figures its file gives: a blank cell leaves that figure as it is on record,
so the SAKTI payment export (``realisasi``), the RPD workbook (``rpd``) and an office's own
sheet (``volume``, ``progres``) each fill their own columns.

Files are refused whole: every row is checked against the satker-year's current plan (the
satker-year must have one, the output must be in it), months must be 1–12, money and volume
non-negative numbers, progress 0–100. :class:`Refused` lists every bad row with its row
number, so an office can fix the file in one go. Realisation above an output's pagu is not
an error: it is accepted and reported as a finding.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from tracker.measure import codes, reads

MONEY = ("rpd", "realisasi")
FIGURES = ("rpd", "realisasi", "volume", "progres")
KINDS = {"rpd": "money", "realisasi": "money", "progres": "percent"}  # for number()
MONTH_NAMES = (
    ("jan", "januari", "january"),
    ("feb", "februari", "pebruari", "february", "peb"),
    ("mar", "maret", "march"),
    ("apr", "april"),
    ("mei", "may"),
    ("jun", "juni", "june"),
    ("jul", "juli", "july"),
    ("agu", "agt", "ags", "agus", "agustus", "aug", "august"),
    ("sep", "sept", "september"),
    ("okt", "oktober", "oct", "october"),
    ("nov", "nop", "nopember", "november"),
    ("des", "desember", "dec", "december"),
)
MONTH_NUMBERS = {name: b for b, names in enumerate(MONTH_NAMES, start=1) for name in names}
TEMPLATE_HEADER = ("satker", "tahun", "bulan", "kode", *FIGURES)
# Above this many bad rows a refusal stops listing: the office has a wrong file, not typos.
MAX_LISTED = 1000


@dataclass(frozen=True, slots=True)
class Row:
    """A checked row, ready to be written."""

    satker: str
    year: int
    bulan: int
    code: str
    values: dict[str, float]

    @property
    def uid(self) -> str:
        return f"{self.satker}/{self.year}/{self.code}/{self.bulan}"

    def param(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "satker": self.satker,
            "year": self.year,
            "bulan": self.bulan,
            "code": self.code,
            "values": self.values,
        }


@dataclass(frozen=True, slots=True)
class BadRow:
    row: int  # the row number as a spreadsheet shows it (the header is row 1)
    message: str


class Refused(ValueError):
    """A file with bad rows: nothing of it was written."""

    def __init__(self, file: str, bad: list[BadRow], more: int = 0) -> None:
        self.file = file
        self.bad = bad
        self.more = more
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.bad:
            return f"{self.file}: refused"
        head = f"{self.file}: refused, {len(self.bad) + self.more} bad row(s), nothing loaded"
        lines = [head, *(f"{self.file} row {b.row}: {b.message}" for b in self.bad)]
        if self.more:
            lines.append(f"{self.file}: … and {self.more} more bad row(s)")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class PlannedOutput:
    code: str
    name: str
    kegiatan: str
    pagu: int  # the output's Jumlah
    target: float  # its volume target
    unit: str


@dataclass
class PlanIndex:
    """The current plans' outputs, per satker-year, fetched once per satker-year a file
    names (a file naming 550 satker-years costs 550 lookups in a few round trips, not one
    per row)."""

    driver: Driver
    database: str | None = None
    plans: dict[tuple[str, int], dict[str, PlannedOutput] | None] = field(default_factory=dict)

    def prefetch(self, keys: Iterable[tuple[str, int]]) -> None:
        missing = sorted({k for k in keys if k not in self.plans})
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            records = reads.rows(
                self.driver,
                "realisasi_plan",
                self.database,
                keys=[{"satker": s, "year": y} for s, y in chunk],
            )
            for key in chunk:
                self.plans[key] = None
            for r in records:
                self.plans[(r["satker"], r["year"])] = {
                    o["code"]: PlannedOutput(
                        code=o["code"],
                        name=o.get("name") or "",
                        kegiatan=o.get("kegiatan") or "",
                        pagu=int(o.get("jumlah") or 0),
                        target=float(o.get("volume") or 0),
                        unit=o.get("unit") or "",
                    )
                    for o in r["outputs"]
                }

    def outputs(self, satker: str, year: int) -> dict[str, PlannedOutput] | None:
        """The satker-year's outputs by code, or None when it has no plan on record."""
        key = (satker, year)
        if key not in self.plans:
            self.prefetch([key])
        return self.plans[key]


# A number's digits grouped by thousands: 1.234.567 / 1,234,567 / 1 234 567 (the first group
# never starts with 0, so 0.500 is not a grouping).
_GROUPED = {sep: re.compile(rf"^[1-9]\d{{0,2}}(\{sep}\d{{3}})+$") for sep in ".,"}
_SPACED = re.compile(r"^\d{1,3}( \d{3})+([.,]\d+)?$")
_CURRENCY = re.compile(r"^rp\.?\s*", re.IGNORECASE)
DASHES = {"-", "–", "—", "--"}


def number(value: Any, kind: str = "", decimal_comma: bool = False) -> float | None:
    """A cell as a number: None when blank. Accepts real numbers, plain text (``1234567.5``)
    and text as offices write it: Indonesian (``1.234.567``, ``1.234,50``, ``12,5``,
    ``Rp 1.234.567,-``) or English (``1,234,567.50``) grouping, a lone dash for zero, an
    amount in parentheses for a negative one, and ``%`` after a ``kind="percent"`` figure.

    One separator written once is ambiguous (``1.500``: fifteen hundred, or one and a half?).
    It is a thousands separator when it groups three digits and the figure is rupiah
    (``kind="money"``: nobody writes a tenth of a rupiah to three places) or the file writes
    decimals with a comma (``decimal_comma``: a ``;``-separated CSV, as Excel set to
    Indonesian saves it); otherwise it is the decimal mark. Raises ValueError for anything
    else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(repr(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(repr(value))
        return float(value)
    text = str(value).replace("\u00a0", " ").strip()
    if not text:
        return None
    plain = "," not in text and text.count(".") <= 1 and text[0] not in "(Rr-–—"
    if plain and "." in text and (kind == "money" or decimal_comma):
        plain = not _GROUPED["."].match(text)  # 500.000 rupiah is five hundred thousand
    try:
        result = float(text) if plain else _written(text, kind, decimal_comma)  # fast: plain
    except ValueError:
        result = _written(text, kind, decimal_comma)
    if not math.isfinite(result):
        raise ValueError(text)
    return result


def _written(text: str, kind: str, decimal_comma: bool) -> float:
    """A number as written by hand or by a spreadsheet's locale (see :func:`number`)."""
    original = text
    if text in DASHES:
        return 0.0
    sign = 1.0
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1.0, text[1:-1].strip()
    if kind == "percent" and text.endswith("%"):
        text = text[:-1].strip()
    text = _CURRENCY.sub("", text)
    if text.startswith(("-", "–", "—")):
        sign, text = -sign, text[1:].strip()
    for tail in (",-", ",--", ",—", ",–"):
        if text.endswith(tail):
            text = text[: -len(tail)]
    if _SPACED.match(text):
        text = text.replace(" ", "")
    if not text or not text[0].isdigit() and text[0] not in ".,":
        raise ValueError(original)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # Both: the last one written is the decimal mark, the other groups thousands.
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if mark == "," else ","
        whole, _, fraction = text.rpartition(mark)
        if not _GROUPED[group].match(whole) or not fraction.isdigit():
            raise ValueError(original)
        text = f"{whole.replace(group, '')}.{fraction}"
    elif dots > 1 or commas > 1:
        group = "." if dots else ","
        if not _GROUPED[group].match(text):
            raise ValueError(original)
        text = text.replace(group, "")
    elif dots or commas:
        sep = "." if dots else ","
        grouped = bool(_GROUPED[sep].match(text))
        if sep == ",":
            # A lone comma is the decimal mark (12,5), except in rupiah of an English file.
            thousands = grouped and kind == "money" and not decimal_comma
        else:
            thousands = grouped and (kind == "money" or decimal_comma)
        text = text.replace(sep, "") if thousands else text.replace(sep, ".")
    try:
        return sign * float(text)
    except ValueError:
        raise ValueError(original) from None


def check(
    index: PlanIndex,
    satker: Any,
    tahun: Any,
    bulan: Any,
    kode: Any,
    cells: dict[str, Any],
    decimal_comma: bool = False,
    code_error: str = "",
) -> tuple[Row | None, list[str]]:
    """One input row checked: the row to write, or the list of what is wrong with it.
    ``code_error`` is what a reader found wrong with the code while resolving it (then the
    code is not looked up again); ``decimal_comma`` is :func:`number`'s."""
    problems: list[str] = []
    satker_code = codes.satker_written(satker)
    code = codes.written(kode)
    year = _whole(tahun, "tahun", problems)
    month = _month(bulan, problems)
    if month is not None and not 1 <= month <= 12:
        problems.append(f"bulan {month} is outside 1–12")
    if not satker_code:
        problems.append("satker is empty")
    if not code:
        problems.append("kode is empty")
    values: dict[str, float] = {}
    for name in FIGURES:
        raw = cells.get(name)
        try:
            v = number(raw, KINDS.get(name, ""), decimal_comma)
        except ValueError:
            problems.append(f"{name} {str(raw).strip()!r} is not a number")
            continue
        if v is None:
            continue
        if v < 0:
            problems.append(f"{name} {_show(v)} is negative")
        elif name == "progres" and v > 100:
            problems.append(f"progres {_show(v)} is above 100")
        else:
            values[name] = v
    if code_error:
        problems.append(code_error)
    if satker_code and year is not None:
        outputs = index.outputs(satker_code, year)
        if outputs is None:
            problems.append(f"satker-year {satker_code}/{year} has no plan on record")
        elif code and not code_error and code not in outputs:
            problems.append(f"output {code} is not in the plan of {satker_code}/{year}")
    if problems:
        return None, problems
    assert year is not None and month is not None
    return Row(satker_code, year, month, code, values), []


def month_number(value: Any) -> int | None:
    """A month written as a name (``Januari``, ``Jan``, ``Agt``, ``Aug``), else None."""
    key = str(value or "").strip().lower().rstrip(".")
    return MONTH_NUMBERS.get(key)


def _month(value: Any, problems: list[str]) -> int | None:
    if isinstance(value, str) and (named := month_number(value)) is not None:
        return named
    if isinstance(value, str) and value.strip() and not value.strip()[0].isdigit():
        problems.append(f"bulan {value.strip()!r} is not a month (1–12 or its name)")
        return None
    return _whole(value, "bulan", problems)


def _whole(value: Any, name: str, problems: list[str]) -> int | None:
    try:
        v = number(value)
    except ValueError:
        problems.append(f"{name} {str(value).strip()!r} is not a number")
        return None
    if v is None:
        problems.append(f"{name} is empty")
        return None
    if not v.is_integer():
        problems.append(f"{name} {_show(v)} is not a whole number")
        return None
    return int(v)


def _show(v: float) -> str:
    return str(int(v)) if v.is_integer() else str(v)
