"""Where the database is and how to reach it, decided in one place.

Two modes, because the same code must serve a planner's laptop and a shared cluster:

* ``NEO4J_URI`` set (``bolt://``, ``neo4j://``, ``neo4j+s://`` for Aura or a cluster): use that
  server with ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``; the project starts nothing.
* otherwise: the project's own Neo4j (``tracker db start``) on 127.0.0.1, whose password is
  generated on first start and kept in an ignored file with mode 600. No default password ships.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_ROOT / "var" / "neo4j"
DEFAULT_PORT = 7687


def _setting(env: str, default: str, meaning: str) -> Any:
    """A :class:`Config` field read from the variable ``env``: the README's configuration
    table lists each of them (``tests/test_settings_documented.py`` checks it)."""
    return field(default=default, metadata={"env": env, "meaning": meaning})


@dataclass(frozen=True)
class Config:
    """Every environment variable the project reads, with its meaning and default, in one
    place (as neomodel's config names its own). Values stay the strings the environment gave
    (``""`` when unset); the typed reading lives in the properties below, so a module asks
    ``config().decisions_file`` instead of looking at ``os.environ`` itself."""

    neo4j_uri: str = _setting(
        "NEO4J_URI",
        "",
        "use this server instead of starting one (`bolt://`, `neo4j://`, `neo4j+s://` for Aura "
        "or a cluster)",
    )
    neo4j_user: str = _setting("NEO4J_USER", "", "user name on that server (`neo4j` if unset)")
    neo4j_username: str = _setting("NEO4J_USERNAME", "", "the same, as Aura's files name it")
    neo4j_password: str = _setting("NEO4J_PASSWORD", "", "password on that server")
    neo4j_database: str = _setting("NEO4J_DATABASE", "", "database to use (`neo4j` if unset)")
    neo4j_home: str = _setting(
        "TRACKER_NEO4J_HOME", "", "folder of the project's own server (`var/neo4j`)"
    )
    neo4j_port: str = _setting(
        "TRACKER_NEO4J_PORT", "", "Bolt port of the project's own server (`7687`)"
    )
    audit_log: str = _setting(
        "TRACKER_AUDIT_LOG", "", "append-only log of audit runs (`var/audit-log.jsonl`)"
    )
    decisions_file: str = _setting(
        "TRACKER_DECISIONS_FILE",
        "",
        "CSV the link decisions are exported to and imported from "
        "(`seeds/link_decisions.csv`; the tests move it into `var/`)",
    )
    user: str = _setting(
        "TRACKER_USER",
        "",
        "who runs a command, for decisions and the audit log (the OS account if unset)",
    )
    role_claim: str = _setting(
        "TRACKER_ROLE_CLAIM", "", "sign-in claim holding roles (overrides `[tracker.access]`)"
    )
    access_file: str = _setting(
        "TRACKER_ACCESS_FILE", "", "e-mail/domain → role mapping file (likewise)"
    )
    unknown_user: str = _setting(
        "TRACKER_UNKNOWN_USER", "", "`refuse` or `viewer` for people no rule names (likewise)"
    )
    allow_remote: str = _setting(
        "TRACKER_ALLOW_REMOTE",
        "",
        "`1`: serve local mode (no sign-in) beyond loopback, a proxy or firewall deciding who "
        "gets in",
    )
    app_warmup: str = _setting(
        "TRACKER_APP_WARMUP",
        "",
        "`0`: do not compute the national tables in the background when the app starts",
    )
    max_upload_mb: str = _setting(
        "TRACKER_MAX_UPLOAD_MB",
        "",
        "largest document the app's Muat page accepts, in MB (`20`; Streamlit's own "
        "`maxUploadSize` in `.streamlit/config.toml` must not be lower)",
    )
    chromium: str = _setting(
        "TRACKER_CHROMIUM",
        "",
        "Chromium the browser tests and `tracker bench ui` drive (`/usr/bin/chromium`)",
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        return _config(tuple(env.get(f.metadata["env"], "") for f in fields(cls)))

    @property
    def decisions_path(self) -> Path:
        return Path(self.decisions_file or PROJECT_ROOT / "seeds" / "link_decisions.csv")

    @property
    def audit_log_path(self) -> Path:
        return Path(self.audit_log) if self.audit_log else PROJECT_ROOT / "var" / "audit-log.jsonl"

    @property
    def remote_allowed(self) -> bool:
        return self.allow_remote.strip().lower() in ("1", "true", "yes")

    @property
    def warmup(self) -> bool:
        return self.app_warmup != "0"

    @property
    def max_upload_bytes(self) -> int:
        """The upload cap; a value that is not a positive number falls back to 20 MB."""
        try:
            mb = float(self.max_upload_mb) if self.max_upload_mb.strip() else 20.0
        except ValueError:
            mb = 20.0
        return int((mb if mb > 0 else 20.0) * 1024 * 1024)

    @property
    def chromium_path(self) -> str:
        return self.chromium or "/usr/bin/chromium"


@lru_cache(maxsize=8)
def _config(values: tuple[str, ...]) -> Config:
    return Config(*values)


def config(env: Mapping[str, str] | None = None) -> Config:
    """The settings of this environment. Parsed once per distinct set of values, so a test
    that changes a variable sees the change, and nobody else pays for re-reading."""
    return Config.from_env(env)


def documented_settings() -> dict[str, str]:
    """Variable → meaning, for the README's table and its test."""
    return {f.metadata["env"]: f.metadata["meaning"] for f in fields(Config)}


@dataclass(frozen=True)
class Settings:
    uri: str
    user: str
    password: str
    database: str
    external: bool  # True: a server we must not start or stop
    home: Path  # local server's folder (data, logs, conf, pid, password)
    bolt_port: int

    @property
    def display_uri(self) -> str:
        return self.uri


def local_home() -> Path:
    return Path(config().neo4j_home or DEFAULT_HOME).resolve()


def local_port() -> int:
    return int(config().neo4j_port or DEFAULT_PORT)


def password_file(home: Path | None = None) -> Path:
    return (home or local_home()) / "password"


def ensure_local_password(home: Path | None = None) -> str:
    """Create the local server's password once; later calls read it back."""
    path = password_file(home)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    pw = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(pw + "\n")
    return pw


def load_settings(env: dict[str, str] | None = None) -> Settings:
    cfg = config(env)
    home = Path(cfg.neo4j_home or DEFAULT_HOME).resolve()
    port = int(cfg.neo4j_port or DEFAULT_PORT)
    database = cfg.neo4j_database or "neo4j"
    uri = cfg.neo4j_uri
    if uri:
        return Settings(
            uri=uri,
            user=cfg.neo4j_user or cfg.neo4j_username or "neo4j",
            password=cfg.neo4j_password,
            database=database,
            external=True,
            home=home,
            bolt_port=port,
        )
    pw_path = password_file(home)
    password = pw_path.read_text(encoding="utf-8").strip() if pw_path.exists() else ""
    return Settings(
        uri=f"bolt://127.0.0.1:{port}",
        user="neo4j",
        password=password,
        database=database,
        external=False,
        home=home,
        bolt_port=port,
    )
