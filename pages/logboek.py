"""Logboek (issue 12): the append-only audit log — who uploaded, approved, deleted or downloaded
what, who changed accounts and rights, who followed up a signal, who froze the Aedes year. The
beheerder reads everything, a hoofdgebruiker the own corporation."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from kwhcore.audit import ACTIES
from kwhcore.corporaties import list_corporaties
from kwhcore.formatting import aantal
from ui import session, state
from warehouse.stores import audit

MAX_REGELS = 2000

scope = session.scope()
con = state.cursor()
st.title("Logboek")
st.caption("Wie deed wat en wanneer: aanleveringen, downloads, accounts en rechten, signalen en bevriezingen.")
if not audit.may_read(scope):
    st.info("Het logboek is alleen voor de hoofdgebruiker en de beheerder.")
    st.stop()

with st.container(horizontal=True):
    since = st.date_input("Vanaf", date.today() - timedelta(days=30), format="DD-MM-YYYY", key="logboek_vanaf")
    corporatie_id = scope.corporatie_id
    if scope.is_all_corporations:
        namen = {c.corporatie_id: c.naam for c in list_corporaties(con)}
        corporatie_id = st.selectbox("Corporatie", [None, *namen], key="logboek_corporatie",
                                     format_func=lambda c: "Alle corporaties" if c is None else namen[c])
    actie = st.selectbox("Actie", [None, *ACTIES], key="logboek_actie",
                         format_func=lambda a: "Alle acties" if a is None else ACTIES[a])

regels = [r for r in audit.regels(con, scope, since=since, corporatie_id=corporatie_id)
          if actie is None or r.actie == actie]
if not regels:
    st.info("Geen regels in het logboek voor deze selectie.")
    st.stop()
st.caption(f"{aantal(len(regels))} regels, de nieuwste eerst"
           + (f"; de eerste {aantal(MAX_REGELS)} getoond." if len(regels) > MAX_REGELS else "."))
st.dataframe(
    pd.DataFrame([
        {"Tijdstip": r.occurred_at.strftime("%d-%m-%Y %H:%M"), "Wie": r.actor, "Actie": r.actie_label,
         "Onderwerp": r.onderwerp or "", "Toelichting": r.toelichting or "",
         "Rijen": "" if r.rows_count is None else aantal(r.rows_count),
         "Selectie": ", ".join(f"{k}: {v}" for k, v in (r.selectie or {}).items()),
         "Corporatie": r.corporatie_naam or ""}
        for r in regels[:MAX_REGELS]
    ]),
    hide_index=True,
)
