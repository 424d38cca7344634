"""The dashboard's building blocks: score tile, comparison table, the minimum-N message, the
empty state and the polite refusal. Every number is written by ``kwhcore.formatting``
(domain.md §4.5: "7,4", "85%"), every figure carries its N, and a figure hidden by minimum-N
says why instead (domain.md §4.8).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from kwhcore.access import AccessDenied
from kwhcore.config import CONFIG
from kwhcore.formatting import ONDERDRUKT_TEKST, aantal, cijfer, procent
from ui.text import plain

TREND_ICONS = {1: ":material/trending_up:", 0: ":material/trending_flat:", -1: ":material/trending_down:"}
TREND_TEKST = {1: "hoger dan de vorige periode", 0: "gelijk aan de vorige periode", -1: "lager dan de vorige periode"}


def onderdrukt_uitleg(n: int = 0) -> str:
    """Why a figure shows '–': too few respondents, or (with enough) the privacy gate's
    secondary suppression, which keeps a small group elsewhere from being derived."""
    if n >= CONFIG.min_n:
        return (
            "Verborgen ter bescherming van kleine groepen: samen met de andere cijfers die we tonen "
            f"zou dit cijfer de antwoorden van minder dan {CONFIG.min_n} respondenten verraden. "
            "Een combinatie van aannemer en uitsplitsing tonen we per kwartaal of jaar."
        )
    return (
        f"{ONDERDRUKT_TEKST}: er zijn minder dan {CONFIG.min_n} respondenten, en we tonen geen "
        "resultaten die naar één persoon te herleiden zijn. Kies een langere periode of een "
        "bredere selectie."
    )


def n_tekst(n: int) -> str:
    return f"Respondenten (N): {aantal(n)}"


def waarde_tekst(waarde: float | None, *, is_procent: bool = False) -> str:
    return procent(waarde) if is_procent else cijfer(waarde)


def score_tegel(
    label: str,
    waarde: float | None,
    n: int,
    onderdrukt: bool,
    *,
    is_procent: bool = False,
    naast: tuple[str, float | None] | None = None,
    help: str | None = None,
) -> None:
    """One figure with its N; ``naast`` = (name, value) of what it is shown beside (§4.7)."""
    delta = None
    description = None
    if not onderdrukt and naast is not None and naast[1] is not None and waarde is not None:
        verschil = waarde - naast[1]
        teken = "+" if verschil >= 0 else "-"
        delta = f"{teken}{procent(abs(verschil)) if is_procent else cijfer(abs(verschil))}"
        description = f"t.o.v. {naast[0]} ({waarde_tekst(naast[1], is_procent=is_procent)})"
    st.metric(
        label, "–" if onderdrukt else waarde_tekst(waarde, is_procent=is_procent),
        delta=delta, delta_description=description, border=True, help=help,
        delta_color="normal" if delta else "off",
    )
    st.caption(onderdrukt_uitleg(n) if onderdrukt and n > 0 else n_tekst(n))


def onderdrukt_melding(n: int = 0) -> None:
    st.info(onderdrukt_uitleg(n), icon=":material/visibility_off:")


def lege_staat(wat: str, wat_te_doen: str) -> None:
    """An empty selection says what is missing and what to do about it."""
    st.info(f"{wat} {wat_te_doen}", icon=":material/info:")


def geen_toegang(reden: str) -> None:
    st.warning(
        f"{reden} Kies in de balk bovenaan een van uw eigen namen of een andere selectie.",
        icon=":material/lock:",
    )


@contextmanager
def toegang() -> Iterator[None]:
    """Turns the query layer's AccessDenied into a polite Dutch message — never a traceback."""
    try:
        yield
    except AccessDenied as exc:
        geen_toegang(plain(str(exc)))


@dataclass(frozen=True)
class VergelijkingsRij:
    """One line of a comparison table: the selection, the corporation or a peer group."""

    naam: str
    waarde: float | None
    percentage_tevreden: float | None
    n: int
    onderdrukt: bool
    toelichting: str = ""


def vergelijkings_tabel(rijen: Sequence[VergelijkingsRij], *, met_tevreden: bool = True) -> None:
    """The figure beside its comparisons (domain.md §4.7), every cell already in Dutch."""
    data = {
        "Vergelijking": [r.naam for r in rijen],
        "Score": ["–" if r.onderdrukt else cijfer(r.waarde) for r in rijen],
    }
    if met_tevreden:
        data["% tevreden"] = ["–" if r.onderdrukt else procent(r.percentage_tevreden) for r in rijen]
    data["N"] = [aantal(r.n) for r in rijen]
    data["Toelichting"] = [
        r.toelichting or ("te weinig respondenten of corporaties" if r.onderdrukt else "") for r in rijen
    ]
    st.dataframe(data, hide_index=True, width="stretch")
