"""Start screen (seed 000 "Startscherm"): a tile per vragenlijst the user may see, with its
onderdeelscore, N and trend arrow, and tiles for the Aedes-benchmark, the Databank and
Informatie/Nieuws."""

import streamlit as st

from kwhcore.access import RIGHT_KLANTVIZIER
from kwhcore.config import CONFIG
from kwhcore.formatting import aantal, cijfer, procent
from kwhcore.vragenlijsten import naam_van
from ui import cache, session, state, tiles, topbar
from ui.text import plain
from warehouse.stores import signalen as signaal_store

scope = session.scope()
selection = topbar.begin(scope, met_uitsplitsing=False)
naam = cache.corporatie_naam(selection.corporatie_id, cache.version())

st.title("Klantvizier")
st.caption(f"{plain(naam)} · {selection.parsed_periode.label}"
           + (f" · {plain(selection.aannemer)}" if selection.aannemer else ""))
open_signalen = (signaal_store.open_aantal(state.cursor(), scope, selection.corporatie_id)
                 if scope.has_right(RIGHT_KLANTVIZIER) else None)
if open_signalen:
    st.page_link("pages/signalen.py", icon=":material/notifications:",
                 label=f"{aantal(open_signalen)} open {'signaal' if open_signalen == 1 else 'signalen'} om op te volgen")

with tiles.toegang():
    tegels = cache.start_tegels(scope, selection.corporatie_id, selection.periode, selection.aannemer,
                                cache.version())
    if not tegels:
        tiles.lege_staat(
            "Er zijn nog geen resultaten onder uw naam.",
            "Zodra huurders de vragenlijst over uw werk hebben ingevuld, verschijnen hier de tegels.",
        )
    columns = st.columns(3)
    for index, tegel in enumerate(tegels):
        with columns[index % 3].container(border=True, key=f"tegel_{tegel.vragenlijst}"):
            st.subheader(naam_van(tegel.vragenlijst))
            figure = tegel.figure
            if figure.n == 0:
                st.markdown("**–**")
                st.caption(f"Nog geen resultaten in {selection.parsed_periode.label}.")
            elif figure.onderdrukt:
                st.markdown("**–**")
                st.caption(tiles.onderdrukt_uitleg(figure.n))
            else:
                trend = tegel.trend
                icon = tiles.TREND_ICONS.get(trend, "") if trend is not None else ""
                st.markdown(f"### {cijfer(figure.onderdeelscore)} {icon}")
                st.caption(
                    f"Onderdeelscore · {procent(figure.percentage_tevreden)} tevreden · "
                    f"{tiles.n_tekst(figure.n)}"
                    + (f" · {tiles.TREND_TEKST[trend]}" if trend is not None else "")
                )
            if tegel.aannemer:
                st.caption(f"Onder de naam {plain(tegel.aannemer)}")
            target = selection.with_(vragenlijst=tegel.vragenlijst, aannemer=tegel.aannemer)
            topbar.link(topbar.PAGE_HOOFDDASHBOARD, "Bekijk resultaten", target, icon=":material/arrow_forward:")

def _aedes_samenvatting() -> str | None:
    """The tile's letters at a glance: 'Letter B (live 2026) · Nieuwe huurders 7,4 B · …'."""
    tegel = cache.aedes_tegel(scope, selection.corporatie_id, CONFIG.today(), cache.version())
    if tegel.letter is None and all(d.gemiddelde is None for d in tegel.deelscores):
        return None
    status = "bevroren" if tegel.is_bevroren else "live"
    delen = [
        f"{d.deelscore.naam} {cijfer(d.gemiddelde)}" + (f" {d.letter}" if d.letter else "")
        for d in tegel.deelscores
    ]
    kop = f"Letter {tegel.letter}" if tegel.letter else "Nog geen eindletter"
    return f"{kop} ({status}, benchmarkjaar {tegel.jaar}) · " + " · ".join(delen)


st.divider()
extra = [
    ("pages/aedes.py", "Aedes-benchmark", "Het huurdersoordeel en de letters voor de Aedes-benchmark.",
     ":material/emoji_events:"),
    ("pages/databank.py", "Databank", "Alle gegevens om zelf selecties en downloads te maken.",
     ":material/database:"),
    ("pages/informatie.py", "Informatie en nieuws", "Hoe de scores berekend worden, de deadlines en contact.",
     ":material/info:"),
    (topbar.PAGE_EIGEN_DASHBOARD, "Eigen dashboard", "De vragen die u zelf heeft vastgezet.",
     ":material/dashboard_customize:"),
]
columns = st.columns(len(extra))
for column, (path, titel, uitleg, icon) in zip(columns, extra, strict=True):
    with column.container(border=True):
        st.markdown(f"**{titel}**")
        if path == "pages/aedes.py" and topbar.page_available(path, scope):
            uitleg = _aedes_samenvatting() or uitleg
        st.caption(uitleg)
        if topbar.page_available(path, scope):
            topbar.link(path, f"Open {titel.lower()}", selection, icon=icon)
        else:
            st.caption("Nog niet beschikbaar voor uw account.")
