"""Vragenlijsten (seed 002 "Waar kan ik onze huidige vragenlijsten bekijken?"): the questions per
vragenlijst, with the kwaliteitslabel mark (the purple icon) and the signal mark (the envelope)."""

import pandas as pd
import streamlit as st

from kwhcore.vragenlijsten import VRAGENLIJST_CODES, naam_van, vragenlijst

st.title("Vragenlijsten")
code = st.selectbox("Vragenlijst", VRAGENLIJST_CODES, format_func=naam_van)
lijst = vragenlijst(code)
st.page_link("pages/voorbeeld.py", label="Bekijk hoe uw huurders de vragenlijst en de uitnodiging zien",
             icon=":material/preview:")
st.caption("💬 telt mee voor het KWH-Kwaliteitslabel · ✉️ kan een signaalvraag zijn · A: Aedes-benchmark")
for stap in lijst.stappen + tuple(s for s in dict.fromkeys(v.stap for v in lijst.vragen) if s not in lijst.stappen):
    vragen = lijst.vragen_in_stap(stap)
    if not vragen:
        continue
    st.subheader(stap)
    st.dataframe(
        pd.DataFrame([
            {"Nr": v.volgorde, "Vraag": v.tekst,
             "Kenmerken": " ".join(m for m, on in (("💬", v.kwaliteitslabel), ("✉️", v.signaal), ("A", v.aedes)) if on)}
            for v in vragen
        ]),
        hide_index=True, width="stretch",
    )
