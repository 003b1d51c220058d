"""The two screens shown instead of a page: the database cannot be reached, or it is empty.

Both are ordinary situations for a new installation, so they explain what to do in the
users' language (and, for the empty database, do it in one click) instead of failing.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tracker.app import auth, data
from tracker.app.i18n import t
from tracker.config import PROJECT_ROOT

SEEDS_DIR = PROJECT_ROOT / "seeds"


def unreachable(error: BaseException) -> None:
    """Say the database is unreachable, what to check, and offer a retry."""
    settings = data.settings()
    st.title(t("unreachable.title"))
    st.error(t("unreachable.body", uri=settings.display_uri, port=settings.bolt_port))
    detail = str(error).strip() or type(error).__name__
    st.caption(t("unreachable.detail", detail=detail))
    if st.button(t("unreachable.retry"), type="primary", icon=":material/refresh:"):
        st.cache_data.clear()  # the answers may be from before the outage
        st.rerun()


def seed_files(folder: Path = SEEDS_DIR) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def first_run() -> None:
    """The empty database: explain, and load every ``seeds/*.txt`` on one click."""
    files = seed_files()
    st.title(t("firstrun.title"))
    st.markdown(t("firstrun.body", count=len(files)))
    if not files:
        st.warning(t("firstrun.no_seeds"))
        return
    allowed = auth.can("document.load")
    if st.button(
        t("firstrun.button"),
        type="primary",
        icon=":material/download:",
        disabled=not allowed,
        key="firstrun.load",
    ):
        load_seeds(files)


def load_seeds(files: list[Path]) -> None:
    """Load the seed files with a progress bar; refused files are named, the rest load."""
    from tracker.app import loading

    if not auth.can("document.load"):
        st.error(t("denied"))
        return
    progress = st.progress(0.0, text=t("firstrun.loading", name=files[0].name))
    done: list[object] = []

    def advance(result: object) -> None:
        done.append(result)
        name = files[min(len(done), len(files) - 1)].name
        progress.progress(len(done) / len(files), text=t("firstrun.loading", name=name))

    try:
        summary = loading.load_files(files, on_result=advance)
    except loading.LOAD_ERRORS as exc:
        st.error(t("firstrun.failed", error=exc))
        return
    for refused in summary.refused:
        st.error(t("firstrun.failed", error=refused.message))
    loaded = summary.loaded + summary.replaced + summary.unchanged
    progress.progress(1.0, text=t("firstrun.done", count=loaded))
    if loaded and not summary.refused:
        st.rerun()
