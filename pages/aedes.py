"""Aedes-benchmark (domain.md §8.1, seed 002 §6): the prestatieveld Huurdersoordeel as the tile
shows it — live until the freeze at the end of August, frozen afterwards — the forecast for the
year that is running, earlier frozen years, and for the beheerder the freeze itself."""

import streamlit as st

from kwhcore import aedes
from kwhcore.access import AccessDenied
from kwhcore.config import CONFIG
from kwhcore.formatting import cijfer, datum
from kwhcore.prognose import aedes_prognose
from ui import session, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain
from warehouse.queries import judgements

VERSLAG_KEY = "aedes_bevries_verslag"

scope = session.scope()
con = state.cursor()
vandaag = CONFIG.today()

st.title("Aedes-benchmark")
st.caption(
    "Prestatieveld Huurdersoordeel: per deelscore het gemiddelde cijfer op de eerste vraag, een "
    "letter per deelscore en een letter voor het geheel (Nieuwe huurders 25%, Reparatieverzoeken "
    "55%, Vertrokken huurders 20%)."
)
if verslag := st.session_state.pop(VERSLAG_KEY, None):
    st.success(verslag)
corporatie_id = corporatie_id_for(scope, key="aedes_corporatie")
if corporatie_id is None:
    st.stop()


def toon(resultaat: aedes.AedesResultaat) -> None:
    start, eind = datum(resultaat.venster_start), datum(resultaat.venster_eind)
    if resultaat.is_bevroren:
        st.markdown(f"**Benchmarkjaar {resultaat.jaar}** · {start} t/m {eind} · :material/ac_unit: bevroren")
        st.caption(f"Bevroren op {datum(resultaat.frozen_at.date())} door {plain(resultaat.frozen_by)}; "
                   "deze cijfers veranderen niet meer.")
    else:
        st.markdown(f"**Benchmarkjaar {resultaat.jaar}** · {start} t/m {eind} · live")
    columns = st.columns(4)
    for column, deel in zip(columns[:3], resultaat.deelscores, strict=True):
        if deel.gemiddelde is None:
            column.metric(deel.deelscore.naam, "–")
            column.caption("Te weinig respondenten om een resultaat te tonen" if deel.onderdrukt
                           else "Nog geen resultaten")
        else:
            column.metric(deel.deelscore.naam, f"{cijfer(deel.gemiddelde)} · {deel.letter}")
            column.caption(f"N = {deel.n}")
    gewogen = "–" if resultaat.gewogen_score is None else cijfer(resultaat.gewogen_score, 2)
    columns[3].metric("Huurdersoordeel", resultaat.letter or "–")
    columns[3].caption(f"Gewogen score {gewogen}")


try:
    tegel = judgements.aedes_tegel(con, scope, corporatie_id, vandaag)
except AccessDenied as exc:
    st.info(plain(str(exc)))
    st.stop()
toon(tegel)

lopend = aedes.lopend_jaar(vandaag)
if not tegel.is_bevroren or lopend != tegel.jaar:
    st.subheader(f"Prognose benchmarkjaar {lopend}")
    st.caption("Waar de letters uitkomen als het benchmarkjaar vandaag zou eindigen, met de "
               "foutmarge (90% betrouwbaarheid).")
    prognose = aedes_prognose(lopend, judgements.aedes_steekproef(con, scope, corporatie_id, lopend))
    rijen = []
    for deel in prognose.deelscores:
        marge = "–" if deel.meting.marge is None else f"± {cijfer(deel.meting.marge, 2)}"
        rijen.append({
            "Deelscore": deel.deelscore.naam,
            "Cijfer tot nu toe": "–" if deel.meting.waarde is None else cijfer(deel.meting.waarde),
            "Foutmarge": marge,
            "N": deel.n,
            "Letter": deel.letter or "–",
            "Mogelijk binnen de foutmarge": " of ".join(deel.mogelijke_letters) or "–",
        })
    st.dataframe(rijen, hide_index=True)
    st.markdown(f"Huurdersoordeel als het jaar nu eindigde: **{prognose.letter or '–'}**"
                + (f" (binnen de foutmarge: {' of '.join(prognose.mogelijke_letters)})"
                   if len(prognose.mogelijke_letters) > 1 else ""))

eerdere = [j for j in judgements.bevroren_jaren(con, scope, corporatie_id) if j != tegel.jaar]
if eerdere:
    st.subheader("Eerdere benchmarkjaren")
    jaar = st.selectbox("Benchmarkjaar", eerdere, key="aedes_eerder")
    toon(judgements.aedes_bevroren(con, scope, corporatie_id, jaar))

if scope.role in ("beheerder", "systeem"):
    st.subheader("Bevriezen")
    te_bevriezen = aedes.laatst_afgesloten_jaar(vandaag)
    st.caption(
        f"Eind augustus worden de resultaten van benchmarkjaar {te_bevriezen} vastgelegd voor alle "
        "corporaties. Een bevroren jaar verandert daarna nooit meer."
    )
    if st.button(f"Benchmarkjaar {te_bevriezen} bevriezen", key="aedes_bevries"):
        verslagen = judgements.bevries(
            con, scope, te_bevriezen, session.current_username(), vandaag=vandaag)
        nieuw = sum(v.status == "bevroren" for v in verslagen)
        al = sum(v.status == "al_bevroren" for v in verslagen)
        st.session_state[VERSLAG_KEY] = (
            f"Benchmarkjaar {te_bevriezen}: {nieuw} corporaties bevroren, {al} waren al bevroren."
        )
        st.rerun()
