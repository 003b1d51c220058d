"""Every table the app shows can be taken away as CSV and Excel.

Files are built only when the button is pressed (Streamlit's deferred ``data`` callables), so
a page with many tables pays nothing for the exports nobody asks for. Downloads carry the raw
values (whole Rupiah as integers), not the formatted text the screen shows, so a spreadsheet
can sum them.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from tracker.app.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (``=HYPERLINK(…)`` typed into an RKA or a
    decision note) is kept as text by a leading apostrophe; lists become readable text."""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe(df: pd.DataFrame) -> pd.DataFrame:
    return df.map(_cell) if not df.empty else df


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark: Excel on Windows then reads the accents right."""
    return safe(df).to_csv(index=False).encode("utf-8-sig")


def to_excel(df: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame = safe(df)
        for column in frame.select_dtypes(include=["datetimetz"]).columns:
            frame[column] = frame[column].dt.tz_localize(None)  # Excel has no time zones
        frame.to_excel(writer, index=False, sheet_name=_sheet_name(sheet))
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    """Excel refuses sheet names over 31 characters or with ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "data"


def file_stem(*parts: object) -> str:
    """``("keterlacakan", "670714", 2020)`` → ``keterlacakan_670714_2020``."""
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "data"


def headed(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as the screen shows it: each column under its name in the session's language
    (``col.<column>``), the values as they are."""
    return df.rename(columns=lambda column: t(f"col.{column}"))


def download_buttons(
    df: pd.DataFrame,
    stem: str,
    key: str,
    *,
    csv: Callable[[], bytes] | None = None,
    xlsx: Callable[[], bytes] | None = None,
) -> None:
    """A CSV and an Excel button side by side for ``df``; the files are built on click only,
    by ``csv``/``xlsx`` where the caller has its own export (the audit results)."""
    row = st.container(horizontal=True, gap="small")
    csv = csv or (lambda: to_csv(df))
    xlsx = xlsx or (lambda: to_excel(df, stem))
    row.download_button(
        t("export.csv"),
        data=csv,
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}.csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        t("export.xlsx"),
        data=xlsx,
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}.xlsx",
        on_click="ignore",
        icon=":material/table_view:",
    )


def table(
    df: pd.DataFrame,
    stem: str,
    key: str,
    *,
    display: pd.DataFrame | None = None,
    static: bool = False,
    height: int | str = "auto",
) -> None:
    """Show a table and its download buttons.

    ``display`` is what the screen shows (money formatted, columns translated) when it differs
    from the raw ``df`` that is downloaded. ``static`` renders an HTML table instead of the
    interactive grid: small answers read better that way and their text is in the page.
    """
    shown = df if display is None else display
    if df.empty:
        st.caption(t("table.empty"))
        return
    if static:
        st.table(shown, hide_index=True)
    else:
        if height == "auto":  # fit short tables instead of padding them with empty rows
            height = min(400, 35 * (len(shown) + 1) + 3)
        st.dataframe(shown, hide_index=True, height=height, width="stretch")
    download_buttons(df, stem, key)
