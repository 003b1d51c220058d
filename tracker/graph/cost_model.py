"""The cost detail in the graph: SAKTI's kertas kerja (Bagian B) beside the plan (Bagian A).

Why its own nodes and labels: a satker-year's Bagian A and its workbook arrive separately and
in either order, and each is revised on its own. So the cost tree is not part of the plan
(no ``Plan`` label: replacing the plan on a Bagian A revision does not delete it) but hangs,
per RO, under the plan's ``Output`` with the same (satker, year, code), re-attached whenever
either side is loaded. ``KertasKerja`` is the workbook's document record (one per loaded
version, like ``Rka``); only the current one has cost nodes (``COSTS``). Until a Bagian A
arrives, the current workbook also ``PLANS`` a bare plan of its own (programs, kegiatan and
ROs as ``Output``, no indicators) so its ROs exist; the Bagian A's plan replaces it.

Identity: a cost node's uid is ``{satker}/{year}/RO/{ro_code}/KM/{code}#{seq}`` plus
``/AK/{code}#{seq}`` for an akun and ``/D/{seq}`` for a detail: stable across reloads.
"""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateTimeNeo4jFormatProperty,
    FloatProperty,
    IntegerProperty,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
)

COSTS = "COSTS"
HAS_KOMPONEN = "HAS_KOMPONEN"
HAS_AKUN = "HAS_AKUN"
HAS_DETAIL = "HAS_DETAIL"


class KertasKerja(StructuredNode):
    """One loaded version of a satker-year's kertas kerja workbook (its document record)."""

    uid = StringProperty(required=True)  # "{satker}/{year}/kk{revision}"
    satker = StringProperty(required=True)
    year = IntegerProperty(required=True)
    revision = IntegerProperty(required=True)
    file_name = StringProperty()
    content_hash = StringProperty(required=True)
    loaded_at = DateTimeNeo4jFormatProperty()
    current = BooleanProperty(default=False)
    total_jumlah = IntegerProperty()
    total_blokir = IntegerProperty()
    ro_codes = ArrayProperty(StringProperty())
    ro_jumlah = ArrayProperty(IntegerProperty())
    ro_lines = ArrayProperty(IntegerProperty())  # each RO's row in the workbook

    filed_by = RelationshipFrom("Satker", "FILED")
    findings = RelationshipTo("Finding", "HAS_FINDING")
    komponen = RelationshipTo("Komponen", COSTS)
    # Only while the satker-year has no Bagian A: its own bare plan.
    programs = RelationshipTo("Program", "PLANS")


class Cost(StructuredNode):
    """Anything in a satker-year's cost tree; the common label finds (and deletes) it whole."""

    uid = StringProperty(required=True)
    satker = StringProperty(required=True)
    year = IntegerProperty(required=True)
    ro_code = StringProperty(required=True)  # the RO (Output code) it builds up
    seq = IntegerProperty(required=True)
    jumlah = IntegerProperty(default=0)
    blokir_jumlah = IntegerProperty(default=0)  # the frozen part of jumlah (details marked *)


class Komponen(Cost):
    code = StringProperty(required=True)  # 051, or 051.A with its subkomponen
    name = StringProperty()
    sumber_dana = ArrayProperty(StringProperty())  # the sources its details draw on

    document = RelationshipFrom("KertasKerja", COSTS)
    output = RelationshipFrom("Output", HAS_KOMPONEN)
    akun = RelationshipTo("Akun", HAS_AKUN)


class Akun(Cost):
    code = StringProperty(required=True)  # 521211
    name = StringProperty()
    komponen_code = StringProperty(required=True)

    komponen = RelationshipFrom("Komponen", HAS_AKUN)
    details = RelationshipTo("Detail", HAS_DETAIL)


class Detail(Cost):
    text = StringProperty()
    volume = FloatProperty()
    satuan = StringProperty()
    harga = IntegerProperty(default=0)
    sumber_dana = StringProperty()
    group = StringProperty()
    blokir = BooleanProperty(default=False)  # marked * in the workbook: frozen until released
    akun_code = StringProperty(required=True)

    akun = RelationshipFrom("Akun", HAS_DETAIL)


COST_CLASSES: tuple[type[StructuredNode], ...] = (KertasKerja, Komponen, Akun, Detail)
