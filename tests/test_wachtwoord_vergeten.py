"""Self-service 'Wachtwoord vergeten' (seed 002 §2): a one-time link by mail through the SMTP
path, the same answer for every address, and a rate limit."""

from __future__ import annotations

import email
import re
import socket
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from kwhcore import accounts
from kwhcore.access import Scope
from kwhcore.corporaties import add_corporatie
from kwhcore.mail import MailSettings
from ui import wachtwoord_vergeten as ui_vergeten
from warehouse import db
from warehouse.stores import wachtwoord_vergeten

T0 = datetime(2026, 4, 22, 9, 0)


class _Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, MailSettings(host="127.0.0.1", port=port, sender="klantvizier@kwh.nl", security="none")
    controller.stop()


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def con():
    con = db.connect(":memory:")
    corp = add_corporatie(con, "Woonstede", 6000, "Utrecht", 2).corporatie_id
    account = accounts.add_account(con, Scope.system(), email="piet@woonstede.nl", rol="gebruiker", corporatie_id=corp)
    invitation = accounts.invite(con, Scope.system(), account.gebruiker_id, now=T0)
    accounts.accept_invitation(con, invitation.token, "oud geheim van de buurman", "oud geheim van de buurman", now=T0)
    return con


def test_a_reset_link_arrives_by_mail_and_sets_a_new_password_once(con, smtp_server):
    inbox, settings = smtp_server
    outcome = ui_vergeten.verstuur(con, " Piet@Woonstede.nl ", lambda t: f"https://kv.example/wachtwoord_instellen?uitnodiging={t}", settings)
    assert outcome is not None and outcome.is_sent
    [mail] = inbox.messages
    assert mail["To"] == "piet@woonstede.nl" and mail["Subject"] == "Nieuw wachtwoord voor Klantvizier"
    token = re.search(r"uitnodiging=(\S+)", mail.get_payload(decode=True).decode()).group(1)
    accounts.accept_invitation(con, token, "nieuw geheim zonder naam 42", "nieuw geheim zonder naam 42")
    assert accounts.check_password("nieuw geheim zonder naam 42", con.execute(
        "SELECT password_hash FROM gebruiker WHERE email = 'piet@woonstede.nl'").fetchone()[0])
    with pytest.raises(accounts.AccountError, match="al gebruikt"):
        accounts.accept_invitation(con, token, "nog een geheim erbij 77", "nog een geheim erbij 77")


def test_an_unknown_address_gets_no_mail_and_leaves_no_address_behind(con, smtp_server):
    inbox, settings = smtp_server
    assert ui_vergeten.verstuur(con, "onbekend@elders.nl", lambda t: t, settings) is None
    assert inbox.messages == []
    stored = " ".join(str(v) for row in con.execute("SELECT * FROM wachtwoord_aanvraag").fetchall() for v in row)
    assert "onbekend" not in stored and stored


def test_requests_for_one_address_are_rate_limited_per_hour(con):
    sent = [wachtwoord_vergeten.vraag_aan(con, "piet@woonstede.nl", now=T0 + timedelta(minutes=i)) for i in range(5)]
    assert [s is not None for s in sent] == [True, True, True, False, False]
    assert wachtwoord_vergeten.vraag_aan(con, "piet@woonstede.nl", now=T0 + timedelta(minutes=70)) is not None


def test_the_login_form_gives_the_same_answer_for_known_and_unknown_addresses(con, monkeypatch):
    from apptest_helpers import app_as

    answers = []
    for address in ("piet@woonstede.nl", "niemand@nergens.nl"):
        at = app_as(con, None, None, monkeypatch)
        field = [t for t in at.text_input if t.label == "E-mailadres van uw account"][0]
        field.input(address)
        [b for b in at.button if b.label == "Vraag een nieuw wachtwoord aan"][0].click().run()
        assert not at.exception
        answers.append([s.value for s in at.success])
    assert answers[0] == answers[1] == [wachtwoord_vergeten.ANTWOORD]
