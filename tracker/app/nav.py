"""The pages and their order, in one place: ``app.py`` builds the navigation from it and pages
that send the user elsewhere (Nasional → one satker, Muat → its Ringkasan) name the target by
its key here rather than by a file path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from tracker.app import auth
from tracker.app.i18n import t

PAGES_DIR = Path(__file__).resolve().parent / "pages"
ROOT = PAGES_DIR.parent.parent.parent  # the folder holding app.py


@dataclass(frozen=True)
class PageSpec:
    key: str  # module name under tracker/app/pages and URL path
    icon: str
    section: str  # i18n key of the sidebar section
    needs_data: bool  # replaced by the first-run screen while the database is empty
    requires: auth.Action = "view"  # pages a role may not use are left out of its menu

    @property
    def script(self) -> str:
        """Path relative to app.py, the form st.Page, st.switch_page and AppTest accept."""
        return (PAGES_DIR / f"{self.key}.py").relative_to(ROOT).as_posix()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("ringkasan", ":material/dashboard:", "nav.section.satker", True),
    PageSpec("keterlacakan", ":material/account_tree:", "nav.section.satker", True),
    PageSpec("kinerja", ":material/monitoring:", "nav.section.satker", True),
    PageSpec("cakupan", ":material/donut_large:", "nav.section.satker", True),
    PageSpec("graf", ":material/hub:", "nav.section.satker", True),
    PageSpec("tahunan", ":material/date_range:", "nav.section.satker", True),
    PageSpec("nasional", ":material/public:", "nav.section.all", True),
    PageSpec("tinjauan", ":material/rule:", "nav.section.all", True),
    PageSpec("muat", ":material/upload_file:", "nav.section.data", False),
    PageSpec("audit", ":material/policy:", "nav.section.data", True, "audit.run"),
)
BY_KEY = {p.key: p for p in PAGES}


HOME = "start"  # internal name of the hidden page at the root address


def _home() -> None:
    """The root address: go on to the first page, keeping the view in the URL. Streamlit
    serves its default page at ``/`` only, so a visible default page would have no address of
    its own (``/ringkasan`` answered "Page not found"); this hidden one gives every visible
    page a stable, shareable path."""
    first = next((p for p in PAGES if auth.can(p.requires)), PAGES[0])
    switch(first.key, **st.query_params.to_dict())


def navigation() -> tuple[st.Page, PageSpec]:
    """Register the pages (titles in the session's language) and return the chosen one.
    Every page is served at ``/<key>`` (``/ringkasan``, ``/nasional`` …); ``/`` leads on
    to the first page."""
    sections: dict[str, list[st.Page]] = {}
    specs: dict[str, PageSpec] = {}
    home = st.Page(_home, title=t("app.title"), url_path=HOME, default=True, visibility="hidden")
    for spec in PAGES:
        if not auth.can(spec.requires):
            continue
        page = st.Page(spec.script, title=t(f"page.{spec.key}"), icon=spec.icon, url_path=spec.key)
        sections.setdefault(t(spec.section), []).append(page)
        specs[spec.key] = spec
    sections.setdefault(t(PAGES[0].section), []).insert(0, home)
    chosen = st.navigation(sections)
    return chosen, specs.get(chosen.url_path, PAGES[0])


def switch(key: str, **params: str) -> None:
    """Go to page ``key`` carrying query parameters (satker, year) so the link is shareable."""
    st.switch_page(BY_KEY[key].script, query_params=params or None)
