"""Cached reads of the query layer for the dashboard pages.

``st.cache_data`` is shared by every user of the process, so each wrapper takes the ``Scope``
(who asks), the ``Selection`` (what) and the warehouse's ``data_version`` (which import) as
arguments: a cache entry can never serve one user's figures to another, and every import starts
fresh (style.md §6). The query layer enforces the scope itself; these wrappers only remember.
Callers pass ``state.data_version()`` — see ``version()``.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from kwhcore import corporaties
from kwhcore.access import Scope
from kwhcore.periods import PeriodeType
from kwhcore.selection import Selection
from ui import state
from warehouse.queries import dashboard, databank, filters, judgements, scores
from warehouse.queries import open_antwoorden as open_queries

# Enough for every page × selection a busy afternoon touches, bounded so memory stays flat.
_ENTRIES = 2048


def version() -> str:
    """The current data_version, to pass as the last argument of every function below."""
    return state.data_version()


def _cached(func):
    return st.cache_data(show_spinner=False, max_entries=_ENTRIES)(func)


@_cached
def corporatie_naam(corporatie_id: int, data_version: str) -> str:
    return corporaties.get_corporatie(state.cursor(), corporatie_id).naam


@_cached
def start_tegels(scope: Scope, corporatie_id: int, periode: str, aannemer: str | None,
                 data_version: str) -> list[dashboard.StartTegel]:
    return dashboard.start_tegels(state.cursor(), scope, corporatie_id, periode, aannemer)


@_cached
def aedes_tegel(scope: Scope, corporatie_id: int, vandaag: date, data_version: str):
    """The Aedes tile of the start screen (frozen year, or live): keyed by day too, because the
    tile's year turns over with the calendar (domain.md §8.1)."""
    return judgements.aedes_tegel(state.cursor(), scope, corporatie_id, vandaag)


@_cached
def onderdeel(scope: Scope, selection: Selection, data_version: str) -> scores.OnderdeelFigure:
    return scores.onderdeel(state.cursor(), scope, selection)


@_cached
def onderdeel_trend(scope: Scope, selection: Selection, periode_type: PeriodeType,
                    data_version: str) -> list[tuple[str, scores.OnderdeelFigure]]:
    return scores.onderdeel_trend(state.cursor(), scope, selection, periode_type)


@_cached
def vragen(scope: Scope, selection: Selection, data_version: str) -> list[scores.VraagFigure]:
    return scores.vragen(state.cursor(), scope, selection)


@_cached
def vraag_trend(scope: Scope, selection: Selection, vraag_code: str, periode_type: PeriodeType,
                data_version: str) -> list[tuple[str, scores.VraagFigure]]:
    return scores.vraag_trend(state.cursor(), scope, selection, vraag_code, periode_type)


@_cached
def vergelijking_onderdeel(scope: Scope, selection: Selection, data_version: str) -> list[scores.GroepFigure]:
    return scores.vergelijking_onderdeel(state.cursor(), scope, selection)


@_cached
def vergelijking_vraag(scope: Scope, selection: Selection, vraag_code: str,
                       data_version: str) -> list[scores.GroepFigure]:
    return scores.vergelijking_vraag(state.cursor(), scope, selection, vraag_code)


@_cached
def vergelijking_vraag_trend(scope: Scope, selection: Selection, vraag_code: str, periode_type: PeriodeType,
                             groep_type: str, data_version: str) -> list[tuple[str, float | None]]:
    return scores.vergelijking_vraag_trend(state.cursor(), scope, selection, vraag_code, periode_type, groep_type)


@_cached
def split_onderdeel(scope: Scope, selection: Selection, dim: str,
                    data_version: str) -> tuple[list[scores.SplitRow], scores.OnderdeelFigure]:
    return scores.split_onderdeel(state.cursor(), scope, selection, dim)


@_cached
def respons(scope: Scope, selection: Selection, data_version: str) -> scores.ResponsFigure:
    return scores.respons(state.cursor(), scope, selection)


@_cached
def checkvraag(scope: Scope, selection: Selection, data_version: str) -> scores.CheckvraagFigure:
    return scores.checkvraag(state.cursor(), scope, selection)


@_cached
def stappen(scope: Scope, selection: Selection, data_version: str) -> list[dashboard.StapFigure]:
    return dashboard.stappen(state.cursor(), scope, selection)


@_cached
def ontevredenheid(scope: Scope, selection: Selection, data_version: str) -> dashboard.OntevredenheidFigure:
    return dashboard.ontevredenheid(state.cursor(), scope, selection)


@_cached
def open_antwoorden(scope: Scope, selection: Selection, vraag_code: str | None, zoekterm: str | None,
                    offset: int, data_version: str) -> open_queries.OpenAntwoorden:
    return open_queries.open_antwoorden(state.cursor(), scope, selection, vraag_code, zoekterm, offset=offset)


# --- filter lists for the top bar ------------------------------------------------------------------

@_cached
def aannemers(scope: Scope, corporatie_id: int, vragenlijst: str | None, data_version: str) -> list[str]:
    return filters.aannemers(state.cursor(), scope, corporatie_id, vragenlijst)


@_cached
def uitsplitsing_keuzes(scope: Scope, corporatie_id: int, vragenlijst: str,
                        data_version: str) -> list[tuple[str, str]]:
    """Every (uitsplitsing column, value) the user may filter on, for one vragenlijst."""
    con = state.cursor()
    return [
        (dim, value)
        for dim in filters.uitsplitsing_dims_in_use(con, scope, corporatie_id, vragenlijst)
        for value in filters.uitsplitsing_waarden(con, scope, corporatie_id, vragenlijst, dim)
    ]


@_cached
def periodes_met_data(scope: Scope, corporatie_id: int, periode_type: str, data_version: str) -> list[str]:
    return filters.periodes_met_data(state.cursor(), scope, corporatie_id, periode_type)


@_cached
def databank_aantallen(scope: Scope, selectie: databank.DatabankSelectie, data_version: str) -> dict[str, int]:
    return databank.aantallen(state.cursor(), scope, selectie)


@_cached
def databank_voorbeeld(scope: Scope, selectie: databank.DatabankSelectie, limit: int, data_version: str):
    """The databank preview: cached, so changing the download format does not query again."""
    return databank.databank(state.cursor(), scope, selectie, limit=limit)
