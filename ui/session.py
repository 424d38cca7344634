"""Login and the logged-in user's scope for this rerun, and the shared sidebar.

streamlit-authenticator 0.4.2 checks the password (bcrypt) and keeps the signed re-login cookie;
the accounts live in the warehouse (kwhcore.accounts). Its two known limits are closed there
(issue 3): a locked account is refused before its password is checked, every failure is counted
in the warehouse, and on every rerun the account is re-read — a session that began before the
account's ``sessions_valid_from`` (logout elsewhere, password change, deleted account) ends.

The authenticator is created anew on every run from the warehouse and kept only for the rest of
that run (a thread-local), never in shared state.
"""

from __future__ import annotations

import os
import runpy
import threading
from datetime import datetime, timedelta
from urllib.parse import urlencode, urlsplit

import streamlit as st
import streamlit_authenticator as stauth
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash
from streamlit_authenticator.utilities import LoginError

from kwhcore import accounts
from kwhcore.access import Scope
from kwhcore.config import CONFIG
from kwhcore.periods import format_datum
from ui import navigation, secrets, state, wachtwoord_vergeten

COOKIE_NAME = "klantvizier_sessie"
# A working day: a forgotten browser does not stay logged in for weeks (the library's default
# is 30 days).
COOKIE_EXPIRY_DAYS = 1.0
INVITATION_PARAM = "uitnodiging"
INVITATION_PAGE = "pages/wachtwoord_instellen.py"

# st.session_state keys owned by this module.
STARTED_AT = "kv_session_started_at"
LOGOUT_REQUESTED = "kv_logout_requested"
FLASH = "kv_flash"

_run = threading.local()


def _authenticator() -> stauth.Authenticate:
    """A fresh authenticator with the accounts as they are in the warehouse right now."""
    return stauth.Authenticate(
        accounts.credentials(state.connection()),
        cookie_name=COOKIE_NAME,
        cookie_key=secrets.cookie_key(),
        cookie_expiry_days=COOKIE_EXPIRY_DAYS,
        auto_hash=False,
        # The cookie is read from st.context.cookies, so there is nothing to wait for.
        login_sleep_time=0,
    )


def flash(message: str) -> None:
    """A message shown once, above the login form (e.g. after setting a password)."""
    st.session_state[FLASH] = message


def _cookie_started_at(authenticator: stauth.Authenticate) -> datetime:
    """When the re-login cookie was issued: its expiry minus its lifetime."""
    token = authenticator.cookie_controller.get_cookie()
    if not token or "exp_date" not in token:
        return datetime.min
    return datetime.fromtimestamp(token["exp_date"]) - timedelta(days=COOKIE_EXPIRY_DAYS)


def _end_session(authenticator: stauth.Authenticate, message: str | None) -> None:
    authenticator.logout(location="unrendered")
    st.session_state.pop(STARTED_AT, None)
    if message:
        flash(message)


def _logged_in_username(authenticator: stauth.Authenticate) -> str | None:
    """The username of a still-valid session, after cookie re-login and the revocation check."""
    if st.session_state.pop(LOGOUT_REQUESTED, False):
        _end_session(authenticator, "U bent uitgelogd.")
        return None
    try:
        authenticator.login(location="unrendered")
    except LoginError:  # a cookie of an account that no longer exists
        _end_session(authenticator, None)
        return None
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state["username"]
    from_cookie = STARTED_AT not in st.session_state
    started_at = _cookie_started_at(authenticator) if from_cookie else st.session_state[STARTED_AT]
    if not accounts.session_is_valid(state.connection(), username, started_at):
        _end_session(
            authenticator,
            None if from_cookie else (
                "Uw sessie is beëindigd: u bent elders uitgelogd, uw wachtwoord is gewijzigd "
                "of uw account bestaat niet meer. Log opnieuw in."
            ),
        )
        return None
    st.session_state[STARTED_AT] = started_at
    return username


def _login_form(authenticator: stauth.Authenticate) -> str | None:
    """The Dutch login form; the username on success."""
    con = state.connection()
    placeholder = st.empty()
    with placeholder.container():
        st.title("Klantvizier")
        if message := st.session_state.pop(FLASH, None):
            st.info(message)
        with st.form("kv_login"):
            st.subheader("Inloggen")
            username = st.text_input("Gebruikersnaam", autocomplete="username")
            password = st.text_input("Wachtwoord", type="password", autocomplete="current-password")
            submitted = st.form_submit_button("Inloggen", type="primary")
        _wachtwoord_vergeten(con)
        if not submitted:
            return None
        username = (username or "").strip().lower()
        if not username or not password:
            st.error("Vul uw gebruikersnaam en wachtwoord in.")
            return None
        if locked_until := accounts.lock_status(con, username):
            st.error(_locked_message(locked_until))
            return None
        if authenticator.authentication_controller.login(username, password):
            started_at = datetime.now()
            accounts.record_successful_login(con, username, now=started_at)
            st.session_state[STARTED_AT] = started_at
        else:
            check = accounts.record_failed_login(con, username)
            if check is not None and check.locked_until is not None:
                st.error(_locked_message(check.locked_until))
            else:
                st.error("Gebruikersnaam of wachtwoord is onjuist.")
            return None
    placeholder.empty()
    # Outside the cleared placeholder: the cookie component must stay on the page to run.
    authenticator.cookie_controller.set_cookie()
    return username


def _wachtwoord_vergeten(con) -> None:
    prefix = invitation_link("")  # built here: the mail thread has no page context
    wachtwoord_vergeten.formulier(con, lambda token: prefix + token, secrets.mail_settings())


def _locked_message(locked_until: datetime) -> str:
    return (
        f"Dit account is tijdelijk geblokkeerd na {CONFIG.max_failed_logins} onjuiste "
        f"wachtwoorden. Probeer het na {locked_until:%H:%M} uur opnieuw "
        f"({format_datum(locked_until.date())})."
    )


def _invitation_page() -> None:
    """Someone who is not logged in follows an invitation link: only that page exists."""
    # Not the default page itself: Streamlit serves a default page only at the root, so the
    # mailed /wachtwoord_instellen link would open under an English "Page not found" dialog.
    def wachtwoord_instellen() -> None:
        runpy.run_path(str(navigation.APP_ROOT / INVITATION_PAGE))

    page = st.navigation(
        [
            st.Page(wachtwoord_instellen, title="Wachtwoord instellen", url_path="uitnodiging", default=True),
            st.Page(INVITATION_PAGE, title="Wachtwoord instellen", url_path="wachtwoord_instellen"),
        ],
        position="hidden",
    )
    page.run()


def _login_page(authenticator: stauth.Authenticate) -> str | None:
    """Show the login form as a page of a hidden navigation in which every page URL exists.

    Claiming the navigation keeps Streamlit from listing the files of pages/ and lets a deep
    link survive the login (app.py's full navigation then opens the page the link asked for).
    The form is rendered inside ``page.run()`` so its widgets belong to that page: on a fresh
    server the first run is still in Streamlit's legacy pages/ mode, and a form rendered outside
    a page there gets other widget ids than in the next run — its submit would be lost.
    """
    outcome: dict[str, str | None] = {}

    def render() -> None:
        outcome["username"] = _login_form(authenticator)

    pages = [st.Page(render, title="Inloggen", url_path="inloggen", default=True)]
    for spec in navigation.PAGES:
        def render_here() -> None:
            render()

        render_here.__name__ = f"inloggen_{spec.url_path}"
        pages.append(st.Page(render_here, title=spec.title, url_path=spec.url_path, visibility="hidden"))
    st.navigation(pages, position="hidden").run()
    return outcome.get("username")


def current_scope() -> Scope:
    """The scope of the logged-in user, rebuilt from the warehouse on every rerun.

    Not logged in: shows the login form (or, with an invitation link, the page to set a
    password) and stops the run, so no page code ever runs without a scope.
    """
    authenticator = _authenticator()
    _run.authenticator = authenticator
    username = _logged_in_username(authenticator)
    if username is None:
        if st.query_params.get(INVITATION_PARAM):
            _invitation_page()
            st.stop()
        username = _login_page(authenticator)
        if username is None:
            st.stop()
    try:
        found = accounts.scope_for_account(state.connection(), username)
    except accounts.UnknownAccount:
        _end_session(authenticator, "Uw account bestaat niet meer.")
        st.rerun()
    _run.scope, _run.marker = found, _this_run()
    return found


def _this_run() -> object | None:
    """An object unique to the current script run (Streamlit renews ``ctx.cursors`` per run)."""
    ctx = get_script_run_ctx()
    return ctx.cursors if ctx is not None else None


def _current_page_spec() -> navigation.PageSpec | None:
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    for spec in navigation.PAGES:
        if calc_hash(spec.url_path) == ctx.page_script_hash:
            return spec
    return None


def scope() -> Scope:
    """The scope of this run, for pages. app.py builds it with ``current_scope`` before it runs
    the page; a page file that Streamlit runs on its own (its legacy ``pages/`` folder mode, on
    a process's first request) builds it here — with login — and is held to the same rights:
    a page the scope may not open shows the refusal instead."""
    found = _run.scope if getattr(_run, "marker", None) is _this_run() else None
    if found is None:
        found = current_scope()
    spec = _current_page_spec()
    if spec is not None and not spec.allows(found):
        navigation.refusal(spec)()
        st.stop()
    return found


def current_username() -> str:
    """The login name of the logged-in user (pages that act on the own account)."""
    return st.session_state["username"]


def invitation_link(token: str) -> str:
    """The link to set a password: ``KLANTVIZIER_BASE_URL`` or this app's own address."""
    base = os.environ.get("KLANTVIZIER_BASE_URL")
    if not base:
        parts = urlsplit(st.context.url or "http://localhost:8501")
        # Called from a page: its own url_path is the last segment, the app lives before it.
        app_path = parts.path.rstrip("/").rsplit("/", 1)[0]
        base = f"{parts.scheme}://{parts.netloc}{app_path}"
    return f"{base.rstrip('/')}/wachtwoord_instellen?{urlencode({INVITATION_PARAM: token})}"


def _request_logout(username: str) -> None:
    """Logout ends every session of the account, in every browser (issue 3)."""
    accounts.revoke_sessions(state.connection(), username)
    st.session_state[LOGOUT_REQUESTED] = True


def password_changed(valid_from: datetime) -> None:
    """After a password change this session continues (other sessions end) and the browser gets
    a fresh re-login cookie, issued after ``valid_from``."""
    st.session_state[STARTED_AT] = valid_from
    authenticator = getattr(_run, "authenticator", None)
    if authenticator is not None:
        authenticator.cookie_controller.set_cookie()


def sidebar(scope: Scope) -> None:
    """Who is logged in, for which corporation, and the logout button."""
    username = st.session_state.get("username")
    account = accounts.get_account(state.connection(), username) if username else None
    with st.sidebar:
        if account is not None:
            st.caption(f"Ingelogd als **{account.naam}**")
            details = accounts.ROL_LABELS.get(account.rol, account.rol)
            if account.corporatie_naam:
                details += f" · {account.corporatie_naam}"
            st.caption(details)
            st.button(
                "Uitloggen", key="kv_logout", icon=":material/logout:",
                on_click=_request_logout, args=(account.username,),
            )
