"""Typed records of one RKA Satker (Bagian A) document.

These are the parser's output and the loader's input, so they are plain dataclasses with no
behaviour beyond conversion: the JSON of ``tracker parse --format json`` is exactly
``RkaDocument.to_dict()``, and the DataFrames notebooks use come from ``tracker.read.tables``.
Lists keep document order because order is identity: codes repeat (kegiatan 3355 lists five
IKK all coded ``01``), so ``seq`` (1-based position in its list) is what tells them apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Severity = Literal["error", "warning"]
OutputTag = Literal["baseline", "new"]


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
    seq: int = 0
    line: int = 0


@dataclass(slots=True)
class Kegiatan:
    code: str
    name: str
    angka_dasar: int = 0
    inisiatif_baru: int = 0
    jumlah: int = 0
    indicators: list[Indicator] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
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

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape promised by ``tracker parse --format json`` (field names exact)."""
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
        }

        def ind(items: list[Indicator]) -> list[dict[str, str]]:
            return [{"code": i.code, "text": i.text} for i in items]

        def money(x: Program | Kegiatan | Output) -> dict[str, int]:
            return {
                "angka_dasar": x.angka_dasar,
                "inisiatif_baru": x.inisiatif_baru,
                "jumlah": x.jumlah,
            }

        programs = [
            {
                "code": p.code,
                "name": p.name,
                **money(p),
                "sasaran": [
                    {"code": s.code, "text": s.text, "indicators": ind(s.indicators)}
                    for s in p.sasaran
                ],
                "kegiatan": [
                    {
                        "code": k.code,
                        "name": k.name,
                        **money(k),
                        "indicators": ind(k.indicators),
                        "outputs": [
                            {
                                "code": o.code,
                                "name": o.name,
                                "tag": o.tag,
                                "volume": o.volume,
                                "unit": o.unit,
                                **money(o),
                                "indicators": ind(o.indicators),
                            }
                            for o in k.outputs
                        ],
                    }
                    for k in p.kegiatan
                ],
            }
            for p in self.programs
        ]
        findings = [asdict(f) for f in self.findings]
        return {"document": head, "programs": programs, "findings": findings}


class RkaParseError(ValueError):
    """A document that cannot be read at all. ``str()`` is the one line the CLI prints:
    ``FILE:LINE: what was found, what was expected``."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(f"{file}:{line}: {message}")
