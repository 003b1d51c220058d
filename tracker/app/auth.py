"""Who is using the app and what they may do: the seam between the pages and
:mod:`tracker.access`.

Every action that changes data (a link decision, loading a document) and the Audit page ask
``can(action)`` before they offer themselves, and the write paths call ``require(action)``
right before they act, recording the name it returns. With ``[auth]`` in Streamlit's secrets
people sign in through the office's identity provider (``st.login``) and get a role from its
claims or the mapping file; without it the app runs in local mode, one person with every
right, and ``gate`` refuses to serve that on an address others can reach.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import streamlit as st
from streamlit import config as st_config
from streamlit.runtime.scriptrunner import get_script_run_ctx

from tracker import access
from tracker.access import ACTIONS, Action, PermissionDenied, User
from tracker.app.i18n import t

__all__ = ["ACTIONS", "Action", "PermissionDenied", "User", "can", "current_user", "require"]


class NotSignedIn(access.AccessError):
    """Sign-in is configured and nobody has signed in in this session."""


def _secrets() -> dict[str, Any]:
    """Streamlit's secrets as a plain dict. A secrets file that exists but does not parse is
    an error: treating it as absent would fall back to local mode, where everyone is admin."""
    if st.secrets.load_if_toml_exists():
        return st.secrets.to_dict()
    for name in st_config.get_option("secrets.files") or []:
        if Path(name).is_file():
            raise access.AccessConfigError(f"{name} exists but cannot be read as TOML; fix it")
    return {}


def providers() -> list[str] | None:
    """The identity providers to offer, or ``None`` in local mode."""
    return access.oidc_providers(_secrets().get("auth"))


def mode() -> Literal["local", "oidc"]:
    return "local" if providers() is None else "oidc"


def config() -> access.AccessConfig:
    return access.AccessConfig.from_settings((_secrets().get("tracker") or {}).get("access"))


@st.cache_resource(max_entries=4, show_spinner=False)
def _read_mapping(path: str, mtime_ns: int) -> access.RoleMap:
    """Read once per version of the file (its modification time is part of the key)."""
    return access.load_mapping(Path(path))


def mapping(cfg: access.AccessConfig) -> access.RoleMap:
    if cfg.mapping_file is None:
        return access.EMPTY_MAPPING
    try:
        mtime = cfg.mapping_file.stat().st_mtime_ns
    except OSError:
        return access.load_mapping(cfg.mapping_file)  # raises, naming the file
    return _read_mapping(str(cfg.mapping_file), mtime)


def user() -> User:
    """The person this session acts for: the OS account outside a Streamlit run (scripts, the
    tests calling the app's helpers) and in local mode; otherwise the signed-in person, or
    ``NotSignedIn`` / ``access.AccessRefused`` / ``access.AccessConfigError``."""
    if get_script_run_ctx(suppress_warning=True) is None or mode() == "local":
        return access.local_user()
    info = st.user.to_dict()
    if not info.get("is_logged_in"):
        raise NotSignedIn("nobody is signed in")
    cfg = config()
    return access.resolve(info, cfg, mapping(cfg))


def current_user() -> str:
    """The name recorded on decisions and audit runs."""
    return user().name


def can(action: Action) -> bool:
    """Whether the current user may perform ``action`` (to offer or disable a control)."""
    try:
        return user().can(action)
    except access.AccessError:
        return False


def require(action: Action) -> User:
    """The current user if they may perform ``action``, else ``PermissionDenied``: the check a
    write path makes itself, whatever the page showed."""
    try:
        who = user()
    except access.AccessError as exc:
        nobody = User(name="(not signed in)", role="viewer", mode="oidc")
        raise PermissionDenied(nobody, action) from exc
    access.require(who, action)
    return who


# --- before any page ---------------------------------------------------------------------------


def gate() -> User:
    """Run before the navigation: refuse local mode on a reachable address, ask for sign-in,
    refuse people without a role. Returns the user when pages may be shown; otherwise draws
    the reason and stops the run."""
    offered: list[str] | None = None
    try:
        offered = providers()
        # AppTest serves nobody: nothing to guard (it patches config.get_option, which
        # st.get_option does not see)
        if not st_config.get_option("global.appTest"):
            address = st_config.get_option("server.address")
            access.check_serving(address, signed_in=offered is not None)
        if offered is None:
            return access.local_user()
        return user()
    except access.UnsafeServing as exc:
        st.title(t("auth.unsafe.title"))
        st.error(str(exc))
    except access.AccessConfigError as exc:
        st.title(t("auth.config.title"))
        st.error(str(exc))
    except NotSignedIn:
        sign_in(offered or [])
    except access.AccessRefused as exc:
        st.title(t("auth.refused.title"))
        st.error(t("auth.refused.body", reason=exc))
        sign_out_button()
    st.stop()
    raise AssertionError("st.stop() ends the run")


def sign_in(offered: list[str]) -> None:
    st.title(t("auth.signin.title"))
    st.markdown(t("auth.signin.body"))
    for name in offered:
        label = (
            t("auth.signin.button")
            if name == "default"
            else t("auth.signin.with", provider=name.capitalize())
        )
        if st.button(label, type="primary", icon=":material/login:", key=f"auth.login.{name}"):
            st.login(None if name == "default" else name)


def sign_out_button() -> None:
    if st.button(t("auth.signout"), icon=":material/logout:", key="auth.logout"):
        st.logout()


def account() -> None:
    """The signed-in person in the sidebar: name, role (with how it was decided), sign-out."""
    who = user()
    st.markdown(f":material/account_circle: **{who.label}**")
    st.caption(t("auth.role", role=t(f"role.{who.role}")), help=who.source)
    if who.label != who.name:
        st.caption(who.name)
    sign_out_button()
