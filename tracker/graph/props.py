"""The Satker node's properties as a document states them, shared by the Bagian A loader and
the kertas kerja loader so both describe a satker the same way."""

from __future__ import annotations

from typing import Any

from tracker.read.records import RkaDocument


def satker_props(doc: RkaDocument) -> dict[str, Any]:
    h = doc.document
    return {
        "code": h.satker.code,
        "name": h.satker.name,
        "ministry_code": h.ministry.code,
        "ministry_name": h.ministry.name,
        "unit_code": h.unit.code,
        "unit_name": h.unit.name,
        "province_code": h.province.code,
        "province_name": h.province.name,
        "location_code": h.location.code,
        "location_name": h.location.name,
    }
