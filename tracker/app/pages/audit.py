"""Audit: the saved audit queries (a form built from each file's header) and a read-only Cypher
console, both run through ``tracker.audit.library`` (read-only guard, timeout, row cap, run log)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from st_link_analysis import st_link_analysis

from tracker.app import auth, data, export, network, selection
from tracker.app.i18n import language, t
from tracker.audit import library as audit

RUN_ERRORS = (audit.AuditError, audit.ReadOnlyViolation, audit.QueryTimeout, audit.QueryError)
RESULT_KEY = "audit.result"


def _show_result(result: audit.AuditResult, key: str) -> None:
    st.caption(t("audit.rows", rows=result.rows, ms=round(result.duration_s * 1000)))
    if result.truncated:
        st.warning(t("audit.truncated", cap=result.row_cap))
    if result.frame.empty:
        st.caption(t("table.empty"))
        return
    shown = result.frame.map(
        lambda v: (
            json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (dict, list)) else v
        )
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    stem = export.file_stem(
        "audit", result.name or "konsol", result.started_at.strftime("%Y%m%d-%H%M%S")
    )
    export.download_buttons(
        result.frame,
        stem,
        key,
        csv=lambda: audit.export(result, "csv").encode("utf-8-sig"),
        xlsx=lambda: audit.export(result, "xlsx"),
    )
    elements = network.result_elements(result.frame)
    if elements["nodes"] and st.toggle(t("audit.show_graph"), key=f"{key}.graph"):
        if network.size(elements) > network.MAX_ELEMENTS:
            st.warning(t("graf.too_big", count=network.size(elements), limit=network.MAX_ELEMENTS))
        else:
            st_link_analysis(elements, "cose", key=f"{key}.cy")


def _allowed(action: auth.Action) -> bool:
    """Whether the signed-in user may ``action``; if not, the page says so."""
    if auth.can(action):
        return True
    st.error(t("denied"))
    return False


def _run_button() -> bool:
    """The saved audits' and the console's forms run alike, so their buttons are one."""
    return st.form_submit_button(t("audit.run"), type="primary", icon=":material/play_arrow:")


def _run(key: str, action: auth.Action, run: Callable[[str], audit.AuditResult]) -> bool:
    """Run a saved audit or a console query as the signed-in user (``run`` gets their name;
    ``auth.require`` checks again, whatever the page showed) and keep its result under ``key``
    for the reruns that follow. A refusal or failure says why and drops the previous result,
    so none is shown as this one's; returns whether it ran."""
    try:
        st.session_state[key] = run(auth.require(action).name)
    except RUN_ERRORS as exc:
        st.session_state.pop(key, None)
        if isinstance(exc, audit.QueryTimeout):
            st.warning(t(f"audit.server.{exc.on_server}", tx=exc.transaction_id or "?"))
        st.error(t("audit.failed", error=exc))
        return False
    return True


def _default_for(param: audit.AuditParam) -> str:
    """Prefill a form field: the sidebar's satker/year for parameters of those names."""
    sel = selection.current()
    if param.name == "year" and sel.year is not None:
        return str(sel.year)
    if param.name == "satker" and sel.satker:
        return sel.satker
    return "" if param.default is None else str(param.default)


def saved_queries() -> None:
    audits = audit.list_audits()
    if not audits:
        st.info(t("audit.none"))
        return
    by_name = {a.name: a for a in audits}
    name = st.selectbox(
        t("audit.pick"),
        list(by_name),
        format_func=lambda n: f"{by_name[n].text('title', language())} ({n})",
        key="audit.name",
    )
    chosen = by_name[name]
    st.markdown(f"**{chosen.text('answers', language())}**")
    if chosen.why:
        st.caption(chosen.text("why", language()))
    with st.form(f"audit.form.{name}"):
        values: dict[str, Any] = {}
        if chosen.params:
            st.markdown(f"**{t('audit.params')}**")
        for p in chosen.params:
            values[p.name] = st.text_input(
                f"{p.label(language())} ({t('audit.type.' + p.type)})",
                value=_default_for(p),
                help=p.help(language()),
                key=f"audit.p.{name}.{p.name}",
            )
        submitted = _run_button()
    if submitted:
        if not _allowed("audit.run"):
            return
        given = {k: v for k, v in values.items() if v.strip() != ""}
        if not _run(
            RESULT_KEY,
            "audit.run",
            lambda user: audit.run_audit(data.driver(), name, given, user=user),
        ):
            return
    result = st.session_state.get(RESULT_KEY)
    if isinstance(result, audit.AuditResult) and result.name == name:
        _show_result(result, "audit.saved")


def console() -> None:
    if not _allowed("audit.console"):
        return
    with st.form("audit.console"):
        cypher = st.text_area(
            t("audit.cypher"),
            value="MATCH (r:Rka {current: true}) RETURN r.satker AS satker, r.year AS year, "
            "r.total_jumlah AS jumlah ORDER BY satker LIMIT 25",
            height=160,
            key="audit.cypher",
        )
        params_text = st.text_area(
            t("audit.params_json"), value="{}", height=80, key="audit.params"
        )
        submitted = _run_button()
    if submitted:
        if not _allowed("audit.console"):
            return
        try:
            params = json.loads(params_text or "{}")
            if not isinstance(params, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            st.error(t("audit.bad_json", error=exc))
            return
        if not _run(
            "audit.console.result",
            "audit.console",
            lambda user: audit.run_readonly(data.driver(), cypher, params, user=user),
        ):
            return
    result = st.session_state.get("audit.console.result")
    if isinstance(result, audit.AuditResult):
        _show_result(result, "audit.console.out")


def run_log() -> None:
    entries = audit.audit_log(limit=200)
    if not entries:
        st.caption(t("table.empty"))
        return
    columns = [
        "at",
        "user",
        "kind",
        "name",
        "status",
        "rows",
        "duration_s",
        "message",
        "query",
        "params",
    ]
    raw = pd.DataFrame(entries).reindex(columns=columns)
    raw["params"] = raw["params"].map(lambda v: json.dumps(v, ensure_ascii=False, default=str))
    export.table(raw, "audit_log", "audit.log")


def render() -> None:
    st.title(t("audit.title"))
    if not _allowed("audit.run"):
        return
    saved, cons, log = st.tabs([t("audit.saved"), t("audit.console"), t("audit.log")])
    with saved:
        saved_queries()
    with cons:
        console()
    with log:
        run_log()


if __name__ == "__main__":
    render()
