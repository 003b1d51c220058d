"""The Streamlit dashboard (``streamlit run app.py``): one module per page under ``pages``,
and the few shared parts every page uses: ``data`` (the only door to Neo4j), ``i18n`` (every
word on screen), ``fmt`` (Rupiah), ``export`` (CSV/Excel), ``auth`` (who may do what) and
``selection`` (the satker-year chosen in the sidebar) and ``nav`` (the pages)."""
