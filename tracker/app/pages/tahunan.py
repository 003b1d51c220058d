"""Antar tahun: one satker's years side by side (budget, coverage, links, and performance once
a reader for it is registered in ``tracker.app.yearly``), per year and per IKP code, with the
change from each year to the next."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from tracker.app import data, export, selection, yearly
from tracker.app.fmt import compact_rupiah, number, percent, rupiah
from tracker.app.i18n import t


def _signed(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    amount = int(value)
    return ("+" if amount > 0 else "") + rupiah(amount)


def _years(satker: str, table: pd.DataFrame) -> None:
    st.subheader(t("tahunan.years"))
    change = yearly.changes(table)
    shown = pd.DataFrame(
        {
            t("tahunan.year"): table["year"],
            t("col.jumlah"): [rupiah(v) for v in table["jumlah"]],
            t("tahunan.change"): [_signed(v) for v in change["jumlah_change"]],
            t("nasional.stated"): [
                "" if s is None or pd.isna(s) or int(s) == int(j) else f"⚠ {rupiah(int(s))}"
                for j, s in zip(table["jumlah"], table["stated_jumlah"], strict=True)
            ],
            t("tahunan.served"): [percent(v) for v in table["served_share"]],
            t("nasional.linked_rp"): [rupiah(v) for v in table["jumlah_linked"]],
            t("nasional.linked_rp_share"): [percent(v) for v in table["jumlah_linked_share"]],
            t("status.confirmed"): table["confirmed"],
            t("status.suggested"): table["suggested"],
            t("status.rejected"): table["rejected"],
            "IKP": table["ikp"],
            "IKK": table["ikk"],
            t("level.Output"): table["outputs"],
        }
    )
    if table["performance"].notna().any():
        shown[t("tahunan.performance")] = [
            number(v, 1) if pd.notna(v) else "–" for v in table["performance"]
        ]
    export.table(table, export.file_stem("antar_tahun", satker), "tahunan.years", display=shown)
    long = table.melt(
        id_vars=["year"], value_vars=["jumlah", "jumlah_linked"], var_name="what", value_name="rp"
    )
    long["what"] = [t(f"tahunan.series.{w}") for w in long["what"]]
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t("tahunan.year")),
            xOffset="what:N",
            y=alt.Y("rp:Q", title=t("col.jumlah")),
            color=alt.Color("what:N", title=None),
            tooltip=[
                alt.Tooltip("year:O"),
                alt.Tooltip("what:N"),
                alt.Tooltip("rp:Q", format=",d"),
            ],
        )
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch", key="tahunan.chart")


def _ikp(satker: str, years: list[int]) -> None:
    st.subheader(t("tahunan.ikp"))
    wide = yearly.ikp_by_year({y: data.coverage_table(satker, y) for y in years})
    if wide.empty:
        st.caption(t("table.empty"))
        return
    shown = pd.DataFrame(
        {
            t("col.program"): wide["program"],
            t("col.code"): wide["code"],
            t("col.text"): wide["text"],
        }
    )
    for y in years:
        if f"jumlah_{y}" in wide:
            shown[str(y)] = [
                "" if pd.isna(v) else f"{compact_rupiah(v)} · {t('coverage.' + str(s))}"
                for v, s in zip(wide[f"jumlah_{y}"], wide[f"status_{y}"], strict=True)
            ]
    if "change" in wide:
        shown[t("tahunan.change")] = [_signed(v) for v in wide["change"]]
    export.table(wide, export.file_stem("antar_tahun_ikp", satker), "tahunan.ikp", display=shown)


def render() -> None:
    sel = selection.satker_page(t("tahunan.title"), t("tahunan.intro"))
    if sel is None:
        return
    satker = sel.satker
    per_year = data.satker_years(satker)
    if per_year.empty:
        st.info(t("select.prompt"))
        return
    years = [int(y) for y in per_year["year"]]
    table = yearly.years_table(
        satker, per_year, {y: data.coverage_summary(satker, y) for y in years}
    )
    cols = st.columns(3)
    cols[0].metric(t("tahunan.count"), number(len(years)), help=", ".join(map(str, years)))
    last = table.iloc[-1]
    cols[1].metric(
        t("tahunan.latest", year=int(last["year"])),
        compact_rupiah(last["jumlah"]),
        _signed(yearly.changes(table).iloc[-1]["jumlah_change"]) if len(table) > 1 else None,
        help=rupiah(last["jumlah"]),
    )
    cols[2].metric(t("tahunan.served"), percent(float(last["served_share"])))
    _years(satker, table)
    _ikp(satker, years)


if __name__ == "__main__":
    render()
