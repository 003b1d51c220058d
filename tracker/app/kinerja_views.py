"""The pieces of the Kinerja feature other pages show: penyerapan and capaian beside each
output's jumlah (Keterlacakan), the national ranking by the partial IKPA score (Nasional),
and realisation upload with the template download (Muat). Kept here so those pages each
gain one call, and the Kinerja page (pages/kinerja.py) and these share the same data."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from tracker.app import auth, data, export, selection
from tracker.app.fmt import number, rupiah
from tracker.app.i18n import t
from tracker.app.realisasi_upload import LOAD_ERRORS, load_upload, template_bytes

BANDS = ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang")


def _pct(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{number(value, 1)}%"


def output_columns(satker: str, year: int, codes: Iterable[str]) -> dict[str, list[str]]:
    """Penyerapan and capaian of each output code, as two display columns; empty when the
    satker-year has no realisation on record (the trace page then shows what it always did)."""
    k = data.kinerja(satker, year)
    if k is None or k.bulan == 0:
        return {}
    by_code = {o["code"]: o for o in k.outputs}
    codes = list(codes)
    return {
        t("kinerja.penyerapan"): [_pct(by_code.get(c, {}).get("penyerapan")) for c in codes],
        t("kinerja.capaian"): [_pct(by_code.get(c, {}).get("capaian")) for c in codes],
    }


def national_ranking(year: int) -> None:
    """Satkers ranked by the partial IKPA score, filterable by name and band, exportable."""
    st.subheader(t("kinerja.ranking"))
    table = data.kinerja_national(year)
    if table.empty or table["bulan"].max() == 0:
        st.caption(t("kinerja.ranking_empty"))
        return
    left, right = st.columns([2, 3])
    needle = left.text_input(t("nasional.filter"), key="kinerja.ranking.filter")
    bands = right.multiselect(t("kinerja.band"), BANDS, key="kinerja.ranking.bands")
    raw = table
    if needle:
        low = needle.strip().lower()
        raw = raw[
            raw["satker"].str.lower().str.contains(low, regex=False)
            | raw["name"].fillna("").str.lower().str.contains(low, regex=False)
        ]
    if bands:
        raw = raw[raw["band"].isin(bands)]
    shown = pd.DataFrame(
        {
            "#": raw["rank"],
            t("col.satker"): raw["satker"],
            t("col.satker_name"): raw["name"],
            t("kinerja.bulan"): raw["bulan"],
            t("kinerja.pagu"): [rupiah(v) for v in raw["pagu"]],
            t("kinerja.penyerapan"): [_pct(v) for v in raw["penyerapan"]],
            t("kinerja.deviasi"): [_pct(v) for v in raw["deviasi"]],
            t("kinerja.capaian"): [_pct(v) for v in raw["capaian_output"]],
            t("kinerja.efisiensi"): [
                "–" if pd.isna(v) else number(v, 1) for v in raw["efisiensi_score"]
            ],
            t("kinerja.ikpa"): ["–" if pd.isna(v) else number(v, 2) for v in raw["ikpa"]],
            t("kinerja.band"): raw["band"].fillna("–"),
        }
    )
    export.table(raw, export.file_stem("peringkat_kinerja", year), "kinerja.ranking", display=shown)


def muat_section() -> None:
    """Upload realisation files (template, SP2D export, RPD workbook) and download the
    template of the selected satker-year."""
    st.divider()
    st.subheader(t("kinerja.muat.title"))
    st.markdown(t("kinerja.muat.intro"))
    sel = selection.current()
    if sel.complete:
        st.download_button(
            t("kinerja.muat.template", satker=sel.satker, year=sel.year),
            data=lambda: template_bytes(sel.satker, sel.year),
            file_name=f"realisasi_{sel.satker}_{sel.year}.xlsx",
            mime=export.XLSX_MIME,
            key="kinerja.muat.template",
            on_click="ignore",
            icon=":material/download:",
        )
    uploads = st.file_uploader(
        t("kinerja.muat.upload"),
        type=["csv", "xlsx", "xls"],
        accept_multiple_files=True,
        key="kinerja.muat.files",
    )
    if not uploads:
        return
    allowed = auth.can("document.load")
    if not allowed:
        st.warning(t("denied"))
    if not st.button(
        t("kinerja.muat.load"),
        type="primary",
        disabled=not allowed,
        key="kinerja.muat.load",
        icon=":material/database_upload:",
    ):
        return
    for upload in uploads:
        try:
            result = load_upload(upload.getvalue(), upload.name)
        except LOAD_ERRORS as exc:
            st.error(t("kinerja.muat.refused", error=""), icon=":material/error:")
            st.code(str(exc), language=None)
            st.info(t("muat.nothing_loaded"))
            continue
        years = ", ".join(f"{s}/{y}" for s, y in result.satker_years)
        st.success(
            t(
                "kinerja.muat.loaded",
                file=result.file,
                kind=result.kind,
                rows=result.rows,
                changed=result.changed,
                years=years,
            )
        )
        for f in result.findings:
            st.warning(f.message)
