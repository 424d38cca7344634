"""Accounts: lockout window, invitations, session revocation, scoped management (issue 3)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwhcore import accounts
from kwhcore.access import RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH, Scope
from kwhcore.config import CONFIG
from kwhcore.corporaties import add_corporatie
from warehouse import db

T0 = datetime(2026, 4, 22, 9, 0)
SPELLINGEN = ("Bouwbedrijf Jansen", "Bouwbedrijf Jansen Onderhoud")


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def con():
    con = db.connect(":memory:")
    add_corporatie(con, "Woonstede", 6000, "Utrecht", 2)
    add_corporatie(con, "Maasoever", 3000, "Limburg", 3)
    return con


def _with_password(con, rol="gebruiker", corporatie_id=1, email="piet@woonstede.nl", password="geheim-wachtwoord", **kwargs):
    account = accounts.add_account(con, Scope.system(), email=email, rol=rol, corporatie_id=corporatie_id, **kwargs)
    invitation = accounts.invite(con, Scope.system(), account.gebruiker_id, now=T0)
    accounts.accept_invitation(con, invitation.token, password, password, now=T0)
    return account


def test_a_fresh_warehouse_has_no_accounts_and_no_known_password(con):
    assert accounts.credentials(con) == {"usernames": {}}


def test_demo_accounts_log_in_with_demo_and_see_what_the_readme_says(con):
    accounts.create_demo_accounts(con, 1, SPELLINGEN)
    creds = accounts.credentials(con)["usernames"]
    assert set(creds) == set(accounts.DEMO_USERNAMES)
    assert all(accounts.check_password("demo", c["password"]) for c in creds.values())
    assert accounts.scope_for_account(con, "demo-gebruiker").rights == {RIGHT_KLANTVIZIER}
    assert accounts.scope_for_account(con, "demo-steward").rights == {RIGHT_MIJN_KWH}
    aannemer = accounts.scope_for_account(con, "demo-aannemer")
    assert aannemer.role == "aannemer" and aannemer.aannemers == set(SPELLINGEN)
    assert accounts.scope_for_account(con, "demo-beheerder").is_all_corporations


def test_creating_demo_accounts_twice_keeps_five(con):
    accounts.create_demo_accounts(con, 1, SPELLINGEN)
    accounts.create_demo_accounts(con, 1, SPELLINGEN)
    assert len(accounts.credentials(con)["usernames"]) == 5


def test_four_wrong_passwords_do_not_lock_the_fifth_does(con):
    _with_password(con)
    for attempt in range(CONFIG.max_failed_logins - 1):
        check = accounts.record_failed_login(con, "piet@woonstede.nl", now=T0 + timedelta(minutes=attempt))
        assert check.locked_until is None
    assert accounts.lock_status(con, "piet@woonstede.nl", now=T0 + timedelta(minutes=4)) is None
    check = accounts.record_failed_login(con, "PIET@woonstede.nl", now=T0 + timedelta(minutes=4))
    assert check.locked_until == T0 + timedelta(minutes=4 + CONFIG.lockout_minutes)
    assert accounts.lock_status(con, "piet@woonstede.nl", now=T0 + timedelta(minutes=5)) is not None


def test_the_lock_ends_by_itself(con):
    _with_password(con)
    for _ in range(CONFIG.max_failed_logins):
        accounts.record_failed_login(con, "piet@woonstede.nl", now=T0)
    later = T0 + timedelta(minutes=CONFIG.lockout_minutes, seconds=1)
    assert accounts.lock_status(con, "piet@woonstede.nl", now=later) is None


def test_failures_spread_over_more_than_the_window_do_not_lock(con):
    _with_password(con)
    step = timedelta(minutes=CONFIG.lockout_minutes)
    for attempt in range(CONFIG.max_failed_logins * 2):
        check = accounts.record_failed_login(con, "piet@woonstede.nl", now=T0 + attempt * step)
        assert check.locked_until is None


def test_a_correct_password_clears_the_failures(con):
    _with_password(con)
    for _ in range(CONFIG.max_failed_logins - 1):
        accounts.record_failed_login(con, "piet@woonstede.nl", now=T0)
    accounts.record_successful_login(con, "piet@woonstede.nl", now=T0)
    check = accounts.record_failed_login(con, "piet@woonstede.nl", now=T0)
    assert check.failures_in_window == 1 and check.locked_until is None


def test_unknown_usernames_are_counted_like_accounts(con):
    """issue 10: a lock must not reveal whether a name exists (tests/test_login_hardening.py)."""
    check = accounts.record_failed_login(con, "niemand@nergens.nl", now=T0)
    assert check.failures_in_window == 1 and check.locked_until is None


def test_an_invitation_is_valid_five_days_and_only_once(con):
    account = accounts.add_account(con, Scope.system(), email="an@woonstede.nl", rol="gebruiker", corporatie_id=1)
    invitation = accounts.invite(con, Scope.system(), account.gebruiker_id, now=T0)
    assert invitation.expires_at == T0 + timedelta(days=5)
    with pytest.raises(accounts.AccountError, match="verlopen"):
        accounts.accept_invitation(con, invitation.token, "lang-genoeg-1", "lang-genoeg-1", now=T0 + timedelta(days=5))
    accounts.accept_invitation(con, invitation.token, "lang-genoeg-1", "lang-genoeg-1", now=T0 + timedelta(days=4))
    with pytest.raises(accounts.AccountError, match="al gebruikt"):
        accounts.accept_invitation(con, invitation.token, "lang-genoeg-2", "lang-genoeg-2", now=T0 + timedelta(days=4))


def test_a_new_invitation_is_the_reset_and_the_old_link_stops_working(con):
    _with_password(con)
    account = accounts.get_account(con, "piet@woonstede.nl")
    first = accounts.invite(con, Scope.system(), account.gebruiker_id, now=T0)
    second = accounts.invite(con, Scope.system(), account.gebruiker_id, now=T0)
    with pytest.raises(accounts.AccountError, match="niet \\(meer\\) geldig"):
        accounts.invitation_account(con, first.token, now=T0)
    session_before = T0 + timedelta(hours=1)
    accounts.accept_invitation(con, second.token, "nieuw-wachtwoord", "nieuw-wachtwoord", now=T0 + timedelta(hours=2))
    assert not accounts.session_is_valid(con, "piet@woonstede.nl", session_before)
    creds = accounts.credentials(con)["usernames"]["piet@woonstede.nl"]
    assert accounts.check_password("nieuw-wachtwoord", creds["password"])


@pytest.mark.parametrize(
    ("password", "repeat", "reason"),
    [("kort", "kort", "minstens"), ("lang-genoeg-1", "lang-genoeg-2", "niet gelijk"), (" spatie-ervoor", " spatie-ervoor", "spatie")],
)
def test_a_weak_or_mistyped_password_is_refused_and_the_link_stays_usable(con, password, repeat, reason):
    account = accounts.add_account(con, Scope.system(), email="an@woonstede.nl", rol="gebruiker", corporatie_id=1)
    invitation = accounts.invite(con, Scope.system(), account.gebruiker_id)
    with pytest.raises(accounts.AccountError, match=reason):
        accounts.accept_invitation(con, invitation.token, password, repeat)
    assert accounts.invitation_account(con, invitation.token).email == "an@woonstede.nl"


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(con):
    _with_password(con)
    other_session = T0 + timedelta(hours=1)
    valid_from = accounts.change_password(
        con, "piet@woonstede.nl", "geheim-wachtwoord", "nog-geheimer-1", "nog-geheimer-1",
        now=T0 + timedelta(hours=2),
    )
    assert not accounts.session_is_valid(con, "piet@woonstede.nl", other_session)
    assert accounts.session_is_valid(con, "piet@woonstede.nl", valid_from)


def test_a_wrong_current_password_changes_nothing(con):
    _with_password(con)
    with pytest.raises(accounts.AccountError, match="huidige wachtwoord"):
        accounts.change_password(con, "piet@woonstede.nl", "fout", "nog-geheimer-1", "nog-geheimer-1")
    assert accounts.session_is_valid(con, "piet@woonstede.nl", T0)


def test_logout_ends_every_session_of_the_account(con):
    _with_password(con)
    accounts.revoke_sessions(con, "piet@woonstede.nl", now=T0 + timedelta(hours=1))
    assert not accounts.session_is_valid(con, "piet@woonstede.nl", T0 + timedelta(minutes=30))
    assert accounts.session_is_valid(con, "piet@woonstede.nl", T0 + timedelta(hours=2))


def test_a_deleted_account_leaves_no_rows_and_no_valid_session(con):
    account = _with_password(con, rol="aannemer", eigen_aannemers=SPELLINGEN)
    accounts.invite(con, Scope.system(), account.gebruiker_id)
    accounts.delete_account(con, Scope.system(), account.gebruiker_id)
    assert not accounts.session_is_valid(con, "piet@woonstede.nl", datetime.now())
    for table in ("gebruiker", "gebruiker_aannemer", "account_uitnodiging"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    with pytest.raises(accounts.UnknownAccount):
        accounts.scope_for_account(con, "piet@woonstede.nl")


def test_an_email_address_is_used_by_one_account_only(con):
    accounts.add_account(con, Scope.system(), email="an@woonstede.nl", rol="gebruiker", corporatie_id=1)
    with pytest.raises(accounts.AccountError, match="bestaat al"):
        accounts.add_account(con, Scope.system(), email="AN@woonstede.nl", rol="gebruiker", corporatie_id=2)


def test_an_invalid_email_address_is_refused_in_dutch(con):
    with pytest.raises(accounts.AccountError, match="geen geldig e-mailadres"):
        accounts.add_account(con, Scope.system(), email="an@", rol="gebruiker", corporatie_id=1)


def test_a_hoofdgebruiker_manages_only_the_own_corporation(con):
    hoofd = Scope(role="hoofdgebruiker", corporatie_id=1, user_id=99, user_email="hoofd@woonstede.nl")
    eigen = accounts.add_account(con, hoofd, email="a@woonstede.nl", rol="gebruiker", corporatie_id=2)
    assert eigen.corporatie_id == 1  # the hoofdgebruiker cannot pick another corporation
    vreemd = accounts.add_account(con, Scope.system(), email="b@maasoever.nl", rol="gebruiker", corporatie_id=2)
    assert [a.email for a in accounts.list_accounts(con, hoofd)] == ["a@woonstede.nl"]
    with pytest.raises(accounts.AccountError, match="niet bij uw corporatie"):
        accounts.invite(con, hoofd, vreemd.gebruiker_id)
    with pytest.raises(accounts.AccountError, match="niet bij uw corporatie"):
        accounts.delete_account(con, hoofd, vreemd.gebruiker_id)
    with pytest.raises(accounts.AccountError):
        accounts.add_account(con, hoofd, email="c@woonstede.nl", rol="beheerder", corporatie_id=1)


def test_a_hoofdgebruiker_creates_invites_and_removes_hoofdgebruikers_but_never_the_last(con):
    eerste = accounts.add_account(con, Scope.system(), email="hoofd@woonstede.nl", rol="hoofdgebruiker", corporatie_id=1)
    hoofd = Scope(role="hoofdgebruiker", corporatie_id=1, user_id=eerste.gebruiker_id, user_email=eerste.email)
    collega = accounts.add_account(con, hoofd, email="collega@woonstede.nl", rol="hoofdgebruiker", corporatie_id=1)
    assert (collega.rol, collega.corporatie_id) == ("hoofdgebruiker", 1)
    invitation = accounts.invite(con, hoofd, collega.gebruiker_id, now=T0)
    accounts.accept_invitation(con, invitation.token, "een lange zin als wachtwoord", "een lange zin als wachtwoord", now=T0)
    elders = accounts.add_account(con, Scope.system(), email="hoofd@maasoever.nl", rol="hoofdgebruiker", corporatie_id=2)
    with pytest.raises(accounts.AccountError, match="niet bij uw corporatie"):
        accounts.delete_account(con, hoofd, elders.gebruiker_id)

    collega_scope = Scope(role="hoofdgebruiker", corporatie_id=1, user_id=collega.gebruiker_id, user_email=collega.email)
    accounts.delete_account(con, collega_scope, eerste.gebruiker_id)
    assert [a.email for a in accounts.list_accounts(con, collega_scope)] == ["collega@woonstede.nl"]
    with pytest.raises(accounts.AccountError, match="enige hoofdgebruiker"):
        accounts.delete_account(con, Scope.system(), collega.gebruiker_id)


def test_every_role_choice_starts_with_the_least_powerful_role():
    hoofd = Scope(role="hoofdgebruiker", corporatie_id=1)
    assert accounts.roles_actor_may_create(hoofd)[0] == "gebruiker"
    assert accounts.roles_actor_may_create(Scope.system())[0] == "gebruiker"
    assert accounts.roles_actor_may_create(Scope.system())[-1] == "beheerder"


def test_gebruikers_and_aannemers_manage_no_accounts(con):
    for scope in (Scope(role="gebruiker", corporatie_id=1), Scope.aannemer(1, {"Bouwbedrijf Jansen"})):
        assert accounts.list_accounts(con, scope) == []
        with pytest.raises(accounts.AccountError):
            accounts.add_account(con, scope, email="x@woonstede.nl", rol="gebruiker", corporatie_id=1)


def test_rights_and_aannemer_names_change_but_the_email_does_not(con):
    account = accounts.add_account(con, Scope.system(), email="a@jansen.nl", rol="aannemer", corporatie_id=1, eigen_aannemers=["Bouwbedrijf Jansen"])
    accounts.update_account(
        con, Scope.system(), account.gebruiker_id, naam="Jansen", toegang_klantvizier=True,
        toegang_mijn_kwh=True, herinnering_aanleveren=False, validatieverslag=False,
        eigen_aannemers=SPELLINGEN, andere_aannemers=["Dakwerken Noord"],
    )
    scope = accounts.scope_for_account(con, "a@jansen.nl")
    assert scope.eigen_aannemers == set(SPELLINGEN)
    assert scope.aannemers == set(SPELLINGEN) | {"Dakwerken Noord"}
    assert scope.rights == {RIGHT_KLANTVIZIER}  # an aannemer never gets Mijn KWH
    assert accounts.get_account(con, "a@jansen.nl").email == "a@jansen.nl"


def test_an_aannemer_account_needs_a_name(con):
    with pytest.raises(accounts.AccountError, match="schrijfwijze"):
        accounts.add_account(con, Scope.system(), email="a@jansen.nl", rol="aannemer", corporatie_id=1)


names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz &", min_size=1, max_size=20).filter(lambda n: n.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(eigen=st.lists(names, min_size=1, max_size=3), andere=st.lists(names, max_size=3), vreemd=names)
def test_an_aannemer_scope_sees_exactly_its_own_and_named_other_aannemers(con, eigen, andere, vreemd):
    con.execute("DELETE FROM gebruiker_aannemer")
    con.execute("DELETE FROM gebruiker")
    accounts.add_account(con, Scope.system(), email="a@jansen.nl", rol="aannemer", corporatie_id=1, eigen_aannemers=eigen, andere_aannemers=andere)
    scope = accounts.scope_for_account(con, "a@jansen.nl")
    clean = {" ".join(n.split()) for n in eigen + andere if n.strip()}
    assert scope.aannemers == clean
    assert scope.eigen_aannemers <= scope.aannemers
    assert scope.can_see_aannemer(" ".join(vreemd.split())) == (" ".join(vreemd.split()) in clean)
    assert not scope.can_see_corporatie(2)
