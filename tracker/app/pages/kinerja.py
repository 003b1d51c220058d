"""Kinerja: what happened to the plan of one satker-year, month by month: the cumulative
realisation against the withdrawal plan (RPD), each output's capaian and status, the
measures and the partial IKPA score with its band, and the indicators whose outputs are
behind. The formulas are tracker.measure.measures and tracker.measure.ikpa."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tracker.app import data, export, nav, selection
from tracker.app.fmt import compact_rupiah, number, rupiah
from tracker.app.i18n import t
from tracker.measure.report import Kinerja

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
STATUS_ICONS = {"tercapai": "🟢", "sesuai": "🔵", "tertinggal": "🔴", "tanpa_target": "⚪"}
BAND_COLOURS = {
    "Sangat Baik": "green",
    "Baik": "blue",
    "Cukup": "orange",
    "Kurang": "red",
    "Sangat Kurang": "red",
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{number(value, 2)}%"


def _score_card(k: Kinerja) -> None:
    cols = st.columns(5)
    cols[0].metric(t("kinerja.penyerapan"), _pct(k.penyerapan), help=t("kinerja.penyerapan_help"))
    cols[1].metric(t("kinerja.deviasi"), _pct(k.deviasi), help=t("kinerja.deviasi_help"))
    cols[2].metric(t("kinerja.capaian"), _pct(k.capaian_output), help=t("kinerja.capaian_help"))
    eff = "–" if k.efisiensi_score is None else number(k.efisiensi_score, 1)
    cols[3].metric(
        t("kinerja.efisiensi"),
        eff,
        delta=None if k.efisiensi is None else f"E {number(k.efisiensi, 1)}%",
        delta_color="off",
        help=t("kinerja.efisiensi_help"),
    )
    score = "–" if k.ikpa.score is None else number(k.ikpa.score, 2)
    cols[4].metric(t("kinerja.ikpa"), score, help=t("kinerja.ikpa_help"))
    if k.band:
        colour = BAND_COLOURS.get(k.band, "gray")
        st.markdown(
            f"**{t('kinerja.band')}:** :{colour}-badge[{k.band}] · "
            + t("kinerja.partial", share=number(k.ikpa.share, 0))
        )
    else:
        st.caption(t("kinerja.no_score"))


def _curve(k: Kinerja) -> None:
    st.subheader(t("kinerja.curve"))
    curve = pd.DataFrame(k.curve)
    months = [MONTHS[b - 1] for b in curve["bulan"]]
    real = curve["realisasi"].where(curve["bulan"] <= k.bulan)
    fig = go.Figure()
    fig.add_scatter(
        x=months,
        y=curve["rpd"],
        name=t("kinerja.rpd"),
        mode="lines+markers",
        line={"dash": "dash", "color": "#8c8c8c"},
        hovertext=[rupiah(v) for v in curve["rpd"]],
        hoverinfo="text+name",
    )
    fig.add_scatter(
        x=months,
        y=real,
        name=t("kinerja.realisasi"),
        mode="lines+markers",
        line={"color": "#1f77b4"},
        hovertext=[rupiah(v) for v in curve["realisasi"]],
        hoverinfo="text+name",
    )
    fig.add_scatter(
        x=months,
        y=[k.pagu] * 12,
        name=t("kinerja.pagu"),
        mode="lines",
        line={"color": "#d62728", "width": 1},
        hoverinfo="skip",
    )
    fig.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        yaxis={"title": "Rp", "tickformat": ",.0f"},
        separators=",.",
    )
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key="kinerja.curve")


def _outputs(k: Kinerja, stem: str) -> None:
    st.subheader(t("kinerja.outputs"))
    raw = pd.DataFrame(k.outputs)
    shown = pd.DataFrame(
        {
            t("col.output"): raw["code"],
            t("col.name"): raw["name"],
            t("kinerja.pagu"): [rupiah(v) for v in raw["pagu"]],
            t("kinerja.realisasi"): [rupiah(v) for v in raw["realisasi"]],
            t("kinerja.penyerapan"): [_pct(v) for v in raw["penyerapan"]],
            t("kinerja.target"): [
                f"{number(v, 2)} {u}".strip()
                for v, u in zip(raw["target"], raw["unit"], strict=True)
            ],
            t("kinerja.volume"): [number(v, 2) for v in raw["volume"]],
            t("kinerja.capaian"): [_pct(v) for v in raw["capaian"]],
            t("col.status"): [
                f"{STATUS_ICONS.get(s, '')} {t(f'kinerja.status.{s}')}" for s in raw["status"]
            ],
        }
    )
    export.table(raw, f"{stem}_output", "kinerja.outputs", display=shown)
    over = raw[raw["above_pagu"]]
    for row in over.to_dict("records"):
        st.warning(
            t(
                "kinerja.above_pagu",
                code=row["code"],
                real=rupiah(row["realisasi"]),
                pagu=rupiah(row["pagu"]),
            )
        )


def _indicators(satker: str, year: int, bulan: int, stem: str) -> None:
    st.subheader(t("kinerja.indicators"))
    threshold = st.slider(t("kinerja.threshold"), 0, 100, 50, 5, key="kinerja.threshold")
    raw = data.kinerja_indicators(satker, year, bulan, float(threshold))
    if raw.empty:
        st.caption(t("table.empty"))
        return
    names = {"program": "IKP", "kegiatan": "IKK"}
    shown = pd.DataFrame(
        {
            t("col.indicator"): [
                f"{names[r['level']]} {r['owner']} {r['code']}" for r in raw.to_dict("records")
            ],
            t("col.text"): raw["text"],
            t("kinerja.outputs_behind"): [", ".join(o) for o in raw["outputs"]],
            t("kinerja.pagu"): [rupiah(v) for v in raw["pagu"]],
            t("kinerja.rpd"): [rupiah(v) for v in raw["rpd"]],
            t("kinerja.realisasi"): [rupiah(v) for v in raw["realisasi"]],
            t("kinerja.penyerapan"): [_pct(v) for v in raw["penyerapan"]],
            t("kinerja.capaian"): [_pct(v) for v in raw["capaian"]],
            t("kinerja.at_risk"): ["⚠️" if v else "" for v in raw["at_risk"]],
        }
    )
    at_risk = int(raw["at_risk"].sum())
    st.caption(t("kinerja.at_risk_count", n=at_risk, threshold=threshold))
    export.table(raw, f"{stem}_indikator", "kinerja.indicators", display=shown)


def _years(satker: str, stem: str) -> None:
    raw = data.kinerja_years(satker)
    if len(raw) < 2:
        return
    with st.expander(t("kinerja.years")):
        shown = pd.DataFrame(
            {
                t("sidebar.year"): raw["year"],
                t("kinerja.bulan"): [MONTHS[b - 1] if b else "–" for b in raw["bulan"]],
                t("kinerja.pagu"): [rupiah(v) for v in raw["pagu"]],
                t("kinerja.penyerapan"): [_pct(v) for v in raw["penyerapan"]],
                t("kinerja.deviasi"): [_pct(v) for v in raw["deviasi"]],
                t("kinerja.capaian"): [_pct(v) for v in raw["capaian_output"]],
                t("kinerja.ikpa"): ["–" if pd.isna(v) else number(v, 2) for v in raw["ikpa"]],
                t("kinerja.band"): raw["band"].fillna("–"),
            }
        )
        export.table(raw, f"{stem}_antar_tahun", "kinerja.years", display=shown, static=True)


def render() -> None:
    sel = selection.satker_page(t("kinerja.title"), note=False)
    if sel is None:
        return
    satker, year = sel.satker, sel.year
    latest = data.kinerja(satker, year)
    if latest is None:
        st.info(t("select.prompt"))
        return
    if latest.bulan == 0:
        st.info(t("kinerja.empty"))
        if st.button(t("kinerja.go_muat"), icon=":material/upload_file:"):
            nav.switch("muat")
        return
    bulan = st.select_slider(
        t("kinerja.bulan"),
        options=list(range(1, 13)),
        value=latest.bulan,
        format_func=lambda b: MONTHS[b - 1],
        key="kinerja.bulan",
    )
    k = latest if bulan == latest.bulan else data.kinerja(satker, year, bulan)
    assert k is not None
    st.caption(
        t(
            "kinerja.summary",
            bulan=MONTHS[k.bulan - 1],
            real=compact_rupiah(k.realisasi),
            pagu=compact_rupiah(k.pagu),
        )
    )
    stem = export.file_stem("kinerja", satker, year, f"b{k.bulan}")
    _score_card(k)
    _curve(k)
    _outputs(k, stem)
    _indicators(satker, year, k.bulan, stem)
    _years(satker, export.file_stem("kinerja", satker))


if __name__ == "__main__":
    render()
