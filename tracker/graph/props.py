"""What the Bagian A loader and the kertas kerja loader do alike: the Satker node as a
document states it, a document's content hash and findings, and the revision rule. Here, not
in the loader, because the kertas kerja loader cannot import the loader (the loader imports
it)."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

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


def content_hash(doc: RkaDocument) -> str:
    """The reader's hash of the raw bytes; for hand-built documents, a hash of their content,
    so loading the same document twice is still recognised as unchanged."""
    if doc.content_hash:
        return doc.content_hash
    canonical = json.dumps(doc.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def finding_props(doc: RkaDocument, uid: str) -> list[dict[str, Any]]:
    """The reader's findings as ``Finding`` nodes of the record ``uid`` (``{uid}/F/{n}``)."""
    return [
        {
            "uid": f"{uid}/F/{n}",
            "rule": f.rule,
            "severity": f.severity,
            "code": f.code,
            "message": f.message,
            "line": f.line,
        }
        for n, f in enumerate(doc.findings, 1)
    ]


def revision_for(
    known: list[dict[str, Any]], digest: str, replace: bool
) -> tuple[Literal["loaded", "replaced", "unchanged"], int, str]:
    """The revision rule (tracker.graph.loader's docstring) for a document with content
    ``digest``, given its satker-year's records (``known``: revision, uid, current,
    content_hash). Returns the status, the revision it is written as (or held in) and, when
    unchanged, the uid of the record already holding the content."""
    current = next((v for v in known if v["current"]), None)
    same = [v for v in known if v["content_hash"] == digest]
    if current is not None and current["content_hash"] == digest:
        same = [current]
    if same and (not replace or same[0] is current):
        return "unchanged", same[-1]["revision"], same[-1]["uid"]
    if replace and current is not None:
        return "replaced", current["revision"], ""
    return "loaded", max((v["revision"] for v in known), default=0) + 1, ""
