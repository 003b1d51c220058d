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

Empty indicator lists (a Sasaran with no IKP, an output with an ``Indikator Output :`` header
and nothing under it, as in the seed) are data, recorded as empty lists, not findings: a
planner may legitimately leave them empty, and the linker reports what they lack. The parser
adds reading findings of its own (``missing-signature``, ``page-numbers``,
``unexpected-volume``); see ``tracker.read.parser``.
"""

from __future__ import annotations

from tracker.read.records import Finding, Kegiatan, Output, Program, RkaDocument

_CHILDREN = {"program": "kegiatan", "kegiatan": "outputs"}


def rupiah(n: int) -> str:
    return f"{n:,}"


def jumlah_arithmetic(
    level: str, row: Program | Kegiatan | Output, children: int | None
) -> Finding:
    """Jumlah ≠ Angka Dasar + Inisiatif Baru; ``children`` is the children's Jumlah sum for
    programs and kegiatan (None for outputs), named in the message so one finding tells all."""
    expected = row.angka_dasar + row.inisiatif_baru
    message = (
        f"{level} {row.code}: Jumlah {rupiah(row.jumlah)} is not Angka Dasar "
        f"{rupiah(row.angka_dasar)} + Inisiatif Baru {rupiah(row.inisiatif_baru)} "
        f"= {rupiah(expected)}"
    )
    if children is not None:
        message += f"; its {_CHILDREN[level]} sum to {rupiah(children)}"
    return Finding("jumlah-arithmetic", "error", row.code, message, row.line)


def rollup(level: str, row: Program | Kegiatan, children: int) -> Finding:
    """The children's Jumlah do not sum to the row's Jumlah."""
    what = _CHILDREN[level]
    message = (
        f"{level} {row.code}: its {what} sum to {rupiah(children)}, "
        f"but its Jumlah is {rupiah(row.jumlah)} (off by {rupiah(row.jumlah - children)})"
    )
    return Finding(f"{level}-rollup", "error", row.code, message, row.line)


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
            if not k.outputs:
                out.append(
                    Finding(
                        "empty-kegiatan",
                        "warning",
                        k.code,
                        f"kegiatan {k.code} has no outputs under it",
                        k.line,
                    )
                )
                if k.jumlah != k.angka_dasar + k.inisiatif_baru:
                    out.append(jumlah_arithmetic("kegiatan", k, None))
            else:
                _reconcile(out, "kegiatan", k, sum(o.jumlah for o in k.outputs))
        if not p.kegiatan:
            out.append(
                Finding(
                    "empty-program",
                    "warning",
                    p.code,
                    f"program {p.code} has no kegiatan under it",
                    p.line,
                )
            )
            if p.jumlah != p.angka_dasar + p.inisiatif_baru:
                out.append(jumlah_arithmetic("program", p, None))
        else:
            _reconcile(out, "program", p, sum(k.jumlah for k in p.kegiatan))
    out.sort(key=lambda f: (f.line, f.rule))
    return out


def _reconcile(out: list[Finding], level: str, row: Program | Kegiatan, children: int) -> None:
    own = row.angka_dasar + row.inisiatif_baru
    if row.jumlah != own:
        out.append(jumlah_arithmetic(level, row, children))
        if children != row.jumlah and children != own:
            out.append(rollup(level, row, children))
    elif children != row.jumlah:
        out.append(rollup(level, row, children))
