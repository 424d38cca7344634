"""Aanlevercalender (seed 002 "Wanneer kan ik … aanleveren?", "Tijdlijn"): the year's deadlines,
the current round, and for approved files the planned fieldwork dates."""

import pandas as pd
import streamlit as st

from kwhcore import uploads
from kwhcore.config import CONFIG
from kwhcore.formatting import datum
from kwhcore.periods import MAANDEN, current_round, deadlines, tijdlijn
from kwhcore.vragenlijsten import naam_van
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from warehouse.stores import geen_levering

scope = session.scope()
con = state.cursor()
st.title("Aanlevercalender")
today = CONFIG.today()
jaar = st.selectbox("Jaar", [today.year - 1, today.year, today.year + 1], index=1)
ronde = current_round(today)
st.info(f"Huidige ronde: uiterste aanleverdatum {datum(ronde)}.")

corporatie_id = corporatie_id_for(scope)
# "Deze maand geen levering" per round (seed 002), as the steward reported it on Aanleveren.
geen = {}
if corporatie_id is not None:
    for melding in geen_levering.meldingen(con, scope, corporatie_id):
        geen.setdefault(melding.ronde, []).append(naam_van(melding.vragenlijst_code))

st.dataframe(
    pd.DataFrame([
        {"Maand": MAANDEN[d.month - 1], "Uiterste aanleverdatum": datum(d),
         "Uitnodigingen": datum(tijdlijn(d).uitnodigingen), "Herinnering": datum(tijdlijn(d).herinnering),
         "Huidige ronde": "●" if d == ronde else "",
         "Geen levering": ", ".join(geen.get(uploads.ronde_key(d), []))}
        for d in deadlines(jaar)
    ]),
    hide_index=True, width="stretch",
)
st.caption("De deadline is de eerste woensdag van de maand; valt die op de 1e t/m 4e, dan de woensdag erna. "
           "'Geen levering': gemeld op de pagina Aanleveren; voor die ronde komt geen herinnering.")

if corporatie_id is None:
    st.stop()
st.header("Planning van geaccordeerde bestanden")
geaccordeerd = [a for a in uploads.list_aanleveringen(con, scope, corporatie_id) if a.status in ("geaccordeerd", "verwerkt")]
if not geaccordeerd:
    st.caption("Nog geen geaccordeerde bestanden.")
    st.stop()
st.dataframe(
    pd.DataFrame([
        {"Vragenlijst": naam_van(a.vragenlijst_code), "Bestand": a.bestandsnaam, "Ronde": a.ronde,
         "Uitnodigingen": datum(tijdlijn(a.deadline).uitnodigingen),
         "Herinnering": datum(tijdlijn(a.deadline).herinnering),
         "Bellen zonder e-mail vanaf": datum(tijdlijn(a.deadline).telefonisch_zonder_email),
         "Bellen niet-reageerders vanaf": datum(tijdlijn(a.deadline).telefonisch_non_respons)}
        for a in geaccordeerd
    ]),
    hide_index=True, width="stretch",
)
