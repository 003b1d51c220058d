"""Ringkasan: one satker-year at a glance — its document, totals, size, coverage, the parser's
findings and how the plan changed from revision to revision."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
import streamlit as st

from tracker.app import auth, data, export, loading, selection, totals
from tracker.app.fmt import compact_rupiah, number, percent, rupiah
from tracker.app.i18n import t


def revision_changes(revisions: pd.DataFrame) -> list[str]:
    """For each revision (rows newest first), what changed against the one before it, from
    the output snapshots every ``Rka`` keeps: outputs added, removed, re-costed, and the
    change in the outputs' total Jumlah."""
    ordered = revisions.sort_values("revision")
    texts: dict[int, str] = {}
    previous: dict[str, int] | None = None
    previous_total = 0
    for row in ordered.to_dict("records"):
        current: dict[str, int] = defaultdict(int)
        for code, amount in zip(
            row.get("output_codes") or [], row.get("output_jumlah") or [], strict=False
        ):
            current[code] += int(amount or 0)
        total = sum(current.values())  # the outputs' own Jumlah: stated totals may not add up
        if previous is None:
            texts[row["revision"]] = t("ringkasan.first_revision")
        else:
            added = len(set(current) - set(previous))
            removed = len(set(previous) - set(current))
            changed = sum(1 for c in set(current) & set(previous) if current[c] != previous[c])
            texts[row["revision"]] = t(
                "ringkasan.changes",
                added=added,
                removed=removed,
                changed=changed,
                delta=rupiah(total - previous_total),
            )
        previous, previous_total = dict(current), total
    return [texts[r] for r in revisions["revision"]]


def _totals(rka: dict[str, Any], nodes: pd.DataFrame) -> None:
    """The outputs' sums (compact, the exact figure on hover), each flagged where the
    document's stated total says otherwise."""
    st.subheader(t("ringkasan.totals"))
    cols = st.columns(3)
    for col, total in zip(cols, totals.totals(rka, nodes), strict=True):
        help_text = t("ringkasan.total_help", exact=rupiah(total.computed))
        if total.differs:
            help_text += " " + t("ringkasan.stated_differs", stated=rupiah(total.stated))
        col.metric(
            t(f"col.{total.field}"),
            compact_rupiah(total.computed),
            t("ringkasan.stated_short", stated=compact_rupiah(total.stated))
            if total.differs
            else None,
            delta_color="inverse",
            delta_arrow="off",
            help=help_text,
        )
    flagged = [x for x in totals.totals(rka, nodes) if x.differs]
    if flagged:
        st.warning(
            t(
                "ringkasan.totals_flag",
                items="; ".join(
                    f"{t('col.' + x.field)} {rupiah(x.stated)} ≠ {rupiah(x.computed)}"
                    for x in flagged
                ),
            ),
            icon=":material/warning:",
        )


def _counts(info: dict[str, Any], stem: str) -> None:
    st.subheader(t("ringkasan.counts"))
    raw = pd.DataFrame(
        [{"level": level, "count": int(info.get(level) or 0)} for level in data.PLAN_LEVELS]
    )
    shown = pd.DataFrame(
        {
            t("col.level"): [t(f"level.{lv}") for lv in raw["level"]],
            t("col.count"): [number(c) for c in raw["count"]],
        }
    )
    export.table(raw, f"{stem}_butir", "ringkasan.counts", display=shown, static=True)


def _coverage(satker: str, year: int, stem: str) -> None:
    st.subheader(t("ringkasan.coverage"))
    summary = data.coverage_summary(satker, year)
    served = summary["covered"] + summary["suggested"]
    total = summary["indicators"]
    left, right = st.columns(2)
    left.metric(
        t("ringkasan.coverage_ind"),
        f"{number(served)} / {number(total)}",
        percent(served / total) if total else None,
        delta_color="off",
        delta_arrow="off",
        help=t("ringkasan.coverage_ind_help"),
    )
    money = summary["jumlah_outputs"]
    right.metric(
        t("ringkasan.coverage_rp"),
        rupiah(summary["jumlah_linked"]),
        percent(summary["jumlah_linked"] / money) if money else None,
        delta_color="off",
        delta_arrow="off",
        help=t("ringkasan.coverage_rp_help", total=rupiah(money)),
    )
    raw = pd.DataFrame([{"status": s, "indicators": summary[s]} for s in data.STATUSES])
    shown = pd.DataFrame(
        {
            t("col.status"): [t(f"coverage.{s}") for s in raw["status"]],
            t("col.indicators"): [number(n) for n in raw["indicators"]],
        }
    )
    export.table(raw, f"{stem}_cakupan", "ringkasan.coverage", display=shown, static=True)


def _findings(satker: str, year: int, stem: str) -> None:
    st.subheader(t("ringkasan.findings"))
    raw = data.findings(satker, year)
    if raw.empty:
        st.success(t("ringkasan.no_findings"))
        return
    export.table(raw, f"{stem}_temuan", "ringkasan.findings", display=export.headed(raw))


def _revisions(satker: str, year: int, stem: str) -> None:
    st.subheader(t("ringkasan.revisions"))
    raw = data.revisions(satker, year)
    if raw.empty:
        st.caption(t("table.empty"))
        return
    changes = revision_changes(raw)
    table = pd.DataFrame(
        {
            "revision": raw["revision"],
            "file_name": raw["file_name"],
            "loaded_at": [data.when(v) for v in raw["loaded_at"]],
            "current": raw["current"],
            "angka_dasar": raw["angka_dasar"],
            "inisiatif_baru": raw["inisiatif_baru"],
            "jumlah": raw["jumlah"],
            "changes": changes,
            "content_hash": raw["content_hash"],
        }
    )
    shown = pd.DataFrame(
        {
            t("col.revision"): table["revision"],
            t("col.file"): table["file_name"],
            t("col.loaded_at"): table["loaded_at"],
            t("col.current"): [t("yes") if c else t("no") for c in table["current"]],
            t("col.jumlah"): [rupiah(v) for v in table["jumlah"]],
            t("col.changes"): table["changes"],
        }
    )
    export.table(table, f"{stem}_revisi", "ringkasan.revisions", display=shown, static=True)


def _delete(satker: str, year: int) -> None:
    """The admin's way to take a satker-year out of the graph, behind an explicit confirmation."""
    if not auth.can("document.delete"):
        return
    with st.expander(t("ringkasan.delete"), icon=":material/delete:"):
        st.caption(t("ringkasan.delete_help"))
        sure = st.checkbox(t("ringkasan.delete_confirm", code=satker, year=year), key="del_ok")
        if st.button(t("ringkasan.delete_button"), disabled=not sure, type="primary", key="del_go"):
            try:
                deleted = loading.delete(satker, year)
            except auth.PermissionDenied as exc:
                st.error(str(exc))
                return
            st.success(t("ringkasan.deleted", code=satker, year=year, nodes=deleted))


def render() -> None:
    sel = selection.need_satker()
    if sel is None:
        return
    satker, year = sel.satker, sel.year
    info = data.overview(satker, year)
    if info is None:
        st.info(t("select.prompt"))
        return
    unit, kk = info["satker"], info.get("kk")
    st.title(t("ringkasan.header", name=unit.get("name") or satker, code=satker, year=year))
    place = " · ".join(
        x
        for x in (unit.get("location_name"), unit.get("province_name"), unit.get("ministry_name"))
        if x
    )
    st.caption(place)
    rka = info.get("rka")
    if rka is None:  # only the kertas kerja so far: its totals stand for the document's
        selection.workbook_only_note(sel)
        rka = {"total_jumlah": kk.get("total_jumlah")} if kk else {}
    else:
        st.caption(
            t(
                "ringkasan.document",
                revision=rka.get("revision"),
                file=rka.get("file_name") or "–",
                loaded_at=data.when(rka.get("loaded_at")),
                pages=rka.get("pages") or "–",
            )
        )
    if kk:
        st.caption(
            t(
                "cost.workbook",
                revision=kk.get("revision"),
                file=kk.get("file_name") or "–",
                loaded_at=data.when(kk.get("loaded_at")),
            )
        )
    if rka.get("signatory_name"):
        st.caption(
            t(
                "ringkasan.signed",
                place=rka.get("signed_place") or "–",
                date=data.when(rka.get("signed_date")) or "–",
                name=rka.get("signatory_name"),
                nip=rka.get("signatory_nip") or "–",
            )
        )
    stem = export.file_stem("ringkasan", satker, year)
    _totals(rka, data.plan_nodes(satker, year))
    left, right = st.columns([2, 3])
    with left:
        _counts(info, stem)
    with right:
        _coverage(satker, year, stem)
    _findings(satker, year, stem)
    _revisions(satker, year, stem)
    _delete(satker, year)


if __name__ == "__main__":
    render()
