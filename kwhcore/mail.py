"""Sending e-mail (invitations, validatieverslagen, reminders) through an SMTP server.

Configured by the environment (``KLANTVIZIER_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``,
``_FROM``, ``_SECURITY`` = ``starttls`` | ``ssl`` | ``none``) or by the app's secrets file
(``[smtp]`` with keys host, port, user, password, from, security). Without a host mail is "not
configured": ``send_mail`` says so and the pages show the invitation link instead (issue 3).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from enum import Enum
from pathlib import Path

SECURITY_MODES = ("starttls", "ssl", "none")
SMTP_TIMEOUT_S = 20
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class MailResult(Enum):
    SENT = "verzonden"
    NOT_CONFIGURED = "niet ingesteld"
    FAILED = "mislukt"


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    security: str = "starttls"

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> MailSettings | None:
        """Settings from a mapping with keys host, port, user, password, from, security."""
        host = str(values.get("host") or "").strip()
        if not host:
            return None
        # A mail server on this machine (a local relay) is reached without TLS unless told
        # otherwise: the traffic never leaves the host. Anywhere else TLS is the default.
        default_security = "none" if host.lower() in LOOPBACK_HOSTS else "starttls"
        security = str(values.get("security") or default_security).lower()
        if security not in SECURITY_MODES:
            raise ValueError(f"Onbekende SMTP-beveiliging '{security}' (kies uit {', '.join(SECURITY_MODES)}).")
        default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
        return cls(
            host=host,
            port=int(values.get("port") or default_port),
            sender=str(values.get("from") or "klantvizier@localhost"),
            user=str(values["user"]) if values.get("user") else None,
            password=str(values["password"]) if values.get("password") else None,
            security=security,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MailSettings | None:
        env = os.environ if environ is None else environ
        prefix = "KLANTVIZIER_SMTP_"
        return cls.from_mapping(
            {key: env.get(prefix + key.upper()) for key in ("host", "port", "user", "password", "from", "security")}
        )


@dataclass(frozen=True)
class MailOutcome:
    result: MailResult
    message: str  # Dutch, for the page

    @property
    def is_sent(self) -> bool:
        return self.result is MailResult.SENT


def build_message(
    sender: str, to: str | Iterable[str], subject: str, body: str,
    attachments: Iterable[tuple[str, bytes] | Path] = (),
) -> EmailMessage:
    """A plain-text message; attachments as (file name, bytes) pairs or paths."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    for attachment in attachments:
        if isinstance(attachment, Path):
            name, data = attachment.name, attachment.read_bytes()
        else:
            name, data = attachment
        maintype, subtype = _mime_type(name)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def _mime_type(name: str) -> tuple[str, str]:
    suffix = Path(name).suffix.lower()
    known = {
        ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ".csv": ("text", "csv"),
        ".pdf": ("application", "pdf"),
        ".json": ("application", "json"),
        ".txt": ("text", "plain"),
    }
    return known.get(suffix, ("application", "octet-stream"))


def send_mail(
    to: str | Iterable[str], subject: str, body: str,
    attachments: Iterable[tuple[str, bytes] | Path] = (),
    *, settings: MailSettings | None = None,
) -> MailOutcome:
    """Send one message. Never raises for a mail problem: the outcome says what happened, in
    Dutch, so a page can fall back to showing the link."""
    settings = settings or MailSettings.from_env()
    if settings is None:
        return MailOutcome(MailResult.NOT_CONFIGURED, "Er is geen mailserver ingesteld; de e-mail is niet verzonden.")
    message = build_message(settings.sender, to, subject, body, attachments)
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=SMTP_TIMEOUT_S, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_S)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return MailOutcome(MailResult.FAILED, f"De e-mail kon niet worden verzonden ({type(exc).__name__}).")
    return MailOutcome(MailResult.SENT, f"E-mail verzonden aan {message['To']}.")
