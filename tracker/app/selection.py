"""What surrounds every page: the sidebar (language, year, satker, who is working) and the
chosen satker-year, kept in the URL so a copied link reproduces the view.

The choice has one form, :class:`Selection`, and one name per part (``satker``, ``year``),
the same in the URL and in session state. Widgets keep it in session state (it survives page
switches, which clear the URL's query string), and every run writes it back to
``st.query_params`` (so the address bar always names the view). A fresh session (a pasted
link, a reload) starts from the query string. The sidebar's answer for this run is kept under
``SELECTION_KEY`` for the page to read (:func:`current`, :func:`need_satker`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from tracker.app import auth, data, tree
from tracker.app.i18n import LANGUAGES, STATE_KEY, t

YEAR_KEY = "year"  # the year picker's session key and the URL parameter
SATKER_KEY = "satker"  # likewise for the satker
SELECTION_KEY = "_selection"


@dataclass(frozen=True)
class Selection:
    """The satker-year chosen in the sidebar; either part may be missing (an empty database,
    a year without satkers)."""

    satker: str | None
    year: int | None
    satker_name: str = ""
    bagian_a: bool = True
    """False while the satker-year has only its kertas kerja workbook: its plan is the
    workbook's bare one (ROs serving no indicator), and every page says so."""

    @property
    def complete(self) -> bool:
        return self.satker is not None and self.year is not None

    @property
    def caption(self) -> str:
        text = f"{self.satker_name} ({self.satker}) — TA {self.year}"
        return text if self.bagian_a else f"{text} · {t('select.workbook_only')}"


def _query_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


def _init(key: str, options: list, from_url: object) -> None:
    """Give a picker its starting value before it is drawn: the session's choice if still
    valid, else the URL's, else the first option."""
    current = st.session_state.get(key)
    if current in options:
        return
    st.session_state[key] = from_url if from_url in options else (options[0] if options else None)


def language_picker() -> None:
    """The language switch, under the app's name (language first: every label depends on it)."""
    if st.session_state.get(STATE_KEY) not in LANGUAGES:  # new session, or a deselected switch
        url_lang = _query_param("lang")
        st.session_state[STATE_KEY] = url_lang if url_lang in LANGUAGES else "id"
    st.sidebar.markdown(f"**{t('app.title')}**  \n{t('app.subtitle')}")
    st.sidebar.segmented_control(
        t("sidebar.language"),
        options=list(LANGUAGES),
        format_func=lambda code: LANGUAGES[code],
        key=STATE_KEY,
        label_visibility="collapsed",
    )


def selection_picker() -> Selection:
    """Year and satker pickers; returns the choice and mirrors it into the URL."""
    years = data.years()
    url_year = _query_param(YEAR_KEY)
    _init(YEAR_KEY, years, int(url_year) if url_year and url_year.isdigit() else None)
    year = st.sidebar.selectbox(t("sidebar.year"), years, key=YEAR_KEY)

    satker, name, bagian_a = None, "", True
    if year is not None:
        table = data.satkers(year)
        codes = [] if table.empty else table["satker"].tolist()
        names = {} if table.empty else dict(zip(table["satker"], table["name"], strict=True))
        bare = set() if table.empty else set(table.loc[~table["bagian_a"], "satker"])
        _init(SATKER_KEY, codes, _query_param(SATKER_KEY))
        satker = st.sidebar.selectbox(
            t("sidebar.satker"),
            codes,
            key=SATKER_KEY,
            format_func=lambda code: option_label(code, names.get(code), code in bare),
            placeholder=t("sidebar.no_satker"),
        )
        name = names.get(satker) or "" if satker else ""
        bagian_a = satker not in bare
        if not bagian_a:
            st.sidebar.caption(f":material/info: {t('select.workbook_only_help')}")
    remember(satker, year)
    return Selection(satker=satker, year=year, satker_name=name, bagian_a=bagian_a)


def option_label(code: str, name: str | None, workbook_only: bool) -> str:
    """A satker as the picker lists it; one whose Bagian A is not loaded yet is marked, so no
    one reads its indicator-less plan as a plan that serves nothing."""
    label = f"{code} — {name or ''}"
    return f"{label} ({t('select.workbook_only')})" if workbook_only else label


def remember(satker: str | None, year: int | None) -> None:
    """Write the view into the query string (only what changed, to avoid needless updates)."""
    wanted = {YEAR_KEY: str(year) if year is not None else None, SATKER_KEY: satker}
    if st.session_state.get(STATE_KEY, "id") != "id":
        wanted["lang"] = st.session_state[STATE_KEY]
    else:
        wanted["lang"] = None
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def choose(satker: str, year: int) -> None:
    """Make (satker, year) the selection. For button callbacks: they run before the pickers
    are drawn, the only moment a widget's value may be set."""
    st.session_state[YEAR_KEY] = year
    st.session_state[SATKER_KEY] = satker


def user_box() -> None:
    """Who is working and under which mode: decisions are recorded under this name."""
    with st.sidebar.container(border=True):
        if auth.mode() == "local":
            st.markdown(f":material/person: **{t('sidebar.mode_local')}**")
            st.caption(t("sidebar.user", user=auth.current_user()))
            st.caption(t("sidebar.mode_help"))
        else:
            auth.account()
        st.caption(t("sidebar.database", uri=data.settings().display_uri))


def current() -> Selection:
    """The selection made by the sidebar in this run (pages call this)."""
    sel = st.session_state.get(SELECTION_KEY)
    return sel if isinstance(sel, Selection) else Selection(None, None)


def store(sel: Selection) -> None:
    st.session_state[SELECTION_KEY] = sel


def workbook_only_note(sel: Selection) -> None:
    """Say, on a page about a satker-year whose Bagian A is not loaded yet, that its plan is
    the workbook's: no indicator, no link, nothing covered, until the Bagian A arrives."""
    if sel.complete and not sel.bagian_a:
        st.warning(
            f"**{t('select.workbook_only')}**. {t('select.workbook_only_help')}",
            icon=":material/info:",
        )


def need_satker() -> Selection | None:
    """The selection if it names a satker-year (pages then need not re-check it); otherwise
    say how to choose one."""
    sel = current()
    if not sel.complete:
        st.info(t("select.prompt"))
        return None
    return sel


def satker_page(title: str, intro: str = "", note: bool = True) -> Selection | None:
    """The head of a page about one satker-year: its title, the satker-year (then ``intro``)
    under it and, with ``note``, :func:`workbook_only_note`. ``None`` (the prompt to choose
    shown) while no satker-year is chosen."""
    sel = need_satker()
    if sel is None:
        return None
    st.title(title)
    st.caption(f"{sel.caption}. {intro}" if intro else sel.caption)
    if note:
        workbook_only_note(sel)
    return sel


@dataclass(frozen=True)
class PlanPage:
    sel: Selection
    nodes: pd.DataFrame  # the plan in document order (tree.ordered)
    status: dict[str, str]  # coverage status by indicator uid


def plan_page(title: str, intro: str = "", note: bool = True) -> PlanPage | None:
    """The head of a page drawn from the plan itself (Keterlacakan, Graf): :func:`satker_page`,
    then the plan in document order and each indicator's coverage status. ``None`` (the
    reason shown) while no satker-year is chosen or its plan is empty."""
    sel = satker_page(title, intro, note)
    if sel is None:
        return None
    nodes = tree.ordered(data.plan_nodes(sel.satker, sel.year))
    if nodes.empty:
        st.info(t("select.prompt"))
        return None
    return PlanPage(sel, nodes, data.coverage_status(sel.satker, sel.year))
