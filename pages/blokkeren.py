"""Blokkeren NAW-gegevens (seed 002 §3): exclude an address from all surveys of the corporation
for a period that depends on the reason; list and end blokkades."""

import pandas as pd
import streamlit as st

from kwhcore import blokkades
from kwhcore.config import CONFIG
from kwhcore.formatting import datum
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain

scope = session.scope()
con = state.cursor()
st.title("Blokkeren NAW-gegevens")
corporatie_id = corporatie_id_for(scope)
if corporatie_id is None:
    st.stop()

st.caption(
    "Een geblokkeerd adres wordt voor geen enkel onderzoek van uw corporatie uitgenodigd: "
    "wil niet meedoen 3 jaar, overleden 1 jaar, foutief in bestand 1 maand."
)
with st.form("blokkade_toevoegen", clear_on_submit=True):
    kolommen = st.columns(3)
    postcode = kolommen[0].text_input("Postcode", placeholder="1234 AB")
    huisnummer = kolommen[1].text_input("Huisnummer")
    toevoeging = kolommen[2].text_input("Toevoeging")
    reden = st.radio(
        "Reden", list(blokkades.REDENEN), format_func=lambda r: blokkades.REDENEN[r][0], horizontal=True
    )
    if st.form_submit_button("Blokkeren", type="primary"):
        try:
            nieuw = blokkades.add_blokkade(con, scope, corporatie_id, postcode, huisnummer, toevoeging, reden)
            st.success(f"{plain(nieuw.postcode)} {nieuw.huisnummer}{plain(nieuw.toevoeging)} is geblokkeerd tot {datum(nieuw.ends_on)}.")
        except blokkades.BlokkadeError as exc:
            st.error(plain(str(exc)))

toon_alle = st.toggle("Ook beëindigde blokkades tonen")
lijst = blokkades.list_blokkades(con, scope, corporatie_id, include_ended=toon_alle)
if not lijst:
    st.info("Er zijn geen blokkades.")
    st.stop()
st.dataframe(
    pd.DataFrame([
        {"Postcode": b.postcode, "Huisnummer": b.huisnummer, "Toevoeging": b.toevoeging, "Reden": b.reden_label,
         "Vanaf": datum(b.starts_on), "Tot": datum(b.ends_on), "Door": b.created_by or ""}
        for b in lijst
    ]),
    hide_index=True, width="stretch",
)
actief = [b for b in lijst if b.is_active(CONFIG.today())]
if actief:
    labels = {b.blokkade_id: f"{b.postcode} {b.huisnummer}{b.toevoeging} ({b.reden_label.lower()})" for b in actief}
    keuze = st.selectbox("Blokkade beëindigen", list(labels), format_func=labels.get)
    if st.button("Beëindigen"):
        try:
            blokkades.end_blokkade(con, scope, keuze)
            st.rerun()
        except blokkades.BlokkadeError as exc:
            st.error(plain(str(exc)))
