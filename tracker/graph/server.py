"""The project's own Neo4j: started from the Maven-fetched jars so a planner needs only Java,
not Docker or a tarball download.

One server per home folder (``TRACKER_NEO4J_HOME``): its conf, data, logs, generated password
and the pid of the Java process all live there, so several checkouts or test runs can each
keep their own server on their own port. A server given by ``NEO4J_URI`` is never started or
stopped here, only checked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from tracker.config import PROJECT_ROOT, Settings, ensure_local_password
from tracker.graph import limits

NEO4J_DIR = PROJECT_ROOT / "neo4j"
LIB_DIR = NEO4J_DIR / "lib"
POM = NEO4J_DIR / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
HEAP = "512m"
PAGECACHE = "256m"
DEFAULT_START_TIMEOUT = 120.0
DEFAULT_STOP_TIMEOUT = 60.0

# The Neo4j launcher script normally adds these; running the entry point directly we must.
JVM_OPTIONS = [
    f"-Xms{HEAP}",
    f"-Xmx{HEAP}",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]

# Popen objects of servers this process started, so stop() can reap them (no zombies).
_children: dict[int, subprocess.Popen[bytes]] = {}


class ServerError(Exception):
    """An expected failure (no Java, port taken, Maven offline, …): the message says what to do,
    so the CLI prints it without a traceback."""

    def __init__(self, message: str, log_tail: str = "") -> None:
        super().__init__(message)
        self.log_tail = log_tail


@dataclass(frozen=True)
class StartResult:
    uri: str
    pid: int | None  # None for an external server or one we found answering without a pid
    started: bool  # False when it was already running (or external)
    seconds: float
    external: bool = False


@dataclass(frozen=True)
class ServerStatus:
    uri: str
    running: bool
    external: bool
    pid: int | None
    version: str | None = None
    edition: str | None = None
    nodes: int | None = None
    problem: str | None = None  # why it is not usable, when it isn't


# ---------------------------------------------------------------- paths inside a home folder


def pid_file(home: Path) -> Path:
    return home / "neo4j.pid"


def console_log(home: Path) -> Path:
    return home / "logs" / "console.log"


def _password_marker(home: Path) -> Path:
    """Exists once the initial password was replaced by ours: from then on the default
    neo4j/neo4j login must never be tried again."""
    return home / "data" / ".tracker-password-set"


def write_conf(home: Path, port: int) -> Path:
    """A minimal conf: Bolt only, on loopback, with small memory (several servers share a
    laptop or CI runner). Rewritten on every start so a port change takes effect."""
    conf_dir = home / "conf"
    conf_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("data", "logs", "plugins", "import"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by tracker.graph.server on every `tracker db start`; edits are overwritten.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.plugins={home / 'plugins'}",
        f"server.directories.import={home / 'import'}",
        f"server.memory.heap.initial_size={HEAP}",
        f"server.memory.heap.max_size={HEAP}",
        f"server.memory.pagecache.size={PAGECACHE}",
        "db.tx_log.rotation.retention_policy=100M size",
        "dbms.usage_report.enabled=false",
        # Timeout and memory budgets, so the server kills a runaway transaction itself.
        *limits.conf_lines(),
        # Bolt otherwise idles ~10 s on shutdown waiting for connections that are long gone.
        "internal.server.bolt.connection_shutdown_wait_time=1s",
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    ]
    path = conf_dir / "neo4j.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- process bookkeeping


def _cmdline(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.replace(b"\0", b" ").decode(errors="replace")


def _alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            return False
    return True


def _is_our_server(pid: int, home: Path) -> bool:
    """The recorded pid still runs *this home's* Neo4j (guards against pid reuse)."""
    if not _alive(pid):
        return False
    cmd = _cmdline(pid)
    if cmd is None:  # no /proc (macOS): trust the pid file
        return True
    return ENTRY_POINT in cmd and f"--home-dir={home}" in cmd


def running_pid(home: Path) -> int | None:
    """The pid of this home's live server, or None (a stale pid file is removed)."""
    path = pid_file(home)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    if _is_our_server(pid, home):
        return pid
    path.unlink(missing_ok=True)
    return None


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when something already listens on the port (SO_REUSEADDR so a previous server's
    TIME_WAIT sockets do not count as taken)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False


def log_tail(home: Path, lines: int = 25) -> str:
    path = console_log(home)
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


def _diagnose(log: str, port: int) -> str:
    """The likely cause, read from the server's own words."""
    if "BindException" in log or "Address already in use" in log:
        return f"port {port} is already in use; set TRACKER_NEO4J_PORT to a free port"
    if "UnsupportedClassVersionError" in log:
        return "Java is too old for Neo4j 5.26: install Java 17 or 21"
    if "StoreLockException" in log or "Unable to obtain lock" in log:
        return "another Neo4j process is using this data folder"
    if "OutOfMemoryError" in log:
        return "the Java heap ran out of memory"
    if "Invalid configuration" in log or "Unrecognized setting" in log:
        return "Neo4j rejected the generated configuration"
    return "see the Neo4j log above"


# ---------------------------------------------------------------- prerequisites


def java_executable() -> str:
    """Java from JAVA_HOME if set, else PATH; Neo4j 5.26 needs 17 or 21."""
    java_home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(java_home) / "bin" / "java")] if java_home else []
    found = shutil.which("java")
    if found:
        candidates.append(found)
    for candidate in candidates:
        if Path(candidate).exists():
            java = candidate
            break
    else:
        raise ServerError(
            "Java was not found (neither JAVA_HOME nor `java` on PATH). Install a Java 17 or 21 "
            "runtime (e.g. `apt-get install openjdk-17-jre-headless`), or point NEO4J_URI at an "
            "existing Neo4j server instead."
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if match:
        major = int(match.group(1))
        if major == 1:  # "1.8.0_…" style
            major = int(match.group(2) or 0)
        if major < 17:
            raise ServerError(
                f"{java} is Java {major}; Neo4j 5.26 needs Java 17 or 21. Install one and set "
                "JAVA_HOME to it."
            )
    return java


def jars_present() -> bool:
    return LIB_DIR.is_dir() and any(LIB_DIR.glob("neo4j-server-*.jar"))


def ensure_jars() -> None:
    """Fetch the Neo4j jars with Maven on first use (neo4j/lib is git-ignored)."""
    if jars_present():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            f"The Neo4j jars are missing from {LIB_DIR} and Maven (`mvn`) is not installed. "
            f"Install Maven and run `mvn -q -B -f {POM} package`, or point NEO4J_URI at an "
            "existing Neo4j server."
        )
    out = subprocess.run(
        [mvn, "-q", "-B", "-f", str(POM), "package"],
        capture_output=True,
        text=True,
        check=False,
        cwd=NEO4J_DIR,
    )
    if out.returncode != 0 or not jars_present():
        text = out.stdout + out.stderr
        offline = re.search(
            r"Could not (transfer|resolve)|could not be resolved|Cannot access|UnknownHost"
            r"|offline|Connection refused|timed out",
            text,
            re.IGNORECASE,
        )
        cause = (
            "Maven could not download from Maven Central (offline, proxy or firewall?)"
            if offline
            else "Maven failed"
        )
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
        boilerplate = re.compile(
            r"^\[ERROR\]\s*($|\[Help \d|To see the full|Re-run Maven|For more information)"
        )
        errors = [ln for ln in text.splitlines() if "[ERROR]" in ln and not boilerplate.search(ln)]
        tail = "\n".join((errors or text.strip().splitlines())[:8])
        raise ServerError(
            f"Could not fetch the Neo4j jars into {LIB_DIR}: {cause}. "
            f"Retry `mvn -B -f {POM} package` when online.",
            log_tail=tail,
        )


# ---------------------------------------------------------------- talking to the server


def _answers(uri: str, auth: tuple[str, str]) -> bool:
    """True when the server accepts these credentials; AuthError propagates."""
    # Both timeouts: a program that accepts TCP but never speaks Bolt would hold us 60 s.
    with GraphDatabase.driver(
        uri, auth=auth, connection_timeout=3.0, connection_acquisition_timeout=5.0
    ) as driver:
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, OSError):
            return False
    return True


def _set_initial_password(uri: str, home: Path, password: str) -> None:
    """Replace the factory login of a fresh data folder; the only use of neo4j/neo4j."""
    with GraphDatabase.driver(
        uri, auth=("neo4j", "neo4j"), connection_timeout=3.0, connection_acquisition_timeout=5.0
    ) as driver:
        driver.execute_query(
            "ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO $pw",
            pw=password,
            database_="system",
        )
    marker = _password_marker(home)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("initial password replaced\n", encoding="utf-8")


def _ready(settings: Settings, password: str) -> bool:
    """One readiness probe; sets the password the first time a fresh server answers."""
    port = settings.bolt_port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        if sock.connect_ex(("127.0.0.1", port)) != 0:
            return False
    try:
        return _answers(settings.uri, (settings.user, password))
    except AuthError:
        if _password_marker(settings.home).exists():
            raise ServerError(
                f"The server on port {port} rejects the password in {settings.home}/password. "
                "The data folder was initialised with another password; stop that server, or "
                "use a fresh TRACKER_NEO4J_HOME."
            ) from None
        try:
            _set_initial_password(settings.uri, settings.home, password)
        except (ServiceUnavailable, SessionExpired):
            return False
        except (AuthError, Neo4jError) as exc:
            raise ServerError(
                f"Could not set the initial password of the server on port {port}: {exc}"
            ) from None
        return _answers(settings.uri, (settings.user, password))


# ---------------------------------------------------------------- lifecycle


def start(
    settings: Settings,
    timeout: float = DEFAULT_START_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> StartResult:
    """Start this home's server (or find it running) and wait until Bolt answers with our
    password. Raises ServerError with the likely cause and the log tail on failure."""
    say = progress or (lambda _msg: None)
    t0 = time.monotonic()
    if settings.external:
        from tracker.graph.db import verify  # late: tracker.graph.db imports nothing from here

        verify(settings)
        return StartResult(settings.uri, None, False, time.monotonic() - t0, external=True)

    home, port = settings.home, settings.bolt_port
    pid = running_pid(home)
    if pid is not None:
        password = ensure_local_password(home)
        _wait(settings, password, pid, timeout, t0, stop_on_failure=False)
        return StartResult(settings.uri, pid, False, time.monotonic() - t0)

    if port_in_use(port):
        # Ours after all if it accepts this home's password (its pid file was lost).
        with contextlib.suppress(AuthError, ServerError, Neo4jError, OSError):
            if _password_marker(home).exists() and _answers(
                settings.uri, (settings.user, ensure_local_password(home))
            ):
                return StartResult(settings.uri, None, False, time.monotonic() - t0)
        raise ServerError(
            f"Port {port} on 127.0.0.1 is already taken by another program, so Neo4j cannot "
            f"listen there. Set TRACKER_NEO4J_PORT to a free port, or stop what uses {port}."
        )

    java = java_executable()
    password = ensure_local_password(home)
    if not jars_present():
        say(f"Fetching the Neo4j jars with Maven into {LIB_DIR} (first run only)…")
    ensure_jars()
    write_conf(home, port)
    log_path = console_log(home)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        java,
        *JVM_OPTIONS,
        "-cp",
        f"{LIB_DIR}{os.sep}*",
        ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
        "--console-mode",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=home,
            start_new_session=True,  # Ctrl-C in the terminal must not kill the database
        )
    _children[proc.pid] = proc
    pid_file(home).write_text(f"{proc.pid}\n", encoding="utf-8")
    say(f"Started Neo4j (pid {proc.pid}); waiting for Bolt on port {port}")
    _wait(settings, password, proc.pid, timeout, t0, stop_on_failure=True)
    return StartResult(settings.uri, proc.pid, True, time.monotonic() - t0)


def _wait(
    settings: Settings,
    password: str,
    pid: int,
    timeout: float,
    t0: float,
    stop_on_failure: bool,
) -> None:
    home, port = settings.home, settings.bolt_port
    deadline = t0 + timeout
    while True:
        if not _alive(pid):
            pid_file(home).unlink(missing_ok=True)
            tail = log_tail(home)
            raise ServerError(
                f"Neo4j exited during start-up: {_diagnose(tail, port)}.", log_tail=tail
            )
        try:
            if _ready(settings, password):
                return
        except ServerError:
            if stop_on_failure:
                _terminate(pid, DEFAULT_STOP_TIMEOUT)
                pid_file(home).unlink(missing_ok=True)
            raise
        if time.monotonic() > deadline:
            if stop_on_failure:
                _terminate(pid, DEFAULT_STOP_TIMEOUT)
                pid_file(home).unlink(missing_ok=True)
            tail = log_tail(home)
            raise ServerError(
                f"Neo4j did not answer on port {port} within {timeout:.0f} s "
                f"({_diagnose(tail, port)}); raise --timeout on a slow machine.",
                log_tail=tail,
            )
        time.sleep(0.25)


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM (Neo4j shuts down cleanly), SIGKILL if it is still there after the timeout."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            child = _children.get(pid)
            if child is not None:
                child.wait(10)
            break
        time.sleep(0.1)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(10)


def stop(settings: Settings, timeout: float = DEFAULT_STOP_TIMEOUT) -> int | None:
    """End exactly the recorded server process. Returns its pid, or None if none was running."""
    if settings.external:
        return None
    pid = running_pid(settings.home)
    if pid is None:
        pid_file(settings.home).unlink(missing_ok=True)
        return None
    _terminate(pid, timeout)
    pid_file(settings.home).unlink(missing_ok=True)
    return pid


def status(settings: Settings) -> ServerStatus:
    """What `tracker db status` reports; never raises for an unreachable server."""
    from tracker.graph.db import DatabaseUnavailable, open_driver

    pid = None if settings.external else running_pid(settings.home)
    if not settings.external and pid is None and not port_in_use(settings.bolt_port):
        return ServerStatus(settings.uri, False, False, None, problem="not running")
    try:
        with open_driver(settings) as driver:
            records, _, _ = driver.execute_query(
                "CALL dbms.components() YIELD name, versions, edition "
                "RETURN name, versions[0] AS version, edition",
                database_="system",
            )
            counted, _, _ = driver.execute_query(
                "MATCH (n) RETURN count(n) AS nodes", database_=settings.database
            )
    except DatabaseUnavailable as exc:
        problem = str(exc)
        if not settings.external and pid is None:
            problem = (
                f"no server from {settings.home} is running, and another program listens on "
                f"port {settings.bolt_port}: set TRACKER_NEO4J_PORT to a free port"
            )
        return ServerStatus(settings.uri, False, settings.external, pid, problem=problem)
    component = records[0] if records else None
    return ServerStatus(
        settings.uri,
        True,
        settings.external,
        pid,
        version=component["version"] if component else None,
        edition=component["edition"] if component else None,
        nodes=counted[0]["nodes"],
    )
