"""The top bar of every results page and the selection it keeps in the URL.

seed 000: "Bovenaan de pagina zie je een balk waarin je makkelijk tussen de thema's (onderdelen)
kunt schakelen, waar je kiest voor de aannemernaam en waarin je de periode kunt kiezen …
Zowel in jaren, kwartalen en maanden. Standaard zie je nu het jaar …". The selection lives in
the query parameters, so a view can be bookmarked and shared; it is also remembered for the
session, so opening a page from the menu (which drops the URL's parameters) keeps it.
Every value read from a URL is checked against what the user may pick; an unknown one is
replaced by the default with a Dutch note — a hand-edited link never shows a traceback.
"""

from __future__ import annotations

import streamlit as st

from kwhcore import corporaties
from kwhcore.access import RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH, Scope
from kwhcore.config import CONFIG, REPO_ROOT
from kwhcore.periods import InvalidPeriode, parse_periode, periode_of
from kwhcore.selection import Selection
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, naam_van
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from ui import cache, state
from ui.corporatie_keuze import corporatie_id_for
from ui.text import plain

PAGE_START = "pages/start.py"
PAGE_HOOFDDASHBOARD = "pages/hoofddashboard.py"
PAGE_KLANTREIS = "pages/klantreis.py"
PAGE_VRAAG = "pages/vraag.py"
PAGE_OPEN_ANTWOORDEN = "pages/open_antwoorden.py"
PAGE_EIGEN_DASHBOARD = "pages/eigen_dashboard.py"

PARAM_CORPORATIE = "corporatie"
PARAM_VRAGENLIJST = "vragenlijst"
PARAM_PERIODE = "periode"
PARAM_AANNEMER = "aannemer"
PARAM_UITSPLITSING = "uitsplitsing"
PARAM_STAP = "stap"
PARAM_VRAAG = "vraag"
SELECTIE_PARAMS = (PARAM_CORPORATIE, PARAM_VRAGENLIJST, PARAM_PERIODE, PARAM_AANNEMER, PARAM_UITSPLITSING)

PERIODE_TYPES = {"jaar": "Jaar", "kwartaal": "Kwartaal", "maand": "Maand"}
GEEN_UITSPLITSING = ""
# No tenant survey of Klantvizier is older; an earlier year in a URL is a typo or a probe.
OUDSTE_JAAR = 2000

_LAATSTE = "kv_laatste_selectie"
_KEY_CORPORATIE = "kv_tb_corporatie"
_KEY_CORPORATIE_URL = "kv_tb_corporatie_url"
_KEY_AANNEMER = "kv_tb_aannemer"
_KEY_PERIODETYPE = "kv_tb_periodetype"
_KEY_PERIODE = "kv_tb_periode"
_KEY_UITSPLITSING = "kv_tb_uitsplitsing"
_ALLE_AANNEMERS = ""


def uitsplitsing_param(keuze: tuple[str, str] | None) -> str:
    return f"{keuze[0]}:{keuze[1]}" if keuze else GEEN_UITSPLITSING


def uitsplitsing_label(keuze: tuple[str, str] | None) -> str:
    """'Uitsplitsing 1: Centrum' — the corporation's own column names are not known here."""
    if not keuze:
        return "Geen uitsplitsing"
    return f"Uitsplitsing {keuze[0][-1]}: {keuze[1]}"


def selectie_params(selection: Selection, **extra: str) -> dict[str, str]:
    """The query parameters of ``selection`` (plus page parameters), for links to other pages."""
    params = {
        PARAM_CORPORATIE: str(selection.corporatie_id),
        PARAM_VRAGENLIJST: selection.vragenlijst,
        PARAM_PERIODE: selection.periode,
    }
    if selection.aannemer is not None:
        params[PARAM_AANNEMER] = selection.aannemer
    if selection.uitsplitsing is not None:
        params[PARAM_UITSPLITSING] = uitsplitsing_param(selection.uitsplitsing)
    params.update({k: v for k, v in extra.items() if v is not None})
    return params


def page_available(page: str, scope: Scope) -> bool:
    """Whether ``page`` exists, is registered and is open to this user (pages of other
    engineers may land later; a link to a missing page would break the whole page)."""
    from ui.navigation import PAGES

    return any(spec.path == page and spec.allows(scope) for spec in PAGES) and (REPO_ROOT / page).exists()


def link(page: str, label: str, selection: Selection, icon: str | None = None, **extra: str) -> None:
    """A link to another page that carries the selection along."""
    st.page_link(page, label=label, icon=icon, query_params=selectie_params(selection, **extra))


def _standaard_periode(scope: Scope, corporatie_id: int, periode_type: str) -> str:
    """The current period of that type (seed 000: "Standaard zie je … het jaar"), or the newest
    one with results when the current one has none yet."""
    huidig = periode_of(CONFIG.today(), periode_type).key  # type: ignore[arg-type]
    met_data = cache.periodes_met_data(scope, corporatie_id, periode_type, cache.version())
    if periode_type == "jaar" or huidig in met_data or not met_data:
        return huidig
    return next((p for p in met_data if p <= huidig), huidig)


def _url_periode(text: str) -> str | None:
    """The period a URL asks for, or None when it is no period Klantvizier can show: not a
    period at all ('2025-Q9', 'garbage'), or a year outside OUDSTE_JAAR … next year ('0000',
    '0001': their previous period, for the trend, lies before the calendar)."""
    try:
        periode = parse_periode(text)
    except (InvalidPeriode, ValueError, OverflowError):
        return None
    if not OUDSTE_JAAR <= periode.start.year <= CONFIG.today().year + 1:
        return None
    return periode.key


def _params() -> dict[str, str]:
    """The selection in the URL, or the one remembered from earlier in this session."""
    found = {k: st.query_params[k] for k in SELECTIE_PARAMS if k in st.query_params}
    if set(found) - {PARAM_CORPORATIE}:
        return found
    laatste = st.session_state.get(_LAATSTE, {})
    if laatste.get(PARAM_CORPORATIE) == found.get(PARAM_CORPORATIE, laatste.get(PARAM_CORPORATIE)):
        return {**laatste, **found}
    return found


def _schrijf(params: dict[str, str]) -> None:
    for key in SELECTIE_PARAMS:
        if key in params:
            if st.query_params.get(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[_LAATSTE] = dict(params)


def _on_aannemer() -> None:
    value = st.session_state[_KEY_AANNEMER]
    if value == _ALLE_AANNEMERS:
        st.query_params.pop(PARAM_AANNEMER, None)
    else:
        st.query_params[PARAM_AANNEMER] = value
    # A value of one uitsplitsing may not exist under another aannemer: start clean.
    st.query_params.pop(PARAM_UITSPLITSING, None)


def _on_periode() -> None:
    st.query_params[PARAM_PERIODE] = st.session_state[_KEY_PERIODE]


def _on_periodetype(scope: Scope, corporatie_id: int) -> None:
    st.query_params[PARAM_PERIODE] = _standaard_periode(scope, corporatie_id, st.session_state[_KEY_PERIODETYPE])


def _on_uitsplitsing() -> None:
    value = st.session_state[_KEY_UITSPLITSING]
    if value == GEEN_UITSPLITSING:
        st.query_params.pop(PARAM_UITSPLITSING, None)
    else:
        st.query_params[PARAM_UITSPLITSING] = value


def _themas(scope: Scope, selection: Selection, vragenlijsten: list[str]) -> None:
    """seed 000 "Thema's": jump to any vragenlijst, its open answers or one klantreis step."""
    with st.popover("Thema's", icon=":material/menu:"):
        for code in vragenlijsten:
            target = selectie_voor(scope, selection, code)
            link(PAGE_HOOFDDASHBOARD, f"**{naam_van(code)}**", target)
            link(PAGE_OPEN_ANTWOORDEN, f"{naam_van(code)} – open antwoorden", target)
            for stap in vragenlijst_def(code).stappen:
                link(PAGE_KLANTREIS, f"{naam_van(code)} – {stap}", target, stap=stap)


def topbar(scope: Scope, corporatie_id: int, *, met_uitsplitsing: bool = True) -> Selection:
    """Render the top bar and return the selection the page shows.

    Contractors choose among their own name spellings only (seed 000), never "all aannemers";
    their uitsplitsing filter works inside their own results only (domain.md §10).
    """
    version = cache.version()
    params = _params()
    meldingen: list[str] = []

    if scope.is_aannemer:
        vragenlijsten = [vl for vl in VRAGENLIJST_CODES if cache.aannemers(scope, corporatie_id, vl, version)]
        vragenlijsten = vragenlijsten or list(VRAGENLIJST_CODES)
    else:
        vragenlijsten = list(VRAGENLIJST_CODES)
    vl = params.get(PARAM_VRAGENLIJST, vragenlijsten[0])
    if vl not in VRAGENLIJST_CODES:
        meldingen.append(f"de vragenlijst '{plain(vl)}'")
        vl = vragenlijsten[0]

    gevraagde_periode = params.get(PARAM_PERIODE)
    periode = _url_periode(gevraagde_periode) if gevraagde_periode else None
    if periode is None:
        if gevraagde_periode:
            meldingen.append(f"de periode '{plain(gevraagde_periode)}'")
        periode = _standaard_periode(scope, corporatie_id, "jaar")

    namen = cache.aannemers(scope, corporatie_id, vl, version)
    aannemer = params.get(PARAM_AANNEMER) or None
    if aannemer is not None and aannemer not in namen:
        # A contractor's other spelling simply has no results in this vragenlijst (seed 000):
        # switch quietly; a name outside the account is worth a word.
        if not (scope.is_aannemer and scope.can_see_aannemer(aannemer)):
            meldingen.append(f"de aannemer '{plain(aannemer)}'")
        aannemer = None
    if scope.is_aannemer and aannemer is None:
        eigen = sorted(scope.eigen_aannemers or scope.aannemers or ())
        aannemer = namen[0] if namen else (eigen[0] if eigen else None)

    keuzes = cache.uitsplitsing_keuzes(scope, corporatie_id, vl, version) if met_uitsplitsing else []
    if scope.is_aannemer and aannemer is None:
        keuzes = []
    by_param = {uitsplitsing_param(k): k for k in keuzes}
    uitsplitsing = None
    gevraagd = params.get(PARAM_UITSPLITSING)
    if gevraagd and met_uitsplitsing:
        uitsplitsing = by_param.get(gevraagd)
        if uitsplitsing is None:
            meldingen.append(f"de uitsplitsing '{plain(gevraagd)}'")

    selection = Selection(corporatie_id, vl, periode, aannemer, uitsplitsing)
    bewaren = selectie_params(selection)
    if gevraagd and not met_uitsplitsing:
        # A page without the filter leaves it in the URL for the next page that has one.
        bewaren[PARAM_UITSPLITSING] = gevraagd
    _schrijf(bewaren)
    if meldingen:
        st.warning(
            f"De link bevatte een keuze die niet (meer) bestaat of niet bij uw account hoort: "
            f"{', '.join(meldingen)}. U ziet daarom de standaardkeuze."
        )
    _render(scope, corporatie_id, selection, vragenlijsten, namen, keuzes)
    return selection


def _render(scope: Scope, corporatie_id: int, selection: Selection, vragenlijsten: list[str],
            namen: list[str], keuzes: list[tuple[str, str]]) -> None:
    periode = selection.parsed_periode
    met_data = cache.periodes_met_data(scope, corporatie_id, periode.type, cache.version())
    periode_opties = sorted(set(met_data) | {periode.key}, reverse=True)

    with st.container(horizontal=True, vertical_alignment="bottom", key="kv_topbar"):
        _themas(scope, selection, vragenlijsten)
        if scope.is_aannemer:
            opties = namen or ([selection.aannemer] if selection.aannemer else [])
            if opties:
                st.session_state[_KEY_AANNEMER] = selection.aannemer
                st.selectbox("Naam aannemer", opties, key=_KEY_AANNEMER, on_change=_on_aannemer, width=260)
        else:
            st.session_state[_KEY_AANNEMER] = selection.aannemer or _ALLE_AANNEMERS
            st.selectbox(
                "Aannemer", [_ALLE_AANNEMERS, *namen], key=_KEY_AANNEMER, on_change=_on_aannemer,
                format_func=lambda n: n or "Alle aannemers (corporatie als geheel)", width=260,
            )
        st.session_state[_KEY_PERIODETYPE] = periode.type
        st.segmented_control(
            "Periode", list(PERIODE_TYPES), format_func=PERIODE_TYPES.__getitem__, required=True,
            key=_KEY_PERIODETYPE, on_change=_on_periodetype, args=(scope, corporatie_id),
        )
        st.session_state[_KEY_PERIODE] = periode.key
        st.selectbox(
            "Kies de periode", periode_opties, key=_KEY_PERIODE, on_change=_on_periode,
            format_func=lambda p: parse_periode(p).label, width=200, label_visibility="collapsed",
        )
        if keuzes:
            st.session_state[_KEY_UITSPLITSING] = uitsplitsing_param(selection.uitsplitsing)
            st.selectbox(
                "Uitsplitsing", [GEEN_UITSPLITSING, *(uitsplitsing_param(k) for k in keuzes)],
                key=_KEY_UITSPLITSING, on_change=_on_uitsplitsing, width=260,
                format_func=lambda p: uitsplitsing_label(tuple(p.split(":", 1)) if p else None),
            )


def begin(scope: Scope, *, met_uitsplitsing: bool = True) -> Selection:
    """The start of every results page: the Klantvizier right, the corporation, the top bar.

    Stops the run with a clear message when the account has no Klantvizier access or there is
    no corporation to show, so the page below never runs without a selection.
    """
    if not scope.has_right(RIGHT_KLANTVIZIER):
        st.info(
            "Uw account heeft geen toegang tot het Klantvizier. Vraag de hoofdgebruiker van uw "
            "corporatie om toegang als u de resultaten wilt bekijken."
        )
        if scope.has_right(RIGHT_MIJN_KWH):
            st.page_link("pages/aanleveren.py", label="Naar Aanleveren (Mijn KWH)", icon=":material/upload_file:")
        st.stop()
    if scope.is_all_corporations:
        # The beheerder's corporation travels in the URL too, so a shared link shows the same;
        # a URL value is applied only when it is new, so it never undoes a choice just made.
        gevraagd = st.query_params.get(PARAM_CORPORATIE, "")
        bestaande = {str(c.corporatie_id) for c in corporaties.list_corporaties(state.cursor())}
        if gevraagd in bestaande and gevraagd != st.session_state.get(_KEY_CORPORATIE_URL):
            st.session_state[_KEY_CORPORATIE] = int(gevraagd)
        with st.sidebar:
            corporatie_id = corporatie_id_for(scope, key=_KEY_CORPORATIE)
        if corporatie_id is not None and gevraagd and gevraagd != str(corporatie_id):
            # Another corporation: its aannemers and uitsplitsing values are not this one's.
            st.query_params.pop(PARAM_AANNEMER, None)
            st.query_params.pop(PARAM_UITSPLITSING, None)
            st.query_params[PARAM_CORPORATIE] = str(corporatie_id)
        st.session_state[_KEY_CORPORATIE_URL] = str(corporatie_id)
    else:
        corporatie_id = corporatie_id_for(scope)
    if corporatie_id is None:
        st.stop()
    return topbar(scope, corporatie_id, met_uitsplitsing=met_uitsplitsing)


def selectie_voor(scope: Scope, selection: Selection, vragenlijst: str) -> Selection:
    """The selection moved to another vragenlijst: its own uitsplitsing values differ, and a
    contractor's results there may stand under another of its spellings (seed 000)."""
    target = selection.with_(vragenlijst=vragenlijst, uitsplitsing=None)
    if target.aannemer is None:
        return target
    namen = cache.aannemers(scope, selection.corporatie_id, vragenlijst, cache.version())
    if target.aannemer in namen:
        return target
    if scope.is_aannemer:
        return target.with_(aannemer=namen[0]) if namen else target
    return target.with_(aannemer=None)
