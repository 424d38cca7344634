"""The databank's filters (vragenlijst, periode, aannemer, uitsplitsing) — like the top bar,
every list scoped: a contractor only finds its own aannemer names (warehouse.queries.filters
enforces that)."""

from __future__ import annotations

import duckdb
import streamlit as st

from kwhcore.access import Scope
from kwhcore.periods import parse_periode
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, load_library
from warehouse.queries import filters
from warehouse.queries.databank import DatabankSelectie

ALLE = "Alle"
VRAGENLIJST_NAAM = {vl.code: vl.naam for vl in load_library()}
PERIODE_TYPES = {"Jaar": "jaar", "Kwartaal": "kwartaal", "Maand": "maand"}


def databank_selectie(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> DatabankSelectie:
    """The filter row of the databank page."""
    col1, col2, col3, col4 = st.columns(4)
    vragenlijst = col1.selectbox(
        "Vragenlijst", [ALLE, *VRAGENLIJST_CODES],
        format_func=lambda code: VRAGENLIJST_NAAM.get(code, code), key="databank_vragenlijst",
    )
    vragenlijst = None if vragenlijst == ALLE else vragenlijst
    soort = col2.selectbox("Periode per", list(PERIODE_TYPES), key="databank_periode_type")
    periodes = filters.periodes_met_data(con, scope, corporatie_id, PERIODE_TYPES[soort])
    periode = col3.selectbox(
        "Periode", [ALLE, *periodes],
        format_func=lambda p: p if p == ALLE else parse_periode(p).label, key="databank_periode",
    )
    namen = filters.aannemers(con, scope, corporatie_id, vragenlijst)
    aannemer_opties = namen if scope.is_aannemer and len(namen) == 1 else [ALLE, *namen]
    aannemer = col4.selectbox("Aannemer", aannemer_opties, key="databank_aannemer")
    uitsplitsing = None
    if vragenlijst is not None:
        dims = filters.uitsplitsing_dims_in_use(con, scope, corporatie_id, vragenlijst)
        if dims:
            dcol, vcol = st.columns(2)
            dim = dcol.selectbox("Uitsplitsing", [ALLE, *dims], key="databank_uitsplitsing")
            if dim != ALLE:
                waarden = filters.uitsplitsing_waarden(con, scope, corporatie_id, vragenlijst, dim)
                waarde = vcol.selectbox("Waarde", waarden, key=f"databank_{dim}_waarde")
                if waarde is not None:
                    uitsplitsing = (dim, waarde)
    return DatabankSelectie(
        corporatie_id,
        vragenlijst,
        None if periode == ALLE else periode,
        None if aannemer == ALLE else aannemer,
        uitsplitsing,
    )
