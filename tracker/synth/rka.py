"""Synthetic RKA Satker documents in the seed's layout, with the records they must parse to.

Why: one real document cannot test a parser, load 550 satkers or benchmark a linker. The
generator writes documents the way the PDF export does (page headers repeated at varied
breaks, list headers repeated after a break or not, indicators in the code column, the text
column or inline on the output row, cut texts and cut tags, an Inisiatif Baru column in use)
and, beside each text, the ``RkaDocument`` it means and the indicator links it planted.

Programs, kegiatan and outputs come from one fixed national catalogue
(``tracker.synth.catalogue``; codes are national: 3355.003 means the same for every satker), so
national queries have something to group; each satker picks its own subset, amounts, page
breaks and wording.

Knobs (``Knobs``), all shares in [0, 1]:

* ``io_ikk_share``: share of Indikator Output whose text is taken from an IKK of the same
  kegiatan; ``ikk_ikp_share``: share of IKK taken from an IKP of the same program. The rest get
  catalogue texts that match nothing in reach (checked after normalization).
* ``variants``: weights of how a taken text is changed — ``exact``; ``case``; ``spacing``
  (double space, ``/ ``); ``punctuation`` (``&`` for ``dan``, commas); ``cut`` (shorter, at a
  word, at least 25 characters); ``abbreviation`` (PKPU for Peraturan KPU, BMN, SDM, … as in
  ``seeds/abbreviations.yaml``); ``spelling`` (Presentasi for Persentase). A variant that does
  not apply to a text falls back to ``case``. Every planted link is in ``SynthDoc.truth``
  with the variant used, and ``generate`` writes them to ``truth.jsonl``.
* ``inisiatif_baru_share``: outputs with an Inisiatif Baru amount.
* ``fault_rate``: chance per program that one of its amounts is broken (a wrong program
  Jumlah, an output that rolls up wrong, an output whose Jumlah is not its own sum, or a
  duplicated output code); ``expected.findings`` lists what each must produce.
* ``inline_io_share`` / ``text_column_share``: where indicators are written;
  ``empty_io_share``: outputs with an empty Indikator Output list; ``repeat_header_share``:
  list headers repeated after a page break; ``rows_per_page``: (min, max) table rows a page.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.read import findings as rules
from tracker.read.records import (
    LAYOUT_2020,
    CodeName,
    DocumentHeader,
    Finding,
    Indicator,
    Kegiatan,
    Kro,
    Output,
    Program,
    RkaDocument,
    Sasaran,
    Signatory,
)
from tracker.synth.catalogue import (
    ABBREVIATIONS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    LIMIT,
    MONTH_NAMES,
    PLACE_ROOTS,
    PLACE_WORDS,
    PROVINCES,
    SYLLABLES,
    CatKegiatan,
    CatOutput,
    catalogue,
    cut,
    indicator_text,
    normalize,
)
from tracker.synth.catalogue_rspp import MINISTRIES, Ministry

VARIANTS = ("exact", "case", "spacing", "punctuation", "cut", "abbreviation", "spelling")


@dataclass(frozen=True)
class Knobs:
    io_ikk_share: float = 0.7
    ikk_ikp_share: float = 0.2
    variants: tuple[tuple[str, float], ...] = (
        ("exact", 0.35),
        ("case", 0.15),
        ("spacing", 0.1),
        ("punctuation", 0.1),
        ("cut", 0.15),
        ("abbreviation", 0.1),
        ("spelling", 0.05),
    )
    inisiatif_baru_share: float = 0.1
    fault_rate: float = 0.0
    inline_io_share: float = 0.1
    text_column_share: float = 0.2
    empty_io_share: float = 0.06
    repeat_header_share: float = 0.8
    rows_per_page: tuple[int, int] = (25, 60)


@dataclass(frozen=True)
class TruthLink:
    """An indicator text the generator copied from another: ``io-ikk`` (IO of output
    ``source_parent`` → IKK of kegiatan ``target_parent``) or ``ikk-ikp`` (IKK of kegiatan
    ``source_parent`` → IKP of ``target_parent`` = ``"{program}/{sasaran}"``). Seqs are
    1-based positions in the lists, as in the records."""

    kind: str
    satker: str
    year: int
    source_parent: str
    source_code: str
    source_seq: int
    target_parent: str
    target_code: str
    target_seq: int
    variant: str


@dataclass
class SynthDoc:
    text: str
    expected: RkaDocument
    truth: list[TruthLink] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        head = self.expected.document
        return f"{head.satker.code}_{head.year}.txt"


# ----------------------------------------------------------------------------- text variants


def vary(text: str, variant: str, rng: random.Random) -> tuple[str, str]:
    """Change ``text`` the way planners copying it do; returns (new text, variant applied)."""
    if variant == "abbreviation":
        for long, short in ABBREVIATIONS:
            i = text.lower().find(long.lower())
            if i >= 0:
                return text[:i] + short + text[i + len(long) :], variant
        variant = "spelling"
    if variant == "spelling":
        if text.startswith("Persentase"):
            return "Presentasi" + text[len("Persentase") :], variant
        variant = "case"
    if variant == "cut":
        words = text.split(" ")
        keep = [k for k in range(3, len(words)) if len(" ".join(words[:k])) >= 25]
        if keep:
            return " ".join(words[: rng.choice(keep)]), variant
        variant = "case"
    if variant == "spacing":
        if "/" in text and rng.random() < 0.5:
            return text.replace("/", "/ ", 1), variant
        spaces = [i for i, c in enumerate(text) if c == " "]
        if spaces:
            i = rng.choice(spaces)
            return text[:i] + "  " + text[i + 1 :], variant
        variant = "case"
    if variant == "punctuation":
        if " dan " in text:
            return text.replace(" dan ", " & ", 1), variant
        if "," in text:
            return text.replace(",", "", 1).strip(), variant
        return text + ",", variant
    if variant == "case":
        changed = text.lower() if text != text.lower() else text.title()
        if changed == text:
            changed = text.upper()
        return changed, "case"
    return text, "exact"


def _pick_variant(rng: random.Random, knobs: Knobs) -> str:
    names = [name for name, _ in knobs.variants]
    weights = [w for _, w in knobs.variants]
    return rng.choices(names, weights)[0]


# ----------------------------------------------------------------------------- identities


@dataclass(frozen=True)
class Identity:
    satker: CodeName
    province: CodeName
    location: CodeName
    place: str


def identities(n: int, seed: int = 0) -> list[Identity]:
    """``n`` satkers with distinct codes and names: provincial KPU first, then kabupaten/kota.
    The first ``k`` are the same whatever ``n`` is, so a bigger run extends a smaller one."""
    rng = random.Random(f"satkers:{seed}")
    out: list[Identity] = []
    codes: set[str] = set()
    names: set[str] = set()
    per_province: dict[str, int] = {}
    while len(out) < n:
        i = len(out)
        code = f"{rng.randrange(100000, 1000000)}"
        if code in codes:
            continue
        pcode, pname = PROVINCES[i % len(PROVINCES)]
        if i < len(PROVINCES):
            name = f"KPU PROVINSI {pname}"
            location = CodeName("00", pname)
            place = pname.title()
        else:
            if rng.random() < 0.5:
                word = f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_ROOTS)}"
            else:
                word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).upper()
            kind = rng.choice(["KABUPATEN", "KOTA"])
            name = f"KPU {kind} {word}"
            if name in names:
                continue
            number = per_province.get(pcode, 0) + 1
            per_province[pcode] = number
            location = CodeName(f"{number:02d}", f"{kind} {word}")
            place = word.title()
        codes.add(code)
        names.add(name)
        out.append(Identity(CodeName(code, name), CodeName(pcode, pname), location, place))
    return out


# ----------------------------------------------------------------------------- one document


def synth_document(
    rng: random.Random,
    identity: Identity | None = None,
    year: int = 2020,
    knobs: Knobs | None = None,
) -> SynthDoc:
    """One document: its text (LF line ends; encode it as you like) and what it must parse
    to. ``expected.source`` and ``content_hash`` are left empty: they depend on the file.

    Two passes: plan the records (amounts, planted links, faults), then write them out, so
    a fault can change amounts before any row is written and lines are known for findings."""
    knobs = knobs or Knobs()
    if identity is None:
        identity = identities(1 + rng.randrange(40), rng.randrange(1000))[-1]
    plan = _Plan(rng, knobs, identity.satker.code, year)
    programs = plan.programs()
    rows = _rows(programs, plan.shown, rng, knobs)
    return finish(plan, identity, MINISTRIES["076"], programs, rows, LEVELS, LAYOUT_2020)


def finish(
    plan: _Plan,
    identity: Identity,
    ministry: Ministry,
    programs: list[Program],
    rows: list[_Row],
    levels: str,
    layout: str,
) -> SynthDoc:
    """The second pass, alike in both layouts: the rows on pages under the page header
    (``levels`` heads the code column), the signature, and the records the text must read
    back to."""
    rng, year = plan.rng, plan.year
    page_header = _page_header(identity, ministry, year, levels)
    lines, pages = _Layout(rng, plan.knobs).pages(rows, page_header)
    signed, signatory, signature_lines = signature(rng, identity, year)
    lines += signature_lines
    head = DocumentHeader(
        year=year,
        ministry=ministry.code,
        unit=ministry.unit,
        satker=identity.satker,
        province=identity.province,
        location=identity.location,
        pages=pages,
        signed_place=identity.place,
        signed_date=signed,
        signatory=signatory,
    )
    doc = RkaDocument(head, programs, findings=plan.findings(), layout=layout)
    text = "\n".join(lines) + ("\n" if rng.random() < 0.5 else "")
    return SynthDoc(text, doc, plan.truth)


def signature(
    rng: random.Random, identity: Identity, year: int
) -> tuple[date, Signatory, list[str]]:
    """The last page's place, date and signing official, as the export prints them (both
    layouts end the same way)."""
    signed = date(year - rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28))
    name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    nip = f"{rng.randint(1960, 1995)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    nip += f"{rng.randint(1985, 2019)}{rng.randint(1, 12):02d}{rng.randint(1, 2)}"
    nip += f"{rng.randint(1, 999):03d}"
    lines = [
        "",
        f"{identity.place}, {signed.day} {MONTH_NAMES[signed.month - 1]} {signed.year}",
        "",
        "  ",
        f"**{name}**  ",
        f" NIP. {nip}",
    ]
    return signed, Signatory(name, nip), lines


class _Plan:
    """The records of one document: a subset of the catalogue, amounts that reconcile, the
    indicator texts copied from a level above (recorded in ``truth``) and any faults."""

    def __init__(self, rng: random.Random, knobs: Knobs, satker: str, year: int) -> None:
        self.rng, self.knobs, self.satker, self.year = rng, knobs, satker, year
        self.truth: list[TruthLink] = []
        self.faults: list[tuple[str, object, object]] = []
        self.shown: dict[int, str] = {}  # id(output) -> its name cell as the export cuts it

    def copy(self, text: str) -> tuple[str, str]:
        new, variant = vary(text, _pick_variant(self.rng, self.knobs), self.rng)
        return cut(new.strip()), variant

    def programs(self) -> list[Program]:
        rng = self.rng
        programs: list[Program] = []
        for cp in catalogue():
            if cp.code != "076.01.01" and rng.random() >= 0.7:
                continue
            p = Program(cp.code, cut(cp.name), seq=len(programs) + 1)
            programs.append(p)
            for si, (stext, ikp_texts) in enumerate(cp.sasaran, 1):
                s = Sasaran(f"{si:02d}", stext, seq=si)
                p.sasaran.append(s)
                for ii, itext in enumerate(ikp_texts, 1):
                    if rng.random() >= 0.1:
                        s.indicators.append(
                            Indicator(f"{s.code}.{ii:02d}", itext, len(s.indicators) + 1)
                        )
            picked = [k for k in cp.kegiatan if rng.random() < 0.75] or [rng.choice(cp.kegiatan)]
            for ck in picked:
                p.kegiatan.append(self.kegiatan(ck, p))
            roll_up(p, p.kegiatan)
            if rng.random() < self.knobs.fault_rate:
                self.faults.append(self.fault(p))
        return programs

    def kegiatan(self, ck: CatKegiatan, p: Program) -> Kegiatan:
        rng = self.rng
        k = Kegiatan(ck.code, cut(ck.name), seq=len(p.kegiatan) + 1)
        ikp = [(s, i) for s in p.sasaran for i in s.indicators]
        ikp_norms = {normalize(i.text) for _, i in ikp}
        for code, text in ck.ikk:
            if rng.random() < 0.2:
                continue
            ind = Indicator(code, text, len(k.indicators) + 1)
            if not self.plant_ikk(ind, k, p, ikp) and normalize(text) in ikp_norms:
                continue  # would be a match nobody planted
            k.indicators.append(ind)
        outputs = [o for o in ck.outputs if rng.random() < 0.6] or [rng.choice(ck.outputs)]
        for co in outputs:
            k.outputs.append(self.output(co, k))
        roll_up(k, k.outputs)
        return k

    def plant_ikk(
        self, ind: Indicator, k: Kegiatan, p: Program, ikp: list[tuple[Sasaran, Indicator]]
    ) -> bool:
        """Give the IKK, at the knobs' share, the (varied) text of one of its program's IKP
        and record that link in ``truth``; False when it keeps its own text."""
        if not ikp or self.rng.random() >= self.knobs.ikk_ikp_share:
            return False
        s, target = self.rng.choice(ikp)
        ind.text, variant = self.copy(target.text)
        self.truth.append(
            TruthLink("ikk-ikp", self.satker, self.year, k.code, ind.code, ind.seq,
                      f"{p.code}/{s.code}", target.code, target.seq, variant)
        )  # fmt: skip
        return True

    def plant_io(self, ind: Indicator, output: str, k: Kegiatan) -> bool:
        """Give the Indikator Output of ``output``, at the knobs' share, the (varied) text of
        one of its kegiatan's IKK and record that link in ``truth``; False when it keeps its
        own text."""
        if not k.indicators or self.rng.random() >= self.knobs.io_ikk_share:
            return False
        target = self.rng.choice(k.indicators)
        ind.text, variant = self.copy(target.text)
        self.truth.append(
            TruthLink("io-ikk", self.satker, self.year, output, ind.code, ind.seq, k.code,
                      target.code, target.seq, variant)
        )  # fmt: skip
        return True

    def output(self, co: CatOutput, k: Kegiatan) -> Output:
        rng = self.rng
        literal = {
            "baseline": rng.choice(["[Base Line]", "(Base Line)"]),
            "new": f"[Output Baru - {self.year}]",
            None: "",
        }[co.tag]
        first_tag_word = literal.split(" ")[0]
        if literal and len(co.name) + 1 + len(first_tag_word) <= LIMIT:
            name, tag = co.name, co.tag  # the tag survives the cut, whole or in part
        else:
            name, tag = cut(co.name), None
        volume = float(rng.choice([1, 1, 1, 1, 2, 3, 4, 12, 1250]))
        ad = _amount(rng)
        ib = _amount(rng) if rng.random() < self.knobs.inisiatif_baru_share else 0
        if ib and rng.random() < 0.3:
            ad = 0
        o = Output(co.code, name, tag, volume, co.unit, ad, ib, ad + ib, seq=len(k.outputs) + 1)
        self.shown[id(o)] = cut(f"{co.name} {literal}".strip())
        ikk_norms = {normalize(i.text) for i in k.indicators}
        n_io = 0 if rng.random() < self.knobs.empty_io_share else rng.choice([1] * 6 + [2, 2, 3])
        for j in range(n_io):
            ind = Indicator(f"{j + 1:02d}", co.indicators[j], j + 1)
            if not self.plant_io(ind, o.code, k):
                while normalize(ind.text) in ikk_norms:  # keep "matches nothing" true
                    ind.text = indicator_text(rng)
            o.indicators.append(ind)
        return o

    # The faults planted besides a duplicated output code (the RSPP plan has its own levels).
    KINDS: tuple[str, ...] = ("program-jumlah", "kegiatan-rollup", "output-jumlah")

    def output_lists(self, p: Program) -> Sequence[Kegiatan | Kro]:
        """The rows listing outputs side by side: where a duplicated code can be planted."""
        return p.kegiatan

    def fault(self, p: Program) -> tuple[str, object, object]:
        """Break one amount of the program in a way whose findings are known (see
        ``findings``); everything else keeps reconciling."""
        rng = self.rng
        kinds = list(self.KINDS)
        multi = [x for x in self.output_lists(p) if len(x.outputs) > 1]
        if multi:
            kinds.append("duplicate-code")
        kind = rng.choice(kinds)
        if kind == "program-jumlah":  # the seed's case: only the Jumlah cell is off
            p.jumlah += _amount(rng) if p.jumlah < 10_000_000 else -_amount(rng) % p.jumlah
            return kind, p, None
        if kind == "duplicate-code":
            x = rng.choice(multi)
            x.outputs[1].code = x.outputs[0].code
            return kind, x.outputs[1], x.outputs[0]
        return self.amount_fault(kind, p)

    def amount_fault(self, kind: str, p: Program) -> tuple[str, object, object]:
        """A fault below the program, in one output's amounts."""
        rng = self.rng
        k = rng.choice(p.kegiatan)
        o = rng.choice(k.outputs)
        delta = _amount(rng)
        if kind == "kegiatan-rollup":  # the output is sound and sums up; the kegiatan row not
            o.angka_dasar += delta
            o.jumlah += delta
        else:  # the output's Jumlah is not its own sum, so its kegiatan does not roll up
            o.jumlah += delta
        return kind, k, o

    def findings(self) -> list[Finding]:
        """What the reader must find: one set per planted fault."""
        out: list[Finding] = []
        for kind, a, b in self.faults:
            if kind == "program-jumlah":
                assert isinstance(a, Program)
                out.append(rules.jumlah_arithmetic("program", a, sum(k.jumlah for k in a.kegiatan)))
            elif kind == "kegiatan-rollup":
                assert isinstance(a, Kegiatan)
                out.append(rules.rollup("kegiatan", a, sum(o.jumlah for o in a.outputs)))
            elif kind == "output-jumlah":
                assert isinstance(a, Kegiatan) and isinstance(b, Output)
                out.append(rules.jumlah_arithmetic("output", b, None))
                out.append(rules.rollup("kegiatan", a, sum(o.jumlah for o in a.outputs)))
            else:
                assert isinstance(a, Output) and isinstance(b, Output)
                out.append(rules.duplicate_code("output", a.code, a.line, b.line))
        return sorted(out, key=lambda f: (f.line, f.rule, f.code))


def roll_up(row: Program | Kegiatan | Kro, parts: Sequence[Kegiatan | Kro | Output]) -> None:
    """A row's amounts as the sums of its parts' (the plan reconciles until a fault breaks
    it), at every level of both layouts."""
    row.angka_dasar = sum(x.angka_dasar for x in parts)
    row.inisiatif_baru = sum(x.inisiatif_baru for x in parts)
    row.jumlah = row.angka_dasar + row.inisiatif_baru


def _money(n: int) -> str:
    return f"{n:,}" if n else ""


def _amount(rng: random.Random) -> int:
    return int(10 ** rng.uniform(6, 9.4)) // 1000 * 1000


def _header(title: str, rng: random.Random) -> str:
    tag = rng.choice("bbi")
    return f"\t<{tag}>{title} :</{tag}>\t\t\t\t"


def _indicator_row(ind: Indicator, text_column: bool) -> str:
    if text_column:
        return f"\t{ind.code} {ind.text}\t\t\t\t"
    return f"{ind.code}\t{ind.text}\t\t\t\t"


# A table row: its text, the list header to repeat if a page starts with it, and the records
# whose ``line`` it is.
_Row = tuple[str, str | None, tuple[object, ...]]


def _rows(
    programs: list[Program], shown: dict[int, str], rng: random.Random, knobs: Knobs
) -> list[_Row]:
    """Write the records as the export does, choosing where each list's indicators go."""
    rows: list[_Row] = []

    def amounts(x: Program | Kegiatan | Output) -> str:
        return f"{_money(x.angka_dasar)}\t{_money(x.inisiatif_baru)}\t{_money(x.jumlah)}"

    for p in programs:
        rows.append((f"{p.code}\t<b>{p.name}</b>\t\t{amounts(p)}", None, (p,)))
        column = rng.random() < knobs.text_column_share
        if p.sasaran:
            rows.append((_header("Sasaran Program", rng), None, ()))
        for s in p.sasaran:
            rows.append((f"{s.code}\t{s.text}\t\t\t\t", _header("Sasaran Program", rng), (s,)))
            head = _header("Indikator Kinerja Program", rng)
            rows.append((head, head, ()))
            rows.extend((_indicator_row(i, column), head, (i,)) for i in s.indicators)
        for k in p.kegiatan:
            rows.append((f"{k.code}\t<b>{k.name}</b>\t\t{amounts(k)}", None, (k,)))
            head = _header("Indikator Kinerja Kegiatan", rng)
            rows.append((head, head, ()))
            column = rng.random() < knobs.text_column_share
            rows.extend((_indicator_row(i, column), head, (i,)) for i in k.indicators)
            for o in k.outputs:
                cells = f"{o.code}\t{shown[id(o)]}"
                money = f"{o.volume:,.2f} {o.unit}\t{amounts(o)}"
                head = _header("Indikator Output", rng)
                rest = o.indicators
                if rng.random() < knobs.inline_io_share:
                    tag = rng.choice("bi")
                    cells += f" <{tag}>Indikator Output :</{tag}>"
                    if rest:
                        cells += f" {rest[0].code} {rest[0].text}"
                    rows.append((f"{cells}\t{money}", None, (o, *rest[:1])))
                    rest = rest[1:]
                else:
                    rows.append((f"{cells}\t{money}", None, (o,)))
                    rows.append((head, head, ()))
                column = rng.random() < knobs.text_column_share
                rows.extend((_indicator_row(i, column), head, (i,)) for i in rest)
    return rows


class _Layout:
    """Lays rows out on pages of varied length, repeating the page header and, when a page
    starts inside a list, usually that list's header (as the seed's pages 2 and 3 do)."""

    def __init__(self, rng: random.Random, knobs: Knobs) -> None:
        self.rng, self.knobs = rng, knobs

    def pages(self, rows: list[_Row], page_header: list[str]) -> tuple[list[str], int]:
        lines: list[str] = ["", ""]
        lo, hi = self.knobs.rows_per_page
        page = i = 0
        while i < len(rows):
            page += 1
            if page > 1:
                lines.append("")
            lines.extend(h.replace("{page}", str(page)) for h in page_header)
            context = rows[i][1]
            budget = self.rng.randint(lo, hi)
            if page > 1 and context and self.rng.random() < self.knobs.repeat_header_share:
                lines.append(context)
                budget -= 1
            for text, _, records in rows[i : i + max(budget, 1)]:
                lines.append(text)
                for r in records:
                    r.line = len(lines)  # type: ignore[attr-defined]
            i += max(budget, 1)
        return lines, page


# What the code column of the 2020 layout's table lists (the RSPP's adds its levels).
LEVELS = (
    "PROGRAM/SASARAN PROGRAM/INDIKATOR KINERJA PROGRAM/KEGIATAN/INDIKATOR KINERJA KEGIATAN/OUTPUT"
)


def _page_header(identity: Identity, m: Ministry, year: int, levels: str) -> list[str]:
    return [
        "**RENCANA KERJA ANGGARAN SATKER  ",
        "RENCANA KINERJA SATUAN KERJA  ",
        f"TAHUN ANGGARAN {year}**",
        "",
        "**BAGIAN-A**",
        "",
        f"KEMEN/LEMB : ({m.code.code}) {m.code.name}  ",
        f" UNIT ORG : ({m.unit.code}) {m.unit.name}  ",
        f" SATUAN KERJA : ({identity.satker.code}) {identity.satker.name}  ",
        f" PROPINSI : ({identity.province.code}) {identity.province.name}  ",
        f" LOKASI : ({identity.location.code}) {identity.location.name}",
        "",
        "Halaman : {page}",
        "",
        f"KODE\t{levels}\tALOKASI ANGGARAN T.A {year}\t\t\t",
        "\t\tVOLUME / SATUAN\tANGKA DASAR\tINISIATIF BARU\tJUMLAH",
        "(1)\t(2)\t(3)\t(4)\t(5)\t(6)",
    ]


# ----------------------------------------------------------------------------- many documents


def documents(
    n_satkers: int, seed: int = 0, year: int = 2020, knobs: Knobs | None = None
) -> Iterator[SynthDoc]:
    """``n_satkers`` documents; satker ``i`` gets the same document whatever ``n_satkers``."""
    for i, identity in enumerate(identities(n_satkers, seed)):
        rng = random.Random(f"doc:{seed}:{year}:{i}")
        yield synth_document(rng, identity, year, knobs)


ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


def generate(
    n_satkers: int,
    seed: int = 0,
    year: int = 2020,
    out_dir: str | Path | None = None,
    knobs: Knobs | None = None,
    encoding: str = "utf-8",
    crlf: bool = False,
) -> list[SynthDoc]:
    """Make the documents and, with ``out_dir``, write them (``{satker}_{year}.txt``) and
    ``truth.jsonl`` (one planted link a line). ``encoding="mixed"`` spreads files over UTF-8,
    UTF-8 with BOM and Windows-1252, and LF over CRLF, as a real collection would."""
    docs = list(documents(n_satkers, seed, year, knobs))
    if out_dir is not None:
        write(docs, Path(out_dir), seed, encoding, crlf)
    return docs


def write(docs: list[SynthDoc], out: Path, seed: int, encoding: str, crlf: bool) -> None:
    """Write ``{satker}_{year}.txt`` files and ``truth.jsonl`` (one planted link a line);
    shared by both layouts' generators."""
    out.mkdir(parents=True, exist_ok=True)
    pick = random.Random(f"encodings:{seed}")
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for d in docs:
            enc, ends = encoding, crlf
            if encoding == "mixed":
                enc, ends = pick.choice(ENCODINGS), pick.random() < 0.3
            text = d.text.replace("\n", "\r\n") if ends else d.text
            path = out / d.file_name
            path.write_bytes(text.encode(enc))
            d.expected.source = str(path)
            for link in d.truth:
                truth.write(json.dumps(dataclasses.asdict(link), ensure_ascii=False) + "\n")
