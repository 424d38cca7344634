"""Two parts of the Aanleveren page, each with its own reason to change (issue 14): mapping a
spelling delivered before, and reporting "deze maand geen levering". Messages for the next run
go into ``st.session_state[flash]``; the page shows them as plain text."""

from __future__ import annotations

from datetime import date

import duckdb
import streamlit as st

from kwhcore import uploads
from kwhcore.access import Scope
from kwhcore.formatting import aantal, datum
from kwhcore.vragenlijsten import naam_van
from warehouse.stores import geen_levering as geen_levering_store
from warehouse.stores import schrijfwijzen


def schrijfwijzen_koppelen(
    con: duckdb.DuckDBPyConnection, scope: Scope, aanlevering: uploads.Aanlevering, flash: str
) -> None:
    """Values delivered before under another spelling: map each once (seed 002 'Vestiging Oost')."""
    if aanlevering.status not in ("gevalideerd", "geaccordeerd"):
        return
    voorstellen = schrijfwijzen.voorstellen(con, scope, aanlevering)
    if not voorstellen:
        return
    st.subheader("Schrijfwijzen van eerdere leveringen")
    st.caption("Koppel een waarde één keer aan de eerdere schrijfwijze; dat geldt dan ook voor alle "
               "volgende bestanden, zodat u één score ziet in plaats van twee.")
    for index, voorstel in enumerate(voorstellen):
        with st.container(border=True):
            rijen = "1 rij" if voorstel.rijen == 1 else f"{aantal(voorstel.rijen)} rijen"
            st.text(f"Kolom {voorstel.kolom}: '{voorstel.waarde}' ({rijen}), eerder geleverd als '{voorstel.eerder}'")
            links, rechts = st.columns(2)
            keuze = None
            if links.button("Koppelen aan de eerdere schrijfwijze", key=f"koppel_{index}", type="primary"):
                keuze = voorstel.eerder
            if rechts.button("Is een andere waarde", key=f"anders_{index}"):
                keuze = voorstel.waarde
            if keuze is not None:
                schrijfwijzen.koppel(con, scope, aanlevering.corporatie_id, voorstel.kolom, voorstel.waarde, keuze)
                st.session_state[flash] = (
                    f"'{voorstel.waarde}' wordt voortaan opgeslagen als '{keuze}'." if keuze != voorstel.waarde
                    else f"'{voorstel.waarde}' blijft een eigen waarde; dat wordt niet meer gevraagd."
                )
                st.rerun()


def geen_levering(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, code: str, today: date, flash: str
) -> None:
    """Report (or withdraw) "deze maand geen levering" for ``code`` in this or the next rounds."""
    st.header("Deze maand geen levering")
    gemeld = {(m.vragenlijst_code, m.ronde): m for m in geen_levering_store.meldingen(con, scope, corporatie_id)}
    rondes = uploads.komende_rondes(today)
    for ronde in rondes:
        if (melding := gemeld.get((code, ronde))) is not None:
            st.text(
                f"Ronde {ronde} (deadline {datum(uploads.ronde_deadline(ronde))}): gemeld als geen levering door "
                f"{melding.reported_by or 'onbekend'}" + (f" — {melding.toelichting}" if melding.toelichting else "")
            )
            if st.button("Melding intrekken", key=f"intrekken_{code}_{ronde}"):
                geen_levering_store.trek_in(con, scope, corporatie_id, code, ronde)
                st.session_state[flash] = f"De melding voor ronde {ronde} is ingetrokken."
                st.rerun()
    open_rondes = [r for r in rondes if (code, r) not in gemeld]
    if not open_rondes:
        return
    with st.form(f"geen_levering_{code}", border=True):
        st.caption(f"Levert u {naam_van(code)} in een ronde niet aan? Meld het hier; u krijgt dan geen "
                   "herinnering voor die ronde en KWH weet dat er geen bestand komt.")
        gekozen = st.selectbox(
            "Ronde", open_rondes, format_func=lambda r: f"{r} (deadline {datum(uploads.ronde_deadline(r))})",
        )
        toelichting = st.text_input("Toelichting (niet verplicht)", max_chars=200)
        if st.form_submit_button("Deze maand geen levering melden"):
            try:
                geen_levering_store.meld_geen_levering(con, scope, corporatie_id, code, gekozen, toelichting, today=today)
            except geen_levering_store.GeenLeveringError as exc:
                st.error(str(exc))
            else:
                st.session_state[flash] = f"Gemeld: geen levering van {naam_van(code)} in ronde {gekozen}."
                st.rerun()
