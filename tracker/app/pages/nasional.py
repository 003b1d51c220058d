"""Nasional: every satker of a year side by side (budget and coverage), the roll-up of budget
per IKP code across satkers, and a way into any one satker."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.app import charts, data, export, kinerja_views, nav, selection
from tracker.app.fmt import compact_rupiah, number, percent, rupiah
from tracker.app.i18n import t

OPEN_KEY = "nasional.open"


def _open(year: int) -> None:
    """Button callback: make the chosen satker the selection before the pickers are drawn."""
    satker = st.session_state.get(OPEN_KEY)
    if satker:
        selection.choose(satker, year)


def _statuses(raw: pd.DataFrame) -> dict[str, pd.Series]:
    """The count per coverage status, one column each, as both national tables show it."""
    return {t(f"coverage.{s}"): raw[s] for s in data.STATUSES}


def stated_flag(computed: object, stated: object) -> str:
    """Blank where the document's stated Jumlah agrees with its outputs' sum, else the
    stated figure marked: the table ranks satkers by the computed sum."""
    if stated is None or pd.isna(stated) or int(stated) == int(computed or 0):
        return ""
    return f"⚠ {rupiah(int(stated))}"


def workbook_only(year: int) -> set[str]:
    """The satkers of the year with only a kertas kerja workbook loaded: listed (their ROs'
    money is the year's), marked, and left out of the mean coverage (they plan no indicator
    yet, which is not a coverage of 0 %)."""
    listed = data.satkers(year)
    return set() if listed.empty else set(listed.loc[~listed["bagian_a"], "satker"])


def _satkers(year: int, table: pd.DataFrame) -> None:
    st.subheader(t("nasional.table"))
    bare = workbook_only(year)
    query = st.text_input(t("nasional.filter"), key="nasional.filter")
    raw = table
    if query:
        needle = query.strip().lower()
        mask = (
            raw["satker"].str.lower().str.contains(needle, regex=False)
            | raw["name"].fillna("").str.lower().str.contains(needle, regex=False)
            | raw["province"].fillna("").str.lower().str.contains(needle, regex=False)
        )
        raw = raw[mask]
    shown = pd.DataFrame(
        {
            t("col.satker"): raw["satker"],
            t("col.satker_name"): [
                f"{n or ''} ({t('select.workbook_only')})" if c in bare else n
                for c, n in zip(raw["satker"], raw["name"], strict=True)
            ],
            t("col.province"): raw["province"],
            t("col.jumlah"): [rupiah(v) for v in raw["jumlah"]],
            t("nasional.stated"): [
                stated_flag(c, s) for c, s in zip(raw["jumlah"], raw["stated_jumlah"], strict=True)
            ],
            t("col.indicators"): raw["indicators"],
            **_statuses(raw),
            t("nasional.linked_share"): [percent(v) for v in raw["linked_share"]],
            t("nasional.linked_rp"): [rupiah(v) for v in raw["jumlah_linked"]],
            t("nasional.linked_rp_share"): [percent(v) for v in raw["jumlah_linked_share"]],
        }
    )
    export.table(
        raw, export.file_stem("nasional", year), "nasional.satkers", display=shown, height=420
    )

    codes = raw["satker"].tolist()
    names = dict(zip(raw["satker"], raw["name"], strict=True))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    if st.session_state.get(OPEN_KEY) not in codes:
        st.session_state[OPEN_KEY] = codes[0] if codes else None
    chosen = left.selectbox(
        t("nasional.open"),
        codes,
        format_func=lambda c: selection.option_label(c, names.get(c), c in bare),
        key=OPEN_KEY,
    )
    if (
        right.button(
            t("nasional.open_button"),
            key="nasional.go",
            on_click=_open,
            args=(year,),
            disabled=chosen is None,
            type="primary",
            icon=":material/arrow_forward:",
        )
        and chosen
    ):
        nav.switch("ringkasan", satker=chosen, year=str(year))


def _rollup(year: int) -> None:
    st.subheader(t("nasional.rollup"))
    raw = data.national_rollup(year)
    if raw.empty:
        st.caption(t("table.empty"))
        return
    chart = raw.assign(ikp=[f"{p} {c}" for p, c in zip(raw["program"], raw["code"], strict=True)])
    long = chart[["ikp", "text", "jumlah_covered", "jumlah_suggested", "jumlah_structural"]].melt(
        id_vars=["ikp", "text"],
        value_vars=["jumlah_covered", "jumlah_suggested", "jumlah_structural"],
        var_name="status",
        value_name="jumlah",
    )
    long["status"] = long["status"].str.removeprefix("jumlah_")
    st.altair_chart(
        charts.stacked_bars(long, "ikp", "text"), width="stretch", key="nasional.rollup.chart"
    )
    shown = pd.DataFrame(
        {
            t("col.program"): raw["program"],
            t("col.code"): raw["code"],
            t("col.text"): raw["text"],
            t("col.satkers"): raw["satkers"],
            **_statuses(raw),
            t("col.jumlah"): [rupiah(v) for v in raw["jumlah"]],
        }
    )
    export.table(raw, export.file_stem("nasional_ikp", year), "nasional.rollup", display=shown)


def _by_year() -> None:
    """Every loaded year: the outputs' Jumlah and the part serving an IKK through a link."""
    st.subheader(t("nasional.by_year"))
    raw = data.national_by_year()
    if raw.empty:
        st.caption(t("table.empty"))
        return
    parts = raw.assign(jumlah_unlinked=raw["jumlah"] - raw["jumlah_linked"])
    long = parts[["year", "jumlah_linked", "jumlah_unlinked"]].melt(
        id_vars=["year"],
        value_vars=["jumlah_linked", "jumlah_unlinked"],
        var_name="status",
        value_name="jumlah",
    )
    long["status"] = long["status"].map(
        {"jumlah_linked": "covered", "jumlah_unlinked": "structural"}
    )
    long["year"] = long["year"].astype(str)
    st.altair_chart(
        charts.stacked_bars(long.assign(text=long["year"]), "year", "text"),
        width="stretch",
        key="nasional.by_year.chart",
    )


def render() -> None:
    year = selection.current().year
    if year is None:
        st.info(t("select.prompt"))
        return
    st.title(t("nasional.title"))
    st.caption(t("nasional.intro", year=year))
    table = data.national_satkers(year)
    cols = st.columns(3)
    cols[0].metric(t("nasional.satkers"), number(len(table)))
    total = int(table["jumlah"].sum())
    cols[1].metric(t("nasional.total"), compact_rupiah(total), help=rupiah(total))
    ranked = table[~table["satker"].isin(workbook_only(year))]
    cols[2].metric(
        t("nasional.mean_cov"),
        percent(float(ranked["linked_share"].mean())) if len(ranked) else "–",
    )
    _satkers(year, table)
    # Lazy tabs: the chart by year reads every loaded year, so it runs only when opened and
    # the first visit costs what the year's own tables cost.
    tab_rollup, tab_years = st.tabs(
        [t("nasional.rollup"), t("nasional.by_year")], key="nasional.tab", on_change="rerun"
    )
    if tab_rollup.open:
        with tab_rollup:
            _rollup(year)
    if tab_years.open:
        with tab_years:
            _by_year()
    kinerja_views.national_ranking(year)


if __name__ == "__main__":
    render()
