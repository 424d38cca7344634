"""Blokkeren NAW-gegevens: durations by reason, boundaries, ending early, scope (§6.5)."""

from __future__ import annotations

from datetime import date

import pytest

from kwhcore.access import AccessDenied, Scope
from kwhcore.blokkades import BlokkadeError, add_blokkade, add_months, end_blokkade, list_blokkades
from kwhcore.corporaties import add_corporatie


@pytest.fixture
def corp(empty_db):
    return add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id


@pytest.mark.parametrize(
    ("reden", "last_blocked", "free_again"),
    [
        ("wil_niet_meedoen", date(2029, 1, 14), date(2029, 1, 15)),
        ("overleden", date(2027, 1, 14), date(2027, 1, 15)),
        ("foutief_in_bestand", date(2026, 2, 14), date(2026, 2, 15)),
    ],
)
def test_a_blokkade_lasts_exactly_its_reason_s_duration(empty_db, corp, reden, last_blocked, free_again):
    scope = Scope.corporatie(corp)
    blokkade = add_blokkade(empty_db, scope, corp, "1234ab", "12", "a", reden, starts_on=date(2026, 1, 15))
    assert blokkade.postcode == "1234 AB" and blokkade.toevoeging == "A"
    assert blokkade.is_active(date(2026, 1, 15)) and blokkade.is_active(last_blocked)
    assert not blokkade.is_active(free_again)
    assert list_blokkades(empty_db, scope, corp, on=last_blocked) == [blokkade]
    assert list_blokkades(empty_db, scope, corp, on=free_again) == []


def test_a_month_from_the_31st_ends_on_the_last_day_of_a_short_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_ending_a_blokkade_frees_the_address_today_and_keeps_history(empty_db, corp):
    scope = Scope.corporatie(corp)
    blokkade = add_blokkade(empty_db, scope, corp, "1234 AB", 12, None, "overleden", starts_on=date(2026, 1, 1))
    ended = end_blokkade(empty_db, scope, blokkade.blokkade_id, on=date(2026, 3, 1))
    assert not ended.is_active(date(2026, 3, 1)) and ended.is_active(date(2026, 2, 28))
    assert list_blokkades(empty_db, scope, corp, on=date(2026, 3, 1), include_ended=True) == [ended]
    with pytest.raises(BlokkadeError):
        end_blokkade(empty_db, scope, blokkade.blokkade_id, on=date(2026, 3, 2))


@pytest.mark.parametrize(("postcode", "huisnummer"), [("12345", "1"), ("1234 AB", "12b"), ("", "1")])
def test_bad_address_input_gets_a_dutch_message(empty_db, corp, postcode, huisnummer):
    with pytest.raises(BlokkadeError, match="postcode|huisnummer"):
        add_blokkade(empty_db, Scope.corporatie(corp), corp, postcode, huisnummer, None, "overleden")


def test_another_corporation_can_neither_add_nor_see_nor_end(empty_db, corp):
    other = add_corporatie(empty_db, "Anders Wonen", 900, "Drenthe", 5).corporatie_id
    mine = add_blokkade(empty_db, Scope.corporatie(corp), corp, "1234 AB", 1, None, "overleden")
    with pytest.raises(AccessDenied):
        list_blokkades(empty_db, Scope.corporatie(other), corp)
    with pytest.raises(AccessDenied):
        end_blokkade(empty_db, Scope.corporatie(other), mine.blokkade_id)
    with pytest.raises(AccessDenied):
        add_blokkade(empty_db, Scope.corporatie(other), corp, "1234 AB", 2, None, "overleden")
    klantvizier_only = Scope(role="gebruiker", corporatie_id=corp, rights=frozenset({"klantvizier"}))
    with pytest.raises(AccessDenied):
        list_blokkades(empty_db, klantvizier_only, corp)
