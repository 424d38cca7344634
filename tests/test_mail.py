"""Sending mail against a real local SMTP server (aiosmtpd); without settings nothing is sent."""

from __future__ import annotations

import email
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from kwhcore.mail import MailResult, MailSettings, send_mail


class _Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, MailSettings(host="127.0.0.1", port=controller.port, sender="klantvizier@kwh.nl", security="none")
    controller.stop()


def test_an_invitation_with_attachment_arrives_as_sent(smtp_server):
    inbox, settings = smtp_server
    outcome = send_mail(
        "piet@woonstede.nl", "Uitnodiging voor Klantvizier", "Beste Piet,\n\nStel uw wachtwoord in.",
        attachments=[("validatieverslag.csv", b"rij;kolom\n17;postcode\n")], settings=settings,
    )
    assert outcome.is_sent
    [received] = inbox.messages
    assert received["To"] == "piet@woonstede.nl"
    assert received["Subject"] == "Uitnodiging voor Klantvizier"
    parts = {part.get_filename(): part for part in received.walk() if part.get_filename()}
    assert parts["validatieverslag.csv"].get_payload(decode=True) == b"rij;kolom\n17;postcode\n"
    body = next(p for p in received.walk() if p.get_content_type() == "text/plain" and not p.get_filename())
    assert "Stel uw wachtwoord in." in body.get_payload(decode=True).decode()


def test_several_recipients_each_receive_it(smtp_server):
    inbox, settings = smtp_server
    assert send_mail(["a@woonstede.nl", "b@woonstede.nl"], "Signaal", "tekst", settings=settings).is_sent
    assert inbox.messages[0]["To"] == "a@woonstede.nl, b@woonstede.nl"


def test_without_settings_mail_is_not_configured_and_nothing_is_sent(monkeypatch):
    monkeypatch.delenv("KLANTVIZIER_SMTP_HOST", raising=False)
    outcome = send_mail("piet@woonstede.nl", "Onderwerp", "tekst")
    assert outcome.result is MailResult.NOT_CONFIGURED
    assert "geen mailserver" in outcome.message


def test_an_unreachable_server_is_reported_not_raised():
    settings = MailSettings(host="127.0.0.1", port=_free_port(), sender="x@kwh.nl", security="none")
    outcome = send_mail("piet@woonstede.nl", "Onderwerp", "tekst", settings=settings)
    assert outcome.result is MailResult.FAILED
    assert "niet worden verzonden" in outcome.message


def test_settings_come_from_the_environment():
    settings = MailSettings.from_env(
        {"KLANTVIZIER_SMTP_HOST": "smtp.kwh.nl", "KLANTVIZIER_SMTP_SECURITY": "ssl", "KLANTVIZIER_SMTP_FROM": "noreply@kwh.nl"}
    )
    assert settings == MailSettings(host="smtp.kwh.nl", port=465, sender="noreply@kwh.nl", security="ssl")
    assert MailSettings.from_env({}) is None
    with pytest.raises(ValueError, match="Onbekende SMTP-beveiliging"):
        MailSettings.from_mapping({"host": "smtp.kwh.nl", "security": "tls13"})


def test_a_mail_server_on_this_machine_needs_no_tls_unless_asked(smtp_server):
    inbox, settings = smtp_server
    local = MailSettings.from_env({"KLANTVIZIER_SMTP_HOST": "127.0.0.1", "KLANTVIZIER_SMTP_PORT": str(settings.port)})
    assert local.security == "none"
    assert send_mail("piet@woonstede.nl", "Signaal", "tekst", settings=local).is_sent
    assert len(inbox.messages) == 1
    assert MailSettings.from_env({"KLANTVIZIER_SMTP_HOST": "smtp.kwh.nl"}).security == "starttls"
    assert MailSettings.from_env({"KLANTVIZIER_SMTP_HOST": "localhost", "KLANTVIZIER_SMTP_SECURITY": "starttls"}).security == "starttls"
