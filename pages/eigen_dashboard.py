"""Eigen dashboard (seed 002 §4: "je eigen dashboard om snel de resultaten te kunnen monitoren
waar je specifiek op stuurt"): the question tiles this user pinned, for the top bar's period."""

import streamlit as st

from kwhcore.eigen_dashboard import EigenDashboardError
from kwhcore.vragenlijsten import fill_placeholders, naam_van
from kwhcore.vragenlijsten import vraag as vraag_def
from ui import cache, session, state, tiles, topbar
from ui.text import plain
from warehouse.queries import eigen_dashboard

scope = session.scope()
selection = topbar.begin(scope, met_uitsplitsing=False)
version = cache.version()

st.title("Eigen dashboard")
corporatie = cache.corporatie_naam(selection.corporatie_id, version)
st.caption(f"{plain(corporatie)} · {selection.parsed_periode.label}")

try:
    pins = eigen_dashboard.pins(state.cursor(), scope)
except EigenDashboardError as exc:
    st.info(plain(str(exc)))
    st.stop()


def _haal_weg(vragenlijst: str, vraag_code: str) -> None:
    eigen_dashboard.unpin(state.cursor(), scope, vragenlijst, vraag_code)


if not pins:
    tiles.lege_staat(
        "U heeft nog geen vragen op uw dashboard gezet.",
        "Open een vraag via Thema's (of via een klantreisstap) en kies 'Zet op mijn dashboard'.",
    )
    st.stop()

with tiles.toegang():
    per_vragenlijst: dict[str, dict] = {}
    columns = st.columns(3)
    for index, pin in enumerate(pins):
        target = topbar.selectie_voor(scope, selection, pin.vragenlijst)
        if pin.vragenlijst not in per_vragenlijst:
            per_vragenlijst[pin.vragenlijst] = {v.code: v for v in cache.vragen(scope, target, version)}
        figuur = per_vragenlijst[pin.vragenlijst].get(pin.vraag_code)
        vraag = vraag_def(pin.vraag_code)
        with columns[index % 3].container(border=True, key=f"pin_{pin.vraag_code}"):
            st.caption(f"{naam_van(pin.vragenlijst)} · {vraag.stap}")
            if figuur is None:
                st.caption("Deze vraag wordt niet meer gesteld.")
            else:
                st.markdown(f"**{plain(fill_placeholders(vraag.tekst, target.aannemer or corporatie))}**")
                tiles.score_tegel("Gemiddelde", figuur.gemiddelde, figuur.n, figuur.onderdrukt)
            with st.container(horizontal=True):
                topbar.link(topbar.PAGE_VRAAG, "Details", target, vraag=pin.vraag_code, icon=":material/query_stats:")
                st.button("Haal weg", key=f"unpin_{pin.vragenlijst}_{pin.vraag_code}", icon=":material/close:",
                          on_click=_haal_weg, args=(pin.vragenlijst, pin.vraag_code))
