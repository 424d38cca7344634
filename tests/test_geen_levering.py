"""'Deze maand geen levering' (seed 002): reported per vragenlijst and round, shown in the
calendar, and the reminder job can ask whether to skip it."""

from __future__ import annotations

from datetime import date

import pytest

from kwhcore.access import AccessDenied, Scope
from kwhcore.corporaties import add_corporatie
from kwhcore.example_files import fictitious_rows, write_xlsx
from kwhcore.uploads import accorderen, upload
from warehouse.stores import geen_levering

TODAY = date(2026, 4, 20)  # round 2026-05


@pytest.fixture
def corp(empty_db):
    return add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id


@pytest.fixture
def steward(corp):
    return Scope(role="gebruiker", corporatie_id=corp, user_email="steward@woonstede.nl")


def test_a_reported_round_is_known_to_the_reminder_job_and_can_be_withdrawn(empty_db, corp, steward):
    geen_levering.meld_geen_levering(empty_db, steward, corp, "reparaties", "2026-05", "ERP-migratie", today=TODAY)
    assert geen_levering.is_geen_levering(empty_db, corp, "reparaties", "2026-05")
    assert not geen_levering.is_geen_levering(empty_db, corp, "reparaties", "2026-06")
    assert not geen_levering.is_geen_levering(empty_db, corp, "nieuwe_huurders", "2026-05")
    assert geen_levering.geen_levering_per_corporatie(empty_db, "2026-05") == {corp: frozenset({"reparaties"})}
    [melding] = geen_levering.meldingen(empty_db, steward, corp)
    assert (melding.toelichting, melding.reported_by) == ("ERP-migratie", "steward@woonstede.nl")
    geen_levering.trek_in(empty_db, steward, corp, "reparaties", "2026-05")
    assert not geen_levering.is_geen_levering(empty_db, corp, "reparaties", "2026-05")


def test_a_round_past_its_deadline_or_already_approved_cannot_be_reported(empty_db, corp, steward, tmp_path):
    with pytest.raises(geen_levering.GeenLeveringError, match="voorbij"):
        geen_levering.meld_geen_levering(empty_db, steward, corp, "reparaties", "2026-04", today=TODAY)
    path = tmp_path / "rep.xlsx"
    write_xlsx(path, fictitious_rows(3, "reparaties", today=TODAY))
    aanlevering = upload(empty_db, steward, corp, "reparaties", path, "rep.xlsx", today=TODAY)
    accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)
    with pytest.raises(geen_levering.GeenLeveringError, match="al een bestand geaccordeerd"):
        geen_levering.meld_geen_levering(empty_db, steward, corp, "reparaties", "2026-05", today=TODAY)


def test_another_corporation_cannot_report_for_this_one(empty_db, corp):
    with pytest.raises(AccessDenied):
        geen_levering.meld_geen_levering(
            empty_db, Scope(role="gebruiker", corporatie_id=corp + 1), corp, "reparaties", "2026-05", today=TODAY
        )


def test_approving_a_file_after_all_ends_the_report(empty_db, corp, steward, tmp_path):
    geen_levering.meld_geen_levering(empty_db, steward, corp, "reparaties", "2026-05", today=TODAY)
    path = tmp_path / "rep.xlsx"
    write_xlsx(path, fictitious_rows(3, "reparaties", today=TODAY))
    aanlevering = upload(empty_db, steward, corp, "reparaties", path, "rep.xlsx", today=TODAY)
    accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)
    assert not geen_levering.is_geen_levering(empty_db, corp, "reparaties", "2026-05")


def test_the_rounds_a_steward_can_report_for_are_this_one_and_the_next_two():
    from kwhcore.uploads import komende_rondes

    assert komende_rondes(date(2026, 12, 1)) == ["2026-12", "2027-01", "2027-02"]
    assert komende_rondes(date(2026, 12, 10)) == ["2027-01", "2027-02", "2027-03"]
