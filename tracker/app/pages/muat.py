"""Muat dokumen: upload an RKA text, see what the parser read, then load it.

Nothing touches the database until the user presses the load button, and a file the parser
cannot read shows the parser's own message (file, line, what was expected) and loads nothing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.app import auth, data, export, kinerja_views, nav, selection
from tracker.app.fmt import number, rupiah
from tracker.app.i18n import t
from tracker.app.loading import LOAD_ERRORS, load, max_upload_bytes, parse_upload
from tracker.graph import loader
from tracker.read.records import RkaDocument, RkaParseError


def _open(satker: str, year: int) -> None:
    selection.choose(satker, year)


def outputs_frame(doc: RkaDocument) -> pd.DataFrame:
    """Every output the parser found, with its kegiatan and program, in document order."""
    rows = [
        {
            "program": p.code,
            "kegiatan": k.code,
            "output": o.code,
            "name": o.name,
            "volume": o.volume,
            "unit": o.unit,
            "angka_dasar": o.angka_dasar,
            "inisiatif_baru": o.inisiatif_baru,
            "jumlah": o.jumlah,
            "indicators": len(o.indicators),
            "line": o.line,
        }
        for p in doc.programs
        for k in p.kegiatan
        for o in k.outputs
    ]
    return pd.DataFrame(rows)


def preview(doc: RkaDocument, name: str) -> None:
    h = doc.document
    st.subheader(t("muat.preview", file=name))
    st.markdown(
        t("muat.header", satker=h.satker.code, name=h.satker.name, year=h.year, pages=h.pages)
    )
    cols = st.columns(3)
    cols[0].metric(t("col.angka_dasar"), rupiah(sum(p.angka_dasar for p in doc.programs)))
    cols[1].metric(t("col.inisiatif_baru"), rupiah(sum(p.inisiatif_baru for p in doc.programs)))
    cols[2].metric(t("col.jumlah"), rupiah(sum(p.jumlah for p in doc.programs)))
    stem = export.file_stem("muat", h.satker.code, h.year)

    counts = loader.expected_counts(doc)
    raw = pd.DataFrame([{"level": lv, "count": counts.get(lv, 0)} for lv in data.PLAN_LEVELS])
    shown = pd.DataFrame(
        {
            t("col.level"): [t(f"level.{lv}") for lv in raw["level"]],
            t("col.count"): [number(c) for c in raw["count"]],
        }
    )
    left, right = st.columns([2, 3])
    with left:
        st.markdown(f"**{t('ringkasan.counts')}**")
        export.table(raw, f"{stem}_butir", "muat.counts", display=shown, static=True)
    with right:
        st.markdown(f"**{t('ringkasan.findings')}**")
        findings = pd.DataFrame(
            [
                {
                    "line": f.line,
                    "severity": f.severity,
                    "rule": f.rule,
                    "code": f.code,
                    "message": f.message,
                }
                for f in doc.findings
            ]
        )
        if findings.empty:
            st.success(t("ringkasan.no_findings"))
        else:
            export.table(findings, f"{stem}_temuan", "muat.findings")
    outputs = outputs_frame(doc)
    if not outputs.empty:
        st.markdown(f"**{t('col.outputs')}**")
        shown_out = pd.DataFrame(
            {
                t("col.output"): outputs["output"],
                t("col.name"): outputs["name"],
                t("col.volume"): [
                    f"{number(v, 2)} {u}".strip() if v is not None else u
                    for v, u in zip(outputs["volume"], outputs["unit"], strict=True)
                ],
                t("col.jumlah"): [rupiah(v) for v in outputs["jumlah"]],
            }
        )
        export.table(outputs, f"{stem}_output", "muat.outputs", display=shown_out)


# An RKA, its PDF or its kertas kerja is a few MB; the readers refuse more anyway, this says so
# before reading: TRACKER_MAX_UPLOAD_MB (20 MB), within .streamlit/config.toml's maxUploadSize.


def render() -> None:
    st.title(t("muat.title"))
    st.markdown(t("muat.intro"))
    upload = st.file_uploader(t("muat.upload"), type=["txt", "pdf", "xlsx", "xls"], key="muat.file")
    if upload is None:
        return
    limit = max_upload_bytes()
    if upload.size > limit:
        st.error(
            t("muat.too_large", name=upload.name, size=upload.size, limit=limit),
            icon=":material/error:",
        )
        st.info(t("muat.nothing_loaded"))
        return
    try:
        doc = parse_upload(upload.getvalue(), upload.name)
    except RkaParseError as exc:
        st.error(t("muat.parse_error", error=exc), icon=":material/error:")
        st.info(t("muat.nothing_loaded"))
        return
    preview(doc, upload.name)

    allowed = auth.can("document.load")
    if not allowed:
        st.warning(t("denied"))
    if st.button(
        t("muat.load"),
        type="primary",
        icon=":material/database_upload:",
        disabled=not allowed,
        key="muat.load",
    ):
        with st.status(t("muat.loading"), expanded=True) as status:
            try:
                result = load(doc)
            except LOAD_ERRORS as exc:
                status.update(label=t("muat.load_failed", error=exc), state="error")
                st.error(t("muat.load_failed", error=exc))
                st.info(t("muat.nothing_loaded"))
                return
            if result.status == "unchanged":
                message = t("muat.unchanged")
            else:
                message = t(
                    "muat.loaded", satker=result.satker, year=result.year, revision=result.revision
                )
            status.update(label=message, state="complete")
            st.write(message)
            if result.link_error:
                st.warning(result.link_error)
        st.session_state["muat.last"] = (result.satker, result.year)
    last = st.session_state.get("muat.last")
    if last and st.button(
        t("muat.open"), key="muat.open", on_click=_open, args=last, icon=":material/arrow_forward:"
    ):
        nav.switch("ringkasan", satker=last[0], year=str(last[1]))


if __name__ == "__main__":
    render()
    kinerja_views.muat_section()  # realisation files, below whatever the RKA upload showed
