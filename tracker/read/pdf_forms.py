"""Bound the work a PDF's form XObjects make PDFium do, before it opens a page.

PDFium parses a form's content again at every ``Do`` that draws it, and inside it every form
that one draws. A 4 KB file of forms drawing forms ten times, eight deep, made it parse ten
million text objects when the page was opened (99 s and 18 GB); a 285 KB page drawing a 35 KB
form ten thousand times, 16 s and 4.5 GB. No stream there inflates past a bound: the cost is
in the drawing. So the forms are read here first and their cost added up as PDFium would
spend it:

    cost(form) = its content's bytes + ``DRAWN`` + Σ over its ``Do`` of cost(what it draws)

where a name is followed through the form's resources to the object it draws (an image costs
nothing here: PDFium decodes it once). Page contents are not told apart from the other
streams (their page objects may sit in compressed object streams), so every ``Do`` outside a
form is taken to draw the costliest form. A document whose forms would have PDFium parse more
than the bound is refused, as is one whose nested forms cannot be followed (a form drawing
names its resources do not resolve, a form drawing itself, which PDFium follows round
and round; an encrypted file is read decrypted, by
:mod:`tracker.read.pdf_plain`). An RKA Satker printed by SAKTI has at most a form or two per
page, drawn once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tracker.read import pdf_streams
from tracker.read.records import RkaParseError

DRAWN = 256  # what drawing a form costs PDFium beyond its content's bytes (its objects, state)
MAX_DEPTH = 32  # forms nested deeper than a report ever nests them

_NAME = rb"/([^\s/\[\]()<>{}%]+)"
_DO = re.compile(_NAME + rb"\s+Do(?![^\s/\[\]()<>{}%])")
_OBJECT = re.compile(rb"(?<!\d)(\d+)\s+\d+\s+obj\b")
_RESOURCES_REF = re.compile(rb"/Resources\s+(\d+)\s+\d+\s+R")
_XOBJECT_REF = re.compile(rb"/XObject\s+(\d+)\s+\d+\s+R")
_XOBJECT_DICT = re.compile(rb"/XObject\s*<<(.*?)>>", re.S)
_ENTRY = re.compile(_NAME + rb"\s+(\d+)\s+\d+\s+R")


class _Unbounded(Exception):
    pass


def check(
    data: bytes,
    streams: Iterable[pdf_streams.Stream],
    source: str,
    max_work: int,
    max_stream: int,
) -> None:
    """Refuse the PDF (``RkaParseError``) when drawing its forms would have PDFium parse more
    than ``max_work`` bytes of content; ``max_stream`` bounds what one stream is read to."""
    streams = list(streams)
    forms = {s.number: s for s in streams if s.form and s.number is not None}
    if not forms:
        return
    drawn: dict[int, Counter[bytes]] = {}
    sizes: dict[int, int] = {}
    for number, stream in forms.items():
        content = pdf_streams.decoded(data, stream, max_stream) or b""
        drawn[number] = Counter(_DO.findall(content))
        sizes[number] = len(content)
    nested = any(drawn.values())
    objects = _object_offsets(data) if nested else {}
    memo: dict[int, int] = {}

    def cost(number: int, stack: tuple[int, ...]) -> int:
        if number in stack:  # PDFium follows it round, down to its depth limit
            raise _Unbounded(f"form {number} draws itself")
        if len(stack) >= MAX_DEPTH:
            raise _Unbounded(f"forms nested more than {MAX_DEPTH} deep")
        if number in memo:
            return memo[number]
        names = _xobjects(data, forms[number].head, objects) if drawn[number] else {}
        total = sizes[number] + DRAWN
        for name, times in drawn[number].items():
            target = names.get(name)
            if target is None:
                raise _Unbounded(f"form {number} draws /{name.decode(errors='replace')}")
            if target in forms:
                total += times * cost(target, (*stack, number))
            if total > max_work:
                break  # past the bound already: no need to count further
        memo[number] = total
        return total

    try:
        costliest = max(cost(n, ()) for n in forms)
    except _Unbounded as e:
        _refuse(source, f"nested form XObjects this reader cannot follow ({e})")
    outside = sum(
        len(_DO.findall(pdf_streams.decoded(data, s, max_stream) or b""))
        for s in streams
        if not s.form and not s.image
    )
    work = max(costliest, outside * costliest)
    if work > max_work:
        _refuse(
            source,
            f"form XObjects drawn over and over: opening its pages would parse about "
            f"{work / 1e6:,.0f} MB of content",
        )


def _refuse(source: str, what: str) -> None:
    raise RkaParseError(source, 1, f"found {what}, expected the PDF of an RKA Satker")


def _object_offsets(data: bytes) -> dict[int, int]:
    """Where each uncompressed object starts (the last definition wins, as in an update)."""
    return {int(m.group(1)): m.end() for m in _OBJECT.finditer(data)}


def _body(data: bytes, objects: dict[int, int], number: int) -> bytes:
    at = objects.get(number)
    if at is None:
        return b""  # in a compressed object stream: not followed
    end = data.find(b"endobj", at)
    return data[at : end if end >= 0 else at + 4096]


def _xobjects(data: bytes, head: bytes, objects: dict[int, int]) -> dict[bytes, int]:
    """The form's XObject names and the objects they draw, from its resources inline or as
    indirect objects."""
    resources = head
    ref = _RESOURCES_REF.search(head)
    if ref:
        resources = _body(data, objects, int(ref.group(1)))
    ref = _XOBJECT_REF.search(resources)
    if ref:
        resources = b"/XObject <<" + _body(data, objects, int(ref.group(1))) + b">>"
    inline = _XOBJECT_DICT.search(resources)
    if not inline:
        return {}
    return {name: int(number) for name, number in _ENTRY.findall(inline.group(1))}
