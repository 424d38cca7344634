"""Live forecast for the running year (issue 6 §3) with the margin of error (domain.md §8.3)."""

from __future__ import annotations

from datetime import date

import judgements_data as data
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwhcore.access import Scope
from kwhcore.kwaliteitslabel import OnderdeelJaar
from kwhcore.prognose import (
    Steekproef,
    aedes_prognose,
    foutmarge_gemiddelde,
    label_prognose,
    verstreken_kwartalen,
)
from warehouse.queries import judgements


def test_margin_of_a_mean_at_90_percent_with_finite_population_correction():
    assert foutmarge_gemiddelde(100, 1.5, None) == pytest.approx(1.645 * 1.5 / 10)
    assert foutmarge_gemiddelde(100, 1.5, 400) == pytest.approx(1.645 * 0.15 * (300 / 399) ** 0.5)
    assert foutmarge_gemiddelde(100, 1.5, 100) == 0.0  # everyone answered
    assert foutmarge_gemiddelde(1, 1.5, 400) is None


@given(st.integers(2, 500), st.floats(0.1, 3.0), st.integers(0, 2000))
def test_margin_shrinks_as_more_of_the_population_answers(n, sd, extra):
    populatie = n + extra
    assert foutmarge_gemiddelde(n, sd, populatie) <= foutmarge_gemiddelde(n, sd, None) + 1e-12


def test_a_deelscore_near_a_boundary_names_both_letters():
    prognose = aedes_prognose(2027, {
        "nieuwe_huurders": Steekproef(40, 7.85, 1.0, 400),        # 7,9 → A, margin ±0,25
        "reparaties": Steekproef(4000, 7.5, 1.0, None),           # B, margin ±0,03
        "vertrokken_huurders": Steekproef(4000, 6.5, 1.0, None),  # C
    })
    nh, rep, vh = prognose.deelscores
    assert nh.letter == "A" and nh.mogelijke_letters == ("A", "B") and not nh.is_zeker
    assert rep.mogelijke_letters == ("B",) and vh.mogelijke_letters == ("C",)
    assert prognose.letter == "B"                 # 0,25 − 0,20 = 0,05
    assert prognose.mogelijke_letters == ("B",)   # with NH = B: −0,20 → still B


def test_a_forecast_below_minimum_n_shows_no_letter():
    prognose = aedes_prognose(2027, {"nieuwe_huurders": Steekproef(3, 9.0, 0.5, 10)})
    assert prognose.deelscores[0].onderdrukt and prognose.deelscores[0].letter is None
    assert prognose.letter is None and prognose.mogelijke_letters == ()


@pytest.mark.parametrize(
    ("vandaag", "kwartalen"),
    [(date(2026, 2, 1), ()), (date(2026, 5, 1), (1,)), (date(2026, 12, 31), (1, 2, 3)), (date(2027, 1, 1), (1, 2, 3, 4))],
)
def test_only_quarters_already_over_are_required(vandaag, kwartalen):
    assert verstreken_kwartalen(2026, vandaag) == kwartalen


def test_label_forecast_flags_a_verdict_inside_the_margin():
    onderdelen = {
        "reparaties": OnderdeelJaar("reparaties", 30, 7.05, 90.0, frozenset({1, 2})),
        "nieuwe_huurders": OnderdeelJaar("nieuwe_huurders", 400, 8.0, 97.0, frozenset({1, 2})),
    }
    spreiding = {"reparaties": Steekproef(30, 7.05, 1.2, 300), "nieuwe_huurders": Steekproef(400, 8.0, 0.8, 4000)}
    result = {p.oordeel.onderdeel.vragenlijst: p for p in label_prognose(2026, date(2026, 5, 1), onderdelen, spreiding)}
    assert result["reparaties"].oordeel.verdict == "voldoet" and not result["reparaties"].zeker
    assert result["nieuwe_huurders"].oordeel.verdict == "voldoet" and result["nieuwe_huurders"].zeker
    assert result["vertrokken_huurders"].oordeel.verdict == "voldoet_niet"  # Q1 is over, no research
    assert result["reparaties"].percentage_tevreden.marge == pytest.approx(
        100 * 1.645 * (0.25 / 30) ** 0.5 * (270 / 299) ** 0.5)


def test_forecast_from_the_warehouse_uses_the_running_window():
    con = data.warehouse()
    corp = data.corporatie(con)
    for i in range(8):
        data.respondent(con, corp, "reparaties", date(2026, 9, 5), aedes_cijfer=7 + i % 3)
        data.uitnodiging(con, corp, "reparaties", date(2026, 9, 1))
    data.respondent(con, corp, "reparaties", date(2026, 7, 5), aedes_cijfer=1)  # previous year
    data.build(con)
    steekproef = judgements.aedes_steekproef(con, Scope.corporatie(corp), corp, 2027)
    con.close()
    rep = steekproef["reparaties"]
    assert (rep.n, rep.populatie) == (8, 8)
    assert rep.gemiddelde == pytest.approx((7 + 8 + 9 + 7 + 8 + 9 + 7 + 8) / 8)
    assert aedes_prognose(2027, steekproef).deelscores[1].meting.marge == 0.0
