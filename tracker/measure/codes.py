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
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

PROGRAM = re.compile(r"^\d{3}\.\d{2}\.[0-9A-Z]{2}$")
KEGIATAN = re.compile(r"^\d{4}$")
KRO_FULL = re.compile(r"^(\d{4})\.([A-Z]{3})$")
RO_FULL = re.compile(r"^\d{4}\.[A-Z]{3}\.[0-9A-Z]{3}$")
OUTPUT_2020 = re.compile(r"^\d{4}\.\d{3}$")
KRO_RO = re.compile(r"^([A-Z]{3})\.([0-9A-Z]{3})$")
SHORT = re.compile(r"^[0-9A-Z]{3}$")
AKUN = re.compile(r"^\d{6}$")
# A 2020 output code after a spreadsheet took it for a number: 3355.010 → 3355.01.
OUTPUT_2020_AS_NUMBER = re.compile(r"^\d{4}\.\d{1,2}$")
SATKER_LEADING = re.compile(r"^\(?(\d{6})\)?(?:[\s:–-].*)?$")


def written(value: Any) -> str:
    """A code cell as the code it was meant to be: upper case, no spaces around the dots, and
    undone what a spreadsheet does to a code it takes for a number (``3355.010`` stored as
    3355.01, ``051`` as 51)."""
    if value is None:
        return ""
    if isinstance(value, float) and not isinstance(value, bool):
        if value.is_integer():
            value = int(value)
        else:
            return f"{value:.3f}"  # a 2020 output, NNNN.NNN, read as a number
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:03d}" if 0 <= value < 1000 else str(value)
    text = re.sub(r"\s*\.\s*", ".", str(value).strip()).upper()
    if OUTPUT_2020_AS_NUMBER.match(text):
        kegiatan, _, output = text.partition(".")
        text = f"{kegiatan}.{output.ljust(3, '0')}"
    return text


def satker_written(value: Any) -> str:
    """A satker cell as its six-digit code: leading zeros a spreadsheet dropped restored, a
    name after the code (``670714 - KPU KOTA SERANG``, ``(670714)``) left out."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.isdigit() and len(text) < 6:
        return text.zfill(6)
    m = SATKER_LEADING.match(text)
    return m.group(1) if m else text


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


@dataclass
class Parents:
    """Where a flat sheet (one row per output and month, as offices keep them) stands: the
    kegiatan and KRO that its last parent row, or last full code, named. A short code in a
    row (``956``, ``EBA.956``; a 2020 ``003``) is resolved under them, never by its string
    alone."""

    kegiatan: str = ""
    kro: str = ""

    def resolve(self, code: str, outputs: Collection[str]) -> tuple[str, str]:
        """(kind, value): ``output`` and the full code (looked up in the plan by the caller);
        ``parent`` (a program, kegiatan or KRO row: the rows below are read under it) and
        the code; ``unknown`` and what is wrong."""
        if PROGRAM.match(code):
            self.kegiatan = self.kro = ""
            return "parent", code
        if KEGIATAN.match(code):
            self.kegiatan, self.kro = code, ""
            return "parent", code
        if m := KRO_FULL.match(code):
            self.kegiatan, self.kro = m.group(1), code
            return "parent", code
        if RO_FULL.match(code):
            self.kegiatan, self.kro = code.split(".")[0], kro_of(code)
            return "output", code
        if OUTPUT_2020.match(code):
            self.kegiatan, self.kro = code.split(".")[0], ""
            return "output", code
        if (m := KRO_RO.match(code)) and self.kegiatan:
            self.kro = f"{self.kegiatan}.{m.group(1)}"
            return "output", f"{self.kro}.{m.group(2)}"
        if SHORT.match(code) and self.kegiatan:
            kro = f"{self.kegiatan}.{code}"
            if code.isalpha() and any(o.startswith(kro + ".") for o in outputs):
                self.kro = kro
                return "parent", kro
            if self.kro:
                return "output", f"{self.kro}.{code}"
            if f"{self.kegiatan}.{code}" in outputs:
                return "output", f"{self.kegiatan}.{code}"
            under = [o for o in outputs if o.startswith(self.kegiatan + ".")]
            found = [o for o in under if o.rsplit(".", 1)[-1] == code]
            if len(found) == 1:
                return "output", found[0]
            return "unknown", f"output {code} is not in the plan under kegiatan {self.kegiatan}"
        if KRO_RO.match(code) or SHORT.match(code):
            return "unknown", (
                f"kode {code} is a short code with no kegiatan or KRO row above it: "
                "write it in full (e.g. 3357.EBA.956) or under its kegiatan and KRO rows"
            )
        return "output", code  # not an output's shape: the plan check says it is not there
