"""Deciding whether two indicator texts name the same indicator, and how sure we are.

The RKA never says which Indikator Output serves which IKK, or which IKK serves which IKP; the
only evidence is that planners copy text from one level to the next. Copies are imperfect:
case and spacing change, `&` stands for `dan`, one copy is cut at ~60 characters and the other
is not, words are misspelt (`Presentasi`), and short forms replace long ones (PKPU = Peraturan
KPU). This module turns that evidence into a method, a score and a status, and knows nothing
about the database, so every trap can be tested on plain strings.

How a source text is compared with the candidates of its own kegiatan or program:

1. ``exact`` (score 1.0, confirmed): the texts are identical once leading/trailing blanks go.
2. ``normalized`` (score 1.0, confirmed): identical after :func:`normalize` (case, spacing,
   punctuation, ``&``, and the rewrites in ``seeds/abbreviations.yaml``).
3. ``normalized`` (score :data:`PREFIX_SCORE`, confirmed): one normalized text is a prefix of
   the other (a text cut shorter), the shorter has at least :data:`MIN_PREFIX_CHARS`
   characters, and exactly one distinct candidate text is in that relation. If several are,
   the cut text cannot tell them apart: they become ``fuzzy`` suggestions instead.
4. ``fuzzy`` (score = :func:`similarity`, suggested): no equal or prefix candidate, and the
   best similarity is at least :data:`SUGGEST_AT`; every candidate within :data:`TIE_MARGIN`
   of the best is suggested (a person picks).
5. otherwise no link: the indicator is served only structurally.

Equal matches win over prefix matches, which win over fuzzy ones, so a source never gets a
fuzzy suggestion beside a confirmed match. Pairs a person rejected are left out before
ranking (``exclude``), so the next-best candidate can still be suggested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from rapidfuzz import fuzz

Method = Literal["exact", "normalized", "fuzzy", "manual", "structural"]
Status = Literal["confirmed", "suggested", "rejected"]

# Tuned on the KPU seed (see tests/test_matching.py): a true pair that differs by one word
# ("Provinsi dan Kabupaten/Kota" vs "Provinsi dan KPU Kabupaten/Kota") scores 0.92-0.96, while
# two different indicators sharing the boilerplate "Persentase satker yang …" stay below 0.76.
SUGGEST_AT = 0.85
PREFIX_SCORE = 0.95  # a cut text agrees with the start of a longer one: sure, not identical
MIN_PREFIX_CHARS = 24  # shorter than this, a prefix is boilerplate ("persentase kpu"), not a match
TIE_MARGIN = 0.02

DEFAULT_REWRITES = Path(__file__).resolve().parents[2] / "seeds" / "abbreviations.yaml"
REWRITE_SECTIONS = ("abbreviations", "spelling", "synonyms")

_PUNCT = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")

K = TypeVar("K", bound=Hashable)


class Rewrites:
    """Whole-word replacements applied to normalized text, longest key first."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        keys = sorted(self.table, key=lambda k: (-len(k), k))
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
            if keys
            else None
        )

    def apply(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.table[m.group(1)], text)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " dan ")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def parse_rewrites(data: object, source: str = "<rewrites>") -> Rewrites:
    """Build the rewrite table from the YAML structure, refusing anything ambiguous so an
    editing mistake is reported instead of silently changing every match."""
    if data is None:
        return Rewrites({})
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping with sections {REWRITE_SECTIONS}")
    table: dict[str, str] = {}
    for section, entries in data.items():
        if section not in REWRITE_SECTIONS:
            raise ValueError(
                f"{source}: unknown section {section!r}; expected one of {REWRITE_SECTIONS}"
            )
        if entries is None:
            continue
        if not isinstance(entries, dict):
            raise ValueError(f"{source}: section {section!r} must map words to words")
        for raw_key, raw_value in entries.items():
            key, value = _plain(str(raw_key)), _plain(str(raw_value))
            if not key or not value:
                raise ValueError(f"{source}: {section}: empty entry {raw_key!r}: {raw_value!r}")
            if key in table and table[key] != value:
                raise ValueError(
                    f"{source}: {section}: {key!r} is already rewritten to {table[key]!r}"
                )
            table[key] = value
    return Rewrites(table)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Rewrites:
    with open(path, encoding="utf-8") as fh:
        return parse_rewrites(yaml.safe_load(fh), path)


def load_rewrites(path: Path | None = None) -> Rewrites:
    """The rewrite table from ``seeds/abbreviations.yaml`` (re-read when the file changes)."""
    p = Path(path or DEFAULT_REWRITES)
    if not p.exists():
        return Rewrites({})
    return _load(str(p), p.stat().st_mtime_ns)


def normalize(text: str, rewrites: Rewrites | None = None) -> str:
    """The comparable form of an indicator text: NFKC, case-folded, `&` as `dan`, punctuation
    as blanks, single spaces, then abbreviations, spelling and synonyms rewritten."""
    return _normalize(text, load_rewrites() if rewrites is None else rewrites)


@lru_cache(maxsize=1 << 16)
def _normalize(text: str, rewrites: Rewrites) -> str:
    # Cached: the same indicator texts recur in every satker's document (they are copied
    # from national lists), so linking 550 satkers normalizes a few thousand distinct texts.
    return _SPACE.sub(" ", rewrites.apply(_plain(text))).strip()


@lru_cache(maxsize=1 << 17)
def similarity(a: str, b: str) -> float:
    """Fuzzy similarity in [0, 1] of two *normalized* texts.

    Plain edit-distance ratio, or, when one text may be a cut copy of the other, the ratio of
    the shorter against the same-length start of the longer, scaled by :data:`PREFIX_SCORE`
    (so a perfect prefix never outranks an identical text). Token-set scorers are avoided on
    purpose: KPU indicators share long boilerplate ("Persentase KPU Provinsi dan …") that would
    make unrelated indicators look alike. Cached, as pairs recur across satkers.
    """
    if not a or not b:
        return 0.0
    score = fuzz.ratio(a, b) / 100.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= MIN_PREFIX_CHARS and len(long_) > len(short):
        score = max(score, fuzz.ratio(short, long_[: len(short)]) / 100.0 * PREFIX_SCORE)
    return round(score, 4)


def is_prefix_pair(a: str, b: str) -> bool:
    """One normalized text is a cut copy of the other (and long enough to mean something)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX_CHARS and long_.startswith(short)


@dataclass(frozen=True, slots=True)
class Evidence:
    method: Method
    score: float
    status: Status


def compare(a: str, b: str, rewrites: Rewrites | None = None) -> Evidence | None:
    """Evidence that two texts name the same indicator, judged as a lone pair (no competing
    candidates); ``None`` when they are not similar enough to suggest."""
    found = match(a, [(0, b)], rewrites=rewrites)
    return found[0][1] if found else None


def match(
    source: str,
    candidates: Sequence[tuple[K, str]],
    rewrites: Rewrites | None = None,
    exclude: Iterable[K] = (),
) -> list[tuple[K, Evidence]]:
    """The candidates ``source`` serves, with evidence, following the ladder in the module
    docstring. ``candidates`` are (key, text) pairs of the same kegiatan or program."""
    rw = load_rewrites() if rewrites is None else rewrites
    skip = set(exclude)
    src_norm = normalize(source, rw)
    if not src_norm:
        return []
    pool = [(key, text, normalize(text, rw)) for key, text in candidates if key not in skip]
    return _rank(source.strip(), src_norm, [p for p in pool if p[2]])


def _rank(
    src_raw: str, src_norm: str, pool: Sequence[tuple[K, str, str]]
) -> list[tuple[K, Evidence]]:
    equal = [(k, t) for k, t, n in pool if n == src_norm]
    if equal:
        return [
            (k, Evidence("exact" if t.strip() == src_raw else "normalized", 1.0, "confirmed"))
            for k, t in equal
        ]
    prefix = [(k, n) for k, _t, n in pool if is_prefix_pair(src_norm, n)]
    if prefix:
        if len({n for _k, n in prefix}) == 1:
            return [(k, Evidence("normalized", PREFIX_SCORE, "confirmed")) for k, _n in prefix]
        return [(k, Evidence("fuzzy", PREFIX_SCORE, "suggested")) for k, _n in prefix]
    scored = [(k, similarity(src_norm, n)) for k, _t, n in pool]
    best = max((s for _k, s in scored), default=0.0)
    if best < SUGGEST_AT:
        return []
    return [(k, Evidence("fuzzy", s, "suggested")) for k, s in scored if s >= best - TIE_MARGIN]


@dataclass(frozen=True, slots=True)
class Proposal:
    """One inferred link: ``source`` serves ``target`` (keys are the caller's, e.g. uids)."""

    source: Hashable
    target: Hashable
    method: Method
    score: float
    status: Status


def match_groups(
    sources: Iterable[tuple[Hashable, Hashable, str]],
    targets: Iterable[tuple[Hashable, Hashable, str]],
    rewrites: Rewrites | None = None,
    exclude: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[Proposal]:
    """Match every source against the targets of the same group only.

    ``sources`` and ``targets`` are (key, group, text): for IO→IKK the group is the kegiatan,
    for IKK→IKP the program. ``exclude`` holds (source key, target key) pairs a person
    rejected. Target texts are normalized once per call, which is what keeps linking a
    satker-year in the low milliseconds.
    """
    rw = load_rewrites() if rewrites is None else rewrites
    by_group: dict[Hashable, list[tuple[Hashable, str, str]]] = {}
    for key, group, text in targets:
        norm = normalize(text or "", rw)
        if norm:
            by_group.setdefault(group, []).append((key, text or "", norm))
    rejected: dict[Hashable, set[Hashable]] = {}
    for s, t in exclude:
        rejected.setdefault(s, set()).add(t)
    out: list[Proposal] = []
    for key, group, text in sources:
        pool = by_group.get(group)
        src_norm = normalize(text or "", rw)
        if not pool or not src_norm:
            continue
        skip = rejected.get(key)
        if skip:
            pool = [p for p in pool if p[0] not in skip]
        for target, ev in _rank((text or "").strip(), src_norm, pool):
            out.append(Proposal(key, target, ev.method, ev.score, ev.status))
    return out
