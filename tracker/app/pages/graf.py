"""Graf: the satker-year as an interactive graph (hierarchical layout), nodes coloured by
level and, for indicators, by coverage. Clicking a node shows its properties and links. Views
are kept under about a thousand elements by filtering on program and level."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from st_link_analysis import Event, st_link_analysis

from tracker.app import data, export, network, selection, tree
from tracker.app.fmt import number, rupiah
from tracker.app.i18n import t

ALL = "__all__"
NODE_KEY = "graf.node"


def _filters(nodes: pd.DataFrame) -> tuple[str, list[str], bool]:
    programs = nodes[nodes["level"] == "Program"]
    labels = {r["uid"]: f"{r['code']} — {r['text']}" for r in programs.to_dict("records")}
    left, middle, right = st.columns([2, 3, 1.4], vertical_alignment="bottom")
    if st.session_state.get("graf.program") not in [ALL, *labels]:
        # One program by default: a whole satker-year is often too dense to read.
        st.session_state["graf.program"] = next(iter(labels), ALL)
    program = left.selectbox(
        t("graf.program"),
        [ALL, *labels],
        format_func=lambda u: t("graf.all_programs") if u == ALL else labels[u],
        key="graf.program",
    )
    levels = middle.multiselect(
        t("graf.levels"),
        list(data.PLAN_LEVELS),
        default=list(data.PLAN_LEVELS),
        format_func=lambda lv: t(f"level.{lv}"),
        key="graf.levels",
    )
    rejected = right.toggle(t("graf.rejected"), key="graf.rejected")
    return program, levels, rejected


def _details(
    uid: str, nodes: pd.DataFrame, elements: dict[str, list[dict[str, Any]]], status: dict[str, str]
) -> None:
    found = nodes[nodes["uid"] == uid]
    if found.empty:
        return
    rec = found.iloc[0].to_dict()
    st.markdown(f"**{t('graf.selected', name=tree.label(rec))}**")
    stored = data.node(rec["level"], uid) or rec  # the node as stored, through the model
    props: list[tuple[str, str]] = [
        (t("col.level"), t(f"level.{stored['level']}")),
        (t("col.code"), str(stored["code"])),
        (t("col.text"), str(stored.get("text") or "")),
    ]
    if stored["level"] in tree.FUNDED_LEVELS:
        for key in ("angka_dasar", "inisiatif_baru", "jumlah"):
            props.append((t(f"col.{key}"), rupiah(stored.get(key))))
    if stored["level"] == "Output" and pd.notna(stored.get("volume")):
        volume = f"{number(stored['volume'], 2)} {stored.get('unit') or ''}"
        props.append((t("col.volume"), volume))
    if uid in status:
        props.append((t("col.coverage"), t(f"coverage.{status[uid]}")))
    props.append(("uid", uid))
    left, right = st.columns(2)
    with left:
        raw = pd.DataFrame(props, columns=["property", "value"])
        export.table(
            raw,
            export.file_stem("simpul", rec["code"]),
            "graf.props",
            display=export.headed(raw),
            static=True,
        )
    with right:
        names = {n["data"]["id"]: n["data"]["caption"] for n in elements["nodes"]}
        rows = []
        for edge in elements["edges"]:
            d = edge["data"]
            if uid not in (d["source"], d["target"]):
                continue
            outgoing = d["source"] == uid
            other = d["target"] if outgoing else d["source"]
            rows.append(
                {
                    "relationship": d["label"],
                    "direction": "→" if outgoing else "←",
                    "other": names.get(other, other),
                    "method": d.get("method", ""),
                    "score": d.get("score"),
                }
            )
        raw_links = pd.DataFrame(
            rows, columns=["relationship", "direction", "other", "method", "score"]
        )
        export.table(
            raw_links,
            export.file_stem("relasi", rec["code"]),
            "graf.links",
            display=export.headed(raw_links),
            static=True,
        )


def render() -> None:
    page = selection.plan_page(t("graf.title"), t("graf.legend"), note=False)
    if page is None:
        return
    satker, year, nodes, status = page.sel.satker, page.sel.year, page.nodes, page.status
    program, levels, rejected = _filters(nodes)
    keep = None if program == ALL else tree.subtree(nodes, program)
    elements = network.plan_elements(
        nodes, data.links(satker, year), status, keep=keep, levels=levels, show_rejected=rejected
    )
    count = network.size(elements)
    if count > network.MAX_ELEMENTS:
        st.warning(t("graf.too_big", count=number(count), limit=number(network.MAX_ELEMENTS)))
        return
    if not elements["nodes"]:
        st.caption(t("table.empty"))
        return
    st.caption(
        t("graf.size", nodes=number(len(elements["nodes"])), edges=number(len(elements["edges"])))
    )
    shown = {n["data"]["id"] for n in elements["nodes"]}
    depth = dict(zip(nodes["uid"], nodes["depth"], strict=True))
    top = min(depth[u] for u in shown)
    roots = [u for u in nodes["uid"] if u in shown and depth[u] == top]
    node_styles, edge_styles = network.styles()
    positions = network.block_positions(nodes, shown)
    event = st_link_analysis(
        elements,
        network.layout(roots, positions),
        node_styles,
        edge_styles,
        height=network.view_height(positions),
        key=f"graf.{satker}.{year}",
        events=[Event("node_tap", "tap", "node")],
    )
    # A tap on the graph selects the node in the picker below (also usable on its own, e.g.
    # with a keyboard); only a new tap (new timestamp) overrides the picker.
    if isinstance(event, dict) and event.get("action") == "node_tap":
        stamp = event.get("timestamp")
        target = (event.get("data") or {}).get("target_id")
        if stamp != st.session_state.get("graf.tap") and target in shown:
            st.session_state["graf.tap"] = stamp
            st.session_state[NODE_KEY] = target
    options = [u for u in nodes["uid"] if u in shown]
    if st.session_state.get(NODE_KEY) not in options:
        st.session_state[NODE_KEY] = None
    labels = {r["uid"]: tree.label(r) for r in nodes.to_dict("records")}
    picked = st.selectbox(
        t("graf.pick"),
        options,
        format_func=lambda u: labels.get(u, u),
        key=NODE_KEY,
        placeholder=t("graf.click_hint"),
    )
    if picked:
        _details(picked, nodes, elements, status)


if __name__ == "__main__":
    render()
