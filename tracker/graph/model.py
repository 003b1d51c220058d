"""The graph: what is stored in Neo4j and how it hangs together (docs/graph-model.md in code).

Every other module (loader, linker, coverage, audits, dashboard) codes against these classes or
the labels, properties and relationship types they declare; ``tests/test_model.py`` checks that
what the loader actually writes is exactly what is declared here.

What is shared and what is per satker-year, and why
---------------------------------------------------
* **Codes are national, plans are not.** ``076.01.01`` or ``3355.003`` mean the same thing for
  every KPU satker, but everything written next to a code — its name as this satker typed it
  (cut at 60 characters, with typos), volume, unit, money, the indicator lists under it — is
  one satker's plan for one year, and it differs between satkers and years. Sharing one
  ``Kegiatan 3355`` node across satkers would force us to pick whose name wins and to hang
  money on relationships; revising one satker's plan would touch nodes other satkers hang off.
  So every plan node (``Program``, ``SasaranProgram``, ``IndikatorKinerjaProgram``,
  ``Kegiatan``, ``IndikatorKinerjaKegiatan``, ``Output``, ``IndikatorOutput``) belongs to one
  satker-year and carries ``satker``, ``year`` and its national ``code``. Local questions
  ("what does KPU Kota Serang 2020 fund for IKP 05.01") filter on ``(satker, year)``; national
  ones ("across all satkers in 2020, how much funds outputs serving IKP 05.01") group by
  ``code``. Both are indexed (``cypher/schema.cypher``).
* **A satker-year's plan is replaced as a whole.** Because nothing outside the satker-year
  points into its plan (links between indicators stay inside one satker-year), a revision
  can delete the plan and write the new one without disturbing any other satker or year.
* ``Satker`` is shared: one node per satker code across all years, so "all documents this
  satker filed" is one hop.
* ``Rka`` is one node per loaded document version (satker, year, revision) and every version
  is kept, so the inspectorate can see what was filed and when, and compare revisions: the
  per-output snapshot lists on ``Rka`` survive after its plan has been replaced. Only the
  current version (``current = true``) has a plan under it.
* ``Finding`` hangs off the ``Rka`` it was found in, because a finding is about a filed
  document ("program 076.01.01's totals do not reconcile in revision 2"), not about the plan
  that replaced it.

Identity
--------
Codes repeat inside one document (kegiatan 3355 lists five IKK all coded ``01``), so a plan
node's identity is its path of (code, position) pairs from its program, prefixed by satker and
year: ``670714/2020/P/076.01.01#1/K/3355#1/IKK/01#3``. ``seq`` is the 1-based position in the
parent's list. The path is stable across identical reloads (same document, same uids) and
unique without a counter. ``Rka.uid`` is ``{satker}/{year}/r{revision}``; a finding's uid is
its document's uid plus ``/F/{n}``.

Labels
------
neomodel labels a node with its class name plus the names of its concrete ancestor classes,
so the common labels come from inheritance: every plan node is also a ``Plan`` (one index on
``(satker, year)`` finds a whole satker-year's plan for deletion) and every indicator is also an
``Indikator``.

The schema (uniqueness constraints, indexes) is installed from ``cypher/schema.cypher``: it
holds the composite ``(satker, year)`` indexes neomodel cannot declare. The single-property
ones are also declared here (``unique_index``, ``index``) so that the classes say what is
unique, and ``tests/test_model_api.py`` holds the two declarations to each other.
"""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateProperty,
    DateTimeNeo4jFormatProperty,
    FloatProperty,
    IntegerProperty,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)

# The cost detail (kertas kerja) under the Output: its own module, declared to neomodel here.
from tracker.graph.cost_model import HAS_KOMPONEN, KertasKerja, Komponen  # noqa: E402, F401

# Relationship types, named in the domain's words; Cypher files use the same names.
FILED = "FILED"
HAS_FINDING = "HAS_FINDING"
PLANS = "PLANS"
HAS_SASARAN = "HAS_SASARAN"
HAS_INDICATOR = "HAS_INDICATOR"
FUNDS = "FUNDS"
SERVES = "SERVES"
# The RSPP layout's levels (TA 2021 on): a kegiatan's KRO and their ROs, its Sasaran Kegiatan,
# a program's Output Program.
HAS_KRO = "HAS_KRO"
HAS_RO = "HAS_RO"
MEASURES = "MEASURES"
HAS_OUTPUT_PROGRAM = "HAS_OUTPUT_PROGRAM"


class Satker(StructuredNode):
    """A work unit. Shared across years: its documents hang off it."""

    code = StringProperty(required=True, unique_index=True)
    name = StringProperty()
    ministry_code = StringProperty()
    ministry_name = StringProperty()
    unit_code = StringProperty()
    unit_name = StringProperty()
    province_code = StringProperty()
    province_name = StringProperty()
    location_code = StringProperty()
    location_name = StringProperty()

    # A satker files one RKA per year, revised during the year; all versions stay on record.
    filed = RelationshipTo("Rka", FILED)


class Rka(StructuredNode):
    """One loaded version of one satker's RKA for one year (the document record).

    The ``output_*`` lists are a snapshot of the plan's outputs in document order, kept on the
    record so revision diffs still work after a newer revision replaced this one's plan.
    """

    uid = StringProperty(required=True, unique_index=True)
    satker = StringProperty(required=True)
    year = IntegerProperty(required=True)
    revision = IntegerProperty(required=True)
    file_name = StringProperty()
    content_hash = StringProperty(required=True)
    loaded_at = DateTimeNeo4jFormatProperty()
    current = BooleanProperty(default=False)
    pages = IntegerProperty()
    signed_place = StringProperty()
    signed_date = DateProperty()
    signatory_name = StringProperty()
    signatory_nip = StringProperty()
    total_angka_dasar = IntegerProperty()
    total_inisiatif_baru = IntegerProperty()
    total_jumlah = IntegerProperty()
    output_codes = ArrayProperty(StringProperty())
    output_names = ArrayProperty(StringProperty())
    output_jumlah = ArrayProperty(IntegerProperty())

    filed_by = RelationshipFrom("Satker", FILED)
    # Findings belong to the filed version they were found in, not to the plan.
    findings = RelationshipTo("Finding", HAS_FINDING)
    # Only the current version plans anything: the entry point from a document to its plan.
    programs = RelationshipTo("Program", PLANS)


class Finding(StructuredNode):
    """Something the parser flagged for the inspectorate; stored, never a reason to refuse."""

    uid = StringProperty(required=True, unique_index=True)
    rule = StringProperty(required=True)
    severity = StringProperty(required=True, choices={"error": "error", "warning": "warning"})
    code = StringProperty()
    message = StringProperty()
    line = IntegerProperty()

    document = RelationshipFrom("Rka", HAS_FINDING)


class Serves(StructuredRel):
    """An inferred or decided link from a lower indicator to the higher one it serves.

    The document never says which output serves which indicator, so every link records how it
    was found (``method``), how sure it is (``score``) and whether a person confirmed it.
    """

    method = StringProperty(
        choices={m: m for m in ("exact", "normalized", "fuzzy", "name", "manual", "structural")}
    )
    score = FloatProperty()
    status = StringProperty(choices={s: s for s in ("confirmed", "suggested", "rejected")})
    decided_by = StringProperty()
    decided_at = DateTimeNeo4jFormatProperty()
    # where the status comes from, and why the matcher proposed it (issue 14)
    origin = StringProperty(choices={o: o for o in ("matcher", "local", "national")})
    decided_from = StringProperty()  # "satker/year" the decision was made in
    reason = StringProperty()


class Plan(StructuredNode):
    """Anything in one satker-year's plan. The common label lets one indexed match find (and
    delete) a whole satker-year; ``code`` is the national code national questions group by."""

    uid = StringProperty(required=True, unique_index=True)
    satker = StringProperty(required=True)
    year = IntegerProperty(required=True)
    code = StringProperty(required=True, index=True)
    seq = IntegerProperty(required=True)


class Indikator(Plan):
    """An IKP, IKK or Indikator Output: a (non-unique) code and its often cut text."""

    text = StringProperty()


class Program(Plan):
    name = StringProperty()
    angka_dasar = IntegerProperty(default=0)
    inisiatif_baru = IntegerProperty(default=0)
    jumlah = IntegerProperty(default=0)

    document = RelationshipFrom("Rka", PLANS)
    # A program states its goals (sasaran), each measured by indicators (IKP).
    sasaran = RelationshipTo("SasaranProgram", HAS_SASARAN)
    # The kegiatan listed under a program are what funds it (structural, from the layout).
    funded_by = RelationshipFrom("Kegiatan", FUNDS)
    # RSPP: the program's Output Program, each with its own indicators.
    output_program = RelationshipTo("OutputProgram", HAS_OUTPUT_PROGRAM)


class SasaranProgram(Plan):
    program_code = StringProperty(required=True)
    text = StringProperty()

    program = RelationshipFrom("Program", HAS_SASARAN)
    indicators = RelationshipTo("IndikatorKinerjaProgram", HAS_INDICATOR)


class IndikatorKinerjaProgram(Indikator):
    program_code = StringProperty(required=True)
    sasaran_code = StringProperty(required=True)

    sasaran = RelationshipFrom("SasaranProgram", HAS_INDICATOR)
    # IKK of the program's own kegiatan that (by the linker's judgement) serve this IKP.
    served_by = RelationshipFrom("IndikatorKinerjaKegiatan", SERVES, model=Serves)


class Kegiatan(Plan):
    program_code = StringProperty(required=True)
    name = StringProperty()
    angka_dasar = IntegerProperty(default=0)
    inisiatif_baru = IntegerProperty(default=0)
    jumlah = IntegerProperty(default=0)

    # Money flows up: a kegiatan's budget is part of its program's.
    funds = RelationshipTo("Program", FUNDS)
    indicators = RelationshipTo("IndikatorKinerjaKegiatan", HAS_INDICATOR)
    funded_by = RelationshipFrom("Output", FUNDS)
    # RSPP: the kegiatan's goals (measured by its IKK) and the KRO grouping its ROs.
    sasaran = RelationshipTo("SasaranKegiatan", HAS_SASARAN)
    kro = RelationshipTo("Kro", HAS_KRO)


class IndikatorKinerjaKegiatan(Indikator):
    kegiatan_code = StringProperty(required=True)

    kegiatan = RelationshipFrom("Kegiatan", HAS_INDICATOR)
    # Inferred: which IKP of the kegiatan's own program this IKK serves.
    serves = RelationshipTo("IndikatorKinerjaProgram", SERVES, model=Serves)
    served_by = RelationshipFrom("IndikatorOutput", SERVES, model=Serves)
    # RSPP: the Sasaran Kegiatan the IKK is listed under.
    measures = RelationshipTo("SasaranKegiatan", MEASURES)


class Output(Plan):
    """A 2020 output or an RSPP RO: the funded output either way, so every question about
    funding reads one label. An RO also names its KRO (``kro``, the KRO's code)."""

    kegiatan_code = StringProperty(required=True)
    name = StringProperty()
    tag = StringProperty(choices={"baseline": "baseline", "new": "new"})
    volume = FloatProperty()
    unit = StringProperty()
    angka_dasar = IntegerProperty(default=0)
    inisiatif_baru = IntegerProperty(default=0)
    jumlah = IntegerProperty(default=0)
    kro = StringProperty(index=True)  # RSPP: its KRO, national ROs grouped by KRO

    # Money flows up: an output's budget is part of its kegiatan's.
    funds = RelationshipTo("Kegiatan", FUNDS)
    indicators = RelationshipTo("IndikatorOutput", HAS_INDICATOR)
    # The RO's cost build-up from the kertas kerja workbook (tracker.graph.cost_model).
    komponen = RelationshipTo("Komponen", HAS_KOMPONEN)


class IndikatorOutput(Indikator):
    """An Indikator Output / Indikator RO. An RSPP RO that lists no indicator gets one
    standing for its name (``by_name``: code ``''``, text the RO's name), so the chain
    Output → IO → IKK keeps one shape and its links say they were made on the name."""

    output_code = StringProperty(required=True)
    by_name = BooleanProperty()

    output = RelationshipFrom("Output", HAS_INDICATOR)
    # Inferred: which IKK of the output's own kegiatan this IO serves.
    serves = RelationshipTo("IndikatorKinerjaKegiatan", SERVES, model=Serves)


class SasaranKegiatan(Plan):
    """RSPP: a kegiatan's goal, measured by (some of) its IKK."""

    kegiatan_code = StringProperty(required=True)
    text = StringProperty()

    kegiatan = RelationshipFrom("Kegiatan", HAS_SASARAN)
    measured_by = RelationshipFrom("IndikatorKinerjaKegiatan", MEASURES)


class Kro(Plan):
    """RSPP: a Klasifikasi Rincian Output of one satker-year's kegiatan (``3357.EBA``). Its
    code's last part is national (``EBA`` everywhere), so national questions group ROs by it;
    volume and money are this satker's (the sum of its ROs, when it reconciles)."""

    kegiatan_code = StringProperty(required=True)
    name = StringProperty()
    volume = FloatProperty()
    unit = StringProperty()
    angka_dasar = IntegerProperty(default=0)
    inisiatif_baru = IntegerProperty(default=0)
    jumlah = IntegerProperty(default=0)

    kegiatan = RelationshipFrom("Kegiatan", HAS_KRO)
    ros = RelationshipTo("Output", HAS_RO)
    indicators = RelationshipTo("IndikatorKro", HAS_INDICATOR)


class IndikatorKro(Indikator):
    """RSPP: an indicator listed under ``Indikator KRO :``. Not matched by the linker: the
    KRO classifies the ROs, which are what is funded."""

    kro_code = StringProperty(required=True)

    kro = RelationshipFrom("Kro", HAS_INDICATOR)


class OutputProgram(Plan):
    """RSPP: an Output Program listed under a program, with its indicators; no money."""

    program_code = StringProperty(required=True)
    name = StringProperty()

    program = RelationshipFrom("Program", HAS_OUTPUT_PROGRAM)
    indicators = RelationshipTo("IndikatorOutputProgram", HAS_INDICATOR)


class IndikatorOutputProgram(Indikator):
    program_code = StringProperty(required=True)

    output_program = RelationshipFrom("OutputProgram", HAS_INDICATOR)


class LinkDecision(StructuredNode):
    """A person's verdict on one link (confirm, reject, add), written by tracker.trace.decisions.

    Not part of any plan and tied to no node: both ends are named by stable keys (level, owner
    code, indicator code, seq, text), so replacing a satker-year's plan on reload leaves the
    decision standing, and the linker re-applies it to whichever indicators match its keys.
    """

    uid = StringProperty(required=True, unique_index=True)
    satker = StringProperty(required=True)
    year = IntegerProperty(required=True)
    action = StringProperty(choices={a: a for a in ("confirm", "reject", "add")})
    source_level = StringProperty()
    source_owner = StringProperty()
    source_code = StringProperty()
    source_seq = IntegerProperty()
    source_text = StringProperty()
    target_level = StringProperty()
    target_owner = StringProperty()
    target_code = StringProperty()
    target_seq = IntegerProperty()
    target_text = StringProperty()
    decided_by = StringProperty()
    decided_at = DateTimeNeo4jFormatProperty()
    note = StringProperty()
    # local: this satker-year; national: the pair of texts everywhere (tracker.trace.decisions)
    scope = StringProperty(index=True)


class Realisasi(StructuredNode):
    """One month of one output's realisation (issue 13), written by tracker.measure.loader.

    Outside any plan and tied to no node, like ``LinkDecision``: it names its output by
    ``(satker, year, code)``, so a new revision of the plan (which replaces the Output nodes)
    keeps the realisation on record, and it applies to whichever output of the current plan
    has that code. Each figure is set only by the files that carry it (``rpd`` from the RPD
    workbook, ``realisasi`` from the SP2D export, all four from the template).
    """

    uid = StringProperty(required=True, unique_index=True)  # "{satker}/{year}/{code}/{bulan}"
    satker = StringProperty(required=True)
    year = IntegerProperty(required=True)
    code = StringProperty(required=True)  # the Output's code (3355.003, 3357.EBA.956)
    bulan = IntegerProperty(required=True)  # 1–12
    rpd = FloatProperty()  # the month's planned withdrawal (halaman III DIPA), rupiah
    realisasi = FloatProperty()  # money spent in the month, rupiah
    volume = FloatProperty()  # realised volume at the end of the month, cumulative (RVRO)
    progres = FloatProperty()  # progress in percent (PCRO)


#: The plan classes in the order the loader writes them (parents before children).
PLAN_CLASSES: tuple[type[Plan], ...] = (
    Program,
    SasaranProgram,
    IndikatorKinerjaProgram,
    Kegiatan,
    IndikatorKinerjaKegiatan,
    Output,
    IndikatorOutput,
    OutputProgram,
    IndikatorOutputProgram,
    SasaranKegiatan,
    Kro,
    IndikatorKro,
)

#: Every concrete node class the loader writes (``Plan`` and ``Indikator`` are extra labels).
NODE_CLASSES: tuple[type[StructuredNode], ...] = (Satker, Rka, Finding, *PLAN_CLASSES)
