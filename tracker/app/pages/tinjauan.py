"""Tinjauan: the national review queue. Every pair of texts still only ``suggested``, across
all satker-years, one row per pair (the unit a national decision settles), with how many
satker-years hold it and the Jumlah behind it, largest first: reviewing the top of the list
settles most of the money. Confirm and reject here are national decisions (central planners
and admins); the rest may read the queue."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.app import auth, export, selection
from tracker.app.deciding import (
    DECISION_ERRORS,
    decide,
    decision_button,
    localize_reason,
    review_queue,
)
from tracker.app.fmt import compact_rupiah, number, rupiah
from tracker.app.i18n import t

MESSAGE_KEY = "tinjauan.message"
ALL_YEARS_KEY = "tinjauan.all_years"
SHOWN = 25  # rows with buttons; the whole queue is in the table below them
END_NAMES = {"output": "IO", "kegiatan": "IKK"}
TARGET_NAMES = {"output": "IKK", "kegiatan": "IKP"}


def _on_decide(row: dict, action: str) -> None:
    try:
        link = decide(
            row["satker"],
            int(row["year"]),
            row["source_uid"],
            row["target_uid"],
            action,  # type: ignore[arg-type]
            "national",
        )
    except DECISION_ERRORS as exc:
        st.session_state[MESSAGE_KEY] = ("error", t("trace.decision_failed", error=exc))
        return
    st.session_state[MESSAGE_KEY] = (
        "success",
        t(
            "tinjauan.decided",
            owner=row["source_owner"],
            target=row["target_owner"],
            status=t(f"status.{link['status']}"),
            n=link.get("reached", 0),
        ),
    )


def _pair(row: dict) -> str:
    source = END_NAMES.get(row["source_level"], row["source_level"])
    target = TARGET_NAMES.get(row["source_level"], "")
    return (
        f"{source} {row['source_owner']} — {row['source_text']}  \n"
        f"→ {target} {row['target_owner']} {row['target_code']} — {row['target_text']}"
    )


def render() -> None:
    st.title(t("tinjauan.title"))
    st.caption(t("tinjauan.intro"))
    year = selection.current().year
    every = st.toggle(t("tinjauan.all_years"), key=ALL_YEARS_KEY, value=year is None)
    chosen = None if every or year is None else int(year)
    queue = review_queue(chosen)
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    cols = st.columns(3)
    cols[0].metric(t("tinjauan.pairs"), number(len(queue)))
    total = int(queue["jumlah"].sum()) if len(queue) else 0
    cols[1].metric(t("tinjauan.jumlah"), compact_rupiah(total), help=rupiah(total))
    cols[2].metric(
        t("tinjauan.satker_years"), number(int(queue["satker_years"].sum()) if len(queue) else 0)
    )
    if queue.empty:
        st.success(t("tinjauan.empty"))
        return
    allowed = auth.can("link.decide_national")
    if not allowed:
        st.info(t("tinjauan.read_only"))
    for i, row in enumerate(queue.head(SHOWN).to_dict("records")):
        text, money, confirm, reject = st.columns([6.4, 2, 2, 1.5], vertical_alignment="center")
        why = localize_reason(row.get("reason"))
        reason = f" · {why}" if why else ""
        text.markdown(
            f"**{i + 1}.** {_pair(row)}  \n"
            f"*{t('method.' + str(row['method']))} {number(float(row['score']), 2)}*{reason}"
        )
        money.markdown(
            f"**{compact_rupiah(row['jumlah'])}**  \n"
            + t("tinjauan.held_by", n=number(row["satker_years"]))
        )
        key = f"{row['source_uid']}>{row['target_uid']}"
        for action, place in (("confirm", confirm), ("reject", reject)):
            button = f"tinjauan.{action}.{key}"
            decision_button(place, action, button, _on_decide, (row, action), allowed)
    records = queue.to_dict("records")
    shown = pd.DataFrame(
        {
            t("col.from"): [f"{r['source_owner']} — {r['source_text']}" for r in records],
            t("col.to"): [
                f"{r['target_owner']} {r['target_code']} — {r['target_text']}" for r in records
            ],
            t("col.satker_years"): queue["satker_years"],
            t("col.jumlah"): [rupiah(v) for v in queue["jumlah"]],
            t("col.score"): [number(float(s), 2) for s in queue["score"]],
        }
    )
    export.table(
        queue, export.file_stem("tinjauan", chosen or "semua"), "tinjauan.table", display=shown
    )


if __name__ == "__main__":
    render()
