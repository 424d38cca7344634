"""The re-login cookie: a signed token (username, expiry) that lets a reload skip the login form.

Read on the server from the request's cookies (``st.context.cookies``) — no browser component
needed. Written and removed by the browser cookie component that streamlit-authenticator itself
uses (extra-streamlit-components' CookieManager), rendered only in the run that sets or removes
the cookie: a component on every run sent a value back after it loaded and so started an extra
run, which on a fresh server could cancel the run of the first click on "Inloggen" (issue 10).

What the component can and cannot do (README, "Login, session and page security"): the cookie is ``SameSite=Strict`` and,
when the app is reached over HTTPS, ``Secure``; it cannot be ``HttpOnly``, because it is written
from JavaScript. Its reach is therefore kept small: it lives one working day, it is refused once
its account ended its sessions (logout anywhere, password change, deletion: the warehouse's
``sessions_valid_from``), and no page renders user text as Markdown or HTML (``ui.text.plain``),
so no page script of another party runs to read it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import extra_streamlit_components as stx
import jwt
import streamlit as st

from ui import secrets

COOKIE_NAME = "klantvizier_sessie"
# A working day: a forgotten browser does not stay logged in for weeks.
COOKIE_EXPIRY_DAYS = 1.0
_ALGORITHM = "HS256"


def raw_cookie() -> str | None:
    """The cookie as the browser sent it when this session began."""
    return st.context.cookies.get(COOKIE_NAME)


def issued_token() -> tuple[str, datetime] | None:
    """(username, issued at) of a valid, unexpired cookie signed with our key, else None."""
    raw = raw_cookie()
    if not raw:
        return None
    try:
        token = jwt.decode(raw, secrets.cookie_key(), algorithms=[_ALGORITHM])
    except jwt.PyJWTError:
        return None
    username, expires = token.get("username"), token.get("exp_date")
    if not isinstance(username, str) or not isinstance(expires, int | float):
        return None
    expires_at = datetime.fromtimestamp(expires)
    if expires_at <= datetime.now():
        return None
    return username, expires_at - timedelta(days=COOKIE_EXPIRY_DAYS)


def _is_https() -> bool:
    url = st.context.url or ""
    forwarded = (st.context.headers.get("X-Forwarded-Proto") or "").split(",")[0].strip().lower()
    return url.startswith("https://") or forwarded == "https"


def set_cookie(username: str) -> None:
    """Give the browser a fresh cookie for ``username`` (issued now)."""
    expires_at = datetime.now() + timedelta(days=COOKIE_EXPIRY_DAYS)
    token = jwt.encode({"username": username, "exp_date": expires_at.timestamp()},
                       secrets.cookie_key(), algorithm=_ALGORITHM)
    stx.CookieManager(key="kv_cookie_lezen").set(
        COOKIE_NAME, token, key="kv_cookie_zetten", expires_at=expires_at,
        secure=True if _is_https() else None, same_site="strict",
    )


def delete_cookie() -> None:
    """Remove the cookie from the browser."""
    manager = stx.CookieManager(key="kv_cookie_lezen")
    manager.cookies.setdefault(COOKIE_NAME, "")
    manager.delete(COOKIE_NAME, key="kv_cookie_wissen")
