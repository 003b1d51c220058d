"""Link decisions from the app: confirm, reject or add a SERVES link as the current user.

``tracker.trace.decisions`` records the decision (so it survives reloads and revisions) and re-links
the satker-year; this module adds the permission check and clears the cached answers of that
satker-year, so every page shows the new state at once. A national decision (one pair of
texts, every satker-year holding it) needs ``link.decide_national`` and clears every cached
answer, as it may change any satker-year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
import streamlit as st
from neo4j.exceptions import Neo4jError
from streamlit.delta_generator import DeltaGenerator

from tracker.app import auth, data
from tracker.app.i18n import t
from tracker.trace import decisions, review

DECISION_ERRORS: tuple[type[BaseException], ...] = (
    decisions.DecisionError,
    PermissionError,
    Neo4jError,
)


def decide(
    satker: str,
    year: int,
    source_uid: str,
    target_uid: str,
    action: decisions.Action,
    scope: decisions.Scope = "local",
) -> dict[str, Any]:
    """Record ``action`` on the link source → target (indicator uids) by the current user and
    return the link as it now stands (with ``reached`` for a national decision)."""
    who = auth.require("link.decide")  # tracker.trace.decisions checks the role again
    if scope == "national":
        auth.require("link.decide_national")
    try:
        return decisions.decide(
            data.write_driver(),
            satker,
            year,
            source_uid,
            target_uid,
            action,
            user=who,
            database=data.settings().database,
            scope=scope,
        )
    finally:
        if scope == "national":
            data.clear()
            reach.clear()
        else:
            data.clear(satker, year)
        review_queue.clear()


# How each decision's button looks wherever links are decided (the trace, the review queue),
# and the status a link has once it is taken.
_BUTTONS: dict[str, tuple[str, Literal["primary", "secondary"], str]] = {
    "confirm": ("trace.confirm", "primary", ":material/check:"),
    "reject": ("trace.reject", "secondary", ":material/close:"),
}
STATUS_AFTER = {"confirm": "confirmed", "reject": "rejected"}


def decision_button(
    place: DeltaGenerator,
    action: str,
    key: str,
    on_click: Callable[..., None],
    args: tuple[Any, ...],
    allowed: bool,
) -> None:
    """The ``confirm`` or ``reject`` button of one link in ``place``; a click calls
    ``on_click(*args)``. Shown, but disabled, to someone who may not decide."""
    label, kind, icon = _BUTTONS[action]
    place.button(
        t(label),
        key=key,
        on_click=on_click,
        args=args,
        disabled=not allowed,
        type=kind,
        icon=icon,
    )


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False, max_entries=500)
def reach(satker: str, year: int, source_uid: str, target_uid: str) -> int:
    """How many satker-years a national decision on this pair would reach (the preview)."""
    keys = decisions.preview(
        data.driver(), satker, year, source_uid, target_uid, data.settings().database
    )
    return len(keys)


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False, max_entries=50)
def review_queue(year: int | None) -> pd.DataFrame:
    """The national review queue (``tracker.trace.review``) of one year, or every year."""
    return review.queue(data.driver(), year, "suggested", data.settings().database)


# The matcher writes its reasons in English (they are stored on the link, and the command line
# prints them); the app reads each "; "-separated part back in the session's language. A part
# no pattern knows is shown as it is.
_READ_AS = re.compile(r"'([^']+)' as '([^']+)'")
_REASONS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"one text is a cut copy of the other, the only candidate"),
        lambda m: t("reason.cut_one"),
    ),
    (
        re.compile(r"a cut copy of (\d+) candidates: the cut text cannot tell them apart"),
        lambda m: t("reason.cut_many", n=m[1]),
    ),
    (
        re.compile(r"the same text but for one inserted word '([^']*)'"),
        lambda m: t("reason.inserted", word=m[1]),
    ),
    (re.compile(r"similar texts \(([\d.]+)\)"), lambda m: t("reason.similar", score=_score(m[1]))),
    (
        re.compile(
            r"opening words agree \((.*?)\), then the texts diverge "
            r"\(prints cut texts at ~60 characters\)"
        ),
        lambda m: t("reason.opening", words=m[1]),
    ),
    (
        re.compile(r"the texts agree reading (.*) \(its initials\)"),
        lambda m: t(
            "reason.initials",
            read=", ".join(
                t("reason.read_as", acronym=a, words=w) for a, w in _READ_AS.findall(m[1])
            ),
        ),
    ),
    (re.compile(r"the only candidate"), lambda m: t("reason.only")),
    (re.compile(r"fits (\d+) candidates: a person picks"), lambda m: t("reason.many", n=m[1])),
    (
        re.compile(r"the RO lists no indicator; every word of its name \((.*)\) is in the IKK"),
        lambda m: t("reason.name", words=m[1]),
    ),
    (
        re.compile(
            r"precedent: confirmed in this satker's previous year \((\d+)\) and in (\d+) other "
            r"satker-years?"
        ),
        lambda m: t("reason.precedent_previous_more", year=m[1], n=m[2]),
    ),
    (
        re.compile(r"precedent: confirmed in this satker's previous year \((\d+)\)"),
        lambda m: t("reason.precedent_previous", year=m[1]),
    ),
    (
        re.compile(r"precedent: confirmed in (\d+) other satker-years? \(e\.g\. ([^)]*)\)"),
        lambda m: t("reason.precedent_others", n=m[1], example=m[2]),
    ),
)


def _score(text: str) -> str:
    return text.replace(".", ",")


def localize_reason(reason: str | None) -> str:
    """The matcher's reason for a link (``tracker.trace.matching``, ``by_name``, the linker's
    precedent) in the session's language; empty for none. Parts are read from the left, each
    up to the next ``"; "`` that ends a known phrase (a phrase may hold one of its own)."""
    if not reason or not isinstance(reason, str):
        return ""
    parts, pos = [], 0
    while pos < len(reason):
        for pattern, render in _REASONS:
            m = pattern.match(reason, pos)
            if m and (m.end() == len(reason) or reason.startswith("; ", m.end())):
                parts.append(render(m))
                pos = m.end()
                break
        else:
            end = reason.find("; ", pos)
            end = len(reason) if end < 0 else end
            parts.append(reason[pos:end])
            pos = end
        pos += 2 if reason.startswith("; ", pos) else 0
    return "; ".join(parts)
