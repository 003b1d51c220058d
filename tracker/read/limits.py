"""Generic bounds for untrusted input files, checked before a reader inflates anything.

A workbook is a zip and a PDF a set of compressed streams: a few hundred kilobytes on disk can
declare gigabytes once inflated, and a reader that trusts them takes the process (the app, for
everyone) down with it. These checks read only what the container declares, then read members
in chunks with a hard cap, so a refusal costs bounded time and memory. Readers
(tracker.read.sources.*) call them with their own limits; every refusal is an
``RkaParseError`` naming the file and what was expected.
"""

from __future__ import annotations

import io
import zipfile

from tracker.read.records import RkaParseError

#: Declared inflated size over compressed size beyond which a zip is refused: office files
#: compress XML about 5-50 times; deflate tops out near 1,000 (a zip bomb of zeros).
MAX_ZIP_RATIO = 500
MAX_ZIP_MEMBERS = 10_000
CHUNK = 1 << 20


def check_size(data: bytes, source: str, max_bytes: int, what: str = "file") -> None:
    if len(data) > max_bytes:
        raise RkaParseError(
            source, 1, f"found a {what} of {len(data):,} bytes, expected at most {max_bytes:,}"
        )


def open_zip(
    data: bytes,
    source: str,
    max_inflated: int,
    max_ratio: float = MAX_ZIP_RATIO,
    max_members: int = MAX_ZIP_MEMBERS,
) -> zipfile.ZipFile:
    """The archive, once its central directory says it inflates to at most ``max_inflated``
    bytes in all, at most ``max_ratio`` times its compressed size, in at most ``max_members``
    members. Nothing is inflated here."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RkaParseError(
            source, 1, f"found a corrupt zip ({exc}), expected a whole file"
        ) from None
    if len(members) > max_members:
        raise RkaParseError(
            source, 1, f"found a zip of {len(members):,} members, expected at most {max_members:,}"
        )
    declared = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if declared > max_inflated:
        raise RkaParseError(
            source,
            1,
            f"found a zip that inflates to {declared:,} bytes, expected at most {max_inflated:,}",
        )
    if declared / packed > max_ratio:
        raise RkaParseError(
            source,
            1,
            f"found a zip that inflates {declared / packed:,.0f} times its size (a zip bomb?), "
            f"expected at most {max_ratio:g} times",
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, source: str, max_bytes: int) -> bytes:
    """One member, inflated in chunks and refused as soon as it passes ``max_bytes``, whatever
    its header declared."""
    out = bytearray()
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                out += chunk
                if len(out) > max_bytes:
                    raise RkaParseError(
                        source, 1, f"zip member {name} inflates past {max_bytes:,} bytes"
                    )
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        raise RkaParseError(source, 1, f"zip member {name} cannot be read ({exc})") from None
    return bytes(out)


def check_pages(count: int, source: str, max_pages: int) -> None:
    if count > max_pages:
        raise RkaParseError(
            source, 1, f"found a document of {count:,} pages, expected at most {max_pages:,}"
        )
