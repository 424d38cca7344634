"""The own account: who I am, what I may see, and changing my password (ends my other sessions)."""

import streamlit as st

from kwhcore import accounts
from ui import session, state
from ui.text import plain

scope = session.scope()
account = accounts.get_account(state.connection(), session.current_username())

st.title("Mijn account")
if account is None:
    st.error("Uw account bestaat niet meer.")
    st.stop()

rechten = [naam for naam, heeft in (("Klantvizier", account.has_toegang_klantvizier),
                                    ("Mijn KWH", account.has_toegang_mijn_kwh)) if heeft]
mails = [naam for naam, heeft in (("herinnering voor aanleveren", account.has_herinnering_aanleveren),
                                  ("validatieverslag", account.has_validatieverslag)) if heeft]
st.markdown(
    f"- **E-mailadres:** {plain(account.email)}\n"
    f"- **Soort account:** {accounts.ROL_LABELS[account.rol]}\n"
    + (f"- **Corporatie:** {plain(account.corporatie_naam)}\n" if account.corporatie_naam else "")
    + f"- **Toegang tot:** {', '.join(rechten) or 'geen'}\n"
    + f"- **E-mails:** {', '.join(mails) or 'geen'}\n"
    + (f"- **Uw namen als aannemer:** {', '.join(plain(n) for n in account.eigen_aannemers)}\n" if account.eigen_aannemers else "")
    + (f"- **Ook zichtbaar:** {', '.join(plain(n) for n in account.andere_aannemers)}\n" if account.andere_aannemers else "")
)
st.caption("Uw e-mailadres kan niet worden gewijzigd; uw hoofdgebruiker kan wel uw rechten aanpassen.")

st.subheader("Wachtwoord wijzigen")
with st.form("kv_wachtwoord_wijzigen", clear_on_submit=True):
    current = st.text_input("Huidig wachtwoord", type="password", autocomplete="current-password")
    new = st.text_input("Nieuw wachtwoord", type="password", autocomplete="new-password")
    repeat = st.text_input("Herhaal het nieuwe wachtwoord", type="password", autocomplete="new-password")
    submitted = st.form_submit_button("Wachtwoord wijzigen", type="primary")

if submitted:
    try:
        valid_from = accounts.change_password(state.connection(), account.username, current, new, repeat)
    except accounts.AccountError as exc:
        st.error(plain(str(exc)))
    else:
        session.password_changed(valid_from)
        st.success("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.")
