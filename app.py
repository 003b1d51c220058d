"""The dashboard: ``streamlit run app.py``.

This file wraps every page: page setup, the sidebar, the database checks, and
the choice between a page, the first-run screen (empty database) and the unreachable screen.
The pages themselves live in ``tracker/app/pages/``, one module each.
"""

from __future__ import annotations

import streamlit as st

from tracker.app import auth, data, nav, screens, selection
from tracker.app.i18n import t


def main() -> None:
    # No page_icon: a Material icon favicon is fetched from fonts.gstatic.com, which offices
    # behind closed networks cannot reach.
    st.set_page_config(page_title=t("app.title"), layout="wide")
    selection.language_picker()
    auth.gate()  # sign-in, or local mode only where it is safe; stops the run otherwise
    page, spec = nav.navigation()
    try:
        data.driver()
        data.sync()
        empty = data.document_count() == 0
        selection.store(selection.Selection(None, None) if empty else selection.selection_picker())
        selection.user_box()
        if empty and spec.needs_data:
            screens.first_run()
            return
        page.run()
        if spec.key != "nasional":
            data.warm_national(selection.current().year)
    except data.DB_ERRORS as exc:
        screens.unreachable(exc)


main()
