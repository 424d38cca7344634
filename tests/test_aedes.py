"""Aedes-benchmark (domain.md §8.1, seed 002 §6): window, letters, weighted letter, freeze."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import judgements_data as data
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwhcore import aedes
from kwhcore.access import AccessDenied, Scope
from kwhcore.config import CONFIG
from warehouse.queries import judgements


@pytest.mark.parametrize(
    ("dag", "jaar"),
    [
        (date(2025, 8, 31), None),
        (date(2025, 9, 1), 2026),
        (date(2026, 1, 15), 2026),
        (date(2026, 7, 31), 2026),
        (date(2026, 8, 1), None),
        (date(2026, 9, 1), 2027),
    ],
)
def test_benchmark_year_runs_from_september_through_july(dag, jaar):
    assert aedes.benchmarkjaar_van(dag) == jaar


def test_window_is_configurable():
    config = replace(CONFIG, aedes_venster_start=(9, 1), aedes_venster_eind=(8, 31))
    assert aedes.venster(2026, config) == (date(2025, 9, 1), date(2026, 8, 31))
    assert aedes.benchmarkjaar_van(date(2026, 8, 15), config) == 2026
    calendar_year = replace(CONFIG, aedes_venster_start=(1, 1), aedes_venster_eind=(12, 31))
    assert aedes.venster(2026, calendar_year) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("vandaag", "tegel", "lopend"),
    [
        (date(2026, 3, 1), 2026, 2026),   # live
        (date(2026, 8, 20), 2026, 2026),  # window over, freeze at the end of August
        (date(2026, 10, 10), 2026, 2027),  # tile frozen on 2026, 2027 runs in the background
        (date(2027, 1, 5), 2027, 2027),   # January: the tile moves on
    ],
)
def test_tile_keeps_the_frozen_year_while_the_next_runs(vandaag, tegel, lopend):
    assert aedes.tegeljaar(vandaag) == tegel
    assert aedes.lopend_jaar(vandaag) == lopend


def test_a_year_can_only_be_frozen_after_its_window():
    assert not aedes.kan_bevriezen(2026, date(2026, 7, 31))
    assert aedes.kan_bevriezen(2026, date(2026, 8, 1))
    assert aedes.laatst_afgesloten_jaar(date(2026, 8, 31)) == 2026
    assert aedes.laatst_afgesloten_jaar(date(2026, 5, 1)) == 2025


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (7.1, "C"), (7.5, "B"), (7.8, "B"),   # Aedes' published points
        (7.14, "C"), (7.15, "B"),             # published "7,2" is B
        (7.2, "B"), (7.84, "B"), (7.85, "A"), (7.9, "A"), (9.3, "A"), (3.0, "C"),
    ],
)
def test_letter_boundaries_on_the_published_deelscore(score, letter):
    assert aedes.letter(score) == letter


def test_letter_boundaries_come_from_config():
    strict = replace(CONFIG, aedes_grens_a=8.0, aedes_grens_b=7.6)
    assert aedes.letter(7.9, strict) == "B"
    assert aedes.letter(7.5, strict) == "C"


def test_example_c_b_b_gives_minus_a_quarter_and_letter_b():
    letters = {"nieuwe_huurders": "C", "reparaties": "B", "vertrokken_huurders": "B"}
    assert aedes.gewogen_score(letters) == -0.25
    assert aedes.totaalletter(letters) == "B"


@pytest.mark.parametrize(
    ("nh", "rep", "vh", "score", "letter"),
    [
        ("C", "A", "A", 0.50, "A"),     # exactly 0,50 → A
        ("A", "B", "A", 0.45, "B"),
        ("A", "C", "C", -0.50, "C"),    # exactly −0,50 → C
        ("C", "B", "C", -0.45, "B"),
        ("B", "A", "B", 0.55, "A"),
        ("A", "A", "A", 1.0, "A"),
        ("C", "C", "C", -1.0, "C"),
    ],
)
def test_weighted_total_letter_boundaries(nh, rep, vh, score, letter):
    letters = {"nieuwe_huurders": nh, "reparaties": rep, "vertrokken_huurders": vh}
    assert aedes.gewogen_score(letters) == score
    assert aedes.totaalletter(letters) == letter


@given(st.tuples(*[st.sampled_from("ABC")] * 3))
def test_total_letter_lies_between_the_worst_and_best_deelscore_letter(combo):
    letters = dict(zip(("nieuwe_huurders", "reparaties", "vertrokken_huurders"), combo, strict=True))
    total = aedes.totaalletter(letters)
    assert min(combo) <= total <= max(combo)  # "A" < "B" < "C"


def test_no_total_letter_when_a_deelscore_is_missing():
    result = aedes.resultaat(2026, {"nieuwe_huurders": (40, 7.9), "reparaties": (3, 8.0)})
    assert result.deelscore("reparaties").onderdrukt
    assert result.deelscore("reparaties").gemiddelde is None
    assert result.letter is None


# --- the warehouse side: live figures and the freeze ------------------------------------------



@pytest.fixture
def aedes_wh():
    """One corporation with responses inside and just outside the 2026 window."""
    con = data.warehouse()
    corp = data.corporatie(con)
    for _ in range(6):
        data.respondent(con, corp, "nieuwe_huurders", date(2025, 9, 1), aedes_cijfer=7)   # first day
        data.respondent(con, corp, "reparaties", date(2026, 7, 31), aedes_cijfer=8)       # last day
        data.respondent(con, corp, "vertrokken_huurders", date(2026, 2, 1), aedes_cijfer=8)
    data.respondent(con, corp, "nieuwe_huurders", date(2025, 8, 31), aedes_cijfer=1)      # before
    data.respondent(con, corp, "reparaties", date(2026, 8, 1), aedes_cijfer=1)            # after
    data.build(con)
    yield con, corp
    con.close()


def test_live_deelscores_count_exactly_the_benchmark_window(aedes_wh):
    con, corp = aedes_wh
    result = judgements.aedes_live(con, Scope.system(), corp, 2026)
    assert [(d.deelscore.code, d.n, d.gemiddelde, d.letter) for d in result.deelscores] == [
        ("nieuwe_huurders", 6, 7.0, "C"),
        ("reparaties", 6, 8.0, "A"),
        ("vertrokken_huurders", 6, 8.0, "A"),
    ]
    assert result.gewogen_score == 0.5 and result.letter == "A"


def test_a_response_arriving_after_the_freeze_leaves_the_frozen_figures_unchanged(aedes_wh):
    con, corp = aedes_wh
    verslag = judgements.bevries(con, Scope.system(), 2026, "cron", vandaag=date(2026, 8, 31))
    assert [v.status for v in verslag] == ["bevroren"]
    before = judgements.aedes_tegel(con, Scope.corporatie(corp), corp, date(2026, 10, 1))

    for _ in range(20):  # a late batch of poor repairs, completed inside the window
        data.respondent(con, corp, "reparaties", date(2026, 7, 30), aedes_cijfer=2)
    data.build(con)

    after = judgements.aedes_tegel(con, Scope.corporatie(corp), corp, date(2026, 10, 1))
    assert after == before
    assert after.is_bevroren and after.frozen_by == "cron" and after.letter == "A"
    assert after.deelscore("reparaties").gemiddelde == 8.0
    assert judgements.aedes_live(con, Scope.system(), corp, 2026).deelscore("reparaties").letter == "C"


def test_freezing_twice_keeps_the_first_freeze(aedes_wh):
    con, corp = aedes_wh
    judgements.bevries(con, Scope.system(), 2026, "eerste", vandaag=date(2026, 8, 31))
    again = judgements.bevries(con, Scope.system(), 2026, "tweede", vandaag=date(2026, 9, 2))
    assert again[0].status == "al_bevroren" and again[0].resultaat.frozen_by == "eerste"


def test_a_running_year_cannot_be_frozen(aedes_wh):
    con, _ = aedes_wh
    with pytest.raises(ValueError, match="loopt nog"):
        judgements.bevries(con, Scope.system(), 2026, "cron", vandaag=date(2026, 7, 31))


def test_tile_shows_the_live_year_until_frozen_and_earlier_years_stay_viewable(aedes_wh):
    con, corp = aedes_wh
    scope = Scope.corporatie(corp)
    assert not judgements.aedes_tegel(con, scope, corp, date(2026, 5, 1)).is_bevroren
    judgements.bevries(con, Scope.system(), 2026, "cron", vandaag=date(2026, 8, 31))
    assert judgements.aedes_tegel(con, scope, corp, date(2026, 12, 1)).is_bevroren
    assert judgements.bevroren_jaren(con, scope, corp) == [2026]
    assert not judgements.aedes_tegel(con, scope, corp, date(2027, 1, 2)).is_bevroren


def test_only_the_beheerder_freezes_and_contractors_never_see_the_benchmark(aedes_wh):
    con, corp = aedes_wh
    with pytest.raises(AccessDenied):
        judgements.bevries(con, Scope.corporatie(corp), 2026, "x", vandaag=date(2026, 8, 31))
    with pytest.raises(AccessDenied):
        judgements.aedes_live(con, Scope.aannemer(corp, {"Bouwbedrijf Jansen"}), corp, 2026)
    with pytest.raises(AccessDenied):
        judgements.aedes_live(con, Scope.corporatie(corp + 1), corp, 2026)


def test_cli_freeze_for_cron_records_who_and_is_idempotent(tmp_path, capsys):
    from kwhcore.cli import main
    from warehouse import db

    path = tmp_path / "wh.duckdb"
    con = db.connect(path)
    corp = data.corporatie(con)
    for code in ("nieuwe_huurders", "reparaties", "vertrokken_huurders"):
        for _ in range(5):
            data.respondent(con, corp, code, date(2025, 1, 10), aedes_cijfer=8)
    data.build(con)
    con.close()

    assert main(["aedes-freeze", "--db", str(path), "--jaar", "2025", "--corporatie", "Woonstede"]) == 0
    assert "benchmarkjaar 2025 bevroren" in capsys.readouterr().out
    assert main(["aedes-freeze", "--db", str(path), "--jaar", "2025"]) == 0
    assert "was al bevroren" in capsys.readouterr().out
    assert main(["aedes-freeze", "--db", str(path), "--jaar", "2999"]) == 1
    err = capsys.readouterr().err
    assert "loopt nog" in err and "Traceback" not in err

    con = db.connect(path)
    frozen_by = con.execute("SELECT DISTINCT frozen_by FROM aedes_bevriezing").fetchall()
    con.close()
    assert len(frozen_by) == 1 and frozen_by[0][0].startswith("cli:")
