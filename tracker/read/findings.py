"""Reconciliation rules: what in a readable RKA does not add up.

Findings are reported, never repaired: the inspectorate needs to see the document as filed.
Each fact is reported once. A row's Jumlah can disagree with two things, its own Angka Dasar +
Inisiatif Baru and the sum of its children; when the children agree with Angka Dasar +
Inisiatif Baru, only the Jumlah cell is wrong, so one ``jumlah-arithmetic`` finding names all
three numbers and no roll-up finding repeats it. (The seed's program 076.01.01 is that case:
Jumlah 73,820,000 against Angka Dasar 3,002,300,000 and kegiatan summing to 3,002,300,000.)

Rules (``rule``: severity — when):

* ``jumlah-arithmetic``: error — a program, kegiatan or output whose Jumlah is not
  Angka Dasar + Inisiatif Baru.
* ``kegiatan-rollup``: error — a kegiatan whose outputs' Jumlah do not sum to its Jumlah
  (unless the same row's ``jumlah-arithmetic`` finding already explains it).
* ``program-rollup``: error — the same for a program and its kegiatan.
* ``duplicate-code``: error — a program, kegiatan or output code that already appeared in the
  document (order still tells them apart, but the loader and readers expect one of each).
* ``output-kegiatan-code``: warning — an output whose code does not start with its kegiatan's.
* ``empty-program``: warning — a program with no kegiatan under it.
* ``empty-kegiatan``: warning — a kegiatan with no outputs under it.

In the RSPP layout the same rules run one level deeper: RO (the funded output) → KRO →
kegiatan → program, so ``jumlah-arithmetic`` and ``duplicate-code`` also cover KRO and RO rows,
a kegiatan's Jumlah is checked against its KRO (``kegiatan-rollup``), and:

* ``kro-rollup``: error — a KRO whose ROs' Jumlah do not sum to its Jumlah.
* ``kro-kegiatan-code``: warning — a KRO whose code does not start with its kegiatan's.
* ``ro-kro-code``: warning — an RO whose code does not start with its KRO's.
* ``ro-satuan``: warning — an RO whose unit differs from its KRO's (the format gives both one).
* ``kro-volume``: warning — a KRO whose ROs, all in its unit, do not add up to its volume.
* ``empty-kro``: warning — a KRO with no RO under it.

Empty indicator lists (a Sasaran with no IKP, an output with an ``Indikator Output :`` header
and nothing under it, as in the seed) are data, recorded as empty lists, not findings: a
planner may legitimately leave them empty, and the linker reports what they lack. The parser
adds reading findings of its own (``missing-signature``, ``page-numbers``,
``unexpected-volume``); see ``tracker.read.layouts.bagian_a``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tracker.read.records import Finding, Kegiatan, Kro, Output, Program, RkaDocument

_CHILDREN = {"program": "kegiatan", "kegiatan": "outputs", "KRO": "ROs"}
Row = Program | Kegiatan | Kro | Output


def rupiah(n: int) -> str:
    return f"{n:,}"


def jumlah_arithmetic(
    level: str, row: Row, children: int | None, what: str | None = None
) -> Finding:
    """Jumlah ≠ Angka Dasar + Inisiatif Baru; ``children`` is the children's Jumlah sum for
    programs, kegiatan and KRO (None for outputs), named in the message so one finding tells
    all; ``what`` names the children when the level's usual name does not fit."""
    expected = row.angka_dasar + row.inisiatif_baru
    message = (
        f"{level} {row.code}: Jumlah {rupiah(row.jumlah)} is not Angka Dasar "
        f"{rupiah(row.angka_dasar)} + Inisiatif Baru {rupiah(row.inisiatif_baru)} "
        f"= {rupiah(expected)}"
    )
    if children is not None:
        message += f"; its {what or _CHILDREN[level]} sum to {rupiah(children)}"
    return Finding("jumlah-arithmetic", "error", row.code, message, row.line)


def rollup(
    level: str, row: Program | Kegiatan | Kro, children: int, what: str | None = None
) -> Finding:
    """The children's Jumlah do not sum to the row's Jumlah."""
    what = what or _CHILDREN[level]
    message = (
        f"{level} {row.code}: its {what} sum to {rupiah(children)}, "
        f"but its Jumlah is {rupiah(row.jumlah)} (off by {rupiah(row.jumlah - children)})"
    )
    return Finding(f"{level.lower()}-rollup", "error", row.code, message, row.line)


def duplicate_code(level: str, code: str, line: int, first_line: int) -> Finding:
    message = f"{level} code {code} appears again (first at line {first_line})"
    return Finding("duplicate-code", "error", code, message, line)


def check(doc: RkaDocument) -> list[Finding]:
    """All reconciliation findings of a document, in document order."""
    out: list[Finding] = []
    first_seen: dict[tuple[str, str], int] = {}

    def once(level: str, code: str, line: int) -> None:
        key = (level, code)
        first = first_seen.setdefault(key, line)
        if first != line:
            out.append(duplicate_code(level, code, line, first))

    for p in doc.programs:
        once("program", p.code, p.line)
        for k in p.kegiatan:
            once("kegiatan", k.code, k.line)
            if k.kro:
                _rspp(out, once, k)
                continue
            for o in k.outputs:
                once("output", o.code, o.line)
                if o.code.partition(".")[0] != k.code:
                    out.append(
                        Finding(
                            "output-kegiatan-code",
                            "warning",
                            o.code,
                            f"output {o.code} is listed under kegiatan {k.code}",
                            o.line,
                        )
                    )
                if o.jumlah != o.angka_dasar + o.inisiatif_baru:
                    out.append(jumlah_arithmetic("output", o, None))
            _children(out, "kegiatan", k, k.outputs, "outputs")
        _children(out, "program", p, p.kegiatan, "kegiatan")
    out.sort(key=lambda f: (f.line, f.rule))
    return out


def _rspp(out: list[Finding], once: Callable[[str, str, int], None], k: Kegiatan) -> None:
    """A kegiatan of the RSPP layout: its KRO, their ROs, and the sums up to the kegiatan."""
    for r in k.kro:
        once("KRO", r.code, r.line)
        if r.code.partition(".")[0] != k.code:
            message = f"KRO {r.code} is listed under kegiatan {k.code}"
            out.append(Finding("kro-kegiatan-code", "warning", r.code, message, r.line))
        for o in r.outputs:
            once("RO", o.code, o.line)
            if o.code.rpartition(".")[0] != r.code:
                message = f"RO {o.code} is listed under KRO {r.code}"
                out.append(Finding("ro-kro-code", "warning", o.code, message, o.line))
            if o.unit and r.unit and o.unit.lower() != r.unit.lower():
                message = f"RO {o.code} counts {o.unit!r} but its KRO {r.code} counts {r.unit!r}"
                out.append(Finding("ro-satuan", "warning", o.code, message, o.line))
            if o.jumlah != o.angka_dasar + o.inisiatif_baru:
                out.append(jumlah_arithmetic("RO", o, None))
        if not _children(out, "KRO", r, r.outputs, "RO"):
            continue
        same_unit = all(o.unit.lower() == r.unit.lower() for o in r.outputs)
        volumes = [o.volume for o in r.outputs]
        if r.volume is not None and same_unit and None not in volumes:
            total = sum(v for v in volumes if v is not None)
            if abs(total - r.volume) > 1e-6:
                message = (
                    f"KRO {r.code}: its ROs add up to {total:g} {r.unit}, but its volume is "
                    f"{r.volume:g} {r.unit}"
                )
                out.append(Finding("kro-volume", "warning", r.code, message, r.line))
    _reconcile(out, "kegiatan", k, sum(r.jumlah for r in k.kro), "KRO")


def _children(
    out: list[Finding],
    level: str,
    row: Program | Kegiatan | Kro,
    children: Sequence[Kegiatan | Kro | Output],
    named: str,
) -> bool:
    """A row against the rows under it (``named`` in the message): with none, an
    ``empty-…`` warning and its own arithmetic; else its Jumlah against theirs. Whether it
    has any."""
    if children:
        _reconcile(out, level, row, sum(c.jumlah for c in children))
        return True
    message = f"{level} {row.code} has no {named} under it"
    out.append(Finding(f"empty-{level.lower()}", "warning", row.code, message, row.line))
    if row.jumlah != row.angka_dasar + row.inisiatif_baru:
        out.append(jumlah_arithmetic(level, row, None))
    return False


def _reconcile(
    out: list[Finding],
    level: str,
    row: Program | Kegiatan | Kro,
    children: int,
    what: str | None = None,
) -> None:
    own = row.angka_dasar + row.inisiatif_baru
    if row.jumlah != own:
        out.append(jumlah_arithmetic(level, row, children, what))
        if children != row.jumlah and children != own:
            out.append(rollup(level, row, children, what))
    elif children != row.jumlah:
        out.append(rollup(level, row, children, what))
