"""Linking an RSPP RO that lists no indicator, on its name.

An RO's name (``Layanan Perkantoran``, ``Layanan BMN``) is short and an IKK is a sentence
(``Persentase layanan perkantoran yang terpenuhi``), so comparing whole texts, as
:mod:`tracker.trace.matching` does for indicators, finds nothing. What the name can say is
*what* it delivers: its content words. An IKK of the same kegiatan that contains every content
word of the name (after the same normalization, abbreviations included) is proposed, never
more than ``suggested`` and with a score below any text match, because a name shared with an
indicator is a hint, not the planner's statement. Words every service name starts with
(``Layanan``, ``Dukungan`` …) and the indicator boilerplate carry no meaning and are ignored;
a name with no other word is linked to nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from tracker.trace.matching import (
    BOILERPLATE,
    TIE_MARGIN,
    Method,
    Proposal,
    Rewrites,
    load_rewrites,
)
from tracker.trace.matching import normalize as normalize_text

METHOD: Method = "name"
BASE_SCORE = 0.5  # below SUGGEST_AT: a hint on the name, never a match of texts
SPAN = 0.3  # up to this much more the larger the share of the IKK the name's words cover
GENERIC = (
    frozenset({"layanan", "dukungan", "pelaksanaan", "penyelenggaraan", "pengelolaan", "kegiatan"})
    | BOILERPLATE
)


def content_words(text: str, rewrites: Rewrites) -> frozenset[str]:
    return frozenset(
        w for w in normalize_text(text, rewrites).split() if len(w) > 2 and w not in GENERIC
    )


def match_names(
    sources: Iterable[tuple[Hashable, Hashable, str]],
    targets: Iterable[tuple[Hashable, Hashable, str]],
    rewrites: Rewrites | None = None,
    exclude: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[Proposal]:
    """Sources are (key, group, RO name), targets (key, group, IKK text), as in
    :func:`tracker.trace.matching.match_groups`; the best-covering IKK of the group (and any
    within ``TIE_MARGIN``) is suggested."""
    rw = load_rewrites() if rewrites is None else rewrites
    pool: dict[Hashable, list[tuple[Hashable, frozenset[str], int]]] = {}
    for key, group, text in targets:
        words = normalize_text(text or "", rw).split()
        pool.setdefault(group, []).append((key, frozenset(words), len(words)))
    rejected = set(exclude)
    out: list[Proposal] = []
    for key, group, name in sources:
        words = content_words(name or "", rw)
        if not words:
            continue
        hits = [
            (target, round(BASE_SCORE + SPAN * min(1.0, len(words) / max(n, 1)), 4))
            for target, have, n in pool.get(group, [])
            if words <= have and (key, target) not in rejected
        ]
        if not hits:
            continue
        best = max(score for _, score in hits)
        shown = ", ".join(sorted(words))
        reason = f"the RO lists no indicator; every word of its name ({shown}) is in the IKK"
        for target, score in hits:
            if score >= best - TIE_MARGIN:
                out.append(Proposal(key, target, METHOD, score, "suggested", reason))
    return out
