"""Loading realisation files from the app (the Muat page): the permission check, the
uploaded bytes handed to the loader as a file, and clearing the measures' cached answers.

The loader reads a file twice (check, then write) and streams it, so the upload is written
to a temporary file rather than held as rows; the file keeps its name, which the loader's
messages (``FILE row N: …``) quote.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tracker.app import auth, data
from tracker.app.loading import UploadTooLarge, check_upload
from tracker.measure import loader, template
from tracker.measure.realisasi import Refused
from tracker.measure.sheets import UnreadableFile

LOAD_ERRORS: tuple[type[BaseException], ...] = (
    UploadTooLarge,
    Refused,
    UnreadableFile,
    OSError,
    PermissionError,
    *data.DB_ERRORS,
)


def load_upload(content: bytes, name: str) -> loader.FileResult:
    """Check and load one uploaded file (``Refused`` lists its bad rows; nothing written;
    :class:`UploadTooLarge` over the cap the document uploads share)."""
    auth.require("document.load")
    check_upload(name, len(content))
    with tempfile.TemporaryDirectory(prefix="realisasi-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(content)
        result = loader.load_file(data.write_driver(), path, database=data.settings().database)
    data.clear_kinerja()
    return result


def template_bytes(satker: str, year: int) -> bytes:
    """The template workbook of a satker-year (what is on record pre-filled)."""
    table = template.rows(data.driver(), satker, year, data.settings().database)
    return template.xlsx_bytes(table)
