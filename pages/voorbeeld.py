"""Voorbeeld voor huurders (seed 002 "Je ziet ook een voorbeeld van hoe huurders de vragenlijsten
zien"; "Hoe zien de uitnodigingen per e-mail richting huurders eruit?"): the invitation e-mail
and the vragenlijst as a tenant of this corporation receives them."""

from datetime import timedelta

import streamlit as st

from kwhcore import onderzoeken, voorbeeld
from kwhcore.config import CONFIG
from kwhcore.corporaties import get_corporatie
from kwhcore.validation import AANNEMER_VRAGENLIJSTEN
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, naam_van
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain

scope = session.scope()
con = state.cursor()
st.title("Voorbeeld voor huurders")
corporatie_id = corporatie_id_for(scope)
if corporatie_id is None:
    st.stop()
corporatie = get_corporatie(con, corporatie_id)
instelling = onderzoeken.corporatie_instelling(con, scope, corporatie_id)
contact = voorbeeld.Contactpersoon(
    instelling.contactpersoon_naam, instelling.contactpersoon_email, instelling.contactpersoon_telefoon
)

code = st.selectbox("Vragenlijst", VRAGENLIJST_CODES, format_func=naam_van, key="voorbeeld_vragenlijst")
naam = None
if code in AANNEMER_VRAGENLIJSTEN:
    naam = st.text_input(
        "Naam van de aannemer in de vragen (leeg: de naam van uw corporatie)", key="voorbeeld_aannemer",
        help="Staat er in het bestand een aannemer bij de huurder, dan leest de huurder die naam.",
    ).strip() or None
dienst_datum = CONFIG.today() - timedelta(days=7)
st.caption(
    "Zo ontvangen uw huurders de uitnodiging en de vragenlijst. Tussen [haken] staat wat per "
    "huurder wordt ingevuld; de datum en het type werk zijn voorbeelden. De contactpersoon stelt u "
    "in bij Onderzoeken."
)

mail_tab, vragen_tab = st.tabs(["Uitnodigingsmail", "Vragenlijst"])
with mail_tab:
    mail = voorbeeld.uitnodigingsmail(code, corporatie.naam, contact, dienst_datum=dienst_datum, naam=naam)
    st.text(f"Van: {mail.afzender}\nOnderwerp: {mail.onderwerp}")
    with st.container(border=True):
        st.text(mail.tekst)

with vragen_tab:
    stap = None
    for vraag in voorbeeld.vragen(code, corporatie.naam, dienst_datum=dienst_datum, naam=naam):
        if vraag.stap != stap:
            stap = vraag.stap
            st.subheader(stap)
        label = plain(f"{vraag.nummer}. {vraag.tekst}")
        key = f"voorbeeld_{code}_{vraag.nummer}"
        if vraag.type == "open":
            st.text_area(label, key=key, disabled=True, placeholder="Hier typt de huurder zijn antwoord.")
        elif vraag.type == "meerkeuze":
            st.multiselect(label, vraag.antwoorden, key=key, disabled=True, placeholder="Kies een of meer antwoorden")
        else:
            st.radio(label, vraag.antwoorden, index=None, key=key, disabled=True, horizontal=True)
        if vraag.toelichting:
            st.caption(vraag.toelichting)
