"""The RSPP Bagian A layout (TA 2021 on), as the text export writes it.

The columns are the 2020 ones (code, text, volume/satuan, angka dasar, inisiatif baru,
jumlah); the rows, in order (``docs/contract.md`` has an example)::

    076.01.WA     <b>program name</b>                    money
                  <b>Sasaran Program :</b>
    01            a Sasaran Program
                  <b>Indikator Kinerja Program :</b>
    01.01         an IKP of that sasaran
                  <b>Output Program :</b>                optional
    01            an Output Program
                  <b>Indikator Output Program :</b>
    01.01         its indicator
    3357          <b>kegiatan name</b>                   money
                  <b>Sasaran Kegiatan :</b>
    01            a Sasaran Kegiatan
                  <b>Indikator Kinerja Kegiatan :</b>
    01.01         an IKK of that sasaran kegiatan
    3357.EBA      <b>KRO name</b>          volume unit   money
                  <i>Indikator KRO :</i>                 optional
    01            an indicator of the KRO
    3357.EBA.956  RO name                  volume unit   money
                  <i>Indikator RO :</i>                  optional
    01            an indicator of the RO

A kegiatan's IKK follow its Sasaran Kegiatan the way a program's IKP follow its Sasaran
Program: a bare ``01`` opens a sasaran, a dotted ``01.01`` is an indicator of the last one. A
kegiatan with no Sasaran Kegiatan may list its IKK coded ``01`` right under the IKK header,
as in 2020. An RO must come under a KRO row; its money and volume are the funded output's, so
it is read into the same ``Output`` record as a 2020 output (with ``kro`` naming its KRO).
RO names carry no Base Line / Output Baru tag, so they are kept as printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.read.layouts.bagian_a import (
    GOALS,
    IKP,
    KEGIATAN,
    KRO,
    NUMBER,
    OUTPUT,
    PROGRAM,
    Goals,
    Reader,
)
from tracker.read.records import (
    LAYOUT_RSPP,
    Kegiatan,
    Kro,
    Output,
    OutputProgram,
    RkaDocument,
    Sasaran,
)
from tracker.read.sources.lines import Line

_SHAPE = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "9" * 10 + "A" * 26)
_SHAPES = {
    "999.99.AA": PROGRAM,
    "9999.AAA": KRO,
    "9999.AAA.999": OUTPUT,
    "9999.AAA.AAA": OUTPUT,
    "99.99": IKP,
}
OWN_LEVELS = (PROGRAM, KRO, OUTPUT)  # the kinds whose shape only the RSPP layout has


def kind(code: str) -> int | None:
    """Which level a code names, by its shape (076.01.WA, 3357, 3357.EBA, 3357.EBA.956,
    01.01, 01). An RO's own part is three digits or letters, mixed ones included."""
    if code.isdigit():
        n = len(code)
        return NUMBER if n < 4 else KEGIATAN if n == 4 else None
    shape = code.translate(_SHAPE)
    hit = _SHAPES.get(shape)
    if hit is None and len(shape) == 12 and shape.startswith("9999.AAA.") and code.isupper():
        return OUTPUT if "." not in shape[9:] else None
    return hit


SASARAN_KEGIATAN = Goals(
    "sasaran kegiatan", "IKK", lambda code, text, seq, no: Sasaran(code, text, seq=seq, line=no)
)
OUTPUT_PROGRAM = Goals(
    "output program",
    "indicator",
    lambda code, text, seq, no: OutputProgram(code, text, seq=seq, line=no),
)


class Rspp(Reader):
    LAYOUT = LAYOUT_RSPP
    TITLES = {
        "Sasaran Program :": "sasaran_header",
        "Indikator Kinerja Program :": "ikp_header",
        "Output Program :": "output_program_header",
        "Indikator Output Program :": "output_program_indicator_header",
        "Sasaran Kegiatan :": "sasaran_kegiatan_header",
        "Indikator Kinerja Kegiatan :": "ikk_header",
        "Indikator KRO :": "kro_indicator_header",
        "Indikator RO :": "ro_indicator_header",
        "Indikator Output :": "ro_indicator_header",
    }
    INLINE = re.compile(
        r"\s*(?:<[bi]>)?\s*Indikator\s+(?:RO|KRO|Output)\s*:\s*(?:</[bi]>)?\s*", re.I
    )
    CODES = (
        "a program (076.01.WA), kegiatan (3357), KRO (3357.EBA), RO (3357.EBA.956), "
        "IKP or IKK (01.01) or indicator (01)"
    )
    PROGRAM_EXAMPLE = "076.01.WA"
    AMOUNT_ROWS = "program, kegiatan, KRO and RO"

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.kro: Kro | None = None

    kind = staticmethod(kind)

    def example_header(self) -> str:
        return "Indikator RO :"

    def clear_levels(self) -> None:
        self.output = None
        self.kro = None

    def opened_kegiatan(self, k: Kegiatan) -> None:
        self.open_goals(k.sasaran, SASARAN_KEGIATAN, k.indicators)

    def after_kegiatan(self) -> str | None:
        return None if self.kro is None else f"KRO {self.kro.code}"

    # ----------------------------------------------------------------- KRO and RO rows

    def level_row(self, kind: int, cells: list[str], code: str, no: int) -> None:
        k = self.kegiatan
        level = "KRO" if kind == KRO else "RO"
        if k is None:
            raise self.fail(
                no, f"found {level} {code} outside any kegiatan, expected a kegiatan row first"
            )
        ad, ib, jumlah = self.money(cells, no, level, code)
        name, indicators = self.name_cell(cells[1], level, code, no)
        volume, unit = self.volume(cells[2], no, level, code)
        if kind == KRO:
            r = Kro(code, name, volume, unit, ad, ib, jumlah, indicators)
            r.seq, r.line = len(k.kro) + 1, no
            k.kro.append(r)
            self.kro, self.output = r, None
            self.open_list(indicators, "KRO")
            return
        r = self.kro
        if r is None:
            raise self.fail(
                no,
                f"found RO {code} with no KRO before it, expected the KRO row "
                f"({code.rpartition('.')[0]}) first",
            )
        o = Output(code, name, None, volume, unit, ad, ib, jumlah, indicators, kro=r.code)
        o.seq, o.line = len(k.outputs) + 1, no
        k.outputs.append(o)
        r.outputs.append(o)
        self.output = o
        self.open_list(indicators, "RO")

    # ----------------------------------------------------------------- list headers

    def output_program_header(self, no: int) -> None:
        p = self.program
        if p is None:
            raise self.fail(no, "found 'Output Program :' before any program row")
        if self.kegiatan is not None:
            raise self.fail(
                no,
                f"found 'Output Program :' after kegiatan {self.kegiatan.code}, expected it "
                "before the program's kegiatan",
            )
        self.open_goals(p.output_program, OUTPUT_PROGRAM)

    def output_program_indicator_header(self, no: int) -> None:
        self.goal_indicators(no, OUTPUT_PROGRAM, "Indikator Output Program", "an output program")

    def sasaran_kegiatan_header(self, no: int) -> None:
        k = self.kegiatan
        if k is None:
            raise self.fail(no, "found 'Sasaran Kegiatan :' with no kegiatan before it")
        if self.kro is not None:
            raise self.fail(
                no,
                f"found 'Sasaran Kegiatan :' after KRO {self.kro.code}, expected it before "
                "the kegiatan's KRO",
            )
        self.open_goals(k.sasaran, SASARAN_KEGIATAN, k.indicators)

    def ikk_header(self, no: int) -> None:
        """Under a Sasaran Kegiatan the IKK are its dotted items; without one, the
        kegiatan's plain list (as in 2020)."""
        k = self.kegiatan
        open_goal = self.mode == GOALS and self.goal is not None
        if k is not None and self.kro is None and open_goal and self.goals is k.sasaran:
            self.listed = self.goal
            return
        self.ikk_list_header(no)

    def kro_indicator_header(self, no: int) -> None:
        r = self.kro
        if r is None:
            raise self.fail(no, "found 'Indikator KRO :' with no KRO before it")
        if self.output is not None:
            raise self.fail(
                no,
                f"found 'Indikator KRO :' after RO {self.output.code}, expected it before "
                f"the ROs of KRO {r.code}",
            )
        self.open_list(r.indicators, "KRO")

    def ro_indicator_header(self, no: int) -> None:
        self.output_indicators(no, "Indikator RO", "RO")


def read(lines: Sequence[Line] | Sequence[str], source: str) -> RkaDocument:
    return Rspp(source).read(lines)
