"""The aanlevering lifecycle: upload → validatieverslag → accorderen/replace/delete → invitations."""

from __future__ import annotations

from datetime import date

import pytest

from kwhcore.access import AccessDenied, Scope
from kwhcore.blokkades import add_blokkade
from kwhcore.corporaties import add_corporatie
from kwhcore.example_files import fictitious_rows, write_xlsx
from kwhcore.uploads import (
    UploadError,
    accorderen,
    geschiedenis,
    list_aanleveringen,
    uitnodigingen_per_vragenlijst,
    uitsluitingen,
    upload,
    verwerk_ronde,
    verwijderen,
)

TODAY = date(2026, 4, 20)  # round 2026-05: deadline 6 May, invitations Tuesday 12 May
RONDE = "2026-05"


@pytest.fixture
def corp(empty_db):
    return add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id


@pytest.fixture
def steward(corp):
    return Scope(role="gebruiker", corporatie_id=corp, user_email="steward@woonstede.nl")


def write(tmp_path, rows, name="bestand.xlsx"):
    path = tmp_path / name
    write_xlsx(path, rows)
    return path


def good(tmp_path, code="reparaties", n=4, name=None):
    return write(tmp_path, fictitious_rows(n, code, today=TODAY), name or f"{code}.xlsx")


def test_a_bad_file_is_stored_as_afgekeurd_with_its_report_and_no_rows(empty_db, corp, steward, tmp_path):
    rows = fictitious_rows(3, "reparaties", today=TODAY)
    rows[1]["postcode"] = "12"
    aanlevering = upload(empty_db, steward, corp, "reparaties", write(tmp_path, rows), "fout.xlsx", today=TODAY)
    assert aanlevering.status == "afgekeurd" and aanlevering.ronde == RONDE
    assert aanlevering.report.errors[0].row == 3
    assert empty_db.execute("SELECT count(*) FROM huurder_rij").fetchone()[0] == 0
    with pytest.raises(UploadError, match="gevalideerd"):
        accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)


def test_an_unreadable_file_is_recorded_with_its_one_sentence(empty_db, corp, steward, tmp_path):
    path = tmp_path / "huurders.xlsx"
    path.write_text("vhe;postcode\n1;1234 AB\n")
    aanlevering = upload(empty_db, steward, corp, "reparaties", path, "huurders.xlsx", today=TODAY)
    assert aanlevering.status == "afgekeurd"
    assert aanlevering.report.errors[0].code == "file_unreadable"


def test_approving_a_good_file_plans_invitations_with_the_round_s_dates(empty_db, corp, steward, tmp_path):
    rows = fictitious_rows(4, "reparaties", today=TODAY)
    rows[0]["email"] = ""
    aanlevering = upload(empty_db, steward, corp, "reparaties", write(tmp_path, rows), "rep.xlsx", today=TODAY)
    assert aanlevering.status == "gevalideerd" and aanlevering.rows_count == 4
    approved = accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)
    assert approved.status == "geaccordeerd" and approved.approved_by == "steward@woonstede.nl"
    invitations = empty_db.execute(
        "SELECT uitnodiging_id, kanaal, invited_date, reminder_date, phone_from_date, aannemer "
        "FROM uitnodiging ORDER BY rij_nummer"
    ).fetchall()
    aid = aanlevering.aanlevering_id
    assert [i[0] for i in invitations] == [f"A{aid}-{r}" for r in (2, 3, 4, 5)]
    assert invitations[0][1:5] == ("telefoon", date(2026, 5, 12), None, date(2026, 5, 12))
    assert invitations[1][1:5] == ("email", date(2026, 5, 12), date(2026, 5, 18), date(2026, 5, 20))
    assert invitations[1][5] == rows[1]["aannemer"]
    assert uitnodigingen_per_vragenlijst(empty_db, steward, corp, RONDE) == {"reparaties": {"email": 3, "telefoon": 1}}


def test_a_replacement_sets_the_unapproved_file_aside(empty_db, corp, steward, tmp_path):
    first = upload(empty_db, steward, corp, "reparaties", good(tmp_path), "eerste.xlsx", today=TODAY)
    second = upload(empty_db, steward, corp, "reparaties", good(tmp_path, n=5, name="b.xlsx"), "tweede.xlsx", today=TODAY)
    statuses = {a.bestandsnaam: a.status for a in list_aanleveringen(empty_db, steward, corp)}
    assert statuses == {"eerste.xlsx": "verwijderd", "tweede.xlsx": "gevalideerd"}
    assert empty_db.execute("SELECT count(*) FROM huurder_rij").fetchone()[0] == 5
    accorderen(empty_db, steward, second.aanlevering_id, today=TODAY)
    with pytest.raises(UploadError, match="al een bestand geaccordeerd"):
        upload(empty_db, steward, corp, "reparaties", good(tmp_path), "derde.xlsx", today=TODAY)
    assert first.aanlevering_id != second.aanlevering_id


def test_delete_before_the_deadline_removes_rows_and_invitations_but_not_after(empty_db, corp, steward, tmp_path):
    aanlevering = upload(empty_db, steward, corp, "reparaties", good(tmp_path), "rep.xlsx", today=TODAY)
    accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)
    with pytest.raises(UploadError, match="deadline"):
        verwijderen(empty_db, steward, aanlevering.aanlevering_id, today=date(2026, 5, 7))
    deleted = verwijderen(empty_db, steward, aanlevering.aanlevering_id, today=date(2026, 5, 6))
    assert deleted.status == "verwijderd" and deleted.deleted_by == "steward@woonstede.nl"
    assert empty_db.execute("SELECT count(*) FROM uitnodiging").fetchone()[0] == 0
    assert empty_db.execute("SELECT count(*) FROM huurder_rij").fetchone()[0] == 0
    events = [(e.wat.split(" ")[0], e.wie) for e in geschiedenis(empty_db, steward, corp, RONDE)]
    assert events == [("Verwijderd", "steward@woonstede.nl"), ("Geaccordeerd", "steward@woonstede.nl"), ("Geüpload", "steward@woonstede.nl")]


def test_a_tenant_in_two_files_of_a_round_gets_one_questionnaire_by_priority(empty_db, corp, steward, tmp_path):
    rep = upload(empty_db, steward, corp, "reparaties", good(tmp_path, "reparaties"), "rep.xlsx", today=TODAY)
    accorderen(empty_db, steward, rep.aanlevering_id, today=TODAY)
    assert empty_db.execute("SELECT count(*) FROM uitnodiging WHERE vragenlijst_code = 'reparaties'").fetchone()[0] == 4
    go = upload(empty_db, steward, corp, "groot_onderhoud", good(tmp_path, "groot_onderhoud", n=2), "go.xlsx", today=TODAY)
    accorderen(empty_db, steward, go.aanlevering_id, today=TODAY)
    by_code = dict(empty_db.execute("SELECT vragenlijst_code, count(*) FROM uitnodiging GROUP BY 1").fetchall())
    assert by_code == {"reparaties": 2, "groot_onderhoud": 2}
    overview = uitsluitingen(empty_db, steward, corp, RONDE)
    assert [(u.vragenlijst_code, u.rij, u.regel) for u in overview] == [("reparaties", 2, "ronde_voorrang"), ("reparaties", 3, "ronde_voorrang")]
    assert overview[0].eerdere_uitnodiging_id == f"A{go.aanlevering_id}-2"
    assert verwerk_ronde(empty_db, corp, RONDE) == (4, 2)  # idempotent


def test_earlier_invitations_and_blokkades_are_applied_with_an_explanation(empty_db, corp, steward, tmp_path):
    rows = fictitious_rows(3, "reparaties", today=TODAY)
    empty_db.execute(
        "INSERT INTO uitnodiging (uitnodiging_id, corporatie_id, vragenlijst_code, postcode, huisnummer, kanaal, invited_date) "
        "VALUES ('U77', ?, 'reparaties', ?, ?, 'email', DATE '2026-04-14')",
        [corp, rows[0]["postcode"].replace(" ", ""), str(rows[0]["huisnummer"])],
    )
    add_blokkade(empty_db, steward, corp, rows[1]["postcode"], rows[1]["huisnummer"], None, "wil_niet_meedoen", starts_on=date(2026, 1, 1))
    aanlevering = upload(empty_db, steward, corp, "reparaties", write(tmp_path, rows), "rep.xlsx", today=TODAY)
    accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)
    overview = {u.rij: (u.regel, u.eerdere_uitnodiging_id) for u in uitsluitingen(empty_db, steward, corp, RONDE)}
    assert overview == {2: ("zelfde_vragenlijst_2_maanden", "U77"), 3: ("blokkade", None)}


def test_algemene_waardering_invites_a_reproducible_sample(empty_db, corp, steward, tmp_path):
    aanlevering = upload(empty_db, steward, corp, "algemene_waardering", good(tmp_path, "algemene_waardering", n=1500), "aw.xlsx", today=TODAY)
    accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)
    invited = empty_db.execute("SELECT count(*) FROM uitnodiging").fetchone()[0]
    not_drawn = empty_db.execute("SELECT count(*) FROM uitsluiting WHERE regel = 'steekproef'").fetchone()[0]
    assert 0 < invited < 1500 and invited + not_drawn == 1500
    before = empty_db.execute("SELECT uitnodiging_id FROM uitnodiging ORDER BY 1").fetchall()
    verwerk_ronde(empty_db, corp, RONDE)
    assert empty_db.execute("SELECT uitnodiging_id FROM uitnodiging ORDER BY 1").fetchall() == before


def test_another_corporation_never_sees_or_touches_an_upload(empty_db, corp, steward, tmp_path):
    other = add_corporatie(empty_db, "Anders Wonen", 900, "Drenthe", 5).corporatie_id
    aanlevering = upload(empty_db, steward, corp, "reparaties", good(tmp_path), "rep.xlsx", today=TODAY)
    intruder = Scope(role="hoofdgebruiker", corporatie_id=other, user_email="x@anders.nl")
    for action in (accorderen, verwijderen):
        with pytest.raises(AccessDenied):
            action(empty_db, intruder, aanlevering.aanlevering_id, today=TODAY)
    with pytest.raises(AccessDenied):
        list_aanleveringen(empty_db, intruder, corp)
    with pytest.raises(AccessDenied):
        uitsluitingen(empty_db, intruder, corp, RONDE)
    with pytest.raises(AccessDenied):
        upload(empty_db, intruder, corp, "reparaties", good(tmp_path), "rep.xlsx", today=TODAY)


def test_a_file_listing_one_address_twice_is_approved_and_invites_that_tenant_once(empty_db, corp, steward, tmp_path):
    rows = fictitious_rows(4, "reparaties", today=TODAY)
    rows[3].update(postcode=rows[1]["postcode"], huisnummer=rows[1]["huisnummer"])
    aanlevering = upload(empty_db, steward, corp, "reparaties", write(tmp_path, rows), "rep.xlsx", today=TODAY)
    assert aanlevering.status == "gevalideerd" and aanlevering.report.warnings
    accorderen(empty_db, steward, aanlevering.aanlevering_id, today=TODAY)
    counts = uitnodigingen_per_vragenlijst(empty_db, steward, corp, RONDE)["reparaties"]
    assert counts["email"] + counts["telefoon"] == 3
    [regel] = uitsluitingen(empty_db, steward, corp, RONDE)
    assert (regel.rij, regel.regel) == (5, "dubbel_in_bestand") and "rij 3" in regel.toelichting
