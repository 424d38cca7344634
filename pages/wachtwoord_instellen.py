"""Set a password from an invitation link (seed 002 §2: one-time link, valid 5 days).

Reachable without being logged in: ui/session.py shows only this page to a visitor with an
invitation link.
"""

import streamlit as st

from kwhcore import accounts
from ui import session, state
from ui.text import plain

session.leave_legacy_pages_mode()
st.title("Wachtwoord instellen")
token = st.query_params.get(session.INVITATION_PARAM, "")
if not token:
    st.info("Open de link uit uw uitnodigingsmail om een wachtwoord in te stellen.")
    st.stop()

try:
    account = accounts.invitation_account(state.connection(), token)
except accounts.AccountError as exc:
    st.error(plain(str(exc)))
    st.stop()

st.markdown(f"U stelt het wachtwoord in voor **{plain(account.username)}**.")
with st.form("kv_wachtwoord_instellen"):
    password = st.text_input("Nieuw wachtwoord", type="password", autocomplete="new-password")
    repeat = st.text_input("Herhaal het wachtwoord", type="password", autocomplete="new-password")
    st.caption(f"Minstens {accounts.MIN_PASSWORD_LENGTH} tekens, geen veelgebruikt wachtwoord en niet uw "
               "gebruikersnaam; een zin van een paar woorden werkt goed.")
    submitted = st.form_submit_button("Wachtwoord opslaan", type="primary")

if submitted:
    try:
        accounts.accept_invitation(state.connection(), token, password, repeat)
    except accounts.AccountError as exc:
        st.error(plain(str(exc)))
    else:
        session.flash(f"Uw wachtwoord is ingesteld. Log in met gebruikersnaam {plain(account.username)}.")
        del st.query_params[session.INVITATION_PARAM]
        st.success("Uw wachtwoord is ingesteld. U kunt nu inloggen.")
        st.button("Naar inloggen", type="primary")
