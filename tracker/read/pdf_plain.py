"""An encrypted PDF that opens without a password (an owner password only restricts printing
or copying) rewritten without its encryption, so that the bounds
(:func:`tracker.read.limits.check_pdf_streams`, :mod:`tracker.read.pdf_forms`) read its
streams as PDFium will: encrypted, a 1 MB page inflating to gigabytes looks like noise to
them and would pass.

qpdf (through pikepdf) decrypts; streams are copied still compressed (nothing is inflated
here) and objects are taken out of compressed object streams, so every form's resources can
be followed."""

from __future__ import annotations

import io

import pikepdf

from tracker.read.records import RkaParseError


def decrypted(data: bytes, source: str) -> bytes:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            out = io.BytesIO()
            pdf.save(
                out,
                encryption=False,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                fix_metadata_version=False,
            )
            return out.getvalue()
    except pikepdf.PasswordError:
        raise RkaParseError(
            source,
            1,
            "found an encrypted PDF that needs a password, expected an unprotected PDF (print "
            "or save it again without a password)",
        ) from None
    except pikepdf.PdfError as e:
        raise RkaParseError(
            source, 1, f"found a damaged encrypted PDF ({e}), expected a readable PDF"
        ) from None
