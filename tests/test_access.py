"""Roles, rights and how a signed-in person gets a role (``tracker.access``): pure logic, no
database, no browser. The sign-in itself is tested in ``tests/e2e/test_access_browser.py``."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker import access
from tracker.access import (
    AccessConfig,
    AccessConfigError,
    AccessRefused,
    PermissionDenied,
    RoleMap,
    User,
)
from tracker.config import PROJECT_ROOT

EXAMPLE_SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.toml.example"
EXAMPLE_MAPPING = PROJECT_ROOT / "access.example.yaml"


def person(role: access.Role, name: str = "siti@kpu.go.id") -> User:
    return User(name=name, role=role, mode="oidc")


# --- the permission table ------------------------------------------------------------------


def test_viewer_only_views() -> None:
    assert {a for a in access.ACTIONS if access.allowed("viewer", a)} == {"view"}


def test_planner_is_a_viewer_who_decides_links_and_loads() -> None:
    perms = access.PERMISSIONS
    assert perms["viewer"] < perms["perencana"]
    assert perms["perencana"] - perms["viewer"] == {"link.decide", "document.load"}


def test_auditor_is_a_viewer_with_the_audit_page_and_console() -> None:
    perms = access.PERMISSIONS
    assert perms["auditor"] - perms["viewer"] == {"audit.run", "audit.console"}
    assert not access.allowed("auditor", "link.decide")
    assert not access.allowed("perencana", "audit.console")


def test_only_admin_deletes_documents_and_admin_may_do_everything() -> None:
    assert access.roles_allowed("document.delete") == ("admin",)
    assert access.PERMISSIONS["admin"] == frozenset(access.ACTIONS)


def test_require_refuses_with_who_what_and_which_role_would_do() -> None:
    access.require(person("perencana"), "link.decide")  # allowed: no exception
    with pytest.raises(PermissionDenied) as caught:
        access.require(person("viewer"), "link.decide")
    err = caught.value
    assert isinstance(err, PermissionError)  # the app's existing handlers catch it
    assert (err.user.role, err.action) == ("viewer", "link.decide")
    message = str(err)
    assert "siti@kpu.go.id" in message and "viewer" in message
    assert "perencana or perencana_pusat or admin" in message


def test_unknown_action_is_a_programming_error_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="unknown action 'link.delete'"):
        access.require(person("admin"), "link.delete")


def test_local_user_is_the_os_account_with_every_right() -> None:
    user = access.local_user()
    assert user.mode == "local" and user.role == "admin" and user.name
    assert all(user.can(a) for a in access.ACTIONS)


# --- resolving a signed-in person ------------------------------------------------------------

CONFIG = AccessConfig(role_claim="roles", unknown_user="refuse")


def test_role_from_a_list_claim_highest_known_role_wins() -> None:
    claims = {"sub": "1", "email": "a@x.go.id", "roles": ["offline_access", "viewer", "auditor"]}
    user = access.resolve(claims, CONFIG)
    assert (user.role, user.name, user.mode) == ("auditor", "a@x.go.id", "oidc")
    assert user.source == "claim roles"


def test_role_from_a_space_or_comma_separated_string_claim() -> None:
    assert access.resolve({"sub": "1", "roles": "viewer perencana"}, CONFIG).role == "perencana"
    assert access.resolve({"sub": "1", "roles": "Admin,viewer"}, CONFIG).role == "admin"


def test_role_from_a_nested_claim_path() -> None:
    config = AccessConfig(role_claim="realm_access.roles")
    claims = {"sub": "1", "realm_access": {"roles": ["uma_authorization", "perencana"]}}
    assert access.resolve(claims, config).role == "perencana"


def test_provider_specific_claim_values_map_to_roles() -> None:
    config = AccessConfig(role_claim="groups", claim_values={"/kpu/Inspektorat": "auditor"})
    claims = {"sub": "1", "groups": ["/kpu/inspektorat", "/kpu/all"]}
    assert access.resolve(claims, config).role == "auditor"


@given(st.lists(st.sampled_from([*access.ROLES, "offline_access", "staff", "ADMIN"])))
def test_claim_role_is_the_highest_ranked_known_value(values: list[str]) -> None:
    known = [v.lower() for v in values if v.lower() in access.ROLES]
    got = access.role_from_claim({"roles": values}, CONFIG)
    assert got == (max(known, key=access.ROLES.index) if known else None)


MAPPING = RoleMap(
    emails={"siti@kpu.go.id": "perencana"},
    domains={"@kpu.go.id": "viewer"},
    path=Path("access.yaml"),
)


def test_mapping_file_email_wins_over_the_claim_case_insensitively() -> None:
    claims = {"sub": "1", "email": "Siti@KPU.go.id", "roles": ["admin"]}
    user = access.resolve(claims, CONFIG, MAPPING)
    assert user.role == "perencana"
    assert user.source == "access.yaml: siti@kpu.go.id"
    assert user.name == "Siti@KPU.go.id"  # recorded as the provider spells it


def test_mapping_domain_is_the_fallback_after_the_claim() -> None:
    assert access.resolve({"sub": "1", "email": "budi@kpu.go.id"}, CONFIG, MAPPING).role == "viewer"
    claims = {"sub": "1", "email": "budi@kpu.go.id", "roles": "auditor"}
    assert access.resolve(claims, CONFIG, MAPPING).role == "auditor"


def test_an_unverified_email_is_not_matched_against_the_mapping() -> None:
    claims = {"sub": "abc", "email": "siti@kpu.go.id", "email_verified": False}
    with pytest.raises(AccessRefused, match="abc has no role"):
        access.resolve(claims, CONFIG, MAPPING)


def test_unknown_people_are_refused_or_made_viewers_as_configured() -> None:
    claims = {"sub": "s-1", "email": "tamu@gmail.com", "roles": ["staff"]}
    with pytest.raises(AccessRefused, match="tamu@gmail.com has no role"):
        access.resolve(claims, CONFIG, MAPPING)
    lenient = AccessConfig(unknown_user="viewer")
    user = access.resolve(claims, lenient, MAPPING)
    assert user.role == "viewer" and "policy" in user.source


def test_recorded_name_falls_back_from_email_to_user_name_to_subject() -> None:
    config = AccessConfig(unknown_user="viewer")
    both = {"sub": "s-1", "preferred_username": "budi", "name": "Budi Santoso"}
    assert access.resolve(both, config).name == "budi"
    assert access.resolve(both, config).label == "Budi Santoso"
    assert access.resolve({"sub": "s-1"}, config).name == "s-1"
    with pytest.raises(AccessRefused, match="no e-mail, user name or subject"):
        access.resolve({"roles": ["admin"]}, config)


# --- the mapping file ----------------------------------------------------------------------


def test_the_shipped_example_mapping_reads(tmp_path: Path) -> None:
    mapping = access.load_mapping(EXAMPLE_MAPPING)
    assert set(mapping.emails.values()) == set(access.ROLES) - {"viewer"}
    assert list(mapping.domains.values()) == ["viewer"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "access.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_role_names_file_line_and_the_roles(tmp_path: Path) -> None:
    path = write(tmp_path, "users:\n  a@x.go.id: viewer\n  b@x.go.id: planner\n")
    with pytest.raises(AccessConfigError) as caught:
        access.load_mapping(path)
    assert str(caught.value) == (
        f"{path}:3: b@x.go.id: role 'planner'; expected one of viewer, perencana, "
        "perencana_pusat, auditor, admin"
    )


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("users:\n  a@x.go.id: viewer\n  a@x.go.id: admin\n", 3, "listed twice"),
        ("users:\n  budi: viewer\n", 2, "neither an e-mail address nor an @domain"),
        ("people:\n  a@x.go.id: viewer\n", 1, "unknown key 'people'"),
        ("users:\n  a@x.go.id: [viewer]\n", 2, "a list or table"),
        ("users: [a@x.go.id]\n", 1, "expected `users:`"),
        ("users:\n  a@x.go.id: viewer\n   b: : :\n", 3, "not valid YAML"),
    ],
)
def test_mapping_mistakes_name_the_line(tmp_path: Path, text: str, line: int, fragment: str):
    path = write(tmp_path, text)
    with pytest.raises(AccessConfigError, match=f"^{path}:{line}: .*{fragment}"):
        access.load_mapping(path)


def test_a_missing_mapping_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(AccessConfigError, match="nope.yaml: cannot read the role mapping file"):
        access.load_mapping(tmp_path / "nope.yaml")


def test_an_empty_mapping_file_maps_nobody(tmp_path: Path) -> None:
    assert access.load_mapping(write(tmp_path, "# nobody yet\n")).emails == {}
    assert access.load_mapping(write(tmp_path, "users:\n")).domains == {}


# --- settings ------------------------------------------------------------------------------


def test_settings_default_to_the_roles_claim_and_refusing_strangers() -> None:
    config = AccessConfig.from_settings({}, env={})
    assert (config.role_claim, config.mapping_file, config.unknown_user) == (
        "roles",
        None,
        "refuse",
    )


def test_settings_from_secrets_with_environment_overrides() -> None:
    section = {"role_claim": "groups", "mapping_file": "conf/access.yaml", "unknown_user": "viewer"}
    config = AccessConfig.from_settings(section, env={})
    assert config.mapping_file == PROJECT_ROOT / "conf" / "access.yaml"
    assert (config.role_claim, config.unknown_user) == ("groups", "viewer")
    env = {"TRACKER_ACCESS_FILE": "/etc/tracker/access.yaml", "TRACKER_UNKNOWN_USER": "refuse"}
    config = AccessConfig.from_settings(section, env=env)
    assert config.mapping_file == Path("/etc/tracker/access.yaml")
    assert config.unknown_user == "refuse"


@pytest.mark.parametrize(
    ("section", "fragment"),
    [
        ({"unknown_user": "guest"}, "unknown_user .* is 'guest'"),
        ({"claim_values": {"/kpu/x": "boss"}}, "'/kpu/x' = 'boss' is not a role"),
        ({"role_claims": "roles"}, r"unknown setting\(s\) \['role_claims'\]"),
    ],
)
def test_bad_settings_are_refused(section: dict, fragment: str) -> None:
    with pytest.raises(AccessConfigError, match=fragment):
        AccessConfig.from_settings(section, env={})


AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "rka-tracker",
    "client_secret": "s",
    "server_metadata_url": "https://sso.example.go.id/.well-known/openid-configuration",
}


def test_no_auth_section_is_local_mode_and_a_complete_one_signs_in() -> None:
    assert access.oidc_providers(None) is None
    assert access.oidc_providers({}) is None
    assert access.oidc_providers(AUTH) == ["default"]
    shared = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    named = {**shared, "keycloak": {k: AUTH[k] for k in access._PROVIDER_KEYS}}
    assert access.oidc_providers(named) == ["keycloak"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"cookie_secret": None}, r"lacks \['cookie_secret'\]"),
        ({"client_secret": None}, r"lacks \['client_secret'\]"),
        ({"cookie_secret": "CHANGE-ME-please"}, "placeholder"),
        ({"redirect_uri": "http://localhost:8501/"}, "must be the app's address followed by"),
        ({"keycloak": {"client_id": "x"}}, r"\[auth.keycloak\] lacks"),
    ],
)
def test_half_configured_sign_in_is_an_error_never_local_mode(change: dict, fragment: str):
    auth = {k: v for k, v in {**AUTH, **change}.items() if v is not None}
    with pytest.raises(AccessConfigError, match=fragment):
        access.oidc_providers(auth)


def test_the_shipped_example_secrets_parse_and_need_only_real_values() -> None:
    secrets = tomllib.loads(EXAMPLE_SECRETS.read_text(encoding="utf-8"))
    config = AccessConfig.from_settings(secrets["tracker"]["access"], env={})
    assert config.mapping_file == PROJECT_ROOT / "access.yaml"
    with pytest.raises(AccessConfigError, match="placeholder"):
        access.oidc_providers(secrets["auth"])
    filled = {**secrets["auth"], "cookie_secret": "a-real-random-secret-of-some-length"}
    assert access.oidc_providers(filled) == ["default"]


def test_real_secrets_and_mapping_files_are_ignored_by_git() -> None:
    for path in (".streamlit/secrets.toml", "access.yaml"):
        done = subprocess.run(["git", "check-ignore", "-q", path], cwd=PROJECT_ROOT)
        assert done.returncode == 0, f"{path} is not git-ignored"
    for path in (".streamlit/secrets.toml.example", "access.example.yaml"):
        done = subprocess.run(["git", "check-ignore", "-q", path], cwd=PROJECT_ROOT)
        assert done.returncode == 1, f"{path} must ship"


# --- where local mode may be served ----------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"])
def test_loopback_addresses_serve_local_mode(address: str) -> None:
    assert access.is_loopback(address)
    access.check_serving(address, signed_in=False, env={})


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "192.168.1.20", "tracker.lan"])
def test_local_mode_on_a_reachable_address_is_refused(address: str | None) -> None:
    with pytest.raises(access.UnsafeServing) as caught:
        access.check_serving(address, signed_in=False, env={})
    message = str(caught.value)
    assert "TRACKER_ALLOW_REMOTE=1" in message and "--server.address 127.0.0.1" in message
    if not address:
        assert "every network interface" in message


def test_sign_in_or_the_explicit_flag_allow_a_reachable_address() -> None:
    access.check_serving("0.0.0.0", signed_in=True, env={})
    access.check_serving("0.0.0.0", signed_in=False, env={"TRACKER_ALLOW_REMOTE": "1"})
    with pytest.raises(access.UnsafeServing):
        access.check_serving("0.0.0.0", signed_in=False, env={"TRACKER_ALLOW_REMOTE": "0"})
