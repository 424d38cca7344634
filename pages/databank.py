"""Databank (seed 000 "Databank", domain.md §9): respondent-level data within the user's scope,
a preview and downloads as CSV (Dutch Excel) or .xlsx. The query layer applies scope, minimum-N
and anonymity; the preview never shows an address (no addresses in dashboards)."""

import dataclasses

import pandas as pd
import streamlit as st

from kwhcore.export import ADRES_KOLOMMEN, neutraliseer, to_bytes
from kwhcore.formatting import aantal
from ui import cache, session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.databank_filters import databank_selectie
from warehouse.queries.databank import databank
from warehouse.stores import audit

PREVIEW_ROWS = 50
FORMATEN = {
    "CSV (opent in Excel)": ("csv", "text/csv"),
    "Excel (.xlsx)": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
DOWNLOAD_KEY = "databank_download"

scope = session.scope()
con = state.cursor()

st.title("Databank")
st.caption(
    "Alle antwoorden op respondentniveau, voor eigen selecties en analyses. Van respondenten die "
    "anoniem bleven zijn de uitsplitsingen, het respondentnummer en de exacte datum gewist."
)
corporatie_id = corporatie_id_for(scope, key="databank_corporatie")
if corporatie_id is None:
    st.stop()
selectie = databank_selectie(con, scope, corporatie_id)

n_totaal = sum(cache.databank_aantallen(scope, selectie, cache.version()).values())
voorbeeld = cache.databank_voorbeeld(scope, selectie, PREVIEW_ROWS, cache.version())
for melding in voorbeeld.meldingen:
    st.info(melding)
if not voorbeeld.rijen:
    st.stop()

st.subheader(f"Voorbeeld ({aantal(min(PREVIEW_ROWS, voorbeeld.n_respondenten))} van {aantal(n_totaal)} respondenten)")
# Neutralised here too: the table's own toolbar can save the preview as a CSV file.
frame = pd.DataFrame([[neutraliseer(v) for v in rij] for rij in voorbeeld.rijen], columns=list(voorbeeld.kolommen))
for kolom in frame.columns:
    # A grade column also holds 'weet niet': show such a column as text rather than make the
    # table guess a type per cell.
    if frame[kolom].dropna().map(type).nunique() > 1:
        frame[kolom] = frame[kolom].astype("string")
st.dataframe(frame.drop(columns=[k for k in voorbeeld.kolommen if k in ADRES_KOLOMMEN]), hide_index=True)

keuze = st.radio("Formaat", list(FORMATEN), horizontal=True, key="databank_formaat")
formaat, mime = FORMATEN[keuze]
if st.button("Bestand maken", type="primary"):
    bar = st.progress(0.0, text="Gegevens ophalen…")
    volledig = databank(con, scope, selectie)
    payload = to_bytes(volledig, formaat, progress=lambda fraction, text: bar.progress(fraction, text=text))
    bar.empty()
    # Who took which selection out of the app, and how many respondents (issue 12).
    audit.record(con, scope, "export", corporatie_id=corporatie_id, onderwerp=f"databank.{formaat}",
                 selectie=dataclasses.asdict(selectie), rows_count=volledig.n_respondenten)
    st.session_state[DOWNLOAD_KEY] = (selectie, formaat, payload, volledig.n_respondenten)

klaar = st.session_state.get(DOWNLOAD_KEY)
if klaar and klaar[0] == selectie and klaar[1] == formaat:
    _, _, payload, n = klaar
    st.download_button(
        f"Download {aantal(n)} respondenten ({formaat})",
        data=payload,
        file_name=f"databank.{formaat}",
        mime=mime,
        on_click="ignore",
        icon=":material/download:",
    )
