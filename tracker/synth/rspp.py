"""Synthetic RKA Satker documents in the RSPP layout (TA 2021 on), with the records they must
read back to and the links they plant. The row shapes are ``tracker.read.layouts.rspp``'s.

Same approach as ``tracker.synth.rka`` (plan the records, then write them out on pages of
varied length) and the same knobs, with the RSPP's own traps: Sasaran Kegiatan with their IKK,
KRO rows whose volume and money are their ROs' sums, ROs with and without ``Indikator RO :``,
indicators of a KRO, an Output Program under some programs, IKK coded all alike, page breaks
inside any list, and faults at every level (RO → KRO → kegiatan → program, duplicated RO
codes). Satkers belong to several ministries (KPU, BPS, Mahkamah Agung); a KPU satker keeps
the code it has in the 2020 generator, so both eras of one satker can sit side by side.

``synth_document`` gives one ``SynthDoc`` (``.text`` is the export's text, which the PDF and
workbook writers render); ``documents`` and ``generate`` many.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from tracker.read import findings as rules
from tracker.read.records import (
    LAYOUT_RSPP,
    CodeName,
    Finding,
    Indicator,
    Kegiatan,
    Kro,
    Output,
    OutputProgram,
    Program,
    Sasaran,
)
from tracker.synth import rka
from tracker.synth.catalogue import MONTH_NAMES, cut, normalize
from tracker.synth.catalogue_rspp import (
    MINISTRIES,
    CatKegiatanRspp,
    CatKro,
    CatProgramRspp,
    catalogue_rspp,
)
from tracker.synth.rka import (
    Identity,
    Knobs,
    SynthDoc,
    _amount,
    _header,
    _indicator_row,
    _money,
    _Row,
    finish,
    identities,
    roll_up,
    write,
)

MINISTRY_SHARES = (("076", 0.6), ("054", 0.25), ("005", 0.15))


def ministry_of(i: int, seed: int = 0) -> str:
    """The ministry of satker ``i``: the same whatever the number of satkers."""
    rng = random.Random(f"ministry:{seed}:{i}")
    codes = [c for c, _ in MINISTRY_SHARES]
    return rng.choices(codes, [w for _, w in MINISTRY_SHARES])[0]


def rspp_identities(n: int, seed: int = 0) -> list[tuple[Identity, str]]:
    """``n`` satkers with their ministry. KPU satkers are ``identities(n, seed)``'s own; the
    others get their ministry's names and a code no KPU satker of the run has."""
    base = identities(n, seed)
    taken = {i.satker.code for i in base}
    out: list[tuple[Identity, str]] = []
    for i, ident in enumerate(base):
        m = ministry_of(i, seed)
        if m == "076":
            out.append((ident, m))
            continue
        ministry = MINISTRIES[m]
        code = int(ident.satker.code)
        while f"{code}" in taken:
            code = 100000 + (code * 7 + 13) % 900000
        taken.add(f"{code}")
        rest = ident.satker.name.removeprefix("KPU ").removeprefix("PROVINSI ")
        if ident.location.code == "00":
            name = f"{ministry.provincial} {rest}"
        else:
            words = rest.split(" ", 1)
            rest = words[1] if m == "005" and len(words) > 1 else rest
            name = f"{ministry.satker_prefix} {rest}"
        satker = CodeName(f"{code}", name)
        out.append((Identity(satker, ident.province, ident.location, ident.place), m))
    return out


def synth_document(
    rng: random.Random,
    identity: Identity | None = None,
    year: int = 2023,
    knobs: Knobs | None = None,
    ministry: str = "076",
) -> SynthDoc:
    """One RSPP document: its text (LF line ends) and what it must read back to
    (``expected.source`` and ``content_hash`` are left empty: they depend on the file)."""
    knobs = knobs or Knobs()
    if identity is None:
        identity = identities(1 + rng.randrange(40), rng.randrange(1000))[-1]
    m = MINISTRIES[ministry]
    plan = _Plan(rng, knobs, identity.satker.code, year)
    programs: list[Program] = []
    for code in m.programs:
        if code.endswith(".WA") or rng.random() < 0.75 or not programs:
            programs.append(plan.program(catalogue_rspp()[code], len(programs) + 1))
    rows = _rows(programs, rng, knobs)
    return finish(plan, identity, m, programs, rows, LEVELS, LAYOUT_RSPP)


class _Plan(rka._Plan):
    """The 2020 plan's way of choosing, amounting and planting links, one level deeper."""

    def program(self, cp: CatProgramRspp, seq: int) -> Program:
        rng = self.rng
        p = Program(cp.code, cut(cp.name), seq=seq)
        for si, (stext, ikp) in enumerate(cp.sasaran, 1):
            s = Sasaran(f"{si:02d}", stext, seq=si)
            p.sasaran.append(s)
            for itext in ikp:
                if rng.random() >= 0.1:
                    n = len(s.indicators) + 1
                    s.indicators.append(Indicator(f"{si:02d}.{n:02d}", itext, n))
        if rng.random() < 0.5:
            for oi, (oname, texts) in enumerate(cp.output_program, 1):
                op = OutputProgram(f"{oi:02d}", oname, seq=oi)
                for n, t in enumerate(texts, 1):
                    op.indicators.append(Indicator(f"{oi:02d}.{n:02d}", t, n))
                p.output_program.append(op)
        picked = [k for k in cp.kegiatan if rng.random() < 0.8] or [rng.choice(cp.kegiatan)]
        for ck in picked:
            p.kegiatan.append(self.kegiatan(ck, p))
        roll_up(p, p.kegiatan)
        if rng.random() < self.knobs.fault_rate:
            self.faults.append(self.fault(p))
        return p

    def kegiatan(self, ck: CatKegiatanRspp, p: Program) -> Kegiatan:
        rng = self.rng
        k = Kegiatan(ck.code, ck.name, seq=len(p.kegiatan) + 1)
        ikp = [(s, i) for s in p.sasaran for i in s.indicators]
        ikp_norms = {normalize(i.text) for _, i in ikp}
        for si, (stext, ikk) in enumerate(ck.sasaran, 1):
            s = Sasaran(f"{si:02d}", stext, seq=si)
            k.sasaran.append(s)
            alike = rng.random() < 0.2  # IKK from different sub-units, all coded alike
            for text in ikk:
                if rng.random() < 0.15:
                    continue
                n = len(s.indicators) + 1
                ind = Indicator(f"{si:02d}.{1 if alike else n:02d}", text, len(k.indicators) + 1)
                if not self.plant_ikk(ind, k, p, ikp) and normalize(text) in ikp_norms:
                    continue
                k.indicators.append(ind)
                s.indicators.append(ind)
        kros = [r for r in ck.kro if rng.random() < 0.7] or [rng.choice(ck.kro)]
        for cr in kros:
            k.kro.append(self.kro(cr, k))
        roll_up(k, k.kro)
        return k

    def kro(self, cr: CatKro, k: Kegiatan) -> Kro:
        rng = self.rng
        r = Kro(f"{k.code}.{cr.code}", cr.name, unit=cr.unit, seq=len(k.kro) + 1)
        if rng.random() < 0.4:
            alike = rng.random() < 0.3
            for j, t in enumerate(cr.indicators[: rng.randint(1, 2)], 1):
                r.indicators.append(Indicator(f"{1 if alike else j:02d}", t, j))
        ikk_norms = {normalize(i.text) for i in k.indicators}
        ros = [o for o in cr.ros if rng.random() < 0.6] or [rng.choice(cr.ros)]
        for co in ros:
            volume = float(rng.choice([1, 1, 1, 2, 3, 12, 24]))
            ad = _amount(rng)
            ib = _amount(rng) if rng.random() < self.knobs.inisiatif_baru_share else 0
            code = f"{r.code}.{co.code}"
            o = Output(code, co.name, None, volume, cr.unit, ad, ib, ad + ib, kro=r.code)
            o.seq = len(k.outputs) + 1
            # an RSPP RO often lists no indicator: its name is then all there is to match
            none = rng.random() < max(self.knobs.empty_io_share, 0.3)
            n_io = 0 if none else rng.choice([1] * 6 + [2, 2, 3])
            for j in range(n_io):
                ind = Indicator(f"{j + 1:02d}", co.indicators[j], j + 1)
                if not self.plant_io(ind, code, k):
                    while normalize(ind.text) in ikk_norms:
                        ind.text = cut(f"{ind.text} {rng.choice(MONTH_NAMES)}")
                o.indicators.append(ind)
            k.outputs.append(o)
            r.outputs.append(o)
        r.volume = sum(o.volume or 0 for o in r.outputs)
        roll_up(r, r.outputs)
        return r

    KINDS = ("program-jumlah", "kegiatan-rollup", "kro-rollup", "ro-jumlah")

    def output_lists(self, p: Program) -> list[Kro]:
        return [r for k in p.kegiatan for r in k.kro]

    def amount_fault(self, kind: str, p: Program) -> tuple[str, object, object]:
        """A fault in one RO's amounts, found at the level ``kind`` names."""
        rng = self.rng
        k = rng.choice(p.kegiatan)
        r = rng.choice(k.kro)
        o = rng.choice(r.outputs)
        delta = _amount(rng)
        if kind == "kegiatan-rollup":  # RO and KRO sound, the kegiatan row not
            o.angka_dasar += delta
            o.jumlah += delta
            r.angka_dasar += delta
            r.jumlah += delta
            return kind, k, None
        if kind == "kro-rollup":  # the RO sound, its KRO row not
            o.angka_dasar += delta
            o.jumlah += delta
            return kind, r, None
        o.jumlah += delta  # the RO's Jumlah is not its own sum, so its KRO does not add up
        return kind, r, o

    def findings(self) -> list[Finding]:
        """What the reader must find: one set per planted fault, RO → KRO → kegiatan."""
        out: list[Finding] = []
        for kind, a, b in self.faults:
            if kind == "program-jumlah":
                assert isinstance(a, Program)
                out.append(rules.jumlah_arithmetic("program", a, sum(k.jumlah for k in a.kegiatan)))
            elif kind == "kegiatan-rollup":
                assert isinstance(a, Kegiatan)
                out.append(rules.rollup("kegiatan", a, sum(r.jumlah for r in a.kro), "KRO"))
            elif kind == "kro-rollup":
                assert isinstance(a, Kro)
                out.append(rules.rollup("KRO", a, sum(o.jumlah for o in a.outputs)))
            elif kind == "ro-jumlah":
                assert isinstance(a, Kro) and isinstance(b, Output)
                out.append(rules.jumlah_arithmetic("RO", b, None))
                out.append(rules.rollup("KRO", a, sum(o.jumlah for o in a.outputs)))
            else:
                assert isinstance(a, Output) and isinstance(b, Output)
                out.append(rules.duplicate_code("RO", a.code, a.line, b.line))
        return sorted(out, key=lambda f: (f.line, f.rule, f.code))


def _rows(programs: list[Program], rng: random.Random, knobs: Knobs) -> list[_Row]:
    rows: list[_Row] = []

    def amounts(x: Program | Kegiatan | Kro | Output) -> str:
        return f"{_money(x.angka_dasar)}\t{_money(x.inisiatif_baru)}\t{_money(x.jumlah)}"

    def goals(title: str, item: str, items: list[Sasaran] | list[OutputProgram]) -> None:
        column = rng.random() < knobs.text_column_share
        top = _header(title, rng)
        rows.append((top, None, ()))
        for g in items:
            text = g.text if isinstance(g, Sasaran) else g.name
            rows.append((f"{g.code}\t{text}\t\t\t\t", top, (g,)))
            head = _header(item, rng)
            rows.append((head, head, ()))
            rows.extend((_indicator_row(i, column), head, (i,)) for i in g.indicators)

    def listed(row: str, record: Kro | Output, title: str) -> None:
        rest = record.indicators
        if rest and rng.random() < knobs.inline_io_share:
            tag = rng.choice("bi")
            code, _, tail = row.partition("\t")
            name, _, cells = tail.partition("\t")
            name += f" <{tag}>{title} :</{tag}> {rest[0].code} {rest[0].text}"
            rows.append((f"{code}\t{name}\t{cells}", None, (record, rest[0])))
            rest = rest[1:]
        else:
            rows.append((row, None, (record,)))
            if not rest:
                return
            rows.append((_header(title, rng), None, ()))
        head = _header(title, rng)
        column = rng.random() < knobs.text_column_share
        rows.extend((_indicator_row(i, column), head, (i,)) for i in rest)

    for p in programs:
        rows.append((f"{p.code}\t<b>{p.name}</b>\t\t{amounts(p)}", None, (p,)))
        if p.sasaran:
            goals("Sasaran Program", "Indikator Kinerja Program", p.sasaran)
        if p.output_program:
            goals("Output Program", "Indikator Output Program", p.output_program)
        for k in p.kegiatan:
            rows.append((f"{k.code}\t<b>{k.name}</b>\t\t{amounts(k)}", None, (k,)))
            if k.sasaran:
                goals("Sasaran Kegiatan", "Indikator Kinerja Kegiatan", k.sasaran)
            for r in k.kro:
                vol = f"{r.volume:,.2f} {r.unit}"
                listed(f"{r.code}\t<b>{r.name}</b>\t{vol}\t{amounts(r)}", r, "Indikator KRO")
                for o in r.outputs:
                    vol = f"{o.volume:,.2f} {o.unit}"
                    listed(f"{o.code}\t{o.name}\t{vol}\t{amounts(o)}", o, "Indikator RO")
    return rows


# What the code column of the RSPP layout's table lists.
LEVELS = (
    "PROGRAM/SASARAN PROGRAM/INDIKATOR KINERJA PROGRAM/KEGIATAN/SASARAN KEGIATAN/"
    "INDIKATOR KINERJA KEGIATAN/KRO/RO"
)


def documents(
    n_satkers: int, seed: int = 0, year: int = 2023, knobs: Knobs | None = None
) -> Iterator[SynthDoc]:
    """``n_satkers`` RSPP documents; satker ``i`` gets the same one whatever ``n_satkers``."""
    for i, (identity, ministry) in enumerate(rspp_identities(n_satkers, seed)):
        rng = random.Random(f"rspp:{seed}:{year}:{i}")
        yield synth_document(rng, identity, year, knobs, ministry)


def generate(
    n_satkers: int,
    seed: int = 0,
    year: int = 2023,
    out_dir: str | Path | None = None,
    knobs: Knobs | None = None,
    encoding: str = "utf-8",
    crlf: bool = False,
) -> list[SynthDoc]:
    """As ``tracker.synth.rka.generate``, in the RSPP layout."""
    docs = list(documents(n_satkers, seed, year, knobs))
    if out_dir is not None:
        write(docs, Path(out_dir), seed, encoding, crlf)
    return docs
