"""The "Wachtwoord vergeten?" part of the login form: one e-mail field, always one answer.

The mail goes out on a background thread, so the answer comes as fast for an unknown address as
for a known one (no timing difference tells who has an account).
"""

from __future__ import annotations

import threading

import duckdb
import streamlit as st

from kwhcore import accounts
from kwhcore.mail import MailOutcome, MailSettings, send_mail
from warehouse.stores import wachtwoord_vergeten


def verstuur(
    con: duckdb.DuckDBPyConnection, email: str, link_for, settings: MailSettings | None
) -> MailOutcome | None:
    """Handle one request synchronously: the mail outcome, or None when nothing was sent."""
    herstel = wachtwoord_vergeten.vraag_aan(con, email)
    if herstel is None:
        return None
    subject, body = accounts.password_reset_mail(
        herstel.account, link_for(herstel.invitation.token), herstel.invitation.expires_at
    )
    return send_mail(herstel.account.email, subject, body, settings=settings)


def formulier(con: duckdb.DuckDBPyConnection, link_for, settings: MailSettings | None) -> None:
    """The expander under the login form."""
    with st.expander("Wachtwoord vergeten?"):
        with st.form("kv_wachtwoord_vergeten", clear_on_submit=True):
            email = st.text_input("E-mailadres van uw account", autocomplete="email")
            aangevraagd = st.form_submit_button("Vraag een nieuw wachtwoord aan")
        if aangevraagd and (email or "").strip():
            cursor = con.cursor()
            # The database work and the mail run on the thread, so every answer takes the same
            # short time; ``link_for`` must not need the page (no Streamlit context there).
            threading.Thread(target=verstuur, args=(cursor, email, link_for, settings), daemon=True).start()
            st.success(wachtwoord_vergeten.ANTWOORD)
        elif aangevraagd:
            st.error("Vul het e-mailadres van uw account in.")
