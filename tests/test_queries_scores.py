"""The figures the dashboards show, against an independent recomputation.

The query layer reads the marts; here every figure is recomputed another way — from the base
tables ``respondent`` and ``antwoord`` with the plain-Python rules of ``kwhcore.scoring`` — for
years, quarters and months, per aannemer, per uitsplitsing value and both combined. Plus the
access rules (a contractor never reads another contractor, nobody reads another corporation)
and minimum-N, on the demo sample.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwhcore import scoring
from kwhcore.access import AccessDenied, Scope
from kwhcore.config import CONFIG
from kwhcore.selection import Selection
from kwhcore.vragenlijsten import ONTEVREDENHEID_STAP, VRAGENLIJST_CODES, vragenlijst
from warehouse.queries import dashboard, scores

CORP = 1  # Woonstichting De Vechtstreek, the demo corporation
JANSEN = "Bouwbedrijf Jansen"
JANSEN_ONDERHOUD = "Bouwbedrijf Jansen Onderhoud"
SYSTEEM = Scope.system()
HOOFDGEBRUIKER = Scope.corporatie(CORP)
AANNEMER = Scope.aannemer(CORP, {JANSEN, JANSEN_ONDERHOUD})


@pytest.fixture(scope="module")
def raw(demo_con):
    """Every respondent of the demo corporation's Reparaties with all its grades, from the base
    tables — no mart, no fact table."""
    rows = demo_con.execute(
        "SELECT r.respondent_id, r.completed_date, r.aannemer, r.uitsplitsing1, r.uitsplitsing2, "
        "a.vraag_code, a.cijfer, a.antwoord_tekst FROM respondent r "
        "LEFT JOIN antwoord a ON a.respondent_id = r.respondent_id "
        "WHERE r.corporatie_id = ? AND r.vragenlijst_code = 'reparaties'",
        [CORP],
    ).fetchall()
    respondents: dict[str, dict] = {}
    for rid, completed, aannemer, u1, u2, code, grade, tekst in rows:
        entry = respondents.setdefault(rid, {"date": completed, "aannemer": aannemer,
                                             "uitsplitsing1": u1, "uitsplitsing2": u2, "grades": {}, "tekst": {}})
        if code is not None and grade is not None:
            entry["grades"][code] = grade
        elif code is not None and tekst is not None:
            entry["tekst"][code] = tekst
    return respondents


def _in_selection(entry: dict, selection: Selection) -> bool:
    if not selection.parsed_periode.contains(entry["date"]):
        return False
    if selection.aannemer is not None and entry["aannemer"] != selection.aannemer:
        return False
    if selection.uitsplitsing is not None:
        dim, value = selection.uitsplitsing
        if entry[dim] != value:
            return False
    return True


def _expected(raw: dict, selection: Selection):
    definition = vragenlijst("reparaties")
    label_codes = {q.code for q in definition.vragen if q.kwaliteitslabel}
    chosen = [e for e in raw.values() if _in_selection(e, selection)]
    per_respondent = {i: [g for c, g in e["grades"].items() if c in label_codes] for i, e in enumerate(chosen)}
    per_vraag = defaultdict(list)
    for e in chosen:
        for code, grade in e["grades"].items():
            per_vraag[code].append(grade)
    return chosen, per_respondent, per_vraag


SELECTIONS = [
    Selection(CORP, "reparaties", "2025"),
    Selection(CORP, "reparaties", "2026-Q2"),
    Selection(CORP, "reparaties", "2025-10"),
    Selection(CORP, "reparaties", "2025", aannemer=JANSEN),
    Selection(CORP, "reparaties", "2025-Q4", aannemer=JANSEN_ONDERHOUD),
    Selection(CORP, "reparaties", "2025", uitsplitsing=("uitsplitsing1", "Centrum")),
    Selection(CORP, "reparaties", "2026", uitsplitsing=("uitsplitsing1", "Vogelbuurt")),
    Selection(CORP, "reparaties", "2025", aannemer=JANSEN, uitsplitsing=("uitsplitsing1", "Centrum")),
]


@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda s: f"{s.periode}-{s.aannemer}-{s.uitsplitsing}")
def test_onderdeelscore_and_tevreden_match_a_recomputation_from_the_answers(demo, raw, selection):
    _, per_respondent, _ = _expected(raw, selection)
    expected_n = len(scoring.respondent_means(per_respondent))
    figure = scores.onderdeel(demo, SYSTEEM, selection)
    assert figure.n == expected_n
    assert expected_n >= CONFIG.min_n, "pick a selection large enough to show a figure"
    assert figure.onderdeelscore == pytest.approx(scoring.onderdeelscore(per_respondent))
    assert figure.percentage_tevreden == pytest.approx(scoring.percentage_tevreden(per_respondent))


@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda s: f"{s.periode}-{s.aannemer}-{s.uitsplitsing}")
def test_question_scores_and_distribution_match_a_recomputation(demo, raw, selection):
    _, _, per_vraag = _expected(raw, selection)
    for figure in scores.vragen(demo, SYSTEEM, selection):
        grades = per_vraag.get(figure.code, [])
        assert figure.n == len(grades)
        if figure.onderdrukt:
            assert len(grades) < CONFIG.min_n and figure.gemiddelde is None
            continue
        verdeling = scoring.verdeling(grades)
        assert figure.gemiddelde == pytest.approx(scoring.vraag_score(grades))
        assert (figure.pct_1_5, figure.pct_6_7, figure.pct_8_10) == pytest.approx(
            (verdeling.pct_1_5, verdeling.pct_6_7, verdeling.pct_8_10))


@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda s: f"{s.periode}-{s.aannemer}-{s.uitsplitsing}")
def test_klantreis_step_score_is_the_mean_of_all_grades_in_the_step(demo, raw, selection):
    definition = vragenlijst("reparaties")
    _, _, per_vraag = _expected(raw, selection)
    for stap in dashboard.stappen(demo, SYSTEEM, selection):
        codes = [q.code for q in definition.vragen_in_stap(stap.stap)
                 if q.is_cijfervraag and q.stap != ONTEVREDENHEID_STAP]
        grades = [g for c in codes for g in per_vraag.get(c, [])]
        assert stap.n == max((len(per_vraag.get(c, [])) for c in codes), default=0)
        if stap.n < CONFIG.min_n:
            assert stap.onderdrukt and stap.score is None
        else:
            assert stap.score == pytest.approx(sum(grades) / len(grades))


@pytest.mark.parametrize("selection", SELECTIONS[:4], ids=lambda s: f"{s.periode}-{s.aannemer}")
def test_ontevredenheid_share_reported_matches_the_yes_answers(demo, raw, selection):
    chosen, _, _ = _expected(raw, selection)
    answers = [e["tekst"]["rep_ontevreden_gemeld"] for e in chosen if "rep_ontevreden_gemeld" in e["tekst"]]
    figure = dashboard.ontevredenheid(demo, SYSTEEM, selection)
    assert figure.n == len(answers)
    if figure.n >= CONFIG.min_n:
        assert figure.pct_gemeld == pytest.approx(100 * answers.count("ja") / len(answers))


def test_start_tiles_show_each_vragenlijst_with_the_same_figure_as_the_dashboard(demo):
    tegels = dashboard.start_tegels(demo, HOOFDGEBRUIKER, CORP, "2025")
    assert [t.vragenlijst for t in tegels] == list(VRAGENLIJST_CODES)
    for tegel in tegels:
        assert tegel.figure == scores.onderdeel(demo, HOOFDGEBRUIKER, Selection(CORP, tegel.vragenlijst, "2025"))
        assert tegel.vorige == scores.onderdeel(demo, HOOFDGEBRUIKER, Selection(CORP, tegel.vragenlijst, "2024"))


def test_contractor_start_tiles_only_show_vragenlijsten_with_its_own_names(demo):
    tegels = dashboard.start_tegels(demo, AANNEMER, CORP, "2025")
    assert tegels, "the demo contractor has results"
    for tegel in tegels:
        assert tegel.aannemer in {JANSEN, JANSEN_ONDERHOUD}
        expected = scores.onderdeel(demo, AANNEMER, Selection(CORP, tegel.vragenlijst, "2025", aannemer=tegel.aannemer))
        assert tegel.figure == expected
    # seed 000: Reparaties under "Bouwbedrijf Jansen", onderhoud under "… Onderhoud".
    by_vl = {t.vragenlijst: t.aannemer for t in tegels}
    assert by_vl["planmatig_onderhoud"] == JANSEN_ONDERHOUD
    assert "nieuwe_huurders" not in by_vl


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    periode=st.sampled_from(["2024", "2025", "2026", "2025-Q1", "2025-Q3", "2026-Q1", "2025-02", "2025-07", "2026-05"]),
    aannemer=st.sampled_from([None, JANSEN, JANSEN_ONDERHOUD, "Installatiebedrijf Meijer"]),
    uitsplitsing=st.sampled_from([None, ("uitsplitsing1", "Centrum"), ("uitsplitsing1", "De Hoven"),
                                  ("uitsplitsing2", "Oost")]),
)
def test_every_slice_agrees_with_the_answers_or_is_hidden(demo, raw, periode, aannemer, uitsplitsing):
    selection = Selection(CORP, "reparaties", periode, aannemer, uitsplitsing)
    _, per_respondent, _ = _expected(raw, selection)
    n = len(scoring.respondent_means(per_respondent))
    figure = scores.onderdeel(demo, SYSTEEM, selection)
    assert figure.n == n
    if n < CONFIG.min_n:
        assert figure.onderdrukt and figure.onderdeelscore is None and figure.percentage_tevreden is None
    elif figure.onderdrukt:
        # Enough respondents, but hidden by the privacy gate (secondary suppression, or a
        # combination asked per month): never a figure, and the reason says which.
        assert figure.onderdeelscore is None and figure.reden in ("afleidbaar", "combinatie_maand")
    else:
        assert figure.onderdeelscore == pytest.approx(scoring.onderdeelscore(per_respondent))


# --- access ----------------------------------------------------------------------------------------

OTHER = Selection(CORP, "reparaties", "2025", aannemer="Installatiebedrijf Meijer")


@pytest.mark.parametrize("call", [
    lambda con, sel: scores.onderdeel(con, AANNEMER, sel),
    lambda con, sel: scores.vragen(con, AANNEMER, sel),
    lambda con, sel: scores.respons(con, AANNEMER, sel),
    lambda con, sel: scores.checkvraag(con, AANNEMER, sel),
    lambda con, sel: dashboard.stappen(con, AANNEMER, sel),
    lambda con, sel: dashboard.ontevredenheid(con, AANNEMER, sel),
    lambda con, sel: dashboard.start_tegels(con, AANNEMER, CORP, "2025", sel.aannemer),
], ids=["onderdeel", "vragen", "respons", "checkvraag", "stappen", "ontevredenheid", "start_tegels"])
def test_contractor_is_refused_another_contractors_results(demo, call):
    with pytest.raises(AccessDenied):
        call(demo, OTHER)


def test_contractor_is_refused_an_uitsplitsing_of_the_whole_corporation(demo):
    with pytest.raises(AccessDenied):
        dashboard.stappen(demo, AANNEMER, Selection(CORP, "reparaties", "2025", uitsplitsing=("uitsplitsing1", "Centrum")))


def test_contractor_may_split_its_own_results(demo):
    figure = dashboard.stappen(demo, AANNEMER, SELECTIONS[-1])
    assert len(figure) == 4


@pytest.mark.parametrize("call", [
    lambda con, sel: scores.onderdeel(con, HOOFDGEBRUIKER, sel),
    lambda con, sel: dashboard.stappen(con, HOOFDGEBRUIKER, sel),
    lambda con, sel: dashboard.ontevredenheid(con, HOOFDGEBRUIKER, sel),
    lambda con, sel: dashboard.start_tegels(con, HOOFDGEBRUIKER, sel.corporatie_id, "2025"),
], ids=["onderdeel", "stappen", "ontevredenheid", "start_tegels"])
def test_corporation_user_never_reads_another_corporation(demo, call):
    with pytest.raises(AccessDenied):
        call(demo, Selection(2, "reparaties", "2025"))


# --- minimum N -------------------------------------------------------------------------------------

def _small_slice(raw) -> Selection:
    """A month × aannemer slice with 1 to min_n − 1 respondents that gave a label grade."""
    counts = defaultdict(int)
    for entry in raw.values():
        if entry["aannemer"] and entry["grades"]:
            counts[(entry["date"].strftime("%Y-%m"), entry["aannemer"])] += 1
    maand, aannemer = next(k for k, n in sorted(counts.items()) if 1 <= n < CONFIG.min_n)
    return Selection(CORP, "reparaties", maand, aannemer=aannemer)


def test_a_slice_below_minimum_n_shows_no_figure_anywhere(demo, raw):
    selection = _small_slice(raw)
    figure = scores.onderdeel(demo, SYSTEEM, selection)
    assert 0 < figure.n < CONFIG.min_n
    assert figure.onderdrukt and figure.onderdeelscore is None and figure.percentage_tevreden is None
    assert all(s.score is None for s in dashboard.stappen(demo, SYSTEEM, selection))
    assert all(v.gemiddelde is None for v in scores.vragen(demo, SYSTEEM, selection))
    assert dashboard.ontevredenheid(demo, SYSTEEM, selection).pct_gemeld is None


def test_trend_arrow_follows_the_previous_period():
    from warehouse.queries.scores import OnderdeelFigure

    def fig(score):
        return OnderdeelFigure(20, 20, score, 80.0, score is None)

    assert dashboard.StartTegel("reparaties", None, fig(7.4), fig(7.1)).trend == 1
    assert dashboard.StartTegel("reparaties", None, fig(7.1), fig(7.4)).trend == -1
    assert dashboard.StartTegel("reparaties", None, fig(7.42), fig(7.40)).trend == 0
    assert dashboard.StartTegel("reparaties", None, fig(7.4), fig(None)).trend is None

