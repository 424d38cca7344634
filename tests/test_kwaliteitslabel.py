"""KWH-Kwaliteitslabel rules (domain.md §8.2, seed 002 §5), one test per rule."""

from __future__ import annotations

from datetime import date

import judgements_data as data
import pytest

from kwhcore.access import AccessDenied, Scope
from kwhcore.kwaliteitslabel import (
    LABEL_ONDERDELEN,
    OnderdeelJaar,
    beoordeel_jaar,
    beoordeel_onderdeel,
    geschiedenis,
)
from warehouse.queries import judgements

ALLE = frozenset({1, 2, 3, 4})


def goed(code: str, **changes) -> OnderdeelJaar:
    values = dict(vragenlijst=code, n=200, onderdeelscore=7.6, percentage_tevreden=91.0, kwartalen=ALLE)
    values.update(changes)
    return OnderdeelJaar(**values)


def alle_goed(**per_code) -> dict[str, OnderdeelJaar]:
    result = {code: goed(code) for code in LABEL_ONDERDELEN}
    result.update(per_code)
    return result


@pytest.mark.parametrize(
    ("score", "pct", "verdict"),
    [
        (7.0, 85.0, "voldoet"),
        (6.95, 85.0, "voldoet"),        # published "7,0"
        (6.94, 90.0, "voldoet_niet"),   # published "6,9"
        (7.4, 84.5, "voldoet"),         # published "85%"
        (7.4, 84.4, "voldoet_niet"),    # published "84%"
        (6.9, 84.0, "voldoet_niet"),
    ],
)
def test_thresholds_apply_to_the_published_score_and_percentage(score, pct, verdict):
    oordeel = beoordeel_onderdeel(goed("reparaties", onderdeelscore=score, percentage_tevreden=pct))
    assert oordeel.verdict == verdict


def test_a_missing_quarter_fails_the_onderdeel_even_with_good_scores():
    oordeel = beoordeel_onderdeel(goed("nieuwe_huurders", kwartalen=frozenset({1, 2, 4})))
    assert oordeel.verdict == "voldoet_niet"
    assert "3e kwartaal" in oordeel.redenen[0]


def test_onderhoud_needs_only_one_delivery_in_the_year():
    oordeel = beoordeel_onderdeel(goed("planmatig_onderhoud", kwartalen=frozenset({3})))
    assert oordeel.verdict == "voldoet"


def test_onderhoud_without_any_data_goes_to_the_ckv():
    oordeel = beoordeel_onderdeel(OnderdeelJaar("planmatig_onderhoud", 0, None, None))
    assert oordeel.verdict == "ckv"


@pytest.mark.parametrize(
    ("code", "n", "verdict"),
    [
        ("reparaties", 49, "ckv"),
        ("reparaties", 50, "voldoet_niet"),
        ("planmatig_onderhoud", 49, "ckv"),
        ("nieuwe_huurders", 19, "ckv"),
        ("nieuwe_huurders", 20, "voldoet_niet"),
        ("vertrokken_huurders", 19, "ckv"),
    ],
)
def test_a_failing_onderdeel_with_low_response_is_for_the_ckv(code, n, verdict):
    oordeel = beoordeel_onderdeel(goed(code, n=n, onderdeelscore=6.8))
    assert oordeel.verdict == verdict
    assert oordeel.tekst == {"ckv": "ter beoordeling CKV", "voldoet_niet": "voldoet niet"}[verdict]


def test_low_response_with_good_scores_simply_passes():
    assert beoordeel_onderdeel(goed("reparaties", n=12)).verdict == "voldoet"


def test_algemene_waardering_result_does_not_count():
    oordeel = beoordeel_jaar(2025, alle_goed(), algemene_waardering_voorgelegd=True)
    assert oordeel.verdict == "voldoet"
    assert "algemene_waardering" not in {o.onderdeel.vragenlijst for o in oordeel.onderdelen}


def test_algemene_waardering_must_have_been_sent_once():
    oordeel = beoordeel_jaar(2025, alle_goed(), algemene_waardering_voorgelegd=False)
    assert oordeel.verdict == "voldoet_niet"
    assert any("Algemene waardering" in r for r in oordeel.redenen)


def test_one_failing_onderdeel_fails_the_year_and_ckv_waits_for_the_committee():
    failing = beoordeel_jaar(2025, alle_goed(reparaties=goed("reparaties", onderdeelscore=6.5)), True)
    assert failing.verdict == "voldoet_niet"
    ckv = beoordeel_jaar(2025, alle_goed(reparaties=goed("reparaties", n=30, onderdeelscore=6.5)), True)
    assert ckv.verdict == "ckv"


def test_a_new_member_is_not_judged_before_a_full_year():
    oordeel = beoordeel_jaar(2025, alle_goed(), True, lid_sinds=date(2025, 3, 1))
    assert oordeel.verdict is None
    assert geschiedenis([oordeel])[0].uitkomst == "geen_oordeel"


def _jaar(jaar: int, passes: bool):
    score = 7.5 if passes else 6.5
    return beoordeel_jaar(jaar, alle_goed(reparaties=goed("reparaties", onderdeelscore=score)), True)


@pytest.mark.parametrize(
    ("pattern", "uitkomsten"),
    [
        ([True], ["toegekend"]),
        ([False], ["niet_toegekend"]),
        ([True, True], ["toegekend", "verlengd"]),
        ([True, False], ["toegekend", "niet_verlengd"]),
        ([True, False, False], ["toegekend", "niet_verlengd", "verlopen"]),
        ([True, False, True], ["toegekend", "niet_verlengd", "verlengd"]),
        ([True, False, False, True], ["toegekend", "niet_verlengd", "verlopen", "toegekend"]),
        ([False, False], ["niet_toegekend", "niet_toegekend"]),
    ],
)
def test_label_history_grants_extends_and_expires_after_two_failing_years(pattern, uitkomsten):
    standen = geschiedenis([_jaar(2021 + i, p) for i, p in enumerate(pattern)])
    assert [s.uitkomst for s in standen] == uitkomsten


def test_a_label_is_valid_two_years_and_expiry_ends_it():
    standen = geschiedenis([_jaar(2022, True), _jaar(2023, False), _jaar(2024, False)])
    assert standen[0].geldig_tot_en_met == 2024
    assert standen[1].heeft_label
    assert standen[2].geldig_tot_en_met is None and not standen[2].heeft_label


# --- from the warehouse -----------------------------------------------------------------------



def _year(con, corp, jaar, reparaties_cijfer=8, skip_quarter=None, aw=True):
    for code in LABEL_ONDERDELEN:
        for q in (1, 2, 3, 4):
            if q == skip_quarter and code == "vertrokken_huurders":
                continue
            cijfer = reparaties_cijfer if code == "reparaties" else 8
            for _ in range(6):
                data.respondent(con, corp, code, date(jaar, 3 * q - 1, 10), cijfer)
    if aw:
        data.respondent(con, corp, "algemene_waardering", date(jaar, 6, 1), 2)


def test_the_warehouse_year_is_judged_and_algemene_waardering_does_not_count():
    con = data.warehouse()
    corp = data.corporatie(con)
    _year(con, corp, 2024)
    _year(con, corp, 2025, reparaties_cijfer=6)
    data.build(con)
    scope = Scope.corporatie(corp)
    oordeel = judgements.label_oordeel(con, scope, corp, 2024)
    assert oordeel.verdict == "voldoet"
    reparaties = next(o for o in oordeel.onderdelen if o.onderdeel.vragenlijst == "reparaties")
    assert reparaties.onderdeel.n == 24 and reparaties.onderdeel.kwartalen == frozenset({1, 2, 3, 4})
    history = geschiedenis(judgements.label_oordelen(con, scope, corp, date(2026, 2, 1)))
    assert [(s.jaar, s.uitkomst) for s in history] == [(2024, "toegekend"), (2025, "ckv")]  # 24 < 50 respondents
    with pytest.raises(AccessDenied):
        judgements.label_oordeel(con, Scope.aannemer(corp, {"Jansen"}), corp, 2024)
    con.close()


def test_the_warehouse_notices_a_missing_quarter_and_a_missing_algemene_waardering():
    con = data.warehouse()
    corp = data.corporatie(con)
    _year(con, corp, 2025, skip_quarter=3, aw=False)
    data.build(con)
    oordeel = judgements.label_oordeel(con, Scope.system(), corp, 2025)
    con.close()
    vh = next(o for o in oordeel.onderdelen if o.onderdeel.vragenlijst == "vertrokken_huurders")
    assert vh.verdict == "voldoet_niet" and "3e kwartaal" in vh.redenen[0]
    assert not oordeel.algemene_waardering_voorgelegd and oordeel.verdict == "voldoet_niet"
