"""Onderzoeken (seed 002 §2): per vragenlijst how and how often the corporation delivers, who
manages it and who receives the signaalmails; the contactpersoon for tenants; the checkvraag;
the signal rules (issue 12: which answers of which question, or checkvraag 3/4, mail whom)."""

import pandas as pd
import streamlit as st

from kwhcore import onderzoeken
from kwhcore.signalen import CHECKVRAAG_SIGNAAL_ANTWOORDEN, CHECKVRAAG_TEKSTEN, DEFAULT_MAX_CIJFER, SignaalError
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, fill_placeholders, naam_van, vragenlijst
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain
from warehouse.stores import signaalregels, signalen

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

st.header("Signaalmails")
st.caption(
    "Kies per vragenlijst bij welke antwoorden u een e-mail wilt ontvangen, bijvoorbeeld een 5 of lager, of "
    "juist een 9 of 10. Een signaal komt alleen van huurders die toestemming geven om hun gegevens te delen."
)
zichtbaar = st.toggle("Aannemers zien de signalen over hun eigen werk", signalen.aannemer_mag_zien(con, corporatie_id),
                      key="signalen_aannemer_zichtbaar")
if zichtbaar != signalen.aannemer_mag_zien(con, corporatie_id):
    signalen.set_aannemer_mag_zien(con, scope, corporatie_id, zichtbaar)
    st.success("Opgeslagen.")

code = st.selectbox("Vragenlijst", VRAGENLIJST_CODES, format_func=naam_van, key="signaalregel_vragenlijst")
teksten = {v.code: fill_placeholders(v.tekst, "de corporatie") for v in vragenlijst(code).vragen}
actief = signaalregels.regels(con, scope, corporatie_id, code)
if actief:
    st.dataframe(pd.DataFrame([
        {"Nr": r.signaal_regel_id, "Vraag": teksten.get(r.vraag_code, "Checkvraag") if r.vraag_code else "Checkvraag",
         "Signaal bij": r.omschrijving, "Ontvangers": ", ".join(r.ontvangers),
         "Ook de aannemer": "ja" if r.is_aannemer_ontvanger else "nee"}
        for r in actief
    ]), hide_index=True)
    with st.form(f"signaalregel_stop_{code}"):
        stop = st.selectbox("Regel beëindigen", [r.signaal_regel_id for r in actief], format_func=lambda i: f"Nr. {i}")
        if st.form_submit_button("Beëindigen"):
            signaalregels.end_regel(con, scope, stop)
            st.rerun()
else:
    st.caption(f"Nog geen signaalregels voor {naam_van(code)}.")

soorten = ["vraag", "checkvraag"] if code == "reparaties" else ["vraag"]
soort = st.radio("Signaal op", soorten, horizontal=True, key=f"signaalregel_soort_{code}",
                 format_func={"vraag": "een rapportcijfer", "checkvraag": "de checkvraag"}.get)
standaard = next((i.signaal_ontvangers for i in onderzoeken.onderzoek_instellingen(con, scope, corporatie_id)
                  if i.vragenlijst_code == code), ())
with st.form(f"signaalregel_{code}_{soort}"):
    vraag_code = bereik = checkvraag = None
    if soort == "vraag":
        cijfervragen = [v for v in vragenlijst(code).vragen if v.type == "rapportcijfer"]
        vraag_code = st.selectbox("Vraag", [v.code for v in cijfervragen], format_func=teksten.get)
        bereik = st.slider("Signaal bij een cijfer van … tot en met …", 1, 10, (1, DEFAULT_MAX_CIJFER))
    else:
        checkvraag = st.radio("Antwoord op de checkvraag", list(CHECKVRAAG_SIGNAAL_ANTWOORDEN),
                              format_func=lambda a: f"{a}. {CHECKVRAAG_TEKSTEN[a]}")
    ontvangers = st.text_area("Ontvangers, één e-mailadres per regel", "\n".join(standaard))
    aannemer = st.checkbox("Ook de accounts van de betrokken aannemer mailen")
    if st.form_submit_button("Regel toevoegen", type="primary"):
        try:
            verslag = signaalregels.add_regel(
                con, scope, corporatie_id, code, ontvangers=ontvangers, vraag_code=vraag_code,
                min_cijfer=bereik[0] if bereik else None, max_cijfer=bereik[1] if bereik else None,
                checkvraag_antwoord=checkvraag, is_aannemer_ontvanger=aannemer,
            )
        except SignaalError as exc:
            st.error(plain(str(exc)))
        else:
            st.success(f"Signaalregel opgeslagen: {verslag.regel.omschrijving}"
                       + (f"; {verslag.signalen} signaal/signalen uit recente antwoorden." if verslag.signalen else "."))
