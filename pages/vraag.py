"""Question detail (seed 000): the score, the 1–5 / 6–7 / 8–10 distribution, the development
over months, quarters or years with comparison lines, and "Meer info": N, the question as the
tenant read it and the margin of error at 90% (domain.md §8.3)."""

import streamlit as st

from kwhcore.eigen_dashboard import EigenDashboardError
from kwhcore.formatting import aantal, foutmarge_tekst
from kwhcore.scoring import foutmarge
from kwhcore.vragenlijsten import fill_placeholders
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from ui import cache, charts, session, state, tiles, topbar
from ui.text import plain
from warehouse.queries import eigen_dashboard

scope = session.scope()
selection = topbar.begin(scope)
version = cache.version()
definition = vragenlijst_def(selection.vragenlijst)
totaal = selection.as_totaal()
is_slice = selection != totaal
corporatie = cache.corporatie_naam(selection.corporatie_id, version)

cijfervragen = [v for v in definition.vragen if v.is_cijfervraag]
gevraagd = st.query_params.get(topbar.PARAM_VRAAG, cijfervragen[0].code)
vraag = next((v for v in cijfervragen if v.code == gevraagd), None)
if vraag is None:
    st.warning(f"De vraag '{plain(gevraagd)}' hoort niet bij {definition.naam}; u ziet de eerste vraag.")
    vraag = cijfervragen[0]
    st.query_params[topbar.PARAM_VRAAG] = vraag.code

kijker = selection.aannemer or corporatie
st.title(f"{definition.naam} – {vraag.stap}")
st.markdown(f"**{plain(fill_placeholders(vraag.tekst, kijker))}**")
st.caption(f"{plain(corporatie)} · {selection.parsed_periode.label}"
           + (f" · {plain(selection.aannemer)}" if selection.aannemer else "")
           + (f" · {plain(topbar.uitsplitsing_label(selection.uitsplitsing))}" if selection.uitsplitsing else ""))
with st.container(horizontal=True):
    if vraag.stap in definition.stappen:
        topbar.link(topbar.PAGE_KLANTREIS, f"Terug naar {vraag.stap}", selection, stap=vraag.stap,
                    icon=":material/arrow_back:")
    topbar.link(topbar.PAGE_HOOFDDASHBOARD, f"Naar {definition.naam}", selection, icon=":material/dashboard:")


def _pin(vastgezet: bool) -> None:
    con = state.cursor()
    try:
        if vastgezet:
            eigen_dashboard.unpin(con, scope, selection.vragenlijst, vraag.code)
        else:
            eigen_dashboard.pin(con, scope, selection.vragenlijst, vraag.code)
    except EigenDashboardError as exc:
        st.session_state["kv_pin_melding"] = str(exc)


try:
    vastgezet = eigen_dashboard.is_pinned(state.cursor(), scope, selection.vragenlijst, vraag.code)
except EigenDashboardError:
    vastgezet = None
if vastgezet is not None:
    st.button("Haal van mijn dashboard" if vastgezet else "Zet op mijn dashboard",
              icon=":material/push_pin:", on_click=_pin, args=(vastgezet,), key="kv_pin")
if melding := st.session_state.pop("kv_pin_melding", None):
    st.warning(plain(melding))

with tiles.toegang():
    figuur = next(v for v in cache.vragen(scope, selection, version) if v.code == vraag.code)
    geheel = next(v for v in cache.vragen(scope, totaal, version) if v.code == vraag.code) if is_slice else None

    left, right = st.columns([1, 2])
    with left:
        tiles.score_tegel("Gemiddelde", figuur.gemiddelde, figuur.n, figuur.onderdrukt,
                          naast=("de corporatie als geheel", geheel.gemiddelde) if geheel else None)
    with right:
        st.markdown("**Verdeling van de cijfers**")
        if figuur.n == 0:
            tiles.lege_staat("Nog geen cijfers voor deze vraag in deze selectie.",
                             "Kies een langere periode in de balk bovenaan.")
        elif figuur.onderdrukt:
            tiles.onderdrukt_melding(figuur.n)
        else:
            reeksen = [("Uw selectie" if is_slice else corporatie, figuur.pct_1_5, figuur.pct_6_7, figuur.pct_8_10)]
            if geheel is not None:
                reeksen.append((f"{corporatie} als geheel", geheel.pct_1_5, geheel.pct_6_7, geheel.pct_8_10))
            charts.toon(charts.verdeling_chart(reeksen))

    st.markdown("**Ontwikkeling in de tijd**")
    trend_type = st.segmented_control(
        "Per", list(topbar.PERIODE_TYPES), format_func=topbar.PERIODE_TYPES.__getitem__, required=True,
        default=selection.parsed_periode.type, key="kv_vraag_trend_type",
    )
    trend = [("Uw selectie" if is_slice else corporatie,
              [(p, f.gemiddelde, f.n) for p, f in cache.vraag_trend(scope, selection, vraag.code, trend_type, version)])]
    if is_slice:
        trend.append((f"{corporatie} als geheel",
                      [(p, f.gemiddelde, f.n) for p, f in cache.vraag_trend(scope, totaal, vraag.code, trend_type, version)]))
    if not scope.is_aannemer:
        for groep_type, naam in (("landelijk", "Landelijk"), ("regio", "Regio")):
            punten = cache.vergelijking_vraag_trend(scope, selection, vraag.code, trend_type, groep_type, version)
            trend.append((naam, [(p, w, None) for p, w in punten]))
    charts.toon(charts.trend_chart(trend, "Gemiddelde"))

    if not scope.is_aannemer:
        st.markdown("**Vergelijking**")
        groep_namen = {"landelijk": "Landelijk", "regio": "Regio", "grootteklasse": "Grootteklasse",
                       "stedelijkheid": "Stedelijkheid"}
        rijen = [tiles.VergelijkingsRij("Uw selectie" if is_slice else corporatie, figuur.gemiddelde, None,
                                        figuur.n, figuur.onderdrukt)]
        if geheel is not None:
            rijen.append(tiles.VergelijkingsRij(f"{corporatie} als geheel", geheel.gemiddelde, None, geheel.n,
                                                geheel.onderdrukt))
        for groep in cache.vergelijking_vraag(scope, selection, vraag.code, version):
            rijen.append(tiles.VergelijkingsRij(
                f"{groep_namen[groep.groep_type]}: {groep.groep_waarde}", groep.waarde, None, groep.n,
                groep.onderdrukt, f"{aantal(groep.n_corporaties)} corporaties" if not groep.onderdrukt else "",
            ))
        tiles.vergelijkings_tabel(rijen, met_tevreden=False)

    with st.expander("Meer info"):
        respons = cache.respons(scope, selection, version)
        marge = None if figuur.onderdrukt else foutmarge(figuur.n, respons.n_benaderd or None)
        st.markdown(
            f"- **Respondenten (N):** {aantal(figuur.n)}\n"
            f"- **Periode:** {selection.parsed_periode.label}\n"
            f"- **Beschrijving:** {plain(fill_placeholders(vraag.tekst, kijker))}\n"
            f"- **Klantreisstap:** {vraag.stap}\n"
            + ("- Deze vraag telt mee voor de onderdeelscore (KWH-Kwaliteitslabel).\n" if vraag.kwaliteitslabel else "")
            + ("- Deze vraag is ook de deelscore in de Aedes-benchmark.\n" if vraag.aedes else "")
            + f"- **Foutmarge (90% betrouwbaarheid):** {foutmarge_tekst(marge)}"
            + (f" bij {aantal(respons.n_benaderd)} benaderde huurders" if respons.n_benaderd else "")
        )
        st.caption("Binnen marktonderzoek is een foutmarge van 5% tot 10% bij 90% betrouwbaarheid op "
                   "jaarbasis de norm. Is de foutmarge groot, kies dan een langere periode.")

topbar.link(topbar.PAGE_OPEN_ANTWOORDEN, "Open antwoorden bij deze vragenlijst", selection, icon=":material/chat:")
