"""Altair charts in the users' own number format.

Vega's default d3 locale writes "7.4"; domain.md §4.5 wants "7,4". Two layers make sure of it:
every chart carries a Dutch number locale (decimal comma, thousands dot) for its axes, and every
label and tooltip is a pre-formatted text field written by ``kwhcore.formatting`` — the same
words the tiles use. Colours are a diverging red–yellow–blue scale (ColorBrewer RdYlBu), which
stays readable for colour-blind users, where red–green would not.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from kwhcore.formatting import aantal, cijfer, procent
from kwhcore.periods import parse_periode

DUTCH_NUMBERS = alt.Locale(number=alt.NumberLocale(
    decimal=",", thousands=".", grouping=[3], currency=["€ ", ""],
))
VERDELING_KLEUREN = {"1 t/m 5": "#d73027", "6 of 7": "#fee090", "8 t/m 10": "#4575b4"}
LIJN_KLEUREN = ["#1f4e79", "#e07b00", "#7b7b7b", "#2ca02c", "#9467bd", "#8c564b"]
CHECKVRAAG_OPTIES = (
    "Ja, de reparatie is klaar",
    "Ja, klaar maar niet tevreden",
    "Nee, nog niet (helemaal) klaar",
    "Ik weet niets van een reparatie",
)


def _dutch(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (chart.configure(locale=DUTCH_NUMBERS).configure_view(stroke=None)
            .configure_axis(labelLimit=260).configure_legend(labelLimit=0))


def toon(chart: alt.TopLevelMixin) -> None:
    """Show a chart at the height it was built for: Streamlit's "content" height squeezes a
    chart with a discrete axis to a hairline, so the height is passed on explicitly."""
    st.altair_chart(chart, width="stretch", height=int(chart.height))


def verdeling_chart(reeksen: Sequence[tuple[str, float | None, float | None, float | None]]) -> alt.TopLevelMixin:
    """The three buckets of seed 000 (1–5, 6–7, 8–10) as stacked bars, one bar per series
    (e.g. the selection and the corporation as a whole). Series without figures are left out."""
    rows = []
    for naam, p15, p67, p810 in reeksen:
        if p15 is None:
            continue
        for bucket, pct in zip(VERDELING_KLEUREN, (p15, p67, p810), strict=True):
            rows.append({"reeks": naam, "cijfers": bucket, "pct": pct, "label": procent(pct),
                         "volgorde": list(VERDELING_KLEUREN).index(bucket)})
    data = pd.DataFrame(rows, columns=["reeks", "cijfers", "pct", "label", "volgorde"])
    base = alt.Chart(data).encode(
        y=alt.Y("reeks:N", title=None, sort=None),
        x=alt.X("pct:Q", title="% respondenten", stack="zero", scale=alt.Scale(domain=[0, 100])),
        order=alt.Order("volgorde:Q"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("cijfers:N", title="Cijfer", sort=list(VERDELING_KLEUREN),
                        scale=alt.Scale(domain=list(VERDELING_KLEUREN), range=list(VERDELING_KLEUREN.values()))),
        tooltip=[alt.Tooltip("reeks:N", title="Selectie"), alt.Tooltip("cijfers:N", title="Cijfer"),
                 alt.Tooltip("label:N", title="Aandeel")],
    )
    labels = base.mark_text(dx=-4, align="right", color="#1b1b1b").encode(
        x=alt.X("pct:Q", stack="zero", bandPosition=1), text="label:N"
    ).transform_filter("datum.pct >= 7")
    return _dutch(alt.layer(bars, labels).properties(height=100 + 40 * data["reeks"].nunique()))


def trend_chart(
    reeksen: Sequence[tuple[str, Sequence[tuple[str, float | None, int | None]]]],
    titel: str = "Score",
) -> alt.TopLevelMixin:
    """Score over time (seed 000: "de ontwikkeling in de tijd"), one line per series.

    ``reeksen``: (series name, [(period code, value or None, N or None)]). A period hidden by
    minimum-N has no point; its gap is visible rather than guessed.
    """
    rows = []
    for naam, punten in reeksen:
        for periode, waarde, n in punten:
            if waarde is None:
                continue
            rows.append({"reeks": naam, "periode": periode, "label_periode": parse_periode(periode).label,
                         "waarde": waarde, "waarde_tekst": cijfer(waarde),
                         "n_tekst": aantal(n) if n is not None else "–"})
    data = pd.DataFrame(rows, columns=["reeks", "periode", "label_periode", "waarde", "waarde_tekst", "n_tekst"])
    volgorde = sorted(data["periode"].unique())
    labels = {p: parse_periode(p).label for p in volgorde}
    namen = list(dict.fromkeys(data["reeks"]))  # a series without a single visible point is left out
    chart = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("periode:O", title=None, sort=volgorde,
                axis=alt.Axis(labelExpr=_label_expr(labels), labelAngle=-30 if len(volgorde) > 6 else 0)),
        y=alt.Y("waarde:Q", title=titel, scale=alt.Scale(zero=False, nice=True), axis=alt.Axis(format=".1f", tickMinStep=0.1)),
        color=alt.Color("reeks:N", title=None, sort=namen,
                        scale=alt.Scale(domain=namen, range=LIJN_KLEUREN[: len(namen)]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("reeks:N", title="Reeks"), alt.Tooltip("label_periode:N", title="Periode"),
                 alt.Tooltip("waarde_tekst:N", title=titel), alt.Tooltip("n_tekst:N", title="N")],
    )
    return _dutch(chart.properties(height=330))


def _label_expr(labels: dict[str, str]) -> str:
    """A Vega expression that shows '3e kwartaal 2025' for the code '2025-Q3'."""
    if not labels:
        return "datum.label"
    return f"({json.dumps(labels)})[datum.value] || datum.label"


def checkvraag_chart(reeksen: Sequence[tuple[str, Sequence[float | None]]]) -> alt.TopLevelMixin:
    """The four checkvraag options (domain.md §5) as percentages, one bar group per series."""
    rows = []
    for naam, pcts in reeksen:
        if any(p is None for p in pcts):
            continue
        for index, (optie, pct) in enumerate(zip(CHECKVRAAG_OPTIES, pcts, strict=True)):
            rows.append({"reeks": naam, "optie": optie, "volgorde": index, "pct": pct, "label": procent(pct)})
    data = pd.DataFrame(rows, columns=["reeks", "optie", "volgorde", "pct", "label"])
    namen = list(dict.fromkeys(data["reeks"]))
    base = alt.Chart(data).encode(
        y=alt.Y("optie:N", title=None, sort=list(CHECKVRAAG_OPTIES)),
        yOffset=alt.YOffset("reeks:N", sort=namen),
        x=alt.X("pct:Q", title="% van de antwoorden", scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("reeks:N", title=None, sort=namen,
                        scale=alt.Scale(domain=namen, range=LIJN_KLEUREN[: len(namen)]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("reeks:N", title="Selectie"), alt.Tooltip("optie:N", title="Antwoord"),
                 alt.Tooltip("label:N", title="Aandeel")],
    )
    labels = base.mark_text(align="left", dx=3, color="#1b1b1b").encode(text="label:N")
    return _dutch(alt.layer(bars, labels).properties(height=130 + 24 * len(rows)))
