"""Who is using the app and what they may do: the one seam access control plugs into.

Every action that changes data (a link decision, loading a document) and the Audit console
ask ``can(action)`` before they offer themselves and again before they act, and record
``current_user()``. Today the app runs in local single-user mode: the user is the account
running Streamlit and everything is allowed. Sign-in with roles (issue 8) replaces the two
functions below without touching the pages.
"""

from __future__ import annotations

import getpass
import os
from typing import Literal

Action = Literal[
    "link.decide",  # confirm, reject or add a SERVES link
    "document.load",  # load an RKA document (upload or seeds)
    "audit.run",  # run a saved audit query
    "audit.console",  # type and run ad-hoc read-only Cypher
]

ACTIONS: tuple[Action, ...] = ("link.decide", "document.load", "audit.run", "audit.console")


def mode() -> Literal["local"]:
    """How identities are established; only ``local`` exists until sign-in lands."""
    return "local"


def current_user() -> str:
    """The name recorded on decisions and audit runs: the OS account in local mode."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (some containers): fall back to the environment
        return os.environ.get("USER") or os.environ.get("USERNAME") or "local"


def can(action: Action) -> bool:
    """Whether the current user may perform ``action``; everything, in local mode."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    return True
