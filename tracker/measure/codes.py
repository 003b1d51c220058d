"""Output codes as exports write them, resolved against the plan and the rows above them.

SAKTI's exports do not always write a code in full: the RO ``3357.EBA.956`` may appear as
``3357.EBA.956``, as ``EBA.956`` under its kegiatan, or as ``956`` under its KRO row; a 2020
output ``3355.003`` as ``003`` under kegiatan ``3355``. A short code means something only
under its parent rows, so :class:`Context` follows the cost tree row by row (program,
kegiatan, KRO, RO, komponen…) and names an output only when the plan has it there: never by
matching the string alone (``051`` is a komponen under one RO and could be an RO code
elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PROGRAM = re.compile(r"^\d{3}\.\d{2}\.[0-9A-Z]{2}$")
KEGIATAN = re.compile(r"^\d{4}$")
KRO_FULL = re.compile(r"^(\d{4})\.([A-Z]{3})$")
RO_FULL = re.compile(r"^\d{4}\.[A-Z]{3}\.[0-9A-Z]{3}$")
OUTPUT_2020 = re.compile(r"^\d{4}\.\d{3}$")
KRO_RO = re.compile(r"^([A-Z]{3})\.([0-9A-Z]{3})$")
SHORT = re.compile(r"^[0-9A-Z]{3}$")
AKUN = re.compile(r"^\d{6}$")


def kro_of(code: str) -> str:
    """``3357.EBA`` for the RO ``3357.EBA.956``; the kegiatan for a 2020 output."""
    return code.rsplit(".", 1)[0]


@dataclass
class Context:
    """Where a row-by-row walk through an export's cost tree stands."""

    outputs: set[str]  # the plan's output codes
    kegiatan: str = ""
    kro: str = ""  # full, e.g. 3357.EBA; empty for 2020 plans
    output: str = ""  # the output the rows below belong to
    seen: set[str] = field(default_factory=set)

    def step(self, code: str) -> tuple[str, str]:
        """Move to the row with this code. Returns (kind, output): kind is ``output`` when
        the row is an output of the plan (then ``output`` is its full code), ``other`` for
        the rows around and under outputs, ``unknown`` when it looks like an output the
        plan does not have (``output`` is then the code as resolved)."""
        code = code.strip().upper()
        if not code or code.startswith("-") or code.startswith(">"):
            return "other", ""
        if PROGRAM.match(code):
            self.kegiatan = self.kro = self.output = ""
            return "other", ""
        if KEGIATAN.match(code):
            self.kegiatan, self.kro, self.output = code, "", ""
            return "other", ""
        if m := KRO_FULL.match(code):
            self.kegiatan, self.kro, self.output = m.group(1), code, ""
            return "other", ""
        if RO_FULL.match(code) or OUTPUT_2020.match(code):
            self.kegiatan = code.split(".")[0]
            if RO_FULL.match(code):
                self.kro = kro_of(code)
            return self._output(code)
        if (m := KRO_RO.match(code)) and self.kegiatan:
            self.kro = f"{self.kegiatan}.{m.group(1)}"
            return self._output(f"{self.kro}.{m.group(2)}")
        if SHORT.match(code) and self.kegiatan:
            parent = self.kro or self.kegiatan
            candidate = f"{parent}.{code}"
            if candidate in self.outputs and candidate not in self.seen:
                return self._output(candidate)
            kro = f"{self.kegiatan}.{code}"
            if code.isalpha() and any(o.startswith(kro + ".") for o in self.outputs):
                self.kro, self.output = kro, ""
                return "other", ""
            if self.output:
                return "other", ""  # a komponen of the current output
            return "unknown", candidate
        return "other", ""  # akun, subkomponen, detail, anything else under an output

    def _output(self, code: str) -> tuple[str, str]:
        if code not in self.outputs:
            self.output = ""
            return "unknown", code
        self.output = code
        self.seen.add(code)
        return "output", code
