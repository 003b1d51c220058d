"""Link decisions from the app: confirm, reject or add a SERVES link as the current user.

``tracker.trace.decisions`` records the decision (so it survives reloads and revisions) and re-links
the satker-year; this module adds the permission check and clears the cached answers of that
satker-year, so every page shows the new state at once.
"""

from __future__ import annotations

from typing import Any

from neo4j.exceptions import Neo4jError

from tracker.app import auth, data
from tracker.trace import decisions

DECISION_ERRORS: tuple[type[BaseException], ...] = (
    decisions.DecisionError,
    PermissionError,
    Neo4jError,
)


def decide(
    satker: str, year: int, source_uid: str, target_uid: str, action: decisions.Action
) -> dict[str, Any]:
    """Record ``action`` on the link source → target (indicator uids) by the current user and
    return the link as it now stands."""
    who = auth.require("link.decide")  # tracker.trace.decisions checks the role again
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
        )
    finally:
        data.clear(satker, year)
