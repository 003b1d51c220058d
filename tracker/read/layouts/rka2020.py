"""The TA 2020 Bagian A layout: programs ``076.01.01``, kegiatan ``3355`` with one list of
IKK, outputs ``3355.003`` with volume, money and an ``Indikator Output :`` list.

Output names end in a Base Line / Output Baru tag, often cut by the export; it is split off
into ``Output.tag`` so that names match across years and against indicator texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.read.layouts.bagian_a import IKP, KEGIATAN, NUMBER, OUTPUT, PROGRAM, Reader
from tracker.read.records import LAYOUT_2020, Kegiatan, Output, OutputTag, RkaDocument
from tracker.read.sources.lines import Line

# Dotted code shapes: digits mapped to 9, then looked up (cheaper than a regex per row).
_DIGITS = str.maketrans("0123456789", "9999999999")
_DOTTED = {"999.99.99": PROGRAM, "9999.999": OUTPUT, "99.99": IKP}


def kind(code: str) -> int | None:
    """Which level a code names, by its shape (076.01.01, 3355, 3355.003, 01.01, 01)."""
    if code.isdigit():
        n = len(code)
        return NUMBER if n < 4 else KEGIATAN if n == 4 else None
    return _DOTTED.get(code.translate(_DIGITS))


class Rka2020(Reader):
    LAYOUT = LAYOUT_2020
    TITLES = {
        "Sasaran Program :": "sasaran_header",
        "Indikator Kinerja Program :": "ikp_header",
        "Indikator Kinerja Kegiatan :": "ikk_list_header",
        "Indikator Output :": "io_header",
    }
    INLINE = re.compile(r"\s*(?:<[bi]>)?\s*Indikator\s+Output\s*:\s*(?:</[bi]>)?\s*", re.I)
    CODES = (
        "a program (076.01.01), kegiatan (3355), output (3355.003), IKP (01.01) or indicator (01)"
    )
    PROGRAM_EXAMPLE = "076.01.01"

    kind = staticmethod(kind)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.output_cell = ""  # the last output's name cell as printed, tag and all

    def opened_kegiatan(self, k: Kegiatan) -> None:
        self.open_list(k.indicators, "kegiatan")

    def after_kegiatan(self) -> str | None:
        return None if self.output is None else f"output {self.output.code}"

    def level_row(self, kind: int, cells: list[str], code: str, no: int) -> None:
        k = self.kegiatan
        if k is None:
            raise self.fail(
                no, f"found output {code} outside any kegiatan, expected a kegiatan row first"
            )
        ad, ib, jumlah = self.money(cells, no, "output", code)
        name, indicators = self.name_cell(cells[1], "output", code, no)
        self.output_cell = name
        tag, name = split_tag(name)
        volume, unit = self.volume(cells[2], no, "output", code)
        seq = len(k.outputs) + 1
        o = Output(code, name, tag, volume, unit, ad, ib, jumlah, indicators, seq=seq, line=no)
        k.outputs.append(o)
        self.output = o
        self.open_list(indicators, "output")

    def continue_text(self, record: object, text: str, no: int) -> None:
        """The rest of an output's name cut by a page break may hold its tag (``(Base`` /
        ``Line)``), or the indicator put inline after it: both are read off the whole name
        again."""
        o = self.output
        if record is o and o is not None:
            name, found = self.name_cell(f"{self.output_cell} {text}", "output", o.code, no)
            self.output_cell = name
            o.tag, o.name = split_tag(name)
            o.indicators.extend(found)
            return
        super().continue_text(record, text, no)

    def io_header(self, no: int) -> None:
        self.output_indicators(no, "Indikator Output", "output")


def read(lines: Sequence[Line] | Sequence[str], source: str) -> RkaDocument:
    return Rka2020(source).read(lines)


# ----------------------------------------------------------------------------- output tags

_TAG_TAILS: dict[str, OutputTag] = {
    "(Base": "baseline",
    "[Base": "baseline",
    "(Base Line)": "baseline",
    "[Base Line]": "baseline",
    "[Output": "new",
    "[Output Baru": "new",
    "[Output Baru -": "new",
}  # the usual spellings, looked up before the general rule below
_BASELINE = "base line"
_NEW = "output baru"


def split_tag(name: str) -> tuple[OutputTag | None, str]:
    """Output names end in a tag saying whether the output is a baseline one or new, often
    cut by the export: ``[Base Line]``, ``(Base Line)``, ``(Base``, ``[Base``,
    ``[Output Baru - …]``, ``[Output Baru -``, ``[Output``. The only tags the format knows are
    Base Line and Output Baru, so a cut ``[Output`` can only be the start of Output Baru.
    A cut shorter than a whole first word (``(Ba``) is not taken as a tag: it is too likely to
    be a real abbreviation. Returns (tag, name without the tag)."""
    i = max(name.rfind("["), name.rfind("("))
    if i < 0:
        return None, name
    known = _TAG_TAILS.get(name[i:])
    if known is not None:
        return known, name[:i].rstrip()
    t = " ".join(name[i + 1 :].rstrip(")]").lower().split())
    if t.startswith(_NEW) or (len(t) >= 6 and _NEW.startswith(t)):
        return "new", name[:i].rstrip()
    if len(t) >= 4 and _BASELINE.startswith(t):
        return "baseline", name[:i].rstrip()
    return None, name
