"""Signalen (issue 12; seed 002 "Wat zijn signaal e-mails?", seed 003 "het vastleggen wat er met
de 'Stem' wordt gedaan"): every signal raised for a consenting tenant, the oldest open first,
with who handles it, what was done and when; counts per status and the median time to close
per month. A contractor sees the signals about its own work only when the corporation allows it."""

from datetime import date

import pandas as pd
import streamlit as st

from kwhcore.access import AccessDenied
from kwhcore.formatting import aantal, cijfer, datum
from kwhcore.periods import MAANDEN
from kwhcore.signalen import OVERGANGEN, STATUSSEN, SignaalError, doorlooptijden
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, naam_van
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain
from warehouse.stores import signalen as store

MAILSTATUS = {
    "wacht": "wacht op verzending",
    "bezig": "verzending onderbroken; controleer of de mail is aangekomen",
    "mislukt": "verzenden mislukt; wordt opnieuw geprobeerd",
    "verzonden": "verzonden",
}

scope = session.scope()
con = state.cursor()
st.title("Signalen")
st.caption(
    "Huurders die hun gegevens met u willen delen en een antwoord gaven waarvoor u een signaal wilt "
    "ontvangen. Leg vast wie het signaal oppakt, wat er is gedaan en wanneer."
)
corporatie_id = corporatie_id_for(scope, key="signalen_corporatie")
if corporatie_id is None:
    st.stop()
try:
    tellingen = store.tellingen(con, scope, corporatie_id)
except AccessDenied as exc:
    st.info(plain(str(exc)))
    st.stop()

for column, (code, label) in zip(st.columns(len(STATUSSEN)), STATUSSEN.items(), strict=True):
    column.metric(label, aantal(tellingen[code]))

opnieuw = store.heruitnodigingen(con, scope, corporatie_id)
if opnieuw:
    with st.expander(f"Opnieuw uitgenodigd na de checkvraag ({aantal(len(opnieuw))})"):
        st.caption("Huurders die antwoordden dat de reparatie nog niet klaar was, krijgen na 3 of 6 weken de "
                   "vragenlijst opnieuw. Deze uitnodigingen tellen mee in de respons.")
        st.dataframe(pd.DataFrame([
            {"Uitgenodigd op": datum(d), "Uitnodiging": u, "Aannemer": a or "",
             "Kanaal": "e-mail" if k == "email" else "telefoon"} for d, u, a, k in opnieuw
        ]), hide_index=True)

with st.container(horizontal=True):
    status = st.selectbox("Status", [None, *STATUSSEN], format_func=lambda s: "Alle" if s is None else STATUSSEN[s],
                          key="signalen_status")
    vragenlijst = st.selectbox("Vragenlijst", [None, *VRAGENLIJST_CODES], key="signalen_vragenlijst",
                               format_func=lambda c: "Alle vragenlijsten" if c is None else naam_van(c))
rows = store.signalen(con, scope, corporatie_id, status=status, vragenlijst_code=vragenlijst)
if not rows:
    st.info("Geen signalen voor deze selectie." if sum(tellingen.values()) else
            "Er zijn nog geen signalen. Signaalregels stelt u in op de pagina Onderzoeken.")
    st.stop()

met_contact = not scope.is_aannemer  # the tenant agreed to share with the corporation
st.dataframe(
    pd.DataFrame([
        {"Nr": s.signaal_id, "Binnengekomen": datum(s.raised_at.date()), "Status": s.status_label,
         "Vragenlijst": naam_van(s.vragenlijst_code), "Antwoord": s.antwoord, "Aannemer": s.aannemer or "",
         "id1": s.huurder.id1 or "", "id2": s.huurder.id2 or "", "Behandelaar": s.behandelaar or "",
         "Datum actie": datum(s.actie_date) if s.actie_date else ""}
        for s in rows
    ]),
    hide_index=True,
)

st.subheader("Signaal opvolgen")
by_id = {s.signaal_id: s for s in rows}
gekozen = by_id[st.selectbox(
    "Signaal", list(by_id), key="signalen_gekozen",
    format_func=lambda i: f"Nr. {i} · {by_id[i].status_label} · {datum(by_id[i].raised_at.date())} · {by_id[i].antwoord}",
)]
h = gekozen.huurder
details = [("Vraag", gekozen.vraag_tekst), ("Antwoord", gekozen.antwoord),
           ("Ingevuld op", datum(gekozen.completed_date) if gekozen.completed_date else ""),
           ("Aannemer", gekozen.aannemer or ""), ("id1", h.id1 or ""), ("id2", h.id2 or "")]
if met_contact:
    details += [("Naam", h.naam or ""), ("Adres", h.adres or ""), ("Telefoon", h.telefoon or ""), ("E-mail", h.email or "")]
details += [("Signaalmail", "verzonden op " + datum(gekozen.mail_sent_at.date()) if gekozen.mail_sent_at
             else MAILSTATUS[gekozen.mail_status]),
            ("Behandelaar", gekozen.behandelaar or ""), ("Wat is er gedaan", gekozen.notitie or "")]
st.dataframe(pd.DataFrame(details, columns=["Gegeven", "Waarde"]), hide_index=True)

if not scope.is_aannemer:
    with st.form(f"opvolgen_{gekozen.signaal_id}"):
        nieuw = st.radio("Nieuwe status", list(OVERGANGEN[gekozen.status]), format_func=STATUSSEN.get, horizontal=True)
        behandelaar = st.text_input("Wie behandelt het signaal?", gekozen.behandelaar or scope.user_email or "")
        notitie = st.text_area("Wat is er gedaan?", gekozen.notitie or "")
        actie_date = st.date_input("Datum", date.today(), max_value=date.today(), format="DD-MM-YYYY")
        if st.form_submit_button("Opslaan", type="primary"):
            try:
                store.wijzig_status(con, scope, gekozen.signaal_id, nieuw, behandelaar=behandelaar, notitie=notitie,
                                    actie_date=actie_date)
            except SignaalError as exc:
                st.error(plain(str(exc)))
            else:
                st.session_state["signalen_melding"] = f"Signaal {gekozen.signaal_id} staat nu op '{STATUSSEN[nieuw]}'."
                st.rerun()
if melding := st.session_state.pop("signalen_melding", None):
    st.success(melding)

st.subheader("Doorlooptijd")
st.caption("De mediaan van het aantal dagen tussen binnenkomst en afhandeling, per maand van binnenkomst.")
st.dataframe(
    pd.DataFrame([
        {"Maand": f"{MAANDEN[int(d.maand[5:]) - 1]} {d.maand[:4]}", "Signalen": d.aantal, "Afgehandeld": d.afgehandeld,
         "Mediaan doorlooptijd": "–" if d.mediaan_dagen is None else f"{cijfer(d.mediaan_dagen)} dagen"}
        for d in reversed(doorlooptijden(store.doorloop(con, scope, corporatie_id)))
    ]),
    hide_index=True,
)
