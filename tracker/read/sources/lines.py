"""The row every source hands a layout: one line as the text export writes it.

The text export is the shape the Bagian A interpreters were written against, so the PDF reader
rebuilds exactly those lines (cells joined by tabs, page headers included) and the same
document gives the same records whichever file it came in. ``page`` lets a message point a
person at the printed page, where they actually look.
"""

from __future__ import annotations

from typing import NamedTuple


class Line(NamedTuple):
    """A named tuple rather than a frozen dataclass: a document is hundreds of lines, and a
    frozen dataclass costs three times as much to build, which alone was a third of the
    text reader's time. The interpreters use the line's position in the list for records and
    ``no``/``page`` for messages, so a source keeps ``no`` equal to that position."""

    text: str  # the row: cells joined by tabs, as in the text export
    no: int  # 1-based position in the source's line stream
    page: int | None = None  # the printed page, when the source knows it (PDF)
