"""`jobs run`: checkvraag re-invitations, deadline reminders and validatieverslagen, each once,
against a real local SMTP server (issue 12)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from smtp_inbox import smtp_inbox

from kwhcore.access import Scope
from kwhcore.accounts import add_account
from kwhcore.corporaties import add_corporatie
from kwhcore.example_files import fictitious_rows, write_xlsx
from kwhcore.mail import MailSettings
from kwhcore.periods import deadline_for
from kwhcore.responses_import import import_responses
from kwhcore.uploads import accorderen, upload
from warehouse import jobs
from warehouse.stores import signaalregels, signalen

UPLOAD_DAY = date(2026, 4, 20)  # round 2026-05: invitations go out Tuesday 12 May


@pytest.fixture
def smtp():
    with smtp_inbox() as (inbox, port):
        yield inbox, MailSettings(host="127.0.0.1", port=port, sender="klantvizier@kwh.nl", security="none")


@pytest.fixture
def corp(empty_db):
    return add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id


@pytest.fixture
def invited(empty_db, corp, tmp_path):
    """Three Reparaties tenants uploaded, approved and invited; their invitation ids."""
    steward = Scope(role="gebruiker", corporatie_id=corp, user_email="steward@woonstede.nl")
    path = tmp_path / "reparaties.xlsx"
    write_xlsx(path, fictitious_rows(3, "reparaties", seed=7, today=UPLOAD_DAY))
    aanlevering = upload(empty_db, steward, corp, "reparaties", path, path.name, today=UPLOAD_DAY)
    accorderen(empty_db, steward, aanlevering.aanlevering_id, today=UPLOAD_DAY)
    return [r[0] for r in empty_db.execute("SELECT uitnodiging_id FROM uitnodiging ORDER BY uitnodiging_id").fetchall()]


def _answers(con, tmp_path, rows: list[str]):
    path = tmp_path / "antwoorden.csv"
    path.write_text("respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,anoniem,uitnodiging_id,checkvraag,rep_totaal\n"
                    + "".join(rows), encoding="utf-8")
    return import_responses(con, path, today=date(2026, 12, 31))


def test_checkvraag_3_is_invited_again_after_the_corporation_s_weeks_once(empty_db, corp, invited, tmp_path, smtp):
    con = empty_db
    _answers(con, tmp_path, [
        f"A,Woonstede,reparaties,2026-05-13,online,ja,{invited[0]},3,\n",   # anonymous: re-invited too
        f"B,Woonstede,reparaties,2026-05-13,online,nee,{invited[1]},4,\n",  # 4: no re-invitation
        f"C,Woonstede,reparaties,2026-05-14,online,nee,{invited[2]},1,8\n",
    ])
    due = date(2026, 5, 13) + timedelta(weeks=6)
    assert jobs.run(con, due - timedelta(days=1), settings=smtp[1]).heruitnodigingen == 0
    assert jobs.run(con, due, settings=smtp[1]).heruitnodigingen == 1
    assert jobs.run(con, due + timedelta(days=1), settings=smtp[1]).heruitnodigingen == 0
    row = con.execute("SELECT uitnodiging_id, invited_date, aanlevering_id, postcode IS NOT NULL FROM uitnodiging "
                      "WHERE uitnodiging_id LIKE 'her-%'").fetchall()
    assert row == [("her-A", due, None, True)]
    # Visible with the other invitations: the respons mart counts it.
    assert con.execute("SELECT count(*) FROM fct_uitnodiging WHERE uitnodiging_id = 'her-A'").fetchone()[0] == 1
    assert [r[1] for r in signalen.heruitnodigingen(con, Scope.corporatie(corp), corp)] == ["her-A"]
    # An answer to the re-invitation that says 3 again is not invited a third time.
    _answers(con, tmp_path, [f"A2,Woonstede,reparaties,{due + timedelta(days=2)},online,ja,her-A,3,\n"])
    assert jobs.run(con, due + timedelta(weeks=7), settings=smtp[1]).heruitnodigingen == 0
    assert smtp[0].messages == []  # invitations go out through the fieldwork, not as our mail


def test_three_weeks_when_the_corporation_chose_three(empty_db, corp, invited, tmp_path, smtp):
    empty_db.execute("UPDATE corporatie SET checkvraag_reinvite_weeks = 3 WHERE corporatie_id = ?", [corp])
    _answers(empty_db, tmp_path, [f"A,Woonstede,reparaties,2026-05-13,online,ja,{invited[0]},3,\n"])
    assert jobs.run(empty_db, date(2026, 6, 3), settings=smtp[1]).heruitnodigingen == 1


def test_signal_of_an_invited_tenant_carries_name_address_and_ids_from_the_upload(empty_db, corp, invited, tmp_path, smtp):
    signaalregels.add_regel(empty_db, Scope.system(), corp, "reparaties", vraag_code="rep_totaal", ontvangers="a@woonstede.nl")
    _answers(empty_db, tmp_path, [f"C,Woonstede,reparaties,2026-05-14,online,nee,{invited[2]},1,2\n"])
    rij = empty_db.execute(
        "SELECT h.achternaam, h.postcode, h.id1 FROM uitnodiging u JOIN huurder_rij h USING (aanlevering_id, rij_nummer) "
        "WHERE u.uitnodiging_id = ?", [invited[2]]).fetchone()
    assert jobs.run(empty_db, date(2026, 5, 15), settings=smtp[1]).signaalmails == 1
    body = smtp[0].bodies()[0]
    assert rij[0] in body and rij[1] in body and f"id1: {rij[2]}" in body


def _user(con, corp, email, *, herinnering: bool, mijn_kwh: bool = True):
    return add_account(con, Scope.system(), email=email, rol="gebruiker", corporatie_id=corp,
                       toegang_mijn_kwh=mijn_kwh, herinnering_aanleveren=herinnering)


def test_deadline_reminder_goes_one_week_before_to_opted_in_users_once(empty_db, corp, smtp):
    _user(empty_db, corp, "ja@woonstede.nl", herinnering=True)
    _user(empty_db, corp, "nee@woonstede.nl", herinnering=False)
    _user(empty_db, corp, "kv@woonstede.nl", herinnering=True, mijn_kwh=False)
    deadline = deadline_for(2027, 1)
    inbox, settings = smtp
    assert jobs.run(empty_db, deadline - timedelta(days=8), settings=settings).herinneringen == 0
    assert jobs.run(empty_db, deadline - timedelta(days=7), settings=settings).herinneringen == 1
    assert jobs.run(empty_db, deadline - timedelta(days=7), settings=settings).herinneringen == 0
    assert jobs.run(empty_db, deadline - timedelta(days=3), settings=settings).herinneringen == 0
    assert jobs.run(empty_db, deadline, settings=settings).herinneringen == 0
    assert inbox.recipients() == ["ja@woonstede.nl"]
    assert "6 januari 2027" in inbox.bodies()[0]


def test_a_missed_cron_day_still_sends_the_reminder_before_the_deadline(empty_db, corp, smtp):
    _user(empty_db, corp, "ja@woonstede.nl", herinnering=True)
    deadline = deadline_for(2027, 2)
    assert jobs.run(empty_db, deadline - timedelta(days=5), settings=smtp[1]).herinneringen == 1


def test_validatieverslag_not_mailed_at_upload_goes_out_once_with_jobs_run(empty_db, corp, tmp_path, smtp):
    from kwhcore.uploads import mail_validatieverslag

    add_account(empty_db, Scope.system(), email="steward@woonstede.nl", rol="gebruiker", corporatie_id=corp,
                toegang_mijn_kwh=True, validatieverslag=True)
    steward = Scope(role="gebruiker", corporatie_id=corp, user_email="steward@woonstede.nl")
    today = date.today()
    first = tmp_path / "eerste.xlsx"
    write_xlsx(first, fictitious_rows(3, "nieuwe_huurders", seed=3, today=today))
    upload(empty_db, steward, corp, "nieuwe_huurders", first, first.name, today=today)
    inbox, settings = smtp
    assert jobs.run(empty_db, today, settings=settings).validatieverslagen == 1
    assert jobs.run(empty_db, today, settings=settings).validatieverslagen == 0
    # Mailed by the page at upload time: cron does not send it again.
    second = tmp_path / "tweede.xlsx"
    write_xlsx(second, fictitious_rows(3, "vertrokken_huurders", seed=4, today=today))
    nieuw = upload(empty_db, steward, corp, "vertrokken_huurders", second, second.name, today=today)
    assert mail_validatieverslag(empty_db, nieuw, settings=settings).is_sent
    assert jobs.run(empty_db, today, settings=settings).validatieverslagen == 0
    assert inbox.subjects() == ["Validatieverslag eerste.xlsx", "Validatieverslag tweede.xlsx"]


def test_the_demo_accounts_of_the_sample_get_no_reminders(smtp):
    from apptest_helpers import demo_warehouse

    con = demo_warehouse()
    assert con.execute("SELECT count(*) FROM gebruiker WHERE is_demo AND has_herinnering_aanleveren").fetchone()[0]
    deadline = deadline_for(2027, 3)
    assert jobs.run(con, deadline - timedelta(days=7), settings=smtp[1]).herinneringen == 0
    assert smtp[0].messages == []
    con.close()
