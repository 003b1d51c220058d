"""Every setting the code reads is declared in tracker.config and named in the README's
configuration table: a variable nobody can find is a variable nobody sets right."""

from __future__ import annotations

import re

from tracker.config import PROJECT_ROOT, documented_settings

# A quoted TRACKER_*/NEO4J_* literal is how the code names a variable it reads or sets
# (os.environ.get("TRACKER_X"), env["TRACKER_X"] = …); Python constants such as NEO4J_DIR
# are not quoted, so they do not count.
VARIABLE = re.compile(r"""["']((?:TRACKER|NEO4J)_[A-Z0-9_]+)["']""")


def _read_by_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((PROJECT_ROOT / "tracker").rglob("*.py")):
        for name in VARIABLE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, str(path.relative_to(PROJECT_ROOT)))
    return found


def _readme_table() -> set[str]:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return {name for row in rows for name in re.findall(r"`((?:TRACKER|NEO4J)_[A-Z0-9_]+)`", row)}


def test_the_code_reads_only_declared_settings() -> None:
    undeclared = {
        name: where for name, where in _read_by_code().items() if name not in documented_settings()
    }
    assert not undeclared, f"declare these in tracker/config.py Config: {undeclared}"


def test_every_declared_setting_is_in_the_readme_table() -> None:
    missing = sorted(set(documented_settings()) - _readme_table())
    assert not missing, f"add these to the README's configuration table: {missing}"


def test_every_setting_has_a_meaning() -> None:
    settings = documented_settings()
    assert "TRACKER_DECISIONS_FILE" in settings and "TRACKER_CHROMIUM" in settings
    assert all(len(meaning) > 10 for meaning in settings.values())
