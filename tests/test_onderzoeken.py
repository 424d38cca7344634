"""Onderzoeken settings: delivery, signal recipients, contactpersoon and checkvraag (§3, §5)."""

from __future__ import annotations

import pytest

from kwhcore.access import AccessDenied, Scope
from kwhcore.corporaties import add_corporatie
from kwhcore.onderzoeken import (
    InstellingError,
    corporatie_instelling,
    onderzoek_instellingen,
    save_corporatie_instelling,
    save_onderzoek_instelling,
)


@pytest.fixture
def corp(empty_db):
    return add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id


def test_signal_recipients_and_frequency_are_saved_per_vragenlijst(empty_db, corp):
    scope = Scope.corporatie(corp)
    saved = save_onderzoek_instelling(
        empty_db, scope, corp, "reparaties", aanlevermethode="mijn_kwh", frequentie="kwartaal",
        beheerder_naam="Team Onderhoud", signaal_ontvangers="a@woonstede.nl\nb@woonstede.nl; c@woonstede.nl",
    )
    assert saved.signaal_ontvangers == ("a@woonstede.nl", "b@woonstede.nl", "c@woonstede.nl")
    assert saved.frequentie == "kwartaal"
    assert [o.vragenlijst_code for o in onderzoek_instellingen(empty_db, scope, corp)][0] == "nieuwe_huurders"


@pytest.mark.parametrize(
    ("methode", "frequentie", "ontvangers", "message"),
    [("mijn_kwh", "maand", "geen-adres", "Geen geldig e-mailadres"),
     ("automatisch", "maand", "", "Automatisch aanleveren"),
     ("mijn_kwh", "wekelijks", "", "Kies hoe vaak")],
)
def test_bad_settings_are_refused_with_a_dutch_message(empty_db, corp, methode, frequentie, ontvangers, message):
    with pytest.raises(InstellingError, match=message):
        save_onderzoek_instelling(empty_db, Scope.corporatie(corp), corp, "reparaties", aanlevermethode=methode,
                                  frequentie=frequentie, beheerder_naam=None, signaal_ontvangers=ontvangers)


def test_checkvraag_reinvites_only_after_3_or_6_weeks(empty_db, corp):
    scope = Scope.corporatie(corp)
    saved = save_corporatie_instelling(empty_db, scope, corp, contactpersoon_naam="Klantcontact",
                                       contactpersoon_email="info@woonstede.nl", contactpersoon_telefoon="030 123 45 67",
                                       is_checkvraag_enabled=True, checkvraag_reinvite_weeks=3)
    assert saved.is_checkvraag_enabled and saved.checkvraag_reinvite_weeks == 3
    with pytest.raises(InstellingError, match="3 of na 6"):
        save_corporatie_instelling(empty_db, scope, corp, contactpersoon_naam="", contactpersoon_email="",
                                   contactpersoon_telefoon="", is_checkvraag_enabled=True, checkvraag_reinvite_weeks=4)
    assert corporatie_instelling(empty_db, scope, corp) == saved


def test_another_corporation_cannot_read_or_change_settings(empty_db, corp):
    other = Scope.corporatie(add_corporatie(empty_db, "Anders Wonen", 900, "Drenthe", 5).corporatie_id)
    with pytest.raises(AccessDenied):
        onderzoek_instellingen(empty_db, other, corp)
    with pytest.raises(AccessDenied):
        corporatie_instelling(empty_db, other, corp)
