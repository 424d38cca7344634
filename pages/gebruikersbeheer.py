"""Gebruikersbeheer (seed 002 §2): add users, invite them (link valid 5 days), reset a password
by inviting again, change rights, delete. The hoofdgebruiker manages the own corporation; the
platform beheerder all corporations. The e-mail address of an account never changes."""

import pandas as pd
import streamlit as st

from kwhcore import accounts
from kwhcore.corporaties import list_corporaties
from kwhcore.mail import send_mail
from kwhcore.periods import format_datum
from ui import secrets, session, state
from ui.text import plain

scope = session.scope()
con = state.connection()

st.title("Gebruikersbeheer")
if not accounts.may_manage_accounts(scope):
    st.info("Alleen een hoofdgebruiker of de beheerder kan gebruikers beheren.")
    st.stop()


def show_invitation(invitation: accounts.Invitation) -> None:
    """Send the link when mail is configured; always show it, so it can be passed on by hand."""
    account = accounts.get_account_by_id(con, invitation.gebruiker_id)
    link = session.invitation_link(invitation.token)
    subject, body = accounts.invitation_mail(account, link, invitation.expires_at)
    outcome = send_mail(invitation.email, subject, body, settings=secrets.mail_settings())
    if outcome.is_sent:
        st.success(f"Uitnodiging verstuurd aan {plain(invitation.email)}.")
    else:
        st.warning(f"{plain(outcome.message)} Geef deze link zelf door aan {plain(invitation.email)}:")
    st.code(link, language=None)
    st.caption(
        f"De link is één keer te gebruiken, tot {format_datum(invitation.expires_at.date())} "
        f"{invitation.expires_at:%H:%M} uur."
    )


def names(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


if pending := st.session_state.pop("kv_invitation", None):
    show_invitation(pending)

lijst = accounts.list_accounts(con, scope)
overzicht = pd.DataFrame(
    [
        {
            "E-mailadres": a.email,
            "Naam": a.naam,
            "Soort": accounts.ROL_LABELS[a.rol],
            "Corporatie": a.corporatie_naam or "—",
            "Klantvizier": a.has_toegang_klantvizier,
            "Mijn KWH": a.has_toegang_mijn_kwh,
            "Status": "geblokkeerd" if a.locked_until else ("actief" if a.has_password else "uitgenodigd"),
        }
        for a in lijst
    ]
)
st.subheader(f"Gebruikers ({len(lijst)})")
if lijst:
    st.dataframe(overzicht, hide_index=True, width="stretch")

tab_nieuw, tab_wijzig = st.tabs(["Gebruiker toevoegen", "Gebruiker wijzigen, uitnodigen of verwijderen"])

with tab_nieuw:
    rollen = accounts.roles_actor_may_create(scope)
    rol = st.radio(
        "Soort account", rollen, format_func=lambda r: accounts.ROL_LABELS[r], horizontal=True,
        key="kv_nieuw_rol",
    )
    with st.form("kv_nieuw", clear_on_submit=True):
        email = st.text_input("E-mailadres (kan later niet worden gewijzigd)")
        naam = st.text_input("Naam")
        corporatie_id = scope.corporatie_id
        if scope.is_all_corporations and rol != "beheerder":
            corporaties = list_corporaties(con)
            keuze = st.selectbox("Corporatie", corporaties, format_func=lambda c: c.naam)
            corporatie_id = keuze.corporatie_id if keuze else None
        eigen, andere = "", ""
        klantvizier, mijn_kwh, herinnering, verslag = True, False, False, False
        if rol == "aannemer":
            eigen = st.text_area("Schrijfwijzen van de naam van de aannemer (één per regel)")
            andere = st.text_area("Andere aannemers die dit account ook mag zien (één per regel)")
        elif rol != "beheerder":
            klantvizier = st.checkbox("Toegang tot Klantvizier", value=True)
            mijn_kwh = st.checkbox("Toegang tot Mijn KWH")
            herinnering = st.checkbox("E-mail: herinnering voor aanleveren")
            verslag = st.checkbox("E-mail: validatieverslag")
        toevoegen = st.form_submit_button("Toevoegen en uitnodigen", type="primary")
    if toevoegen:
        try:
            nieuw = accounts.add_account(
                con, scope, email=email, rol=rol, corporatie_id=corporatie_id, naam=naam,
                toegang_klantvizier=klantvizier, toegang_mijn_kwh=mijn_kwh,
                herinnering_aanleveren=herinnering, validatieverslag=verslag,
                eigen_aannemers=names(eigen), andere_aannemers=names(andere),
            )
            st.session_state["kv_invitation"] = accounts.invite(con, scope, nieuw.gebruiker_id)
        except accounts.AccountError as exc:
            st.error(plain(str(exc)))
        else:
            st.rerun()

with tab_wijzig:
    beheerbaar = [a for a in lijst if a.rol in accounts.roles_actor_may_create(scope)]
    if not beheerbaar:
        st.info("Er zijn nog geen gebruikers die u kunt wijzigen.")
        st.stop()
    gekozen = st.selectbox(
        "Gebruiker", beheerbaar, format_func=lambda a: f"{a.email} ({accounts.ROL_LABELS[a.rol]})",
        key="kv_wijzig_gebruiker",
    )
    with st.form(f"kv_wijzig_{gekozen.gebruiker_id}"):
        st.text_input("E-mailadres", gekozen.email, disabled=True)
        naam = st.text_input("Naam", gekozen.naam)
        eigen, andere = "", ""
        klantvizier, mijn_kwh = gekozen.has_toegang_klantvizier, gekozen.has_toegang_mijn_kwh
        herinnering, verslag = gekozen.has_herinnering_aanleveren, gekozen.has_validatieverslag
        if gekozen.rol == "aannemer":
            eigen = st.text_area("Schrijfwijzen van de naam van de aannemer", "\n".join(gekozen.eigen_aannemers))
            andere = st.text_area("Andere aannemers die dit account ook mag zien", "\n".join(gekozen.andere_aannemers))
        elif gekozen.rol != "beheerder":
            klantvizier = st.checkbox("Toegang tot Klantvizier", value=klantvizier)
            mijn_kwh = st.checkbox("Toegang tot Mijn KWH", value=mijn_kwh)
            herinnering = st.checkbox("E-mail: herinnering voor aanleveren", value=herinnering)
            verslag = st.checkbox("E-mail: validatieverslag", value=verslag)
        opslaan = st.form_submit_button("Wijzigingen opslaan")
    if opslaan:
        try:
            accounts.update_account(
                con, scope, gekozen.gebruiker_id, naam=naam, toegang_klantvizier=klantvizier,
                toegang_mijn_kwh=mijn_kwh, herinnering_aanleveren=herinnering,
                validatieverslag=verslag, eigen_aannemers=names(eigen), andere_aannemers=names(andere),
            )
        except accounts.AccountError as exc:
            st.error(plain(str(exc)))
        else:
            st.success("De wijzigingen zijn opgeslagen.")

    links, rechts = st.columns(2)
    with links:
        st.caption("Opnieuw uitnodigen: de gebruiker stelt met een nieuwe link een (nieuw) wachtwoord in.")
        if st.button("Opnieuw uitnodigen", key="kv_heruitnodigen"):
            try:
                st.session_state["kv_invitation"] = accounts.invite(con, scope, gekozen.gebruiker_id)
            except accounts.AccountError as exc:
                st.error(plain(str(exc)))
            else:
                st.rerun()
    with rechts:
        zeker = st.checkbox(f"Ja, verwijder {plain(gekozen.email)}", key="kv_verwijder_zeker")
        if st.button("Verwijderen", key="kv_verwijderen", disabled=not zeker):
            try:
                accounts.delete_account(con, scope, gekozen.gebruiker_id)
            except accounts.AccountError as exc:
                st.error(plain(str(exc)))
            else:
                st.rerun()
