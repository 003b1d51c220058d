"""Who may do what: roles, their rights, and how a signed-in person gets a role.

The dashboard changes shared data (link decisions, loaded documents) and shows audit results,
so where it is shared each person signs in through the office's identity provider and gets one
role. The rules live here, free of Streamlit, so that they can be tested alone and so that the
write paths themselves (``tracker.trace.decisions``, the app's loader calls, the Audit
page) can refuse a person, not only the buttons that lead to them.

Roles, from least to most (the rank decides when a person has several):

* ``viewer``: reads every page except Audit;
* ``perencana`` (planner): also confirms, rejects and adds links, and loads documents;
* ``perencana_pusat`` (central planner): a perencana whose link decisions may also be
  *national* (``link.decide_national``): one decision on a pair of texts applies to every
  satker-year holding it, so it is kept from satker planners, who see one office only;
* ``auditor``: a viewer who may also use the Audit page and its console;
* ``admin``: everything, plus deleting a document.

A person's role comes from, in this order: their e-mail in the mapping file; the identity
provider's role claim (``roles``, ``groups``, or a dotted path like ``realm_access.roles``);
their e-mail's domain in the mapping file (``"@kpu.go.id": viewer``); and last the policy for
unknown people, which either makes them viewers or refuses them (the default: with Google as
the provider, "unknown" can mean anyone with a Google account).

Without sign-in configured the app runs in local mode: one person, the account running
Streamlit, with every right. That is only safe when nobody else can reach the server, so
:func:`check_serving` refuses local mode on any address but loopback unless
``TRACKER_ALLOW_REMOTE=1`` says a proxy or firewall in front already decides who gets in.
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from tracker.config import PROJECT_ROOT, config

Role = Literal["viewer", "perencana", "perencana_pusat", "auditor", "admin"]
# rank: later wins
ROLES: tuple[Role, ...] = ("viewer", "perencana", "perencana_pusat", "auditor", "admin")

Action = Literal[
    "view",  # read the pages
    "link.decide",  # confirm, reject or add a SERVES link
    "link.decide_national",  # the same, for every satker-year holding the pair of texts
    "document.load",  # load an RKA document (upload or seeds)
    "audit.run",  # open the Audit page and run a saved audit query
    "audit.console",  # type and run ad-hoc read-only Cypher
    "document.delete",  # remove a loaded document
]
ACTIONS: tuple[Action, ...] = (
    "view",
    "link.decide",
    "link.decide_national",
    "document.load",
    "audit.run",
    "audit.console",
    "document.delete",
)

_VIEWER: frozenset[Action] = frozenset({"view"})
PERMISSIONS: dict[Role, frozenset[Action]] = {
    "viewer": _VIEWER,
    "perencana": _VIEWER | {"link.decide", "document.load"},
    "perencana_pusat": _VIEWER | {"link.decide", "link.decide_national", "document.load"},
    "auditor": _VIEWER | {"audit.run", "audit.console"},
    "admin": frozenset(ACTIONS),
}

UnknownPolicy = Literal["viewer", "refuse"]
UNKNOWN_POLICIES: tuple[UnknownPolicy, ...] = ("viewer", "refuse")
ALLOW_REMOTE_ENV = "TRACKER_ALLOW_REMOTE"
EXAMPLE_SECRETS = ".streamlit/secrets.toml.example"


class AccessError(Exception):
    """Base of the errors below."""


class AccessConfigError(AccessError):
    """The access settings or the mapping file are wrong; the message says where and why."""


class AccessRefused(AccessError):
    """A signed-in person who gets no role (the unknown-user policy is ``refuse``)."""


class PermissionDenied(AccessError, PermissionError):
    """A person tried an action their role does not allow. A ``PermissionError`` too, so code
    that already catches that (the app's error handling) shows it as a refusal."""

    def __init__(self, user: User, action: str) -> None:
        self.user, self.action = user, action
        allowed = " or ".join(roles_allowed(action)) or "nobody"
        super().__init__(
            f"{user.name} (role {user.role}) may not {DESCRIPTIONS.get(action, action)}: "
            f"that needs the role {allowed}"
        )


class UnsafeServing(AccessError):
    """Local mode (no sign-in) on an address other people can reach."""


DESCRIPTIONS: dict[str, str] = {
    "view": "view the dashboard",
    "link.decide": "confirm, reject or add links",
    "link.decide_national": "decide links nationally (every satker-year holding the pair)",
    "document.load": "load documents",
    "audit.run": "use the Audit page",
    "audit.console": "run ad-hoc queries in the audit console",
    "document.delete": "delete documents",
}


def _check_action(action: str) -> Action:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    return cast(Action, action)


def allowed(role: Role, action: str) -> bool:
    return _check_action(action) in PERMISSIONS[role]


def roles_allowed(action: str) -> tuple[Role, ...]:
    """The roles that may do ``action``, least first (for messages and the sign-in help)."""
    action = _check_action(action)
    return tuple(r for r in ROLES if action in PERMISSIONS[r])


@dataclass(frozen=True)
class User:
    """A person using the app. ``name`` is what decisions and audit runs record."""

    name: str
    role: Role
    mode: Literal["local", "oidc"]
    display_name: str = ""
    email: str | None = None
    source: str = ""  # how the role was decided, shown next to it

    def can(self, action: str) -> bool:
        return allowed(self.role, action)

    @property
    def label(self) -> str:
        return self.display_name or self.name


def require(user: User, action: str) -> None:
    """Refuse (``PermissionDenied``) unless ``user`` may do ``action``. Write paths call this
    themselves, so hiding a button is a courtesy, not the protection."""
    if not user.can(action):
        raise PermissionDenied(user, action)


def os_user() -> str:
    """The operating-system account running this process."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return os.environ.get("USER") or os.environ.get("USERNAME") or "local"


def default_user() -> str:
    """Who is running, for decisions and audit logs that name no one: ``TRACKER_USER`` if set
    (the app passes its signed-in user), else the operating-system account. The command line
    has no sign-in, so this is all it knows."""
    return config().user or os_user()


def local_user() -> User:
    """The one person of local mode: the OS account running the app, with every right."""
    return User(name=os_user(), role="admin", mode="local", source="local mode (no sign-in)")


# --- settings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessConfig:
    """How roles are found; from ``[tracker.access]`` in Streamlit secrets, overridden by
    ``TRACKER_ROLE_CLAIM`` / ``TRACKER_ACCESS_FILE`` / ``TRACKER_UNKNOWN_USER``."""

    role_claim: str | None = "roles"
    # an identity provider's own names for the roles (a Keycloak group path, an Entra app
    # role): value → role; role names themselves are always understood
    claim_values: Mapping[str, Role] = field(default_factory=dict)
    mapping_file: Path | None = None
    unknown_user: UnknownPolicy = "refuse"

    @classmethod
    def from_settings(
        cls, section: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
    ) -> AccessConfig:
        section = dict(section or {})
        cfg = config(env)
        where = "[tracker.access]"
        known = {"role_claim", "claim_values", "mapping_file", "unknown_user"}
        extra = sorted(set(section) - known)
        if extra:
            raise AccessConfigError(
                f"{where}: unknown setting(s) {extra}; expected {sorted(known)}"
            )
        claim = cfg.role_claim or section.get("role_claim", "roles")
        mapping = cfg.access_file or section.get("mapping_file")
        policy = cfg.unknown_user or section.get("unknown_user", "refuse")
        if policy not in UNKNOWN_POLICIES:
            raise AccessConfigError(
                f"{where} unknown_user (or TRACKER_UNKNOWN_USER) is {policy!r}; expected "
                f"one of {UNKNOWN_POLICIES}"
            )
        values = section.get("claim_values") or {}
        if not isinstance(values, Mapping):
            raise AccessConfigError(f"{where} claim_values must be a table of value = role")
        for value, role in values.items():
            if role not in ROLES:
                raise AccessConfigError(
                    f"{where} claim_values: {value!r} = {role!r} is not a role; expected one "
                    f"of {ROLES}"
                )
        path = None
        if mapping:
            path = Path(str(mapping)).expanduser()
            path = path if path.is_absolute() else PROJECT_ROOT / path
        return cls(
            role_claim=str(claim) if claim else None,
            claim_values={str(k): cast(Role, v) for k, v in values.items()},
            mapping_file=path,
            unknown_user=cast(UnknownPolicy, policy),
        )


@dataclass(frozen=True)
class RoleMap:
    """A mapping file read: exact e-mails and ``@domain`` entries, both lower-cased."""

    emails: Mapping[str, Role] = field(default_factory=dict)
    domains: Mapping[str, Role] = field(default_factory=dict)
    path: Path | None = None

    def source(self) -> str:
        return self.path.name if self.path else "mapping file"


EMPTY_MAPPING = RoleMap()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^@[^@\s]+\.[^@\s]+$")


def load_mapping(path: Path) -> RoleMap:
    """Read a mapping file (``users:`` of e-mail or ``@domain`` → role). Any mistake raises
    ``AccessConfigError`` naming the file and line; a half-read file is never used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AccessConfigError(f"{path}: cannot read the role mapping file: {exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise AccessConfigError(f"{path}{line}: not valid YAML: {problem}") from None

    def bad(node: yaml.Node | None, msg: str) -> AccessConfigError:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        return AccessConfigError(f"{path}{line}: {msg}")

    expected = "expected `users:` followed by lines `e-mail: role` (see access.example.yaml)"
    if root is None:
        return RoleMap(path=path)
    if not isinstance(root, yaml.MappingNode):
        raise bad(root, expected)
    users: yaml.Node | None = None
    for key, value in root.value:
        if key.value != "users":
            raise bad(key, f"unknown key {key.value!r}; {expected}")
        users = value
    if users is None or (isinstance(users, yaml.ScalarNode) and users.value in ("", "~")):
        return RoleMap(path=path)
    if not isinstance(users, yaml.MappingNode):
        raise bad(users, expected)
    emails: dict[str, Role] = {}
    domains: dict[str, Role] = {}
    for key, value in users.value:
        who = str(key.value).strip().lower()
        if not isinstance(value, yaml.ScalarNode) or value.value not in ROLES:
            shown = value.value if isinstance(value, yaml.ScalarNode) else "a list or table"
            raise bad(value, f"{who}: role {shown!r}; expected one of {', '.join(ROLES)}")
        if _DOMAIN.match(who):
            target = domains
        elif _EMAIL.match(who):
            target = emails
        else:
            raise bad(key, f"{who!r} is neither an e-mail address nor an @domain")
        if who in target:
            raise bad(key, f"{who} is listed twice")
        target[who] = cast(Role, value.value)
    return RoleMap(emails=emails, domains=domains, path=path)


# --- resolving a signed-in person ------------------------------------------------------------


def claim_path(claims: Mapping[str, Any], path: str) -> Any:
    """A claim by name, or by dotted path into nested claims (``realm_access.roles``)."""
    if path in claims:
        return claims[path]
    node: Any = claims
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _values(raw: Any) -> list[str]:
    """A claim's values: a list, or one string of comma- or space-separated names."""
    if raw is None:
        return []
    if isinstance(raw, str):
        return [v for v in re.split(r"[,\s]+", raw) if v]
    if isinstance(raw, Iterable) and not isinstance(raw, Mapping):
        return [str(v) for v in raw]
    return [str(raw)]


def role_from_claim(claims: Mapping[str, Any], config: AccessConfig) -> Role | None:
    """The highest-ranked known role among the claim's values; unknown values are ignored
    (providers send many groups that mean nothing here)."""
    if not config.role_claim:
        return None
    names = {k.lower(): v for k, v in config.claim_values.items()}
    found: set[Role] = set()
    for value in _values(claim_path(claims, config.role_claim)):
        role = names.get(value.lower()) or (value.lower() if value.lower() in ROLES else None)
        if role:
            found.add(cast(Role, role))
    return max(found, key=ROLES.index) if found else None


def identity(claims: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """(recorded name, display name, trusted e-mail). The e-mail is recorded when there is one
    (readable in the decisions file); an e-mail the provider marks unverified is not trusted."""
    email = claims.get("email")
    email = str(email).strip() if email else None
    if claims.get("email_verified") is False:
        email = None
    name = (
        email
        or claims.get("preferred_username")
        or claims.get("upn")
        or claims.get("name")
        or claims.get("sub")
    )
    if not name:
        raise AccessRefused("the identity provider sent no e-mail, user name or subject")
    display = str(claims.get("name") or name)
    return str(name), display, email


def resolve(
    claims: Mapping[str, Any], config: AccessConfig, mapping: RoleMap = EMPTY_MAPPING
) -> User:
    """The role of a signed-in person from their identity-token claims (``st.user``).

    Order: the mapping file's entry for the e-mail, the role claim, the mapping file's entry
    for the e-mail's domain, the unknown-user policy (``AccessRefused`` when it refuses).
    """
    name, display, email = identity(claims)
    address = email.lower() if email else None

    def user(role: Role, source: str) -> User:
        return User(name, role, "oidc", display_name=display, email=email, source=source)

    if address and address in mapping.emails:
        return user(mapping.emails[address], f"{mapping.source()}: {address}")
    role = role_from_claim(claims, config)
    if role:
        return user(role, f"claim {config.role_claim}")
    if address:
        domain = "@" + address.rpartition("@")[2]
        if domain in mapping.domains:
            return user(mapping.domains[domain], f"{mapping.source()}: {domain}")
    if config.unknown_user == "viewer":
        return user("viewer", "unknown user: viewer by policy")
    raise AccessRefused(
        f"{name} has no role here: no entry in the role mapping file and no known role in the "
        f"claim {config.role_claim!r}; ask an administrator to add you"
    )


# --- sign-in settings (Streamlit's [auth] section) -------------------------------------------

_SHARED_AUTH = ("redirect_uri", "cookie_secret")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def oidc_providers(auth: Mapping[str, Any] | None) -> list[str] | None:
    """``None`` when sign-in is not configured (no ``[auth]`` section: local mode); otherwise
    the providers ``st.login`` can use (``"default"`` for one configured in ``[auth]`` itself,
    else the names of ``[auth.NAME]`` tables). A half-done ``[auth]`` is an error, never a
    silent fall back to local mode, which would hand everyone every right."""
    if not auth:
        return None
    where = "[auth] in .streamlit/secrets.toml"
    missing = [k for k in _SHARED_AUTH if not auth.get(k)]
    if missing:
        raise AccessConfigError(f"{where} lacks {missing}; see {EXAMPLE_SECRETS}")
    if str(auth["cookie_secret"]).startswith("CHANGE-ME"):
        raise AccessConfigError(f"{where}: cookie_secret is still the example's placeholder")
    if not str(auth["redirect_uri"]).rstrip("/").endswith("/oauth2callback"):
        raise AccessConfigError(
            f"{where}: redirect_uri must be the app's address followed by /oauth2callback, "
            f"e.g. http://localhost:8501/oauth2callback; it is {auth['redirect_uri']!r}"
        )
    providers: list[str] = []
    if any(k in auth for k in _PROVIDER_KEYS):
        gaps = [k for k in _PROVIDER_KEYS if not auth.get(k)]
        if gaps:
            raise AccessConfigError(f"{where} lacks {gaps}; see {EXAMPLE_SECRETS}")
        providers.append("default")
    for name, table in auth.items():
        if isinstance(table, Mapping) and name != "client_kwargs":
            gaps = [k for k in _PROVIDER_KEYS if not table.get(k)]
            if gaps:
                raise AccessConfigError(f"[auth.{name}] lacks {gaps}; see {EXAMPLE_SECRETS}")
            providers.append(str(name))
    if not providers:
        raise AccessConfigError(
            f"{where} names no identity provider: give client_id, client_secret and "
            f"server_metadata_url; see {EXAMPLE_SECRETS}"
        )
    return providers


# --- where local mode may be served ------------------------------------------------------------


def is_loopback(address: str | None) -> bool:
    """Whether only this machine can reach ``address``. Unset or empty means Streamlit listens
    on every interface, which is not loopback."""
    if not address:
        return False
    host = address.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost: assume others can reach it


def remote_allowed(env: Mapping[str, str] | None = None) -> bool:
    return config(env).remote_allowed


def check_serving(
    address: str | None, signed_in: bool, env: Mapping[str, str] | None = None
) -> None:
    """Refuse (``UnsafeServing``) to serve local mode on an address others can reach: in local
    mode everyone who reaches the app is admin. Sign-in, a loopback address or
    ``TRACKER_ALLOW_REMOTE=1`` (a proxy or firewall in front decides who gets in) pass."""
    if signed_in or is_loopback(address) or remote_allowed(env):
        return
    shown = address or "every network interface (server.address is not set)"
    raise UnsafeServing(
        f"Refusing to serve local mode (no sign-in, everyone is admin) on {shown}. Either "
        "listen on loopback only (`streamlit run app.py --server.address 127.0.0.1`, as "
        f"`make run` does), or configure sign-in in .streamlit/secrets.toml (see "
        f"{EXAMPLE_SECRETS}), or, if a proxy or firewall in front already decides who may "
        f"connect, set {ALLOW_REMOTE_ENV}=1."
    )
