"""Link decisions from the app: confirm, reject or add a SERVES link as the current user.

``tracker.trace.decisions`` records the decision (so it survives reloads and revisions) and re-links
the satker-year; this module adds the permission check and clears the cached answers of that
satker-year, so every page shows the new state at once. A national decision (one pair of
texts, every satker-year holding it) needs ``link.decide_national`` and clears every cached
answer, as it may change any satker-year.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from neo4j.exceptions import Neo4jError

from tracker.app import auth, data
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
