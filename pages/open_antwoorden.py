"""Open answers (seed 000; seed 002 §4 "antwoorden op open vragen"): per vragenlijst and
question, filtered by the top bar, searchable, newest first, with the respondent's grade on the
first question beside the text. The query layer keeps out names, addresses and small groups."""

import streamlit as st

from kwhcore.formatting import aantal, datum
from kwhcore.vragenlijsten import fill_placeholders
from kwhcore.vragenlijsten import vraag as vraag_def
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from ui import cache, session, tiles, topbar
from ui.text import plain
from warehouse.queries.open_antwoorden import PAGINA_GROOTTE, open_vragen

scope = session.scope()
selection = topbar.begin(scope)
version = cache.version()
definition = vragenlijst_def(selection.vragenlijst)
corporatie = cache.corporatie_naam(selection.corporatie_id, version)
kijker = selection.aannemer or corporatie

st.title(f"{definition.naam} – open antwoorden")
st.caption(f"{plain(corporatie)} · {selection.parsed_periode.label}"
           + (f" · {plain(selection.aannemer)}" if selection.aannemer else "")
           + (f" · {plain(topbar.uitsplitsing_label(selection.uitsplitsing))}" if selection.uitsplitsing else ""))
topbar.link(topbar.PAGE_HOOFDDASHBOARD, f"Terug naar {definition.naam}", selection, icon=":material/arrow_back:")

codes = open_vragen(selection.vragenlijst)
if not codes:
    tiles.lege_staat("Deze vragenlijst heeft geen open vragen.", "Kies via Thema's een andere vragenlijst.")
    st.stop()



def _eerste_pagina() -> None:
    st.session_state["kv_open_pagina"] = 0


left, right = st.columns([2, 3])
with left:
    gekozen = st.selectbox(
        "Vraag", [None, *codes], key="kv_open_vraag", on_change=_eerste_pagina,
        format_func=lambda c: "Alle open vragen" if c is None else fill_placeholders(vraag_def(c).tekst, kijker),
    )
with right:
    zoekterm = st.text_input("Zoeken in de antwoorden", key="kv_open_zoek", on_change=_eerste_pagina, placeholder="bijvoorbeeld: afspraak")
pagina = st.session_state.get("kv_open_pagina", 0)

with tiles.toegang():
    resultaat = cache.open_antwoorden(scope, selection, gekozen, zoekterm.strip() or None,
                                      pagina * PAGINA_GROOTTE, version)
    if resultaat.onderdrukt:
        if resultaat.n_respondenten == 0:
            tiles.lege_staat("Er zijn nog geen ingevulde vragenlijsten in deze selectie.",
                             "Kies in de balk bovenaan een langere periode.")
        else:
            tiles.onderdrukt_melding(resultaat.n_respondenten)
    elif not resultaat.antwoorden:
        tiles.lege_staat(
            "Geen antwoorden gevonden." if zoekterm.strip() else "Er zijn geen open antwoorden in deze selectie.",
            "Probeer een ander zoekwoord of een langere periode." if zoekterm.strip()
            else "Kies in de balk bovenaan een langere periode.",
        )
    else:
        eerste = definition.eerste_vraag
        st.caption(
            f"{aantal(resultaat.n_gevonden)} antwoorden van {aantal(resultaat.n_respondenten)} respondenten, "
            f"nieuwste eerst. Het cijfer is het cijfer dat de huurder gaf op de eerste vraag."
        )
        for antwoord in resultaat.antwoorden:
            with st.container(border=True):
                kop = f"Cijfer **{antwoord.cijfer if antwoord.cijfer is not None else '–'}** · {datum(antwoord.ingevuld_op)}"
                if gekozen is None and len(codes) > 1:
                    kop += f" · {plain(fill_placeholders(vraag_def(antwoord.vraag_code).tekst, kijker))}"
                st.markdown(kop)
                st.text(antwoord.tekst)
        paginas = -(-resultaat.n_gevonden // PAGINA_GROOTTE)
        if paginas > 1:
            st.number_input(f"Pagina (van {paginas})", min_value=1, max_value=paginas, value=min(pagina + 1, paginas),
                            key="kv_open_pagina_keuze",
                            on_change=lambda: st.session_state.__setitem__(
                                "kv_open_pagina", st.session_state["kv_open_pagina_keuze"] - 1))
