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
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_ROOT / "var" / "neo4j"
DEFAULT_PORT = 7687


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
    return Path(os.environ.get("TRACKER_NEO4J_HOME", DEFAULT_HOME)).resolve()


def local_port() -> int:
    return int(os.environ.get("TRACKER_NEO4J_PORT", DEFAULT_PORT))


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
    env = dict(os.environ if env is None else env)
    home = Path(env.get("TRACKER_NEO4J_HOME", DEFAULT_HOME)).resolve()
    port = int(env.get("TRACKER_NEO4J_PORT", DEFAULT_PORT))
    database = env.get("NEO4J_DATABASE") or "neo4j"
    uri = env.get("NEO4J_URI")
    if uri:
        return Settings(
            uri=uri,
            user=env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or "neo4j",
            password=env.get("NEO4J_PASSWORD", ""),
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
