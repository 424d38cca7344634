"""Login, lockout and session revocation as a user meets them in the app (AppTest, issue 3)."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from apptest_helpers import APP, app_as, demo_warehouse, log_in, open_url_path, use_warehouse
from streamlit.testing.v1 import AppTest

from kwhcore import accounts
from kwhcore.config import CONFIG
from ui.text import unescape
from warehouse import db


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "klantvizier.duckdb"
    demo_warehouse(path).close()
    return path


@pytest.fixture
def con(demo_file, tmp_path):
    """A private copy of the demo warehouse: these tests change accounts."""
    copy = tmp_path / "klantvizier.duckdb"
    shutil.copy(demo_file, copy)
    return db.connect(copy)


def _fresh(con, monkeypatch) -> AppTest:
    use_warehouse(con, monkeypatch)
    return AppTest.from_file(APP, default_timeout=60)


def _login_via_form(at: AppTest, username: str, password: str) -> AppTest:
    [user_box] = [w for w in at.text_input if w.label == "Gebruikersnaam"]
    [password_box] = [w for w in at.text_input if w.label == "Wachtwoord"]
    user_box.input(username)
    password_box.input(password)
    [submit] = [b for b in at.button if b.label == "Inloggen"]
    return submit.click().run()


def _logged_in(at: AppTest) -> bool:
    return any(b.label == "Uitloggen" for b in at.sidebar.button)


def _alerts(at: AppTest) -> str:
    return " ".join(unescape(e.body) for e in [*at.error, *at.info, *at.success, *at.warning])


def test_without_login_only_the_login_form_is_shown(con, monkeypatch):
    at = _fresh(con, monkeypatch).run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Gebruikersnaam", "Wachtwoord", "E-mailadres van uw account"]
    assert not _logged_in(at)
    assert len(at.main) < 10  # the form and its caption, no page


def test_the_demo_password_logs_in(con, monkeypatch):
    at = _login_via_form(_fresh(con, monkeypatch).run(), "demo-gebruiker", "demo")
    assert not at.exception
    assert _logged_in(at)


def test_a_wrong_password_is_refused_in_dutch(con, monkeypatch):
    at = _login_via_form(_fresh(con, monkeypatch).run(), "demo-gebruiker", "fout")
    assert "Gebruikersnaam of wachtwoord is onjuist" in _alerts(at)
    assert not _logged_in(at)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(con, monkeypatch):
    at = _fresh(con, monkeypatch).run()
    for _ in range(CONFIG.max_failed_logins):
        at = _login_via_form(at, "demo-gebruiker", "fout")
    assert "tijdelijk geblokkeerd" in _alerts(at)
    at = _login_via_form(at, "demo-gebruiker", "demo")
    assert "tijdelijk geblokkeerd" in _alerts(at)
    assert not _logged_in(at)
    # The lock is in the warehouse: a new browser session meets it too.
    other = _login_via_form(_fresh(con, monkeypatch).run(), "demo-gebruiker", "demo")
    assert not _logged_in(other)


def test_logging_out_ends_the_other_sessions_of_the_account(con, monkeypatch):
    started = datetime.now() - timedelta(minutes=5)
    here = log_in(_fresh(con, monkeypatch), "demo-hoofdgebruiker", started).run()
    elsewhere = log_in(_fresh(con, monkeypatch), "demo-hoofdgebruiker", started).run()
    assert _logged_in(here) and _logged_in(elsewhere)
    [logout] = [b for b in here.sidebar.button if b.label == "Uitloggen"]
    here = logout.click().run()
    assert not _logged_in(here) and "U bent uitgelogd" in _alerts(here)
    elsewhere = elsewhere.run()
    assert not _logged_in(elsewhere)
    assert "Uw sessie is beëindigd" in _alerts(elsewhere)


def test_a_deleted_account_is_logged_out_on_its_next_click(con, monkeypatch):
    at = log_in(_fresh(con, monkeypatch), "demo-gebruiker").run()
    assert _logged_in(at)
    account = accounts.get_account(con, "demo-gebruiker")
    accounts.delete_account(con, accounts.Scope.system(), account.gebruiker_id)
    at = at.run()
    assert not _logged_in(at)


def test_changing_the_password_keeps_this_session_and_ends_the_others(con, monkeypatch):
    started = datetime.now() - timedelta(minutes=5)
    here = app_as(con, "demo-steward", "pages/mijn_account.py", monkeypatch)
    log_in(here, "demo-steward", started)
    elsewhere = log_in(_fresh(con, monkeypatch), "demo-steward", started).run()
    boxes = {w.label: w for w in here.text_input}
    boxes["Huidig wachtwoord"].input("demo")
    boxes["Nieuw wachtwoord"].input("een-nieuw-wachtwoord")
    boxes["Herhaal het nieuwe wachtwoord"].input("een-nieuw-wachtwoord")
    [submit] = [b for b in here.button if b.label == "Wachtwoord wijzigen"]
    here = submit.click().run()
    assert "Uw wachtwoord is gewijzigd" in _alerts(here)
    assert _logged_in(here.run())
    assert not _logged_in(elsewhere.run())


def test_an_invitation_link_works_without_login_and_leads_to_the_login(con, monkeypatch):
    systeem = accounts.Scope.system()
    nieuw = accounts.add_account(con, systeem, email="nieuw@voorbeeld.nl", rol="gebruiker", corporatie_id=1)
    invitation = accounts.invite(con, systeem, nieuw.gebruiker_id)
    at = _fresh(con, monkeypatch)
    at.query_params["uitnodiging"] = invitation.token
    at = at.run()
    assert [t.value for t in at.title] == ["Wachtwoord instellen"]
    boxes = {w.label: w for w in at.text_input}
    boxes["Nieuw wachtwoord"].input("mijn-eigen-wachtwoord")
    boxes["Herhaal het wachtwoord"].input("mijn-eigen-wachtwoord")
    [save] = [b for b in at.button if b.label == "Wachtwoord opslaan"]
    at = save.click().run()
    assert "Uw wachtwoord is ingesteld" in _alerts(at)
    [to_login] = [b for b in at.button if b.label == "Naar inloggen"]
    at = to_login.click().run()
    assert "Log in met gebruikersnaam nieuw@voorbeeld.nl" in _alerts(at)
    at = _login_via_form(at, "nieuw@voorbeeld.nl", "mijn-eigen-wachtwoord")
    assert _logged_in(at)


def test_an_expired_or_unknown_link_says_so_politely(con, monkeypatch):
    at = _fresh(con, monkeypatch)
    at.query_params["uitnodiging"] = "onbekend"
    at = at.run()
    assert not at.exception
    assert "niet (meer) geldig" in _alerts(at)


def test_a_hoofdgebruiker_adds_a_user_and_sees_the_link_when_mail_is_not_set(con, monkeypatch):
    monkeypatch.delenv("KLANTVIZIER_SMTP_HOST", raising=False)
    at = app_as(con, "demo-hoofdgebruiker", "pages/gebruikersbeheer.py", monkeypatch)
    [rol] = at.radio
    rol.set_value("gebruiker").run()
    boxes = {w.label: w for w in at.text_input}
    boxes["E-mailadres (kan later niet worden gewijzigd)"].input("kees@vechtstreek.nl")
    boxes["Naam"].input("Kees")
    [add] = [b for b in at.button if b.label == "Toevoegen en uitnodigen"]
    at = add.click().run()
    assert not at.exception
    assert "geen mailserver" in _alerts(at)
    [link] = [c.value for c in at.code]
    assert "/wachtwoord_instellen?uitnodiging=" in link
    token = link.split("uitnodiging=")[1]
    assert accounts.invitation_account(con, token).email == "kees@vechtstreek.nl"
    assert accounts.get_account(con, "kees@vechtstreek.nl").corporatie_id == accounts.scope_for_account(
        con, "demo-hoofdgebruiker"
    ).corporatie_id


def test_a_user_cannot_open_gebruikersbeheer_by_url(con, monkeypatch):
    at = app_as(con, "demo-gebruiker", None, monkeypatch)
    at = open_url_path(at, "gebruikersbeheer").run()
    assert not at.exception
    assert "Deze pagina hoort niet bij uw account" in _alerts(at)
    assert not [b for b in at.button if b.label == "Toevoegen en uitnodigen"]
