"""The privacy gate's findings of issue 9, each as a user would meet it.

Small warehouses built row by row (tests/judgements_data.py), read through the query layer the
pages use.
"""

from __future__ import annotations

from datetime import date

import judgements_data as data
import pytest

from kwhcore.access import AccessDenied, Scope
from kwhcore.selection import Selection
from warehouse.queries import dashboard, scores
from warehouse.queries.open_antwoorden import open_antwoorden

JANSEN = "Bouwbedrijf Jansen"


def _checkvraag_only(con, corp: int, datum: date, n: int) -> None:
    for _ in range(n):
        rid = data.respondent(con, corp, "reparaties", datum, cijfer=None, aannemer=JANSEN,
                              teksten={"rep_open_tip": "Niemand kwam opdagen"})
        con.execute("UPDATE respondent SET checkvraag = 3 WHERE respondent_id = ?", [rid])


def test_open_answers_use_the_same_n_as_the_figures(tmp_path):
    """Respondents who only answered the checkvraag made texts appear for a hidden selection."""
    con = data.warehouse()
    corp = data.corporatie(con)
    for _ in range(3):
        data.respondent(con, corp, "reparaties", date(2025, 5, 1), aannemer=JANSEN,
                        teksten={"rep_open_tip": "Prima geholpen"})
    _checkvraag_only(con, corp, date(2025, 5, 2), 4)
    for _ in range(20):
        data.respondent(con, corp, "reparaties", date(2025, 5, 3), aannemer="Visser")
    data.build(con)
    selection = Selection(corp, "reparaties", "2025", aannemer=JANSEN)
    figure = scores.onderdeel(con, Scope.system(), selection)
    answers = open_antwoorden(con, Scope.system(), selection)
    assert figure.onderdeelscore is None and figure.n == 3
    assert answers.onderdrukt and answers.antwoorden == () and answers.n_respondenten == 3


def test_a_contractor_reaches_only_vragenlijsten_and_periods_with_its_own_results():
    con = data.warehouse()
    corp = data.corporatie(con)
    for _ in range(8):
        data.respondent(con, corp, "reparaties", date(2025, 5, 1), aannemer=JANSEN)
        data.respondent(con, corp, "nieuwe_huurders", date(2025, 5, 1))
        data.respondent(con, corp, "reparaties", date(2025, 9, 1), aannemer="Visser")
    data.build(con)
    jansen = Scope.aannemer(corp, {JANSEN})
    assert scores.onderdeel(con, jansen, Selection(corp, "reparaties", "2025")).onderdeelscore is not None
    assert scores.onderdeel(con, jansen, Selection(corp, "reparaties", "2025-05")).onderdeelscore is not None
    for hand_edited in (Selection(corp, "nieuwe_huurders", "2025"), Selection(corp, "reparaties", "2025-09"),
                        Selection(corp, "reparaties", "2025-Q3")):
        with pytest.raises(AccessDenied, match="geen resultaten"):
            scores.onderdeel(con, jansen, hand_edited)
        with pytest.raises(AccessDenied):
            scores.onderdeel_trend(con, jansen, hand_edited, "maand")
        with pytest.raises(AccessDenied):
            dashboard.stappen(con, jansen, hand_edited)


def test_steps_are_hidden_when_a_question_they_sum_is_hidden():
    """The klantreis tiles showed 7,9 / 7,4 / … where the tile above them showed '–'."""
    con = data.warehouse()
    corp = data.corporatie(con)
    for i in range(40):
        data.respondent(con, corp, "reparaties", date(2025, 1 + i % 12, 10), cijfer=6 + i % 4,
                        uitsplitsingen=(None, None, "Zeldzaam" if i < 2 else "Gewoon", None))
    data.build(con)
    rare = Selection(corp, "reparaties", "2025", uitsplitsing=("uitsplitsing3", "Zeldzaam"))
    assert scores.onderdeel(con, Scope.system(), rare).onderdeelscore is None
    assert all(stap.score is None and stap.onderdrukt for stap in dashboard.stappen(con, Scope.system(), rare))
    common = Selection(corp, "reparaties", "2025", uitsplitsing=("uitsplitsing3", "Gewoon"))
    whole = Selection(corp, "reparaties", "2025")
    # 38 of 40 shown beside the whole would give the 2 away: the gate hides the common value too,
    # and its steps with it.
    assert scores.onderdeel(con, Scope.system(), whole).onderdeelscore is not None
    assert scores.onderdeel(con, Scope.system(), common).onderdeelscore is None
    assert all(stap.score is None for stap in dashboard.stappen(con, Scope.system(), common))


def test_a_combination_per_month_is_offered_per_quarter_and_year_instead():
    con = data.warehouse()
    corp = data.corporatie(con)
    for _ in range(12):
        data.respondent(con, corp, "reparaties", date(2025, 5, 1), aannemer=JANSEN,
                        uitsplitsingen=("Oost", None, None, None))
    data.build(con)
    month = Selection(corp, "reparaties", "2025-05", aannemer=JANSEN, uitsplitsing=("uitsplitsing1", "Oost"))
    figure = scores.onderdeel(con, Scope.system(), month)
    assert figure.onderdeelscore is None and figure.reden == "combinatie_maand"
    quarter = month.with_(periode="2025-Q2")
    assert scores.onderdeel(con, Scope.system(), quarter).onderdeelscore is not None


def test_an_incremental_refresh_decides_like_a_full_one_and_redoes_only_changed_years(monkeypatch):
    from warehouse import privacy
    from warehouse.refresh import refresh

    con = data.warehouse()
    corp = data.corporatie(con)
    for i in range(30):
        data.respondent(con, corp, "reparaties", date(2025 + i % 2, 1 + i % 12, 5), cijfer=5 + i % 5,
                        aannemer=("Visser" if i % 7 == 0 else JANSEN), uitsplitsingen=(f"Wijk {i % 4}", None, None, None))
    data.build(con)
    for i in range(6):
        data.respondent(con, corp, "reparaties", date(2026, 3, 9), cijfer=3 + i, aannemer="Visser",
                        uitsplitsingen=("Wijk 9", None, None, None))
    decided: list[tuple] = []
    real = privacy._decide_all
    monkeypatch.setattr(privacy, "_decide_all", lambda todo, min_n: decided.extend(todo) or real(todo, min_n))
    refresh(con, [(corp, "reparaties")])
    assert decided and {key[2] for key in decided} == {"2026"}   # 2025's lattices were left alone
    incremental = sorted(con.execute(f"SELECT * FROM {privacy.TABLE}").fetchall())
    refresh(con)
    assert sorted(con.execute(f"SELECT * FROM {privacy.TABLE}").fetchall()) == incremental
