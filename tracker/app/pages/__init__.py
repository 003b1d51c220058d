"""One module per dashboard page. Streamlit runs each file as a script (``__name__`` is
``"__main__"`` then), so each ends with ``if __name__ == "__main__": render()`` and stays
importable for tests and readers."""
