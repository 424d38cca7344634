"""Ontdubbeling across its date boundaries, the NH + VH exception and the round priority (§6.4)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwhcore.blokkades import Blokkade
from kwhcore.deduplication import PRIORITEIT, EerdereUitnodiging, Kandidaat, ontdubbel

ADDRESS = ("1234 AB", "12", "")
OTHER = ("1234 AB", "14", "")
INVITE = date(2026, 5, 12)


def kandidaat(code: str, aanlevering: int = 1, rij: int = 2, address=ADDRESS) -> Kandidaat:
    return Kandidaat(aanlevering, rij, code, address)


def earlier(code: str, day: date, uid: str = "U1", address=ADDRESS) -> EerdereUitnodiging:
    return EerdereUitnodiging(uid, code, address, day)


@pytest.mark.parametrize(
    ("earlier_date", "excluded"),
    [(date(2026, 3, 13), True), (date(2026, 3, 12), False), (date(2026, 5, 11), True), (date(2026, 1, 1), False)],
)
def test_same_vragenlijst_within_two_calendar_months_is_excluded(earlier_date, excluded):
    invited, out = ontdubbel([kandidaat("reparaties")], [earlier("reparaties", earlier_date)], {}, INVITE)
    assert (len(out) == 1) is excluded
    if excluded:
        assert out[0].regel == "zelfde_vragenlijst_2_maanden" and out[0].eerdere_uitnodiging_id == "U1"


def test_another_vragenlijst_within_two_months_is_fine():
    invited, out = ontdubbel([kandidaat("reparaties")], [earlier("nieuwe_huurders", date(2026, 5, 1))], {}, INVITE)
    assert invited and not out


def test_another_address_is_another_tenant():
    invited, out = ontdubbel([kandidaat("reparaties")], [earlier("reparaties", date(2026, 5, 1), address=OTHER)], {}, INVITE)
    assert invited and not out


@pytest.mark.parametrize(
    ("earlier_dates", "excluded"),
    [
        ([date(2025, 6, 10), date(2025, 12, 9)], True),
        ([date(2025, 5, 12), date(2025, 12, 9)], False),  # exactly 12 months ago no longer counts
        ([date(2025, 5, 13), date(2025, 12, 9)], True),
        ([date(2025, 12, 9)], False),
    ],
)
def test_algemene_waardering_at_most_twice_in_twelve_months(earlier_dates, excluded):
    history = [earlier("algemene_waardering", d, f"U{i}") for i, d in enumerate(earlier_dates)]
    invited, out = ontdubbel([kandidaat("algemene_waardering")], history, {}, INVITE)
    assert (bool(out) and out[0].regel == "algemene_waardering_2_per_jaar") is excluded
    if excluded:
        assert out[0].eerdere_uitnodiging_id == "U1"


@pytest.mark.parametrize(("days_before", "excluded"), [(13, True), (14, False), (1, True)])
def test_automatic_delivery_keeps_fourteen_days_between_any_invitations(days_before, excluded):
    from datetime import timedelta

    history = [earlier("nieuwe_huurders", INVITE - timedelta(days=days_before))]
    invited, out = ontdubbel([kandidaat("reparaties")], history, {}, INVITE, automatisch=True)
    assert (bool(out) and out[0].regel == "automatisch_14_dagen") is excluded
    _, without_automatic = ontdubbel([kandidaat("reparaties")], history, {}, INVITE)
    assert without_automatic == []


def test_a_blocked_address_is_excluded_and_names_its_blokkade():
    blokkade = Blokkade(7, 1, *ADDRESS, "wil_niet_meedoen", date(2026, 1, 1), date(2029, 1, 1), None)
    invited, out = ontdubbel([kandidaat("reparaties"), kandidaat("reparaties", rij=3, address=OTHER)], [], {ADDRESS: blokkade}, INVITE)
    assert [k.address for k in invited] == [OTHER]
    assert out[0].regel == "blokkade" and out[0].blokkade_id == 7


def test_nieuwe_and_vertrokken_huurders_may_both_be_received_in_one_round():
    nh, vh, rep = kandidaat("nieuwe_huurders", 1), kandidaat("vertrokken_huurders", 2), kandidaat("reparaties", 3)
    invited, out = ontdubbel([rep, vh, nh], [], {}, INVITE)
    assert set(invited) == {nh, vh}
    assert [(u.kandidaat, u.regel, u.eerdere_uitnodiging_id) for u in out] == [(rep, "ronde_voorrang", nh.uitnodiging_id)]


@pytest.mark.parametrize(
    ("codes", "winner"),
    [
        (("reparaties", "groot_onderhoud"), "groot_onderhoud"),
        (("planmatig_onderhoud", "reparaties"), "planmatig_onderhoud"),
        (("groot_onderhoud", "planmatig_onderhoud"), "groot_onderhoud"),
        (("algemene_waardering", "reparaties"), "reparaties"),
        (("vertrokken_huurders", "groot_onderhoud"), "vertrokken_huurders"),
    ],
)
def test_one_questionnaire_per_round_by_the_documented_priority(codes, winner):
    kandidaten = [kandidaat(code, aanlevering=i) for i, code in enumerate(codes)]
    invited, out = ontdubbel(kandidaten, [], {}, INVITE)
    assert [k.vragenlijst_code for k in invited] == [winner]


def test_history_goes_before_round_priority():
    go, rep = kandidaat("groot_onderhoud", 1), kandidaat("reparaties", 2)
    invited, out = ontdubbel([go, rep], [earlier("groot_onderhoud", date(2026, 4, 1))], {}, INVITE)
    assert invited == [rep]
    assert out[0].kandidaat == go and out[0].regel == "zelfde_vragenlijst_2_maanden"


@given(st.lists(st.tuples(st.sampled_from(sorted(PRIORITEIT)), st.integers(1, 4)), max_size=20))
def test_every_candidate_is_either_invited_or_explained_never_both(entries):
    kandidaten = list({(code, n): Kandidaat(i, 2, code, ("1234 AB", str(n), "")) for i, (code, n) in enumerate(entries)}.values())
    invited, out = ontdubbel(kandidaten, [], {}, INVITE)
    assert set(invited) | {u.kandidaat for u in out} == set(kandidaten)
    assert not set(invited) & {u.kandidaat for u in out}
    per_address: dict = {}
    for k in invited:
        per_address.setdefault(k.address, set()).add(k.vragenlijst_code)
    assert all(len(codes) == 1 or codes == {"nieuwe_huurders", "vertrokken_huurders"} for codes in per_address.values())


def test_the_same_address_twice_in_one_file_gets_one_invitation_for_the_first_row():
    first, again, other = kandidaat("reparaties", rij=2), kandidaat("reparaties", rij=7), kandidaat("reparaties", rij=3, address=OTHER)
    invited, out = ontdubbel([again, other, first], [], {}, INVITE)
    assert sorted(invited, key=lambda k: k.rij) == [first, other]
    [uitsluiting] = out
    assert uitsluiting.kandidaat == again and uitsluiting.regel == "dubbel_in_bestand"
    assert "rij 2" in uitsluiting.toelichting and uitsluiting.eerdere_uitnodiging_id == first.uitnodiging_id
