"""Typed records of one RKA Satker document, whichever file and layout it came from.

These are the parser's output and the loader's input, so they are plain dataclasses with no
behaviour beyond conversion: the JSON of ``tracker parse --format json`` is exactly
``RkaDocument.to_dict()``, and the DataFrames notebooks use come from ``tracker.read.tables``.
Lists keep document order because order is identity: codes repeat (kegiatan 3355 lists five
IKK all coded ``01``), so ``seq`` (1-based position in its list) is what tells them apart.

Both Bagian A layouts land in the same records so that everything downstream (graph, trace,
coverage, audits) reads one shape: the 2020 Output and the RSPP RO are both ``Output``, the
funded output. RSPP adds levels around it rather than replacing it: ``Kro`` groups a
kegiatan's ROs (``Kegiatan.outputs`` still lists every RO, in order), ``Kegiatan.sasaran``
holds the Sasaran Kegiatan (their IKK are also in ``Kegiatan.indicators``), and
``Program.output_program`` the Output Program. The contract is in ``docs/contract.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Severity = Literal["error", "warning"]
OutputTag = Literal["baseline", "new"]

LAYOUT_2020 = "2020"  # Bagian A with 076.01.01 programs and 3355.003 outputs
LAYOUT_RSPP = "rspp"  # Bagian A from TA 2021: 076.01.WA programs, 3357.EBA KRO, 3357.EBA.956 RO
LAYOUT_KERTAS_KERJA = "kertas-kerja"  # SAKTI's Rincian Kertas Kerja Satker workbook


@dataclass(frozen=True, slots=True)
class CodeName:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    nip: str


@dataclass(slots=True)
class Indicator:
    """An IKP, IKK or Indikator Output: a code (not unique) and its (often cut) text."""

    code: str
    text: str
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Sasaran:
    """A Sasaran Program (under a program) or, in RSPP, a Sasaran Kegiatan (under a
    kegiatan); its indicators are the IKP, or the IKK, that measure it."""

    code: str
    text: str
    indicators: list[Indicator] = field(default_factory=list)
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Detail:
    """One ``-`` line of the kertas kerja: what is bought, how many, at what unit price."""

    text: str
    volume: float | None = None
    satuan: str = ""
    harga: int = 0
    jumlah: int = 0
    blokir: bool = False  # money frozen until released (the ``*`` mark)
    sumber_dana: str = ""  # RM, PNBP, PLN, …
    group: str = ""  # the ``>`` / ``>>`` group header it is listed under, if any
    line: int = 0


@dataclass(slots=True)
class Akun:
    """A six-digit account (``521211``) under a komponen, with its detail lines."""

    code: str
    name: str
    jumlah: int = 0
    details: list[Detail] = field(default_factory=list)
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Komponen:
    """A cost component (``051``, subkomponen ``A`` folded in its code as ``051.A``) of an
    RO: the cost build-up of the kertas kerja workbook (Bagian B)."""

    code: str
    name: str
    jumlah: int = 0
    akun: list[Akun] = field(default_factory=list)
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Output:
    code: str
    name: str
    tag: OutputTag | None = None
    volume: float | None = None
    unit: str = ""
    angka_dasar: int = 0
    inisiatif_baru: int = 0
    jumlah: int = 0
    indicators: list[Indicator] = field(default_factory=list)
    komponen: list[Komponen] = field(default_factory=list)  # from a kertas kerja workbook
    kro: str = ""  # RSPP: the code of the KRO this RO is listed under
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Kro:
    """An RSPP Klasifikasi Rincian Output (``3357.EBA``): a national classification of the
    ROs under it, with its own volume and money (the sum of its ROs, when it reconciles).
    ``outputs`` are the same ``Output`` objects as in the kegiatan's ``outputs``."""

    code: str
    name: str
    volume: float | None = None
    unit: str = ""
    angka_dasar: int = 0
    inisiatif_baru: int = 0
    jumlah: int = 0
    indicators: list[Indicator] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class OutputProgram:
    """An RSPP Output Program, listed under a program with its own indicators; no money."""

    code: str
    name: str
    indicators: list[Indicator] = field(default_factory=list)
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Kegiatan:
    code: str
    name: str
    angka_dasar: int = 0
    inisiatif_baru: int = 0
    jumlah: int = 0
    indicators: list[Indicator] = field(default_factory=list)  # every IKK, in order
    outputs: list[Output] = field(default_factory=list)  # the funded outputs (RSPP: the ROs)
    sasaran: list[Sasaran] = field(default_factory=list)  # RSPP: Sasaran Kegiatan
    kro: list[Kro] = field(default_factory=list)  # RSPP: the KRO grouping the outputs
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Program:
    code: str
    name: str
    angka_dasar: int = 0
    inisiatif_baru: int = 0
    jumlah: int = 0
    sasaran: list[Sasaran] = field(default_factory=list)
    kegiatan: list[Kegiatan] = field(default_factory=list)
    output_program: list[OutputProgram] = field(default_factory=list)  # RSPP only
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Finding:
    """Something the inspectorate should see; never a reason to refuse the document."""

    rule: str
    severity: Severity
    code: str
    message: str
    line: int


@dataclass(slots=True)
class DocumentHeader:
    year: int
    ministry: CodeName
    unit: CodeName
    satker: CodeName
    province: CodeName
    location: CodeName
    pages: int
    signed_place: str | None = None
    signed_date: date | None = None
    signatory: Signatory | None = None


@dataclass(slots=True)
class RkaDocument:
    document: DocumentHeader
    programs: list[Program] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    source: str = ""  # file name the text came from, for messages and the document record
    content_hash: str = ""  # sha256 of the raw bytes: same file, same hash, idempotent load
    layout: str = LAYOUT_2020  # LAYOUT_2020, LAYOUT_RSPP or LAYOUT_KERTAS_KERJA

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``tracker parse --format json``, one contract for every reader (field
        names exact; ``docs/contract.md``). Keys a layout adds appear only in that layout, so
        a 2020 document prints as it always did."""
        doc = self.document
        head: dict[str, Any] = {
            "year": doc.year,
            "ministry": asdict(doc.ministry),
            "unit": asdict(doc.unit),
            "satker": asdict(doc.satker),
            "province": asdict(doc.province),
            "location": asdict(doc.location),
            "pages": doc.pages,
            "signed_place": doc.signed_place,
            "signed_date": doc.signed_date.isoformat() if doc.signed_date else None,
            "signatory": asdict(doc.signatory) if doc.signatory else None,
            "layout": self.layout,
        }
        rspp = self.layout == LAYOUT_RSPP
        costs = self.layout == LAYOUT_KERTAS_KERJA
        programs = [_program_dict(p, rspp, costs) for p in self.programs]
        findings = [asdict(f) for f in self.findings]
        return {"document": head, "programs": programs, "findings": findings}


def _indicators(items: list[Indicator]) -> list[dict[str, str]]:
    return [{"code": i.code, "text": i.text} for i in items]


def money(x: Program | Kegiatan | Kro | Output) -> dict[str, int]:
    """The three amounts every budget line states, under the names the JSON and the graph
    both use."""
    return {"angka_dasar": x.angka_dasar, "inisiatif_baru": x.inisiatif_baru, "jumlah": x.jumlah}


def detail_fields(d: Detail) -> dict[str, Any]:
    """What a kertas kerja detail line states, under the names the JSON and the graph both
    use."""
    return {
        "text": d.text,
        "volume": d.volume,
        "satuan": d.satuan,
        "harga": d.harga,
        "jumlah": d.jumlah,
        "blokir": d.blokir,
        "sumber_dana": d.sumber_dana,
    }


def _sasaran_dict(s: Sasaran) -> dict[str, Any]:
    return {"code": s.code, "text": s.text, "indicators": _indicators(s.indicators)}


def _program_dict(p: Program, rspp: bool, costs: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": p.code,
        "name": p.name,
        **money(p),
        "sasaran": [_sasaran_dict(s) for s in p.sasaran],
    }
    if rspp:
        out["output_program"] = [
            {"code": o.code, "name": o.name, "indicators": _indicators(o.indicators)}
            for o in p.output_program
        ]
    out["kegiatan"] = [_kegiatan_dict(k, rspp, costs) for k in p.kegiatan]
    return out


def _kegiatan_dict(k: Kegiatan, rspp: bool, costs: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"code": k.code, "name": k.name, **money(k)}
    if rspp:
        out["sasaran_kegiatan"] = [_sasaran_dict(s) for s in k.sasaran]
    out["indicators"] = _indicators(k.indicators)
    if rspp or k.kro:
        out["kro"] = [
            {
                "code": r.code,
                "name": r.name,
                "volume": r.volume,
                "satuan": r.unit,
                **money(r),
                "indicators": _indicators(r.indicators),
                "outputs": [o.code for o in r.outputs],
            }
            for r in k.kro
        ]
    out["outputs"] = [_output_dict(o, rspp, costs) for o in k.outputs]
    return out


def _output_dict(o: Output, rspp: bool, costs: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": o.code,
        "name": o.name,
        "tag": o.tag,
        "volume": o.volume,
        "satuan": o.unit,
        **money(o),
        "indicators": _indicators(o.indicators),
    }
    if rspp or o.kro:
        out["kro"] = o.kro
    if costs or o.komponen:
        out["komponen"] = [
            {
                "code": c.code,
                "name": c.name,
                "jumlah": c.jumlah,
                "akun": [
                    {
                        "code": a.code,
                        "name": a.name,
                        "jumlah": a.jumlah,
                        "details": [detail_fields(d) for d in a.details],
                    }
                    for a in c.akun
                ],
            }
            for c in o.komponen
        ]
    return out


class RkaParseError(ValueError):
    """A document that cannot be read at all. ``str()`` is the one line the CLI prints:
    ``FILE:LINE: what was found, what was expected``, or ``FILE: page P, line L: …`` when the
    source knows the printed page (a PDF), since the page is where a person looks."""

    def __init__(self, file: str, line: int, message: str, page: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        self.page = page
        where = f"{file}:{line}" if page is None else f"{file}: page {page}, line {line}"
        super().__init__(f"{where}: {message}")
