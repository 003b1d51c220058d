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
   of the best is suggested (a person picks). A candidate that is the same text but for **one
   inserted word** (word by word, the shorter text possibly cut; :func:`word_agreement`) is
   suggested here too, with a score of at least :data:`SUGGEST_AT`, even when characters
   alone score it lower. Where one text stops and the other goes on, the one that stops must
   look cut (:func:`looks_cut`: long enough to have met the print's limit, or ending on a word
   no indicator ends on, such as ``yang``): ``Jumlah pengunjung Rumah Pintar Pemilu`` is a
   whole indicator, not a cut copy of ``Jumlah Rumah Pintar Pemilu yang aktif dikunjungi``.
5. ``fuzzy`` (suggested) by **opening words**: no candidate above, and a candidate agrees with
   the source word by word from the start (one inserted word allowed) for at least
   :data:`MIN_OPENING_WORDS` words and :data:`MIN_PREFIX_CHARS` characters, covering at least
   half of the shorter text, before the two diverge, and the agreeing words say something
   beyond the boilerplate every KPU indicator opens with (:data:`BOILERPLATE`). Prints cut
   texts at ~60 characters, so openings carry most of the meaning. An agreement that ends on
   ``yang`` is not enough: KPU indicators read *measure, subject* ``yang`` *predicate*, and two
   texts that share the subject but whose predicates differ from their first word measure
   different things about it (``Persentase badan adhoc yang dibentuk …`` / ``… yang
   mengikuti bimbingan teknis``).
6. ``fuzzy`` (suggested) by **initials**: no candidate above, and reading an upper-case word of
   one text that the rewrite table does not know (``RPP``, ``LHKPN``) as the words of the other
   text whose initials spell it (``Rumah Pintar Pemilu``; ``dan`` may sit inside) makes the
   texts equal, one a cut copy of the other, or similar; score at most :data:`ACRONYM_CAP`
   (a reading, not a table entry). Planners coin acronyms faster than any table is edited.
7. otherwise no link: the indicator is served only structurally.

Every suggestion carries a ``reason`` in words; a source fitting several candidates says so
(a person picks), and a unique candidate says it is the only one: the two are kept apart.

Equal matches win over prefix matches, which win over fuzzy ones, so a source never gets a
fuzzy suggestion beside a confirmed match. Pairs a person rejected are left out before
ranking (``exclude``), so the next-best candidate can still be suggested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from rapidfuzz import fuzz

Method = Literal["exact", "normalized", "fuzzy", "name", "manual", "structural"]
Status = Literal["confirmed", "suggested", "rejected"]

# Tuned on the KPU seed (see tests/test_matching.py): a true pair that differs by one word
# ("Provinsi dan Kabupaten/Kota" vs "Provinsi dan KPU Kabupaten/Kota") scores 0.92-0.96, while
# two different indicators sharing the boilerplate "Persentase satker yang …" stay below 0.76.
SUGGEST_AT = 0.85
PREFIX_SCORE = 0.95  # a cut text agrees with the start of a longer one: sure, not identical
MIN_PREFIX_CHARS = 24  # shorter than this, a prefix is boilerplate ("persentase kpu"), not a match
TIE_MARGIN = 0.02
MIN_OPENING_WORDS = 3
# A text at least this long may have been cut by the print (~60 characters, often less where
# the cell wraps); shorter, it is cut only if it ends on a word no indicator ends on.
CUT_MIN_CHARS = 40
DANGLING = frozenset(
    {
        "yang",
        "dan",
        "atau",
        "serta",
        "di",
        "ke",
        "dari",
        "dalam",
        "untuk",
        "atas",
        "pada",
        "dengan",
        "terhadap",
        "oleh",
        "secara",
        "sesuai",
        "melalui",
        "tentang",
        "bagi",
        "antar",
        "sebagai",
        "para",
    }
)
# An upper-case word of 3-6 letters is read as the initials of words of the other text (rung 6);
# "dan" may sit inside such a run ("JDIH": jaringan dokumentasi dan informasi hukum).
_ACRONYM = re.compile(r"(?<![^\W\d_])[A-Z]{3,6}(?![^\W\d_])")
ACRONYM_JOINERS = frozenset({"dan"})
ACRONYM_CAP = 0.9  # a reading of initials is a guess: never as sure as a cut copy
# The word that closes the subject of "Persentase <subject> yang <predicate>": an opening that
# ends on it shares the subject only (see rung 5).
SUBJECT_END = "yang"
# Words every KPU indicator text opens with; an opening made of these alone is boilerplate
# ("Persentase satker yang …", "Persentase KPU Provinsi dan …"), not shared meaning.
BOILERPLATE = frozenset(
    {
        "persentase",
        "jumlah",
        "nilai",
        "indeks",
        "tingkat",
        "rasio",
        "satker",
        "satuan",
        "kerja",
        "kpu",
        "kip",
        "provinsi",
        "kabupaten",
        "kota",
        "yang",
        "dan",
        "atau",
        "dalam",
        "di",
        "ke",
        "dari",
        "untuk",
        "atas",
        "pada",
        "dengan",
        "serta",
        "terhadap",
        "secara",
        "telah",
        "tepat",
    }
)

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


def plain(text: str) -> str:
    """Case, spacing and punctuation normalized, no rewrites: identities that must not move
    when someone edits the abbreviations (national decisions' uids)."""
    return _plain(text)


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
class Agreement:
    """How two normalized texts agree word by word from the start (one inserted word allowed
    on either side): ``words`` agreeing, their characters, the inserted word if one was
    skipped, and whether the shorter text ran out (it agrees all through)."""

    words: tuple[str, ...]
    inserted: str | None
    whole: bool  # one text is used up: near-identical, not merely a shared opening
    chars: int
    stopped: Literal["a", "b", ""] = ""  # the text used up while the other goes on, if any
    # the text that stopped does not look cut: it is a whole indicator and the other says
    # more, not a cut copy of it (set by :func:`with_ends`, which sees the texts as printed)
    overrun: bool = False


def looks_cut(text: str) -> bool:
    """Whether a text as printed may be a cut copy: long enough to have met the print's limit
    (:data:`CUT_MIN_CHARS`, counted before abbreviations are rewritten, as the print counts),
    or ending on a word no indicator ends on (:data:`DANGLING`)."""
    words = _plain(text).split()
    return len(" ".join(words)) >= CUT_MIN_CHARS or (bool(words) and words[-1] in DANGLING)


def with_ends(ag: Agreement, raw_a: str, raw_b: str) -> Agreement:
    """The agreement of two texts (``raw_a``, ``raw_b`` as printed) with :attr:`overrun` set."""
    if not ag.stopped:
        return ag
    return replace(ag, overrun=not looks_cut(raw_a if ag.stopped == "a" else raw_b))


@lru_cache(maxsize=1 << 16)
def word_agreement(a: str, b: str) -> Agreement:
    """Walk both word lists from the start; on the first difference, skip one word on either
    side if that makes them agree again, and stop at the next difference."""
    x, y = a.split(), b.split()
    i = j = 0
    inserted: str | None = None
    agreed: list[str] = []
    while i < len(x) and j < len(y):
        if x[i] == y[j]:
            agreed.append(x[i])
            i, j = i + 1, j + 1
            continue
        if inserted is None and i + 1 < len(x) and x[i + 1] == y[j]:
            inserted, i = x[i], i + 1
            continue
        if inserted is None and j + 1 < len(y) and y[j + 1] == x[i]:
            inserted, j = y[j], j + 1
            continue
        break
    whole = i == len(x) or j == len(y)
    stopped: Literal["a", "b", ""] = ""
    if whole and (i < len(x) or j < len(y)):
        stopped = "a" if i == len(x) else "b"
    return Agreement(tuple(agreed), inserted, whole, len(" ".join(agreed)), stopped)


def _near_identical(ag: Agreement) -> bool:
    """The same text but for one inserted word (and perhaps a cut end: the text that stops
    must look cut)."""
    return ag.whole and ag.inserted is not None and ag.chars >= MIN_PREFIX_CHARS and not ag.overrun


def _opening(ag: Agreement, a: str, b: str) -> bool:
    """A shared opening that says something: enough words and characters, half the shorter
    text, beyond boilerplate, and more than the subject alone (not ending on ``yang``); and a
    real divergence, not a whole text that the other merely goes on from."""
    shorter = min(len(a.split()), len(b.split()))
    return (
        not ag.overrun
        and len(ag.words) >= MIN_OPENING_WORDS
        and ag.chars >= MIN_PREFIX_CHARS
        and 2 * len(ag.words) >= shorter
        and any(w not in BOILERPLATE for w in ag.words)
        and ag.words[-1] != SUBJECT_END
    )


def acronyms(raw: str, norm: str) -> list[str]:
    """The upper-case words of 3-6 letters in a text as printed that normalization left as
    they were (the rewrite table does not know them), lower-cased, in order."""
    words = set(norm.split())
    found = _ACRONYM.findall(unicodedata.normalize("NFKC", raw))
    return [w.lower() for w in dict.fromkeys(found) if w.lower() in words]


def spell_out(acronym: str, words: Sequence[str]) -> tuple[str, ...] | None:
    """The first run of ``words`` whose initials spell ``acronym`` (a joiner such as ``dan``
    may sit inside the run), or None."""
    for start in range(len(words)):
        run: list[str] = []
        i, k = start, 0
        while i < len(words) and k < len(acronym):
            word = words[i]
            if word[0] == acronym[k] and word != acronym:
                run.append(word)
                k += 1
            elif run and word in ACRONYM_JOINERS:
                run.append(word)
            else:
                break
            i += 1
        if k == len(acronym) and len(run) > 1:
            return tuple(run)
    return None


def read_initials(raw: str, norm: str, other: str) -> tuple[str, list[tuple[str, str]]]:
    """``norm`` with each unknown acronym of ``raw`` replaced by the words of ``other`` its
    initials spell, and the readings made ((acronym, words) pairs)."""
    words, readings = norm.split(), []
    for acronym in acronyms(raw, norm):
        run = spell_out(acronym, other.split())
        if run is not None:
            words = [x for w in words for x in (run if w == acronym else (w,))]
            readings.append((acronym, " ".join(run)))
    return " ".join(words), readings


def _by_initials(
    src_raw: str, src_norm: str, pool: Sequence[tuple[K, str, str]]
) -> list[tuple[K, float, list[tuple[str, str]]]]:
    """Rung 6: candidates that agree with the source once unknown acronyms on either side are
    read as the other text's words, with the score and the readings made."""
    out = []
    for key, text, norm in pool:
        a, read_a = read_initials(src_raw, src_norm, norm)
        b, read_b = read_initials(text, norm, src_norm)
        if not read_a + read_b:
            continue
        score = 1.0 if a == b else similarity(a, b)
        if a == b or is_prefix_pair(a, b) or score >= SUGGEST_AT:
            out.append((key, min(ACRONYM_CAP, max(SUGGEST_AT, score)), read_a + read_b))
    return out


def _quote(words: Sequence[str], limit: int = 6) -> str:
    shown = " ".join(words[:limit])
    return f"'{shown}…'" if len(words) > limit else f"'{shown}'"


def _alone(n: int) -> str:
    return "the only candidate" if n == 1 else f"fits {n} candidates: a person picks"


@dataclass(frozen=True, slots=True)
class Evidence:
    method: Method
    score: float
    status: Status
    reason: str = ""  # why, in words a reviewer reads (kept on the link)


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
    src_raw: str, src_norm: str, pool: Sequence[tuple[K, str, str]], recall: bool = True
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
            why = "one text is a cut copy of the other, the only candidate"
            return [(k, Evidence("normalized", PREFIX_SCORE, "confirmed", why)) for k, _n in prefix]
        why = f"a cut copy of {len(prefix)} candidates: the cut text cannot tell them apart"
        return [(k, Evidence("fuzzy", PREFIX_SCORE, "suggested", why)) for k, _n in prefix]
    scored = [(k, similarity(src_norm, n), n) for k, _t, n in pool]
    if not recall:  # the ladder before issue 14 (kept to measure what the new rungs add)
        best = max((s for _k, s, _n in scored), default=0.0)
        if best < SUGGEST_AT:
            return []
        return [
            (k, Evidence("fuzzy", s, "suggested")) for k, s, _n in scored if s >= best - TIE_MARGIN
        ]
    raw = {k: t for k, t, _n in pool}
    agreements = {k: with_ends(word_agreement(src_norm, n), src_raw, raw[k]) for k, _s, n in scored}
    near = [
        (k, max(s, SUGGEST_AT) if _near_identical(agreements[k]) else s)
        for k, s, _n in scored
        if s >= SUGGEST_AT or _near_identical(agreements[k])
    ]
    if near:
        best = max(s for _k, s in near)
        kept = [(k, s) for k, s in near if s >= best - TIE_MARGIN]
        out = []
        for k, s in kept:
            ag = agreements[k]
            if _near_identical(ag):
                why = f"the same text but for one inserted word '{ag.inserted}'"
            else:
                why = f"similar texts ({s:.2f})"
            out.append((k, Evidence("fuzzy", s, "suggested", f"{why}; {_alone(len(kept))}")))
        return out
    spelled = _by_initials(src_raw, src_norm, pool)
    if spelled:
        out = []
        for k, s, readings in spelled:
            read = ", ".join(f"'{a.upper()}' as '{w}'" for a, w in readings)
            why = f"the texts agree reading {read} (its initials); {_alone(len(spelled))}"
            out.append((k, Evidence("fuzzy", s, "suggested", why)))
        return out
    opening = [(k, s) for k, s, n in scored if _opening(agreements[k], src_norm, n)]
    return [
        (
            k,
            Evidence(
                "fuzzy",
                s,
                "suggested",
                f"opening words agree ({_quote(agreements[k].words)}), then the texts "
                f"diverge (prints cut texts at ~60 characters); {_alone(len(opening))}",
            ),
        )
        for k, s in opening
    ]


@dataclass(frozen=True, slots=True)
class Proposal:
    """One inferred link: ``source`` serves ``target`` (keys are the caller's, e.g. uids)."""

    source: Hashable
    target: Hashable
    method: Method
    score: float
    status: Status
    reason: str = ""


def match_groups(
    sources: Iterable[tuple[Hashable, Hashable, str]],
    targets: Iterable[tuple[Hashable, Hashable, str]],
    rewrites: Rewrites | None = None,
    exclude: Iterable[tuple[Hashable, Hashable]] = (),
    recall: bool = True,
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
        for target, ev in _rank((text or "").strip(), src_norm, pool, recall):
            out.append(Proposal(key, target, ev.method, ev.score, ev.status, ev.reason))
    return out
