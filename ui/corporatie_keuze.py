"""Which corporation a Mijn KWH page works on: the user's own, or — for the platform beheerder —
one chosen from all corporations (domain.md §10: the beheerder manages every corporation)."""

from __future__ import annotations

import streamlit as st

from kwhcore.access import Scope
from kwhcore.corporaties import list_corporaties
from ui import state


def corporatie_id_for(scope: Scope, *, key: str = "kv_corporatie_keuze") -> int | None:
    """The scope's corporation; for the beheerder a selectbox over all corporations (None when
    there are none yet). The choice is kept per session under ``key``."""
    if not scope.is_all_corporations:
        return scope.corporatie_id
    corporaties = list_corporaties(state.cursor())
    if not corporaties:
        st.info("Er zijn nog geen corporaties geregistreerd.")
        return None
    namen = {c.corporatie_id: c.naam for c in corporaties}
    return st.selectbox("Corporatie", list(namen), format_func=namen.get, key=key)
