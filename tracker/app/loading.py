"""Loading documents from the app: the uploaded file or the example ``seeds/``.

The parser and the loader do the work; this module adds what the app needs around them: the
permission check, the name recorded as the loader, and clearing exactly the cached answers the
new document made stale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from neo4j.exceptions import Neo4jError

from tracker.app import auth, data
from tracker.config import config
from tracker.graph import db, loader
from tracker.read import document
from tracker.read.records import RkaDocument, RkaParseError

LOAD_ERRORS: tuple[type[BaseException], ...] = (
    RkaParseError,
    OSError,
    Neo4jError,
    db.DatabaseUnavailable,
    PermissionError,
)


class UploadTooLarge(ValueError):
    """An upload over ``TRACKER_MAX_UPLOAD_MB``: refused before any reader sees it. ``str()``
    names the file, its size and the limit."""


def max_upload_bytes() -> int:
    """The app's upload cap (``TRACKER_MAX_UPLOAD_MB``, 20 MB unless set). Streamlit's own
    ``maxUploadSize`` stops bigger uploads in the browser; this holds for every caller."""
    return config().max_upload_bytes


def check_upload(name: str, size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise UploadTooLarge(
            f"{name}: {size:,} bytes, over the upload limit of {limit:,} bytes "
            f"({limit / 1024 / 1024:g} MB, TRACKER_MAX_UPLOAD_MB); not read, nothing loaded"
        )


def parse_upload(content: bytes, name: str) -> RkaDocument:
    """Parse an uploaded file of any kind (text, PDF, workbook: told by its content);
    ``RkaParseError`` (``FILE:LINE: …``) if it cannot be read, :class:`UploadTooLarge` over
    the cap."""
    check_upload(name, len(content))
    return document.read_bytes(content, name)


def _require() -> None:
    auth.require("document.load")


def load(doc: RkaDocument) -> loader.DocResult:
    """Load one parsed document (and link it); the database is untouched unless allowed."""
    _require()
    result = loader.load_document(doc, data.write_driver())
    data.clear(result.satker or None, result.year or None)
    return result


def load_file(path: Path) -> loader.DocResult:
    return load(document.read_file(path))


def load_files(
    paths: list[Path], on_result: Callable[[loader.DocResult], None] | None = None
) -> loader.LoadSummary:
    """Load several files (the seeds) with the loader's pipelined parse-and-write."""
    _require()
    summary = loader.load_documents(paths, data.write_driver(), progress=False, on_result=on_result)
    data.clear()
    return summary


def delete(satker: str, year: int) -> int:
    """Remove one satker-year (admin only: checked here and again by the loader)."""
    who = auth.require("document.delete")
    deleted = loader.delete_satker_year(data.write_driver(), satker, year, user=who)
    data.clear()
    return deleted
