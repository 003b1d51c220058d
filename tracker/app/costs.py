"""The cost detail (kertas kerja) on the pages: an RO's build-up komponen → akun → detail, and
blokir and sumber dana per RO and per indicator.

Why its own module: two pages show it (Keterlacakan per serving output, Cakupan per RO and per
indicator), and a satker-year without a workbook must read as "no cost detail yet", never as
an error, so the pages only call these functions.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.app import data, export
from tracker.app.fmt import number, rupiah
from tracker.app.i18n import t

PAD = "\u2003"


def build_up(tree: pd.DataFrame, output: str) -> pd.DataFrame:
    """One RO's cost tree as display rows: komponen, its akun, their details (indented),
    each with its amount; details with volume × unit price, blokir and sumber dana."""
    rows: list[dict[str, object]] = []
    mine = tree[tree["output"] == output]
    last_km = last_akun = None
    for r in mine.to_dict("records"):
        if r["komponen"] != last_km:
            last_km, last_akun = r["komponen"], None
            rows.append(_row("komponen", r["komponen"], r["komponen_name"], r["komponen_jumlah"]))
        if r.get("akun") and r["akun"] != last_akun:
            last_akun = r["akun"]
            rows.append(_row("akun", r["akun"], r["akun_name"], r["akun_jumlah"], depth=1))
        if r.get("text") is not None and pd.notna(r.get("text")):
            volume = r.get("volume")
            size = (
                f"{number(float(volume), 2)} {r.get('satuan') or ''} × {rupiah(r.get('harga'))}"
                if volume is not None and pd.notna(volume)
                else ""
            )
            text = f"{r['grp']}: {r['text']}" if r.get("grp") else r["text"]
            rows.append(
                _row(
                    "detail",
                    "-",
                    text,
                    r["jumlah"],
                    depth=2,
                    volume=size,
                    blokir=bool(r["blokir"]),
                    sumber=r.get("sumber_dana") or "",
                )
            )
    return pd.DataFrame(rows)


def _row(
    level: str,
    code: object,
    name: object,
    jumlah: object,
    depth: int = 0,
    volume: str = "",
    blokir: bool = False,
    sumber: str = "",
) -> dict[str, object]:
    return {
        t("col.level"): t(f"cost.level.{level}"),
        t("col.code"): PAD * depth + str(code or ""),
        t("col.name"): name or "",
        t("cost.volume_price"): volume,
        t("col.jumlah"): rupiah(jumlah),
        t("cost.blokir"): "*" if blokir else "",
        t("cost.sumber_dana"): sumber,
    }


def show_build_up(satker: str, year: int, outputs: list[tuple[str, str]]) -> None:
    """An expander per serving output with its cost build-up (Keterlacakan)."""
    tree = data.cost_tree(satker, year)
    if tree.empty:
        st.caption(t("cost.none"))
        return
    for code, name in outputs:
        shown = build_up(tree, code)
        if shown.empty:
            continue
        blocked = tree[(tree["output"] == code) & tree["blokir"]]["jumlah"].sum()
        title = t("cost.build_up", output=code, name=name)
        if blocked:
            title += " · " + t("cost.blocked", amount=rupiah(int(blocked)))
        with st.expander(title):
            st.table(shown, hide_index=True)


def per_output(satker: str, year: int) -> pd.DataFrame:
    """Per RO: Jumlah, costed, blokir, sumber dana (Cakupan)."""
    return data.cost_outputs(satker, year)


def per_indicator(coverage: pd.DataFrame, outputs: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: the blocked money and the funding sources of the outputs serving it."""
    by_code = {r["output"]: r for r in outputs.to_dict("records")}
    rows = []
    for r in coverage.to_dict("records"):
        serving = [by_code[c] for c in dict.fromkeys(r["outputs"] or []) if c in by_code]
        if not any(s["has_cost"] for s in serving):
            continue
        sources = sorted({x for s in serving for x in (s["sumber_dana"] or [])})
        rows.append(
            {
                "level": r["level"],
                "owner": r["owner"],
                "code": r["code"],
                "seq": r["seq"],
                "text": r["text"],
                "outputs": [s["output"] for s in serving],
                "jumlah": sum(int(s["jumlah"] or 0) for s in serving),
                "blokir": sum(int(s["blokir"] or 0) for s in serving),
                "sumber_dana": sources,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "level",
            "owner",
            "code",
            "seq",
            "text",
            "outputs",
            "jumlah",
            "blokir",
            "sumber_dana",
        ],
    )


def show_cakupan(satker: str, year: int, stem: str, indicator_name) -> None:  # type: ignore[no-untyped-def]
    """Cakupan's section: blokir and sumber dana per RO and per indicator."""
    st.subheader(t("cost.cakupan"))
    outputs = per_output(satker, year)
    if outputs.empty or not outputs["has_cost"].any():
        st.caption(t("cost.none"))
        return
    costed = outputs[outputs["has_cost"]]
    shown = pd.DataFrame(
        {
            t("col.output"): costed["output"],
            t("col.name"): costed["name"],
            t("col.jumlah"): [rupiah(v) for v in costed["jumlah"]],
            t("cost.costed"): [rupiah(v) for v in costed["costed"]],
            t("cost.blokir"): [rupiah(v) for v in costed["blokir"]],
            t("cost.sumber_dana"): [", ".join(v or []) for v in costed["sumber_dana"]],
        }
    )
    export.table(costed, f"{stem}_blokir_ro", "cost.per_output", display=shown)
    table = per_indicator(data.coverage_table(satker, year), outputs)
    if table.empty:
        return
    shown = pd.DataFrame(
        {
            t("col.indicator"): [indicator_name(r) for r in table.to_dict("records")],
            t("col.text"): table["text"],
            t("col.output"): [", ".join(v) for v in table["outputs"]],
            t("cost.blokir"): [rupiah(v) for v in table["blokir"]],
            t("cost.sumber_dana"): [", ".join(v) for v in table["sumber_dana"]],
        }
    )
    export.table(table, f"{stem}_blokir_indikator", "cost.per_indicator", display=shown)
