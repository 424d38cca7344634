"""Login and the logged-in user's scope for this rerun, and the shared sidebar.

The password is checked by ``kwhcore.accounts.authenticate`` — one bcrypt check for every name,
a dummy hash for unknown ones, the same words and the same lock for every name (issue 10); the
accounts live in the warehouse. The session itself lives in ``st.session_state``; the re-login
cookie (``ui.session_cookie``) only lets a reload skip the form. On every rerun the account is
re-read — a session (or cookie) that began before the account's ``sessions_valid_from`` (logout
elsewhere, password change, deleted account) ends and lands on the login form (issue 3).

streamlit-authenticator 0.4.2 did the password check and the cookie until issue 10; its
Authenticate object rendered a cookie component on every run, whose value, sent back after it
loaded, started an extra run that could cancel the run of a fresh server's first login click.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from kwhcore import accounts
from kwhcore.access import Scope
from kwhcore.config import CONFIG
from kwhcore.periods import format_datum
from ui import navigation, secrets, session_cookie, state, wachtwoord_vergeten
from ui.text import plain

INVITATION_PARAM = "uitnodiging"
INVITATION_PAGE = "pages/wachtwoord_instellen.py"
INVITATION_URL_PATH = "wachtwoord_instellen"

# st.session_state keys owned by this module.
STARTED_AT = "kv_session_started_at"
LOGOUT_REQUESTED = "kv_logout_requested"
FLASH = "kv_flash"

_run = threading.local()


def flash(message: str) -> None:
    """A message shown once, above the login form (e.g. after setting a password)."""
    st.session_state[FLASH] = message


_SESSION_KEYS = ("name", "username", "authentication_status", "email", "roles")


def _end_session(message: str | None) -> None:
    """Forget the session and remove its re-login cookie (also one of a deleted account)."""
    had_cookie = bool(st.session_state.get("authentication_status")) or session_cookie.raw_cookie() is not None
    for key in _SESSION_KEYS:
        st.session_state[key] = None
    # The request's cookies stay as they were for this session: ignore the cookie from now on.
    st.session_state["logout"] = True
    st.session_state.pop(STARTED_AT, None)
    if had_cookie:  # a form login's cookie was set by the browser after this session began
        session_cookie.delete_cookie()
    if message:
        flash(message)


def _logged_in_username() -> str | None:
    """The username of a still-valid session, after cookie re-login and the revocation check."""
    if st.session_state.pop(LOGOUT_REQUESTED, False):
        _end_session("U bent uitgelogd.")
        return None
    from_cookie = not st.session_state.get("authentication_status")
    if from_cookie:
        token = None if st.session_state.get("logout") else session_cookie.issued_token()
        if token is None:
            return None
        username, started_at = token
    else:
        username, started_at = st.session_state["username"], st.session_state.get(STARTED_AT, datetime.min)
    if not accounts.session_is_valid(state.connection(), username, started_at):
        _end_session(
            None if from_cookie else (
                "Uw sessie is beëindigd: u bent elders uitgelogd, uw wachtwoord is gewijzigd "
                "of uw account bestaat niet meer. Log opnieuw in."
            ),
        )
        return None
    if from_cookie:
        _start_session(username, started_at)
    return username


def _login_form() -> str | None:
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
        started_at = datetime.now()
        outcome = accounts.authenticate(con, username, password, now=started_at)
        if outcome.username is None:
            st.error(_locked_message(outcome.locked_until) if outcome.locked_until
                     else "Gebruikersnaam of wachtwoord is onjuist.")
            return None
        _start_session(outcome.username, started_at)
    placeholder.empty()
    # Outside the cleared placeholder: the cookie component must stay on the page to run.
    session_cookie.set_cookie(outcome.username)
    return outcome.username


def _start_session(username: str, started_at: datetime) -> None:
    """The session state of a logged-in user (the keys streamlit-authenticator used, which
    tests/apptest_helpers.log_in sets too); the password was checked by ``authenticate``."""
    account = accounts.get_account(state.connection(), username)
    st.session_state.update({
        "authentication_status": True, "username": username, "logout": None,
        "name": account.naam if account else username, "email": account.email if account else None,
        "roles": [account.rol] if account else None, STARTED_AT: started_at,
    })


def _wachtwoord_vergeten(con) -> None:
    prefix = invitation_link("")  # built here: the mail thread has no page context
    wachtwoord_vergeten.formulier(con, lambda token: prefix + token, secrets.mail_settings())


def _locked_message(locked_until: datetime) -> str:
    """The same words for every name: they never tell whether an account exists."""
    return (
        f"Inloggen met deze gebruikersnaam is tijdelijk geblokkeerd na {CONFIG.max_failed_logins} "
        f"onjuiste pogingen. Probeer het na {locked_until:%H:%M} uur opnieuw "
        f"({format_datum(locked_until.date())})."
    )


def _invitation_page() -> None:
    """Someone who is not logged in follows an invitation link: only that page exists, under the
    link's own URL (``/wachtwoord_instellen``) and at the root. The default page of a navigation
    lives at ``/`` whatever its url_path, so a link to its url_path alone would meet Streamlit's
    English "Page not found"."""
    pages = [
        st.Page(INVITATION_PAGE, title="Wachtwoord instellen", url_path="uitnodiging", default=True),
        st.Page(INVITATION_PAGE, title="Wachtwoord instellen", url_path=INVITATION_URL_PATH,
                visibility="hidden"),
    ]
    st.navigation(pages, position="hidden").run()


def leave_legacy_pages_mode() -> None:
    """Run app.py, not a page file on its own, from a fresh server's first request on.

    With a ``pages/`` folder beside app.py Streamlit starts in its legacy folder mode and leaves
    it only at the first ``st.navigation`` call. When a fresh server's first request is a deep
    link (an invitation link, a bookmark) that mode runs the page file by itself — without the
    router, and it stays in that mode for every later run. A page file run that way calls this
    first: the mode is switched off and the run starts again as an ordinary app.py run, on the
    same URL (a page's id is the hash of its url_path in both modes)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def _login_page() -> str | None:
    """Show the login form as a page of a hidden navigation in which every page URL exists.

    Claiming the navigation keeps Streamlit from listing the files of pages/ and lets a deep
    link survive the login (app.py's full navigation then opens the page the link asked for).
    The form is rendered inside ``page.run()`` so its widgets belong to that page: on a fresh
    server the first run is still in Streamlit's legacy pages/ mode, and a form rendered outside
    a page there gets other widget ids than in the next run — its submit would be lost.
    """
    outcome: dict[str, str | None] = {}

    def render() -> None:
        outcome["username"] = _login_form()

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
    username = _logged_in_username()
    if username is None:
        if st.query_params.get(INVITATION_PARAM):
            _invitation_page()
            st.stop()
        username = _login_page()
        if username is None:
            st.stop()
    try:
        found = accounts.scope_for_account(state.connection(), username)
    except accounts.UnknownAccount:
        _end_session("Uw account bestaat niet meer.")
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
    a fresh server's first request) leaves that mode and starts again through app.py. Should a
    page still run without app.py, it builds the scope here — with login — and is held to the
    same rights: a page the scope may not open shows the refusal instead."""
    found = _run.scope if getattr(_run, "marker", None) is _this_run() else None
    if found is None:
        leave_legacy_pages_mode()
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
    return f"{base.rstrip('/')}/{INVITATION_URL_PATH}?{urlencode({INVITATION_PARAM: token})}"


def _request_logout(username: str) -> None:
    """Logout ends every session of the account, in every browser (issue 3)."""
    accounts.revoke_sessions(state.connection(), username)
    st.session_state[LOGOUT_REQUESTED] = True


def password_changed(valid_from: datetime) -> None:
    """After a password change this session continues (other sessions end) and the browser gets
    a fresh re-login cookie, issued after ``valid_from``."""
    st.session_state[STARTED_AT] = valid_from
    session_cookie.set_cookie(st.session_state["username"])


def sidebar(scope: Scope) -> None:
    """Who is logged in, for which corporation, and the logout button."""
    username = st.session_state.get("username")
    account = accounts.get_account(state.connection(), username) if username else None
    with st.sidebar:
        if account is not None:
            st.caption(f"Ingelogd als **{plain(account.naam)}**")
            details = accounts.ROL_LABELS.get(account.rol, account.rol)
            if account.corporatie_naam:
                details += f" · {plain(account.corporatie_naam)}"
            st.caption(details)
            st.button(
                "Uitloggen", key="kv_logout", icon=":material/logout:",
                on_click=_request_logout, args=(account.username,),
            )
