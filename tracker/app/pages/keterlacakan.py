"""Keterlacakan: for any indicator, the funded outputs that serve it, the path money takes
to it and the evidence of every link on the way; suggested links are confirmed or rejected
here, and a missing link added, under the current user's name. A central planner may make the
decision national (the pair of texts in every satker-year holding it), after a preview of how
many satker-years that reaches. The whole plan tree and every link of the satker-year are on
the other tabs."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import streamlit as st

from tracker.app import auth, costs, data, export, kinerja_views, selection, tree
from tracker.app.deciding import (
    DECISION_ERRORS,
    STATUS_AFTER,
    decide,
    decision_button,
    localize_reason,
    reach,
)
from tracker.app.fmt import number, rupiah
from tracker.app.i18n import t

PICK_KEY = "trace.indicator"
TAB_KEY = "trace.tab"
MESSAGE_KEY = "trace.message"
SCOPE_KEY = "trace.scope"
END_NAMES = {"output": "IO", "kegiatan": "IKK", "program": "IKP"}
_HOP = re.compile(r"\[(\w+)(?: ([\d.]+))?(?: (\w+))?\]")


def localize_path(path: str) -> str:
    """``… → IKP 05.01#1 [exact 1.00 confirmed]`` with the method and status in the session's
    language; codes stay as they are."""

    def one(m: re.Match[str]) -> str:
        method, score, status = m.group(1), m.group(2), m.group(3)
        parts = [t(f"method.{method}")]
        if score:
            parts.append(number(float(score), 2))
        if status:
            parts.append(t(f"status.{status}"))
        return "[" + " ".join(parts) + "]"

    for word in ("output", "kegiatan", "program"):
        path = re.sub(rf"(^|→ ){word} ", rf"\g<1>{word.capitalize()} ", path)
    return _HOP.sub(one, path)


def evidence_text(evidence: list[dict[str, Any]]) -> str:
    """Each link on a route: where it leads, how it was found, how sure, who decided."""
    parts = []
    for hop in evidence or []:
        text = f"{hop['to']}: {t('method.' + str(hop['method']))}"
        if hop.get("score") is not None and hop["method"] != "structural":
            text += f" {number(float(hop['score']), 2)}"
        if hop.get("status"):
            text += f", {t('status.' + hop['status'])}"
        if hop.get("decided_by") and pd.notna(hop["decided_by"]):
            text += f" ({hop['decided_by']})"
        parts.append(text)
    return "; ".join(parts)


def end_label(row: dict[str, Any], side: str) -> str:
    level = END_NAMES.get(row[f"{side}_level"], row[f"{side}_level"])
    return (
        f"{level} {row[f'{side}_owner']} {row[f'{side}_code']}#{row[f'{side}_seq']} — "
        f"{row[f'{side}_text']}"
    )


def origin_text(row: dict[str, Any]) -> str:
    """Where a link's status comes from: the matcher (and why), or a local or national
    decision (who, when, from which satker-year)."""
    origin = row.get("origin") or "matcher"
    if origin == "matcher":
        reason = localize_reason(row.get("reason"))
        return t("origin.matcher") + (f": {reason}" if reason else "")
    return t(
        f"origin.{origin}",
        who=row.get("decided_by") or "–",
        when=data.when(row.get("decided_at")),
        where=row.get("decided_from") or "–",
    )


def _on_decide(
    satker: str, year: int, source: str, target: str, action: str, scope: str = "local"
) -> None:
    """Button callback: runs before the rerun, so the page then draws the new state."""
    try:
        link = decide(satker, year, source, target, action, scope)  # type: ignore[arg-type]
    except DECISION_ERRORS as exc:
        st.session_state[MESSAGE_KEY] = ("error", t("trace.decision_failed", error=exc))
        return
    reached = " " + t("trace.national_done", n=link["reached"]) if scope == "national" else ""
    st.session_state[MESSAGE_KEY] = (
        "success",
        t(
            "trace.decided",
            source=f"{END_NAMES[link['source_level']]} {link['source_owner']} "
            f"{link['source_code']}#{link['source_seq']}",
            target=f"{END_NAMES[link['target_level']]} {link['target_owner']} "
            f"{link['target_code']}#{link['target_seq']}",
            status=t(f"status.{link['status']}"),
            user=link.get("decided_by") or auth.current_user(),
        )
        + reached,
    )


def _served_by(satker: str, year: int, uid: str, label: str, status: str) -> None:
    st.subheader(t("trace.served_by", code=label))
    st.markdown(f"**{t('col.coverage')}:** {t('coverage.' + status)}")
    routes = data.routes(satker, year, uid)
    counted = routes[routes["counted"]] if not routes.empty else routes
    if counted.empty:
        st.warning(t("trace.none"))
        return
    raw = counted.assign(evidence=[evidence_text(e) for e in counted["evidence"]]).drop(
        columns=["counted"]
    )
    shown = pd.DataFrame(
        {
            t("col.output"): raw["output"],
            t("col.name"): raw["name"],
            t("col.jumlah"): [rupiah(v) for v in raw["jumlah"]],
            **kinerja_views.output_columns(satker, year, raw["output"]),
            t("col.status"): [t(f"coverage.{v}") for v in raw["tier"]],
            t("col.path"): [localize_path(p) for p in raw["path"]],
        }
    )
    stem = export.file_stem("keterlacakan", satker, year, label.split(" — ")[0])
    export.table(raw, stem, "trace.routes", display=shown, static=True)
    distinct = counted.drop_duplicates("output_uid")
    st.markdown(t("trace.total", total=rupiah(int(distinct["jumlah"].sum()))))
    costs.show_build_up(satker, year, list(zip(distinct["output"], distinct["name"], strict=True)))
    others = routes[~routes["counted"]]
    if not others.empty:
        with st.expander(f"{t('trace.other_routes')} ({len(others)})"):
            weaker = others.assign(evidence=[evidence_text(e) for e in others["evidence"]])
            shown_weaker = pd.DataFrame(
                {
                    t("col.output"): weaker["output"],
                    t("col.jumlah"): [rupiah(v) for v in weaker["jumlah"]],
                    t("col.status"): [t(f"coverage.{v}") for v in weaker["tier"]],
                    t("col.path"): [localize_path(p) for p in weaker["path"]],
                }
            )
            export.table(
                weaker.drop(columns=["counted"]),
                f"{stem}_lain",
                "trace.other_routes",
                display=shown_weaker,
                static=True,
            )


def _scope() -> str:
    """Where the next decision applies: a central planner (or admin) chooses this satker-year
    or the nation; everyone else decides locally, and sees no choice."""
    if not auth.can("link.decide_national"):
        return "local"
    return (
        st.segmented_control(
            t("trace.scope"),
            ["local", "national"],
            default="local",
            format_func=lambda s: t(f"trace.scope.{s}"),
            key=SCOPE_KEY,
            help=t("trace.scope_help"),
        )
        or "local"
    )


def _links(satker: str, year: int, uid: str, scope: str) -> None:
    st.subheader(t("trace.links"))
    table = data.link_table(satker, year)
    mine = table[(table["source_uid"] == uid) | (table["target_uid"] == uid)]
    if mine.empty:
        st.caption(t("trace.no_suggested"))
        return
    allowed = auth.can("link.decide")
    for row in mine.to_dict("records"):
        text, confirm, reject = st.columns([7, 1.8, 1.5], vertical_alignment="center")
        text.markdown(
            f"{end_label(row, 'source')}  \n→ {end_label(row, 'target')}  \n"
            f"*{t('method.' + row['method'])} {number(float(row['score']), 2)}* · "
            f"**{t('status.' + row['status'])}** · {origin_text(row)}"
        )
        args = (satker, year, row["source_uid"], row["target_uid"])
        pair = f"{row['source_uid']}>{row['target_uid']}"
        if scope == "national":
            n = reach(satker, year, row["source_uid"], row["target_uid"])
            text.caption(t("trace.national_preview", n=n))
        for action, place in (("confirm", confirm), ("reject", reject)):
            if row["status"] != STATUS_AFTER[action]:
                key = f"trace.{action}.{pair}"
                decision_button(place, action, key, _on_decide, (*args, action, scope), allowed)
    export.download_buttons(mine, export.file_stem("tautan", satker, year), "trace.links")


def _add_link(satker: str, year: int, uid: str, nodes: pd.DataFrame, scope: str) -> None:
    table = data.link_table(satker, year)
    existing = set(zip(table["source_uid"], table["target_uid"], strict=True))
    pairs = [p for p in tree.link_candidates(nodes, uid) if p not in existing]
    labels = {r["uid"]: tree.label(r) for r in nodes.to_dict("records")}
    with st.expander(t("trace.add")):
        if not pairs:
            st.caption(t("trace.add_none"))
            return
        choice = st.selectbox(
            t("trace.add"),
            pairs,
            format_func=lambda p: f"{labels.get(p[0], p[0])}  →  {labels.get(p[1], p[1])}",
            key=f"trace.add.{uid}",
            label_visibility="collapsed",
        )
        if scope == "national":
            st.caption(t("trace.national_preview", n=reach(satker, year, choice[0], choice[1])))
        st.button(
            t("trace.add_button"),
            key="trace.add.button",
            on_click=_on_decide,
            args=(satker, year, choice[0], choice[1], "add", scope),
            disabled=not auth.can("link.decide"),
            icon=":material/add_link:",
        )


def _unserving_ros(satker: str, year: int, nodes: pd.DataFrame) -> None:
    """A plan with no indicator (a kertas kerja loaded before its Bagian A) has nothing to
    trace, but its ROs and what they cost are what the workbook brought: show each RO's
    build-up, so the cost detail is there to read before the Bagian A arrives."""
    outputs = nodes[nodes["level"] == "Output"]
    if outputs.empty:
        return
    st.subheader(t("cost.unserving_ros"))
    costs.show_build_up(satker, year, list(zip(outputs["code"], outputs["text"], strict=True)))


def trace(satker: str, year: int, nodes: pd.DataFrame, status: dict[str, str]) -> None:
    indicators = nodes[nodes["level"].isin(tree.INDICATOR_LEVELS)]
    options = indicators["uid"].tolist()
    if not options:
        st.caption(t("table.empty"))
        _unserving_ros(satker, year, nodes)
        return
    labels = {r["uid"]: tree.label(r) for r in indicators.to_dict("records")}
    if st.session_state.get(PICK_KEY) not in options:
        from_url = st.query_params.get("ind")
        first_ikp = next(
            (
                u
                for u, lv in zip(indicators["uid"], indicators["level"], strict=True)
                if lv == "IndikatorKinerjaProgram"
            ),
            options[0],
        )
        st.session_state[PICK_KEY] = from_url if from_url in options else first_ikp
    uid = st.selectbox(
        t("trace.pick"),
        options,
        format_func=lambda u: f"{labels[u]}  [{t('coverage.' + status.get(u, 'uncovered'))}]",
        key=PICK_KEY,
        help=t("trace.pick_help"),
    )
    if st.query_params.get("ind") != uid:
        st.query_params["ind"] = uid
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    _served_by(satker, year, uid, labels[uid], status.get(uid, "uncovered"))
    scope = _scope()
    _links(satker, year, uid, scope)
    _add_link(satker, year, uid, nodes, scope)


def plan_tree(satker: str, year: int, nodes: pd.DataFrame, status: dict[str, str]) -> None:
    raw = nodes.assign(status=[status.get(u) for u in nodes["uid"]])[
        [
            "uid",
            "level",
            "depth",
            "code",
            "text",
            "volume",
            "unit",
            "angka_dasar",
            "inisiatif_baru",
            "jumlah",
            "status",
        ]
    ]
    pad = "\u2003"
    funded = raw["level"].isin(tree.FUNDED_LEVELS)
    shown = pd.DataFrame(
        {
            t("col.level"): [t(f"level.{lv}") for lv in raw["level"]],
            t("col.code"): [
                pad * int(d) + str(c) for d, c in zip(raw["depth"], raw["code"], strict=True)
            ],
            t("col.name"): raw["text"],
            t("col.volume"): [
                f"{number(v, 2)} {u or ''}".strip() if pd.notna(v) else ""
                for v, u in zip(raw["volume"], raw["unit"], strict=True)
            ],
            t("col.angka_dasar"): [
                rupiah(v) if f else "" for v, f in zip(raw["angka_dasar"], funded, strict=True)
            ],
            t("col.inisiatif_baru"): [
                rupiah(v) if f else "" for v, f in zip(raw["inisiatif_baru"], funded, strict=True)
            ],
            t("col.jumlah"): [
                rupiah(v) if f else "" for v, f in zip(raw["jumlah"], funded, strict=True)
            ],
            t("col.coverage"): [t(f"coverage.{s}") if s else "" for s in raw["status"]],
        }
    )
    export.table(
        raw, export.file_stem("pohon", satker, year), "trace.tree", display=shown, height=600
    )


def all_links(satker: str, year: int) -> None:
    table = data.link_table(satker, year)
    if table.empty:
        st.caption(t("table.empty"))
        return
    statuses = ["suggested", "confirmed", "rejected"]
    chosen = st.multiselect(
        t("col.status"),
        statuses,
        default=statuses,
        format_func=lambda s: t(f"status.{s}"),
        key="trace.links.status",
    )
    raw = table[table["status"].isin(chosen)]
    shown = pd.DataFrame(
        {
            t("col.from"): [end_label(r, "source") for r in raw.to_dict("records")],
            t("col.to"): [end_label(r, "target") for r in raw.to_dict("records")],
            t("col.method"): [t(f"method.{m}") for m in raw["method"]],
            t("col.score"): [number(float(s), 2) for s in raw["score"]],
            t("col.status"): [t(f"status.{s}") for s in raw["status"]],
            t("col.origin"): [origin_text(r) for r in raw.to_dict("records")],
            t("col.decided_by"): raw["decided_by"].fillna(""),
            t("col.decided_at"): [data.when(v) for v in raw["decided_at"]],
        }
    )
    export.table(raw, export.file_stem("tautan", satker, year), "trace.all_links", display=shown)


def render() -> None:
    page = selection.plan_page(t("trace.title"), t("trace.intro"))
    if page is None:
        return
    satker, year, nodes, status = page.sel.satker, page.sel.year, page.nodes, page.status
    # Lazy tabs: only the open one runs, so switching satker draws the trace alone.
    tab_trace, tab_tree, tab_links = st.tabs(
        [t("trace.pick"), t("trace.tree"), t("trace.all_links")],
        key=TAB_KEY,
        on_change="rerun",
    )
    if tab_trace.open:
        with tab_trace:
            trace(satker, year, nodes, status)
    if tab_tree.open:
        with tab_tree:
            plan_tree(satker, year, nodes, status)
    if tab_links.open:
        with tab_links:
            all_links(satker, year)


if __name__ == "__main__":
    render()
