"""Minimum N holds for every role and every path to the data (domain.md §4.8): the same tiny
selection yields no figure, no question score, no open answer and no databank row — whoever asks."""

from __future__ import annotations

import pytest

from kwhcore import accounts
from kwhcore.access import AccessDenied
from kwhcore.config import CONFIG
from kwhcore.selection import Selection
from sample_data.texts import DEMO_AANNEMER_SPELLINGEN, DEMO_CORPORATIE
from warehouse.queries import databank, open_antwoorden, scores

ROLES_WITH_RESULTS = ("demo-beheerder", "demo-hoofdgebruiker", "demo-gebruiker", "demo-aannemer")


@pytest.fixture(scope="module")
def tiny(demo_con) -> Selection:
    """A month in which the demo contractor has results from fewer than min_n respondents."""
    con = demo_con.cursor()
    corporatie_id = con.execute("SELECT corporatie_id FROM corporatie WHERE naam = ?", [DEMO_CORPORATIE]).fetchone()[0]
    row = con.execute(
        "SELECT periode, n_respondenten FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
        "AND vragenlijst_code = 'reparaties' AND periode_type = 'maand' AND slice_dim = 'aannemer' "
        "AND slice_value = ? AND n_respondenten BETWEEN 1 AND ? ORDER BY periode LIMIT 1",
        [corporatie_id, DEMO_AANNEMER_SPELLINGEN[0], CONFIG.min_n - 1],
    ).fetchone()
    assert row is not None, "the demo sample should hold a month below the minimum for the contractor"
    return Selection(corporatie_id, "reparaties", row[0], aannemer=DEMO_AANNEMER_SPELLINGEN[0])


@pytest.mark.parametrize("username", ROLES_WITH_RESULTS)
def test_a_selection_below_minimum_n_shows_no_figure_for_any_role(demo, tiny, username):
    scope = accounts.scope_for_account(demo, username)
    figure = scores.onderdeel(demo, scope, tiny)
    assert figure.onderdrukt and figure.onderdeelscore is None and figure.percentage_tevreden is None
    assert 0 < figure.n < CONFIG.min_n
    assert all(q.onderdrukt and q.gemiddelde is None and q.pct_1_5 is None for q in scores.vragen(demo, scope, tiny))
    assert scores.checkvraag(demo, scope, tiny).percentages == (None, None, None, None)
    trend = dict(scores.onderdeel_trend(demo, scope, tiny, "maand"))
    assert trend[tiny.periode].onderdeelscore is None


@pytest.mark.parametrize("username", ROLES_WITH_RESULTS)
def test_open_answers_and_databank_rows_are_withheld_below_minimum_n(demo, tiny, username):
    scope = accounts.scope_for_account(demo, username)
    answers = open_antwoorden.open_antwoorden(demo, scope, tiny)
    assert answers.onderdrukt and answers.antwoorden == ()
    rows = databank.databank(demo, scope, databank.DatabankSelectie(
        tiny.corporatie_id, vragenlijst=tiny.vragenlijst, periode=tiny.periode, aannemer=tiny.aannemer))
    assert rows.rijen == [] and any("te weinig respondenten" in m for m in rows.meldingen)


def test_the_data_steward_without_klantvizier_rights_gets_no_figures_at_all(demo, tiny):
    scope = accounts.scope_for_account(demo, "demo-steward")
    assert not scope.has_right("klantvizier")


def test_a_contractor_cannot_widen_a_tiny_selection_to_another_contractor(demo, tiny):
    scope = accounts.scope_for_account(demo, "demo-aannemer")
    other = demo.execute(
        "SELECT DISTINCT aannemer FROM respondent WHERE corporatie_id = ? AND aannemer NOT IN (?, ?) LIMIT 1",
        [tiny.corporatie_id, *DEMO_AANNEMER_SPELLINGEN]).fetchone()[0]
    with pytest.raises(AccessDenied):
        scores.onderdeel(demo, scope, tiny.with_(aannemer=other))
