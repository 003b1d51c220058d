"""Cakupan: where the plan does not reach its indicators — indicators nothing serves or that
only the hierarchy serves, outputs that serve no indicator — and where the money goes: budget
per indicator, and the flow Program → Kegiatan → Output → Indikator."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from tracker.app import charts, costs, data, export, selection
from tracker.app.flows import money_flows
from tracker.app.fmt import rupiah
from tracker.app.i18n import t
from tracker.app.network import COVERAGE_COLOURS, LEVEL_COLOURS

LEVEL_NAMES = {"program": "IKP", "kegiatan": "IKK", "output": "IO"}
REASONS = {
    "no indicator of its own": "cakupan.reason.none",
    "its indicators match no IKK of its kegiatan": "cakupan.reason.nomatch",
}


def indicator_name(row: dict) -> str:
    level = LEVEL_NAMES.get(row["level"], row["level"])
    if row["level"] == "program":
        return f"{level} {row['owner']} {row['code']}"
    return f"{level} {row['owner']} {row['code']}#{row['seq']}"


def _indicator_table(df: pd.DataFrame, stem: str, key: str) -> None:
    if df.empty:
        st.success(t("cakupan.all_covered"))
        return
    raw = df[["level", "owner", "code", "seq", "text", "status", "uid"]]
    shown = pd.DataFrame(
        {
            t("col.indicator"): [indicator_name(r) for r in raw.to_dict("records")],
            t("col.text"): raw["text"],
            t("col.status"): [t(f"coverage.{s}") for s in raw["status"]],
        }
    )
    export.table(raw, stem, key, display=shown)


def _unserving(satker: str, year: int, stem: str) -> None:
    st.subheader(t("cakupan.unserving"))
    raw = data.unserving_table(satker, year)
    if raw.empty:
        st.success(t("cakupan.all_covered"))
        return
    shown = pd.DataFrame(
        {
            t("col.output"): raw["output"],
            t("col.name"): raw["name"],
            t("col.kegiatan"): raw["kegiatan"],
            t("col.jumlah"): [rupiah(v) for v in raw["jumlah"]],
            t("col.reason"): [t(REASONS[r]) if r in REASONS else r for r in raw["reason"]],
        }
    )
    export.table(raw, f"{stem}_output_tanpa_indikator", "cakupan.unserving", display=shown)


def _level(label: str, key: str, place: DeltaGenerator | None = None) -> str:
    """Program or kegiatan indicators (IKP or IKK): the choice the budget and the flow
    views both offer, in ``place`` (else the page)."""
    control = st.segmented_control if place is None else place.segmented_control
    choice = control(
        label,
        ["program", "kegiatan"],
        default="program",
        format_func=lambda lv: LEVEL_NAMES[lv],
        key=key,
    )
    return choice or "program"


def _budget(satker: str, year: int, stem: str) -> None:
    st.subheader(t("cakupan.budget"))
    left, right = st.columns(2)
    level = _level(t("col.level"), "cakupan.level", left)
    split = right.toggle(t("cakupan.split"), key="cakupan.split", help=t("cakupan.split_help"))
    table = data.budget_table(satker, year)
    raw = table[table["level"] == level]
    if raw.empty:
        st.caption(t("table.empty"))
        return
    column = "jumlah_split" if split else "jumlah"
    chart = pd.DataFrame(
        {
            "indikator": [indicator_name(r) for r in raw.to_dict("records")],
            "jumlah": raw[column].tolist(),
            "status": [t(f"coverage.{s}") for s in raw["status"]],
            "uraian": raw["text"].tolist(),
        }
    )
    bars = pd.DataFrame(
        {
            "indikator": chart["indikator"],
            "uraian": chart["uraian"],
            "status": raw["status"].tolist(),
            "jumlah": chart["jumlah"],
        }
    )
    st.altair_chart(
        charts.stacked_bars(bars, "indikator", "uraian"),
        width="stretch",
        key="cakupan.budget.chart",
    )
    shown = pd.DataFrame(
        {
            t("col.indicator"): chart["indikator"],
            t("col.text"): raw["text"].tolist(),
            t("col.status"): chart["status"],
            t("col.outputs"): raw["outputs"].tolist(),
            t("col.jumlah"): [rupiah(v) for v in raw["jumlah"]],
            t("cakupan.split_col"): [rupiah(v) for v in raw["jumlah_split"]],
        }
    )
    export.table(raw, f"{stem}_anggaran_{LEVEL_NAMES[level]}", "cakupan.budget", display=shown)


def _sankey(satker: str, year: int, stem: str) -> None:
    st.subheader(t("cakupan.sankey"))
    level = _level(t("col.indicator"), "cakupan.sankey.level")
    flows = money_flows(data.facts(satker, year), level, t("cakupan.sankey_unlinked"))
    if not flows.value:
        st.caption(t("table.empty"))
        return
    kind_colour = {
        "program": LEVEL_COLOURS["Program"],
        "kegiatan": LEVEL_COLOURS["Kegiatan"],
        "output": LEVEL_COLOURS["Output"],
        "indicator": COVERAGE_COLOURS["covered"],
        "none": COVERAGE_COLOURS["uncovered"],
    }
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix="",
            node={
                "label": flows.labels,
                "color": [kind_colour[k] for k in flows.kinds],
                "pad": 12,
                "thickness": 14,
            },
            link={
                "source": flows.source,
                "target": flows.target,
                "value": flows.value,
                "customdata": [rupiah(v) for v in flows.value],
                "hovertemplate": (
                    "%{source.label} → %{target.label}<br>%{customdata}<extra></extra>"
                ),
            },
        )
    )
    fig.update_layout(
        height=max(450, 16 * len(flows.labels)),
        separators=",.",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    st.plotly_chart(fig, width="stretch", key="cakupan.sankey.chart")
    raw = pd.DataFrame(
        {
            "from": [flows.labels[i] for i in flows.source],
            "to": [flows.labels[i] for i in flows.target],
            "jumlah": [round(v, 2) for v in flows.value],
        }
    )
    shown = pd.DataFrame(
        {
            t("col.from"): raw["from"],
            t("col.to"): raw["to"],
            t("col.jumlah"): [rupiah(v) for v in raw["jumlah"]],
        }
    )
    with st.expander(t("cakupan.sankey_table")):
        export.table(raw, f"{stem}_aliran_dana", "cakupan.sankey", display=shown)


def render() -> None:
    sel = selection.satker_page(t("cakupan.title"))
    if sel is None:
        return
    satker, year = sel.satker, sel.year
    stem = export.file_stem("cakupan", satker, year)
    # Without a Bagian A there is no indicator: "all covered" would be false comfort, so only
    # the ROs (serving nothing yet) and their money are shown.
    if sel.bagian_a:
        cov = data.coverage_table(satker, year)
        ranked = cov[cov["level"] != "output"]
        left, right = st.columns(2)
        for place, status, file in (
            (left, "uncovered", "tidak_tercakup"),
            (right, "structural", "struktural"),
        ):
            with place:
                st.subheader(t(f"cakupan.{status}"))
                shown = ranked[ranked["status"] == status]
                _indicator_table(shown, f"{stem}_{file}", f"cakupan.{status}")
    _unserving(satker, year, stem)
    if sel.bagian_a:
        _budget(satker, year, stem)
    costs.show_cakupan(satker, year, stem, indicator_name)
    _sankey(satker, year, stem)


if __name__ == "__main__":
    render()
