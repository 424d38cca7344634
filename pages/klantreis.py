"""One klantreis step (seed 000: "In dit dashboard zie je dan de resultaten van de vragen die over
dit deel van de klantreis gaan"): every question of the step with score, N and distribution."""

import streamlit as st

from kwhcore.vragenlijsten import fill_placeholders
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from ui import cache, charts, session, tiles, topbar
from ui.text import plain

scope = session.scope()
selection = topbar.begin(scope)
version = cache.version()
definition = vragenlijst_def(selection.vragenlijst)
totaal = selection.as_totaal()
is_slice = selection != totaal
corporatie = cache.corporatie_naam(selection.corporatie_id, version)

stap = st.query_params.get(topbar.PARAM_STAP, definition.stappen[0])
if stap not in definition.stappen:
    st.warning(f"De stap '{plain(stap)}' hoort niet bij {definition.naam}; u ziet de eerste stap.")
    stap = definition.stappen[0]
    st.query_params[topbar.PARAM_STAP] = stap

st.title(f"{definition.naam} – {stap}")
st.caption(f"{plain(corporatie)} · {selection.parsed_periode.label}"
           + (f" · {plain(selection.aannemer)}" if selection.aannemer else "")
           + (f" · {plain(topbar.uitsplitsing_label(selection.uitsplitsing))}" if selection.uitsplitsing else ""))
with st.container(horizontal=True):
    topbar.link(topbar.PAGE_HOOFDDASHBOARD, f"Terug naar {definition.naam}", selection, icon=":material/arrow_back:")
    for andere in definition.stappen:
        if andere != stap:
            topbar.link(topbar.PAGE_KLANTREIS, andere, selection, stap=andere)

with tiles.toegang():
    stap_figuur = next(s for s in cache.stappen(scope, selection, version) if s.stap == stap)
    tiles.score_tegel(f"Score {stap}", stap_figuur.score, stap_figuur.n, stap_figuur.onderdrukt)

    figuren = {v.code: v for v in cache.vragen(scope, selection, version)}
    geheel = {v.code: v for v in cache.vragen(scope, totaal, version)} if is_slice else {}
    vragen = [v for v in definition.vragen_in_stap(stap) if v.is_cijfervraag]
    if not vragen:
        tiles.lege_staat("Deze stap heeft geen vragen met een rapportcijfer.", "Kies een andere stap hierboven.")
    kijker = selection.aannemer or corporatie
    for vraag in vragen:
        figuur = figuren[vraag.code]
        with st.container(border=True, key=f"vraag_{vraag.code}"):
            st.markdown(f"**{plain(fill_placeholders(vraag.tekst, kijker))}**")
            left, right = st.columns([1, 3])
            with left:
                naast = geheel.get(vraag.code)
                tiles.score_tegel("Gemiddelde", figuur.gemiddelde, figuur.n, figuur.onderdrukt,
                                  naast=("de corporatie als geheel", naast.gemiddelde) if naast else None)
            with right:
                if figuur.onderdrukt:
                    tiles.onderdrukt_melding(figuur.n)
                else:
                    reeksen = [("Uw selectie" if is_slice else corporatie,
                                figuur.pct_1_5, figuur.pct_6_7, figuur.pct_8_10)]
                    if naast is not None:
                        reeksen.append((f"{corporatie} als geheel", naast.pct_1_5, naast.pct_6_7, naast.pct_8_10))
                    charts.toon(charts.verdeling_chart(reeksen))
            topbar.link(topbar.PAGE_VRAAG, "Meer over deze vraag", selection, vraag=vraag.code,
                        icon=":material/query_stats:")
