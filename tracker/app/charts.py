"""Bar charts of Rupiah per indicator, drawn with Vega-Lite (Altair): lighter in the browser
than Plotly, which the app keeps for the Sankey diagram only. Amounts read the Indonesian way
on the axis and in the tooltips."""

from __future__ import annotations

import altair as alt
import pandas as pd

from tracker.app.fmt import rupiah
from tracker.app.i18n import t
from tracker.app.network import COVERAGE_COLOURS

# Vega's number format groups with commas; swap them for the dots Indonesian readers expect.
_RUPIAH_AXIS = "'Rp ' + replace(format(datum.value, ',d'), regexp(',', 'g'), '.')"


def stacked_bars(df: pd.DataFrame, label: str, text: str) -> alt.Chart:
    """Horizontal bars, one per ``label``, stacked by coverage ``status`` (the raw status
    names), sized by ``jumlah``; ``text`` is shown in the tooltip."""
    data = df.assign(
        status_name=[t(f"coverage.{s}") for s in df["status"]],
        rupiah=[rupiah(v) for v in df["jumlah"]],
    )
    statuses = [s for s in COVERAGE_COLOURS if s in set(df["status"])]
    scale = alt.Scale(
        domain=[t(f"coverage.{s}") for s in statuses],
        range=[COVERAGE_COLOURS[s] for s in statuses],
    )
    height = max(120, 30 * df[label].nunique())
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(jumlah):Q",
                title=t("col.jumlah"),
                axis=alt.Axis(labelExpr=_RUPIAH_AXIS, labelOverlap=True, tickCount=4),
            ),
            y=alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("status_name:N", title=t("col.status"), scale=scale),
            order=alt.Order("status:N"),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=t("col.indicator")),
                alt.Tooltip(f"{text}:N", title=t("col.text")),
                alt.Tooltip("status_name:N", title=t("col.status")),
                alt.Tooltip("rupiah:N", title=t("col.jumlah")),
            ],
        )
        .properties(height=height)
    )
