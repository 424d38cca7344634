"""Onderzoeken (seed 002 §2): per vragenlijst how and how often the corporation delivers, who
manages it and who receives the signaalmails; the contactpersoon for tenants; the checkvraag."""

import streamlit as st

from kwhcore import onderzoeken
from kwhcore.vragenlijsten import naam_van
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain

scope = session.scope()
con = state.cursor()
st.title("Onderzoeken")
corporatie_id = corporatie_id_for(scope)
if corporatie_id is None:
    st.stop()

algemeen = onderzoeken.corporatie_instelling(con, scope, corporatie_id)
with st.form("corporatie_instelling"):
    st.subheader("Contactpersoon voor huurders")
    st.caption("Staat in de uitnodigingsmail, zodat huurders met vragen weten bij wie ze terecht kunnen.")
    naam = st.text_input("Naam of afdeling", algemeen.contactpersoon_naam or "")
    email = st.text_input("E-mailadres", algemeen.contactpersoon_email or "")
    telefoon = st.text_input("Telefoonnummer", algemeen.contactpersoon_telefoon or "")
    st.subheader("Checkvraag Reparaties")
    checkvraag = st.toggle("Checkvraag gebruiken ('Is de reparatie klaar?')", algemeen.is_checkvraag_enabled)
    weken = st.radio("Opnieuw uitnodigen na", [3, 6], index=[3, 6].index(algemeen.checkvraag_reinvite_weeks),
                     format_func=lambda w: f"{w} weken", horizontal=True)
    if st.form_submit_button("Opslaan", type="primary"):
        try:
            onderzoeken.save_corporatie_instelling(
                con, scope, corporatie_id, contactpersoon_naam=naam, contactpersoon_email=email,
                contactpersoon_telefoon=telefoon, is_checkvraag_enabled=checkvraag, checkvraag_reinvite_weeks=weken,
            )
            st.success("Opgeslagen.")
        except onderzoeken.InstellingError as exc:
            st.error(plain(str(exc)))

st.header("Vragenlijsten")
for instelling in onderzoeken.onderzoek_instellingen(con, scope, corporatie_id):
    with st.expander(naam_van(instelling.vragenlijst_code)):
        with st.form(f"instelling_{instelling.vragenlijst_code}"):
            beheerder = st.text_input("Wie beheert de vragenlijst?", instelling.beheerder_naam or "")
            methode = st.radio("Hoe lever je gegevens aan?", list(onderzoeken.AANLEVERMETHODEN),
                               index=list(onderzoeken.AANLEVERMETHODEN).index(instelling.aanlevermethode),
                               format_func=onderzoeken.AANLEVERMETHODEN.get, horizontal=True)
            frequentie = st.selectbox("Hoe vaak lever je aan?", list(onderzoeken.FREQUENTIES),
                                      index=list(onderzoeken.FREQUENTIES).index(instelling.frequentie),
                                      format_func=onderzoeken.FREQUENTIES.get)
            ontvangers = st.text_area("Signaalmailadres(sen), één per regel", "\n".join(instelling.signaal_ontvangers))
            if st.form_submit_button("Opslaan"):
                try:
                    onderzoeken.save_onderzoek_instelling(
                        con, scope, corporatie_id, instelling.vragenlijst_code, aanlevermethode=methode,
                        frequentie=frequentie, beheerder_naam=beheerder, signaal_ontvangers=ontvangers,
                    )
                    st.success("Opgeslagen.")
                except onderzoeken.InstellingError as exc:
                    st.error(plain(str(exc)))
